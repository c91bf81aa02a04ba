import Foundation
import Testing
@testable import ReliefAnalytics

/// `Maximizer.newton`'s stopping rules, on a concave quadratic whose maximum is known by hand:
/// f(x) = c − a·Σ(xᵢ − mᵢ)², so ∇f = −2a(x − m), ∇²f = −2aI, and one Newton step from anywhere
/// lands on m.
@Suite struct ExpectedOutcomesMaximizerTests {
    let a = 5e4, c = -170_000.0, m = [0.3, -1.2, 2.0]

    /// Counts the objective's evaluations and the derivatives'.
    final class Counted: @unchecked Sendable {
        var evaluations = 0, derivatives = 0
    }

    func value(_ x: [Double]) -> Double { c - a * zip(x, m).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }

    /// Exact derivatives plus an error of ±`noise` on each gradient component, the sign
    /// alternating call by call: a gradient that levels off above the tolerance near the maximum,
    /// as the random-intercept fit's analytic gradient does at 10 million sessions (it leaves out
    /// how the quadrature's nodes move; 4.6e-6 there).
    func derivatives(noise: Double, _ counted: Counted) -> ([Double]) -> (gradient: [Double], hessian: [[Double]]) {
        { x in
            counted.derivatives += 1
            let error = counted.derivatives % 2 == 1 ? noise : -noise
            return (zip(x, self.m).map { -2 * self.a * ($0 - $1) + error },
                    (0..<3).map { i in (0..<3).map { j in i == j ? -2 * self.a : 0 } })
        }
    }

    /// An exact gradient: the usual stop, on the gradient tolerance, after one full step.
    @Test func exactGradientStopsOnTheTolerance() {
        let counted = Counted()
        let r = Maximizer.newton({ counted.evaluations += 1; return value($0) }, start: [1, 1, 1],
                                 derivatives: derivatives(noise: 0, counted))
        #expect(r.converged)
        #expect(r.iterations == 1)
        #expect(r.gradientNorm < 1e-6)
        for (x, target) in zip(r.argument, m) { #expect(abs(x - target) < 1e-12) }
        #expect(counted.evaluations == 2)  // the start and the one step
    }

    /// A gradient off by ±5e-6: the first step lands 5e-11 from the maximum a coordinate, where the
    /// gradient reads 2·5e-6 = 1e-5, above the tolerance. The next Newton step's predicted gain,
    /// ½gᵀ(−H)⁻¹g = 3·(1e-5)²/(4a) = 1.5e-15, is far below one ulp of the value (ulp(170000) ≈
    /// 2.9e-11). The maximiser stops there, converged, without a line search: before the rule it
    /// went on evaluating halvings of steps the value cannot show, and stopped only when none rose.
    @Test func stepBelowTheValuesRoundingStopsWithoutALineSearch() {
        let counted = Counted()
        let r = Maximizer.newton({ counted.evaluations += 1; return value($0) }, start: [1, 1, 1],
                                 derivatives: derivatives(noise: 5e-6, counted))
        #expect(r.converged)
        #expect(r.iterations == 2)  // the step to the maximum, then the one that stops
        #expect(abs(r.gradientNorm - 1e-5) < 1e-9)
        #expect(counted.evaluations == 2)
        for (x, target) in zip(r.argument, m) { #expect(abs(x - target) < 1e-9) }
    }

    /// The rule is about the value's rounding, not the gradient's size: the same error on an
    /// objective near 0 (ulp ≈ 1.7e-21 at the maximum's value 1e-5) leaves a gain of 1.5e-15 the
    /// value can show, so the line search runs.
    @Test func aGainTheValueCanShowIsStillSearched() {
        let counted = Counted()
        let small = { (x: [Double]) in 1e-5 - self.a * zip(x, self.m).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
        let r = Maximizer.newton({ counted.evaluations += 1; return small($0) }, start: [1, 1, 1],
                                 derivatives: derivatives(noise: 5e-6, counted))
        #expect(r.converged)
        #expect(r.iterations >= 2)
        #expect(counted.evaluations > 2)
    }
}
