import GRDB
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

/// No connection of a store maps its file: a mapped file's pages count in the process's resident
/// memory, and a month of reports reading every client through the client index touched nearly
/// every page of a million-session file (231 MiB against 114; docs/store.md). The scans and the
/// index build used to set the map off for themselves and back to 1 GiB after, which mapped the
/// reads that followed on the same connection: each is checked here.
@Suite struct MemoryMapTests {
    static func mapSize(_ db: ReliefDatabase) throws -> (reader: Int, writer: Int) {
        let reader = try db.read("test") { try Int.fetchOne($0, sql: "PRAGMA mmap_size") ?? -1 }
        let writer = try db.writer.write { try Int.fetchOne($0, sql: "PRAGMA mmap_size") ?? -1 }
        return (reader, writer)
    }

    @Test func noConnectionMapsTheFileBeforeOrAfterAScanAnIndexBuildOrAnImport() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("store.sqlite"))
        #expect(try Self.mapSize(db) == (0, 0))

        try db.importSessions(sessions(count: 500))
        #expect(try Self.mapSize(db) == (0, 0))

        var clients = 0
        try db.forEachClientRecordBatch(through: day(1000), batchSize: 4) { clients += $0.count }
        #expect(clients == 10)
        #expect(try Self.mapSize(db) == (0, 0))

        var scores = 0
        try db.forEachFirstScore(through: day(1000)) { _ in scores += 1 }
        #expect(scores > 0)
        #expect(try Self.mapSize(db) == (0, 0))

        // A small import builds the client index itself; drop it to have it built again.
        try db.writer.write { try $0.execute(sql: "DROP INDEX \(ReliefDatabase.clientIndexName)") }
        #expect(try db.ensureClientIndex())
        #expect(try Self.mapSize(db) == (0, 0))
        #expect(try db.clientRecord(id: "C3")?.sessions.count == 50)
    }
}
