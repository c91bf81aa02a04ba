import Dispatch
import Foundation
import ReliefModel
import ReliefStore

/// Times one client's record read (`RecordStore.clientRecord(id:through:)`, what a client's
/// report and web page read) for clients spread over the store (Benchmarks/run's one-client row),
/// after building the client index if an import left it to be built (timed apart).
public enum ClientReadBenchmark {
    /// What `run` measured, in milliseconds per read.
    public struct Result: Sendable {
        public var reads: Int
        public var sessions: Int
        public var first: Double
        public var median: Double
        public var max: Double
        /// Seconds spent building the client index first (a bulk import left it to be built); nil when it was there.
        public var indexSeconds: Double?

        public var summary: String {
            String(format: "%d reads, %d sessions: first %.3f ms, median %.3f ms, max %.3f ms",
                   reads, sessions, first, median, max)
                + (indexSeconds.map { String(format: "; client index built first in %.2f s", $0) } ?? "")
        }
    }

    /// Reads `count` clients' records, evenly spaced over the store's clients, one at a time.
    /// - Throws: `StoreError` (a store that cannot be opened or read); `WorkflowError.unknownClient`
    ///   for a store with no clients.
    public static func run(location: String, count: Int) throws -> Result {
        let store = try Stores.openExisting(location)
        let start = DispatchTime.now().uptimeNanoseconds
        let built = try store.ensureClientIndex()
        let indexSeconds = built ? Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 : nil
        let ids = try store.clients().map(\.id)
        guard !ids.isEmpty, count > 0 else { throw WorkflowError.unknownClient("(the store has no clients)") }
        var times: [Double] = []
        var sessions = 0
        for i in 0..<count {
            let id = ids[(i * 7_919 + i * ids.count / count) % ids.count]
            let start = DispatchTime.now().uptimeNanoseconds
            let record = try store.clientRecord(id: id, through: nil)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            sessions += record?.sessions.count ?? 0
        }
        let sorted = times.sorted()
        return Result(reads: count, sessions: sessions, first: times[0], median: sorted[sorted.count / 2],
                      max: sorted[sorted.count - 1], indexSeconds: indexSeconds)
    }
}
