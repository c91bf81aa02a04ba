import Testing
@testable import ReliefAnalytics

/// Reference: scipy 1.17.1, `scipy.stats.binomtest(k, n).proportion_ci(0.95, method="wilson")`;
/// 81/263 is also Newcombe (1998), Stat Med 17:857, Table II (0.2553, 0.3662).
@Suite struct WilsonTests {
    let tolerance = 1e-9

    @Test(arguments: [
        (3, 10, 0.10779126740630102, 0.6032218525388546),
        (81, 263, 0.2552885198782742, 0.36620957698280004),
        (0, 5, 0.0, 0.43448246478317476),
        (5, 5, 0.5655175352168251, 1.0),
    ])
    func matchesScipy(k: Int, n: Int, lower: Double, upper: Double) throws {
        let ci = try #require(Wilson.interval(successes: k, trials: n))
        #expect(abs(ci.lower - lower) < tolerance)
        #expect(abs(ci.upper - upper) < tolerance)
    }

    @Test func emptyOrImpossibleCountsHaveNoInterval() {
        #expect(Wilson.interval(successes: 0, trials: 0) == nil)
        #expect(Wilson.interval(successes: 6, trials: 5) == nil)
    }
}
