import ReliefModel

/// Thresholds and settings of every metric; all defaulted to metrics.md's values.
///
/// ```swift
/// var options = AnalysisOptions()
/// options.reliability = 0.8
/// options.clinicBaselineSD = Analytics.baselineSD(records, upTo: month.last)
/// let progress = Analytics.client(record, period: Period(month), options: options)
/// ```
public struct AnalysisOptions: Sendable, Hashable {
    /// Confidence level of every interval.
    public var confidence = 0.95
    /// Points a trend needs (Mann–Kendall has no power below 4).
    public var minimumTrendPoints = 4
    /// Clinically meaningful pain change: at least this many points (Childs et al. 2005)…
    public var meaningfulChangePoints = 2.0
    /// …and at least this percent of baseline (Farrar et al. 2001).
    public var meaningfulChangePercent = 30.0
    /// A session's immediate relief Δ counts as meaningful from this many points.
    public var meaningfulImmediateRelief = 2.0
    /// Percent change from a baseline at or below this is flagged as unstable (2 → 0 reads as 100%).
    public var unstableBaseline = 3.0
    /// Test–retest reliability r of a 0–10 item for Jacobson–Truax reliable change.
    public var reliability = 0.75
    /// The clinic's SD of baseline scores per measure; reliable change is `null` without it.
    /// ``Analytics/cohort(_:therapists:period:options:)`` fills it from its records when empty.
    public var clinicBaselineSD: [Measure: Double] = [:]
    /// Target days between sessions and the tolerance for "on schedule".
    public var targetGapDays = 7
    public var gapToleranceDays = 3
    /// A client is consistent in a period with at least this many visits…
    public var consistentMinimumSessions = 2
    /// …and no gap longer than this.
    public var consistentMaximumGapDays = 21
    /// Days without a session after which a client is lapsed.
    public var lapseDays = 30
    /// Groups with fewer clients are shown but marked too few to compare.
    public var minimumGroupSize = 5
    /// At risk: current pain ≥ baseline after at least this many sessions…
    public var atRiskMinimumSessions = 4
    /// …or lapsed with current pain above this.
    public var atRiskLapsedPain = 4.0
    /// Dose-response bin edges in sessions per 30 days: < 2, 2–4, 4–8, ≥ 8.
    public var doseBinEdges: [Double] = [2, 4, 8]
    /// Bootstrap replicates for relief-duration bands of interval-censored and cohort curves.
    public var bootstrapReplicates = 200
    /// Seed of the bootstrap (SplitMix64); the same seed gives the same bands.
    public var bootstrapSeed: UInt64 = 0x5EED_2026
    /// Theil–Sen materialises all pairwise slopes up to this many points (see ``TheilSen``).
    public var theilSenExactLimit = 1000
    /// Worker threads for the cohort's per-client pass (0 = one per processor).
    public var threads = 0

    public init() {}
}
