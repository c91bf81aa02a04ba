import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// Appointment exports (docs/import.md, "From your practice software"), on the fixtures in
/// `Fixtures/appointments` (shapes from inputs.md §1; README.md there says what is invented).
@Suite struct AppointmentImportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/appointments")

    static func read(_ name: String, _ configure: (inout ImportOptions) -> Void = { _ in })
        throws -> (summary: ReadSummary, sink: RecordCollector) {
        var options = ImportOptions(today: Day(iso: "2026-11-01")!)
        configure(&options)
        var sink = RecordCollector()
        let summary = try RecordReader.read(path: folder.appendingPathComponent(name).path, options: options, into: &sink)
        return (summary, sink)
    }

    static var appointments: (RecordCollector) -> [Appointment] {
        { $0.records.compactMap { if case .appointment(let a) = $0 { a } else { nil } } }
    }

    @Test func clinicSensesReportWithItsPreambleAndMarkers() throws {
        let (summary, sink) = try Self.read("clinicsense-appointments.csv") { $0.dateFormat = "MM/dd/yyyy h:mm a" }
        #expect(summary.kinds == [.appointments] && summary.preset == "clinicsense")
        #expect(summary.read == 7 && summary.accepted == 7 && summary.rejected == 0 && summary.isBalanced)
        let a = Self.appointments(sink)
        #expect(a.map(\.status) == [.attended, .cancelled, .attended, .attended, .noShow, .attended, .booked])
        // The marker is not part of the name: one client, one id, whatever the status.
        #expect(Set(a.map(\.clientID)) == ["anna-kowalska", "ben-okafor"])
        #expect(sink.clients.map(\.name) == ["Anna Kowalska", "Ben Okafor"])
        // Durations from the service names; the repeated leading time is written once.
        #expect(a.map(\.durationMinutes) == [60, 60, 90, 60, 30, 60, 60])
        #expect(a[0].service == "60 minute Massage" && a[0].minute == 9 * 60 + 30 && a[4].minute == 14 * 60)
        #expect(a[0].id == "anna-kowalska@2026-10-03T09:30#1" && a[0].therapistID == "Maria Lopez")
        // A booking after today is booked, not a future-date error.
        #expect(a[6].day == day("2026-11-20"))
        // The preamble: named, and its stated total (7) agrees with the rows: no second warning.
        let preamble = summary.diagnostics.filter { $0.rule == Rule.preamble.rawValue }
        #expect(preamble.count == 1 && preamble[0].line == 1
                && preamble[0].message.hasPrefix("lines 1–7 come above the header (line 8)"))
        #expect(summary.diagnostics.contains { $0.rule == Rule.preset.rawValue && $0.message.contains("--preset clinicsense") })
    }

    @Test func aPreambleTotalThatDisagreesIsAWarning() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("clinicsense-appointments.csv"), encoding: .utf8)
            .replacingOccurrences(of: "Total Appointments:,7", with: "Total Appointments:,9")
        let (summary, _) = try readText(text, name: "cs.csv") { $0.dateFormat = "MM/dd/yyyy h:mm a"; $0.today = Day(iso: "2026-11-01")! }
        #expect(summary.diagnostics.contains { $0.rule == Rule.preamble.rawValue
            && $0.message.hasPrefix("the preamble states a total of 9 but the file holds 7 rows") })
    }

    @Test func acuitysExportWithItsIntakeQuestions() throws {
        let (summary, sink) = try Self.read("acuity-appointments.csv") { $0.dateFormat = "MMMM d, yyyy h:mm a" }
        #expect(summary.preset == "acuity" && summary.accepted == 4 && summary.rejected == 0)
        let a = Self.appointments(sink)
        #expect(a.map(\.id) == ["100201", "100245", "100230", "100402"])
        // Start Time is the visit; Date Scheduled (the booking day) is never read as the date.
        #expect(a.map(\.day) == [day("2026-10-03"), day("2026-10-10"), day("2026-10-06"), day("2026-11-14")])
        #expect(a.map(\.minute) == [540, 540, 17 * 60 + 30, 17 * 60 + 30])
        // End − start; Type is the service; Calendar the practitioner.
        #expect(a.map(\.durationMinutes) == [60, 90, 30, 30])
        #expect(a[0].service == "Therapeutic Massage (60 min)" && a[0].therapistID == "Jo Park")
        #expect(a.map(\.status) == [.attended, .attended, .attended, .booked])
        // The intake question and the other columns Relief does not read are listed, not dropped silently.
        #expect(summary.ignoredColumns.contains("Date Scheduled"))
        #expect(summary.ignoredColumns.contains("On a scale of 0 to 10, how would you rate your pain right now?"))
        #expect(summary.ignoredColumns.contains("Preferred language | Idioma preferido"))
    }

    @Test func perStatusWorkbooksMergeIntoOneAppointmentEach() throws {
        // Vagaro: one file per status, named AppointmentSummary (n).xlsx, saved by LibreOffice Calc.
        var all: [Appointment] = []
        for (file, status) in [("AppointmentSummary.xlsx", AppointmentStatus.attended), ("AppointmentSummary (1).xlsx", .noShow),
                               ("AppointmentSummary (2).xlsx", .cancelled)] {
            let (summary, sink) = try Self.read(file) { $0.appointmentStatus = status }
            #expect(summary.kinds == [.appointments] && summary.rejected == 0, "\(file)")
            #expect(Self.appointments(sink).allSatisfy { $0.status == status && $0.durationMinutes == 60 })
            all += Self.appointments(sink)
        }
        // Derived ids do not depend on the status: the appointment in two files is one appointment.
        #expect(all.count == 5 && Set(all.map(\.id)).count == 4)
        #expect(all.contains { $0.id == "gus-hale@2026-10-05T10:00#1" && $0.status == .cancelled })
    }

    @Test func aHeaderlessPatientListIsMappedByPosition() throws {
        let mapping = try ColumnMapping(parsing: "client_id = column 1\nlast_name = column 2\nfirst_name = column 3\n")
        let (summary, sink) = try Self.read("chirotouch-active-patients.csv") {
            $0.headerless = true; $0.kind = .clients; $0.mapping = mapping
        }
        #expect(summary.read == 3 && summary.accepted == 3)
        #expect(sink.clients.map(\.id) == ["P-1001", "P-1002", "P-1003"])
        #expect(sink.clients.map(\.name) == ["Gus Hale", "Ivy Chen", "Eli Moss"])
        #expect(summary.ignoredColumns == ["column 4", "column 5"])
    }

    @Test func squaresCustomerListIsAClientList() throws {
        let text = "Reference ID,First Name,Last Name,Email Address,Phone Number,Company Name\nSQ-17,Dana,Smith,dana@example.org,555-0101,\n"
        let (summary, sink) = try readText(text, name: "customers.csv") { $0.today = Day(iso: "2026-11-01")! }
        #expect(summary.preset == "square" && summary.kinds == [.clients] && summary.accepted == 1)
        #expect(sink.clients == [Client(id: "SQ-17", name: "Dana Smith")])
        #expect(ImportPreset.all.allSatisfy { $0.mapping != ColumnMapping() }, "every preset's mapping parses")
    }

    @Test func statusWordsAndMarkers() {
        #expect(AppointmentStatusWords.status("No Show") == .noShow && AppointmentStatusWords.status("NO_SHOW") == .noShow)
        #expect(AppointmentStatusWords.status("Service Completed") == .attended && AppointmentStatusWords.status("Show") == .attended)
        #expect(AppointmentStatusWords.status("Late Cancel") == .cancelled && AppointmentStatusWords.status("Canceled") == .cancelled)
        #expect(AppointmentStatusWords.status("Rescheduled") == .void && AppointmentStatusWords.status("Awaiting Confirmation") == .booked)
        #expect(AppointmentStatusWords.status("maybe") == nil)
        #expect(AppointmentStatusWords.marker(in: "Anna Kowalska [(No-show)]") == .noShow)
        #expect(AppointmentStatusWords.marker(in: "Anna [(VIP)]") == nil)
        #expect(AppointmentStatusWords.strippingMarker("Anna Kowalska  [(Canceled)] ") == "Anna Kowalska")
        #expect(AppointmentStatusWords.strippingMarker("Anna [(VIP)]") == "Anna [(VIP)]")
    }

    @Test func durationsFromServiceNamesAndEndTimes() {
        #expect(AppointmentTimes.minutes(inServiceName: "60 minute Massage") == 60)
        #expect(AppointmentTimes.minutes(inServiceName: "Deep tissue (90 min)") == 90)
        #expect(AppointmentTimes.minutes(inServiceName: "1.5 hr hot stone") == 90)
        #expect(AppointmentTimes.minutes(inServiceName: "30 min or 60 min") == nil)   // two different: not guessed
        #expect(AppointmentTimes.minutes(inServiceName: "Massage package x5") == nil)
        #expect(AppointmentTimes.timeOfDay("2:15 PM") == 14 * 60 + 15 && AppointmentTimes.timeOfDay("12:00 am") == 0)
        #expect(AppointmentTimes.timeOfDay("10:30:00") == 630 && AppointmentTimes.timeOfDay("13:00 pm") == nil)
        #expect(AppointmentTimes.serviceName("60 minute Massage 60 minute Massage") == "60 minute Massage")
        #expect(AppointmentTimes.serviceName("Hot Stone Hot") == "Hot Stone Hot")
    }

    @Test func anUnknownStatusIsRejectedNamingTheWords() throws {
        let text = "Date,Client,Service,Appointment Status\n2026-10-01,Anna,Massage,Perhaps\n2026-10-02,Anna,Massage,No Show\n"
        let (summary, sink) = try readText(text, name: "a.csv") { $0.today = Day(iso: "2026-11-01")! }
        #expect(summary.kinds == [.appointments] && summary.accepted == 1 && summary.rejected == 1)
        let e = try #require(summary.errors.first)
        #expect(e.line == 2 && e.rule == Rule.unknownValue.rawValue && e.message.hasPrefix("Perhaps is not an appointment status"))
        #expect(Self.appointments(sink).map(\.status) == [.noShow])
    }

    @Test func twelveHourClocksAndMonthNames() throws {
        let p = try DateParser(format: "MMMM d, yyyy h:mm a")
        func parse(_ s: String) -> DateParse { Array(s.utf8).withUnsafeBufferPointer { p.parse($0) } }
        #expect(parse("October 3, 2026 9:00 am") == .ok(Day(iso: "2026-10-03")!, minute: 540))
        #expect(parse("Oct 3, 2026 12:30 PM") == .ok(Day(iso: "2026-10-03")!, minute: 750))
        #expect(parse("oct. 3, 2026 12:05 a.m.") == .ok(Day(iso: "2026-10-03")!, minute: 5))
        #expect(parse("October 3, 2026 13:00 pm") == .impossible)
        #expect(parse("Octember 3, 2026 9:00 am") == .badLayout)
        let forms = try DateParser(format: "yyyy/MM/dd h:mm:ss a z")
        #expect(Array("2026/09/27 3:00:00 PM GMT+3".utf8).withUnsafeBufferPointer { forms.parse($0) }
                == .ok(Day(iso: "2026-09-27")!, minute: 15 * 60))
        #expect(throws: ImportError.self) { _ = try DateParser(format: "yyyy-MM-dd h:mm") }
    }
}
