import ReliefModel

/// What kind of number a median duration is, given the data it rests on.
///
/// A relief median from reported `relief_days` is a number; one from visits alone is only an
/// upper bound (pain was back by the next visit, day unknown); one never reached is only a lower
/// bound. Reports choose their sentence from this kind, so they never claim more than the data
/// show (docs/reports.md, "Wording by kind of number").
///
/// From a curve's median M (smallest t with S(t) ≤ ½), the left end F of the Turnbull interval
/// holding it, and the longest follow-up L:
/// - `exact(M)` when F = M (Kaplan–Meier, or a Turnbull point mass): "about M days";
/// - `atMost(M)` when F = 0: the median lies in (0, M]: "up to M days";
/// - `between(F, M)` when 0 < F < M: "more than F and up to M days";
/// - `moreThan(L)` when the median is not reached and L > 0: S(t) > ½ through L;
/// - `unknown` with no observation, or nothing followed past day 0.
public enum DurationEstimate: Hashable, Sendable {
    case exact(Double)
    case atMost(Double)
    case between(Double, Double)
    case moreThan(Double)
    case unknown

    public init(median: Double?, medianFrom: Double?, longestFollowUp: Double?) {
        if let m = median {
            let f = medianFrom ?? m
            self = f >= m ? .exact(m) : f <= 0 ? .atMost(m) : .between(f, m)
        } else if let l = longestFollowUp, l > 0 {
            self = .moreThan(l)
        } else {
            self = .unknown
        }
    }

    /// The JSON's word for the kind: `exact`, `upperBound`, `interval`, `lowerBound`, or nil.
    public var kind: String? {
        switch self {
        case .exact: "exact"
        case .atMost: "upperBound"
        case .between: "interval"
        case .moreThan: "lowerBound"
        case .unknown: nil
        }
    }

    /// The values the estimate allows, as (lowest, highest); nil when unknown. Ends are open or
    /// closed as the cases say; comparisons below only use them strictly.
    public var range: (low: Double, high: Double)? {
        switch self {
        case .exact(let x): (x, x)
        case .atMost(let x): (0, x)
        case .between(let a, let b): (a, b)
        case .moreThan(let x): (x, .infinity)
        case .unknown: nil
        }
    }

    /// How `self` compares with `other`, only where the bounds allow a claim.
    public enum Comparison: String, Hashable, Sendable { case longer, shorter, aboutTheSame }

    /// `longer` when every value `self` allows exceeds every value `other` allows (and two exact
    /// values differ by at least `margin`), `shorter` likewise, `aboutTheSame` for two exact values
    /// within `margin`; nil when the bounds overlap or touch (no honest comparison).
    ///
    /// Ends are as the cases say: `between(a, b)` and `moreThan(a)` exclude a, every upper end is
    /// included. So `moreThan(5)` is longer than `atMost(5)`, but `exact(5)` is not longer than
    /// `atMost(5)` (both allow 5). Two upper bounds ("up to 9", "up to 22") allow nothing.
    public func compared(with other: DurationEstimate, margin: Double = 0.5) -> Comparison? {
        guard let a = range, let b = other.range else { return nil }
        if case .exact(let x) = self, case .exact(let y) = other {
            return abs(x - y) < margin ? .aboutTheSame : x > y ? .longer : .shorter
        }
        if a.low > b.high || (a.low == b.high && lowIsOpen) { return .longer }
        if a.high < b.low || (a.high == b.low && other.lowIsOpen) { return .shorter }
        return nil
    }

    /// Whether the lowest value `range` names is itself excluded.
    var lowIsOpen: Bool {
        switch self {
        case .between, .moreThan: true
        case .exact, .atMost, .unknown: false
        }
    }
}

extension ReliefDuration {
    /// What kind of number this curve's median is (`medianDays`, `medianFromDays`,
    /// `longestFollowUpDays`).
    public var median: DurationEstimate {
        intervals == 0 ? .unknown
            : DurationEstimate(median: medianDays, medianFrom: medianFromDays, longestFollowUp: longestFollowUpDays)
    }
}

extension ReliefTrend {
    /// What kind of number the first month's median is.
    public var firstMonth: DurationEstimate {
        DurationEstimate(median: firstMonthMedianDays, medianFrom: firstMonthMedianFromDays,
                         longestFollowUp: firstMonthLongestFollowUpDays)
    }
}
