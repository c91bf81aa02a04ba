import ReliefModel

/// Attendance in a period (metrics.md §5).
///
/// Visits are unique calendar days with a session in the period; gaps are the days between
/// consecutive visits in the period (a gap reaching back before the period is not counted).
/// - sessionsPer30Days = visits · 30 / days in the period (0 with no visit).
/// - medianGapDays, longestGapDays: `nil` with no gap (fewer than 2 visits).
/// - gapCV = sample SD (n − 1) / mean of the gaps; `nil` with fewer than 3 gaps or a zero mean.
/// - weekCoverage: 7-day blocks counted from the first visit up to the last visit, share holding
///   a visit; `nil` with no visit.
/// - onScheduleShare: share of gaps ≤ target + tolerance (default 7 + 3 days); `nil` with no gap.
/// - consistent: ≥ 2 visits (default) and no gap over 21 days (default).
///
/// - Complexity: O(v log v) for v visits.
public struct Consistency: Hashable, Sendable, Codable {
    public var visits: Int
    public var sessionsPer30Days: Double
    public var medianGapDays: Double?
    public var gapCV: Double?
    public var longestGapDays: Int?
    public var weekCoverage: Double?
    public var onScheduleShare: Double?
    public var consistent: Bool

    public static func measure(days: [Day], period: Period, options: AnalysisOptions = .init()) -> Consistency {
        let visits = Array(Set(days.filter(period.contains))).sorted()
        var gaps: [Double] = []
        for i in visits.indices.dropFirst() { gaps.append(Double(visits[i] - visits[i - 1])) }
        let longest = gaps.max().map { Int($0) }
        var cv: Double? = nil
        if gaps.count >= 3, let m = Descriptive.mean(gaps), m > 0, let sd = Descriptive.sampleSD(gaps) { cv = sd / m }
        var coverage: Double? = nil
        if let first = visits.first, let last = visits.last {
            let blocks = (last - first) / 7 + 1
            let held = Set(visits.map { ($0 - first) / 7 }).count
            coverage = Double(held) / Double(blocks)
        }
        let limit = Double(options.targetGapDays + options.gapToleranceDays)
        let onSchedule: Double? = gaps.isEmpty ? nil : Double(gaps.filter { $0 <= limit }.count) / Double(gaps.count)
        let consistent = visits.count >= options.consistentMinimumSessions
            && (longest ?? 0) <= options.consistentMaximumGapDays
        return Consistency(visits: visits.count,
                           sessionsPer30Days: Double(visits.count) * 30 / Double(max(1, period.length)),
                           medianGapDays: Descriptive.median(gaps), gapCV: cv, longestGapDays: longest,
                           weekCoverage: coverage, onScheduleShare: onSchedule, consistent: consistent)
    }

    /// Visits per 30 days over a whole course: (visits − 1) · 30 / (last − first), which is exact for
    /// regular visits (weekly → 4.29). `nil` with fewer than 2 visit days.
    public static func courseRate(days: [Day]) -> Double? {
        let v = Array(Set(days)).sorted()
        guard v.count >= 2, let f = v.first, let l = v.last, l > f else { return nil }
        return Double(v.count - 1) * 30 / Double(l - f)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(visits, forKey: .visits)
        try c.encode(sessionsPer30Days, forKey: .sessionsPer30Days)
        try c.encodeOrNull(medianGapDays, forKey: .medianGapDays)
        try c.encodeOrNull(gapCV, forKey: .gapCV)
        try c.encodeOrNull(longestGapDays, forKey: .longestGapDays)
        try c.encodeOrNull(weekCoverage, forKey: .weekCoverage)
        try c.encodeOrNull(onScheduleShare, forKey: .onScheduleShare)
        try c.encode(consistent, forKey: .consistent)
    }
}
