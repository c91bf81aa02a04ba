import ReliefModel

/// What one session does (metrics.md §1): Δ = pain_before − pain_after per session with both.
///
/// Mean, median, n, and the share with Δ ≥ 2 points (default). Sessions missing pain_after are
/// left out (never read as 0). With no such session: n = 0 and the rest `nil`.
///
/// - Complexity: O(s log s).
public struct ImmediateRelief: Hashable, Sendable, Codable {
    public var mean: Double?
    public var median: Double?
    public var n: Int
    public var meaningfulShare: Double?

    public static func of(_ sessions: [Session], options: AnalysisOptions = .init()) -> ImmediateRelief {
        let deltas = sessions.compactMap { s in s.painAfter.map { s.painBefore - $0 } }
        return of(deltas: deltas, options: options)
    }

    static func of(deltas: [Double], options: AnalysisOptions) -> ImmediateRelief {
        let share: Double? = deltas.isEmpty ? nil
            : Double(deltas.filter { $0 >= options.meaningfulImmediateRelief }.count) / Double(deltas.count)
        return ImmediateRelief(mean: Descriptive.mean(deltas), median: Descriptive.median(deltas),
                               n: deltas.count, meaningfulShare: share)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(mean, forKey: .mean)
        try c.encodeOrNull(median, forKey: .median)
        try c.encode(n, forKey: .n)
        try c.encodeOrNull(meaningfulShare, forKey: .meaningfulShare)
    }
}
