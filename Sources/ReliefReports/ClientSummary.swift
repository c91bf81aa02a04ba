import ReliefAnalytics
import ReliefModel

/// The numbers a client's monthly report speaks about, for this month and the last.
///
/// Filled from ReliefAnalytics' `ClientProgress` (see `ClientSummary+Analytics.swift`);
/// kept as a plain value so the wording can be tested on hand-made numbers.
public struct ClientSummary: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        /// Mean of the last two values up to the end of the month (metrics.md §2).
        public var current: Double?
        /// The first value on record.
        public var baseline: Double?
        /// `current` as it stood at the end of last month.
        public var lastMonth: Double?
        /// Trend direction over the client's record: "improving", "worsening", "no clear trend", or nil when too few points.
        public var direction: String?
        public init(current: Double? = nil, baseline: Double? = nil, lastMonth: Double? = nil, direction: String? = nil) {
            self.current = current; self.baseline = baseline; self.lastMonth = lastMonth; self.direction = direction
        }
    }

    public var month: Month
    public var sessionsThisMonth: Int
    public var sessionsLastMonth: Int
    public var sessionsTotal: Int
    public var pain: Item
    public var painPercentChange: Double?
    public var clinicallyMeaningful: Bool?
    /// Mean drop in pain across this month's sessions (before − after).
    public var immediateRelief: Double?
    public var immediateReliefLastMonth: Double?
    /// How long relief lasted (the median), in the first month of care and now, with the kind
    /// of number each is (exact, a bound, an interval).
    public var reliefFirstMonth: DurationEstimate
    public var reliefNow: DurationEstimate
    /// What the relief estimate rests on: `reportedDays`, `checkIns`, `sessionsOnly`, `mixed`, `none`.
    public var reliefBasis: String
    public var sleep: Item
    public var mood: Item
    public var stress: Item
    /// Days with a session this month.
    public var visits: Int
    public var consistent: Bool?
    public var consistentLastMonth: Bool?
    public var longestGapDays: Int?
    public var trendPoints: Int

    public init(month: Month, sessionsThisMonth: Int, sessionsLastMonth: Int, sessionsTotal: Int,
                pain: Item, painPercentChange: Double?, clinicallyMeaningful: Bool?, immediateRelief: Double?,
                immediateReliefLastMonth: Double?, reliefFirstMonth: DurationEstimate, reliefNow: DurationEstimate,
                reliefBasis: String, sleep: Item, mood: Item, stress: Item, visits: Int, consistent: Bool?,
                consistentLastMonth: Bool?, longestGapDays: Int?, trendPoints: Int) {
        self.month = month; self.sessionsThisMonth = sessionsThisMonth; self.sessionsLastMonth = sessionsLastMonth
        self.sessionsTotal = sessionsTotal; self.pain = pain; self.painPercentChange = painPercentChange
        self.clinicallyMeaningful = clinicallyMeaningful; self.immediateRelief = immediateRelief
        self.immediateReliefLastMonth = immediateReliefLastMonth; self.reliefFirstMonth = reliefFirstMonth
        self.reliefNow = reliefNow; self.reliefBasis = reliefBasis; self.sleep = sleep
        self.mood = mood; self.stress = stress; self.visits = visits; self.consistent = consistent
        self.consistentLastMonth = consistentLastMonth; self.longestGapDays = longestGapDays; self.trendPoints = trendPoints
    }
}
