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

    /// The self-consistency iteration on pooled groups, accelerated with SQUAREM; returns the
    /// mass of each cell.
    ///
    /// Plain EM converges linearly and can need thousands of steps; SQUAREM (Varadhan & Roland,
    /// Scand J Stat 2008, scheme S3) extrapolates along two EM steps, α = −‖r‖/‖v‖ capped at −1,
    /// projects back onto the simplex and takes one stabilising EM step. Converged when a cycle
    /// moves no mass by more than `tolerance`. Two ways to accept the extrapolated point:
    ///
    /// - `monotone` (estimates that are printed): a cycle whose result has a lower
    ///   log-likelihood than the plain EM step falls back to it, so the likelihood never falls.
    /// - objective-free (`monotone: false`, bootstrap replicates), like `squarem2` of R's SQUAREM
    ///   package: the log-likelihood is never evaluated (its two `log` per group per cycle were
    ///   most of a replicate's time); the extrapolation is refused only when it leaves some group
    ///   with no mass (an infinitely bad likelihood), and the cycle then keeps the plain EM step.
    ///
    /// A projected cell at zero stays there (the EM multiplies masses), so convergence is
    /// confirmed with the NPMLE's optimality condition (Gentleman & Geyer 1994): every cell's
    /// gradient (1/W) Σᵢ wᵢ αᵢⱼ / Σₖ αᵢₖ pₖ is at most 1. A zero cell above 1 + 1e-9 gets mass
    /// back (1e-3 / cells) and the iteration goes on.
    /// - Complexity: O(groups + cells) per EM step; three steps per cycle.
    static func em(groups: [TurnbullGrid.Group], cells m: Int, start: [Double]?,
                   tolerance: Double, maxIterations: Int, monotone: Bool = true) -> [Double] {
        guard m > 0 else { return [] }
        var map = EMMap(groups: groups, cells: m)
        var p = start ?? [Double](repeating: 1 / Double(m), count: m)
        var x = [Double](repeating: 0, count: m)
        var iterations = 0
        while iterations < maxIterations {
            let p1 = map.step(p), p2 = map.step(p1)
            iterations += 2
            var rr = 0.0, vv = 0.0
            for j in 0..<m {
                let r = p1[j] - p[j], v = p2[j] - 2 * p1[j] + p[j]
                rr += r * r; vv += v * v
            }
            var next = p2
            if vv > 0 {
                let alpha = min(-1, -(rr / vv).squareRoot())
                var sum = 0.0
                for j in 0..<m {
                    let r = p1[j] - p[j], v = p2[j] - 2 * p1[j] + p[j]
                    x[j] = max(0, p[j] - 2 * alpha * r + alpha * alpha * v)
                    sum += x[j]
                }
                if sum > 0 {
                    for j in 0..<m { x[j] /= sum }
                    if monotone {
                        let stabilised = map.step(x)
                        iterations += 1
                        if map.logLikelihood(stabilised) >= map.logLikelihood(p2) { next = stabilised }
                    } else if map.coversEveryGroup(x) {
                        next = map.step(x)
                        iterations += 1
                    }
                }
            }
            var delta = 0.0
            for j in 0..<m { delta = max(delta, abs(next[j] - p[j])) }
            p = next
            if delta < tolerance {
                let gradient = map.gradient(p)
                var revived = 0
                for j in 0..<m where p[j] == 0 && gradient[j] > 1 + 1e-9 { p[j] = 1e-3 / Double(m); revived += 1 }
                guard revived > 0 else { break }
                let sum = p.reduce(0, +)
                for j in 0..<m { p[j] /= sum }
            }
        }
        return p
    }

    /// One self-consistency (EM) step, the log-likelihood and its gradient, on pooled groups.
    struct EMMap {
        let groups: [TurnbullGrid.Group]
        let m: Int
        let total: Double
        var prefix: [Double]
        var acc: [Double]

        init(groups: [TurnbullGrid.Group], cells m: Int) {
            self.groups = groups
            self.m = m
            total = groups.reduce(0) { $0 + $1.weight }
            prefix = [Double](repeating: 0, count: m + 1)
            acc = [Double](repeating: 0, count: m + 1)
        }

        /// Fills `acc` so that its running sum at j is Σᵢ wᵢ αᵢⱼ / Σₖ αᵢₖ pₖ.
        private mutating func accumulate(_ p: [Double]) {
            for j in 0..<m { prefix[j + 1] = prefix[j] + p[j] }
            for j in 0...m { acc[j] = 0 }
            for g in groups {
                let d = prefix[g.last + 1] - prefix[g.first]
                guard d > 0 else { continue }
                let c = g.weight / d
                acc[g.first] += c
                acc[g.last + 1] -= c
            }
        }

        /// pⱼ ← pⱼ · (1/W) Σᵢ wᵢ αᵢⱼ / Σₖ αᵢₖ pₖ.
        mutating func step(_ p: [Double]) -> [Double] {
            accumulate(p)
            var out = p
            var running = 0.0
            for j in 0..<m {
                running += acc[j]
                out[j] = p[j] * running / total
            }
            return out
        }

        /// (1/W) Σᵢ wᵢ αᵢⱼ / Σₖ αᵢₖ pₖ for every cell j: the NPMLE has it ≤ 1 everywhere and = 1 where pⱼ > 0.
        mutating func gradient(_ p: [Double]) -> [Double] {
            accumulate(p)
            var out = [Double](repeating: 0, count: m)
            var running = 0.0
            for j in 0..<m {
                running += acc[j]
                out[j] = running / total
            }
            return out
        }

        /// Σ w · log(mass of the group's cells); −∞ when a group gets no mass.
        mutating func logLikelihood(_ p: [Double]) -> Double {
            for j in 0..<m { prefix[j + 1] = prefix[j] + p[j] }
            var l = 0.0
            for g in groups {
                let d = prefix[g.last + 1] - prefix[g.first]
                if d <= 0 { return -.infinity }
                l += g.weight * log(d)
            }
            return l
        }

        /// Whether every group has some mass under `p` (its likelihood is finite).
        mutating func coversEveryGroup(_ p: [Double]) -> Bool {
            for j in 0..<m { prefix[j + 1] = prefix[j] + p[j] }
            for g in groups where !(prefix[g.last + 1] - prefix[g.first] > 0) { return false }
            return true
        }
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
