/// The NPMLE for current-status data, by pool-adjacent-violators (isotonic regression).
///
/// Current-status data: every observation is either (0, R] (pain seen back at the first look,
/// R days after the session) or right-censored at C (still below at the only look). The NPMLE of
/// F(t) = 1 − S(t) at the distinct inspection times is the weighted isotonic (non-decreasing)
/// regression of the event indicator on time (Ayer et al. 1955; Groeneboom & Wellner 1992):
/// pool adjacent blocks while a block's mean exceeds the next one's. This is the limit Turnbull's
/// EM approaches, but reached exactly and at once: the EM converges sublinearly here because the
/// solution puts zero mass on many of the innermost intervals.
///
/// - Complexity: O(n log n) (sorting the distinct times), O(k) for the pooling over k times.
enum CurrentStatus {
    /// True when every observation is (0, R] or right-censored, and at least one is (0, R].
    static func applies(to observations: [CensoredTime]) -> Bool {
        var anyInterval = false
        for o in observations {
            switch o {
            case .interval(let l, _): if l != 0 { return false }; anyInterval = true
            case .rightCensored: break
            case .exact: return false
            }
        }
        return anyInterval
    }

    /// Event and total weight at one inspection time.
    struct Cell: Sendable { var time: Double; var events: Double; var total: Double }

    /// Tabulates observations by inspection time.
    static func table(_ observations: [CensoredTime], weights: [Double]?) -> [Double: (events: Double, total: Double)] {
        var t: [Double: (events: Double, total: Double)] = [:]
        for (i, o) in observations.enumerated() {
            let w = weights?[i] ?? 1
            switch o {
            case .interval(_, let r): t[r, default: (0, 0)].events += w; t[r, default: (0, 0)].total += w
            case .rightCensored(let c): t[c, default: (0, 0)].total += w
            case .exact: break
            }
        }
        return t
    }

    /// F̂ at each distinct inspection time, in time order.
    static func fit(_ table: [Double: (events: Double, total: Double)]) -> (times: [Double], f: [Double]) {
        let times = table.keys.sorted()
        var blocks: [(events: Double, total: Double, count: Int)] = []
        for t in times {
            let c = table[t]!
            blocks.append((c.events, c.total, 1))
            while blocks.count >= 2 {
                let b = blocks[blocks.count - 1], a = blocks[blocks.count - 2]
                // a's mean > b's mean, compared without division.
                guard a.events * b.total > b.events * a.total else { break }
                blocks.removeLast(2)
                blocks.append((a.events + b.events, a.total + b.total, a.count + b.count))
            }
        }
        var f: [Double] = []
        f.reserveCapacity(times.count)
        for b in blocks {
            let v = b.total > 0 ? b.events / b.total : 0
            f.append(contentsOf: repeatElement(v, count: b.count))
        }
        return (times, f)
    }

    /// F̂ at x: the value at the largest inspection time ≤ x, 0 before the first.
    static func value(at x: Double, times: [Double], f: [Double]) -> Double {
        var lo = 0, hi = times.count
        while lo < hi { let mid = (lo + hi) / 2; if times[mid] <= x { lo = mid + 1 } else { hi = mid } }
        return lo == 0 ? 0 : f[lo - 1]
    }

    /// Masses of Turnbull's innermost intervals implied by F̂ (F is flat outside them).
    static func masses(grid: TurnbullGrid, times: [Double], f: [Double]) -> [Double] {
        grid.cells.map { c in
            let right = c.right.isFinite ? value(at: c.right, times: times, f: f) : 1
            return max(0, right - value(at: c.left.value, times: times, f: f))
        }
    }
}
