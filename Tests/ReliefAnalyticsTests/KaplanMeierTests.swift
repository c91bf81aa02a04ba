import Testing
@testable import ReliefAnalytics

@Suite struct KaplanMeierTests {
    // Reference: lifelines 0.30.3 KaplanMeierFitter().fit(T, E), survival_function_,
    // confidence_interval_survival_function_ (exponential Greenwood = log(−log)), event_table.
    static let times: [Double] = [1, 2, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 12]
    static let events = [true, true, false, true, true, true, false, true, false, true, true, false, true, false]

    @Test func matchesLifelines() throws {
        let km = try #require(KaplanMeier.fit(times: Self.times, events: Self.events))
        // (t, S, lower, upper, at risk, events)
        let expected: [(Double, Double, Double, Double, Double, Double)] = [
            (1, 0.9285714285714287, 0.5907668674267574, 0.98961982313685, 14, 1),
            (2, 0.8571428571428573, 0.5394481776231688, 0.9622318564063292, 13, 1),
            (3, 0.7792207792207795, 0.45896042240836143, 0.9232023848740564, 11, 1),
            (4, 0.6233766233766234, 0.31657654785073475, 0.8235017874854911, 10, 2),
            (6, 0.5343228200371057, 0.23884944031230496, 0.7600797134698636, 7, 1),
            (8, 0.3205936920222635, 0.08432969085700112, 0.5925719632373284, 5, 2),
            (10, 0.16029684601113178, 0.01119100618078649, 0.4742543587135489, 2, 1),
        ]
        #expect(km.points.count == expected.count)
        let tol = Tolerance(rel: 1e-12, abs: 1e-14)
        for (p, e) in zip(km.points, expected) {
            #expect(p.days == e.0 && p.atRisk == e.4 && p.events == e.5)
            #expect(close(p.survival, e.1, tol))
            #expect(close(p.lower95, e.2, tol))
            #expect(close(p.upper95, e.3, tol))
        }
        #expect(km.median == 8)   // lifelines median_survival_time_ = 8.0
        #expect(km.interval == .greenwoodLogLog)
    }

    @Test func handWorked() throws {
        // 2 (event), 3 (event), 3 (censored: still at risk at 3), 5 (event):
        // S(2) = 3/4, S(3) = 3/4 · 2/3 = 1/2, S(5) = 0 (bounds undefined at 0).
        let km = try #require(KaplanMeier.fit(times: [2, 3, 3, 5], events: [true, true, false, true]))
        #expect(km.points.map(\.survival) == [0.75, 0.5, 0])
        #expect(km.points.map(\.atRisk) == [4, 3, 1])
        #expect(km.median == 3)
        #expect(km.points[2].lower95 == nil && km.points[2].upper95 == nil)
    }

    @Test func allCensoredAndEmpty() throws {
        let km = try #require(KaplanMeier.fit(times: [3, 5, 7], events: [false, false, false]))
        #expect(km.points.isEmpty && km.median == nil)
        #expect(KaplanMeier.fit(times: [], events: []) == nil)
    }

    @Test func weightsEnterAsSums() throws {
        // Weight 2 on one observation is the same as that observation twice; bounds are not given.
        let w = try #require(KaplanMeier.fit(times: [2, 4, 6], events: [true, true, false], weights: [2, 1, 1]))
        let d = try #require(KaplanMeier.fit(times: [2, 2, 4, 6], events: [true, true, true, false]))
        #expect(zip(w.points, d.points).allSatisfy { close($0.survival, $1.survival) })
        #expect(w.points.allSatisfy { $0.lower95 == nil })
    }
}
