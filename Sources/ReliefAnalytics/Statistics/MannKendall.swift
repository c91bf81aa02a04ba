import Foundation

/// The Mann–Kendall trend test on a series in time order, as `pymannkendall.original_test` (1.4.3).
///
/// - S = Σ_{i<j} sign(xⱼ − xᵢ) over the series in the given order (ties in x give 0).
/// - Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18, t the sizes of groups of equal values.
/// - Z with the continuity correction: (S − 1)/√Var if S > 0, 0 if S = 0, (S + 1)/√Var if S < 0.
/// - p = 2·(1 − Φ(|Z|)), computed as erfc(|Z|/√2) (same value, no cancellation in the tail).
/// - τ = S / (n(n−1)/2) (Kendall's tau-a, as pymannkendall reports it; no tie adjustment).
///
/// Non-finite values are dropped first (pymannkendall's `skip`). Fewer than two values give `nil`.
/// All values equal gives S = 0, Var = 0, Z = 0, p = 1.
///
/// pymannkendall's own Sen slope uses the index as time; Relief's slopes come from
/// ``TheilSen`` on dates instead, and only S, Z and p come from here.
///
/// ```swift
/// let mk = MannKendall.test([5, 4, 4, 3, 2])!
/// mk.s  // −9
/// ```
/// - Complexity: O(n log n) time (S by a Fenwick tree over value ranks), O(n) memory.
public struct MannKendall: Hashable, Sendable {
    public var n: Int
    public var s: Int
    public var variance: Double
    public var z: Double
    public var p: Double
    public var tau: Double

    public static func test(_ series: [Double]) -> MannKendall? {
        let x = series.filter { $0.isFinite }
        let n = x.count
        guard n >= 2 else { return nil }
        let distinct = Array(Set(x)).sorted()
        var rank: [Double: Int] = [:]
        rank.reserveCapacity(distinct.count)
        for (r, v) in distinct.enumerated() { rank[v] = r }
        var tree = [Int](repeating: 0, count: distinct.count + 1)
        func prefix(_ r: Int) -> Int {  // count of seen values with rank < r
            var i = r, c = 0
            while i > 0 { c += tree[i]; i -= i & -i }
            return c
        }
        var s = 0
        var groupSize = [Int](repeating: 0, count: distinct.count)
        for (seen, v) in x.enumerated() {
            let r = rank[v]!
            let less = prefix(r)
            let lessOrEqual = prefix(r + 1)
            let greater = seen - lessOrEqual
            // Pairs (i, j=current): sign(x_j − x_i) is +1 when x_i < x_j.
            s += less - greater
            var i = r + 1
            while i <= distinct.count { tree[i] += 1; i += i & -i }
            groupSize[r] += 1
        }
        let nn = Double(n)
        var ties = 0.0
        for t in groupSize where t > 1 { ties += TheilSen.tieTerm(t) }
        let variance = (nn * (nn - 1) * (2 * nn + 5) - ties) / 18
        let z: Double
        if s > 0 { z = Double(s - 1) / variance.squareRoot() }
        else if s < 0 { z = Double(s + 1) / variance.squareRoot() }
        else { z = 0 }
        let p = NormalDistribution.twoSidedP(z)
        return MannKendall(n: n, s: s, variance: variance, z: z, p: p, tau: Double(s) / (0.5 * nn * (nn - 1)))
    }
}
