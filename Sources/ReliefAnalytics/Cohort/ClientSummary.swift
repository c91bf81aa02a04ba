import ReliefModel

/// What the cohort needs from one client, computed once per client (in parallel).
struct ClientSummary: Sendable {
    var id: String
    var name: String?
    var active: Bool
    var isNew: Bool
    var lapsed: Bool
    var sessionsInPeriod: Int
    var sessionsOnRecord: Int
    var pain: MeasureProgress
    var courseRate: Double?
    var deltas: [Double]
    var relief: [ReliefObservation]
    var therapist: String
    var techniques: [String]
    var regions: [String]
    var segment: String
    var kind: SessionKind
    var missing: (painAfter: Int, sleep: Int, mood: Int, stress: Int)
    var lastSession: Day?
    var atRisk: [AtRiskClient.Reason]

    var eligible: Bool { pain.change != nil }
    var improved: Bool { pain.clinicallyMeaningful == true }

    /// `nil` for a client neither active nor lapsed in the period (nothing to count).
    static func of(_ record: ClientRecord, period: Period, options: AnalysisOptions) -> ClientSummary? {
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
        let relief = active ? ReturnOfPain.observations(record, sessionsIn: period, cutoff: period.to) : []

        // Therapist: who gave most of the period's sessions; ties and gaps fall back to the
        // client's own therapist, then the smallest id.
        var counts: [String: Int] = [:]
        for s in inPeriod { if let t = s.therapistID ?? record.client.therapistID { counts[t, default: 0] += 1 } }
        let top = counts.values.max() ?? 0
        let leaders = counts.filter { $0.value == top }.map(\.key).sorted()
        let therapist = leaders.contains(record.client.therapistID ?? "\u{0}") ? record.client.therapistID!
            : leaders.first ?? record.client.therapistID ?? GroupKeys.unspecified
        var techniques = Set<String>(), regions = Set<String>()
        var medical = 0, missing = (painAfter: 0, sleep: 0, mood: 0, stress: 0)
        for s in inPeriod {
            techniques.formUnion(s.techniques); regions.formUnion(s.regions)
            if s.kind == .medical { medical += 1 }
            if s.painAfter == nil { missing.painAfter += 1 }
            if s.sleep == nil { missing.sleep += 1 }
            if s.mood == nil { missing.mood += 1 }
            if s.stress == nil { missing.stress += 1 }
        }
        if regions.isEmpty { regions.formUnion(record.client.regions) }

        var reasons: [AtRiskClient.Reason] = []
        if pain.trend.direction == .worsening, let slope = pain.trend.slopePerWeek {
            reasons.append(.init(code: .worsening, words:
                "Pain is getting worse: over \(pain.trend.n) sessions it rises by about \(Words.number(slope, 2)) points a week."))
        }
        if series.points.count >= options.atRiskMinimumSessions, let b = pain.baseline, let c = pain.current, c >= b {
            reasons.append(.init(code: .noBetterThanBaseline, words:
                "Pain is no better than at intake after \(series.points.count) sessions (intake \(Words.number(b, 1)), now \(Words.number(c, 1)))."))
        }
        if lapsed, let c = pain.current, c > options.atRiskLapsedPain {
            reasons.append(.init(code: .lapsedInPain, words:
                "Has not been in for \(period.to - last.day) days, and pain was \(Words.number(c, 1)) at the last visits."))
        }

        return ClientSummary(
            id: record.client.id, name: record.client.name, active: active,
            isNew: active && period.contains(first.day), lapsed: lapsed,
            sessionsInPeriod: inPeriod.count, sessionsOnRecord: onRecord.count, pain: pain,
            courseRate: Consistency.courseRate(days: onRecord.map(\.day)), deltas: deltas, relief: relief,
            therapist: therapist, techniques: techniques.sorted(), regions: regions.sorted(),
            segment: record.client.segment?.rawValue ?? GroupKeys.unspecified,
            kind: medical * 2 >= inPeriod.count ? .medical : .relaxation,
            missing: missing, lastSession: last.day, atRisk: reasons)
    }
}

enum GroupKeys {
    static let unspecified = "unspecified"
}

/// Number formatting for sentences: at most `digits` decimals, no trailing zeros ("0.5", "6").
enum Words {
    static func number(_ v: Double, _ digits: Int) -> String {
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let r = (v * p).rounded() / p
        if r == r.rounded() { return String(Int(r)) }
        var s = String(r)
        if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > digits + 1 {
            s = String(s[..<s.index(dot, offsetBy: digits + 1)])
        }
        return s
    }
}
