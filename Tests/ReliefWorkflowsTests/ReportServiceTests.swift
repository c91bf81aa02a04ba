import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// Reports from the sample clinic: files, permissions, the numbers against `analyze --json`,
/// a month without sessions, and the whole month with its index and manifest.
@Suite(.serialized) struct ReportServiceTests {
    static let october = Month(iso: "2026-10")!

    static func sampleDatabase() throws -> ReliefDatabase {
        let db = try ReliefDatabase.inMemory()
        try importFiles(sampleCSVs, into: db)
        return db
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }


    @Test func clientReportPrintsTheNumbersAnalyzeReports() throws {
        let db = try Self.sampleDatabase()
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let options = ReportOptions(created: Day(iso: "2026-11-01")!)
        let entry = try ReportService.renderClient(store: db, id: "C0065", month: Self.october, out: dir, options: options)
        #expect(entry.pages >= 2 && entry.pages <= 4)
        #expect(entry.images.count == 4)
        #expect(try mode(dir + "/" + entry.pdf) == 0o600, "reports are readable by their owner only")
        #expect(try mode(dir + "/clients") == 0o700)

        let json = try AnalysisService.analyze(store: db, client: "C0065", period: Period(Self.october))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let pain = try #require(object["pain"] as? [String: Any])
        let sessions = try #require(object["sessions"] as? Int)
        #expect(entry.headline["sessions"] == Double(sessions))
        #expect(entry.headline["painCurrent"] == pain["current"] as? Double)

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return }
        let text = try pdfText(dir + "/" + entry.pdf)
        #expect(text.contains(entry.name))
        let current = try #require(pain["current"] as? Double)
        #expect(text.contains("\(ReportLanguage.english.score(current)) / 10"), "the report prints analyze's current pain")
        #expect(text.contains("Sessions this month") && text.contains("\(sessions)"))
    }

    @Test func sameDataAndOptionsGiveTheSameBytes() throws {
        let db = try Self.sampleDatabase()
        let a = try temporaryFolder("a"), b = try temporaryFolder("b")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let options = ReportOptions(created: Day(iso: "2026-11-01")!)
        let first = try ReportService.renderClient(store: db, id: "C0092", month: Self.october, out: a, options: options)
        Thread.sleep(forTimeInterval: 1.1)   // a wall-clock date inside the PDF would now differ
        _ = try ReportService.renderClient(store: db, id: "C0092", month: Self.october, out: b, options: options)
        for file in [first.pdf] + first.images.map(\.file) {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + file))
            #expect(x == y, "\(file) is reproducible byte for byte")
        }
    }

    @Test func lastMonthFromOneReadEqualsItsOwnAnalysis() throws {
        let db = try Self.sampleDatabase()
        let (october, september) = try AnalysisService.cohortWithPrevious(store: db, month: Self.october)
        #expect(october == (try AnalysisService.cohort(store: db, period: Period(Self.october))))
        // Last month is computed as its headline only (what the report prints of it), and each
        // figure is that of September's own full analysis.
        let alone = try AnalysisService.cohort(store: db, period: Period(Self.october.previous))
        #expect(september == CohortHeadline(alone), "the cohort analysis reads only records up to its period's end")
        #expect(september.clients > 0 && september.atRisk > 0 && september.improvedShare != nil)
        guard case .exact = september.reliefMedian else {
            Issue.record("September's median relief duration should be exact, is \(september.reliefMedian)"); return
        }
    }

    @Test func aMonthWithoutSessionsWritesNoReport() throws {
        let db = try Self.sampleDatabase()
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: WorkflowError.self) {
            try ReportService.renderClient(store: db, id: "C0065", month: Month(iso: "2024-01")!, out: dir,
                                           options: ReportOptions(created: Day(iso: "2026-11-01")!))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/clients/C0065.pdf"))
    }

    @Test func wholeMonthRendersEveryClientOnceWithIndexAndManifest() throws {
        let db = try Self.sampleDatabase()
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ReportOptions(created: Day(iso: "2026-11-01")!)
        options.png = false
        let expected = try db.clientIDs(withSessionsIn: Period(Self.october))
        // Two shards together render exactly the whole month; merged, they have its index and manifest.
        var seen: [String] = []
        for i in 1...2 {
            let r = MonthRenderer(store: db, month: Self.october, out: dir, jobs: 2,
                                  shard: .init(index: i, count: 2), options: options)
            let outcome = try r.run()
            #expect(outcome.failures.isEmpty)
            let shard = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest-shard-\(i)-of-2.json")))
            seen += shard.reports.compactMap(\.clientID)
            #expect(shard.reports.contains { $0.kind == "clinic" } == (i == 1), "the clinic report is in shard 1 only")
            #expect(shard.reports.count == outcome.rendered && shard.clients == expected.count)
            #expect(!FileManager.default.fileExists(atPath: dir + "/manifest.json"), "a shard leaves the month's manifest to the merge")
        }
        #expect(seen.sorted() == expected.sorted())
        #expect(try ShardMerge.merge(folder: dir) == .merged(month: "2026-10", shards: 2, reports: expected.count + 1))
        let html = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        let manifest = try JSONDecoder().decode(ReportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
        #expect(manifest.reports.compactMap(\.clientID) == expected, "clients in the store's order")
        #expect(manifest.reports.allSatisfy { html.contains("href=\"\($0.pdf)\"") })
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: dir).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "no temporary files are left behind")
    }
}

