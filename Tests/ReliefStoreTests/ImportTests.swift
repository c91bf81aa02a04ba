import GRDB
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

@Suite struct ImportTests {
    @Test func aNewFileIsInsertedAndLogged() throws {
        let db = try ReliefDatabase.inMemory()
        let summary = try db.importBatch(file: "march.csv", importedOn: today, fingerprint: "abc123") { w in
            for s in sessions(count: 300) { try w.upsert(s) }
            w.rejected = 2
        }
        #expect(summary.sessions == WriteSummary.Counts(inserted: 300, updated: 0, unchanged: 0))
        #expect(summary.rejected == 2)
        let log = try db.lastImports(limit: 5)
        #expect(log.count == 1)
        #expect(log[0].file == "march.csv" && log[0].fingerprint == "abc123" && log[0].importedOn == today)
        #expect(log[0].summary.sessions.inserted == 300 && log[0].summary.rejected == 2)
        #expect(log[0].stubClientCount == 10 && log[0].stubTherapistCount == 3)
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let db = try ReliefDatabase.inMemory()
        let batch = sessions(count: 1_000)
        try db.importSessions(batch)
        let before = try db.clientRecords(activeIn: Period(from: day(-1000), to: day(1000)))
        let again = try db.importSessions(batch)
        #expect(again.sessions == WriteSummary.Counts(inserted: 0, updated: 0, unchanged: 1_000))
        #expect(again.stubClients.isEmpty && again.stubTherapists.isEmpty && again.changed == 0)
        #expect(try db.clientRecords(activeIn: Period(from: day(-1000), to: day(1000))) == before)
    }

    @Test func aChangedSessionWithTheSameIdIsUpdatedNotDuplicated() throws {
        let db = try ReliefDatabase.inMemory()
        var batch = sessions(count: 200)
        try db.importSessions(batch)
        batch[17].painAfter = nil
        batch[150].notes = "client fell asleep"
        batch[199].reliefDays = .ongoing
        let summary = try db.importSessions(batch)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 0, updated: 3, unchanged: 197))
        #expect(try db.counts().sessions == 200)
        let record = try #require(try db.clientRecord(id: batch[150].clientID))
        #expect(record.sessions.first { $0.id == batch[150].id }?.notes == "client fell asleep")
        #expect(try db.clientRecord(id: batch[17].clientID)?.sessions.first { $0.id == batch[17].id }?.painAfter == nil)
    }

    @Test func newAndChangedSessionsInOneFileAreCountedApart() throws {
        let db = try ReliefDatabase.inMemory()
        let batch = sessions(count: 100)
        try db.importSessions(Array(batch[..<60]))
        var next = batch
        next[10].painBefore = 9
        let summary = try db.importSessions(next)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 40, updated: 1, unchanged: 59))
    }

    @Test func theSameIdTwiceInOneFileKeepsTheLast() throws {
        let db = try ReliefDatabase.inMemory()
        var batch = sessions(count: 100)
        var changed = batch[5]
        changed.painBefore = 1
        batch.insert(changed, at: 6)      // in the same chunk as the first
        batch.append(batch[5])            // and again, identical to the first, at the end
        let summary = try db.importSessions(batch)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 100, updated: 2, unchanged: 0))
        #expect(try db.counts().sessions == 100)
        #expect(try db.clientRecord(id: batch[5].clientID)?.sessions.first { $0.id == batch[5].id } == batch[5])
    }

    @Test func sessionsOfUnknownClientsCreateStubsThatARealClientFills() throws {
        let db = try ReliefDatabase.inMemory()
        let first = try db.importSessions([session("S1", client: "C-new", therapist: "T-new"), session("S2", client: "C-new")])
        #expect(first.stubClients == ["C-new"])
        #expect(first.stubTherapists == ["T-new", "T1"])
        #expect(try db.stubClientIDs() == ["C-new"])
        #expect(try db.clients() == [Client(id: "C-new")])

        let real = Client(id: "C-new", name: "Ana Ruiz", segment: .officeWorker, regions: ["neck"], intakeDate: day(), therapistID: "T1")
        let filled = try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(real) }
        #expect(filled.clients == WriteSummary.Counts(inserted: 1, updated: 0, unchanged: 0))
        #expect(filled.stubClients.isEmpty)
        #expect(try db.clients() == [real])
        #expect(try db.stubClientIDs().isEmpty)

        // A later session file does not turn the client back into a stub or touch its name.
        let later = try db.importSessions([session("S3", client: "C-new")])
        #expect(later.stubClients.isEmpty)
        #expect(try db.clients() == [real])
        #expect(try db.counts().stubClients == 0)
    }

    @Test func aClientFileThatArrivesFirstIsNeverOverwrittenByStubs() throws {
        let db = try ReliefDatabase.inMemory()
        let real = Client(id: "C1", name: "Ben", segment: .athlete)
        try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(real) }
        let summary = try db.importSessions([session("S1", client: "C1")])
        #expect(summary.stubClients.isEmpty)
        #expect(try db.clients() == [real])
        let again = try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(real) }
        #expect(again.clients == WriteSummary.Counts(inserted: 0, updated: 0, unchanged: 1))
        var renamed = real
        renamed.name = "Benjamin"
        let changed = try db.importBatch(file: "clients.csv", importedOn: today) { w in try w.upsert(renamed) }
        #expect(changed.clients == WriteSummary.Counts(inserted: 0, updated: 1, unchanged: 0))
    }

    @Test func therapistsFillTheirStubsToo() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importSessions([session("S1", therapist: "T9")])
        let summary = try db.importBatch(file: "therapists.csv", importedOn: today) { w in
            try w.upsert(Therapist(id: "T9", name: "Dana"))
            try w.upsert(Therapist(id: "T10", name: "Eli"))
        }
        #expect(summary.therapists == WriteSummary.Counts(inserted: 2, updated: 0, unchanged: 0))
        #expect(try db.therapists() == [Therapist(id: "T10", name: "Eli"), Therapist(id: "T9", name: "Dana")])
        #expect(try db.counts().stubTherapists == 0)
    }

    @Test func aCombinedFileWithSessionsBeforeTheirClientCountsTheClientAsNew() throws {
        let db = try ReliefDatabase.inMemory()
        let summary = try db.importBatch(file: "export.json", importedOn: today) { w in
            try w.upsert(session("S1", client: "C7"))
            try w.upsert(Client(id: "C7", name: "Fay"))
            try w.upsert(CheckIn(clientID: "C8", day: day(2), pain: 3))
        }
        #expect(summary.clients.inserted == 1)
        #expect(summary.stubClients == ["C8"])
        #expect(summary.sessions.inserted == 1 && summary.checkIns.inserted == 1)
    }

    /// The import transaction does not have SQLite enforce foreign keys (ImportWriter creates
    /// every parent first); every kind of record naming an unknown parent still leaves none
    /// missing, and the debug build's check before the commit catches a row that would.
    @Test func importsNeverLeaveARowWithoutItsParent() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importBatch(file: "mixed.csv", importedOn: today) { w in
            try w.upsert(session("S1", client: "C-new", therapist: "T-new"))
            try w.upsert(CheckIn(clientID: "C-checkin-only", day: day(1), pain: 3))
            try w.upsert(Client(id: "C-real", therapistID: "T-of-client"))
            try w.upsert(session("S2", client: "C-real", therapist: nil))
        }
        let orphans = try db.writer.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }
        #expect(orphans.isEmpty)
        #expect(try db.counts().clients == 3 && db.counts().therapists == 2)
        #expect(try db.writer.read { try Bool.fetchOne($0, sql: "PRAGMA foreign_keys") } == true,
                "enforcement is back on for the connection's other writes")

        #expect(throws: StoreError.self) {
            try db.importBatch(file: "orphan.csv", importedOn: today) { w in
                try (w as! ImportWriter).db.execute(sql: """
                    INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('S9', 'ghost', 0, 50)
                    """)
            }
        }
        #expect(try db.counts().sessions == 2, "the orphan was rolled back")
    }

    @Test func anErrorThrownInTheMiddleOfAFileStoresNothingOfIt() throws {
        struct Interrupted: Error {}
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let db = try ReliefDatabase(path: path)
        try db.importSessions(sessions(count: 10))
        let before = try db.counts()
        #expect(throws: Interrupted.self) {
            try db.importBatch(file: "big.csv", importedOn: today) { w in
                for (i, s) in sessions(count: 20_000, clients: 500).enumerated() {
                    var s = s
                    s.id = "N\(i)"
                    s.clientID = "new-\(s.clientID)"
                    try w.upsert(s)
                    if i == 12_345 { throw Interrupted() }
                }
            }
        }
        #expect(try db.counts() == before)
        // The file reopens exactly as it was, and the writer is usable again.
        let reopened = try ReliefDatabase(path: path)
        #expect(try reopened.counts() == before)
        #expect(try reopened.stubClientIDs().allSatisfy { !$0.hasPrefix("new-") })
        #expect(try reopened.importSessions([session("S-after")]).sessions.inserted == 1)
    }

    // MARK: - The client index and bulk imports (docs/store.md, "Speed")

    private func clientIndexSQL(_ db: ReliefDatabase) throws -> String? {
        try db.read("test") { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'sessions_by_client'") }
    }

    private func integrity(_ db: ReliefDatabase) throws -> String? {
        try db.read("test") { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
    }

    @Test func oneClientsSessionsAreReadThroughTheClientIndex() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importSessions(sessions(count: 50))
        let plan = try db.read("test") { db in
            let statement = try SessionRow.all().filter(client: "C1").through(day(9)).chronologicalByClient()
                .makePreparedRequest(db).statement
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("sessions_by_client"), "\(plan)")
    }

    @Test func aBulkImportLeavesTheClientIndexToBeBuiltByTheFirstReaderThatNeedsIt() throws {
        let db = try ReliefDatabase.inMemory()
        let indexSQL = try #require(try clientIndexSQL(db))   // as migration v7 created it
        let batch = sessions(count: SessionPipeline.bulkMinimum + 2_000, clients: 40)
        #expect(try db.importSessions(batch).sessions.inserted == batch.count)   // a bulk import: dropped
        #expect(try clientIndexSQL(db) == nil)
        // Without the index one client's record is still exact (a scan).
        let expected = batch.filter { $0.clientID == "C7" }.map(\.id)
        #expect(try db.clientRecord(id: "C7")?.sessions.map(\.id) == expected)
        // A small import leaves it as it found it; the first reader builds it, once, the same index.
        #expect(try db.importSessions([session("S-small", client: "C7", day: 10_000)]).sessions.inserted == 1)
        #expect(try clientIndexSQL(db) == nil)
        #expect(try db.ensureClientIndex() == true)
        #expect(try db.ensureClientIndex() == false)
        #expect(try clientIndexSQL(db) == indexSQL)
        #expect(try integrity(db) == "ok")
        #expect(try db.clientRecord(id: "C7")?.sessions.map(\.id) == expected + ["S-small"])

        // A small import into the large table keeps the index row by row; a changed re-import of
        // everything is a bulk import again (the index dropped), with exact counts.
        #expect(try db.importSessions([session("S-small2", client: "C7", day: 10_001)]).sessions.inserted == 1)
        #expect(try clientIndexSQL(db) == indexSQL)
        var again = batch
        again[5].painBefore = 9.5
        again.append(again[17])   // the same id twice in one file: the last one wins, counted once more
        let summary = try db.importSessions(again)
        #expect(summary.sessions == WriteSummary.Counts(inserted: 0, updated: 1, unchanged: batch.count))
        #expect(try clientIndexSQL(db) == nil)
        #expect(try db.ensureClientIndex())
        #expect(try integrity(db) == "ok")
        #expect(try db.clientRecord(id: again[5].clientID)?.sessions.first { $0.id == again[5].id }?.painBefore == 9.5)
    }

    @Test func aRolledBackBulkImportKeepsTheClientIndex() throws {
        let db = try ReliefDatabase.inMemory()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.importBatch(file: "s.csv", importedOn: today) { writer in
                for s in sessions(count: SessionPipeline.bulkMinimum + 100) { try writer.upsert(s) }
                throw Stop()
            }
        }
        #expect(try clientIndexSQL(db) != nil)
        #expect(try db.counts().sessions == 0)
    }

    // MARK: - Repeated ids found by the store (`RecordWriter.checkRepeatedSessions`)

    /// Writes `batch` with the check on, rejecting `rejected` ids first; what it threw, if anything.
    private func repeatCheck(_ db: ReliefDatabase, _ batch: [Session], rejected: [String] = []) -> RepeatedSessionInBatch? {
        do {
            try db.importBatch(file: "s.csv", importedOn: today) { writer in
                let checks = writer.checkRepeatedSessions()
                #expect(checks)
                for id in rejected { writer.noteRejectedSession(id: id) }
                for s in batch { try writer.upsert(s) }
            }
            return nil
        } catch let repeated as RepeatedSessionInBatch {
            return repeated
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func theStoreFindsAnIdItsBatchWritesTwiceButNotOneStoredBefore() throws {
        let db = try ReliefDatabase.inMemory()
        let stored = sessions(count: 500)
        try db.importSessions(stored)
        let fresh = (0..<3_000).map { session("N\($0)", client: "C\($0 % 9)", day: $0 / 9) }
        // Stored ids again (changed or not), and new ones: no repeat; the counts as always.
        var mixed = stored
        mixed[3].painBefore = 1
        #expect(repeatCheck(db, mixed + fresh) == nil)
        #expect(try db.counts().sessions == 3_500)
        #expect(try db.clientRecord(id: stored[3].clientID)?.sessions.first { $0.id == stored[3].id }?.painBefore == 1)
        // A new id twice, chunks apart (the second after other rows were inserted), or in one chunk.
        let more = (0..<2_000).map { session("M\($0)", client: "C1", day: $0) }
        #expect(repeatCheck(db, more + [more[10]]) == RepeatedSessionInBatch(id: "M10"))
        #expect(repeatCheck(db, Array(more[0..<30]) + [more[29]] + Array(more[30..<100])) == RepeatedSessionInBatch(id: "M29"))
        // A rejected row's id that the batch writes, before or after it was rejected.
        #expect(repeatCheck(db, more, rejected: ["M1500"]) == RepeatedSessionInBatch(id: "M1500"))
        // …but not a rejected id stored before the batch, or one the batch never writes.
        #expect(repeatCheck(db, more, rejected: ["N5", "X1"]) == nil)
        #expect(try db.counts().sessions == 5_500)
    }

    // MARK: - The session-id key built after a bulk import into an empty table

    private func sessionIDIndexSQL(_ db: ReliefDatabase) throws -> String? {
        try db.read("test") { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'sessions_by_id'") }
    }

    /// Writes `batch` with the store's repeat check on (a one-pass read); whether the batch had
    /// dropped the session-id key's index when its last session was handed over.
    private func bulkLoad(_ db: ReliefDatabase, _ batch: [Session]) throws -> Bool {
        var dropped = false
        try db.importBatch(file: "s.csv", importedOn: today) { writer in
            let checks = writer.checkRepeatedSessions()
            #expect(checks)
            for s in batch { try writer.upsert(s) }
            dropped = try #require(writer as? ImportWriter).pipeline.sessionIDIndexDropped
        }
        return dropped
    }

    /// More sessions than a bulk import's minimum, each client's together (as a file grouped by
    /// client): their ids, numbered by day, do not arrive in order.
    private func groupedByClient() -> [Session] {
        sessions(count: SessionPipeline.bulkMinimum + 2_000, clients: 40)
            .sorted { ($0.clientID, $0.day) < ($1.clientID, $1.day) }
    }

    @Test func aBulkImportIntoAnEmptyTableBuildsTheSessionIDKeyAfterItsRows() throws {
        let db = try ReliefDatabase.inMemory()
        let keySQL = try #require(try sessionIDIndexSQL(db))   // as migration v8 created it
        let batch = groupedByClient()
        #expect(try bulkLoad(db, batch))
        #expect(try sessionIDIndexSQL(db) == keySQL)
        #expect(try integrity(db) == "ok")
        #expect(try db.counts().sessions == batch.count)
        // The key is whole again: a re-import finds every row (unchanged, one updated), a new id is new.
        var again = batch
        again[7].painBefore = 9.5
        let summary = try db.importSessions(again + [session("S-new", client: "C1", day: 9_000)])
        #expect(summary.sessions == WriteSummary.Counts(inserted: 1, updated: 1, unchanged: batch.count - 1))
        #expect(try db.clientRecord(id: again[7].clientID)?.sessions.first { $0.id == again[7].id }?.painBefore == 9.5)
    }

    @Test func aBulkImportIntoAStoredTableKeepsTheSessionIDKey() throws {
        // A table with sessions in it: an upsert must find the stored rows as it goes.
        let stored = try ReliefDatabase.inMemory()
        try stored.importSessions([session("S-first")])
        let batch = groupedByClient()
        #expect(try bulkLoad(stored, batch) == false)
        #expect(try sessionIDIndexSQL(stored) != nil)
        #expect(try stored.counts().sessions == batch.count + 1)
        // Ids in order into an empty table: dropped and built after the rows as well.
        let inOrder = try ReliefDatabase.inMemory()
        #expect(try bulkLoad(inOrder, sessions(count: SessionPipeline.bulkMinimum + 2_000, clients: 40)))
        #expect(try sessionIDIndexSQL(inOrder) != nil)
    }

    @Test func anIdRepeatedAfterTheKeyWasDroppedIsFoundAsTheKeyIsBuilt() throws {
        let db = try ReliefDatabase.inMemory()
        let batch = groupedByClient()
        // Written twice: long before the key went (the fourth row), and after it.
        #expect(repeatCheck(db, batch + [batch[3]]) == RepeatedSessionInBatch(id: batch[3].id))
        // A rejected row's id that the batch also wrote (checked once the key is back).
        #expect(repeatCheck(db, batch, rejected: [batch[9_000].id]) == RepeatedSessionInBatch(id: batch[9_000].id))
        // Rolled back whole, the key with it; a rejected id the batch never wrote is no repeat.
        #expect(try db.counts().sessions == 0)
        #expect(try sessionIDIndexSQL(db) != nil)
        #expect(repeatCheck(db, batch, rejected: ["X1"]) == nil)
        #expect(try sessionIDIndexSQL(db) != nil)
        #expect(try db.counts().sessions == batch.count)
        #expect(try integrity(db) == "ok")
    }

    @Test func aBulkImportThatFailsLeavesTheClientIndexAsItWas() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        try db.importSessions(sessions(count: 10))
        let indexSQL = try #require(try clientIndexSQL(db))
        var batch = sessions(count: SessionPipeline.bulkMinimum + 3_000, clients: 40)
        batch[SessionPipeline.bulkMinimum + 2_500].durationMinutes = 500   // after the index was dropped
        #expect(throws: StoreError.self) { try db.importSessions(batch, file: "big.csv") }
        #expect(try clientIndexSQL(db) == indexSQL)
        #expect(try db.counts().sessions == 10)
        #expect(try integrity(db) == "ok")
        #expect(try db.clientRecord(id: "C3")?.sessions.count == 1)
    }

    @Test func afterARefusedRecordTheWriterRefusesEverything() throws {
        let db = try ReliefDatabase.inMemory()
        var swallowed = 0
        #expect(throws: StoreError.self) {
            try db.importBatch(file: "c.csv", importedOn: today) { w in
                do { try w.upsert(CheckIn(clientID: "C1", day: day(), pain: 99)) } catch { swallowed += 1 }
                try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 1))  // refused: the batch is over
            }
        }
        #expect(swallowed == 1)
        #expect(try db.counts().checkIns == 0)
    }

    @Test func aFileWhoseRowsWereAllRejectedIsStillLogged() throws {
        let db = try ReliefDatabase.inMemory()
        try db.recordRejected(file: "broken.csv", count: 42, importedOn: today)
        try db.importSessions([session("S1")], file: "good.csv")
        let log = try db.lastImports(limit: 10)
        #expect(log.map(\.file) == ["good.csv", "broken.csv"])
        #expect(log[1].summary.rejected == 42 && log[1].summary.changed == 0)
        #expect(try db.lastImports(limit: 1).map(\.file) == ["good.csv"])
    }
}

/// Two ids that are one text in different Unicode forms (composed "Zoë", decomposed "Zoë") are
/// two clients to SQLite and to the importer; reading sessions back keeps each one's bytes
/// (Swift's `String ==` alone would merge them).
@Suite struct UnicodeFormTests {
    @Test func idsInDifferentUnicodeFormsStayApartWhenReadBack() throws {
        let composed = "Zo\u{00EB}", decomposed = "Zoe\u{0308}"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        let db = try ReliefDatabase.inMemory()
        try db.importBatch(file: "zoe.csv", importedOn: today) { w in
            try w.upsert(session("S1", client: composed))
            try w.upsert(session("S2", client: decomposed))
        }
        var read: [String: [UInt8]] = [:]
        try db.forEachSession { read[$0.id] = Array($0.clientID.utf8) }
        #expect(read["S1"] == Array(composed.utf8))
        #expect(read["S2"] == Array(decomposed.utf8))
    }
}
