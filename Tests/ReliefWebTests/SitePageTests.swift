import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefWorkflows
import Testing
@testable import ReliefWeb

/// The outcomes page filters a chain by site; a single clinic's page never says "site".
@Suite struct SitePageTests {
    @Test func aChainsOutcomesFilterBySite() async throws {
        let f = try WebFixture(sites: 3)
        try f.store.setSiteName("north", to: "Relief North")
        let october = Month(iso: "2026-10")!
        let north = try AnalysisService.cohortClients(store: f.store, month: october, filter: CohortFilter([.site: "north"])).count
        #expect(north > 0)
        try await f.test { c in
            let mia = Browser(c)
            try await mia.signIn("mia")
            let all = try await mia.get("/outcomes?month=2026-10").text
            #expect(all.contains("<select id=\"site\" name=\"site\">"))
            #expect(all.contains("<option value=\"north\">Relief North</option>"))
            #expect(all.contains("By site"))
            let filtered = try await mia.get("/outcomes?month=2026-10&site=north").text
            #expect(filtered.contains("Filtered: the clients in site “Relief North”"))
            #expect(filtered.contains("<option value=\"north\" selected>Relief North</option>"))
            let drill = try await mia.get("/outcomes/clients?month=2026-10&site=north").text
            #expect(drill.components(separatedBy: "<tr><td><a href=\"/clients/").count - 1 == north)
            let csv = try await mia.get("/outcomes.csv?month=2026-10").text
            #expect(csv.contains("\r\n2026-10,site,north,Relief North,"))
            let stale = try await mia.get("/outcomes?month=2026-10&site=nowhere")
            #expect(stale.status == .notFound)
            #expect(stale.text.contains("no site nowhere in the database; its sites are east, north, south"))
        }
    }

    @Test func aSingleClinicsOutcomesPageNeverSaysSite() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let mia = Browser(c)
            try await mia.signIn("mia")
            let all = try await mia.get("/outcomes?month=2026-10").text
            #expect(all.range(of: #"\bsites?\b"#, options: [.regularExpression, .caseInsensitive]) == nil)
        }
    }
}
