import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefSample
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// The cohort analysis gives the same bytes as before it streamed the store (issue 18): the
/// JSON of `relief analyze`, the web's month with the month before it (whole clinic, one
/// therapist, one site; the month before's headline checked against its full outcomes) and the
/// drill-down, on a 2,000-client sample, a three-site chain and SampleData. The fixtures in
/// Fixtures/CohortGolden were written by the code before the streaming read (commit "Golden
/// cohort outputs"), with `RELIEF_RECORD_COHORT_GOLDENS=1`.
@Suite(.serialized) struct CohortGoldenTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/ReliefWorkflowsTests/Fixtures/CohortGolden")

    static func store(_ clinic: SampleClinic, in dir: String) throws -> ReliefDatabase {
        let data = SampleGenerator.generate(clinic)
        // A file, so the store reads with its connection pool (as `relief analyze` does).
        let db = try ReliefDatabase(path: dir + "/golden.sqlite")
        try db.importBatch(file: "sample", importedOn: Day(iso: "2026-11-01")!) { w in
            for t in data.therapists { try w.upsert(t) }
            for c in data.clients { try w.upsert(c) }
            for s in data.sessions { try w.upsert(s) }
            for c in data.checkIns { try w.upsert(c) }
        }
        return db
    }

    static func check(_ name: String, _ text: String) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RELIEF_RECORD_COHORT_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden output")
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try AnalysisService.encoder().encode(value), as: UTF8.self)
    }

    /// The month with the month before it, as the clinic report and the web read them. The month
    /// before is computed as its headline only (`CohortHeadline`); the golden holds its full
    /// outcomes (as computed before that change), which are computed here from the same read
    /// and must agree with the headline field by field.
    static func web(_ db: any RecordStore, _ month: Month, _ filter: CohortFilter) throws -> String {
        let (current, previous) = try AnalysisService.cohortWithPrevious(store: db, month: month, filter: filter)
        var builder = Analytics.CohortBuilder(period: Period(month.previous), filter: filter)
        try db.forEachClientRecordBatch(through: month.last, batchSize: AnalysisService.batchSize) { builder.add($0) }
        let full = builder.outcomes(therapists: try db.therapists(), sites: try db.sites())
        #expect(previous == CohortHeadline(full), "the month before: its headline equals its full outcomes' figures")
        return try json(current) + "\n" + json(full) + "\n"
            + json(try AnalysisService.cohortClients(store: db, month: month, filter: filter))
    }

    @Test func twoThousandClients() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try Self.store(SampleClinic(seed: 7, clients: 2000, months: 12, therapists: 40), in: dir)
        let october = Month(iso: "2026-10")!
        try Self.check("sample-2000-2026-10.json", try AnalysisService.analyze(store: db, client: nil, period: Period(october)))
        try Self.check("sample-2000-2026-06.json",
                       try AnalysisService.analyze(store: db, client: nil, period: Period(Month(iso: "2026-06")!)))
        let quarter = Period(from: Day(iso: "2026-08-01")!, to: Day(iso: "2026-10-31")!)
        try Self.check("sample-2000-2026-Q3.json", try AnalysisService.analyze(store: db, client: nil, period: quarter))
        try Self.check("sample-2000-web-2026-10.txt", try Self.web(db, october, CohortFilter()))
        let therapist = try db.therapists()[3].id
        try Self.check("sample-2000-web-2026-10-therapist.txt", try Self.web(db, october, CohortFilter([.therapist: therapist])))
    }

    @Test func chainOfThreeSites() throws {
        var clinic = SampleClinic(seed: 5, clients: 400, months: 6, therapists: 12)
        clinic.sites = 3
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try Self.store(clinic, in: dir)
        try db.setSiteName("north", to: "Relief North")
        let october = Month(iso: "2026-10")!
        try Self.check("chain-400-2026-10.json", try AnalysisService.analyze(store: db, client: nil, period: Period(october)))
        try Self.check("chain-400-web-2026-10.txt", try Self.web(db, october, CohortFilter()))
        try Self.check("chain-400-web-2026-10-north.txt", try Self.web(db, october, CohortFilter([.site: "north"])))
    }

    @Test func sampleData() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try ReliefDatabase(path: dir + "/sample.sqlite")
        try importFiles(sampleCSVs, into: db)
        let october = Month(iso: "2026-10")!
        try Self.check("SampleData-2026-10.json", try AnalysisService.analyze(store: db, client: nil, period: Period(october)))
        try Self.check("SampleData-2026-09.json",
                       try AnalysisService.analyze(store: db, client: nil, period: Period(Month(iso: "2026-09")!)))
        try Self.check("SampleData-web-2026-10.txt", try Self.web(db, october, CohortFilter()))
    }
}
