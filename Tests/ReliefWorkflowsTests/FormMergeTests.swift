import Foundation
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// Form responses added to the visits another file recorded (`--merge-by-day`), and the clinic's
/// time zone stored with the database.
@Suite struct FormMergeTests {
    static let forms = repositoryRoot.appendingPathComponent("Tests/ReliefImportTests/Fixtures/forms")

    @Test func aPreSessionFormFillsTheStoredSessionOfThatDay() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Client,Date,Pain before,Pain after\nAnna Kowalska,2026-10-03,6,3\nAnna Kowalska,2026-10-10,6,2\n"
            .write(toFile: dir + "/sheet.csv", atomically: true, encoding: .utf8)
        let store = try ReliefDatabase(path: dir + "/relief.sqlite")
        _ = try ImportService.run(ImportRequest(paths: [dir + "/sheet.csv"], today: day("2026-11-01")), store: store)
        var request = ImportRequest(paths: [Self.forms.appendingPathComponent("google-forms.csv").path], today: day("2026-11-01"))
        request.mappingPath = Self.forms.appendingPathComponent("google-forms.map").path
        request.dateFormat = "M/d/yyyy H:mm:ss"
        request.mergeByDay = true
        let outcome = try #require(try ImportService.run(request, store: store).outcomes.first)
        #expect(outcome.accepted == 3 && outcome.rejected == 1 && outcome.updated == 2 && outcome.inserted == 1)
        let sessions = try #require(try store.clientRecord(id: "anna-kowalska")).sessions
        #expect(sessions.map(\.id) == ["anna-kowalska@2026-10-03#1", "anna-kowalska@2026-10-10#1", "anna-kowalska@2026-10-17T09:20#1"])
        // The form's sleep fills the visits; the stored pain before (6) is kept over the form's 7, with a warning.
        #expect(sessions.map(\.sleep) == [6, 1, 7] && sessions.map(\.painBefore) == [6, 6, 4] && sessions.map(\.painAfter) == [3, 2, nil])
        #expect(outcome.diagnostics.contains { $0.contains("the stored values were kept where they differ: pain_before 6 (the row says 7)") })
        // Importing the form again changes nothing more.
        let again = try #require(try ImportService.run(request, store: store).outcomes.first)
        #expect(again.updated == 0 && again.inserted == 0)
    }

    @Test func aPostSessionFormAddsPainAfterToTheVisit() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Client,Date,Pain before\nAnna Kowalska,2026-10-03,6\nAnna Kowalska,2026-10-10,6\nAnna Kowalska,2026-10-10,5\n"
            .write(toFile: dir + "/sheet.csv", atomically: true, encoding: .utf8)
        // A post-session form: pain after and mood, no pain before.
        try "Timestamp,Your name,Pain now that the session is over (0-10),Mood (0-10)\n"
            .appending("2026-10-03 10:05:00,Anna Kowalska,2 - mild,8\n2026-10-10 10:00:00,Anna Kowalska,3,7\n2026-10-17 10:00:00,Anna Kowalska,3,7\n")
            .write(toFile: dir + "/post.csv", atomically: true, encoding: .utf8)
        try "client_name = contains: your name\npain_after = contains: session is over\nmood = matches: ^mood\n".write(toFile: dir + "/post.map", atomically: true, encoding: .utf8)
        let store = try ReliefDatabase(path: dir + "/relief.sqlite")
        _ = try ImportService.run(ImportRequest(paths: [dir + "/sheet.csv"], today: day("2026-11-01")), store: store)
        var request = ImportRequest(paths: [dir + "/post.csv"], today: day("2026-11-01"))
        request.mappingPath = dir + "/post.map"
        request.mergeByDay = true
        let outcome = try #require(try ImportService.run(request, store: store).outcomes.first)
        #expect(outcome.read == 3 && outcome.accepted == 1 && outcome.rejected == 2 && outcome.updated == 1 && outcome.inserted == 0)
        let first = try #require(try store.clientRecord(id: "anna-kowalska")?.sessions.first)
        #expect(first.painBefore == 6 && first.painAfter == 2 && first.mood == 8)
        // The 10th has two sessions, the 17th none: rejected, each saying why.
        #expect(outcome.errorLines.contains { $0.contains("2 sessions are stored for this client on 2026-10-10") })
        #expect(outcome.errorLines.contains { $0.contains("no session is stored for this client on 2026-10-17") })
    }

    @Test func theTimeZoneIsStoredWithTheDatabase() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ReliefDatabase(path: dir + "/relief.sqlite")
        var request = ImportRequest(paths: [Self.forms.appendingPathComponent("typeform.csv").path], today: day("2026-11-01"))
        request.mappingPath = Self.forms.appendingPathComponent("typeform.map").path
        request.timeZone = "Nowhere/City"
        #expect(throws: WorkflowError.self) { _ = try ImportService.run(request, store: store) }
        request.timeZone = "Europe/Warsaw"
        _ = try ImportService.run(request, store: store)
        #expect(try store.setting(.timeZone) == "Europe/Warsaw")
        // The next import uses the stored zone without being told.
        request.timeZone = nil
        let second = try ReliefDatabase(path: dir + "/relief.sqlite")
        _ = try ImportService.run(request, store: second)
        var days: [Day] = []
        try second.forEachCheckIn { days.append($0.day) }
        #expect(days == [day("2026-10-06"), day("2026-10-14")])
    }
}
