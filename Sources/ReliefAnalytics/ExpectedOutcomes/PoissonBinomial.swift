import Foundation

/// The Poisson-binomial distribution: the number of successes among independent trials with
/// probabilities p₁…pₙ (the number of clients improved when each has their own expected chance).
///
/// The probability mass function is built by the direct convolution recurrence
/// P₍ₖ₎(j) = P₍ₖ₋₁₎(j)(1 − pₖ) + P₍ₖ₋₁₎(j − 1)pₖ (exact up to rounding, all terms non-negative).
///
/// - Complexity: O(n²) time, O(n) memory.
public enum PoissonBinomial {
    /// P(X = j) for j = 0…n; [1] for no trials. Probabilities are clamped to [0, 1].
    public static func pmf(_ probabilities: [Double]) -> [Double] {
        var f = [Double](repeating: 0, count: probabilities.count + 1)
        f[0] = 1
        for (k, raw) in probabilities.enumerated() {
            let p = min(1, max(0, raw)), q = 1 - p
            var j = k + 1
            while j > 0 {
                f[j] = f[j] * q + f[j - 1] * p
                j -= 1
            }
            f[0] *= q
        }
        return f
    }

    /// P(X ≤ j) for j = 0…n, each capped at 1.
    public static func cdf(_ probabilities: [Double]) -> [Double] {
        var s = 0.0
        return pmf(probabilities).map { s += $0; return min(1, s) }
    }

    /// P(X ≥ k) and P(X ≤ k), summed from the pmf on each side (no 1 − F cancellation).
    public static func tails(_ probabilities: [Double], observed k: Int) -> (upper: Double, lower: Double) {
        let f = pmf(probabilities)
        guard k >= 0 else { return (1, 0) }
        guard k < f.count else { return (0, 1) }
        let upper = f[k...].reduce(0, +), lower = f[...k].reduce(0, +)
        return (min(1, upper), min(1, lower))
    }
}
