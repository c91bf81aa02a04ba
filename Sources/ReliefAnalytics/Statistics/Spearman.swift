import Foundation

/// Spearman's rank correlation ρ with a Fisher-z confidence interval.
///
/// - ρ: Pearson's correlation of the average ranks (ties share the mean of their ranks),
///   the value `scipy.stats.spearmanr` returns.
/// - Interval: z = atanh(ρ) ± z_{1−α/2} · √(1.06/(n − 3)), back through tanh. The variance
///   1.06/(n − 3) is Fieller, Hartley & Pearson (Biometrika 1957): Pearson's 1/(n − 3) is too
///   small for Spearman's ρ (see also Bonett & Wright, Psychometrika 2000). Needs n ≥ 4;
///   with |ρ| = 1 the interval is [ρ, ρ].
/// - Input: pairs with a non-finite member are dropped. Fewer than 3 pairs, or no variation in
///   x or in y, give `nil` (SciPy returns NaN).
///
/// ```swift
/// Spearman.correlate([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])!.rho   // 0.8
/// ```
/// - Complexity: O(n log n).
public struct Spearman: Hashable, Sendable, Codable {
    public var rho: Double
    public var lower95: Double?
    public var upper95: Double?
    public var n: Int

    public static func correlate(_ x: [Double], _ y: [Double], confidence: Double = 0.95) -> Spearman? {
        precondition(x.count == y.count, "x and y must have the same length")
        var a: [Double] = [], b: [Double] = []
        for i in x.indices where x[i].isFinite && y[i].isFinite { a.append(x[i]); b.append(y[i]) }
        let n = a.count
        guard n >= 3 else { return nil }
        let ra = averageRanks(a), rb = averageRanks(b)
        let ma = Descriptive.mean(ra)!, mb = Descriptive.mean(rb)!
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<n {
            let da = ra[i] - ma, db = rb[i] - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        guard saa > 0, sbb > 0 else { return nil }
        let rho = max(-1, min(1, sab / (saa * sbb).squareRoot()))
        var lower: Double? = nil, upper: Double? = nil
        if n >= 4 {
            if abs(rho) == 1 { lower = rho; upper = rho } else {
                let zc = NormalDistribution.critical(confidence: confidence)
                let se = (1.06 / Double(n - 3)).squareRoot()
                let zr = atanh(rho)
                lower = tanh(zr - zc * se); upper = tanh(zr + zc * se)
            }
        }
        return Spearman(rho: rho, lower95: lower, upper95: upper, n: n)
    }

    /// Ranks 1…n, ties given the mean of the ranks they span (`scipy.stats.rankdata` "average").
    static func averageRanks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var ranks = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            let r = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = r }
            i = j + 1
        }
        return ranks
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rho, forKey: .rho)
        try c.encodeOrNull(lower95, forKey: .lower95)
        try c.encodeOrNull(upper95, forKey: .upper95)
        try c.encode(n, forKey: .n)
    }
}
