import Foundation
import Testing
@testable import ReliefAnalytics

@Suite struct ExpectedOutcomesGaussHermiteTests {
    /// An n-point rule integrates z^k exactly for k ≤ 2n − 1: E[z^(2m)] = (2m − 1)!! under N(0, 1).
    @Test(arguments: [1, 2, 5, 10, 25])
    func integratesNormalMoments(points: Int) {
        let rule = GaussHermite.rule(points: points)
        #expect(rule.nodes.count == points)
        for m in 0..<points {
            let moment = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * m)) }
            let exact = stride(from: 2 * m - 1, to: 0, by: -2).reduce(1.0) { $0 * Double($1) }
            #expect(abs(moment - exact) <= 1e-11 * exact, "points \(points), moment \(2 * m)")
            let odd = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * m + 1)) }
            #expect(abs(odd) <= 1e-10 * max(1, exact))
        }
    }

    /// Reference: numpy 2.4.6 `numpy.polynomial.hermite_e.hermegauss(25)` (largest node; weights
    /// divided by √(2π)).
    @Test func largestNodeOf25MatchesNumpy() {
        let rule = GaussHermite.rule(points: 25)
        #expect(abs(rule.nodes.last! - 8.717597678399589) < 1e-12)
        #expect(abs(rule.weights.last! - 1.5300389979986973e-17) < 1e-9 * 1.53e-17)
        #expect(rule.nodes[12] == 0)
    }
}
