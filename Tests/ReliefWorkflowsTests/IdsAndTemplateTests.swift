import Foundation
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefCLI
@testable import ReliefWorkflows

/// Files without ids through the store, the session-log template, mapping suggestions and the
/// grouped warnings of `relief import`'s summary.
@Suite struct IdsAndTemplateTests {
    /// A therapist's own sheet: no ids, client names, day-first dates.
    static let sheet = therapistSheet

    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ paths: [String], _ db: ReliefDatabase?, dateFormat: String? = "dd/MM/yyyy", dryRun: Bool = false) throws -> [FileOutcome] {
        var request = ImportRequest(paths: paths, today: Day(iso: "2026-11-01")!)
        request.dateFormat = dateFormat
        request.dryRun = dryRun
        return try ImportService.run(request, store: db).outcomes
    }

    @Test func theTherapistsSheetImportsAndReimportsStably() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write(Self.sheet, "my sheet.csv", in: dir)
        let db = try ReliefDatabase.inMemory()
        let first = try #require(try run([file], db).first)
        #expect(first.error == nil && first.read == 5 && first.accepted == 5 && first.rejected == 0)
        #expect(first.inserted == 7 && first.updated == 0 && first.stubClients.isEmpty, "5 sessions and 2 named clients")
        #expect(try db.clients().map { "\($0.id)=\($0.name ?? "-")" } == ["anna-kowalska=Anna Kowalska", "jan-nowak=Jan Nowak"])
        #expect(try db.clientRecord(id: "anna-kowalska")?.sessions.map(\.painBefore) == [7, 6, 5])

        let again = try #require(try run([file], db).first)
        #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 5)

        let edited = try write(Self.sheet.replacingOccurrences(of: "Jan Nowak,17/10/2026,4.5", with: "Jan Nowak,17/10/2026,4"),
                               "my sheet.csv", in: dir)
        let third = try #require(try run([edited], db).first)
        #expect(third.inserted == 0 && third.updated == 1 && third.unchanged == 4)
        #expect(try db.counts().sessions == 5)
    }

    @Test func aSessionSheetNeverClearsWhatAClientFileGave() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let clients = try write("Name,Segment,Complaint\nAnna Kowalska,office worker,neck pain\n", "clients.csv", in: dir)
        let sessions = try write(Self.sheet, "sessions.csv", in: dir)
        let db = try ReliefDatabase.inMemory()
        let outcomes = try run([clients, sessions], db)
        #expect(outcomes.map(\.rejected) == [0, 0])
        let anna = try #require(try db.clients().first { $0.id == "anna-kowalska" })
        #expect(anna.segment == .officeWorker && anna.complaint == "neck pain" && anna.name == "Anna Kowalska")
        // A stub (a session before any client record) gets its name.
        let db2 = try ReliefDatabase.inMemory()
        _ = try run([try write("client_id,date,pain_before,session_id\nanna-kowalska,2026-10-01,5,X1\n", "s1.csv", in: dir)], db2,
                    dateFormat: nil)
        _ = try run([sessions], db2)
        #expect(try db2.clients().first { $0.id == "anna-kowalska" }?.name == "Anna Kowalska")
        #expect(try db2.stubClientIDs().isEmpty)
    }

    @Test func theSummaryGroupsWarningsByRule() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = "session_id,client_id,date,pain_before,Invoice\n"
        for _ in 0..<6 { text += "S1,C1,2026-10-01,5,10\n" }
        text += "S2,C1,2026-10-02,15,10\n"
        let file = try write(text, "s.csv", in: dir)
        let o = try #require(try run([file], nil, dateFormat: nil, dryRun: true).first)
        #expect(o.diagnostics.count == 7, "the diagnostics stay complete")
        let report = ImportReport.describe(o, dryRun: true).split(separator: "\n").map(String.init)
        #expect(report == [
            "\(file): read 7 = accepted 1 + rejected 1 + duplicates skipped 5 (dry run: nothing written)",
            "  warning: \(file):1: Invoice: not a Relief field; ignored (rename it or map it to import it)",
            "  warning: 5 × duplicate (lines 3, 4, 5, …): \(file):3: session_id: S1 repeats line 2 exactly; skipped",
            "  \(file):8: pain_before: 15 is outside 0–10",
        ])
        // --json keeps its shape: no grouped fields.
        let json = String(decoding: try JSONEncoder().encode(o), as: UTF8.self)
        #expect(!json.contains("warningGroups") && !json.contains("errorLines") && json.contains("\"diagnostics\""))
    }

    @Test func theTemplateRoundTripsThroughImport() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try TemplateWorkflow.write(to: dir + "/session-log.csv", today: Day(iso: "2026-11-01")!)
        #expect(paths == [dir + "/session-log.csv", dir + "/session-log-scales.csv"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte order mark, so that Excel reads UTF-8")
        let log = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(log.hasPrefix("Client,Date,Therapist,Duration (min),Kind,Technique,Pressure,Regions,Pain before,Pain after,"))
        let guide = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(guide.contains("0 = no pain") && guide.contains("10 = the worst pain imaginable") && guide.contains("10 = extreme"))
        let dry = try #require(try run([paths[0]], nil, dateFormat: nil, dryRun: true).first)
        #expect(dry.error == nil && dry.read == 1 && dry.accepted == 1 && dry.rejected == 0 && dry.diagnostics.allSatisfy { !$0.contains("ignored") })
        let db = try ReliefDatabase.inMemory()
        _ = try run([paths[0]], db, dateFormat: nil)
        var ids: [String] = []
        try db.forEachSession { ids.append($0.id) }
        #expect(ids == ["example-client@2026-11-01T09:30#1"])
    }

    @Test func aSuggestedMappingIsWrittenAndUsable() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write("Id,Patient,Visit date,Pain (start),Pain (end),Status\n1,Anna Kowalska,14/10/2026,7,4,Completed\n",
                             "visits.csv", in: dir)
        let text = try MappingWorkflow.suggest(path: file)
        #expect(text.contains("pain_before") && text.contains("--date-format \"d/M/yyyy\"") && text.contains("# session_id"))
        try MappingWorkflow.write(text, to: dir + "/visits.map")
        var request = ImportRequest(paths: [file], today: Day(iso: "2026-11-01")!)
        request.dateFormat = "dd/MM/yyyy"
        request.mappingPath = dir + "/visits.map"
        request.dryRun = true
        let o = try #require(try ImportService.run(request, store: nil).outcomes.first)
        #expect(o.accepted == 1 && o.rejected == 0)
    }
}
