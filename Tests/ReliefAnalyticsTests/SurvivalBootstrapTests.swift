import Testing
@testable import ReliefAnalytics

@Suite struct SurvivalBootstrapTests {
    @Test func gridKaplanMeierEqualsKaplanMeier() throws {
        let obs: [CensoredTime] = zip(KaplanMeierTests.times, KaplanMeierTests.events).map { $1 ? .exact($0) : .rightCensored($0) }
        let grid = TurnbullGrid(obs)
        let mass = SurvivalBootstrap.gridKaplanMeier(grid.groups(obs), cells: grid.cells.count)
        let km = try #require(KaplanMeier.fit(times: KaplanMeierTests.times, events: KaplanMeierTests.events))
        var s = 1.0
        var rows: [Double] = []
        for (j, m) in mass.enumerated() where m > 0 && grid.cells[j].right.isFinite { s -= m; rows.append(s) }
        #expect(rows.count == km.points.count)
        for (a, b) in zip(rows, km.points) { #expect(close(a, b.survival, Tolerance(rel: 1e-12, abs: 1e-12))) }
    }

    @Test func seededBandsAreDeterministicAndBracketTheEstimate() throws {
        let clusters: [[CensoredTime]] = [
            [.interval(0, 7), .rightCensored(7)], [.interval(2, 4), .exact(3)], [.interval(0, 5)],
            [.rightCensored(6), .interval(1, 3), .interval(0, 2)], [.interval(3, 9)], [.exact(4), .exact(6)],
        ]
        let all = clusters.flatMap { $0 }
        let weights = clusters.flatMap { c in c.map { _ in 1 / Double(c.count) } }
        let curve = try #require(Turnbull.fit(all, weights: weights))
        var r1 = SplitMix64(seed: 1), r2 = SplitMix64(seed: 1)
        let a = SurvivalBootstrap.bands(curve, clusters: clusters, weightClustersEqually: true, replicates: 200,
                                        confidence: 0.95, using: &r1)
        let b = SurvivalBootstrap.bands(curve, clusters: clusters, weightClustersEqually: true, replicates: 200,
                                        confidence: 0.95, using: &r2)
        #expect(a == b)
        #expect(a.interval == .bootstrap)
        for p in a.points {
            let lo = try #require(p.lower95), hi = try #require(p.upper95)
            #expect(lo <= p.survival + 1e-6 && p.survival <= hi + 1e-6)
        }
    }
}
