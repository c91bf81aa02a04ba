import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore

/// Analyse a period: reads what an analysis needs from the store and returns the numbers,
/// or the JSON of `relief analyze` (docs/analyze-json.md).
public enum AnalysisService {
    /// The JSON of `relief analyze`: sorted keys, and group labels and at-risk reasons in
    /// `language`'s words (analytics itself returns codes and numbers).
    public static func encoder(language: ReportLanguage = .english) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.userInfo[.analysisWording] = language
        return e
    }

    public static func analyze(store: any RecordStore, client: String?, period: Period) throws -> String {
        if let client {
            let progress = try clientProgress(store: store, id: client, period: period)
            return String(decoding: try encoder().encode(progress), as: UTF8.self)
        }
        let outcomes = try cohort(store: store, period: period)
        return String(decoding: try encoder().encode(outcomes), as: UTF8.self)
    }

    /// The options every analysis uses: the clinic's baseline SDs for reliable change.
    public static func options(store: any RecordStore, through: Day) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        var baselines = BaselineScores(upTo: through)
        try store.forEachFirstScore(through: through) { baselines.add($0) }
        options.clinicBaselineSD = baselines.standardDeviations
        return options
    }

    public static func clientProgress(store: any RecordStore, id: String, period: Period) throws -> ClientProgress {
        guard let record = try store.clientRecord(id: id, through: period.to) else { throw WorkflowError.unknownClient(id) }
        return Analytics.client(record, period: period, options: try options(store: store, through: period.to))
    }

    /// Clients per batch of a streamed cohort read (`RecordStore.forEachClientRecordBatch`):
    /// ~64,000 sessions at a clinic's ~31 a client, a few tens of MB of `Session` values.
    static let batchSize = 2048

    /// The clinic's outcomes for `period` and for the month before it, from one streamed read of
    /// the store (records up to the period's end, a batch of clients at a time, without notes,
    /// which no cohort number uses): both cohorts and the expected outcomes take each batch as it
    /// comes, so only one batch of sessions is in memory.
    public static func cohortWithPrevious(store: any RecordStore, month: Month,
                                          filter: CohortFilter = .init()) throws -> (CohortOutcomes, CohortHeadline) {
        var current = Analytics.CohortBuilder(period: Period(month), filter: filter)
        var previous = Analytics.HeadlineBuilder(period: Period(month.previous), filter: filter)
        var expected = Analytics.ExpectedOutcomesBuilder(period: Period(month), site: filter.keys[.site])
        try store.forEachClientRecordBatch(through: month.last, batchSize: batchSize) { records in
            current.add(records); previous.add(records); expected.add(records)
        }
        let therapists = try store.therapists(), sites = try store.sites()
        // Last month's headline first: its members are freed before this month's aggregation,
        // the run's largest working set, begins.
        var (outcomes, expectedOutcomes) = aggregate(current.memberCount, expected) {
            let last = previous.headline()
            return (current.outcomes(therapists: therapists, sites: sites), last)
        }
        outcomes.0.expectedOutcomes = expectedOutcomes
        return outcomes
    }

    /// Clients past which the expected outcomes are computed after the cohort's aggregation
    /// instead of beside it: each holds its largest arrays near its end, and at a 10M chain's
    /// 320,000 clients the two at once peaked at 1,162 MiB against 925 one after the other (the
    /// 1 GiB goal of issue 18). A million sessions' 32,000 clients gain the overlap (0.75× the time).
    static let besideLimit = 100_000

    /// `outcomes()` and the expected outcomes of `expected`: computed side by side for a cohort of
    /// up to `besideLimit` clients, one after the other past it.
    static func aggregate<T>(_ clients: Int, _ expected: Analytics.ExpectedOutcomesBuilder,
                             _ outcomes: () -> T) -> (T, CohortExpectedOutcomes) {
        guard clients <= besideLimit else { return (outcomes(), expected.result()) }
        let pending = inBackground { [expected] in expected.result() }
        return (outcomes(), pending.wait())
    }

    /// Starts `work` on another thread; `wait()` gives its value. The expected outcomes' two
    /// fits (therapist, technique) take a thread each and seldom end together, and the cohort's
    /// aggregation is partly serial: computed at once, each fills the other's idle core. Each
    /// computes the same values on any thread, so the output is the same bytes.
    static func inBackground<T: Sendable>(_ work: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        DispatchQueue.global().async(group: pending.group) { pending.value = work() }
        return pending
    }

    /// A value computed on another thread (`inBackground`): written once by that thread, read
    /// only after `group.wait()` (which orders the memory), so never accessed at once.
    final class Pending<T: Sendable>: @unchecked Sendable {
        let group = DispatchGroup()
        var value: T?

        func wait() -> T {
            group.wait()
            return value!
        }
    }

    /// The active clients behind the month's figures, optionally one group's (the drill-down).
    public static func cohortClients(store: any RecordStore, month: Month, filter: CohortFilter) throws -> [CohortClient] {
        var builder = Analytics.CohortBuilder(period: Period(month), filter: filter)
        try store.forEachClientRecordBatch(through: month.last, batchSize: batchSize) { builder.add($0) }
        return builder.clients()
    }

    /// The cohort's outcomes with `expectedOutcomes` filled (`relief analyze --json`), from one
    /// streamed read of the store (see `cohortWithPrevious`).
    public static func cohort(store: any RecordStore, period: Period) throws -> CohortOutcomes {
        var builder = Analytics.CohortBuilder(period: period)
        var expected = Analytics.ExpectedOutcomesBuilder(period: period)
        try store.forEachClientRecordBatch(through: period.to, batchSize: batchSize) { records in
            builder.add(records); expected.add(records)
        }
        let therapists = try store.therapists(), sites = try store.sites()
        var (outcomes, expectedOutcomes) = aggregate(builder.memberCount, expected) {
            builder.outcomes(therapists: therapists, sites: sites)
        }
        outcomes.expectedOutcomes = expectedOutcomes
        return outcomes
    }

    /// Observed against expected over the rolling 12 months ending at `period.to`, from the
    /// clients active in that window (a streamed read). With a `site`, of the clients with a
    /// session at that site in the window: the site's own model.
    public static func expectedOutcomes(store: any RecordStore, period: Period, site: String? = nil) throws -> CohortExpectedOutcomes {
        var expected = Analytics.ExpectedOutcomesBuilder(period: period, site: site)
        try store.forEachClientRecordBatch(through: period.to, batchSize: batchSize) { expected.add($0) }
        return expected.result()
    }
}
