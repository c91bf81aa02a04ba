/// What the records say about one time-to-event (days until pain returned).
///
/// - `exact(t)`: the event happened at t.
/// - `interval(l, r)`: it happened in (l, r], l < r.
/// - `rightCensored(c)`: it had not happened by c; the event time is in (c, ∞).
public enum CensoredTime: Hashable, Sendable {
    case exact(Double)
    case interval(Double, Double)
    case rightCensored(Double)

    /// True for `exact` and `interval` (the event was observed, more or less precisely).
    public var isEvent: Bool {
        if case .rightCensored = self { return false }
        return true
    }

    /// The left end of the set of possible times as an ordering key: a closed end at v (an
    /// exact time) sorts before a right end at v, an open end at v after it.
    var leftKey: EndpointKey {
        switch self {
        case .exact(let t): EndpointKey(value: t, rank: 0)
        case .interval(let l, _): EndpointKey(value: l, rank: 2)
        case .rightCensored(let c): EndpointKey(value: c, rank: 2)
        }
    }

    /// The right end (closed), or +∞.
    var rightEnd: Double {
        switch self {
        case .exact(let t): t
        case .interval(_, let r): r
        case .rightCensored: .infinity
        }
    }
}

/// An endpoint in Turnbull's ordering: closed-left (rank 0) < right (rank 1) < open-left (rank 2)
/// at the same value.
struct EndpointKey: Comparable, Hashable, Sendable {
    var value: Double
    var rank: Int
    static func < (a: EndpointKey, b: EndpointKey) -> Bool {
        a.value != b.value ? a.value < b.value : a.rank < b.rank
    }
}
