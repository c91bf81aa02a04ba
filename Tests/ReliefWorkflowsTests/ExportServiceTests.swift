import Foundation
import ReliefTestSupport
import Testing
import ReliefImport
@testable import ReliefExport
import ReliefModel
import ReliefStore
import ArgumentParser
@testable import ReliefCLI
@testable import ReliefWorkflows

/// `relief export` end to end: store → ExportService → file or standard output.
@Suite struct ExportServiceTests {
    static let key = "a clinic secret of enough length"

    static func database(in folder: String) throws -> ReliefDatabase {
        try SecurityTests.clinic(in: folder)
        try SecurityTestSupport.writeCSV([["therapist_id", "name"], ["T1", "Theodora Hands"]], to: folder + "/therapists.csv")
        try SecurityTestSupport.writeCSV([["client_id", "date", "pain", "source"], ["C1", "2026-10-05", "5", "call with Zelda"]],
                                         to: folder + "/checkins.csv")
        let db = try ReliefDatabase(path: folder + "/relief.sqlite")
        _ = try ImportService.run(ImportRequest(paths: ["therapists", "clients", "sessions", "checkins"].map { folder + "/\($0).csv" },
                                                today: Day(iso: "2026-11-01")!), store: db)
        return db
    }

    @Test func deidentifyWithoutAKeyIsRefusedAndWritesNothing() throws {
        let folder = try temporaryFolder("export-nokey")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.database(in: folder)
        var request = ExportRequest(format: .csv, kinds: [.sessions], out: folder + "/out/export.csv")
        request.deidentify = true
        #expect(throws: ExportError.missingKey) { try ExportService.run(request, store: db, environment: [:]) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/export.csv"))
        #expect(throws: ExportError.keyTooShort(bytes: 5, minimum: 16)) {
            try ExportService.run(request, store: db, environment: [ExportService.keyVariable: "short"])
        }
    }

    @Test func aKeyFileBesideTheExportIsRefused() throws {
        let folder = try temporaryFolder("export-beside")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.database(in: folder)
        try Self.key.write(toFile: folder + "/out.key", atomically: true, encoding: .utf8)
        var request = ExportRequest(format: .json, kinds: RecordKind.allCases, out: folder + "/export.json")
        request.deidentify = true
        request.keyFile = folder + "/out.key"
        #expect(throws: ExportError.keyBesideExport(keyFile: folder + "/out.key", out: folder + "/export.json")) {
            try ExportService.run(request, store: db, environment: [:])
        }
        request.out = folder + "/share/export.json"
        _ = try ExportService.run(request, store: db, environment: [:])
        let text = try String(contentsOfFile: folder + "/share/export.json", encoding: .utf8)
        #expect(!text.contains(Self.key))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/share") == ["export.json"], "no key, no temporary file beside it")
    }

    @Test func exportFilesAreOwnerOnlyAndFoldersToo() throws {
        let folder = try temporaryFolder("export-modes")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.database(in: folder)
        let old = umask(0o022)
        defer { umask(old) }
        for format in ExportFormat.allCases {
            let out = folder + "/exports/\(format.rawValue)/nested/export.\(format.rawValue)"
            let request = ExportRequest(format: format, kinds: format == .csv ? [.sessions] : RecordKind.allCases, out: out)
            _ = try ExportService.run(request, store: db, environment: [:])
            #expect(SecurityTestSupport.mode(out) == 0o600)
            #expect(SecurityTestSupport.mode(folder + "/exports/\(format.rawValue)/nested") == 0o700)
            #expect(SecurityTestSupport.mode(folder + "/exports/\(format.rawValue)") == 0o700)
        }
        #expect(SecurityTestSupport.mode(folder + "/exports") == 0o700)
    }

    @Test func deidentifiedExportsKeepScoresAndIntervalsAndDropEverythingPersonal() throws {
        let folder = try temporaryFolder("export-deid")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.database(in: folder)
        func run(_ key: String, _ client: String? = nil) throws -> String {
            var out: [UInt8] = []
            var request = ExportRequest(format: .json, kinds: RecordKind.allCases, client: client)
            request.deidentify = true
            let outcome = try ExportService.run(request, store: db, environment: [ExportService.keyVariable: key]) { out += $0 }
            #expect(!outcome.summary.contains("Zelda"))
            return String(decoding: out, as: UTF8.self)
        }
        let one = try run(Self.key), two = try run(Self.key), other = try run("another key of enough length")
        #expect(one == two, "same key, same export")
        #expect(one != other)
        for secret in SecurityTests.names + SecurityTests.notes + ["Theodora", "chronic low back", "whiplash", "call with",
                                                                  "HYPERLINK", "\"C1\"", "\"S1\"", "\"T1\"", "2026-10-02"] {
            #expect(!one.contains(secret), "\(secret) in a de-identified export")
        }
        // Read it back: same scores, same gaps between a client's sessions.
        var sink = RecordCollector()
        _ = try RecordReader.read(bytes: Array(one.utf8), name: "deid.json", options: ImportOptions(today: Day(iso: "2027-12-31")!),
                                  into: &sink)
        var original: [Session] = []
        try db.forEachSession(client: "C2") { original.append($0) }
        let d = try Deidentifier(keyText: Array(Self.key.utf8))
        let exported = sink.sessions.filter { $0.clientID == d.pseudonym(client: "C2") }.sorted { $0.day < $1.day }
        #expect(exported.map(\.painBefore) == original.map(\.painBefore))
        #expect(exported.count == 2 && exported[1].day - exported[0].day == original[1].day - original[0].day)
        // One client: only that client's records, and the therapists they name.
        let single = try run(Self.key, "C1")
        #expect(single.contains(d.pseudonym(client: "C1")) && !single.contains(d.pseudonym(client: "C2")))
    }

    @Test func csvToStandardOutputNeutralisesFormulas() throws {
        let folder = try temporaryFolder("export-stdout")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.database(in: folder)
        var out: [UInt8] = []
        let outcome = try ExportService.run(ExportRequest(format: .csv, kinds: [.sessions]), store: db, environment: [:]) { out += $0 }
        let text = String(decoding: out, as: UTF8.self)
        #expect(outcome.counts[.sessions] == 3)
        #expect(text.contains("'=HYPERLINK"))
        #expect(text.hasPrefix("session_id,client_id,therapist_id,date,"))
        #expect(throws: WorkflowError.self) {
            try ExportService.run(ExportRequest(format: .csv, kinds: [.sessions], client: "nobody"), store: db, environment: [:]) { _ in }
        }
        #expect(throws: ExportError.self) {
            try ExportService.run(ExportRequest(format: .csv, kinds: [.sessions, .clients]), store: db, environment: [:]) { _ in }
        }
    }

    @Test func theCommandParsesAndRefusesBadCombinations() throws {
        #expect(throws: (any Error).self) { try ExportCommand.parse(["--kind", "sessions"]) }  // no format
        #expect(throws: (any Error).self) { try ExportCommand.parse(["--format", "json", "--kind", "clients"]) }
        let c = try ExportCommand.parse(["--out", "x/export.JSON", "--deidentify", "--key-file", "/k"])
        #expect(c.resolvedFormat == .json && c.deidentify && c.keyFile == "/k")
        let d = try ExportCommand.parse(["--format", "csv", "--client", "C1", "--db", "/tmp/x.sqlite"])
        #expect(d.resolvedFormat == .csv && d.client == "C1" && d.store.db == "/tmp/x.sqlite")
    }
}

extension ExportServiceTests {
    @Test func theCommandWritesAFileAndRefusesDeidentifyWithoutAKey() throws {
        let folder = try temporaryFolder("export-command")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.database(in: folder)
        let db = folder + "/relief.sqlite"
        var plain = try ExportCommand.parse(["--db", db, "--out", folder + "/out/all.json"])
        try plain.run()
        let text = try String(contentsOfFile: folder + "/out/all.json", encoding: .utf8)
        #expect(text.contains(SecurityTests.names[0]), "a plain export keeps names")
        #expect(SecurityTestSupport.mode(folder + "/out/all.json") == 0o600)
        try "a clinic secret of enough length\n".write(toFile: folder + "/clinic.key", atomically: true, encoding: .utf8)
        var deid = try ExportCommand.parse(["--db", db, "--format", "csv", "--kind", "clients", "--out", folder + "/share/c.csv",
                                            "--deidentify", "--key-file", folder + "/clinic.key"])
        try deid.run()
        let csv = try String(contentsOfFile: folder + "/share/c.csv", encoding: .utf8)
        #expect(csv.hasPrefix("client_id,segment,regions,intake_date,therapist_id\r\n"))
        #expect(!csv.contains(SecurityTests.names[0]) && !csv.contains("C1,"))
        if ProcessInfo.processInfo.environment[ExportService.keyVariable] == nil {
            var nokey = try ExportCommand.parse(["--db", db, "--format", "json", "--out", folder + "/share/x.json", "--deidentify"])
            #expect(throws: ValidationError.self) { try nokey.run() }
            #expect(!FileManager.default.fileExists(atPath: folder + "/share/x.json"))
        }
    }
}
