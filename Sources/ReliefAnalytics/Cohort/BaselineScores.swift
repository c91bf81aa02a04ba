import ReliefModel

/// Each client's first value of every measure, gathered from sessions in any order, for the
/// clinic's baseline SD that Jacobson–Truax reliable change needs (metrics.md §2).
///
/// Feed it every session on record up to the cut-off (a streaming scan of the store), then
/// read `standardDeviations`: the sample SD (n − 1) of the baselines per measure, a measure
/// with fewer than 2 clients or SD 0 being absent — the same as `Analytics.baselineSD`.
///
/// - Complexity: O(1) per session; memory O(clients).
public struct BaselineScores: Sendable {
    private var first: [String: [Measure: (day: Day, minute: Int, id: String, value: Double)]] = [:]
    public let cutoff: Day

    public init(upTo cutoff: Day) { self.cutoff = cutoff }

    public mutating func add(_ s: Session) {
        guard s.day <= cutoff else { return }
        s.forEachScore { add($0) }
    }

    /// A value of one measure at one session (a store's own scan may hand each client's first
    /// value of each measure, `RecordStore.forEachFirstScore`: the outcome is the same).
    public mutating func add(_ f: FirstScore) {
        guard f.day <= cutoff, f.value.isFinite else { return }
        if let old = first[f.client]?[f.measure], (old.day, old.minute, old.id) <= (f.day, f.minute, f.sessionID) { return }
        first[f.client, default: [:]][f.measure] = (f.day, f.minute, f.sessionID, f.value)
    }

    /// Summed in client-id order, so the same sessions give the same bits on every run (a
    /// dictionary's order changes with each process's hash seed), and the same bits as
    /// `Analytics.baselineSD` over records sorted by id, as the store returns a cohort.
    public var standardDeviations: [Measure: Double] {
        var out: [Measure: Double] = [:]
        let clients = first.keys.sorted()
        for m in Measure.allCases {
            let values = clients.compactMap { first[$0]?[m]?.value }
            if let sd = Descriptive.sampleSD(values), sd > 0 { out[m] = sd }
        }
        return out
    }
}
