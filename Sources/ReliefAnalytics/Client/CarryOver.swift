import ReliefModel

/// How much of a session's relief is kept until the next one (metrics.md §2, carry-over).
///
/// For consecutive sessions i, i+1 (i in the period, i+1 up to the cut-off, in record order):
/// rebound = pain_before(i+1) − pain_after(i) (pain regained between sessions), for i with
/// pain_after; retention = (pain_before(i) − pain_before(i+1)) / Δᵢ for Δᵢ > 0 (share of the
/// relief kept; 1 = all kept, 0 = back to where it was, negative = worse than before).
/// Over a course, last pre − first pre = Σ rebound − Σ Δ when every session has pain_after.
/// Reports mean rebound and median retention (the median, since a small Δ makes a ratio
/// explode); `nil` with no pair.
///
/// - Complexity: O(s log s).
public struct CarryOver: Hashable, Sendable, Codable {
    public var meanRebound: Double?
    public var medianRetention: Double?
    public var rebounds: Int
    public var retentions: Int

    public static func of(_ sessions: [Session], period: Period) -> CarryOver {
        var rebound: [Double] = [], retention: [Double] = []
        let s = sessions.filter { $0.day <= period.to }
        for i in s.indices.dropLast() where period.contains(s[i].day) {
            guard let after = s[i].painAfter else { continue }
            let next = s[i + 1]
            rebound.append(next.painBefore - after)
            let delta = s[i].painBefore - after
            if delta > 0 { retention.append((s[i].painBefore - next.painBefore) / delta) }
        }
        return CarryOver(meanRebound: Descriptive.mean(rebound), medianRetention: Descriptive.median(retention),
                         rebounds: rebound.count, retentions: retention.count)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(meanRebound, forKey: .meanRebound)
        try c.encodeOrNull(medianRetention, forKey: .medianRetention)
        try c.encode(rebounds, forKey: .rebounds)
        try c.encode(retentions, forKey: .retentions)
    }
}
