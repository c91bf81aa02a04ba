/// Turnbull's innermost intervals for a set of censored times, and each observation's
/// range of them.
///
/// The endpoints of all observations are sorted with ``EndpointKey``'s order (closed left end,
/// then right end, then open left end at equal values); every left endpoint immediately followed
/// by a right endpoint bounds one innermost interval (Turnbull 1976). An observation's set of
/// possible times contains a contiguous run `first...last` of those intervals, and the NPMLE
/// puts all its mass on them.
///
/// - Complexity: O(n log n) for n observations.
struct TurnbullGrid: Sendable {
    struct Cell: Hashable, Sendable {
        var left: EndpointKey
        var right: Double
    }

    /// Observations sharing a range (and kind) are pooled with their total weight.
    struct Group: Hashable, Sendable {
        var first: Int
        var last: Int
        /// True for an exact event; a right-censored observation whose range is a single exact
        /// cell must not be mistaken for an event there when Kaplan–Meier is computed on the grid.
        var exact: Bool
        var weight: Double
    }

    struct GroupKey: Hashable {
        var first: Int
        var last: Int
        var exact: Bool
    }

    var cells: [Cell]

    init(_ observations: [CensoredTime]) {
        var ends: [(EndpointKey, Bool)] = []   // (key, isLeft)
        ends.reserveCapacity(observations.count * 2)
        for o in observations {
            ends.append((o.leftKey, true))
            ends.append((EndpointKey(value: o.rightEnd, rank: 1), false))
        }
        ends.sort { $0.0 != $1.0 ? $0.0 < $1.0 : ($0.1 && !$1.1) }
        var cells: [Cell] = []
        var lastLeft: EndpointKey? = nil
        for (k, isLeft) in ends {
            if isLeft { lastLeft = k } else if let l = lastLeft {
                cells.append(Cell(left: l, right: k.value))
                lastLeft = nil
            }
        }
        self.cells = cells
    }

    /// The run of cells inside the observation's set of possible times.
    func range(of o: CensoredTime) -> ClosedRange<Int> {
        let lk = o.leftKey, r = o.rightEnd
        // first cell whose left key ≥ the observation's left key
        var lo = 0, hi = cells.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cells[mid].left < lk { lo = mid + 1 } else { hi = mid }
        }
        let first = lo
        // last cell whose right end ≤ r
        lo = 0; hi = cells.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cells[mid].right <= r { lo = mid + 1 } else { hi = mid }
        }
        let last = lo - 1
        return first...max(first, last)
    }

    /// Pools observations (with optional weights) into groups by cell range.
    func groups(_ observations: [CensoredTime], weights: [Double]? = nil) -> [Group] {
        var index: [GroupKey: Int] = [:]
        var out: [Group] = []
        for (i, o) in observations.enumerated() {
            let r = range(of: o)
            var exact = false
            if case .exact = o { exact = true }
            let key = GroupKey(first: r.lowerBound, last: r.upperBound, exact: exact)
            let w = weights?[i] ?? 1
            if let g = index[key] { out[g].weight += w } else {
                index[key] = out.count
                out.append(Group(first: r.lowerBound, last: r.upperBound, exact: exact, weight: w))
            }
        }
        return out
    }
}
