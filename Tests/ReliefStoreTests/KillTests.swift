#if os(Linux)
import Foundation
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

/// `kill -9` in the middle of an import: the database must be exactly as it was before.
///
/// The test runs this same test binary again as a child process, filtered to the helper
/// below, which starts a large import, lets SQLite spill much of it into the WAL, says so
/// through a marker file and waits inside its transaction; the parent then SIGKILLs it.
@Suite(.serialized) struct KillTests {
    static let databaseKey = "RELIEF_STORE_KILL_HELPER_DB"
    static let markerKey = "RELIEF_STORE_KILL_HELPER_MARKER"
    static var helperEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// Runs only in the child process the next test starts.
    @Test(.enabled(if: helperEnvironment[databaseKey] != nil))
    func killHelperImportsUntilKilled() throws {
        let path = try #require(Self.helperEnvironment[Self.databaseKey])
        let marker = try #require(Self.helperEnvironment[Self.markerKey])
        let db = try ReliefDatabase(path: path)
        try db.importBatch(file: "huge.csv", importedOn: today) { w in
            // A tiny page cache makes SQLite write uncommitted pages to the WAL as it goes.
            try (w as! ImportWriter).db.execute(sql: "PRAGMA cache_size = 20")
            for (i, s) in sessions(count: 60_000, clients: 3_000).enumerated() {
                var s = s
                s.id = "K\(i)"
                s.clientID = "killed-\(s.clientID)"
                try w.upsert(s)
            }
            try w.upsert(Client(id: "killed-C0", name: "Never stored"))  // waits for the sessions to be written
            FileManager.default.createFile(atPath: marker, contents: Data())
            while true { sleep(1) }
        }
    }

    @Test func killingAnImportMidTransactionLeavesTheDatabaseAsItWas() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let db = try ReliefDatabase(path: path)
        try db.importSessions(sessions(count: 500))
        let before = try db.counts()
        let everything = Period(from: day(-1000), to: day(1000))
        let records = try db.clientRecords(activeIn: everything)

        let child = try KilledHelper(test: "killHelperImportsUntilKilled", environment: [Self.databaseKey: path],
                                     markerKey: Self.markerKey, folder: folder.path)
        let reachedTransaction = child.waitForMarker()
        let output = child.kill()
        try #require(reachedTransaction, "the helper never reached its transaction:\n\(output)")
        #expect(child.process.terminationReason == .uncaughtSignal)
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize > 1_000_000, "the killed import should have left uncommitted pages in the WAL")

        let reopened = try ReliefDatabase(path: path)
        #expect(try reopened.counts() == before)
        #expect(try reopened.clientRecords(activeIn: everything) == records)
        #expect(try reopened.clients().allSatisfy { !$0.id.hasPrefix("killed-") })
        let check = try reopened.writer.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
        #expect(try reopened.importSessions([session("S-after-kill")]).sessions.inserted == 1)
    }
}
#endif
