import Foundation

/// Control limits on the O/E scale for one unit, at 95 % (two-sided; "alert") and 99.8 %
/// ("alarm"), Spiegelhalter (2005).
public struct FunnelLimits: Sendable, Equatable, Codable {
    public var expected: Double
    public var lower95: Double
    public var upper95: Double
    public var lower998: Double
    public var upper998: Double
    /// The limits come from the exact Poisson-binomial distribution (E < 50), not the normal.
    public var exact: Bool
}

/// Where a unit falls on the funnel plot.
public enum FunnelPosition: String, Sendable, Equatable, Codable {
    /// Inside the 95 % limits: "in line with expected".
    case inside95 = "inside-95"
    /// Between the 95 % and 99.8 % limits: "possibly above/below — worth a look".
    case above95 = "above-95"
    case below95 = "below-95"
    /// Beyond 99.8 %: "above/below what chance usually explains — check the data and case mix first".
    case above998 = "above-99.8"
    case below998 = "below-99.8"
}

/// Funnel-plot limits for observed/expected against expected (Spiegelhalter 2005, Stat Med
/// 24:1185), with binomial variance V = Σ pᵢ(1 − pᵢ) rather than Poisson.
///
/// - **E ≥ 50**: the normal approximation, O/E limits 1 ± z·√V / E, z = Φ⁻¹(0.975) and
///   Φ⁻¹(0.999).
/// - **E < 50**: exact limits from the Poisson-binomial distribution F of O under the null
///   (each client at their own pᵢ), interpolated as in Spiegelhalter (2005, appendix A.1.1): for
///   the tail probability q (0.025, 0.975, 0.001, 0.999) let r be the smallest count with
///   F(r) ≥ q and α = (F(r) − q)/(F(r) − F(r − 1)); the limit is (r − α)/E. This makes the
///   limits continuous in E; a unit is classified against the same limits that are drawn.
///
/// No over-dispersion inflation is applied (with fewer than 10 units τ² cannot be estimated;
/// expected-outcomes.md, recommendation 4).
public enum FunnelPlot {
    public static let z95 = NormalDistribution.quantile(0.975)
    public static let z998 = NormalDistribution.quantile(0.999)
    /// Below this expected count the exact limits are used.
    public static let exactBelowExpected = 50.0

    /// The limits for a unit whose clients have these expected probabilities; nil when E = 0.
    public static func limits(probabilities: [Double]) -> FunnelLimits? {
        let e = probabilities.reduce(0, +)
        guard e > 0 else { return nil }
        if e >= exactBelowExpected {
            let v = probabilities.reduce(0) { $0 + $1 * (1 - $1) }
            let h95 = z95 * v.squareRoot() / e, h998 = z998 * v.squareRoot() / e
            return FunnelLimits(expected: e, lower95: max(0, 1 - h95), upper95: 1 + h95,
                                lower998: max(0, 1 - h998), upper998: 1 + h998, exact: false)
        }
        let f = PoissonBinomial.cdf(probabilities)
        func limit(_ q: Double) -> Double {
            let r = f.firstIndex { $0 >= q } ?? (f.count - 1)
            let below = r > 0 ? f[r - 1] : 0
            let alpha = f[r] > below ? (f[r] - q) / (f[r] - below) : 0
            return max(0, Double(r) - alpha) / e
        }
        return FunnelLimits(expected: e, lower95: limit(0.025), upper95: limit(0.975),
                            lower998: limit(0.001), upper998: limit(0.999), exact: true)
    }

    /// The position of O/E against the limits (on a limit counts as inside).
    public static func position(observed: Int, limits: FunnelLimits) -> FunnelPosition {
        let ratio = Double(observed) / limits.expected
        if ratio > limits.upper998 { return .above998 }
        if ratio < limits.lower998 { return .below998 }
        if ratio > limits.upper95 { return .above95 }
        if ratio < limits.lower95 { return .below95 }
        return .inside95
    }

    /// Limits for drawing the funnel's lines: at each n, n clients at the overall rate p̄
    /// (E = n·p̄, binomial), exact below E = 50 and normal above, as for the units.
    public static func curve(overallRate: Double, sizes: [Int]) -> [FunnelLimits] {
        guard overallRate > 0, overallRate < 1 else { return [] }
        return sizes.filter { $0 > 0 }.compactMap { limits(probabilities: [Double](repeating: overallRate, count: $0)) }
    }
}
