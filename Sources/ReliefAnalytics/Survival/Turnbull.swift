import Foundation

/// Turnbull's nonparametric maximum-likelihood estimate of S(t) for interval-censored data.
///
/// Observations are ``CensoredTime`` values: exact, in (L, R], or right-censored. The estimate
/// puts probability mass pⱼ on Turnbull's innermost intervals (``TurnbullGrid``) and is found by
/// the self-consistency (EM) iteration of Turnbull (1976):
///
///     pⱼ ← (1/W) Σᵢ wᵢ αᵢⱼ pⱼ / Σₖ αᵢₖ pₖ,   αᵢⱼ = 1 when interval j lies in observation i's set,
///
/// from equal masses, until no mass moves by more than `tolerance` (default 1e-10) or after
/// `maxIterations` (default 20 000). Observations covering the same run of intervals are pooled,
/// so an iteration costs O(groups + intervals) whatever the number of observations.
///
/// When every observation is exact or right-censored the NPMLE is the Kaplan–Meier estimate
/// (Efron 1967's self-consistency); `fit` then returns ``KaplanMeier/fit(times:events:weights:confidence:)``
/// itself, with its Greenwood log(−log) interval, so the two agree exactly, not to a tolerance.
/// With session-only ("current status") data every L is 0 and the estimate is the isotonic
/// (pool-adjacent-violators) fit the EM converges to; ``CurrentStatus`` computes it directly,
/// since the EM approaches it only sublinearly (its solution has many zero masses).
///
/// Rows are reported at each interval with mass > 1e-9 and a finite right end, `days` = its right
/// end, `fromDays` = its left end (the drop happens somewhere in (fromDays, days]). The interval
/// bounds are `nil` here; ``SurvivalBootstrap`` adds percentile bands.
///
/// ```swift
/// let s = Turnbull.fit([.interval(0, 7), .interval(2, 4), .rightCensored(7), .exact(3)])!
/// ```
/// - Complexity: O(n log n) to build the grid, then O(k · (g + m)) for k iterations over g pooled
///   groups and m intervals.
public enum Turnbull {
    public static func fit(_ observations: [CensoredTime], weights: [Double]? = nil,
                           confidence: Double = 0.95, forceEM: Bool = false,
                           tolerance: Double = 1e-10, maxIterations: Int = 20_000) -> SurvivalCurve? {
        var obs: [CensoredTime] = []
        var ws: [Double]? = weights == nil ? nil : []
        for (i, o) in observations.enumerated() where Turnbull.isValid(o) {
            if let weights { guard weights[i] > 0 else { continue }; ws?.append(weights[i]) }
            obs.append(o)
        }
        guard !obs.isEmpty else { return nil }
        if !forceEM && obs.allSatisfy(\.isKaplanMeierKind) {
            let times = obs.map(\.rightEndOrCensor)
            return KaplanMeier.fit(times: times, events: obs.map(\.isEvent), weights: ws, confidence: confidence)
        }
        let grid = TurnbullGrid(obs)
        if !forceEM && CurrentStatus.applies(to: obs) {
            let (times, f) = CurrentStatus.fit(CurrentStatus.table(obs, weights: ws))
            return curve(grid: grid, mass: CurrentStatus.masses(grid: grid, times: times, f: f), count: Double(obs.count))
        }
        let groups = grid.groups(obs, weights: ws)
        let mass = em(groups: groups, cells: grid.cells.count, start: nil,
                      tolerance: tolerance, maxIterations: maxIterations)
        return curve(grid: grid, mass: mass, count: Double(obs.count))
    }

    /// Builds the reported rows from interval masses.
    static func curve(grid: TurnbullGrid, mass: [Double], count: Double) -> SurvivalCurve {
        var points: [SurvivalPoint] = []
        var s = 1.0
        for (j, cell) in grid.cells.enumerated() where mass[j] > 1e-9 && cell.right.isFinite {
            let before = s
            s = max(0, s - mass[j])
            points.append(SurvivalPoint(days: cell.right, fromDays: cell.left.value,
                                        atRisk: clean(count * before), events: clean(count * mass[j]),
                                        survival: clean(s)))
        }
        return SurvivalCurve(method: .turnbull, points: points, interval: .none)
    }

    /// The self-consistency iteration on pooled groups; returns the mass of each cell.
    static func em(groups: [TurnbullGrid.Group], cells m: Int, start: [Double]?,
                   tolerance: Double, maxIterations: Int) -> [Double] {
        guard m > 0 else { return [] }
        let total = groups.reduce(0) { $0 + $1.weight }
        var p = start ?? [Double](repeating: 1 / Double(m), count: m)
        var prefix = [Double](repeating: 0, count: m + 1)
        var acc = [Double](repeating: 0, count: m + 1)
        for _ in 0..<maxIterations {
            for j in 0..<m { prefix[j + 1] = prefix[j] + p[j] }
            for j in 0...m { acc[j] = 0 }
            for g in groups {
                let d = prefix[g.last + 1] - prefix[g.first]
                guard d > 0 else { continue }
                let c = g.weight / d
                acc[g.first] += c
                acc[g.last + 1] -= c
            }
            var running = 0.0, delta = 0.0
            for j in 0..<m {
                running += acc[j]
                let next = p[j] * running / total
                delta = max(delta, abs(next - p[j]))
                p[j] = next
            }
            if delta < tolerance { break }
        }
        return p
    }

    /// Rounds an EM-derived value to 1e-9, the iteration's own precision, so that residue such as
    /// 0.9999999980 or 2e-9 prints as 1 or 0.
    static func clean(_ v: Double) -> Double { (v * 1e9).rounded() / 1e9 }

    static func isValid(_ o: CensoredTime) -> Bool {
        switch o {
        case .exact(let t): t.isFinite
        case .interval(let l, let r): l.isFinite && r.isFinite && l < r
        case .rightCensored(let c): c.isFinite
        }
    }
}

extension CensoredTime {
    var isKaplanMeierKind: Bool {
        if case .interval = self { return false }
        return true
    }

    /// The exact time or the censoring time (meaningless for an interval).
    var rightEndOrCensor: Double {
        switch self {
        case .exact(let t): t
        case .interval(_, let r): r
        case .rightCensored(let c): c
        }
    }
}
