import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefStore

/// Reads what an analysis needs from the store and returns the JSON of `relief analyze`.
enum AnalysisService {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func analyze(database: ReliefDatabase, client: String?, period: Period) throws -> String {
        if let client {
            let progress = try clientProgress(database: database, id: client, period: period)
            return String(decoding: try encoder.encode(progress), as: UTF8.self)
        }
        let outcomes = try cohort(database: database, period: period)
        return String(decoding: try encoder.encode(outcomes), as: UTF8.self)
    }

    /// The options every analysis uses: the clinic's baseline SDs for reliable change.
    static func options(database: ReliefDatabase, through: Day) throws -> AnalysisOptions {
        var options = AnalysisOptions()
        var baselines = BaselineScores(upTo: through)
        try database.forEachSession(through: through) { baselines.add($0) }
        options.clinicBaselineSD = baselines.standardDeviations
        return options
    }

    static func clientProgress(database: ReliefDatabase, id: String, period: Period) throws -> ClientProgress {
        guard let record = try database.clientRecord(id: id, through: period.to) else { throw CLIError.unknownClient(id) }
        return Analytics.client(record, period: period, options: try options(database: database, through: period.to))
    }

    /// The clinic's outcomes for `period` and for the month before it, from one read of the
    /// store: the cohort analysis reads only records up to its own period's end. Cohort reads
    /// leave out session notes, which no cohort number uses.
    static func cohortWithPrevious(database: ReliefDatabase, month: Month) throws -> (CohortOutcomes, CohortOutcomes) {
        let records = try database.clientRecords(activeIn: Period(month), through: month.last, notes: false)
        let therapists = try database.therapists()
        return (Analytics.cohort(records, therapists: therapists, period: Period(month)),
                Analytics.cohort(records, therapists: therapists, period: Period(month.previous)))
    }

    static func cohort(database: ReliefDatabase, period: Period) throws -> CohortOutcomes {
        let records = try database.clientRecords(activeIn: period, through: period.to, notes: false)
        return Analytics.cohort(records, therapists: try database.therapists(), period: period)
    }
}
