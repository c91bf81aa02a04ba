import Foundation
import ReliefAnalytics
import ReliefFiles
import ReliefModel
import ReliefStore
import Synchronization

/// Render a month: every client with a session in it, plus the clinic report, in parallel,
/// each file written whole and owner-only, with an index.html and manifest.json.
///
/// A shard (slice i of n > 1) writes `manifest-shard-<i>-of-<n>.json` instead of index.html
/// and manifest.json, so shards can share a folder; `ShardMerge` then writes those two exactly
/// as one run would.
///
/// Memory stays flat in the number of clients: clients are loaded a batch at a time and
/// each worker renders one record and lets it go. Progress is reported through a callback
/// (the CLI draws a bar, the web app a progress page); nothing here prints.
public struct MonthRenderer: Sendable {
    public var store: any RecordStore
    public var month: Month
    public var out: String
    public var jobs: Int
    public var shard: Shard
    public var options: ReportOptions

    /// Clients loaded and rendered per batch.
    static let batchSize = 256

    /// Slice `index` of `count` (1-based): clients whose position in id order is
    /// `index − 1` modulo `count`; the clinic report belongs to slice 1. Slices are taken from
    /// the store's id order (byte order), which `ShardMerge` rebuilds by taking them in turn.
    public struct Shard: Sendable, Equatable {
        public var index: Int
        public var count: Int
        public static let all = Shard(index: 1, count: 1)
        public init(index: Int, count: Int) { self.index = index; self.count = count }
        func includes(_ position: Int) -> Bool { position % count == index - 1 }
    }

    public struct Outcome: Sendable {
        public var rendered: [ReportManifest.Entry]
        public var failures: [String]
    }

    public init(store: any RecordStore, month: Month, out: String, jobs: Int, shard: Shard = .all, options: ReportOptions) {
        self.store = store; self.month = month; self.out = out; self.jobs = jobs; self.shard = shard; self.options = options
    }

    /// Renders the month.
    /// - Parameters:
    ///   - started: called once with the number of reports this run will render.
    ///   - advanced: called after each report (from any thread) with the number done so far.
    /// - Throws: `WorkflowError.cannotWrite`, `StoreError`; a report that fails is listed in
    ///   `Outcome.failures` instead.
    public func run(started: (Int) -> Void = { _ in }, advanced: @Sendable (Int) -> Void = { _ in }) throws -> Outcome {
        try writing { try OwnerOnlyFiles.makeFolder(out) }
        // The clients are read a batch at a time through the client index: built here if an
        // import left it to be built (one sort; without it each batch would scan every session).
        try store.ensureClientIndex()
        let ids = try store.clientIDs(withSessionsIn: Period(month))
        let mine = ids.enumerated().filter { shard.includes($0.offset) }.map(\.element)
        // A chain's month also has each site's clinic report (with the chain's, in slice 1).
        let sites = shard.index == 1 ? try store.sites() : []
        let siteReports = sites.count >= 2 ? sites.map(\.id) : []
        started(mine.count + (shard.index == 1 ? 1 + siteReports.count : 0))
        let done = Atomic<Int>(0)
        var entries: [ReportManifest.Entry] = []
        var failures: [String] = []
        if shard.index == 1 {
            do {
                entries.append(try ReportService.renderClinic(store: store, month: month, out: out, options: options))
            } catch {
                failures.append("clinic report: \(error)")
            }
            advanced(done.add(1, ordering: .relaxed).newValue)
            for site in siteReports {
                do {
                    entries.append(try ReportService.renderClinic(store: store, month: month, out: out, options: options, site: site))
                } catch {
                    failures.append("clinic report of site \(site): \(error)")
                }
                advanced(done.add(1, ordering: .relaxed).newValue)
            }
        }
        let results = Mutex<[Int: Result<ReportManifest.Entry, any Error>]>([:])
        let month = self.month, folder = self.out, options = self.options
        // The clinic's baseline SDs (for reliable change) are the same for every client: compute once.
        let analysis = try AnalysisService.options(store: store, through: month.last)
        let names = try ReportService.names(store)
        for batchStart in stride(from: 0, to: mine.count, by: MonthRenderer.batchSize) {
            let ids = Array(mine[batchStart..<min(batchStart + MonthRenderer.batchSize, mine.count)])
            let records = try store.clientRecords(ids: ids, through: month.last)
            var byID: [String: ClientRecord] = [:]
            for r in records { byID[r.client.id] = r }
            let next = Atomic<Int>(0)
            let workers = max(1, min(jobs, ids.count))
            let batch = byID
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < ids.count else { return }
                    let r = Result {
                        guard let record = batch[ids[i]] else { throw WorkflowError.unknownClient(ids[i]) }
                        return try ReportService.renderClient(record, month: month, names: names, out: folder,
                                                              options: options, analysis: analysis)
                    }
                    results.withLock { $0[batchStart + i] = r }
                    advanced(done.add(1, ordering: .relaxed).newValue)
                }
            }
        }
        let collected = results.withLock { $0 }
        for i in mine.indices {
            switch collected[i] {
            case .success(let e): entries.append(e)
            case .failure(let error): failures.append("client \(mine[i]): \(error)")
            case nil: failures.append("client \(mine[i]): not rendered")
            }
        }
        if shard.count == 1 {
            let manifest = ReportManifest(month: month.iso, shard: "\(shard.index)/\(shard.count)", reports: entries)
            try manifest.write(to: out)
            try IndexPage.write(manifest, to: out)
        } else {
            // One of several: its own manifest, which `ShardMerge` turns into the month's.
            try ShardManifest(month: month.iso, index: shard.index, count: shard.count, clients: ids.count,
                              clientList: ShardManifest.fingerprint(ids), slice: mine,
                              options: ShardManifest.describe(options), reports: entries, failures: failures)
                .write(to: out)
        }
        return Outcome(rendered: entries, failures: failures)
    }
}
