import Dispatch
import Foundation
import ReliefModel
import ReliefStore

/// Times one client's record read (`RecordStore.clientRecord(id:through:)`, what a client's
/// report and web page read) for clients spread over the store (Benchmarks/run's one-client row).
public enum ClientReadBenchmark {
    /// What `run` measured, in milliseconds per read.
    public struct Result: Sendable {
        public var reads: Int
        public var sessions: Int
        public var first: Double
        public var median: Double
        public var max: Double

        public var summary: String {
            String(format: "%d reads, %d sessions: first %.3f ms, median %.3f ms, max %.3f ms",
                   reads, sessions, first, median, max)
        }
    }

    /// Reads `count` clients' records, evenly spaced over the store's clients, one at a time.
    /// - Throws: `StoreError` (a store that cannot be opened or read); `WorkflowError.unknownClient`
    ///   for a store with no clients.
    public static func run(location: String, count: Int) throws -> Result {
        let store = try Stores.openExisting(location)
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
                      max: sorted[sorted.count - 1])
    }
}
