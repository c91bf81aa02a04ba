import ReliefModel

/// A score's trend over time (metrics.md §2): Theil–Sen slope per week with Sen's interval,
/// and the Mann–Kendall test.
///
/// t is weeks since the first point ((day − first day)/7). The series passed in has one value per
/// calendar day (see ``ScoreSeries``), so no two points share a t. With fewer than
/// `minimumTrendPoints` (default 4) points every number is `nil` and the direction is
/// ``Direction/notEnoughData``. Direction is stated in the measure's sense of better: for pain and
/// stress an interval wholly below 0 is improving; for sleep and mood, wholly above 0.
/// An interval touching 0, or missing, is ``Direction/noClearTrend``.
///
/// - Complexity: O(n² log n) (Theil–Sen), O(n log n) (Mann–Kendall).
public struct Trend: Hashable, Sendable, Codable {
    public enum Direction: String, Hashable, Sendable, Codable {
        case improving, worsening, noClearTrend, notEnoughData

        /// Words for a report.
        public var words: String {
            switch self {
            case .improving: "improving"
            case .worsening: "worsening"
            case .noClearTrend: "no clear trend"
            case .notEnoughData: "not enough data yet"
            }
        }
    }

    public var n: Int
    public var slopePerWeek: Double?
    public var slopeLower95: Double?
    public var slopeUpper95: Double?
    /// The Theil–Sen line's value at the first point (SciPy's "separate" intercept).
    public var intercept: Double?
    public var mannKendallS: Int?
    public var mannKendallZ: Double?
    public var mannKendallP: Double?
    public var direction: Direction

    public static func of(_ series: ScoreSeries, better: Better, options: AnalysisOptions = .init()) -> Trend {
        let n = series.points.count
        guard n >= options.minimumTrendPoints, n >= 2, let first = series.points.first?.day else {
            return Trend(n: n, direction: .notEnoughData)
        }
        let t = series.points.map { Double($0.day - first) / 7 }
        let y = series.points.map(\.value)
        let ts = TheilSen.fit(x: t, y: y, confidence: options.confidence, exactLimit: options.theilSenExactLimit)
        let mk = MannKendall.test(y)
        var direction = Direction.noClearTrend
        if let lo = ts?.lower, let hi = ts?.upper {
            let below = hi < 0, above = lo > 0
            switch better {
            case .lower: direction = below ? .improving : above ? .worsening : .noClearTrend
            case .higher: direction = above ? .improving : below ? .worsening : .noClearTrend
            }
        }
        return Trend(n: n, slopePerWeek: ts?.slope, slopeLower95: ts?.lower, slopeUpper95: ts?.upper,
                     intercept: ts?.intercept, mannKendallS: mk?.s, mannKendallZ: mk?.z,
                     mannKendallP: mk?.p, direction: direction)
    }

    /// The direction `of` gives, from the signs of the pairwise slopes alone
    /// (``TheilSen/intervalSide(x:y:confidence:)``): no slope is sorted, and no Mann–Kendall
    /// test is run. For the cohort, which uses a client's trend only for its direction.
    static func direction(of series: ScoreSeries, better: Better, options: AnalysisOptions) -> Direction {
        let n = series.points.count
        guard n >= options.minimumTrendPoints, n >= 2, let first = series.points.first?.day else {
            return .notEnoughData
        }
        // Past the exact limit `of` bounds by bisection; take its answer as it is.
        if n > options.theilSenExactLimit { return of(series, better: better, options: options).direction }
        let t = series.points.map { Double($0.day - first) / 7 }
        let y = series.points.map(\.value)
        guard let side = TheilSen.intervalSide(x: t, y: y, confidence: options.confidence) else { return .noClearTrend }
        switch better {
        case .lower: return side.upperBelowZero ? .improving : side.lowerAboveZero ? .worsening : .noClearTrend
        case .higher: return side.lowerAboveZero ? .improving : side.upperBelowZero ? .worsening : .noClearTrend
        }
    }

    init(n: Int, slopePerWeek: Double? = nil, slopeLower95: Double? = nil, slopeUpper95: Double? = nil,
         intercept: Double? = nil, mannKendallS: Int? = nil, mannKendallZ: Double? = nil,
         mannKendallP: Double? = nil, direction: Direction) {
        self.n = n; self.slopePerWeek = slopePerWeek; self.slopeLower95 = slopeLower95
        self.slopeUpper95 = slopeUpper95; self.intercept = intercept; self.mannKendallS = mannKendallS
        self.mannKendallZ = mannKendallZ; self.mannKendallP = mannKendallP; self.direction = direction
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(n, forKey: .n)
        try c.encodeOrNull(slopePerWeek, forKey: .slopePerWeek)
        try c.encodeOrNull(slopeLower95, forKey: .slopeLower95)
        try c.encodeOrNull(slopeUpper95, forKey: .slopeUpper95)
        try c.encodeOrNull(intercept, forKey: .intercept)
        try c.encodeOrNull(mannKendallS, forKey: .mannKendallS)
        try c.encodeOrNull(mannKendallZ, forKey: .mannKendallZ)
        try c.encodeOrNull(mannKendallP, forKey: .mannKendallP)
        try c.encode(direction, forKey: .direction)
    }
}
