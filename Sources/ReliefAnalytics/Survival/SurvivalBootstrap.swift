import Foundation

/// Percentile bootstrap bands for a survival curve, resampling clusters (clients, or single
/// observations) with replacement.
///
/// Each replicate draws as many clusters as there are, with replacement, pools their observations
/// (each cluster's observations weighted 1/size when `weightClustersEqually`, so every client
/// counts once), refits on the full sample's Turnbull intervals, and evaluates S at every row's
/// `days`. The band at a row is the 2.5th and 97.5th percentile (linear interpolation, numpy's
/// default) of the replicates. Kaplan–Meier-type data (exact or right-censored only) is refitted
/// as weighted Kaplan–Meier on the grid; other data by the EM started halfway between the full
/// estimate and equal masses. Replicates are fitted on the full sample's intervals, where a
/// replicate's own innermost intervals could be coarser; at day resolution this moves a bound by
/// at most one row.
///
/// - Complexity: O(B · (N + k·(g + m))) for B replicates of N observations.
enum SurvivalBootstrap {
    static func bands(_ curve: SurvivalCurve, clusters: [[CensoredTime]], weightClustersEqually: Bool,
                      replicates: Int, confidence: Double,
                      using rng: inout some RandomNumberGenerator) -> SurvivalCurve {
        let all = clusters.flatMap { $0 }.filter(Turnbull.isValid)
        guard replicates > 1, !curve.points.isEmpty, !all.isEmpty else { return curve }
        let kmKind = all.allSatisfy(\.isKaplanMeierKind)
        if !kmKind && CurrentStatus.applies(to: all) {
            return currentStatusBands(curve, clusters: clusters, weightClustersEqually: weightClustersEqually,
                                      replicates: replicates, confidence: confidence, using: &rng)
        }
        let grid = TurnbullGrid(all)
        let m = grid.cells.count
        // Each cluster as pooled groups on the full grid.
        let clusterGroups: [[TurnbullGrid.Group]] = clusters.map { c in
            let valid = c.filter(Turnbull.isValid)
            let w = weightClustersEqually && !valid.isEmpty ? 1 / Double(valid.count) : 1
            return grid.groups(valid, weights: [Double](repeating: w, count: valid.count))
        }.filter { !$0.isEmpty }
        guard !clusterGroups.isEmpty else { return curve }
        let fullGroups = clusterGroups.flatMap { $0 }
        let fullMass = kmKind ? gridKaplanMeier(fullGroups, cells: m)
            : Turnbull.em(groups: fullGroups, cells: m, start: nil, tolerance: 1e-10, maxIterations: 20_000)
        let start = fullMass.map { 0.5 * $0 + 0.5 / Double(m) }

        var samples = [[Double]](repeating: [], count: curve.points.count)
        var merged: [TurnbullGrid.GroupKey: Double] = [:]
        for _ in 0..<replicates {
            merged.removeAll(keepingCapacity: true)
            for _ in 0..<clusterGroups.count {
                let c = clusterGroups[Int.random(in: 0..<clusterGroups.count, using: &rng)]
                for g in c { merged[TurnbullGrid.GroupKey(first: g.first, last: g.last, exact: g.exact), default: 0] += g.weight }
            }
            let groups = merged.map { TurnbullGrid.Group(first: $0.key.first, last: $0.key.last, exact: $0.key.exact, weight: $0.value) }
            let mass = kmKind ? gridKaplanMeier(groups, cells: m)
                : Turnbull.em(groups: groups, cells: m, start: start, tolerance: 1e-8, maxIterations: 5_000)
            // S at each row's days: 1 − mass of cells ending at or before it.
            var cum = 0.0, j = 0
            for (r, p) in curve.points.enumerated() {
                while j < m && grid.cells[j].right <= p.days { cum += mass[j]; j += 1 }
                samples[r].append(max(0, 1 - cum))
            }
        }
        return withPercentiles(curve, samples: samples, confidence: confidence)
    }

    static func withPercentiles(_ curve: SurvivalCurve, samples: [[Double]], confidence: Double) -> SurvivalCurve {
        let a = (1 - confidence) / 2
        var out = curve
        for r in out.points.indices {
            let s = samples[r].sorted()
            out.points[r].lower95 = Descriptive.quantileOfSorted(s, a)
            out.points[r].upper95 = Descriptive.quantileOfSorted(s, 1 - a)
        }
        out.interval = .bootstrap
        return out
    }

    /// Current-status data: each replicate is refitted exactly by pool-adjacent-violators.
    static func currentStatusBands(_ curve: SurvivalCurve, clusters: [[CensoredTime]], weightClustersEqually: Bool,
                                   replicates: Int, confidence: Double,
                                   using rng: inout some RandomNumberGenerator) -> SurvivalCurve {
        let tables: [[(time: Double, events: Double, total: Double)]] = clusters.compactMap { c in
            let valid = c.filter(Turnbull.isValid)
            guard !valid.isEmpty else { return nil }
            let w = weightClustersEqually ? 1 / Double(valid.count) : 1
            return CurrentStatus.table(valid, weights: [Double](repeating: w, count: valid.count))
                .map { ($0.key, $0.value.events, $0.value.total) }
        }
        guard !tables.isEmpty else { return curve }
        var samples = [[Double]](repeating: [], count: curve.points.count)
        var merged: [Double: (events: Double, total: Double)] = [:]
        for _ in 0..<replicates {
            merged.removeAll(keepingCapacity: true)
            for _ in 0..<tables.count {
                for e in tables[Int.random(in: 0..<tables.count, using: &rng)] {
                    merged[e.time, default: (0, 0)].events += e.events
                    merged[e.time, default: (0, 0)].total += e.total
                }
            }
            let (times, f) = CurrentStatus.fit(merged)
            for (r, p) in curve.points.enumerated() {
                samples[r].append(1 - CurrentStatus.value(at: p.days, times: times, f: f))
            }
        }
        return withPercentiles(curve, samples: samples, confidence: confidence)
    }

    /// Weighted Kaplan–Meier on grid cells: exact groups are single cells, right-censored groups
    /// start at the first cell after their censoring time. Returns the mass of each cell.
    static func gridKaplanMeier(_ groups: [TurnbullGrid.Group], cells m: Int) -> [Double] {
        var events = [Double](repeating: 0, count: m)
        var leaveAfter = [Double](repeating: 0, count: m + 1)  // weight leaving the risk set after cell j−1
        var total = 0.0
        for g in groups {
            total += g.weight
            if g.exact { events[g.first] += g.weight; leaveAfter[g.first + 1] += g.weight }
            else { leaveAfter[g.first] += g.weight }   // censored before cell `first`: not at risk there
        }
        var mass = [Double](repeating: 0, count: m)
        var atRisk = total, s = 1.0
        for j in 0..<m {
            atRisk -= leaveAfter[j]
            if events[j] > 0 && atRisk > 0 {
                let next = s * (1 - events[j] / atRisk)
                mass[j] = s - next
                s = next
            }
        }
        return mass
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator, so that the same
/// seed gives the same bootstrap bands on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
