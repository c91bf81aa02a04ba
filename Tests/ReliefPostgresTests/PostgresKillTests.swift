#if os(Linux)
import Foundation
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefPostgres

/// `kill -9` of an importing process: the server rolls its transaction back, and the database
/// is exactly as it was before the file; the import lock goes with the dead connection.
///
/// As ReliefStoreTests' KillTests for SQLite: the test binary runs again as a child, filtered to
/// the helper, which sends three COPY chunks inside its import's transaction, says so through a
/// marker file and waits; the parent then SIGKILLs it.
@Suite(.serialized, .enabled(if: TestServer.url != nil || TestServer.isCI, Comment(rawValue: TestServer.missing)))
struct PostgresKillTests {
    static let locationKey = "RELIEF_POSTGRES_KILL_HELPER_URL"
    static let markerKey = "RELIEF_POSTGRES_KILL_HELPER_MARKER"
    static var helperEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// Runs only in the child process the next test starts.
    @Test(.enabled(if: helperEnvironment[locationKey] != nil))
    func postgresKillHelperImportsUntilKilled() throws {
        let url = try #require(Self.helperEnvironment[Self.locationKey])
        let marker = try #require(Self.helperEnvironment[Self.markerKey])
        let store = try PostgresStore(url: url)
        try store.importBatch(file: "huge.csv", importedOn: today) { w in
            for (i, s) in sessions(count: 30_000, clients: 3_000).enumerated() {
                var s = s
                s.id = "K\(i)"
                s.clientID = "killed-\(s.clientID)"
                try w.upsert(s)
            }
            try w.upsert(Client(id: "killed-C0", name: "Never stored"))  // sends the sessions first
            FileManager.default.createFile(atPath: marker, contents: Data())
            while true { sleep(1) }
        }
    }

    @Test func killingAnImportMidTransactionLeavesTheDatabaseAsItWas() throws {
        let test = try TestStore(.postgres)
        defer { test.close() }
        let store = try #require(test.store as? PostgresStore)
        try store.importSessions(sessions(count: 500))
        let before = try store.counts()
        let everything = Period(from: day(-1000), to: day(1000))
        let records = try store.clientRecords(activeIn: everything)

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let child = try KilledHelper(test: "postgresKillHelperImportsUntilKilled",
                                     environment: [Self.locationKey: store.location], markerKey: Self.markerKey, folder: folder)
        let reachedTransaction = child.waitForMarker()
        // Meanwhile a reader sees nothing of the import.
        #expect(try store.counts() == before)
        let output = child.kill()
        try #require(reachedTransaction, "the helper never reached its transaction:\n\(output)")
        #expect(child.process.terminationReason == .uncaughtSignal)

        let reopened = try test.reopen()
        #expect(try reopened.counts() == before)
        #expect(try reopened.clientRecords(activeIn: everything) == records)
        #expect(try reopened.clients().allSatisfy { !$0.id.hasPrefix("killed-") })
        // The dead connection's import lock is gone with it: the next import does not wait a minute.
        let start = Date()
        #expect(try reopened.importSessions([session("S-after-kill")]).sessions.inserted == 1)
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
#endif
