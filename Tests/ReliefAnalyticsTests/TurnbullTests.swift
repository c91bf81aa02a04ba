import Testing
@testable import ReliefAnalytics

@Suite struct TurnbullTests {
    @Test func handWorkedTwoIntervals() throws {
        // (0,1] ×3, (2,3], (0,3], right-censored at 1. Innermost intervals: (0,1] and (2,3].
        // Likelihood p₀³ · p₁ · (p₀ + p₁) · p₁ = p₀³ p₁² with p₀ + p₁ = 1 → p₀ = 3/5, p₁ = 2/5.
        // lifelines 0.30.3 npmle on [L+0.5, R]: [0.5999999988532982, 0.40000000114670203].
        let obs: [CensoredTime] = [.interval(0, 1), .interval(0, 1), .interval(0, 1), .interval(2, 3),
                                   .interval(0, 3), .rightCensored(1)]
        let grid = TurnbullGrid(obs)
        #expect(grid.cells.map(\.right) == [1, 3])
        #expect(grid.cells.map(\.left.value) == [0, 2])
        let s = try #require(Turnbull.fit(obs))
        #expect(s.method == .turnbull)
        #expect(s.points.count == 2)
        let tol = Tolerance(rel: 1e-8, abs: 1e-9)
        #expect(close(s.points[0].survival, 0.4, tol))
        #expect(close(s.points[1].survival, 0.0, tol))
        #expect(close(s.points[0].events, 6 * 0.6, tol))
        #expect(s.median == 1 && s.medianFrom == 0)   // S ≤ 0.5 somewhere in (0, 1]
    }

    @Test func mixedDataMatchesLifelinesNPMLE() throws {
        // lifelines 0.30.3 fitters.npmle.npmle(L, R, tol=1e-14) on closed intervals, with (L, R] on whole
        // days given as [L + 0.5, R], exact t as [t, t], right-censored c as [c + 0.5, ∞]:
        // intervals [2,2], (2,3], (3,4], [5,5], (6,7], (7,∞) with masses
        // 0.3716731312502184, ~0, ~0, 0.43617569999944716, ~0, 0.19215116875030264.
        let obs: [CensoredTime] = [.exact(2), .interval(0, 3), .interval(1, 4), .interval(3, 7), .rightCensored(2),
                                   .interval(0, 7), .exact(5), .rightCensored(6), .interval(4, 6), .interval(0, 2),
                                   .rightCensored(7), .interval(2, 5)]
        let grid = TurnbullGrid(obs)
        #expect(grid.cells.map(\.right) == [2, 3, 4, 5, 7, .infinity])
        #expect(grid.cells.map(\.left.rank) == [0, 2, 2, 0, 2, 2])
        let s = try #require(Turnbull.fit(obs))
        let tol = Tolerance(rel: 1e-6, abs: 1e-7)
        #expect(s.points.map(\.days) == [2, 5])
        #expect(close(s.points[0].survival, 1 - 0.3716731312502184, tol))
        #expect(close(s.points[1].survival, 0.19215116875030264, tol))
        #expect(s.median == 5)
    }

    @Test func exactAndRightCensoredIsKaplanMeierExactly() throws {
        let obs: [CensoredTime] = zip(KaplanMeierTests.times, KaplanMeierTests.events).map { $1 ? .exact($0) : .rightCensored($0) }
        let t = try #require(Turnbull.fit(obs))
        let km = try #require(KaplanMeier.fit(times: KaplanMeierTests.times, events: KaplanMeierTests.events))
        #expect(t == km)   // identical, not merely close
        // And the EM itself converges to the same numbers.
        let em = try #require(Turnbull.fit(obs, forceEM: true))
        #expect(em.points.map(\.days) == km.points.map(\.days))
        for (a, b) in zip(em.points, km.points) { #expect(close(a.survival, b.survival, .iterative)) }
    }

    @Test func currentStatusIsIsotonic() throws {
        // Session-only data. Looked at 7 days after: 2 back, 2 not yet; at 14 days: 1 back, 1 not.
        // Isotonic regression of "back" on time: F(7) = 2/4, F(14) = 1/2 (no violation to pool) →
        // mass 1/2 on (0,7], 0 on (7,14], 1/2 beyond 14; S(7) = 0.5, median 7.
        let obs: [CensoredTime] = [.interval(0, 7), .interval(0, 7), .rightCensored(7), .rightCensored(7),
                                   .interval(0, 14), .rightCensored(14)]
        let s = try #require(Turnbull.fit(obs))
        #expect(s.points.map(\.days) == [7])
        #expect(s.points.map(\.survival) == [0.5])
        #expect(s.median == 7)
        // A violation is pooled: back at 3 for 1 of 1, at 5 for 0 of 1 → F(3) = F(5) = 1/2.
        let pooled = try #require(Turnbull.fit([.interval(0, 3), .rightCensored(5)]))
        #expect(pooled.points.map(\.survival) == [0.5])
        // The EM heads for the same fit, slowly (that is why PAVA is used).
        let em = try #require(Turnbull.fit(obs, forceEM: true))
        #expect(close(em.survival(at: 7), 0.5, Tolerance(rel: 1e-3, abs: 1e-4)))
    }

    @Test func everyObservationCensored() throws {
        let s = try #require(Turnbull.fit([.rightCensored(3), .rightCensored(7), .rightCensored(0)]))
        #expect(s.points.isEmpty && s.median == nil)
        #expect(Turnbull.fit([]) == nil)
    }

    /// The reference data sets of this suite, as pooled groups on their grids.
    static var referenceSets: [(groups: [TurnbullGrid.Group], cells: Int)] {
        let sets: [[CensoredTime]] = [
            [.interval(0, 1), .interval(0, 1), .interval(0, 1), .interval(2, 3), .interval(0, 3), .rightCensored(1)],
            [.exact(2), .interval(0, 3), .interval(1, 4), .interval(3, 7), .rightCensored(2), .interval(0, 7), .exact(5),
             .rightCensored(6), .interval(4, 6), .interval(0, 2), .rightCensored(7), .interval(2, 5)],
            zip(KaplanMeierTests.times, KaplanMeierTests.events).map { $1 ? .exact($0) : .rightCensored($0) },
        ]
        return sets.map { obs in
            let grid = TurnbullGrid(obs)
            return (grid.groups(obs), grid.cells.count)
        }
    }

    @Test func objectiveFreeEMFindsTheSameNPMLE() throws {
        for (groups, m) in Self.referenceSets {
            let monotone = Turnbull.em(groups: groups, cells: m, start: nil, tolerance: 1e-12, maxIterations: 100_000)
            let free = Turnbull.em(groups: groups, cells: m, start: nil, tolerance: 1e-12, maxIterations: 100_000,
                                   monotone: false)
            var a = 0.0, b = 0.0
            for j in 0..<m {
                a += monotone[j]; b += free[j]
                #expect(Swift.abs(a - b) <= 1e-9, "cumulative mass at cell \(j): \(a) vs \(b)")
            }
        }
    }

    @Test func aCellStartedAtZeroGetsItsMassBack() throws {
        // Groups over cells {0, 1} and {1, 2}: the NPMLE puts all mass on cell 1. Started at
        // (½, 0, ½) the EM alone never moves mass into cell 1; the optimality check does.
        let groups = [TurnbullGrid.Group(first: 0, last: 1, exact: false, weight: 1),
                      TurnbullGrid.Group(first: 1, last: 2, exact: false, weight: 1)]
        for monotone in [true, false] {
            let p = Turnbull.em(groups: groups, cells: 3, start: [0.5, 0, 0.5], tolerance: 1e-12,
                                maxIterations: 100_000, monotone: monotone)
            #expect(Swift.abs(p[1] - 1) <= 1e-9 && p[0] <= 1e-9 && p[2] <= 1e-9, "\(p)")
        }
    }
}
