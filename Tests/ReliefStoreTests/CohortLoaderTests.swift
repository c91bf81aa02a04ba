import GRDB
import GRDBSQLite
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

/// The cohort read on three connections gives exactly the records of one read.
@Suite struct CohortLoaderTests {
    /// 24,000 sessions of 700 clients (ids of every length, some non-ASCII), with every optional
    /// field sometimes missing, notes, repeated and distinct lists, sessions after the cut-off,
    /// check-ins (some of clients with no session) and client rows for some clients.
    static func fill(_ db: ReliefDatabase) throws {
        var state: UInt64 = 99
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let techniques = [[], ["swedish"], ["myofascial-release", "deep-tissue"], ["trigger-point", "swedish", "cupping"]]
        let clientIDs = (0..<700).map { i in i % 50 == 0 ? "Ç-\(i)-ünïcode" : i % 7 == 0 ? "client-with-a-long-id-\(i)" : "C\(i)" }
        var all: [Session] = []
        for i in 0..<24_000 {
            let client = clientIDs[next(clientIDs.count)]
            all.append(Session(
                id: "S\(i)", clientID: client, therapistID: next(5) == 0 ? nil : "T\(next(9))", day: day(next(200) - 150),
                minute: next(3) == 0 ? nil : next(1440), durationMinutes: next(4) == 0 ? nil : 30 + next(60),
                kind: next(3) == 0 ? .relaxation : .medical, techniques: techniques[next(techniques.count)],
                pressure: next(2) == 0 ? nil : .moderate, regions: [[], ["neck", "lower-back"], ["lower-back", "neck"]][next(3)],
                painBefore: Double(next(101)) / 10, painAfter: next(4) == 0 ? nil : Double(next(11)),
                sleep: next(3) == 0 ? nil : Double(next(11)), mood: nil, stress: Double(next(11)),
                reliefDays: [nil, .ongoing, .days(Double(next(9)))][next(3)],
                notes: next(3) == 0 ? "Note \(i): stretches reviewed, shoulder still tight." : nil))
        }
        // Two files, so a client's rows are spread over the table.
        try db.importSessions(Array(all[..<9_000]), file: "a.csv")
        try db.importSessions(Array(all[9_000...]), file: "b.csv")
        try db.importBatch(file: "x.json", importedOn: today) { w in
            for (i, id) in clientIDs.enumerated() where i % 3 == 0 { try w.upsert(Client(id: id, name: "Name \(i)")) }
            for i in 0..<3_000 {
                try w.upsert(CheckIn(clientID: i % 10 == 0 ? "no-sessions-\(i)" : clientIDs[i % clientIDs.count],
                                     day: day(i / 20 - 150), pain: Double(i % 11), sleep: i % 2 == 0 ? nil : 5,
                                     source: i % 4 == 0 ? nil : "diary"))
            }
        }
    }

    @Test func concurrentReadsGiveTheRecordsOfOne() throws {
        let folder = try TemporaryFolder()
        let file = try ReliefDatabase(path: folder.file("cohort.sqlite"))
        let memory = try ReliefDatabase.inMemory()   // one connection: the single-read path
        try Self.fill(file)
        try Self.fill(memory)
        for (period, through) in [(Period(from: day(-30), to: day(0)), nil as Day?), (Period(from: day(-30), to: day(40)), day(-10))] {
            let cutoff = min(through ?? period.to, period.to)
            let single = try memory.clientRecords(activeIn: period, through: through)
            #expect(single.count > 600)
            #expect(try memory.readConcurrently(cutoff: cutoff, notes: true, operation: "test") == nil)
            let parts = try #require(try file.readConcurrently(cutoff: cutoff, notes: true, operation: "test"),
                                     "the concurrent read is taken")
            #expect(parts.count == 3 && parts[0].sessions.count > 5_000 && parts[1].sessions.count > 5_000)
            #expect(parts[2].sessions.count == 0 && !parts[2].checkIns.isEmpty && !parts[2].clients.isEmpty)
            let two = CohortPart.records(parts)
            #expect(two.count == single.count && zip(two, single).allSatisfy { $0 == $1 })
            let public_ = try file.clientRecords(activeIn: period, through: through)
            #expect(public_.count == single.count && zip(public_, single).allSatisfy { $0 == $1 })
            // The same as each client read on its own (ClientRecord's initialiser orders those).
            for record in single {
                #expect(try file.clientRecord(id: record.client.id, through: cutoff) == record)
            }
            // Without notes: the same records, every note nil.
            let noNotes = try file.clientRecords(activeIn: period, through: through, notes: false)
            let expected = single.map { r in
                ClientRecord(client: r.client, sessions: r.sessions.map { var s = $0; s.notes = nil; return s },
                             checkIns: r.checkIns)
            }
            #expect(noNotes.count == expected.count && zip(noNotes, expected).allSatisfy { $0 == $1 })
            #expect(single.contains { $0.sessions.contains { $0.notes != nil } })
        }
    }
}

/// The streamed cohort (issue 18) gives the records of `clientRecords(activeIn:notes: false)`,
/// in one pass over the tables and in several (ranges of client ids, non-ASCII ones included).
@Suite struct CohortBatchTests {
    @Test(arguments: [0, 7_000, 2_000]) func batchesGiveTheCohortWithoutNotes(_ sessionsPerPass: Int) throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("cohort.sqlite"))
        try CohortLoaderTests.fill(db)
        for through in [day(0), day(-10), day(40)] {
            let cohort = try db.clientRecords(activeIn: Period(from: through - 30, to: through), through: nil, notes: false)
            var batches: [[ClientRecord]] = []
            if sessionsPerPass == 0 {
                try db.forEachClientRecordBatch(through: through, batchSize: 64) { batches.append($0) }
            } else {
                try db.forEachClientRecordBatch(through: through, batchSize: 64, sessionsPerPass: sessionsPerPass) {
                    batches.append($0)
                }
            }
            let all = batches.flatMap { $0 }
            #expect(all.count == cohort.count && zip(all, cohort).allSatisfy { $0 == $1 })
            #expect(batches.allSatisfy { $0.count <= 64 })
        }
    }
}

/// TextCache finds every text again, empty ones included, past its table's growth and its limit.
@Suite struct TextCacheTests {
    @Test func everyTextMadeOnceAndFoundAgain() throws {
        let db = try ReliefDatabase.inMemory()
        let texts = ["", "a", "C1", "C01", "myofascial-release;deep-tissue", "Ç-ünïcode"] + (0..<3_000).map { "id-\($0)" }
        try db.read("test") { db in
            var cache = TextCache<Int>(limit: 2_000)
            var made = 0
            let statement = try db.makeStatement(sql: "SELECT ?")
            let stmt = statement.sqliteStatement
            for round in 0..<2 {
                for (i, t) in texts.enumerated() {
                    try statement.setArguments([t])
                    #expect(sqlite3_step(stmt) == SQLITE_ROW)
                    defer { sqlite3_reset(stmt) }
                    let v = cache.value(stmt, 0) { bytes in made += 1; return String(decoding: bytes, as: UTF8.self).count }
                    #expect(v == t.count, "round \(round), text \(i)")
                }
            }
            // The first 2,000 texts are kept; the rest are made again in the second round.
            #expect(made == texts.count + (texts.count - 2_000))
        }
    }
}

/// The packed cohort read on three connections at once (two rowid halves of the sessions; the
/// check-ins, appointments and clients) gives the records of the one-connection read, on a store
/// with gaps in its rowids (deleted rows, a deleted first stretch) and with clients, a therapist,
/// a site, a technique list, regions and a check-in source that only the second half names.
@Suite struct PackedConcurrentReadTests {
    /// `CohortLoaderTests.fill`'s store with rows only a late import names, then rowid gaps.
    static func store(_ folder: TemporaryFolder) throws -> ReliefDatabase {
        let db = try ReliefDatabase(path: folder.file("cohort.sqlite"))
        try CohortLoaderTests.fill(db)
        // Imported last: the highest rowids, all in the second half.
        let late = (0..<3_000).map { i in
            Session(id: "L\(i)", clientID: i % 3 == 0 ? "late-\(i % 40)" : "C\(i % 700)", therapistID: "T-late",
                    day: day(i % 100 - 90), minute: i % 2 == 0 ? nil : i % 1440, durationMinutes: 45, kind: .medical,
                    techniques: ["late-technique", "swedish"], pressure: .firm, regions: ["hip"], painBefore: 7,
                    painAfter: 4, sleep: nil, mood: 5, stress: nil, reliefDays: .days(2), notes: nil, site: "late-site")
        }
        try db.importSessions(late, file: "c.csv")
        try db.importBatch(file: "late.json", importedOn: today) { w in
            for i in 0..<200 {
                try w.upsert(CheckIn(clientID: "late-\(i % 40)", day: day(i % 50 - 60), pain: 6, sleep: nil, source: "late-diary"))
            }
        }
        try db.write("test") { try $0.execute(sql: "DELETE FROM sessions WHERE rowid % 7 = 3 OR rowid <= 2000") }
        return db
    }

    @Test func threeConnectionsGiveTheRecordsOfOne() throws {
        let folder = try TemporaryFolder()
        let db = try Self.store(folder)
        for through in [day(0), day(-10), day(40)] {
            let packed = try #require(try db.readPackedConcurrently(cutoff: through, sessionsPerPass: PackedCohort.sessionsPerPass,
                                                                     operation: "test"), "the concurrent read is taken")
            let single = try db.read("test") { try PackedCohort.read($0, cutoff: through) }
            #expect(packed.sessions.count == single.sessions.count && packed.checkIns.count == single.checkIns.count)
            #expect(packed.clientIDs == single.clientIDs)
            var concurrent: [[ClientRecord]] = [], one: [[ClientRecord]] = []
            try db.forEachClientRecordBatch(through: through, batchSize: 100, sessionsPerPass: PackedCohort.sessionsPerPass) {
                concurrent.append($0)
            }
            try db.forEachClientRecordBatch(through: through, batchSize: 100, sessionsPerPass: PackedCohort.sessionsPerPass,
                                            concurrent: false) { one.append($0) }
            let (a, b) = (concurrent.flatMap { $0 }, one.flatMap { $0 })
            #expect(a.count == b.count && a.count > 600 && zip(a, b).allSatisfy { $0 == $1 })
            #expect(concurrent.map(\.count) == one.map(\.count))
            // What only the second half names came through.
            let lateRecords = a.filter { $0.client.id.hasPrefix("late-") }
            #expect(!lateRecords.isEmpty && lateRecords.allSatisfy { $0.sessions.allSatisfy { $0.therapistID == "T-late" } })
            #expect(lateRecords.contains { $0.checkIns.contains { $0.source == "late-diary" } })
            #expect(a.contains { $0.sessions.contains { $0.techniques == ["late-technique", "swedish"] && $0.site == "late-site" } })
            #expect(a.contains { $0.sessions.contains { $0.regions == ["hip"] } })
        }
    }

    /// Several passes (4,000 sessions each: 7 over this store's 25,000 rowids), each read on three
    /// connections kept open from the first pass to the last: the batches of the one-connection
    /// read, in the same sizes.
    @Test func passesOnThreeConnectionsGiveTheBatchesOfOne() throws {
        let folder = try TemporaryFolder()
        let db = try Self.store(folder)
        for through in [day(0), day(-10), day(40)] {
            var concurrent: [[ClientRecord]] = [], one: [[ClientRecord]] = []
            #expect(try db.readPassesConcurrently(cutoff: through, sessionsPerPass: 4_000, batchSize: 100, operation: "test") {
                concurrent.append($0)
            }, "the concurrent read is taken")
            try db.forEachClientRecordBatch(through: through, batchSize: 100, sessionsPerPass: 4_000, concurrent: false) {
                one.append($0)
            }
            let (a, b) = (concurrent.flatMap { $0 }, one.flatMap { $0 })
            #expect(a.count == b.count && a.count > 600 && zip(a, b).allSatisfy { $0 == $1 })
            #expect(concurrent.map(\.count) == one.map(\.count))
            #expect(a.contains { $0.client.id.hasPrefix("late-") && $0.checkIns.contains { $0.source == "late-diary" } })
        }
        // One pass is `readPackedConcurrently`'s; a database in memory has one connection.
        #expect(try !db.readPassesConcurrently(cutoff: day(0), sessionsPerPass: PackedCohort.sessionsPerPass, batchSize: 100,
                                               operation: "test") { _ in })
        let memory = try ReliefDatabase.inMemory()
        try CohortLoaderTests.fill(memory)
        #expect(try !memory.readPassesConcurrently(cutoff: day(0), sessionsPerPass: 4_000, batchSize: 100, operation: "test") { _ in })
    }

    struct Stop: Error {}

    /// A `body` that throws in the second pass ends the read with its error, the readers stopped
    /// (the call returns: none is left waiting for its part to be taken), and the store reads on.
    @Test func aBodyThatThrowsStopsThePasses() throws {
        let folder = try TemporaryFolder()
        let db = try Self.store(folder)
        var batches = 0
        #expect(throws: Stop.self) {
            try db.forEachClientRecordBatch(through: day(0), batchSize: 100, sessionsPerPass: 4_000) { _ in
                batches += 1
                if batches == 3 { throw Stop() }
            }
        }
        #expect(batches == 3)
        var again = 0
        try db.forEachClientRecordBatch(through: day(0), batchSize: 100, sessionsPerPass: 4_000) { again += $0.count }
        #expect(again > 600)
    }
}
