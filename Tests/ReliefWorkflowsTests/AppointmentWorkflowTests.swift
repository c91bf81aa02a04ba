import Foundation
import ReliefAnalytics
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// An appointment export and a therapist's score sheet for the same clients, end to end: the
/// visits join by client and day, missed appointments are counted, reports say so.
@Suite struct AppointmentWorkflowTests {
    static let fixture = repositoryRoot.appendingPathComponent("Tests/ReliefImportTests/Fixtures/appointments/clinicsense-appointments.csv").path
    static let scores = """
        Client,Date,Pain before,Pain after
        Anna Kowalska,2026-10-03,6,3
        Anna Kowalska,2026-10-24,5,2
        Ben Okafor,2026-10-18,7,4

        """

    static func store() throws -> (ReliefDatabase, String) {
        let dir = try temporaryFolder()
        try scores.write(toFile: dir + "/scores.csv", atomically: true, encoding: .utf8)
        let store = try ReliefDatabase(path: dir + "/relief.sqlite")
        var request = ImportRequest(paths: [fixture], today: day("2026-11-01"))
        request.dateFormat = "MM/dd/yyyy h:mm a"
        let appointments = try ImportService.run(request, store: store)
        #expect(appointments.outcomes.map(\.accepted) == [7] && appointments.outcomes.map(\.inserted) == [9])   // 7 + 2 named clients
        let sheet = try ImportService.run(ImportRequest(paths: [dir + "/scores.csv"], today: day("2026-11-01")), store: store)
        #expect(sheet.outcomes.map(\.accepted) == [3])
        // Importing the export again changes nothing: derived ids are stable.
        let again = try ImportService.run(request, store: store)
        #expect(again.outcomes.map(\.unchanged) == [7] && again.outcomes.map(\.inserted) == [0] && again.outcomes.map(\.updated) == [0])
        return (store, dir)
    }

    @Test func theAnalysisCountsBookedAndAttended() throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try AnalysisService.analyze(store: store, client: "anna-kowalska", period: Period(Month(iso: "2026-10")!))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let a = try #require(json["appointments"] as? [String: Any])
        #expect(a["booked"] as? Int == 4 && a["attended"] as? Int == 3 && a["cancelled"] as? Int == 1)
        #expect(a["visitsWithoutScores"] as? Int == 1)   // the 17th: attended, no scores
        let consistency = try #require(json["consistency"] as? [String: Any])
        #expect(consistency["visits"] as? Int == 3 && json["sessions"] as? Int == 2)
        let clinic = try AnalysisService.analyze(store: store, client: nil, period: Period(Month(iso: "2026-10")!))
        let cohort = try #require(try JSONSerialization.jsonObject(with: Data(clinic.utf8)) as? [String: Any])
        let total = try #require(cohort["appointments"] as? [String: Any])
        #expect(total["booked"] as? Int == 6 && total["noShow"] as? Int == 1 && total["attended"] as? Int == 4)
    }

    @Test func reportsSayWhatWasBookedAndMissed() throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ReportOptions(created: day("2026-11-01"))
        options.png = false
        let month = Month(iso: "2026-10")!
        let anna = try ReportService.renderClient(store: store, id: "anna-kowalska", month: month, out: dir, options: options)
        let text = try pdfText(dir + "/" + anna.pdf).split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(text.contains("Appointments booked this month: 4; came to 3 and cancelled 1."))
        #expect(text.contains("1 visit had no scores recorded, so it counts for attendance only."))
        #expect(text.contains("Missed appointment"))
        let clinic = try ReportService.renderClinic(store: store, month: month, out: dir, options: options)
        let clinicText = try pdfText(dir + "/" + clinic.pdf).split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(clinicText.contains("Appointments from the practice system this month: 6 booked; 4 attended, 1 cancelled and 1 missed without cancelling."))
        #expect(clinicText.contains("Clients came to 67% of the appointments whose outcome is recorded."))
    }

    @Test func appointmentsExportAndDeidentify() throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes: [UInt8] = []
        _ = try ExportService.run(ExportRequest(format: .csv, kinds: [.appointments]), store: store) { bytes += $0 }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.first == "appointment_id,client_id,therapist_id,date,end,duration_min,service,status")
        #expect(lines.count == 8 && lines.contains("anna-kowalska@2026-10-10T09:30#1,anna-kowalska,Maria Lopez,2026-10-10T09:30,,60,60 minute Massage,cancelled"))
        var request = ExportRequest(format: .csv, kinds: [.appointments])
        request.deidentify = true
        var hidden: [UInt8] = []
        _ = try ExportService.run(request, store: store, environment: ["RELIEF_DEIDENTIFY_KEY": String(repeating: "k", count: 32)]) { hidden += $0 }
        let text = String(decoding: hidden, as: UTF8.self)
        #expect(!text.contains("anna") && !text.contains("Massage") && !text.contains("Maria"))
        #expect(text.split(separator: "\r\n").first == "appointment_id,client_id,therapist_id,date,end,duration_min,status")
    }
}
