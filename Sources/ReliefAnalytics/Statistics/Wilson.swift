import Foundation

/// Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3).
///
/// For k successes in n trials and z the normal critical value,
/// centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n).
/// Unlike the Wald interval it stays inside [0, 1] and behaves at k = 0 or k = n, which is
/// why the breakdown bars of small clinic groups use it.
///
/// - Returns: nil when n is 0.
/// - Complexity: O(1).
public enum Wilson {
    public static func interval(successes k: Int, trials n: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double)? {
        guard n > 0, k >= 0, k <= n else { return nil }
        let z = NormalDistribution.critical(confidence: confidence)
        let nn = Double(n), p = Double(k) / nn, z2 = z * z
        let denominator = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denominator
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denominator
        return (max(0, centre - half), min(1, centre + half))
    }
}
