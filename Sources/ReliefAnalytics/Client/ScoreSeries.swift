import ReliefModel

/// One measure's values by calendar day, from a client's sessions up to a cut-off.
///
/// For each day with a session, the value is the one recorded at that day's first session that
/// has it (sessions are sorted by day, then minute, then id). For pain that is the first
/// pre-session pain of the day: a second session the same day starts already relieved by the
/// first, the same timing bias that keeps check-ins out of the trend. Missing values are skipped,
/// never read as 0. Check-ins never enter.
///
/// - Complexity: O(s) for s sessions.
public struct ScoreSeries: Hashable, Sendable {
    public struct Point: Hashable, Sendable {
        public var day: Day
        public var value: Double
    }

    public var measure: Measure
    public var points: [Point]

    /// - Parameter sessions: sorted by day, minute and id (an array, or a slice of one: the cohort
    ///   passes the prefix up to its cut-off without copying it).
    public init(_ sessions: some Sequence<Session>, measure: Measure, upTo cutoff: Day) {
        self.measure = measure
        var pts: [Point] = []
        for s in sessions where s.day <= cutoff {
            guard let v = s.value(of: measure), v.isFinite else { continue }
            if let last = pts.last, last.day == s.day { continue }
            pts.append(Point(day: s.day, value: v))
        }
        points = pts
    }

    /// The first value on record.
    public var baseline: Double? { points.first?.value }

    /// Mean of the last two values (the last one when only one).
    public var current: Double? {
        guard let last = points.last else { return nil }
        guard points.count >= 2 else { return last.value }
        return (last.value + points[points.count - 2].value) / 2
    }
}
