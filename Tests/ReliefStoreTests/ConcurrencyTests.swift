import Dispatch
import Foundation
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

/// Two `ReliefDatabase` values on one file stand for two processes (an import and a report,
/// or two imports): each has its own SQLite connections, so they meet only through the
/// file's locks, exactly as processes do.
@Suite(.serialized) struct ConcurrencyTests {
    /// Starts an import on another thread that stays inside its transaction until `release`
    /// is signalled; returns once the transaction holds the write lock.
    private func holdWriteTransaction(_ db: ReliefDatabase, release: DispatchSemaphore,
                                      done: DispatchSemaphore, result: ResultBox) {
        let started = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do {
                let summary = try db.importBatch(file: "long.csv", importedOn: today) { w in
                    for s in sessions(count: 2_000, clients: 20) {
                        var s = s
                        s.id = "L" + s.id
                        try w.upsert(s)
                    }
                    w.rejected = 0
                    started.signal()
                    release.wait()
                }
                result.set(.success(summary))
            } catch {
                result.set(.failure(error))
            }
            done.signal()
        }
        started.wait()
    }

    @Test func aReportReadsWhileAnImportWrites() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let importer = try ReliefDatabase(path: path)
        try importer.importSessions(sessions(count: 100))
        let release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        holdWriteTransaction(importer, release: release, done: done, result: result)

        // Opened and read while the other holds the write lock: no wait, no error, and the
        // snapshot from before the import.
        let started = Date()
        let report = try ReliefDatabase(path: path, busyTimeout: 10)
        #expect(try report.counts().sessions == 100)
        #expect(try report.clientRecords(activeIn: Period(from: day(), to: day(100))).count == 10)
        #expect(Date().timeIntervalSince(started) < 5)

        release.signal()
        done.wait()
        #expect(try result.get().sessions.inserted == 2_000)
        #expect(try report.counts().sessions == 2_100)
    }

    @Test func aSecondWriterWaitsForTheFirstAndSucceeds() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let first = try ReliefDatabase(path: path)
        let second = try ReliefDatabase(path: path, busyTimeout: 10)
        let release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        holdWriteTransaction(first, release: release, done: done, result: result)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { release.signal() }

        let started = Date()
        let summary = try second.importSessions(sessions(count: 500))
        #expect(Date().timeIntervalSince(started) >= 0.4)  // it did wait for the first
        #expect(summary.sessions.inserted == 500)
        done.wait()
        #expect(try result.get().sessions.inserted == 2_000)
        #expect(try first.counts().sessions == 2_500)
        #expect(try first.lastImports(limit: 5).count == 2)
    }

    @Test func aWriterThatWaitsTooLongSaysTheDatabaseIsLocked() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let first = try ReliefDatabase(path: path)
        let second = try ReliefDatabase(path: path, busyTimeout: 0.3)
        let release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        holdWriteTransaction(first, release: release, done: done, result: result)
        defer { release.signal(); done.wait() }

        #expect {
            try second.importSessions([session("S1")])
        } throws: { error in
            guard case StoreError.busy(_, let seconds, _) = error else { return false }
            return seconds == 0.3 && "\(error)".hasPrefix("database is locked after 0.3 s")
        }
    }
}

/// A result handed from a background thread to the test, behind a lock.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<WriteSummary, any Error>?

    func set(_ result: Result<WriteSummary, any Error>) { lock.withLock { value = result } }

    func get() throws -> WriteSummary {
        guard let value = lock.withLock({ value }) else { throw CancellationError() }
        return try value.get()
    }
}
