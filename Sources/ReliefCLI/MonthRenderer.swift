import Foundation
import Synchronization
import ReliefAnalytics
import ReliefModel
import ReliefStore

/// Renders a whole month: every client with a session in it, plus the clinic report,
/// in parallel, each file written atomically, with an index.html and manifest.json.
///
/// Memory stays flat in the number of clients: each worker loads one client's record,
/// renders it and lets it go.
struct MonthRenderer {
    var database: ReliefDatabase
    var month: Month
    var out: String
    var jobs: Int
    var shard: Shard
    var options: ReportOptions

    /// Clients loaded and rendered per batch.
    static let batchSize = 256

    struct Shard: Sendable {
        var index: Int  // 1-based
        var count: Int
        static let all = Shard(index: 1, count: 1)
        func includes(_ position: Int) -> Bool { position % count == index - 1 }
    }

    struct Outcome: Sendable {
        var rendered: [ReportManifest.Entry]
        var failures: [String]
    }

    func run() throws -> Outcome {
        try AtomicFile.makeDirectory(out)
        let ids = try database.clientIDs(withSessionsIn: Period(month))
        let mine = ids.enumerated().filter { shard.includes($0.offset) }.map(\.element)
        let total = mine.count + (shard.index == 1 ? 1 : 0)
        let progress = Progress(total: total, label: "Rendering \(month.iso)")
        var entries: [ReportManifest.Entry] = []
        var failures: [String] = []
        if shard.index == 1 {
            do {
                entries.append(try ReportService.renderClinic(database: database, month: month, out: out, options: options))
            } catch {
                failures.append("clinic report: \(error)")
            }
            progress.advance()
        }
        let results = Mutex<[Int: Result<ReportManifest.Entry, Error>]>([:])
        let month = self.month, out = self.out, options = self.options
        // The clinic's baseline SDs (for reliable change) are the same for every client: compute once.
        let analysis = try AnalysisService.options(database: database, through: month.last)
        let names = try ReportService.therapistNames(database)
        // Clients are loaded a batch at a time (one scan of the sessions per batch) and rendered
        // in parallel, so memory is bounded by the batch, not the clinic.
        for batchStart in stride(from: 0, to: mine.count, by: MonthRenderer.batchSize) {
            let ids = Array(mine[batchStart..<min(batchStart + MonthRenderer.batchSize, mine.count)])
            let records = try database.clientRecords(ids: ids, through: month.last)
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
                        guard let record = batch[ids[i]] else { throw CLIError.unknownClient(ids[i]) }
                        return try ReportService.renderClient(record, month: month, therapistNames: names, out: out,
                                                              options: options, analysis: analysis)
                    }
                    results.withLock { $0[batchStart + i] = r }
                    progress.advance()
                }
            }
        }
        progress.finish()
        let collected = results.withLock { $0 }
        for i in mine.indices {
            switch collected[i] {
            case .success(let e): entries.append(e)
            case .failure(let error): failures.append("client \(mine[i]): \(error)")
            case nil: failures.append("client \(mine[i]): not rendered")
            }
        }
        let manifest = ReportManifest(month: month.iso, shard: "\(shard.index)/\(shard.count)", reports: entries)
        try manifest.write(to: out)
        try IndexPage.write(manifest, to: out)
        return Outcome(rendered: entries, failures: failures)
    }
}

/// Progress on stderr: a bar when stderr is a terminal, one summary line otherwise.
/// Never prints names or scores, only counts.
final class Progress: Sendable {
    let total: Int
    let label: String
    let done = Atomic<Int>(0)
    let start = Date()
    let terminal = Console.stderrIsTerminal

    init(total: Int, label: String) { self.total = total; self.label = label }

    func advance() {
        let n = done.add(1, ordering: .relaxed).newValue
        guard terminal else { return }
        let width = 30
        let filled = total == 0 ? width : n * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(n)/\(total)".utf8))
    }

    func finish() {
        let seconds = Date().timeIntervalSince(start)
        let line = "\(label): \(done.load(ordering: .relaxed))/\(total) reports in \(String(format: "%.1f", seconds)) s"
        FileHandle.standardError.write(Data(((terminal ? "\r" : "") + line + "\n").utf8))
    }
}
