import Foundation
import ReliefModel

extension Analytics {
    /// The clinic's outcomes for a period (metrics.md §6).
    ///
    /// Per client (in parallel, each O(s²) in that client's sessions for Theil–Sen): status
    /// (active, new, lapsed), pain baseline/current/change and trend up to `period.to`, course rate,
    /// the period's immediate relief and return-of-pain observations, group keys, at-risk reasons.
    /// Then one pass aggregates: counts, improved share (clients with fewer than 2 days of pain on
    /// record are left out and counted), groups, dose-response bins and Spearman's ρ, and the
    /// pooled relief-duration curve with every client weighted equally (each client's observations
    /// weigh 1/their number) and a 95% band from a bootstrap over clients (seeded).
    ///
    /// `options.clinicBaselineSD` is filled from `records` when empty.
    ///
    /// - Complexity: O(Σ sᵢ² log sᵢ) over clients' sessions up to the cut-off, plus
    ///   O(B · N) for the bootstrap over the period's N observations; nothing quadratic across clients.
    ///
    /// A non-empty `filter` keeps the clients in the groups it names (`CohortFilter`); the
    /// clinic's baseline SDs stay those of every record. With two or more `sites` (a chain's),
    /// `bySite` breaks the outcomes down by site, every site listed even without clients.
    public static func cohort(_ records: [ClientRecord], therapists: [Therapist], sites: [Site] = [], period: Period,
                              options: AnalysisOptions = .init(), filter: CohortFilter = .init()) -> CohortOutcomes {
        var options = options
        if options.clinicBaselineSD.isEmpty { options.clinicBaselineSD = baselineSD(records, upTo: period.to, threads: options.threads) }
        let summaries = summarize(records, period: period, options: options).filter(filter.admits)
        return aggregate(summaries, therapists: therapists, sites: sites, period: period, options: options)
    }

    /// `cohort` from records that arrive in batches (a store's `forEachClientRecordBatch`), so
    /// the clinic's sessions never need be in memory at once: each batch is summarised (in
    /// parallel) into small per-client members as it comes, and `outcomes` aggregates them.
    ///
    /// Feed every record `cohort` would get, in the same order (the store's: by client id), and
    /// the outcomes are the same bits. The clinic's baseline SDs are not computed: no cohort
    /// figure reads a member's reliable change (only a client's own progress does).
    ///
    /// ```swift
    /// var builder = Analytics.CohortBuilder(period: Period(month))
    /// try store.forEachClientRecordBatch(through: month.last, batchSize: 2048) { builder.add($0) }
    /// let outcomes = builder.outcomes(therapists: try store.therapists(), sites: try store.sites())
    /// ```
    public struct CohortBuilder: Sendable {
        public let period: Period
        public let options: AnalysisOptions
        public let filter: CohortFilter
        var members = MemberBatches<CohortMember>()
        /// How many clients' summaries the builder holds.
        public var memberCount: Int { members.count }

        public init(period: Period, options: AnalysisOptions = .init(), filter: CohortFilter = .init()) {
            self.period = period; self.options = options; self.filter = filter
        }

        /// Summarises a batch of records (the next ones in client-id order).
        public mutating func add(_ records: [ClientRecord]) {
            members.append(summarize(records, period: period, options: options), admitting: filter) { $0 }
        }

        /// The outcomes of every record added: those of `Analytics.cohort` over them. The members
        /// are moved into one array of their exact number and handed over to the aggregation
        /// (which drops the inactive in place, without a copy of the rest), so the builder is
        /// empty after: call it once, last.
        public mutating func outcomes(therapists: [Therapist], sites: [Site] = []) -> CohortOutcomes {
            Analytics.aggregate(members.take(), therapists: therapists, sites: sites, period: period, options: options)
        }

        /// The active clients of the records added: those of `Analytics.cohortClients` over them.
        public func clients() -> [CohortClient] { Analytics.clients(members.batches.flatMap { $0.filter(\.active) }) }
    }

    /// `CohortBuilder` for a period's headline figures only (`CohortHeadline`): the month before
    /// in a clinic report. Each batch is summarised as by `CohortBuilder` (the same members, the
    /// same filter), and each admitted member is kept as the few values the headline reads
    /// (`HeadlineMember`): the month before's members are held to the end of the read beside
    /// this month's, at a 10M chain about 240,000 of them.
    public struct HeadlineBuilder: Sendable {
        public let period: Period
        public let options: AnalysisOptions
        public let filter: CohortFilter
        var members = MemberBatches<HeadlineMember>()

        public init(period: Period, options: AnalysisOptions = .init(), filter: CohortFilter = .init()) {
            self.period = period; self.options = options; self.filter = filter
        }

        /// Summarises a batch of records (the next ones in client-id order).
        public mutating func add(_ records: [ClientRecord]) {
            members.append(summarize(records, period: period, options: options), admitting: filter, as: HeadlineMember.init)
        }

        /// The headline of every record added: each field that of `CohortBuilder.outcomes` over
        /// the same records (`CohortHeadline.init(_:)`). The builder is empty after.
        public mutating func headline() -> CohortHeadline {
            Analytics.headline(members.take(), options: options)
        }
    }

    /// A builder's members, a batch's to an array of exactly its size: appended to one growing
    /// array, a 10M chain's 320,000 (352 bytes each) had up to twice their room allocated, and
    /// the old and the new buffer at once as it doubled.
    struct MemberBatches<Member: Sendable>: Sendable {
        private(set) var batches: [[Member]] = []
        private(set) var count = 0

        /// Keeps the summaries `filter` admits, each as `keep` makes it.
        mutating func append(_ summaries: [CohortMember], admitting filter: CohortFilter,
                             as keep: (CohortMember) -> Member) {
            var admitted: [Member] = []
            admitted.reserveCapacity(summaries.count(where: filter.admits))
            for m in summaries where filter.admits(m) { admitted.append(keep(m)) }
            count += admitted.count
            batches.append(admitted)
        }

        /// Every member kept, in one array of their exact number; empty after.
        mutating func take() -> [Member] {
            var all: [Member] = []
            all.reserveCapacity(count)
            for b in batches.indices {
                all.append(contentsOf: batches[b])
                batches[b] = []
            }
            batches = []
            count = 0
            return all
        }
    }

    /// The active clients behind a cohort's figures (the manager's drill-down from a bar), by id:
    /// the same members, group keys and improvement rule as `cohort`.
    public static func cohortClients(_ records: [ClientRecord], period: Period, options: AnalysisOptions = .init(),
                                     filter: CohortFilter = .init()) -> [CohortClient] {
        var options = options
        if options.clinicBaselineSD.isEmpty { options.clinicBaselineSD = baselineSD(records, upTo: period.to, threads: options.threads) }
        options.bootstrapReplicates = 0
        return clients(summarize(records, period: period, options: options).filter { $0.active && filter.admits($0) })
    }

    static func clients(_ members: [CohortMember]) -> [CohortClient] {
        members.sorted { $0.id < $1.id }
            .map { m in
                CohortClient(id: m.id, name: m.name, therapist: m.therapist == GroupKeys.unspecified ? nil : m.therapist,
                             sessionsInPeriod: m.sessionsInPeriod, baselinePain: m.pain.baseline, currentPain: m.pain.current,
                             improved: m.eligible ? m.improved : nil, atRisk: !m.atRisk.isEmpty)
            }
    }

    static func summarize(_ records: [ClientRecord], period: Period, options: AnalysisOptions) -> [CohortMember] {
        let slots = Slots<CohortMember>(count: records.count)
        let workers = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        let chunk = max(1, min(256, records.count / max(1, workers * 8)))
        let chunks = (records.count + chunk - 1) / chunk
        let opts = options
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * chunk, hi = min(records.count, lo + chunk)
            for i in lo..<hi { slots.set(i, CohortMember.of(records[i], period: period, options: opts)) }
        }
        return slots.values()
    }

    /// With two or more `sites` (a chain's), `bySite` too, every site listed even without clients.
    ///
    /// `all` is consumed: the members of a large cohort (352 bytes each, 113 MB at 320,000
    /// clients) are never copied. The at-risk are listed first; `admit` then counts the lapsed,
    /// removes the inactive in place, keeping the order, and indexes the eligible.
    static func aggregate(_ all: consuming [CohortMember], therapists: [Therapist], sites: [Site] = [], period: Period,
                          options: AnalysisOptions) -> CohortOutcomes {
        var active = consume all
        // At risk: active or lapsed clients with a reason, sorted by id.
        let atRisk = active.filter { !$0.atRisk.isEmpty }.sorted { $0.id < $1.id }.map {
            AtRiskClient(client: $0.id, name: $0.name,
                         therapist: $0.therapist == GroupKeys.unspecified ? nil : $0.therapist,
                         baselinePain: $0.pain.baseline, currentPain: $0.pain.current, lastSession: $0.lastSession,
                         sessionsOnRecord: $0.sessionsOnRecord, reasons: $0.atRisk)
        }
        let admitted = admit(&active)

        // The groups and the dose-response read the members only: computed on a pool thread while
        // this one fits the relief curve and its bootstrap (each the same values on any thread).
        let members = active, eligible = admitted.eligible, sections = Slots<Sections>(count: 1), background = DispatchGroup()
        DispatchQueue.global().async(group: background) {
            sections.set(0, Self.sections(members, eligible: eligible, therapists: therapists, sites: sites, options: options))
        }

        let relief = pooledRelief(active.map(\.relief), withoutFollowUp: active.reduce(0) { $0 + $1.reliefWithoutFollowUp },
                                  options: options)
        let h = figures(active, admitted, reliefMedian: relief.median, options: options)

        var missing = (painAfter: 0, sleep: 0, mood: 0, stress: 0)
        for s in active {
            missing.painAfter += s.missing.painAfter; missing.sleep += s.missing.sleep
            missing.mood += s.missing.mood; missing.stress += s.missing.stress
        }
        func share(_ k: Int) -> Double? { h.sessions == 0 ? nil : Double(k) / Double(h.sessions) }
        background.wait()
        let groupsAndDose = sections[0]!

        return CohortOutcomes(
            period: period, dataCutoff: period.to, clients: h.clients, newClients: h.newClients,
            lapsedClients: h.lapsedClients, sessions: h.sessions, improvedShare: h.improvedShare, improved: h.improved,
            eligible: h.eligible, leftOut: h.leftOut, medianPercentChange: h.medianPercentChange,
            immediateRelief: h.immediateRelief, reliefDuration: relief, byTherapist: groupsAndDose.byTherapist,
            byTechnique: groupsAndDose.byTechnique, bySegment: groupsAndDose.bySegment, byRegion: groupsAndDose.byRegion,
            byKind: groupsAndDose.byKind, doseResponse: groupsAndDose.doseResponse,
            atRisk: atRisk,
            dataQuality: DataQuality(sessions: h.sessions, missingPainAfter: share(missing.painAfter),
                                     missingSleep: share(missing.sleep), missingMood: share(missing.mood),
                                     missingStress: share(missing.stress)),
            appointments: AppointmentAttendance.total(active.compactMap(\.appointments)), bySite: groupsAndDose.bySite)
    }

    /// The pooled relief duration over clients' observations (`relief`, one array a client),
    /// clients weighted equally (each client's observations weigh 1/their number), with a band
    /// from a bootstrap over clients unless `options.bootstrapReplicates` is 0 or 1 (the curve
    /// and its median are the same either way).
    static func pooledRelief(_ relief: [[ReliefObservation]], withoutFollowUp: Int,
                             options: AnalysisOptions) -> ReliefDuration {
        let clusters = relief.map { $0.map(\.time) }.filter { !$0.isEmpty }
        var times: [CensoredTime] = [], weights: [Double] = []
        for c in clusters {
            times.append(contentsOf: c)
            weights.append(contentsOf: repeatElement(1 / Double(c.count), count: c.count))
        }
        var curve = Turnbull.fit(times, weights: weights, confidence: options.confidence)
        if let c = curve {
            var rng = SplitMix64(seed: options.bootstrapSeed)
            curve = SurvivalBootstrap.bands(c, clusters: clusters, weightClustersEqually: true,
                                            replicates: options.bootstrapReplicates, confidence: options.confidence,
                                            using: &rng)
        }
        return ReliefDuration.summarize(relief.flatMap { $0 }, withoutFollowUp: withoutFollowUp, curve: curve,
                                        clientsWeightedEqually: true, cumulative: nil)
    }

    /// `aggregate`'s headline figures only (`CohortHeadline`), from the members' `HeadlineMember`s:
    /// the same arithmetic on the same values (`admit` and `figures`, which `aggregate` calls
    /// too), without the groups, the dose-response, the bootstrap band or the at-risk list.
    /// `all` is consumed.
    static func headline(_ all: consuming [HeadlineMember], options: AnalysisOptions) -> CohortHeadline {
        var active = consume all
        let admitted = admit(&active)
        var options = options
        options.bootstrapReplicates = 0   // the median is the curve's, the same without a band
        let median = pooledRelief(active.map(\.relief), withoutFollowUp: active.reduce(0) { $0 + $1.reliefWithoutFollowUp },
                                  options: options).median
        return figures(active, admitted, reliefMedian: median, options: options)
    }

    /// The clients a period's figures count (`admit`): the lapsed and the at-risk among all the
    /// members, and the eligible as indices into the active ones.
    struct Admitted {
        var lapsed: Int
        var atRisk: Int
        var eligible: [Int]
    }

    /// Counts the lapsed and the at-risk, removes the inactive members in place (keeping the
    /// order; lapsed clients are inactive), and indexes the eligible among the rest.
    static func admit<M: HeadlineCounted>(_ members: inout [M]) -> Admitted {
        let atRisk = members.count(where: \.isAtRisk), lapsed = members.count(where: \.lapsed)
        members.removeAll { !$0.active }
        return Admitted(lapsed: lapsed, atRisk: atRisk, eligible: members.indices.filter { members[$0].eligible })
    }

    /// The headline figures of the active members `admit` left, with the pooled relief curve's
    /// median (computed by the caller: with or without its band).
    static func figures<M: HeadlineCounted>(_ active: [M], _ admitted: Admitted, reliefMedian: DurationEstimate,
                                            options: AnalysisOptions) -> CohortHeadline {
        let eligible = admitted.eligible
        let improved = eligible.count(where: { active[$0].improved })
        return CohortHeadline(
            clients: active.count, newClients: active.count(where: \.isNew), lapsedClients: admitted.lapsed,
            sessions: active.reduce(0) { $0 + $1.sessionsInPeriod },
            improvedShare: eligible.isEmpty ? nil : Double(improved) / Double(eligible.count),
            improved: improved, eligible: eligible.count, leftOut: active.count - eligible.count,
            medianPercentChange: Descriptive.median(eligible.compactMap { active[$0].percentChange }),
            immediateRelief: ImmediateRelief.of(deltas: active.flatMap(\.deltas), options: options),
            reliefMedian: reliefMedian, atRisk: admitted.atRisk)
    }

    /// The cohort's groups by each dimension and its dose-response (`aggregate`).
    struct Sections: Sendable {
        var byTherapist, byTechnique, bySegment, byRegion, byKind, bySite: [GroupOutcome]
        var doseResponse: DoseResponse
    }

    static func sections(_ active: [CohortMember], eligible: [Int], therapists: [Therapist], sites: [Site],
                         options: AnalysisOptions) -> Sections {
        var names: [String: String] = [:]
        for t in therapists { names[t.id] = t.name ?? t.id }
        var siteNames: [String: String] = [:]
        for s in sites { siteNames[s.id] = s.displayName }
        return Sections(
            byTherapist: groups(.therapist, active, keys: { active[$0].keys(.therapist) }, always: therapists.map(\.id),
                                names: names, options: options),
            byTechnique: groups(.technique, active, keys: { active[$0].keys(.technique) }, always: [], options: options),
            bySegment: groups(.segment, active, keys: { active[$0].keys(.segment) }, always: [], options: options),
            byRegion: groups(.region, active, keys: { active[$0].keys(.region) }, always: [], options: options),
            byKind: groups(.kind, active, keys: { active[$0].keys(.kind) }, always: SessionKind.allCases.map(\.rawValue),
                           options: options),
            bySite: sites.count < 2 ? [] : groups(.site, active, keys: { active[$0].keys(.site) }, always: sites.map(\.id),
                                                  names: siteNames, options: options),
            doseResponse: doseResponse(active, eligible: eligible, options: options))
    }

    /// Groups clients by key (a client may sit in several groups, e.g. techniques), sorted by key;
    /// `keys` gives the keys of the client at an index.
    ///
    /// Each group is read through its members' indices (no summary is copied); values are taken
    /// in member order, so medians and means are those of the group's own list.
    static func groups(_ dimension: GroupDimension, _ clients: [CohortMember], keys: (Int) -> [String], always: [String],
                       names: [String: String] = [:], options: AnalysisOptions) -> [GroupOutcome] {
        var members: [String: [Int]] = [:]
        for k in always { members[k] = [] }
        for i in clients.indices { for k in Set(keys(i)) { members[k, default: []].append(i) } }
        var changes: [Double] = [], deltas: [Double] = []
        return members.keys.sorted().map { key in
            let g = members[key]!
            var sessions = 0, eligible = 0, improved = 0
            changes.removeAll(keepingCapacity: true)
            deltas.removeAll(keepingCapacity: true)
            for i in g {
                sessions += clients[i].sessionsInPeriod
                deltas.append(contentsOf: clients[i].deltas)
                guard clients[i].eligible else { continue }
                eligible += 1
                if clients[i].improved { improved += 1 }
                if let change = clients[i].pain.percentChange { changes.append(change) }
            }
            let interval = Wilson.interval(successes: improved, trials: eligible, confidence: options.confidence)
            return GroupOutcome(dimension: dimension, key: key, name: names[key], clients: g.count, sessions: sessions, eligible: eligible,
                                improved: improved,
                                improvedShare: eligible == 0 ? nil : Double(improved) / Double(eligible),
                                improvedShareLower95: interval?.lower, improvedShareUpper95: interval?.upper,
                                medianPercentChange: Descriptive.median(changes),
                                meanImmediateRelief: Descriptive.mean(deltas),
                                tooFewToCompare: g.count < options.minimumGroupSize)
        }
    }

    /// Dose-response over eligible active clients (`eligible`: their indices in `clients`): bins of
    /// sessions per 30 days over the course. Clients are read through indices (no summary is
    /// copied), in the order given.
    static func doseResponse(_ clients: [CohortMember], eligible: [Int], options: AnalysisOptions) -> DoseResponse {
        let edges = options.doseBinEdges.sorted()
        var bins: [DoseResponse.Bin] = []
        let rated = eligible.filter { clients[$0].courseRate != nil }
        for b in 0...edges.count {
            let from = b == 0 ? 0 : edges[b - 1]
            let to: Double? = b < edges.count ? edges[b] : nil
            let inBin = rated.filter { i in
                let rate = clients[i].courseRate!
                return rate >= from && (to.map { rate < $0 } ?? true)
            }
            bins.append(DoseResponse.Bin(
                from: from, to: to, n: inBin.count,
                medianChange: Descriptive.median(inBin.compactMap { clients[$0].pain.change }),
                medianPercentChange: Descriptive.median(inBin.compactMap { clients[$0].pain.percentChange }),
                improvedShare: inBin.isEmpty ? nil : Double(inBin.filter { clients[$0].improved }.count) / Double(inBin.count),
                tooFewToCompare: inBin.count < options.minimumGroupSize))
        }
        let pairs = rated.filter { clients[$0].pain.percentChange != nil }
        let rho = Spearman.correlate(pairs.map { clients[$0].courseRate! }, pairs.map { clients[$0].pain.percentChange! },
                                     confidence: options.confidence)
        return DoseResponse(bins: bins, spearman: rho)
    }
}

/// Fixed-size result slots written by index from concurrent workers (each index by one worker).
final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int
    init(count: Int) {
        self.count = count
        base = UnsafeMutablePointer<T?>.allocate(capacity: max(1, count))
        base.initialize(repeating: nil, count: max(1, count))
    }
    deinit { base.deinitialize(count: max(1, count)); base.deallocate() }
    func set(_ i: Int, _ v: T?) { base[i] = v }
    /// Slot `i`: nil until set (read after the writers are done).
    subscript(_ i: Int) -> T? { base[i] }
    func values() -> [T] { (0..<count).compactMap { base[$0] } }
}
