import Foundation

/// The Kaplan–Meier product-limit estimate with Greenwood's variance and a log(−log) interval,
/// as `lifelines.KaplanMeierFitter` (0.30) and R `survival::survfit(conf.type = "log-log")`.
///
/// - S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ) over distinct event times tᵢ, with nᵢ the observations whose
///   time is ≥ tᵢ (an observation censored at tᵢ is still at risk at tᵢ) and dᵢ the events there.
/// - Greenwood: V(t) = Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ)).
/// - Interval: S^exp(∓ z√V / log S), i.e. lifelines' `exp(−exp(log(−log S) ∓ z√V/log S))`.
///   `nil` where S = 0 (R gives NA; lifelines sets the infinite term to 0 and returns 0).
/// - Weights (the cohort's client weighting) enter n and d as sums; Greenwood then has no
///   meaning and the bounds are `nil` (the cohort uses a client bootstrap instead).
/// - Non-finite times and non-positive weights are dropped; no observations gives `nil`.
///
/// ```swift
/// let km = KaplanMeier.fit(times: [2, 3, 3, 5], events: [true, true, false, true])!
/// km.points.map(\.survival)   // [0.75, 0.5, 0.0]
/// ```
/// - Complexity: O(n log n).
public enum KaplanMeier {
    public static func fit(times: [Double], events: [Bool], weights: [Double]? = nil,
                           confidence: Double = 0.95) -> SurvivalCurve? {
        precondition(times.count == events.count, "times and events must have the same length")
        var rows: [(t: Double, e: Bool, w: Double)] = []
        for i in times.indices where times[i].isFinite {
            let w = weights?[i] ?? 1
            if w > 0 { rows.append((times[i], events[i], w)) }
        }
        guard !rows.isEmpty else { return nil }
        rows.sort { $0.t < $1.t }
        let scale = Double(rows.count) / rows.reduce(0) { $0 + $1.w }
        let z = NormalDistribution.critical(confidence: confidence)
        var atRisk = rows.reduce(0) { $0 + $1.w }
        var s = 1.0, v = 0.0
        var points: [SurvivalPoint] = []
        var i = 0
        while i < rows.count {
            let t = rows[i].t
            var d = 0.0, leaving = 0.0
            while i < rows.count && rows[i].t == t {
                if rows[i].e { d += rows[i].w }
                leaving += rows[i].w
                i += 1
            }
            if d > 0 {
                let n = atRisk
                s *= (1 - d / n)
                if d < n { v += d / (n * (n - d)) } else { v = .infinity }
                var lo: Double? = nil, hi: Double? = nil
                if weights == nil, s > 0, s < 1, v.isFinite {
                    let ls = log(s)
                    lo = exp(-exp(log(-ls) - z * v.squareRoot() / ls))
                    hi = exp(-exp(log(-ls) + z * v.squareRoot() / ls))
                }
                points.append(SurvivalPoint(days: t, fromDays: t, atRisk: n * scale, events: d * scale,
                                            survival: max(0, s), lower95: lo, upper95: hi))
            }
            atRisk -= leaving
        }
        return SurvivalCurve(method: .kaplanMeier, points: points,
                             interval: weights == nil ? .greenwoodLogLog : .none)
    }
}
