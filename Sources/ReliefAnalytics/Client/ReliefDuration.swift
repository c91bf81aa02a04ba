import ReliefModel

/// How long relief lasts (metrics.md §4): the survival curve of return-of-pain observations,
/// with counts of what kind of data it rests on.
///
/// - intervals: observations (sessions that brought relief and have something after them);
///   events = exact + interval-censored; censored = right-censored.
/// - withoutFollowUp: sessions that brought relief but have nothing after them up to the cut-off
///   (no later session, no check-in): left out, since relief always holds at day 0.
/// - method: Kaplan–Meier when every observation is exact or right-censored (Greenwood log(−log)
///   band for one client), Turnbull otherwise (percentile-bootstrap band).
/// - medianDays: smallest t with S(t) ≤ 0.5 (`null` when never reached: "more than N days", N =
///   `longestFollowUpDays`); medianFromDays: the Turnbull interval's left end, so the median lies
///   in (medianFromDays, medianDays].
/// - basis: `reportedDays` (all from `relief_days`), `checkIns` (some narrowed by check-ins),
///   `sessionsOnly` (next-session pain only: current-status data), `mixed`, or `none`.
public struct ReliefDuration: Hashable, Sendable, Codable {
    public var intervals: Int
    /// Sessions with relief and nothing after them up to the cut-off: not observations.
    public var withoutFollowUp: Int
    public var events: Int
    public var censored: Int
    public var exact: Int
    public var intervalCensored: Int
    public var basis: String
    public var method: SurvivalCurve.Method?
    public var intervalMethod: SurvivalCurve.IntervalMethod?
    /// Whether clients were weighted equally (cohort curves).
    public var clientsWeightedEqually: Bool
    public var medianDays: Double?
    public var medianFromDays: Double?
    /// The longest time any observation was followed (the largest finite time on record).
    public var longestFollowUpDays: Double?
    public var curve: [SurvivalPoint]
    /// The cumulative effect for one client (first month against the period), `nil` for cohorts.
    public var cumulative: ReliefTrend?

    static func summarize(_ obs: [ReliefObservation], withoutFollowUp: Int, curve: SurvivalCurve?,
                          clientsWeightedEqually: Bool, cumulative: ReliefTrend?) -> ReliefDuration {
        var exact = 0, interval = 0, censored = 0
        var longest: Double? = nil
        for o in obs {
            switch o.time {
            case .exact(let t): exact += 1; longest = max(longest ?? t, t)
            case .interval(_, let r): interval += 1; longest = max(longest ?? r, r)
            case .rightCensored(let c): censored += 1; longest = max(longest ?? c, c)
            }
        }
        return ReliefDuration(intervals: obs.count, withoutFollowUp: withoutFollowUp, events: exact + interval, censored: censored, exact: exact,
                              intervalCensored: interval, basis: basis(of: obs), method: curve?.method,
                              intervalMethod: curve?.interval, clientsWeightedEqually: clientsWeightedEqually,
                              medianDays: curve?.median, medianFromDays: curve?.medianFrom,
                              longestFollowUpDays: longest, curve: curve?.points ?? [], cumulative: cumulative)
    }

    static func basis(of obs: [ReliefObservation]) -> String {
        guard !obs.isEmpty else { return "none" }
        let kinds = Set(obs.map(\.basis))
        if kinds == [.reportedDays] { return "reportedDays" }
        if kinds.contains(.reportedDays) { return "mixed" }
        if kinds.contains(.checkIns) { return "checkIns" }
        return "sessionsOnly"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(intervals, forKey: .intervals)
        try c.encode(withoutFollowUp, forKey: .withoutFollowUp)
        try c.encode(events, forKey: .events)
        try c.encode(censored, forKey: .censored)
        try c.encode(exact, forKey: .exact)
        try c.encode(intervalCensored, forKey: .intervalCensored)
        try c.encode(basis, forKey: .basis)
        try c.encodeOrNull(method, forKey: .method)
        try c.encodeOrNull(intervalMethod, forKey: .intervalMethod)
        try c.encode(clientsWeightedEqually, forKey: .clientsWeightedEqually)
        try c.encodeOrNull(medianDays, forKey: .medianDays)
        try c.encodeOrNull(medianFromDays, forKey: .medianFromDays)
        // Derived, not stored (so decoding needs no such key): what kind of number the median is.
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encodeOrNull(median.kind, forKey: .medianKind)
        try c.encodeOrNull(longestFollowUpDays, forKey: .longestFollowUpDays)
        try c.encode(curve, forKey: .curve)
        try c.encodeOrNull(cumulative, forKey: .cumulative)
    }
}

/// The cumulative effect on relief duration for one client (metrics.md §4): the median in the
/// client's first month (the first 30 days from the first session) against the report's period,
/// and the Theil–Sen slope of exact event times (reported `relief_days`) against session number
/// ("relief lasts about 0.4 days longer with each session"), which needs 4 exact times.
public struct ReliefTrend: Hashable, Sendable, Codable {
    public var firstMonthMedianDays: Double?
    /// The first month's median lies in (firstMonthMedianFromDays, firstMonthMedianDays].
    public var firstMonthMedianFromDays: Double?
    /// The longest follow-up of the first month's observations.
    public var firstMonthLongestFollowUpDays: Double?
    public var latestMedianDays: Double?
    /// Exact event times used for the slope.
    public var n: Int
    public var daysPerSession: Double?
    public var daysPerSessionLower95: Double?
    public var daysPerSessionUpper95: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(firstMonthMedianDays, forKey: .firstMonthMedianDays)
        try c.encodeOrNull(firstMonthMedianFromDays, forKey: .firstMonthMedianFromDays)
        try c.encodeOrNull(firstMonthLongestFollowUpDays, forKey: .firstMonthLongestFollowUpDays)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encodeOrNull(firstMonth.kind, forKey: .firstMonthMedianKind)
        try c.encodeOrNull(latestMedianDays, forKey: .latestMedianDays)
        try c.encode(n, forKey: .n)
        try c.encodeOrNull(daysPerSession, forKey: .daysPerSession)
        try c.encodeOrNull(daysPerSessionLower95, forKey: .daysPerSessionLower95)
        try c.encodeOrNull(daysPerSessionUpper95, forKey: .daysPerSessionUpper95)
    }
}

extension ReliefDuration {
    /// One client's relief duration for a period: observations from the period's sessions, data up
    /// to its end; Greenwood band for Kaplan–Meier, a bootstrap over observations for Turnbull.
    static func forClient(_ record: ClientRecord, period: Period, options: AnalysisOptions) -> ReliefDuration {
        let observed = ReturnOfPain.observe(record, sessionsIn: period, cutoff: period.to)
        let obs = observed.observations
        var curve = Turnbull.fit(obs.map(\.time), confidence: options.confidence)
        if let c = curve, c.method == .turnbull {
            var rng = SplitMix64(seed: options.bootstrapSeed ^ stableHash(record.client.id))
            curve = SurvivalBootstrap.bands(c, clusters: obs.map { [$0.time] }, weightClustersEqually: false,
                                            replicates: options.bootstrapReplicates, confidence: options.confidence,
                                            using: &rng)
        }
        // Cumulative effect over the course up to the period's end.
        var cumulative: ReliefTrend? = nil
        if let first = record.sessions.first?.day, first <= period.to {
            let firstMonth = Period(from: first, to: min(first + 29, period.to))
            let firstObs = ReturnOfPain.observations(record, sessionsIn: firstMonth, cutoff: period.to)
            let firstCurve = Turnbull.fit(firstObs.map(\.time))
            let firstLongest = firstObs.map { o -> Double in
                switch o.time {
                case .exact(let t), .rightCensored(let t), .interval(_, let t): t
                }
            }.max()
            let all = ReturnOfPain.observations(record, sessionsIn: Period(from: first, to: period.to), cutoff: period.to)
            var xs: [Double] = [], ys: [Double] = []
            for o in all { if case .exact(let t) = o.time { xs.append(Double(o.sessionNumber)); ys.append(t) } }
            var fit: TheilSen? = nil
            if xs.count >= options.minimumTrendPoints {
                fit = TheilSen.fit(x: xs, y: ys, confidence: options.confidence, exactLimit: options.theilSenExactLimit)
            }
            cumulative = ReliefTrend(firstMonthMedianDays: firstCurve?.median, firstMonthMedianFromDays: firstCurve?.medianFrom,
                                     firstMonthLongestFollowUpDays: firstLongest, latestMedianDays: curve?.median, n: xs.count,
                                     daysPerSession: fit?.slope, daysPerSessionLower95: fit?.lower,
                                     daysPerSessionUpper95: fit?.upper)
        }
        return summarize(obs, withoutFollowUp: observed.withoutFollowUp, curve: curve, clientsWeightedEqually: false,
                         cumulative: cumulative)
    }
}

/// FNV-1a of a string's UTF-8 bytes: a hash that is the same in every process (Swift's `Hasher`
/// is seeded per process), used to derive per-client bootstrap seeds.
func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// Keys of values the JSON derives from stored ones.
enum DerivedKeys: String, CodingKey {
    case medianKind, firstMonthMedianKind
}
