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
/// Memory stays flat in the number of clients: clients are loaded a batch at a time, each
/// worker renders one record and lets it go, and each report's manifest entry is printed as it
/// is rendered and kept in a file (`EntrySpool`: 8 bytes of memory a report) until the manifest
/// and index.html are written from it, a report at a time (`ManifestFiles`). Progress is
/// reported through a callback (the CLI draws a bar, the web app a progress page); nothing here
/// prints.
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
        /// Reports written (their entries are in the manifest the run wrote).
        public var rendered: Int
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
        let clinics = shard.index == 1 ? 1 + siteReports.count : 0
        started(mine.count + clinics)
        // By position: the clinic reports (shard 1), then the clients in slice order.
        let spool = try EntrySpool(count: clinics + mine.count, folder: out)
        let done = Atomic<Int>(0)
        var failures: [String] = []
        if shard.index == 1 {
            for (k, site) in ([nil] + siteReports.map(Optional.some)).enumerated() {
                do {
                    let entry = try ReportService.renderClinic(store: store, month: month, out: out, options: options, site: site)
                    try spool.put(PrintedEntry(entry), at: k)
                } catch {
                    failures.append(site.map { "clinic report of site \($0): \(error)" } ?? "clinic report: \(error)")
                }
                advanced(done.add(1, ordering: .relaxed).newValue)
            }
        }
        let failed = Mutex<[Int: any Error]>([:])
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
                    do {
                        guard let record = batch[ids[i]] else { throw WorkflowError.unknownClient(ids[i]) }
                        let entry = try ReportService.renderClient(record, month: month, names: names, out: folder,
                                                                   options: options, analysis: analysis)
                        try spool.put(PrintedEntry(entry), at: clinics + batchStart + i)
                    } catch {
                        failed.withLock { $0[batchStart + i] = error }
                    }
                    advanced(done.add(1, ordering: .relaxed).newValue)
                }
            }
        }
        let errors = failed.withLock { $0 }
        for i in mine.indices {
            if let error = errors[i] {
                failures.append("client \(mine[i]): \(error)")
            } else if !spool.has(clinics + i) {
                failures.append("client \(mine[i]): not rendered")
            }
        }
        let rendered = spool.count
        if shard.count == 1 {
            try ReportManifest.write(month: month.iso, shard: "\(shard.index)/\(shard.count)", to: out) { emit in
                try spool.forEach { try emit($0.json) }
            }
            try IndexPage.write(month: month.iso, count: rendered, to: out) { emit in
                try spool.forEach { try emit($0.indexLine) }
            }
        } else {
            // One of several: its own manifest, which `ShardMerge` turns into the month's.
            try ShardManifest(month: month.iso, index: shard.index, count: shard.count, clients: ids.count,
                              clientList: ShardManifest.fingerprint(ids), slice: mine,
                              options: ShardManifest.describe(options), reports: [], failures: failures)
                .write(to: out) { emit in try spool.forEach { try emit($0.json) } }
        }
        return Outcome(rendered: rendered, failures: failures)
    }
}
