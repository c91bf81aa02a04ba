import ReliefModel

/// Booked against attended in a period, from a practice system's appointments (metrics.md §5,
/// "Appointments"). Present only for a client with appointments in the period.
///
/// - booked: appointments in the period that were not void (rescheduled, archived …);
/// - attended, cancelled, noShow: by their status; `unknown`: still `booked` (in the future, or an
///   export that never recorded the outcome);
/// - attendanceRate = attended / (attended + cancelled + noShow): the share of appointments with a
///   known outcome that the client came to; nil when none has one;
/// - visitsWithoutScores: attended appointments on a day with no scored session (a visit that
///   counts for attendance but adds nothing to the pain trend).
public struct AppointmentAttendance: Hashable, Sendable, Codable {
    public var booked: Int
    public var attended: Int
    public var cancelled: Int
    public var noShow: Int
    public var unknown: Int
    public var attendanceRate: Double?
    public var visitsWithoutScores: Int

    public init(booked: Int, attended: Int, cancelled: Int, noShow: Int, unknown: Int, attendanceRate: Double?,
                visitsWithoutScores: Int) {
        self.booked = booked; self.attended = attended; self.cancelled = cancelled; self.noShow = noShow
        self.unknown = unknown; self.attendanceRate = attendanceRate; self.visitsWithoutScores = visitsWithoutScores
    }

    /// Missed appointments: cancelled and no-show.
    public var missed: Int { cancelled + noShow }

    /// The client's appointments in `period`; nil when there are none (void ones aside).
    public static func of(_ record: ClientRecord, period: Period) -> AppointmentAttendance? {
        let shown = record.appointments.filter { period.contains($0.day) && $0.status != .void }
        guard !shown.isEmpty else { return nil }
        return of(shown, sessionDays: Set(record.sessions.filter { period.contains($0.day) }.map(\.day)))
    }

    /// Counts `appointments` (void ones already left out); `sessionDays` are the days with a scored session.
    public static func of(_ appointments: [Appointment], sessionDays: Set<Day>) -> AppointmentAttendance {
        var a = AppointmentAttendance(booked: appointments.count, attended: 0, cancelled: 0, noShow: 0, unknown: 0,
                                      attendanceRate: nil, visitsWithoutScores: 0)
        var unscored = Set<Day>()
        for x in appointments {
            switch x.status {
            case .attended:
                a.attended += 1
                if !sessionDays.contains(x.day) { unscored.insert(x.day) }
            case .cancelled: a.cancelled += 1
            case .noShow: a.noShow += 1
            case .booked: a.unknown += 1
            case .void: break
            }
        }
        let known = a.attended + a.cancelled + a.noShow
        a.attendanceRate = known > 0 ? Double(a.attended) / Double(known) : nil
        a.visitsWithoutScores = unscored.count
        return a
    }

    /// The sum of several clients' counts (the clinic's), with the rate recomputed.
    public static func total(_ parts: [AppointmentAttendance]) -> AppointmentAttendance? {
        guard !parts.isEmpty else { return nil }
        var t = AppointmentAttendance(booked: 0, attended: 0, cancelled: 0, noShow: 0, unknown: 0, attendanceRate: nil,
                                      visitsWithoutScores: 0)
        for p in parts {
            t.booked += p.booked; t.attended += p.attended; t.cancelled += p.cancelled; t.noShow += p.noShow
            t.unknown += p.unknown; t.visitsWithoutScores += p.visitsWithoutScores
        }
        let known = t.attended + t.cancelled + t.noShow
        t.attendanceRate = known > 0 ? Double(t.attended) / Double(known) : nil
        return t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(booked, forKey: .booked)
        try c.encode(attended, forKey: .attended)
        try c.encode(cancelled, forKey: .cancelled)
        try c.encode(noShow, forKey: .noShow)
        try c.encode(unknown, forKey: .unknown)
        try c.encodeOrNull(attendanceRate, forKey: .attendanceRate)
        try c.encode(visitsWithoutScores, forKey: .visitsWithoutScores)
    }
}
