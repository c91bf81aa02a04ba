import Testing
@testable import ReliefAnalytics

/// Limits recomputed by hand from the formulas (expected-outcomes.md, recommendation 4;
/// Spiegelhalter 2005), not from FunnelPlotR.
@Suite struct ExpectedOutcomesFunnelPlotTests {
    /// Three clients at 0.2, 0.5, 0.7: P(0) = 0.8·0.5·0.3 = 0.12; P(1) = 0.2·0.5·0.3 + 0.8·0.5·0.3
    /// + 0.8·0.5·0.7 = 0.03 + 0.12 + 0.28 = 0.43; P(3) = 0.2·0.5·0.7 = 0.07; P(2) = 0.38.
    @Test func poissonBinomialByHand() {
        let f = PoissonBinomial.pmf([0.2, 0.5, 0.7])
        for (a, b) in zip(f, [0.12, 0.43, 0.38, 0.07]) { #expect(abs(a - b) < 1e-15) }
        let t = PoissonBinomial.tails([0.2, 0.5, 0.7], observed: 2)
        #expect(abs(t.upper - 0.45) < 1e-15 && abs(t.lower - 0.93) < 1e-15)
    }

    /// The banded recurrence (only the entries not yet 0 are updated) against the plain one, on a
    /// unit long enough for its tails to underflow; and a probability outside [0, 1] or NaN is
    /// clamped first (`max(0, .nan)` is 0), so it counts as 0 or 1.
    @Test func poissonBinomialSkipsOnlyZerosAndClampsFirst() {
        let ps = (0..<3_000).map { 0.05 + 0.9 * Double(($0 * 7_919) % 1_000) / 1_000 }
        var plain = [Double](repeating: 0, count: ps.count + 1)
        plain[0] = 1
        for (k, p) in ps.enumerated() {
            var j = k + 1
            while j > 0 { plain[j] = plain[j] * (1 - p) + plain[j - 1] * p; j -= 1 }
            plain[0] *= 1 - p
        }
        let banded = PoissonBinomial.pmf(ps)
        #expect(plain.first == 0 && plain.last == 0)   // the tails did underflow
        #expect(banded.map(\.bitPattern) == plain.map(\.bitPattern))
        #expect(PoissonBinomial.pmf([0.2, .nan, 0.7, -1]) == PoissonBinomial.pmf([0.2, 0, 0.7, 0]))
        #expect(PoissonBinomial.pmf([0.2, .infinity, 2]) == PoissonBinomial.pmf([0.2, 1, 1]))
    }

    /// E = 1.4, F = (0.12, 0.55, 0.93, 1). q = 0.025: r = 0, α = (0.12 − 0.025)/0.12, limit
    /// (0 − α)/E → clamped at 0. q = 0.975: r = 3, α = (1 − 0.975)/(1 − 0.93) = 0.357142…,
    /// limit (3 − 0.357142…)/1.4 = 1.887755…. q = 0.999: α = 0.001/0.07, (3 − 0.0142857…)/1.4.
    @Test func exactInterpolatedLimitsByHand() throws {
        let l = try #require(FunnelPlot.limits(probabilities: [0.2, 0.5, 0.7]))
        #expect(l.exact)
        #expect(l.lower95 == 0 && l.lower998 == 0)
        #expect(abs(l.upper95 - (3 - 0.025 / 0.07) / 1.4) < 1e-12)
        #expect(abs(l.upper998 - (3 - 0.001 / 0.07) / 1.4) < 1e-12)
        #expect(FunnelPlot.position(observed: 3, limits: l) == .above998)
        #expect(FunnelPlot.position(observed: 2, limits: l) == .inside95)
    }

    /// E ≥ 50: 200 clients at 0.3, E = 60, V = 42; limits 1 ± z·√42/60.
    @Test func normalLimitsAtLargeExpected() throws {
        let l = try #require(FunnelPlot.limits(probabilities: [Double](repeating: 0.3, count: 200)))
        #expect(!l.exact)
        let h95 = 1.959963984540054 * 42.0.squareRoot() / 60, h998 = 3.090232306167813 * 42.0.squareRoot() / 60
        #expect(abs(l.upper95 - (1 + h95)) < 1e-12 && abs(l.lower95 - (1 - h95)) < 1e-12)
        #expect(abs(l.upper998 - (1 + h998)) < 1e-12 && abs(l.lower998 - (1 - h998)) < 1e-12)
        // O = 74: 74/60 = 1.2333 > 1 + h95 = 1.2117 and < 1 + h998 = 1.3338.
        #expect(FunnelPlot.position(observed: 74, limits: l) == .above95)
        #expect(FunnelPlot.position(observed: 81, limits: l) == .above998)
        #expect(FunnelPlot.position(observed: 46, limits: l) == .below95)
        #expect(FunnelPlot.position(observed: 60, limits: l) == .inside95)
    }

    /// Binomial(12, 0.4), E = 4.8: F(8) = 0.98473273344, F(7) = 0.94269007872 (exact sums), so the
    /// 97.5 % limit is (8 − (0.984747 − 0.975)/(0.984747 − 0.942681))/4.8.
    @Test func exactLimitsAgainstBinomial() throws {
        let l = try #require(FunnelPlot.limits(probabilities: [Double](repeating: 0.4, count: 12)))
        let f8 = 0.98473273344, f7 = 0.94269007872
        #expect(abs(l.upper95 - (8 - (f8 - 0.975) / (f8 - f7)) / 4.8) < 1e-9)
        #expect(FunnelPlot.curve(overallRate: 0.4, sizes: [12]) == [l])
    }

    /// The exact logit-shift interval: O = 0 has lower 0, O = n has upper n, and it brackets O.
    @Test func shiftIntervalBracketsObserved() {
        let p = [0.2, 0.3, 0.4, 0.5, 0.35]
        #expect(ExpectedOutcomes.shiftInterval(probabilities: p, observed: 0).lower == 0)
        #expect(ExpectedOutcomes.shiftInterval(probabilities: p, observed: 5).upper == 5)
        let i = ExpectedOutcomes.shiftInterval(probabilities: p, observed: 2)
        #expect(i.lower < 2 && i.upper > 2)
        let d = ExpectedOutcomes.shiftInterval(probabilities: [Double](repeating: 0.5, count: 10), observed: 5)
        // Symmetric case: Clopper–Pearson for 5/10 is (0.187086, 0.812914) (scipy binomtest, exact).
        #expect(abs(d.lower - 1.87086) < 1e-4 && abs(d.upper - 8.12914) < 1e-4)
    }

    /// From E = 50 the interval uses the normal approximation with continuity correction (O(n) per
    /// step): for 50/100 at p = 0.5 it stays within half a client of Clopper–Pearson
    /// (0.398321, 0.601679; scipy binomtest, exact), 0.005 on the O/E scale.
    @Test func shiftIntervalIsNormalFromExpected50() {
        let p = [Double](repeating: 0.5, count: 100)
        let i = ExpectedOutcomes.shiftInterval(probabilities: p, observed: 50)
        #expect(abs(i.lower - 39.8321) < 0.5 && abs(i.upper - 60.1679) < 0.5)
        #expect(abs((i.lower + i.upper) - 100) < 1e-9)
        // Just below E = 50 the exact tails are used: Clopper–Pearson for 49/98 is symmetric too.
        let e = ExpectedOutcomes.shiftInterval(probabilities: [Double](repeating: 0.5, count: 98), observed: 49)
        #expect(e.lower < 49 && e.upper > 49 && abs((e.lower + e.upper) - 98) < 1e-6)
    }
}
