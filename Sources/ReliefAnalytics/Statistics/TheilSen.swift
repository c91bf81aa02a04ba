import Foundation

/// The Theil–Sen slope with Sen's (1968) Kendall-rank confidence interval,
/// computed exactly as `scipy.stats.theilslopes` (SciPy 1.17, default `method="separate"`).
///
/// - Slope: the median of the pairwise slopes (yⱼ − yᵢ)/(xⱼ − xᵢ) over all pairs
///   with xᵢ ≠ xⱼ (pairs with tied x are left out; tied y are kept and give slope 0).
///   With an even number of slopes the median is the mean of the two middle ones.
/// - Intercept: `median(y) − slope · median(x)` (SciPy's default `method="separate"`;
///   the `"joint"` alternative `median(y − slope·x)` is not used).
/// - Interval: with N slopes sorted, σ² = [n(n−1)(2n+5) − Σₓ k(k−1)(2k+5) − Σᵧ k(k−1)(2k+5)]/18
///   (Sen's eq. 2.6, k the sizes of tied groups in x and in y), z = Φ⁻¹((1 − confidence)/2) < 0,
///   upper = slope[min(round((N − zσ)/2), N − 1)], lower = slope[max(round((N + zσ)/2) − 1, 0)],
///   with `round` half-to-even as `numpy.round`. `nil` bounds where SciPy gives NaN
///   (σ² < 0, or no slope at all).
/// - Input: points with a non-finite x or y are dropped first. Fewer than two points, or
///   all x equal, give `nil`.
///
/// ```swift
/// let fit = TheilSen.fit(x: [0, 1, 2, 3], y: [6, 5, 5, 3])!
/// fit.slope            // −1.0
/// ```
///
/// - Complexity: up to `exactLimit` points (default 1000, ≈ 5·10⁵ slopes, 4 MB) the slopes are
///   materialised and sorted: O(n² log n) time, O(n²) memory. Above it the needed order
///   statistics are found without materialising the slopes, by bisection over the ordered bit
///   patterns of `Double` (≤ 64 steps) with an O(n log n) merge-count of the pairs whose slope is
///   ≤ s (pairs i<j in x order with yⱼ − s·xⱼ ≤ yᵢ − s·xᵢ): O(64 · n log n) per order statistic,
///   O(n) memory, equal to the sorted path up to the rounding of y − s·x (tests check 1e-9
///   relative). Measured in a release build on the project's 2-core machine
///   (CohortPerformanceTests, RELIEF_PERF=1): n = 50 sorted ≈ 0.2 ms; n = 2000 sorted ≈ 0.34 s;
///   n = 20 000 by counting ≈ 0.73 s. A weekly client has ~50 points a year.
public struct TheilSen: Hashable, Sendable {
    /// Median pairwise slope, in y units per x unit.
    public var slope: Double
    /// `median(y) − slope · median(x)`.
    public var intercept: Double
    /// Lower end of the confidence interval; `nil` when it cannot be computed.
    public var lower: Double?
    /// Upper end of the confidence interval; `nil` when it cannot be computed.
    public var upper: Double?
    /// Number of pairs with distinct x (N in Sen 1968).
    public var pairs: Int
    /// Number of points used.
    public var n: Int

    /// Fits the Theil–Sen line; see the type's documentation for the formulas.
    public static func fit(x: [Double], y: [Double], confidence: Double = 0.95,
                           exactLimit: Int = 1000) -> TheilSen? {
        guard let p = Prepared(x: x, y: y, confidence: confidence) else { return nil }
        let (n, sx, sy, total) = (p.x.count, p.x, p.y, p.total)
        var ranks: [Int] = [(total - 1) / 2, total / 2]
        if let low = p.lowRank, let high = p.highRank { ranks.append(low); ranks.append(high) }
        var values: [Int: Double] = [:]
        if n <= exactLimit {
            var slopes: [Double] = []
            slopes.reserveCapacity(total)
            for a in 0..<(n - 1) {
                let xa = sx[a], ya = sy[a]
                for b in (a + 1)..<n where sx[b] != xa {
                    slopes.append((sy[b] - ya) / (sx[b] - xa))
                }
            }
            values = Selection.orderStatistics(of: &slopes, ranks: ranks)
        } else {
            let counter = SlopeCounter(x: sx, y: sy)
            for r in Set(ranks) { values[r] = counter.orderStatistic(r) }
        }
        let slope = (values[ranks[0]]! + values[ranks[1]]!) / 2
        let medX = Descriptive.medianOfSorted(sx)!
        let medY = Descriptive.medianOfSorted(p.sortedY)!
        return TheilSen(slope: slope, intercept: medY - slope * medX,
                        lower: p.lowRank.flatMap { values[$0] }, upper: p.highRank.flatMap { values[$0] },
                        pairs: total, n: n)
    }

    /// On which side of 0 Sen's interval lies, exactly as `fit` would bound it, without
    /// sorting or selecting a slope: a bound is the slope of a given rank, so it is below 0
    /// when more slopes than its rank are negative, and above 0 when no more slopes than its
    /// rank are ≤ 0. Counting signs is O(n²) with no memory; the cohort needs only this
    /// (a trend's direction) for most clients. `nil` when `fit` would give no interval.
    public static func intervalSide(x: [Double], y: [Double], confidence: Double = 0.95)
        -> (lowerAboveZero: Bool, upperBelowZero: Bool)? {
        guard let p = Prepared(x: x, y: y, confidence: confidence),
              let low = p.lowRank, let high = p.highRank else { return nil }
        let n = p.x.count
        var negative = 0, notPositive = 0
        for a in 0..<(n - 1) {
            let xa = p.x[a], ya = p.y[a]
            for b in (a + 1)..<n where p.x[b] != xa {
                let slope = (p.y[b] - ya) / (p.x[b] - xa)
                if slope < 0 { negative += 1 }
                if slope <= 0 { notPositive += 1 }
            }
        }
        // The slope of 0-based rank r is < 0 iff at least r + 1 slopes are < 0, and > 0 iff
        // at most r slopes are ≤ 0.
        return (lowerAboveZero: notPositive <= low, upperBelowZero: negative >= high + 1)
    }

    /// The points sorted by x, the number of pairs with distinct x, and Sen's ranks.
    struct Prepared {
        var x: [Double] = []
        var y: [Double] = []
        var sortedY: [Double]
        var total: Int
        /// Sen's bounds as 0-based ranks among the sorted slopes; `nil` when σ² < 0.
        var lowRank: Int?
        var highRank: Int?

        init?(x rawX: [Double], y rawY: [Double], confidence: Double) {
            precondition(rawX.count == rawY.count, "x and y must have the same length")
            var xs: [Double] = [], ys: [Double] = []
            xs.reserveCapacity(rawX.count); ys.reserveCapacity(rawY.count)
            for i in rawX.indices where rawX[i].isFinite && rawY[i].isFinite {
                xs.append(rawX[i]); ys.append(rawY[i])
            }
            let n = xs.count
            guard n >= 2 else { return nil }
            // Sort points by x so that pairs i<j with x distinct have dx > 0.
            let order = xs.indices.sorted { xs[$0] < xs[$1] }
            x = order.map { xs[$0] }
            y = order.map { ys[$0] }
            var tiedX = 0      // pairs with equal x
            var sumTieX = 0.0  // Σ k(k−1)(2k+5) over tie groups in x
            var i = 0
            while i < n {
                var j = i
                while j + 1 < n && x[j + 1] == x[i] { j += 1 }
                let k = j - i + 1
                tiedX += k * (k - 1) / 2
                sumTieX += TheilSen.tieTerm(k)
                i = j + 1
            }
            total = n * (n - 1) / 2 - tiedX
            guard total > 0 else { return nil }
            sortedY = y.sorted()
            var sumTieY = 0.0
            i = 0
            while i < n {
                var j = i
                while j + 1 < n && sortedY[j + 1] == sortedY[i] { j += 1 }
                sumTieY += TheilSen.tieTerm(j - i + 1)
                i = j + 1
            }
            let z = NormalDistribution.quantile((1 - max(confidence, 1 - confidence)) / 2)  // < 0
            let nn = Double(n)
            let sigsq = (nn * (nn - 1) * (2 * nn + 5) - sumTieX - sumTieY) / 18
            if sigsq >= 0 {
                let sigma = sigsq.squareRoot()
                let nt = Double(total)
                highRank = min(Int(((nt - z * sigma) / 2).rounded(.toNearestOrEven)), total - 1)
                lowRank = max(Int(((nt + z * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0)
            }
        }
    }

    static func tieTerm(_ k: Int) -> Double {
        let d = Double(k)
        return d * (d - 1) * (2 * d + 5)
    }
}

/// Finds order statistics of the pairwise slopes of points sorted by x without listing them.
struct SlopeCounter {
    let x: [Double]
    let y: [Double]
    /// Σ C(k, 2) over groups of equal x (their pairs have no slope).
    let tiedPairs: Int

    init(x: [Double], y: [Double]) {
        self.x = x; self.y = y
        var t = 0, i = 0
        while i < x.count {
            var j = i
            while j + 1 < x.count && x[j + 1] == x[i] { j += 1 }
            let k = j - i + 1
            t += k * (k - 1) / 2
            i = j + 1
        }
        tiedPairs = t
    }

    /// Number of pairs (distinct x) whose slope is ≤ s.
    func count(atMost s: Double) -> Int {
        let n = x.count
        // z = y − s·x; order by x ascending, ties in x by z descending so that all tied pairs
        // count as "≤" and can be subtracted.
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n { z[i] = y[i] - s * x[i] }
        var idx = Array(0..<n)
        idx.sort { x[$0] != x[$1] ? x[$0] < x[$1] : z[$0] > z[$1] }
        var seq = idx.map { z[$0] }
        var buf = seq
        // Count pairs i<j with seq[j] ≤ seq[i] by merge sort (descending merge).
        let c = SlopeCounter.mergeCount(&seq, &buf, 0, n)
        return c - tiedPairs
    }

    /// Sorts `a[lo..<hi]` ascending and returns the number of pairs i<j with a[j] ≤ a[i].
    static func mergeCount(_ a: inout [Double], _ buf: inout [Double], _ lo: Int, _ hi: Int) -> Int {
        if hi - lo < 2 { return 0 }
        let mid = (lo + hi) / 2
        var c = mergeCount(&a, &buf, lo, mid) + mergeCount(&a, &buf, mid, hi)
        // For each right element r, count left elements ≥ r.
        var i = lo, j = mid, k = lo
        while i < mid || j < hi {
            if j >= hi || (i < mid && a[i] < a[j]) {
                buf[k] = a[i]; i += 1
            } else {
                c += mid - i   // left elements still unmerged are all ≥ a[j]
                buf[k] = a[j]; j += 1
            }
            k += 1
        }
        for t in lo..<hi { a[t] = buf[t] }
        return c
    }

    /// The r-th smallest slope (0-based): the smallest Double s with count(atMost: s) > r.
    func orderStatistic(_ r: Int) -> Double {
        // Bounds: every slope lies within ±(max y − min y)/(smallest positive dx).
        var minDx = Double.infinity
        for i in 1..<x.count where x[i] > x[i - 1] { minDx = min(minDx, x[i] - x[i - 1]) }
        let yr = (y.max()! - y.min()!)
        let bound = yr == 0 ? 1.0 : (yr / minDx) * 1.000001 + Double.leastNormalMagnitude
        var lo = SlopeCounter.key(-bound)   // count(lo) ≤ r
        var hi = SlopeCounter.key(bound)    // count(hi) > r
        if count(atMost: -bound) > r { return -bound }
        while lo < hi - 1 {
            let mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1)   // floor((lo + hi)/2) without overflow
            if count(atMost: SlopeCounter.value(mid)) > r { hi = mid } else { lo = mid }
        }
        return SlopeCounter.value(hi)
    }

    /// A monotone map from Double to Int64 (order-preserving for non-NaN values).
    static func key(_ d: Double) -> Int64 {
        let b = Int64(bitPattern: d.bitPattern)
        return b >= 0 ? b : Int64.min - b
    }

    static func value(_ k: Int64) -> Double {
        let b = k >= 0 ? k : Int64.min - k
        return Double(bitPattern: UInt64(bitPattern: b))
    }
}
