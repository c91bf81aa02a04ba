import Foundation
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefAnalytics

/// A chain's sites as a dimension of the cohort: groups, the filter, and nothing at all for a
/// single clinic. Counts are worked by hand from `CohortTests.clinic()`.
@Suite struct SiteTests {
    /// `CohortTests.clinic()` with sites: a1–a3 at north; a4 at south; a5 at south except its
    /// last March session, at north (one client in two sites); b1 at south; w1, l1, o1 none.
    static func chain() -> [ClientRecord] {
        CohortTests.clinic().map { r in
            var r = r
            let id = r.client.id
            let lastMarch = r.sessions.lastIndex { march2026.contains($0.day) }
            for i in r.sessions.indices {
                switch id {
                case "a1", "a2", "a3": r.sessions[i].site = "north"
                case "a4", "b1": r.sessions[i].site = "south"
                case "a5": r.sessions[i].site = i == lastMarch ? "north" : "south"
                default: break
                }
            }
            return r
        }
    }

    static let sites = [Site(id: "north", name: "Relief North"), Site(id: "south"), Site(id: "west")]

    @Test func groupsBySiteCountEachClientAtEverySiteTheyCameTo() throws {
        var options = AnalysisOptions()
        options.bootstrapReplicates = 0
        let c = Analytics.cohort(Self.chain(), therapists: [], sites: Self.sites, period: march2026, options: options)
        // Sorted by key; west is listed with no client; w1 has no site on record.
        #expect(c.bySite.map(\.key) == ["north", "south", GroupKeys.unspecified, "west"])
        let g = Dictionary(uniqueKeysWithValues: c.bySite.map { ($0.key, $0) })
        // north: a1, a2, a3, a5 (each with its 4 March sessions); all four improved.
        #expect(g["north"]?.clients == 4 && g["north"]?.sessions == 16 && g["north"]?.eligible == 4 && g["north"]?.improved == 4)
        #expect(g["north"]?.name == "Relief North" && g["north"]?.dimension == .site && g["north"]?.tooFewToCompare == true)
        // south: a4, a5 (4 each) and b1 (1, new: left out of the improvement share).
        #expect(g["south"]?.clients == 3 && g["south"]?.sessions == 9 && g["south"]?.eligible == 2 && g["south"]?.improved == 2)
        #expect(g["south"]?.name == "south")
        #expect(g[GroupKeys.unspecified]?.clients == 1 && g[GroupKeys.unspecified]?.sessions == 2)   // w1
        #expect(g["west"]?.clients == 0 && g["west"]?.improvedShare == nil)
        // The chain's totals are the clinic's: a client in two sites counts once.
        #expect(c.clients == 7 && c.sessions == 23)
        #expect(c.breakdowns.first?.dimension == .site)
    }

    @Test func aSiteFilterKeepsTheClientsWithASessionThere() {
        var options = AnalysisOptions()
        options.bootstrapReplicates = 0
        let south = Analytics.cohort(Self.chain(), therapists: [], sites: Self.sites, period: march2026, options: options,
                                     filter: CohortFilter([.site: "south"]))
        #expect(south.clients == 3 && south.sessions == 9 && south.eligible == 2 && south.improved == 2)
        let ids = Analytics.cohortClients(Self.chain(), period: march2026, options: options, filter: CohortFilter([.site: "north"]))
            .map(\.id)
        #expect(ids == ["a1", "a2", "a3", "a5"])
    }

    @Test func aSingleClinicHasNoSiteBreakdownAndNoSiteKeyInItsJSON() throws {
        var options = AnalysisOptions()
        options.bootstrapReplicates = 0
        for sites in [[], [Site(id: "north")]] {
            let c = Analytics.cohort(Self.chain(), therapists: [], sites: sites, period: march2026, options: options)
            #expect(c.bySite.isEmpty)
            #expect(!c.breakdowns.contains { $0.dimension == .site })
            #expect(try json(c)["bySite"] == nil)
        }
        let chain = Analytics.cohort(Self.chain(), therapists: [], sites: Self.sites, period: march2026, options: options)
        #expect((try json(chain)["bySite"] as? [Any])?.count == 4)
    }
}
