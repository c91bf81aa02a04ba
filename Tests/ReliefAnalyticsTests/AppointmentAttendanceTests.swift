import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefAnalytics

/// Booked against attended (metrics.md §5, "Appointments"), counted by hand.
@Suite struct AppointmentAttendanceTests {
    static func appointment(_ iso: String, _ status: AppointmentStatus, id: String? = nil) -> Appointment {
        Appointment(id: id ?? "a-\(iso)-\(status.rawValue)", clientID: "c1", day: day(iso), status: status)
    }

    /// March: sessions with scores on the 2nd and 16th; appointments attended on the 2nd (the same
    /// visit as its session), 9th (no scores) and 23rd (no scores), cancelled on the 12th, a no-show on
    /// the 26th, one still booked on the 30th, one rescheduled (void) on the 5th; April's are outside.
    static let march = record([session("2026-03-02", 6, 4), session("2026-03-16", 5, 3)], appointments: [
        appointment("2026-03-02", .attended), appointment("2026-03-09", .attended), appointment("2026-03-23", .attended),
        appointment("2026-03-12", .cancelled), appointment("2026-03-26", .noShow), appointment("2026-03-30", .booked),
        appointment("2026-03-05", .void), appointment("2026-04-02", .noShow),
    ])

    @Test func handCounted() throws {
        let a = try #require(AppointmentAttendance.of(Self.march, period: march2026))
        #expect(a.booked == 6)                   // 7 in March minus the void one
        #expect(a.attended == 3 && a.cancelled == 1 && a.noShow == 1 && a.unknown == 1 && a.missed == 2)
        #expect(a.attendanceRate == 3.0 / 5)     // 3 attended of 5 with a known outcome
        #expect(a.visitsWithoutScores == 2)      // the 9th and the 23rd
    }

    @Test func visitsAreSessionDaysAndAttendedDays() {
        // 2, 9, 16, 23 March: the 2nd counts once (appointment and session are one visit).
        #expect(Self.march.visitDays.filter(march2026.contains) == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"].map(day))
        let p = Analytics.client(Self.march, period: march2026)
        #expect(p.consistency.visits == 4 && p.consistency.longestGapDays == 7 && p.sessions == 2)
        #expect(p.appointments?.booked == 6)
    }

    @Test func noAppointmentsNoKey() throws {
        let plain = record([session("2026-03-02", 6, 4)])
        let p = Analytics.client(plain, period: march2026)
        #expect(p.appointments == nil)
        let text = String(decoding: try JSONEncoder().encode(p), as: UTF8.self)
        #expect(!text.contains("\"appointments\""))
        let withThem = try #require(try json(Analytics.client(Self.march, period: march2026))["appointments"] as? [String: Any])
        #expect(withThem["booked"] as? Int == 6 && withThem["noShow"] as? Int == 1 && withThem["visitsWithoutScores"] as? Int == 2)
        #expect(withThem["attendanceRate"] as? Double == 0.6)
    }

    @Test func theClinicsTotalRecomputesTheRate() throws {
        let one = try #require(AppointmentAttendance.of(Self.march, period: march2026))
        let other = AppointmentAttendance(booked: 2, attended: 2, cancelled: 0, noShow: 0, unknown: 0, attendanceRate: 1, visitsWithoutScores: 0)
        let t = try #require(AppointmentAttendance.total([one, other]))
        #expect(t.booked == 8 && t.attended == 5 && t.attendanceRate == 5.0 / 7)
        #expect(AppointmentAttendance.total([]) == nil)
    }
}
