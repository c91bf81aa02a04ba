import Foundation
import ReliefModel

/// What the expected-outcomes models compare: who a course is attributed to.
public enum CaseMixUnitKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The therapist of record over the window (`Analytics.therapistOfRecord`).
    case therapist
    /// The client's main technique over the window: the one named at most of their sessions in
    /// it (ties: alphabetical), or `unspecified`. A technique's result reflects who received it.
    case technique
}

/// The complete courses of a window, ready for `ExpectedOutcomes.analyze`, in client-id order
/// (the order fixes the validation folds).
public struct CaseMixCourses: Sendable, Equatable {
    public var window: Period
    public var unitKind: CaseMixUnitKind
    /// Parallel to `courses`: whose course each is.
    public var clients: [String]
    public var courses: [CaseMixCourse]
    /// Clients with at least one session in the window.
    public var activeClients: Int
    /// Active clients with fewer than 2 days of pain on record up to the window's end (no course yet).
    public var incomplete: Int
}

extension CaseMixCourses {
    /// Counts `record` into each of `kinds` (courses of one window, one per unit kind): active or
    /// not, complete or not, and its course (unit, improvement, case mix) when complete —
    /// `Analytics.caseMixCourses`' rules, one client at a time; the shared work done once.
    static func add(_ record: ClientRecord, options: AnalysisOptions, to kinds: inout [CaseMixCourses]) {
        guard let window = kinds.first?.window else { return }
        add(course(record, window: window, units: kinds.map(\.unitKind), options: options), of: record, to: &kinds)
    }

    /// What a record adds to courses of `window`: nothing (no session in the window), an
    /// incomplete course, or a complete one per unit kind of `units`, in that order.
    enum Contribution: Sendable {
        case inactive
        case incomplete
        case complete([CaseMixCourse])
    }

    /// `record`'s contribution to courses of `window` (`add`'s rules; reads nothing else, so
    /// records can be taken in parallel and added in order).
    static func course(_ record: ClientRecord, window: Period, units: [CaseMixUnitKind],
                       options: AnalysisOptions) -> Contribution {
        let inWindow = record.sessions.filter { window.contains($0.day) }
        guard !inWindow.isEmpty else { return .inactive }
        let series = ScoreSeries(record.sessions, measure: .pain, upTo: window.to)
        let pain = MeasureProgress.of(series: series, options: options, withTrend: false)
        guard pain.change != nil, let baseline = pain.baseline, let final = pain.current else { return .incomplete }
        let region = record.client.regions.first ?? record.sessions.first?.regions.first
        return .complete(units.map { unit in
            let key: String
            switch unit {
            case .therapist: key = Analytics.therapistOfRecord(record.client, sessionsIn: inWindow) ?? GroupKeys.unspecified
            case .technique: key = Analytics.mainTechnique(inWindow) ?? GroupKeys.unspecified
            }
            return CaseMixCourse(
                unit: key, improved: pain.clinicallyMeaningful == true, baseline: baseline, finalPain: final,
                chronic: false, segment: record.client.segment?.rawValue ?? GroupKeys.unspecified, region: region)
        })
    }

    /// Counts a record's contribution (from `course`, with these kinds' units) into `kinds`.
    static func add(_ contribution: Contribution, of record: ClientRecord, to kinds: inout [CaseMixCourses]) {
        switch contribution {
        case .inactive: return
        case .incomplete:
            for k in kinds.indices { kinds[k].activeClients += 1; kinds[k].incomplete += 1 }
        case .complete(let courses):
            for k in kinds.indices {
                kinds[k].activeClients += 1
                kinds[k].clients.append(record.client.id)
                kinds[k].courses.append(courses[k])
            }
        }
    }

    /// The courses in client-id order (the order fixes the validation folds).
    func sortedByClient() -> CaseMixCourses {
        let order = clients.indices.sorted { clients[$0] < clients[$1] }
        var out = self
        out.clients = order.map { clients[$0] }
        out.courses = order.map { courses[$0] }
        return out
    }
}

extension Analytics {
    /// `expectedOutcomes` from records that arrive in batches (a store's
    /// `forEachClientRecordBatch`): each record's course is taken as it comes, and `result`
    /// analyses them. Feed the records of every client with a session up to `period.to`; with a
    /// `site`, only those with a session at that site in the window count (the site's own model).
    public struct ExpectedOutcomesBuilder: Sendable {
        public let period: Period
        public let site: String?
        public let options: AnalysisOptions
        /// By therapist, then by technique.
        var kinds: [CaseMixCourses]

        public init(period: Period, site: String? = nil, options: AnalysisOptions = .init()) {
            self.period = period; self.site = site; self.options = options
            let window = Analytics.expectedOutcomesWindow(endingOn: period.to)
            kinds = [CaseMixUnitKind.therapist, .technique].map {
                CaseMixCourses(window: window, unitKind: $0, clients: [], courses: [], activeClients: 0, incomplete: 0)
            }
        }

        /// Takes each record's course (in parallel, as `Analytics.cohort` summarises), then counts
        /// them in the records' order: the same courses, in the same order, as one at a time.
        public mutating func add(_ records: [ClientRecord]) {
            let window = kinds[0].window, units = kinds.map(\.unitKind)
            let (site, opts) = (site, options)
            let slots = Slots<CaseMixCourses.Contribution>(count: records.count)
            let workers = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
            let chunk = max(1, min(256, records.count / max(1, workers * 8)))
            DispatchQueue.concurrentPerform(iterations: (records.count + chunk - 1) / chunk) { c in
                for i in c * chunk..<min(records.count, (c + 1) * chunk) {
                    let record = records[i]
                    if let site, !record.sessions.contains(where: { $0.site == site && window.contains($0.day) }) {
                        slots.set(i, .inactive)
                    } else {
                        slots.set(i, CaseMixCourses.course(record, window: window, units: units, options: opts))
                    }
                }
            }
            for (record, contribution) in zip(records, slots.values()) {
                CaseMixCourses.add(contribution, of: record, to: &kinds)
            }
        }

        /// The expected outcomes of every record added: those of `Analytics.expectedOutcomes`.
        public func result(model: ExpectedOutcomesOptions? = nil) -> CohortExpectedOutcomes {
            Analytics.expectedOutcomes(kinds.map { $0.sortedByClient() }, period: period,
                                       options: options, model: model)
        }
    }

    /// The rolling 12-month window ending on `end`: from the day after the same calendar day a
    /// year earlier (29 February falls back to the 28th), to `end`, both included.
    ///
    /// ```swift
    /// Analytics.expectedOutcomesWindow(endingOn: Day(iso: "2026-10-31")!)   // 2025-11-01 … 2026-10-31
    /// ```
    public static func expectedOutcomesWindow(endingOn end: Day) -> Period {
        let (y, m, d) = Day.civil(ordinal: end.ordinal)
        let sameDay = Day(year: y - 1, month: m, day: min(d, Day.daysIn(year: y - 1, month: m))) ?? end - 365
        return Period(from: sameDay + 1, to: end)
    }

    /// The complete courses of a window, built with the cohort's own rules (nothing copied):
    ///
    /// - **active**: at least one session in the window;
    /// - **complete** (eligible): at least 2 days of pain on record up to the window's end — the
    ///   cohort's rule (`MeasureProgress.change` is non-nil);
    /// - **baseline** = the first pre-session pain on record, **final** = the current pain (mean
    ///   of the last two up to the window's end), **improved** = `clinicallyMeaningful` (≥ 2 points
    ///   and ≥ 30 %), all from `MeasureProgress` with `options`' thresholds;
    /// - **unit**: the therapist of record over the window's sessions (`therapistOfRecord`, the one
    ///   rule), or the main technique (see `CaseMixUnitKind`); `unspecified` when none is named;
    /// - **segment**: the client's, or `unspecified`;
    /// - **region**: the client's first region on file, else the first region named at their first
    ///   session on record — an intake fact, known before the therapist acts. The most frequent
    ///   session region is not used: which areas get treated is partly the therapist's choice;
    /// - **chronic**: not recorded by Relief (no symptom-onset field), so `false` here and left
    ///   out of the model (`CaseMixSpecification.includeChronic = false`);
    /// - attendance: not case mix, left nil.
    ///
    /// - Complexity: O(Σ sessions) (no trend is fitted).
    public static func caseMixCourses(_ records: [ClientRecord], window: Period, unit: CaseMixUnitKind,
                                      options: AnalysisOptions = .init()) -> CaseMixCourses {
        var kinds = [CaseMixCourses(window: window, unitKind: unit, clients: [], courses: [], activeClients: 0, incomplete: 0)]
        for record in records { CaseMixCourses.add(record, options: options, to: &kinds) }
        return kinds[0].sortedByClient()
    }

    /// The technique named at most of these sessions (ties: the alphabetically first); nil when none names one.
    static func mainTechnique(_ sessions: some Collection<Session>) -> String? {
        var counts: [String: Int] = [:]
        // Each technique once a session (a list of a few: no Set to build and hash for each).
        for s in sessions {
            let names = s.techniques
            for (i, t) in names.enumerated() where !names[..<i].contains(t) { counts[t, default: 0] += 1 }
        }
        return counts.min { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }?.key
    }

    /// The case-mix specification for records: intake covariates baseline, segment and region;
    /// chronic left out (not recorded).
    public static var recordsCaseMixSpecification: CaseMixSpecification {
        CaseMixSpecification(includeChronic: false)
    }

    /// Expected outcomes over the rolling 12-month window ending at `period.to`, by therapist and
    /// by main technique (sites do not exist yet), from records of the clients active in that
    /// window (expected-outcomes.md; docs/metrics.md, "Expected outcomes").
    public static func expectedOutcomes(_ records: [ClientRecord], period: Period, options: AnalysisOptions = .init(),
                                        model: ExpectedOutcomesOptions? = nil) -> CohortExpectedOutcomes {
        var builder = ExpectedOutcomesBuilder(period: period, options: options)
        builder.add(records)
        return builder.result(model: model)
    }

    /// The analysis of each kind of unit's courses (therapist first, then technique).
    static func expectedOutcomes(_ kinds: [CaseMixCourses], period: Period, options: AnalysisOptions,
                                 model: ExpectedOutcomesOptions?) -> CohortExpectedOutcomes {
        var settings = model ?? ExpectedOutcomesOptions()
        if model == nil { settings.specification = recordsCaseMixSpecification }
        settings.confidence = options.confidence
        let window = expectedOutcomesWindow(endingOn: period.to)
        // The two kinds of unit are independent: each gets its own thread when there are two
        // (the same arithmetic either way, so the same bytes).
        // Their designs differ only in the unit, so they share each rung's validation gate.
        let slots = Slots<(CaseMixCourses, ExpectedOutcomesResult)>(count: kinds.count)
        let model = settings, gates = SharedGates()
        let work: @Sendable (Int) -> Void = { k in
            slots.set(k, (kinds[k], ExpectedOutcomes.analyze(kinds[k].courses, options: model, gates: gates)))
        }
        let workers = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        if workers > 1 {
            // The other kinds on Dispatch's pool, the first on this thread; not `concurrentPerform`:
            // libdispatch runs an apply nested in another at the outer one's width, so each fit's
            // own parallel objective (`RandomInterceptLogistic`) stayed on one thread even after
            // the other fit had ended (at 10M sessions the therapist fit ran 16 s on one core).
            let others = DispatchGroup()
            for k in kinds.indices.dropFirst() { DispatchQueue.global().async(group: others) { work(k) } }
            if !kinds.isEmpty { work(0) }
            others.wait()
        } else {
            for k in kinds.indices { work(k) }
        }
        let results = slots.values()
        let byTherapist = results[0].0
        return CohortExpectedOutcomes(
            window: window, activeClients: byTherapist.activeClients, completeCourses: byTherapist.courses.count,
            incomplete: byTherapist.incomplete, chronicRecorded: settings.specification.includeChronic,
            byTherapist: results[0].1, byTechnique: results[1].1)
    }
}

/// The clinic's expected outcomes for a report: the window, its courses, and the analysis per
/// kind of unit (the `expectedOutcomes` object of `relief analyze --json`; codes and numbers).
public struct CohortExpectedOutcomes: Sendable, Hashable {
    /// The rolling 12-month window ending at the report period's end.
    public var window: Period
    /// Clients with a session in the window.
    public var activeClients: Int
    /// Of them, clients with a complete course (≥ 2 days of pain on record).
    public var completeCourses: Int
    /// Active clients without a complete course (left out).
    public var incomplete: Int
    /// Whether `chronic` entered the model (false: Relief records no symptom onset).
    public var chronicRecorded: Bool
    public var byTherapist: ExpectedOutcomesResult
    public var byTechnique: ExpectedOutcomesResult

    /// Hashes the window and counts (equal values hash equally; the fits are compared by `==`).
    public func hash(into h: inout Hasher) {
        h.combine(window); h.combine(activeClients); h.combine(completeCourses); h.combine(incomplete)
        h.combine(byTherapist.courses); h.combine(byTherapist.improved); h.combine(byTechnique.units.count)
    }
}
