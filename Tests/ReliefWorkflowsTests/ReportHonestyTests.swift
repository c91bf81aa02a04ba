import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// Issue 17: every number a client report prints equals the analysis at its printed precision,
/// and no sentence claims more than the data show. `ReportClaims` reads the claims out of the
/// rendered PDF's text and checks them against `relief analyze --json` for the same client.
@Suite(.serialized) struct ReportHonestyTests {
    static let october = Month(iso: "2026-10")!

    static func json(_ store: any RecordStore, client: String) throws -> [String: Any] {
        let text = try AnalysisService.analyze(store: store, client: client, period: Period(october))
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static var havePdftotext: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") }

    /// Renders every client of October and checks each report; returns how many were checked.
    static func checkMonth(_ store: any RecordStore) throws -> (checked: Int, problems: [String]) {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ReportOptions(created: day("2026-11-01"))
        options.png = false
        let outcome = try MonthRenderer(store: store, month: october, out: dir, jobs: 2, options: options).run()
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        var problems: [String] = []
        var checked = 0
        let manifest = try JSONDecoder().decode(ReportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
        #expect(manifest.reports.count == outcome.rendered)
        for entry in manifest.reports where entry.kind == "client" {
            let id = try #require(entry.clientID)
            let text = try pdfText(dir + "/" + entry.pdf, raw: true)
            #expect(text.contains("Sessions this month") && text.contains("Relief lasts (median)"), "\(id): the checker finds its cards")
            problems += ReportClaims(pdfText: text, json: try json(store, client: id)).violations().map { "\(id) \($0)" }
            checked += 1
        }
        return (checked, problems)
    }

    // The defects the issue lists, in the reports committed before it (pdftotext -raw of
    // Reports/2026-10 at commit bf76cf0), against today's analysis of the same data: the
    // checker must catch each. "The same data" is the sample clinic as it was then (seed 1 of
    // the generator before case mix entered it), kept in Fixtures/Honesty/SampleData-before-issue-17.
    static func dataBeforeIssue17() throws -> ReliefDatabase {
        let db = try ReliefDatabase.inMemory()
        let dir = repositoryRoot.appendingPathComponent("Tests/ReliefWorkflowsTests/Fixtures/Honesty/SampleData-before-issue-17").path
        try importFiles(["therapists.csv", "clients.csv", "sessions.csv", "checkins.csv"].map { dir + "/" + $0 }, into: db)
        return db
    }

    @Test(arguments: [
        ("C0032", ["[gap-calendar]"]),                                  // calendar 16 days, card 17
        ("C0025", ["[lower-bound-claim]", "[compare]", "[hedge]", "[zero-sign]", "[relief-card]"]),
        ("C0010", ["[basis]"]),                                         // check-ins called "pain at each visit"
        ("C0001", ["[relief-card]"]),                                   // "Relief lasts up to –"
        ("C0005", ["[spread-out]", "[follow-up]"]),                     // one visit "spread out"; held past 0 days
        ("C0003", ["[hedge]"]),                                         // "up to about 4 days"
    ])
    func reportsFromBeforeTheFixFailTheChecks(client: String, defects: [String]) throws {
        let store = try Self.dataBeforeIssue17()
        let file = repositoryRoot.appendingPathComponent("Tests/ReliefWorkflowsTests/Fixtures/Honesty/\(client)-2026-10-before-issue-17.txt")
        let old = try String(contentsOf: file, encoding: .utf8)
        let found = ReportClaims(pdfText: old, json: try Self.json(store, client: client)).violations()
        for code in defects {
            #expect(found.contains { $0.hasPrefix(code) }, "\(client): \(code) not caught; found \(found)")
        }
    }

    @Test func everySampleReportSaysOnlyWhatTheAnalysisSays() throws {
        guard Self.havePdftotext else { return }
        let (checked, problems) = try Self.checkMonth(try ReportServiceTests.sampleDatabase())
        #expect(checked >= 80, "the sample month has about 88 client reports")
        #expect(problems.isEmpty, "\(problems.count) problems: \(problems.prefix(20))")
    }

    /// Clients built to meet each kind of number: one visit; a 17-day gap; relief reported
    /// exactly; relief narrowed by check-ins; relief outlasting every follow-up (a lower bound);
    /// relief from visits alone (an upper bound); a first month the bounds allow to compare.
    static func edgeCaseStore() throws -> ReliefDatabase {
        let db = try ReliefDatabase.inMemory()
        func s(_ id: String, _ client: String, _ d: String, _ before: Double, _ after: Double?,
               relief: ReliefDays? = nil) -> Session {
            Session(id: id, clientID: client, therapistID: "T1", day: day(d), painBefore: before, painAfter: after,
                    sleep: 5, mood: 5, stress: 5, reliefDays: relief)
        }
        try db.importBatch(file: "edge.csv", importedOn: day("2026-11-01")) { w in
            try w.upsert(Therapist(id: "T1", name: "Ana"))
            // One visit in October, two in September.
            for (i, d) in ["2026-09-03", "2026-09-17", "2026-10-08"].enumerated() {
                try w.upsert(s("one-\(i)", "E-one-visit", d, 6, 3))
            }
            // October visits on the 1st, 18th and 25th: a 17-day gap.
            for (i, d) in ["2026-10-01", "2026-10-18", "2026-10-25"].enumerated() {
                try w.upsert(s("gap-\(i)", "E-gap", d, 6, 3))
            }
            // Reported relief days on every later visit: exact times.
            for (i, d) in ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"].enumerated() {
                try w.upsert(s("exact-\(i)", "E-exact", d, 6, 2, relief: i == 0 ? nil : .days(Double(2 + i))))
            }
            // Check-ins between weekly visits narrow when pain came back.
            for (i, d) in ["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22"].enumerated() {
                try w.upsert(s("ci-\(i)", "E-checkins", d, 6, 2))
                try w.upsert(CheckIn(clientID: "E-checkins", day: day(d) + 2, pain: 3))
                try w.upsert(CheckIn(clientID: "E-checkins", day: day(d) + 4, pain: 6))
            }
            // Pain never back by the next visit: the median is not reached (a lower bound).
            for (i, d) in ["2026-10-02", "2026-10-13", "2026-10-24", "2026-10-30"].enumerated() {
                try w.upsert(s("low-\(i)", "E-lasting", d, 6 - Double(i) * 0.5, 1))
            }
            // Visits only, pain back each time: an upper bound; first month (September) with
            // 3-day gaps, October with 14-day gaps — "up to 3" against "up to 14": no comparison.
            for (i, d) in ["2026-09-20", "2026-09-23", "2026-09-26", "2026-10-03", "2026-10-17", "2026-10-31"].enumerated() {
                try w.upsert(s("up-\(i)", "E-visits", d, 6, 2))
            }
        }
        return db
    }

    @Test func edgeCaseClientsSayOnlyWhatTheAnalysisSays() throws {
        guard Self.havePdftotext else { return }
        let store = try Self.edgeCaseStore()
        let (checked, problems) = try Self.checkMonth(store)
        #expect(checked == 6)
        #expect(problems.isEmpty, "\(problems)")

        // And each edge case met the kind of number it was built for.
        func relief(_ id: String) throws -> DurationEstimate {
            try #require(try store.clientRecord(id: id, through: Self.october.last)).flatMapProgress(Self.october).reliefDuration.median
        }
        if case .exact = try relief("E-exact") {} else { Issue.record("E-exact: \(try relief("E-exact"))") }
        if case .moreThan = try relief("E-lasting") {} else { Issue.record("E-lasting: \(try relief("E-lasting"))") }
        if case .atMost = try relief("E-visits") {} else { Issue.record("E-visits: \(try relief("E-visits"))") }
        let gap = try Self.json(store, client: "E-gap")
        #expect((gap["consistency"] as? [String: Any])?["longestGapDays"] as? Int == 17)
    }
}

extension ClientRecord {
    fileprivate func flatMapProgress(_ month: Month) -> ClientProgress { Analytics.client(self, period: Period(month)) }
}
