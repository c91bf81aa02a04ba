import Testing
import Foundation
@testable import ReliefAnalytics

// Reference: scipy 1.17.1 scipy.stats.norm.ppf / norm.cdf / norm.sf.
@Suite struct NormalDistributionTests {
    @Test func quantileMatchesSciPy() {
        #expect(close(NormalDistribution.quantile(0.975), 1.959963984540054))
        #expect(close(NormalDistribution.quantile(0.001), -3.090232306167813))
        #expect(close(NormalDistribution.quantile(1e-10), -6.361340902404056))
        #expect(close(NormalDistribution.quantile(0.3), -0.5244005127080409))
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
    }

    @Test func cdfAndTwoSidedP() {
        #expect(close(NormalDistribution.cdf(-1.5), 0.06680720126885807))
        #expect(close(NormalDistribution.twoSidedP(3.1), 0.0019352064264367126))
        #expect(NormalDistribution.twoSidedP(0) == 1)
    }
}
