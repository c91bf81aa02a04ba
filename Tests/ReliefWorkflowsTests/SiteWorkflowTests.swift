import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefSample
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// A chain of clinics in reports, exports and copies; and a single clinic that never sees the word.
@Suite struct SiteWorkflowTests {
    static let october = Month(iso: "2026-10")!
    static let options = ReportOptions(created: Day(iso: "2026-11-01")!)

    /// A three-site chain (`relief sample --sites 3`): north is named, south and east are not.
    static func chain() throws -> ReliefDatabase {
        var config = SampleClinic(seed: 5, clients: 60, months: 4, therapists: 6)
        config.sites = 3
        let data = SampleGenerator.generate(config)
        let db = try ReliefDatabase.inMemory()
        try db.importBatch(file: "chain", importedOn: Day(iso: "2026-11-01")!) { w in
            for t in data.therapists { try w.upsert(t) }
            for c in data.clients { try w.upsert(c) }
            for s in data.sessions { try w.upsert(s) }
        }
        try db.setSiteName("north", to: "Relief North")
        return db
    }

    /// Every word a report's blocks print (charts aside: their titles are checked by slug).
    static func words(_ blocks: [Block]) -> [String] {
        blocks.flatMap { b -> [String] in
            switch b {
            case let .heading(s, _), let .paragraph(s), let .note(s): [s]
            case let .keyFigures(k): k.flatMap { [$0.label, $0.value, $0.detail] }
            case let .table(t): t.header + t.rows.flatMap { $0 }
            default: []
            }
        }
    }

    static func mentionsSite(_ texts: [String]) -> Bool {
        texts.contains { $0.range(of: #"\bsites?\b"#, options: [.regularExpression, .caseInsensitive]) != nil }
    }

    @Test func aSingleClinicNeverSeesTheWord() throws {
        let db = try ReportServiceTests.sampleDatabase()
        #expect(try db.sites().isEmpty)
        let input = try ReportService.clinicInput(store: db, month: Self.october, options: Self.options)
        #expect(!Self.mentionsSite(Self.words(ClinicReport.blocks(input))))
        #expect(!(input.charts["breakdowns"] ?? []).contains { $0.slug.contains("site") })
        let json = try AnalysisService.analyze(store: db, client: nil, period: Period(Self.october))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["bySite"] == nil, "no breakdown by site for a single clinic")
        var exported: [UInt8] = []
        _ = try ExportService.run(ExportRequest(format: .csv, kinds: [.sessions]), store: db) { exported += $0 }
        #expect(String(decoding: exported, as: UTF8.self).split(separator: "\r\n").first?.hasSuffix(",notes") == true)
    }

    @Test func aChainsReportBreaksOutcomesDownBySite() throws {
        let db = try Self.chain()
        let input = try ReportService.clinicInput(store: db, month: Self.october, options: Self.options)
        let bySite = input.outcomes.bySite
        #expect(bySite.map(\.key) == ["east", "north", "south"])
        #expect(bySite.first { $0.key == "north" }?.name == "Relief North")
        // Each client's sessions are at their therapists' sites: the sites' clients add up to at
        // least the chain's (a client seen at two sites counts in both).
        #expect(bySite.reduce(0) { $0 + $1.clients } >= input.outcomes.clients)
        #expect(bySite.allSatisfy { $0.clients > 0 })
        let words = Self.words(ClinicReport.blocks(input))
        #expect(words.contains("By site") && words.contains("Relief North") && words.contains("south"))
        #expect(words.contains { $0.hasSuffix("Sites are not compared against expected: the table by site above shows their outcomes without adjusting for case mix.") })
        #expect(input.charts["breakdowns"]?.first?.slug == "by-site")
    }

    @Test func oneSitesReportCountsItsClientsAndIsWrittenBesideTheChains() throws {
        let db = try Self.chain()
        let chain = try ReportService.clinicInput(store: db, month: Self.october, options: Self.options)
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let entry = try ReportService.renderClinic(store: db, month: Self.october, out: dir, options: Self.options, site: "north")
        #expect(entry.pdf == "clinic-site-north.pdf" && FileManager.default.fileExists(atPath: dir + "/clinic-site-north.pdf"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/clinic.pdf"))
        let north = try ReportService.clinicInput(store: db, month: Self.october, options: Self.options,
                                                  filter: CohortFilter([.site: "north"]))
        let group = try #require(chain.outcomes.bySite.first { $0.key == "north" })
        #expect(north.outcomes.clients == group.clients && north.outcomes.sessions == group.sessions)
        #expect(north.outcomes.improved == group.improved && north.outcomes.eligible == group.eligible)
        #expect(entry.headline["clients"] == Double(group.clients))
        #expect(north.clinicName == "Relief North" && north.site?.id == "north")
        #expect(north.outcomes.bySite.isEmpty, "a site's own report has no breakdown by site")
        let words = Self.words(ClinicReport.blocks(north))
        #expect(words.contains { $0.hasPrefix("Site Relief North: the clients with at least one session at this site") })
        // An unnamed site is printed by its id after the clinic's name.
        let south = try ReportService.clinicInput(store: db, month: Self.october, options: Self.options,
                                                  filter: CohortFilter([.site: "south"]))
        #expect(south.clinicName == Self.options.clinicName + " · south")
    }

    @Test func anUnknownSiteIsRefusedNamingTheSitesThereAre() throws {
        let db = try Self.chain()
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect {
            try ReportService.renderClinic(store: db, month: Self.october, out: dir, options: Self.options, site: "nowhere")
        } throws: { error in
            (error as? WorkflowError)?.description == "no site nowhere in the database; its sites are east, north, south"
        }
    }

    @Test func aClientReportPrintsTheClinicNameOfItsSite() throws {
        let db = try Self.chain()
        let names = try ReportService.names(db)
        let analysis = try AnalysisService.options(store: db, through: Self.october.last)
        var checked = Set<String>()
        for id in try db.clientIDs(withSessionsIn: Period(Self.october)) {
            let record = try #require(try db.clientRecord(id: id, through: Self.october.last))
            guard let last = record.sessions.last(where: { Period(Self.october).contains($0.day) })?.site,
                  !checked.contains(last) else { continue }
            let view = try ReportService.clientView(record, month: Self.october, names: names, options: Self.options, analysis: analysis)
            #expect(view.input.clinicName == (last == "north" ? "Relief North" : Self.options.clinicName), "\(id) at \(last)")
            checked.insert(last)
        }
        #expect(checked == ["east", "north", "south"])
    }

    /// A chain's month has each site's clinic report after the chain's, and two shards merged
    /// are still one run, byte for byte.
    @Test func aChainsMonthHasEachSitesReportAndShardsStillMergeIntoOneRun() throws {
        let folder = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/chain.sqlite"
        _ = try CopyService.copy(from: try Self.chain(), to: try ReliefDatabase(path: path))
        var options = Self.options
        options.png = false
        let single = folder + "/single", sharded = folder + "/sharded"
        let one = try MonthRenderer(store: try Stores.openExisting(path), month: Self.october, out: single, jobs: 2,
                                    options: options).run()
        #expect(one.failures.isEmpty)
        let manifest = try JSONDecoder().decode(ReportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: single + "/manifest.json")))
        #expect(manifest.reports.count == one.rendered)
        #expect(manifest.reports.prefix(4).map(\.pdf) == ["clinic.pdf", "clinic-site-east.pdf", "clinic-site-north.pdf",
                                                          "clinic-site-south.pdf"])
        #expect(manifest.reports[2].name == "Clinic outcomes · October 2026 · Relief North")
        #expect(manifest.reports.dropFirst(4).allSatisfy { $0.kind == "client" })
        for k in 1...2 {
            let outcome = try MonthRenderer(store: try Stores.openExisting(path), month: Self.october, out: sharded, jobs: 1,
                                            shard: .init(index: k, count: 2), options: options).run()
            #expect(outcome.failures.isEmpty)
        }
        _ = try ShardMerge.merge(folder: sharded)
        try ShardMergeTests.expectSameTree(sharded, single, clients: one.rendered - 4)
    }

    @Test func exportsAndCopiesCarrySitesAndTheirNames() throws {
        let db = try Self.chain()
        var exported: [UInt8] = []
        _ = try ExportService.run(ExportRequest(format: .csv, kinds: [.sessions]), store: db) { exported += $0 }
        let lines = String(decoding: exported, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.first?.hasSuffix(",notes,site") == true)
        #expect(lines.dropFirst().allSatisfy { ["north", "south", "east"].contains($0.split(separator: ",").last.map(String.init) ?? "") })
        let folder = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = try ReliefDatabase(path: folder + "/copy.sqlite")
        _ = try CopyService.copy(from: db, to: copy)
        #expect(try copy.sites() == db.sites())
        #expect(try AnalysisService.analyze(store: copy, client: nil, period: Period(Self.october))
                == AnalysisService.analyze(store: db, client: nil, period: Period(Self.october)))
    }
}
