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
    ///
    /// Only the entries that are not 0 are updated: in a long unit the tails underflow to exactly
    /// 0 (beyond ~38 SDs of the mean), and there the recurrence gives 0·q + 0·p = 0 again, so
    /// skipping them changes no value (for 30,000 trials about three quarters of the work).
    public static func pmf(_ probabilities: [Double]) -> [Double] {
        var f = [Double](repeating: 0, count: probabilities.count + 1)
        f[0] = 1
        // Every entry outside lo...hi is 0 (+0: products and sums of non-negative numbers). The
        // clamp makes every p finite (`max(0, .nan)` is 0), so 0·p and 0·q are 0.
        var lo = 0, hi = 0
        f.withUnsafeMutableBufferPointer { f in
            for raw in probabilities {
                let p = min(1, max(0, raw)), q = 1 - p
                // Entry j ≥ 1 becomes f[j]·q + f[j − 1]·p: from j = hi + 1 (f[hi + 1] = 0) down to
                // j = max(lo, 1); below lo both terms are 0 (f[lo]·q + 0·p is f[lo]·q exactly).
                var j = hi + 1
                while j > 0 && j >= lo {
                    f[j] = f[j] * q + f[j - 1] * p
                    j -= 1
                }
                f[0] *= q
                hi += 1
                while hi > lo && f[hi] == 0 { hi -= 1 }
                while lo < hi && f[lo] == 0 { lo += 1 }
            }
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
