import ReliefModel

/// Everything Relief computes about one client for a period: the `relief analyze --client --json`
/// object (docs/analyze-json.md).
///
/// All numbers use records up to `period.to` only, so a month's report is the same whenever it
/// is run. Keys are always present; a value that cannot be computed is `null`.
public struct ClientProgress: Hashable, Sendable, Codable {
    public var client: String
    public var period: Period
    /// The last day whose records were read (`period.to`).
    public var dataCutoff: Day
    /// Sessions in the period.
    public var sessions: Int
    /// Sessions on record up to the cut-off.
    public var sessionsOnRecord: Int
    public var pain: MeasureProgress
    public var sleep: MeasureProgress
    public var mood: MeasureProgress
    public var stress: MeasureProgress
    public var reliefDuration: ReliefDuration
    public var consistency: Consistency
    public var carryOver: CarryOver
    /// The same headline numbers for the previous period of equal type (the previous calendar
    /// month for a month, else the equally long stretch just before); `nil` only inside itself.
    public var previous: ProgressHeadline?
    /// Booked against attended, for a client with appointments from a practice system in the
    /// period; nil (and absent from the JSON) otherwise.
    public var appointments: AppointmentAttendance? = nil

    /// The progress of one measure.
    public func progress(of measure: Measure) -> MeasureProgress {
        switch measure {
        case .pain: pain
        case .sleep: sleep
        case .mood: mood
        case .stress: stress
        }
    }

    enum CodingKeys: String, CodingKey {
        case client, period, dataCutoff, sessions, sessionsOnRecord, pain, sleep, mood, stress
        case reliefDuration, consistency, carryOver, previous, appointments
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(client, forKey: .client)
        try c.encode(period, forKey: .period)
        try c.encode(dataCutoff, forKey: .dataCutoff)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(sessionsOnRecord, forKey: .sessionsOnRecord)
        try c.encode(pain, forKey: .pain)
        try c.encode(sleep, forKey: .sleep)
        try c.encode(mood, forKey: .mood)
        try c.encode(stress, forKey: .stress)
        try c.encode(reliefDuration, forKey: .reliefDuration)
        try c.encode(consistency, forKey: .consistency)
        try c.encode(carryOver, forKey: .carryOver)
        try c.encodeOrNull(previous, forKey: .previous)
        try c.encodeIfPresent(appointments, forKey: .appointments)
    }
}

/// The headline numbers of a client's period, for "this month against last month".
public struct ProgressHeadline: Hashable, Sendable, Codable {
    public var period: Period
    public var sessions: Int
    public var painCurrent: Double?
    public var painChange: Double?
    public var painPercentChange: Double?
    public var clinicallyMeaningful: Bool?
    public var painTrend: Trend.Direction
    public var immediateReliefMean: Double?
    public var sessionsPer30Days: Double
    public var consistent: Bool
    public var reliefMedianDays: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(sessions, forKey: .sessions)
        try c.encodeOrNull(painCurrent, forKey: .painCurrent)
        try c.encodeOrNull(painChange, forKey: .painChange)
        try c.encodeOrNull(painPercentChange, forKey: .painPercentChange)
        try c.encodeOrNull(clinicallyMeaningful, forKey: .clinicallyMeaningful)
        try c.encode(painTrend, forKey: .painTrend)
        try c.encodeOrNull(immediateReliefMean, forKey: .immediateReliefMean)
        try c.encode(sessionsPer30Days, forKey: .sessionsPer30Days)
        try c.encode(consistent, forKey: .consistent)
        try c.encodeOrNull(reliefMedianDays, forKey: .reliefMedianDays)
    }
}

extension Period {
    /// The previous period of equal type: the previous calendar month when this period is exactly
    /// one, otherwise the equally long stretch of days just before.
    public var previous: Period {
        let m = from.month
        if from == m.first && to == m.last { return Period(m.previous) }
        return Period(from: from - length, to: from - 1)
    }
}
