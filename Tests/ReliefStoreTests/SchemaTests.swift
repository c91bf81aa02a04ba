import Foundation
import GRDB
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

@Suite struct SchemaTests {
    @Test func migrationsApplyInOrderOnANewDatabase() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        let names = ["v1-therapists-clients", "v1-sessions", "v1-checkins", "v1-imports", "v2-note-scores", "v3-appointments", "v4-settings", "v5-accounts", "v6-sites", "v7-sessions-by-client", "v8-sessions-id-index"]
        #expect(try db.appliedMigrations() == names)
        #expect(ReliefDatabase.migrationNames == names)
    }

    /// Migration v8 rebuilds `sessions` with its key as a UNIQUE index of its own: a store written
    /// by v7 keeps every row (and its rowid), its view, its client index and its refusals.
    @Test func migrationV8MovesTheSessionKeyToAnIndexAndKeepsEveryRow() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let queue = try DatabaseQueue(path: path)
        try ReliefMigrator.migrator.migrate(queue, upTo: "v7-sessions-by-client")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO clients (client_id) VALUES ('C1'), ('C2');
                INSERT INTO sessions (rowid, session_id, client_id, day, pain_before_tenths, relief_days, notes, site)
                VALUES (5, 'S-b', 'C1', 20000, 65, 'ongoing', 'neck; "firm"', 'north'),
                       (9, 'S-a', 'C2', 20001, 40, 3, NULL, NULL);
                """)
        }
        let dump = "SELECT rowid, * FROM sessions ORDER BY rowid"
        let before = try queue.read { try Row.fetchAll($0, sql: dump) }
        let readable = try queue.read { try Row.fetchAll($0, sql: "SELECT * FROM sessions_readable ORDER BY session_id") }
        try queue.close()

        let db = try ReliefDatabase(path: path)
        try db.read("test") { db in
            #expect(try Row.fetchAll(db, sql: dump) == before)
            #expect(try Row.fetchAll(db, sql: "SELECT * FROM sessions_readable ORDER BY session_id") == readable)
            #expect(try db.primaryKey("sessions").isRowID)   // no key of its own: the hidden rowid
            let indexes = try db.indexes(on: "sessions").map { "\($0.name) \($0.isUnique) \($0.columns)" }.sorted()
            #expect(indexes == ["sessions_by_client false [\"client_id\", \"day\"]", "sessions_by_id true [\"session_id\"]"])
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
        }
        // Still refused: a second row of an id, an empty id, a score out of range.
        for sql in ["INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('S-a', 'C1', 20002, 10)",
                    "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('', 'C1', 20002, 10)",
                    "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('S-c', 'C1', 20002, 101)"] {
            #expect(throws: DatabaseError.self) { try db.writer.write { try $0.execute(sql: sql) } }
        }
        #expect(try db.importSessions([session("S-a", client: "C2", day: 2)]).sessions.updated == 1)
    }

    @Test func reopeningAMigratedDatabaseKeepsItsData() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        try ReliefDatabase(path: path).importSessions([session("S1")])
        let reopened = try ReliefDatabase(path: path)
        #expect(try reopened.counts().sessions == 1)
        #expect(try reopened.appliedMigrations().count == ReliefDatabase.migrationNames.count)
    }

    @Test func aDatabaseFromANewerReliefIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        let db = try ReliefDatabase(path: path)
        try db.writer.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-future')") }
        #expect {
            _ = try ReliefDatabase(path: path)
        } throws: { error in
            guard case StoreError.newerSchema(_, let unknown) = error else { return false }
            return unknown == ["v9-future"] && "\(error)".contains("newer version of Relief")
        }
    }

    @Test func aFileThatIsNotADatabaseIsNamed() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("notes.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try ReliefDatabase(path: path)
        } throws: { error in
            guard case StoreError.notADatabase = error else { return false }
            return "\(error)".contains("is not a Relief database")
        }
    }

    @Test func theSchemaVocabulariesMatchTheModel() {
        // A change to a model enum needs a new migration: shipped ones are never edited.
        #expect(ReliefMigrator.segments == Segment.allCases.map(\.rawValue))
        #expect(ReliefMigrator.kinds == SessionKind.allCases.map(\.rawValue))
        #expect(ReliefMigrator.pressures == Pressure.allCases.map(\.rawValue))
        #expect(ReliefMigrator.firstDay == Day(year: 1, month: 1, day: 1)!.ordinal)
        #expect(ReliefMigrator.lastDay == Day(year: 9999, month: 12, day: 31)!.ordinal)
    }

    /// Raw SQL, as a caller that bypasses ReliefImport's validation would write it.
    private func rawInsert(_ db: ReliefDatabase, _ assignments: [String: String]) throws {
        var values = [
            "session_id": "'S1'", "client_id": "'C1'", "day": "20000", "kind": "'medical'", "pain_before_tenths": "50",
        ]
        for (k, v) in assignments { values[k] = v }
        let columns = values.keys.sorted()
        try db.writer.write { db in
            try db.execute(sql: "INSERT INTO clients (client_id) VALUES ('C1') ON CONFLICT DO NOTHING")
            try db.execute(sql: "INSERT INTO sessions (\(columns.joined(separator: ", "))) VALUES ("
                + columns.map { values[$0]! }.joined(separator: ", ") + ")")
        }
    }

    @Test(arguments: [
        ["pain_before_tenths": "101"], ["pain_before_tenths": "-1"], ["pain_before_tenths": "'high'"],
        ["pain_before_tenths": "NULL"], ["pain_before_tenths": "6.5"], ["pain_after_tenths": "101"],
        ["sleep_quality_tenths": "-1"], ["mood_tenths": "120"], ["stress_tenths": "'x'"],
        ["duration_min": "4"], ["duration_min": "241"], ["duration_min": "'an hour'"], ["minute": "1440"],
        ["kind": "'sports'"], ["kind": "NULL"], ["pressure": "'hard'"],
        ["relief_days": "-2"], ["relief_days": "'forever'"], ["relief_days": "9e999"], ["relief_days": "x'00'"],
        ["session_id": "''"], ["client_id": "'nobody'"], ["therapist_id": "'T-unknown'"],
        ["day": "9999999"], ["day": "'2026-03-01'"],
    ])
    func theSchemaRefusesWhatValidationWouldHaveRejected(_ assignment: [String: String]) throws {
        let db = try ReliefDatabase.inMemory()
        #expect(throws: DatabaseError.self) { try rawInsert(db, assignment) }
        #expect(try db.counts().sessions == 0)
    }

    @Test(arguments: [
        [:], ["pain_before_tenths": "0"], ["pain_before_tenths": "100"], ["pain_after_tenths": "5"],
        ["duration_min": "5"], ["duration_min": "240"], ["relief_days": "'ongoing'"], ["relief_days": "0"],
        ["relief_days": "2.5"], ["pressure": "'deep'"], ["kind": "'relaxation'"], ["minute": "0"], ["minute": "1439"],
    ])
    func theSchemaAcceptsTheEdgesOfEachRange(_ assignment: [String: String]) throws {
        let db = try ReliefDatabase.inMemory()
        try rawInsert(db, assignment)
        #expect(try db.counts().sessions == 1)
    }

    @Test func anOutOfRangeSessionThroughTheWriterIsRefusedNamedAndRolledBack() throws {
        let db = try ReliefDatabase.inMemory()
        var bad = session("S-bad", client: "C-new")
        bad.painBefore = 12  // a caller that skipped validation
        #expect {
            try db.importBatch(file: "sessions.csv", importedOn: today) { writer in
                try writer.upsert(session("S-ok"))
                try writer.upsert(bad)
            }
        } throws: { error in
            guard case StoreError.constraintViolated(let record, let rule, _) = error else { return false }
            return record == "sessions.csv: session S-bad" && rule.contains("outside its allowed range")
        }
        let counts = try db.counts()
        #expect(counts.sessions == 0 && counts.clients == 0 && counts.imports == 0)
    }

    @Test func aBadSessionInTheMiddleOfALargeBatchIsNamedAndNothingIsKept() throws {
        let db = try ReliefDatabase.inMemory()
        var batch = sessions(count: 5_000)
        batch[3_001].durationMinutes = 500
        #expect {
            try db.importSessions(batch)
        } throws: { error in
            guard case StoreError.constraintViolated(let record, _, _) = error else { return false }
            return record == "sessions.csv: session \(batch[3_001].id)"
        }
        #expect(try db.counts().sessions == 0)
        #expect(try db.importSessions(Array(batch[..<3_000])).sessions.inserted == 3_000)
    }

    @Test func checkInsAreUniqueOnClientDayAndSource() throws {
        let db = try ReliefDatabase.inMemory()
        try db.importBatch(file: "checkins.csv", importedOn: today) { w in
            try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 4))
            try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 4, source: "diary"))
        }
        let again = try db.importBatch(file: "checkins.csv", importedOn: today) { w in
            try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 5))  // no source: the same check-in, changed
            try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 4, source: "diary"))
        }
        #expect(again.checkIns == WriteSummary.Counts(inserted: 0, updated: 1, unchanged: 1))
        #expect(try db.counts().checkIns == 2)
        #expect(throws: DatabaseError.self) {
            try db.writer.write { try $0.execute(sql: "INSERT INTO checkins (client_id, day, pain_tenths) VALUES ('C1', \(day(1).ordinal), 30)") }
        }
        #expect(throws: DatabaseError.self) {
            try db.writer.write { try $0.execute(sql: "INSERT INTO checkins (client_id, day, pain_tenths) VALUES ('C1', \(day(2).ordinal), 101)") }
        }
    }

    @Test(arguments: [6.55, -0.1, 10.1, .nan, .infinity, -1e300])
    func aScoreThatIsNotATenthIsRefusedNotRounded(_ score: Double) throws {
        let db = try ReliefDatabase.inMemory()
        var bad = session("S-odd")
        bad.mood = score
        #expect {
            try db.importSessions([session("S-ok"), bad])
        } throws: { error in
            guard case StoreError.constraintViolated(let record, _, _) = error else { return false }
            return record == "sessions.csv: session S-odd"
        }
        #expect(try db.counts().sessions == 0)
        #expect(throws: StoreError.self) {
            try db.importBatch(file: "c.csv", importedOn: today) { w in
                try w.upsert(CheckIn(clientID: "C1", day: day(), pain: score))
            }
        }
    }

    @Test func scoresAreStoredAsExactTenthsAndReadBackAsTheDecimal() throws {
        let db = try ReliefDatabase.inMemory()
        // The doubles parsing "0.0" … "10.0" gives (6.5, 0.3 …), as ReliefImport produces them.
        let batch = (0...100).map { i in
            Session(id: "S\(i)", clientID: "C1", day: day(i), painBefore: Double(i) / 10,
                    painAfter: Double(100 - i) / 10, sleep: Double("\(i / 10).\(i % 10)")!)
        }
        try db.importSessions(batch)
        #expect(try db.clientRecord(id: "C1")?.sessions == batch)
        let stored = try db.writer.read { try Int.fetchAll($0, sql: "SELECT pain_before_tenths FROM sessions ORDER BY day") }
        #expect(stored == Array(0...100))
        let shown = try db.writer.read { try Double.fetchOne($0, sql: "SELECT pain_before FROM sessions_readable WHERE session_id = 'S65'") }
        #expect(shown == 6.5)
    }
}
