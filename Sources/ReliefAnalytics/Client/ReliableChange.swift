import Foundation

/// Jacobson & Truax (1991) reliable change index.
///
/// RC = (current − baseline) / (√2 · SEM), SEM = SD_baseline · √(1 − r), with the clinic's SD of
/// baseline scores and the item's test–retest reliability r (default 0.75). |RC| > z₀.₉₇₅ = 1.96
/// is a change larger than measurement error would plausibly give. It answers a different
/// question than the MCID rule (is the change real, not is it large enough to matter), and is
/// not a "smallest detectable change". `nil` when the SD is missing or not positive, or r ≥ 1.
///
/// - Complexity: O(1).
public struct ReliableChange: Hashable, Sendable, Codable {
    public var index: Double
    public var reliable: Bool
    public var baselineSD: Double
    public var reliability: Double

    public static func compute(baseline: Double, current: Double, baselineSD: Double?,
                               reliability: Double, confidence: Double = 0.95) -> ReliableChange? {
        guard let sd = baselineSD, sd > 0, sd.isFinite, reliability < 1 else { return nil }
        let sem = sd * (1 - reliability).squareRoot()
        let rc = (current - baseline) / (2.0.squareRoot() * sem)
        guard rc.isFinite else { return nil }
        return ReliableChange(index: rc, reliable: abs(rc) > NormalDistribution.critical(confidence: confidence),
                              baselineSD: sd, reliability: reliability)
    }
}
