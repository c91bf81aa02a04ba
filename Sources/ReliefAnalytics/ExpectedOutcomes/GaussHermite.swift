import Foundation

/// Gauss–Hermite quadrature for the standard normal: ∫ f(z) φ(z) dz ≈ Σₖ wₖ f(zₖ).
///
/// The roots of the Hermite polynomial Hₙ are found by Newton's method on the orthonormal
/// three-term recurrence, from the asymptotic starting guesses of Numerical Recipes (`gauher`,
/// Press et al. 2007, §4.6); the physicists' nodes x and weights v are then rescaled to the
/// normal density: z = √2·x, w = v/√π (so Σ w = 1), which is the rule lme4's `GHrule` uses for
/// `nAGQ`. The rule is exact for polynomials of degree ≤ 2n − 1.
///
/// ```swift
/// let rule = GaussHermite.rule(points: 25)   // as glmer(nAGQ = 25)
/// ```
/// - Returns: nodes in increasing order with their weights; empty for n < 1.
/// - Complexity: O(n²) (a few Newton steps per root, each O(n)).
public enum GaussHermite {
    public static func rule(points n: Int) -> (nodes: [Double], weights: [Double]) {
        guard n >= 1 else { return ([], []) }
        let piMinusQuarter = 0.7511255444649425   // π^(−1/4)
        var x = [Double](repeating: 0, count: n), v = [Double](repeating: 0, count: n)
        let m = (n + 1) / 2
        var z = 0.0
        for i in 0..<m {
            switch i {
            case 0: z = (Double(2 * n + 1)).squareRoot() - 1.85575 * pow(Double(2 * n + 1), -0.16667)
            case 1: z -= 1.14 * pow(Double(n), 0.426) / z
            case 2: z = 1.86 * z - 0.86 * x[0]
            case 3: z = 1.91 * z - 0.91 * x[1]
            default: z = 2 * z - x[i - 2]
            }
            var derivative = 0.0
            for _ in 0..<100 {
                var p1 = piMinusQuarter, p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = z * (2 / Double(j)).squareRoot() * p2 - (Double(j - 1) / Double(j)).squareRoot() * p3
                }
                derivative = (2 * Double(n)).squareRoot() * p2
                let previous = z
                z = previous - p1 / derivative
                if abs(z - previous) <= 1e-15 * max(1, abs(z)) { break }
            }
            x[i] = z
            x[n - 1 - i] = -z
            v[i] = 2 / (derivative * derivative)
            v[n - 1 - i] = v[i]
        }
        if n % 2 == 1 { x[m - 1] = 0 }
        let order = (0..<n).sorted { x[$0] < x[$1] }
        let root2 = 2.0.squareRoot(), rootPi = Double.pi.squareRoot()
        return (order.map { root2 * x[$0] }, order.map { v[$0] / rootPi })
    }
}
