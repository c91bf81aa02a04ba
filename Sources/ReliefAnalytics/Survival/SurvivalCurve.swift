import Foundation

/// One row of a survival curve: the estimate at one event time (or Turnbull interval).
///
/// `days` is the time by which the drop has happened: the event time for Kaplan–Meier, the
/// right end of the Turnbull interval (`fromDays`, `days`] for interval-censored data.
/// `atRisk` and `events` are counts of observations for an unweighted Kaplan–Meier fit; for
/// Turnbull fits and client-weighted cohort curves they are the estimated numbers
/// (N·S just before the interval, N·mass of the interval) and may be fractional.
public struct SurvivalPoint: Hashable, Sendable, Codable {
    public var days: Double
    public var fromDays: Double
    public var atRisk: Double
    public var events: Double
    public var survival: Double
    public var lower95: Double?
    public var upper95: Double?

    public init(days: Double, fromDays: Double, atRisk: Double, events: Double, survival: Double,
                lower95: Double? = nil, upper95: Double? = nil) {
        self.days = days; self.fromDays = fromDays; self.atRisk = atRisk; self.events = events
        self.survival = survival; self.lower95 = lower95; self.upper95 = upper95
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(days, forKey: .days)
        try c.encode(fromDays, forKey: .fromDays)
        try c.encode(atRisk, forKey: .atRisk)
        try c.encode(events, forKey: .events)
        try c.encode(survival, forKey: .survival)
        try c.encodeOrNull(lower95, forKey: .lower95)
        try c.encodeOrNull(upper95, forKey: .upper95)
    }
}

/// A survival estimate S(t): the probability that relief still holds t days after a session.
public struct SurvivalCurve: Hashable, Sendable {
    public enum Method: String, Hashable, Sendable, Codable {
        case kaplanMeier, turnbull
    }

    public var method: Method
    /// Rows at each event time (Kaplan–Meier) or Turnbull interval with positive mass.
    public var points: [SurvivalPoint]
    /// Where the interval comes from: Greenwood log(−log), or a percentile bootstrap.
    public var interval: IntervalMethod

    public enum IntervalMethod: String, Hashable, Sendable, Codable {
        case greenwoodLogLog, bootstrap, none
    }

    /// S(t) with the right-end convention: the value after every drop at or before t.
    public func survival(at t: Double) -> Double {
        var s = 1.0
        for p in points where p.days <= t { s = p.survival }
        return s
    }

    /// The smallest t with S(t) ≤ 0.5 (with 1e-12 slack, so a product that should be exactly 0.5
    /// counts), `nil` when the curve never gets there.
    public var median: Double? { points.first { $0.survival <= 0.5 + 1e-12 }?.days }

    /// Left end of the Turnbull interval holding the median (equal to `median` for Kaplan–Meier).
    public var medianFrom: Double? { points.first { $0.survival <= 0.5 + 1e-12 }?.fromDays }
}
