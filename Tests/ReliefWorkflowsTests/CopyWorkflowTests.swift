import Foundation
import ReliefModel
import ReliefPostgres
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// `relief copy`: SQLite → PostgreSQL → SQLite, every row accounted for, and the same answers
/// from every store. The PostgreSQL half needs `RELIEF_TEST_POSTGRES` (make test sets it);
/// without it the PostgreSQL test is skipped with a message, and under CI it fails.
@Suite struct CopyWorkflowTests {
    static var serverURL: String? {
        ProcessInfo.processInfo.environment["RELIEF_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var isCI: Bool { ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "") }
    static let missing = "PostgreSQL copy test NOT RUN: RELIEF_TEST_POSTGRES is not set "
        + "(make test starts a server and sets it; or Scripts/postgres-test-cluster.sh start)"

    static let october = Month(iso: "2026-10")!

    /// Everything `relief analyze --json` and the clinic report read, as text.
    static func answers(_ store: any RecordStore) throws -> [String] {
        var out = [try AnalysisService.analyze(store: store, client: nil, period: Period(october)),
                   try AnalysisService.analyze(store: store, client: nil, period: Period(from: day("2026-01-01"), to: day("2026-10-31")))]
        for id in try store.clientIDs(withSessionsIn: Period(october)).prefix(5) {
            out.append(try AnalysisService.analyze(store: store, client: id, period: Period(october)))
        }
        let log = try store.lastImports(limit: 100).map { "\($0.file) \($0.importedOn.iso) \($0.summary) \($0.stubClientCount) \($0.stubTherapistCount)" }
        return out + log + ["\(try store.counts())", "\(try store.stubClientIDs())", "\(try store.stubTherapistIDs())",
                            "\(try store.setting(.timeZone) ?? "-")"]
    }

    static func clinicPDF(_ store: any RecordStore) throws -> Data {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = ReportOptions(created: day("2026-11-01"))
        options.png = false
        let entry = try ReportService.renderClinic(store: store, month: october, out: out, options: options)
        return try Data(contentsOf: URL(fileURLWithPath: entry.pdf.hasPrefix("/") ? entry.pdf : out + "/" + entry.pdf))
    }

    static func sampleDatabase(_ folder: String) throws -> ReliefDatabase {
        let db = try ReliefDatabase(path: folder + "/source.sqlite")
        try importFiles(sampleCSVs, into: db)
        try db.recordRejected(file: "broken.csv", count: 3, importedOn: day("2026-10-15"))
        try db.setSetting(.timeZone, to: "Europe/Warsaw")
        return db
    }

    @Test func aCopyBetweenTwoSQLiteFilesAnswersTheSame() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try Self.sampleDatabase(folder)
        let copy = try Stores.open(folder + "/copy.sqlite")
        let outcome = try CopyService.copy(from: source, to: copy)
        #expect(outcome.source == outcome.destination && outcome.importLogEntries == 5 && outcome.settings == 1)
        #expect(try Self.answers(copy) == Self.answers(source))
        #expect(try dump(copy as! ReliefDatabase) == dump(source))
        // Into a store that is not empty: refused, nothing written.
        #expect(throws: CopyService.Failure.self) { try CopyService.copy(from: source, to: copy) }
        #expect(try copy.counts() == source.counts())
        #expect(throws: CopyService.Failure.self) { try CopyService.copy(from: source, to: source) }
    }

    @Test(.enabled(if: serverURL != nil || isCI, Comment(rawValue: missing)))
    func sampleDataCopiedToPostgresAndBackAnswersTheSame() throws {
        struct Missing: Error, CustomStringConvertible { var description: String { CopyWorkflowTests.missing } }
        guard let url = Self.serverURL else { throw Missing() }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try Self.sampleDatabase(folder)
        let server = try PostgresLocation(parsing: url)
        let name = PostgresDatabases.scratchName()
        let location = try PostgresDatabases.create(name, on: server)
        defer { try? PostgresDatabases.drop(name, on: server) }

        let postgres = try Stores.open(location.description)
        #expect(postgres is PostgresStore)
        let there = try CopyService.copy(from: source, to: postgres)
        #expect(there.source == there.destination)
        #expect(there.destination.sessions > 1_000)
        let expected = try Self.answers(source)
        let got = try Self.answers(postgres)
        #expect(got.count == expected.count)
        for (a, b) in zip(got, expected) { #expect(a == b) }      // byte-identical `relief analyze --json`
        #expect(try Self.clinicPDF(postgres) == Self.clinicPDF(source), "the clinic report, byte for byte")

        let back = try Stores.open(folder + "/back.sqlite")
        let returned = try CopyService.copy(from: postgres, to: back)
        #expect(returned.destination == there.source)
        #expect(try dump(back as! ReliefDatabase) == dump(source))
        #expect(try Self.answers(back) == expected)

        // Re-importing the same files into PostgreSQL changes nothing, as on SQLite.
        var request = ImportRequest(paths: sampleCSVs, today: day("2026-11-02"))
        request.strict = false
        let again = try ImportService.run(request, store: postgres).outcomes
        #expect(again.allSatisfy { $0.inserted == 0 && $0.updated == 0 && $0.error == nil && $0.unchanged > 0 },
                "\(again.map { "\($0.file): \($0.inserted)/\($0.updated)/\($0.unchanged) \($0.error ?? "")" })")
    }
}
