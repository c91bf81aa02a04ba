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
        try store.forEachSession(through: through) { baselines.add($0) }
        options.clinicBaselineSD = baselines.standardDeviations
        return options
    }

    public static func clientProgress(store: any RecordStore, id: String, period: Period) throws -> ClientProgress {
        guard let record = try store.clientRecord(id: id, through: period.to) else { throw WorkflowError.unknownClient(id) }
        return Analytics.client(record, period: period, options: try options(store: store, through: period.to))
    }

    /// The clinic's outcomes for `period` and for the month before it, from one read of the
    /// store: the cohort analysis reads only records up to its own period's end. Cohort reads
    /// leave out session notes, which no cohort number uses.
    public static func cohortWithPrevious(store: any RecordStore, month: Month,
                                          filter: CohortFilter = .init()) throws -> (CohortOutcomes, CohortOutcomes) {
        let records = try store.clientRecords(activeIn: Period(month), through: month.last, notes: false)
        let therapists = try store.therapists(), sites = try store.sites()
        var current = Analytics.cohort(records, therapists: therapists, sites: sites, period: Period(month), filter: filter)
        current.expectedOutcomes = try expectedOutcomes(store: store, period: Period(month), site: filter.keys[.site])
        return (current, Analytics.cohort(records, therapists: therapists, sites: sites, period: Period(month.previous),
                                          filter: filter))
    }

    /// The active clients behind the month's figures, optionally one group's (the drill-down).
    public static func cohortClients(store: any RecordStore, month: Month, filter: CohortFilter) throws -> [CohortClient] {
        let records = try store.clientRecords(activeIn: Period(month), through: month.last, notes: false)
        return Analytics.cohortClients(records, period: Period(month), filter: filter)
    }

    /// The cohort's outcomes with `expectedOutcomes` filled (`relief analyze --json`).
    public static func cohort(store: any RecordStore, period: Period) throws -> CohortOutcomes {
        let records = try store.clientRecords(activeIn: period, through: period.to, notes: false)
        var outcomes = Analytics.cohort(records, therapists: try store.therapists(), sites: try store.sites(), period: period)
        outcomes.expectedOutcomes = try expectedOutcomes(store: store, period: period)
        return outcomes
    }

    /// Observed against expected over the rolling 12 months ending at `period.to`: a second read,
    /// of the clients active in that window (the cohort's read holds only the period's). With a
    /// `site`, of the clients with a session at that site in the window: the site's own model.
    public static func expectedOutcomes(store: any RecordStore, period: Period, site: String? = nil) throws -> CohortExpectedOutcomes {
        let window = Analytics.expectedOutcomesWindow(endingOn: period.to)
        var records = try store.clientRecords(activeIn: window, through: period.to, notes: false)
        if let site {
            records = records.filter { r in r.sessions.contains { $0.site == site && window.contains($0.day) } }
        }
        return Analytics.expectedOutcomes(records, period: period)
    }
}
