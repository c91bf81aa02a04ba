import ReliefModel

/// Baseline, current, change and trend of one measure for a client (metrics.md §2, §3).
///
/// - baseline: first value on record (the intake session), whatever the period.
/// - current: mean of the last two values up to the period's end.
/// - change = current − baseline, `nil` with fewer than 2 days on record (no course yet);
///   percentChange = 100 · change / baseline, in percent, `nil` when baseline is 0.
/// - baselineUnstable: baseline ≤ 3, where percent change reads large (2 → 0 is −100%).
/// - changeDirection: "better", "worse" or "unchanged" in the measure's own sense (pain and
///   stress: lower is better; sleep and mood: higher is better).
/// - Pain: clinicallyMeaningful = change ≤ −2 points AND percentChange ≤ −30% (both).
/// - Sleep, mood, stress: no validated MCID, so `twoPointChange` (a 2-point change for the better)
///   is only a labelled convention; reliableChange is the primary criterion.
/// - reliableChange: Jacobson–Truax with the clinic's baseline SD, when known.
/// - immediateRelief: pain only (sessions in the period).
public struct MeasureProgress: Hashable, Sendable, Codable {
    public enum ChangeDirection: String, Hashable, Sendable, Codable { case better, worse, unchanged }

    public var measure: Measure
    public var better: Better
    /// Days with a value on record up to the period's end.
    public var n: Int
    public var baseline: Double?
    public var baselineDay: Day?
    public var current: Double?
    public var change: Double?
    public var percentChange: Double?
    public var baselineUnstable: Bool?
    public var changeDirection: ChangeDirection?
    /// Pain: the MCID rule. Other measures: the 2-point convention (encoded as `twoPointChange`).
    public var clinicallyMeaningful: Bool?
    public var reliableChange: ReliableChange?
    public var immediateRelief: ImmediateRelief?
    public var trend: Trend

    public static func of(_ record: ClientRecord, measure: Measure, period: Period,
                          options: AnalysisOptions = .init()) -> MeasureProgress {
        let series = ScoreSeries(record.sessions, measure: measure, upTo: period.to)
        var p = of(series: series, options: options)
        if measure == .pain {
            p.immediateRelief = ImmediateRelief.of(record.sessions.filter { period.contains($0.day) }, options: options)
        }
        return p
    }

    static func of(series: ScoreSeries, options: AnalysisOptions, withTrend: Bool = true) -> MeasureProgress {
        let measure = series.measure
        let better = measure.better
        let baseline = series.baseline, current = series.current
        var change: Double? = nil, percent: Double? = nil
        if series.points.count >= 2, let b = baseline, let c = current {
            change = c - b
            if b != 0 { percent = 100 * (c - b) / b }
        }
        var direction: ChangeDirection? = nil
        var meaningful: Bool? = nil
        if let change {
            let improvement = better == .lower ? -change : change   // > 0 is better
            direction = improvement > 0 ? .better : improvement < 0 ? .worse : .unchanged
            if measure == .pain {
                // percent is nil only for a 0 baseline, where pain cannot fall at all.
                meaningful = change <= -options.meaningfulChangePoints
                    && (percent.map { $0 <= -options.meaningfulChangePercent } ?? false)
            } else {
                meaningful = improvement >= options.meaningfulChangePoints
            }
        }
        var rc: ReliableChange? = nil
        if change != nil, let b = baseline, let c = current {
            rc = ReliableChange.compute(baseline: b, current: c, baselineSD: options.clinicBaselineSD[measure],
                                        reliability: options.reliability, confidence: options.confidence)
        }
        let trend = withTrend ? Trend.of(series, better: better, options: options)
            : Trend(n: series.points.count, direction: .notEnoughData)
        return MeasureProgress(measure: measure, better: better, n: series.points.count, baseline: baseline,
                               baselineDay: series.points.first?.day, current: current, change: change,
                               percentChange: percent,
                               baselineUnstable: baseline.map { $0 <= options.unstableBaseline },
                               changeDirection: direction, clinicallyMeaningful: meaningful,
                               reliableChange: rc, immediateRelief: nil, trend: trend)
    }

    enum CodingKeys: String, CodingKey {
        case measure, better, n, baseline, baselineDay, current, change, percentChange, baselineUnstable
        case changeDirection, clinicallyMeaningful, twoPointChange, reliableChange, immediateRelief, trend
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(measure, forKey: .measure)
        try c.encode(better, forKey: .better)
        try c.encode(n, forKey: .n)
        try c.encodeOrNull(baseline, forKey: .baseline)
        try c.encodeOrNull(baselineDay, forKey: .baselineDay)
        try c.encodeOrNull(current, forKey: .current)
        try c.encodeOrNull(change, forKey: .change)
        try c.encodeOrNull(percentChange, forKey: .percentChange)
        try c.encodeOrNull(baselineUnstable, forKey: .baselineUnstable)
        try c.encodeOrNull(changeDirection, forKey: .changeDirection)
        if measure == .pain {
            try c.encodeOrNull(clinicallyMeaningful, forKey: .clinicallyMeaningful)
            try c.encodeOrNull(immediateRelief, forKey: .immediateRelief)
        } else {
            try c.encodeOrNull(clinicallyMeaningful, forKey: .twoPointChange)
        }
        try c.encodeOrNull(reliableChange, forKey: .reliableChange)
        try c.encode(trend, forKey: .trend)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        measure = try c.decode(Measure.self, forKey: .measure)
        better = try c.decode(Better.self, forKey: .better)
        n = try c.decode(Int.self, forKey: .n)
        baseline = try c.decodeIfPresent(Double.self, forKey: .baseline)
        baselineDay = try c.decodeIfPresent(Day.self, forKey: .baselineDay)
        current = try c.decodeIfPresent(Double.self, forKey: .current)
        change = try c.decodeIfPresent(Double.self, forKey: .change)
        percentChange = try c.decodeIfPresent(Double.self, forKey: .percentChange)
        baselineUnstable = try c.decodeIfPresent(Bool.self, forKey: .baselineUnstable)
        changeDirection = try c.decodeIfPresent(ChangeDirection.self, forKey: .changeDirection)
        clinicallyMeaningful = try c.decodeIfPresent(Bool.self, forKey: measure == .pain ? .clinicallyMeaningful : .twoPointChange)
        reliableChange = try c.decodeIfPresent(ReliableChange.self, forKey: .reliableChange)
        immediateRelief = try c.decodeIfPresent(ImmediateRelief.self, forKey: .immediateRelief)
        trend = try c.decode(Trend.self, forKey: .trend)
    }

    init(measure: Measure, better: Better, n: Int, baseline: Double?, baselineDay: Day?, current: Double?,
         change: Double?, percentChange: Double?, baselineUnstable: Bool?, changeDirection: ChangeDirection?,
         clinicallyMeaningful: Bool?, reliableChange: ReliableChange?, immediateRelief: ImmediateRelief?,
         trend: Trend) {
        self.measure = measure; self.better = better; self.n = n; self.baseline = baseline
        self.baselineDay = baselineDay; self.current = current; self.change = change
        self.percentChange = percentChange; self.baselineUnstable = baselineUnstable
        self.changeDirection = changeDirection; self.clinicallyMeaningful = clinicallyMeaningful
        self.reliableChange = reliableChange; self.immediateRelief = immediateRelief; self.trend = trend
    }
}
