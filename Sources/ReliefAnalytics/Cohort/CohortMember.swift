import ReliefModel

/// What the cohort needs from one client, computed once per client (in parallel).
struct CohortMember: Sendable {
    var id: String
    var name: String?
    var active: Bool
    var isNew: Bool
    var lapsed: Bool
    var sessionsInPeriod: Int
    var sessionsOnRecord: Int
    var pain: PainSummary
    var courseRate: Double?
    var deltas: [Double]
    var relief: [ReliefObservation]
    /// Sessions with relief and nothing after them (left out of `relief`).
    var reliefWithoutFollowUp: Int
    var therapist: String
    var techniques: [String]
    var regions: [String]
    /// The sites of a chain where the client had sessions in the period (empty: none recorded).
    var sites: [String]
    var segment: String
    var kind: SessionKind
    var missing: (painAfter: Int, sleep: Int, mood: Int, stress: Int)
    var lastSession: Day?
    var atRisk: [AtRiskClient.Reason]
    /// Booked against attended in the period (nil without appointments).
    var appointments: AppointmentAttendance? = nil

    var eligible: Bool { pain.change != nil }
    var improved: Bool { pain.clinicallyMeaningful == true }
    var isAtRisk: Bool { !atRisk.isEmpty }
    var percentChange: Double? { pain.percentChange }

    /// What the cohort reads of a member's pain progress: the five values of `MeasureProgress`
    /// its figures use, without the trend, the reliable change and the rest (a member is held
    /// until the aggregation: at a 10M chain's 320,000 clients, twice over in a month's clinic
    /// report, the full `MeasureProgress`, 298 bytes against 58, made each member 592 bytes
    /// instead of 352).
    struct PainSummary: Sendable {
        var baseline: Double?
        var current: Double?
        var change: Double?
        var percentChange: Double?
        var clinicallyMeaningful: Bool?

        init(_ p: MeasureProgress) {
            baseline = p.baseline; current = p.current; change = p.change
            percentChange = p.percentChange; clinicallyMeaningful = p.clinicallyMeaningful
        }
    }

    /// `nil` for a client neither active nor lapsed in the period (nothing to count).
    static func of(_ record: ClientRecord, period: Period, options: AnalysisOptions) -> CohortMember? {
        let all = record.sessions
        // Sessions are sorted by day: the ones up to the cut-off are a prefix.
        var end = all.count
        var lo = 0
        while lo < end { let mid = (lo + end) / 2; if all[mid].day <= period.to { lo = mid + 1 } else { end = mid } }
        let onRecord = all[0..<lo]
        guard let first = onRecord.first, let last = onRecord.last else { return nil }
        let inPeriod = onRecord.filter { period.contains($0.day) }
        let active = !inPeriod.isEmpty
        let lapseDay = last.day + options.lapseDays
        let lapsed = period.contains(lapseDay)
        guard active || lapsed else { return nil }

        let series = ScoreSeries(onRecord, measure: .pain, upTo: period.to)
        // The cohort uses a client's pain trend only for its direction (and a worsening one's
        // slope, for the at-risk list): the direction comes from slope signs, and only a
        // worsening trend is fitted in full.
        var pain = MeasureProgress.of(series: series, options: options, withTrend: false)
        let direction = Trend.direction(of: series, better: series.measure.better, options: options)
        pain.trend = direction == .worsening ? Trend.of(series, better: series.measure.better, options: options)
            : Trend(n: series.points.count, direction: direction)
        pain.immediateRelief = nil
        let deltas = inPeriod.compactMap { s in s.painAfter.map { s.painBefore - $0 } }
        let observed = active ? ReturnOfPain.observe(record, sessionsIn: period, cutoff: period.to) : nil

        let therapist = Analytics.therapistOfRecord(record.client, sessionsIn: inPeriod) ?? GroupKeys.unspecified
        var techniques = Set<String>(), regions = Set<String>(), sites = Set<String>()
        var medical = 0, missing = (painAfter: 0, sleep: 0, mood: 0, stress: 0)
        for s in inPeriod {
            techniques.formUnion(s.techniques); regions.formUnion(s.regions)
            if let site = s.site { sites.insert(site) }
            if s.kind == .medical { medical += 1 }
            if s.painAfter == nil { missing.painAfter += 1 }
            if s.sleep == nil { missing.sleep += 1 }
            if s.mood == nil { missing.mood += 1 }
            if s.stress == nil { missing.stress += 1 }
        }
        if regions.isEmpty { regions.formUnion(record.client.regions) }

        var reasons: [AtRiskClient.Reason] = []
        if pain.trend.direction == .worsening, let slope = pain.trend.slopePerWeek {
            reasons.append(.init(code: .worsening, sessions: pain.trend.n, slopePerWeek: slope))
        }
        if series.points.count >= options.atRiskMinimumSessions, let b = pain.baseline, let c = pain.current, c >= b {
            reasons.append(.init(code: .noBetterThanBaseline, sessions: series.points.count, baseline: b, current: c))
        }
        if lapsed, let c = pain.current, c > options.atRiskLapsedPain {
            reasons.append(.init(code: .lapsedInPain, current: c, daysAway: period.to - last.day))
        }

        return CohortMember(
            id: record.client.id, name: record.client.name, active: active,
            isNew: active && period.contains(first.day), lapsed: lapsed,
            sessionsInPeriod: inPeriod.count, sessionsOnRecord: onRecord.count, pain: PainSummary(pain),
            courseRate: Consistency.courseRate(days: onRecord.map(\.day)), deltas: deltas,
            relief: observed?.observations ?? [], reliefWithoutFollowUp: observed?.withoutFollowUp ?? 0,
            therapist: therapist, techniques: techniques.sorted(), regions: regions.sorted(), sites: sites.sorted(),
            segment: record.client.segment?.rawValue ?? GroupKeys.unspecified,
            kind: medical * 2 >= inPeriod.count ? .medical : .relaxation,
            missing: missing, lastSession: last.day, atRisk: reasons,
            appointments: AppointmentAttendance.of(record, period: period))
    }
}

/// What a period's headline (`Analytics.headline`) reads of a member: six flags, two counts,
/// the percent change in pain and the two arrays the pooled figures need. The month before's members of a
/// clinic report are held to the end of the read beside this month's, so they keep this only
/// (56 bytes and two arrays, against `CohortMember`'s 352 bytes, two strings and six arrays).
struct HeadlineMember: HeadlineCounted, Sendable {
    var active: Bool
    var isNew: Bool
    var lapsed: Bool
    /// At least one at-risk reason (`CohortMember.atRisk` not empty).
    var isAtRisk: Bool
    var eligible: Bool
    var improved: Bool
    var sessionsInPeriod: Int
    var percentChange: Double?
    var deltas: [Double]
    var relief: [ReliefObservation]
    var reliefWithoutFollowUp: Int

    init(_ m: CohortMember) {
        active = m.active; isNew = m.isNew; lapsed = m.lapsed; isAtRisk = m.isAtRisk
        eligible = m.eligible; improved = m.improved; sessionsInPeriod = m.sessionsInPeriod
        percentChange = m.pain.percentChange; deltas = m.deltas; relief = m.relief
        reliefWithoutFollowUp = m.reliefWithoutFollowUp
    }
}

/// What a period's headline figures read of a member (`Analytics.admit`, `Analytics.figures`):
/// a `CohortMember` for the month's full outcomes, a `HeadlineMember` for last month's figures.
protocol HeadlineCounted {
    var active: Bool { get }
    var isNew: Bool { get }
    var lapsed: Bool { get }
    var isAtRisk: Bool { get }
    var eligible: Bool { get }
    var improved: Bool { get }
    var sessionsInPeriod: Int { get }
    var percentChange: Double? { get }
    var deltas: [Double] { get }
    var relief: [ReliefObservation] { get }
    var reliefWithoutFollowUp: Int { get }
}

extension CohortMember: HeadlineCounted {}

public enum GroupKeys {
    /// The key of clients with no therapist, technique, segment or region recorded.
    public static let unspecified = "unspecified"
}
