import Foundation
import ReliefModel

/// The entry points of ReliefAnalytics: pure functions from records to results.
///
/// ```swift
/// let march = Period(Month(iso: "2026-03")!)
/// let one = Analytics.client(record, period: march)
/// let all = Analytics.cohort(records, therapists: therapists, period: march)
/// let json = try JSONEncoder().encode(one)   // docs/analyze-json.md
/// ```
public enum Analytics {
    /// One client's progress for a period, with the previous period's headline numbers.
    ///
    /// Reliable change needs the clinic's baseline SD: pass
    /// `options.clinicBaselineSD = Analytics.baselineSD(allRecords, upTo: period.to)`.
    public static func client(_ record: ClientRecord, period: Period,
                              options: AnalysisOptions = .init()) -> ClientProgress {
        let sessionsInPeriod = record.sessions.filter { period.contains($0.day) }
        let onRecord = record.sessions.filter { $0.day <= period.to }
        return ClientProgress(
            client: record.client.id, period: period, dataCutoff: period.to,
            sessions: sessionsInPeriod.count, sessionsOnRecord: onRecord.count,
            pain: MeasureProgress.of(record, measure: .pain, period: period, options: options),
            sleep: MeasureProgress.of(record, measure: .sleep, period: period, options: options),
            mood: MeasureProgress.of(record, measure: .mood, period: period, options: options),
            stress: MeasureProgress.of(record, measure: .stress, period: period, options: options),
            reliefDuration: ReliefDuration.forClient(record, period: period, options: options),
            consistency: Consistency.measure(days: record.visitDays, period: period, options: options),
            carryOver: CarryOver.of(record.sessions, period: period),
            previous: headline(record, period: period.previous, options: options),
            appointments: AppointmentAttendance.of(record, period: period))
    }

    /// The headline numbers of one period (what `previous` holds).
    public static func headline(_ record: ClientRecord, period: Period,
                                options: AnalysisOptions = .init()) -> ProgressHeadline {
        let inPeriod = record.sessions.filter { period.contains($0.day) }
        let pain = MeasureProgress.of(record, measure: .pain, period: period, options: options)
        let consistency = Consistency.measure(days: record.visitDays, period: period, options: options)
        let obs = ReturnOfPain.observations(record, sessionsIn: period, cutoff: period.to)
        return ProgressHeadline(period: period, sessions: inPeriod.count, painCurrent: pain.current,
                                painChange: pain.change, painPercentChange: pain.percentChange,
                                clinicallyMeaningful: pain.clinicallyMeaningful, painTrend: pain.trend.direction,
                                immediateReliefMean: pain.immediateRelief?.mean,
                                sessionsPer30Days: consistency.sessionsPer30Days, consistent: consistency.consistent,
                                reliefMedianDays: Turnbull.fit(obs.map(\.time))?.median)
    }

    /// The clinic's sample SD (n − 1) of baseline scores, per measure, over clients whose first
    /// value of that measure is on or before `cutoff`; a measure with fewer than 2 such clients
    /// is absent. This is the SD that Jacobson–Truax reliable change needs.
    ///
    /// A record's sessions are sorted by day, minute and id (``ClientRecord``), so each client's
    /// baselines are the first finite values of a prefix of them: the clients are read in
    /// parallel (`threads` workers, 0 = one per processor) and the SD is summed in record order.
    /// Same values as ``BaselineScores``, which takes sessions in any order from a streaming scan.
    /// - Complexity: O(sessions up to the clients' baselines), on `threads` cores.
    public static func baselineSD(_ records: [ClientRecord], upTo cutoff: Day, threads: Int = 0) -> [Measure: Double] {
        let measures = Measure.allCases
        let k = measures.count
        // firsts[i * k + m]: record i's baseline of measure m, NaN when it has none.
        var firsts = [Double](repeating: .nan, count: records.count * k)
        let workers = threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount
        let chunk = max(1, min(1024, records.count / max(1, workers * 8)))
        let chunks = (records.count + chunk - 1) / chunk
        firsts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in c * chunk..<min(records.count, (c + 1) * chunk) {
                    var missing = k
                    for s in records[i].sessions {
                        guard s.day <= cutoff, missing > 0 else { break }
                        for (m, measure) in measures.enumerated() where out[i * k + m].isNaN {
                            if let v = s.value(of: measure), v.isFinite { out[i * k + m] = v; missing -= 1 }
                        }
                    }
                }
            }
        }
        var sd: [Measure: Double] = [:]
        for (m, measure) in measures.enumerated() {
            let values = (0..<records.count).map { firsts[$0 * k + m] }.filter { !$0.isNaN }
            if let v = Descriptive.sampleSD(values), v > 0 { sd[measure] = v }
        }
        return sd
    }
}
