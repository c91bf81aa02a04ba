import Foundation

/// Small descriptive statistics on plain `Double` arrays.
///
/// Every function returns `nil` instead of NaN when the statistic is undefined
/// (an empty sample, or fewer than two values for a standard deviation), so a
/// caller can encode "not enough data" as JSON `null`.
///
/// - Complexity: `mean` O(n); `median` and `quantile` O(n log n) (they sort a copy).
enum Descriptive {
    /// Arithmetic mean; `nil` when empty.
    static func mean(_ x: [Double]) -> Double? {
        guard !x.isEmpty else { return nil }
        var s = 0.0
        for v in x { s += v }
        return s / Double(x.count)
    }

    /// Median (mean of the two middle values when the count is even); `nil` when empty.
    static func median(_ x: [Double]) -> Double? {
        guard !x.isEmpty else { return nil }
        let s = x.sorted()
        return medianOfSorted(s)
    }

    /// Median of an already sorted array.
    static func medianOfSorted(_ s: [Double]) -> Double? {
        guard !s.isEmpty else { return nil }
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }

    /// Sample standard deviation (divisor n − 1); `nil` with fewer than two values.
    static func sampleSD(_ x: [Double]) -> Double? {
        guard x.count >= 2, let m = mean(x) else { return nil }
        var ss = 0.0
        for v in x { ss += (v - m) * (v - m) }
        return (ss / Double(x.count - 1)).squareRoot()
    }

    /// Quantile of a sorted sample by linear interpolation between order statistics
    /// (numpy's default `method="linear"`, R's type 7); `nil` when empty.
    static func quantileOfSorted(_ s: [Double], _ q: Double) -> Double? {
        guard !s.isEmpty else { return nil }
        let h = Double(s.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// A finite value, or `nil` for NaN and infinities (JSON has neither).
    static func finite(_ v: Double?) -> Double? {
        guard let v, v.isFinite else { return nil }
        return v
    }
}
