import GRDB
import ReliefModel

/// Stores the records of one file, inside the transaction `ReliefDatabase.importBatch` opened.
///
/// Each `upsert` inserts a new record, updates one whose key exists and whose values differ,
/// or leaves an identical one alone; `WriteSummary` counts which. A session or check-in for
/// a client the store does not know creates a stub client (id only; `WriteSummary.stubClients`),
/// and an unknown therapist id a stub therapist; a later client or therapist record fills the
/// stub, and a stub never overwrites a real record.
///
/// Sessions are written 64 at a time (one multi-row INSERT), so a session's outcome is known
/// only when the batch ends. A record the schema refuses (a pain score of 12 that skipped
/// validation) throws `StoreError.constraintViolated` naming it, from that `upsert` or a later
/// one; the writer then refuses every further call, and the batch rolls back whole.
///
/// ```swift
/// try db.importBatch(file: "sessions.csv", importedOn: today) { writer in
///     for session in parsed.sessions { try writer.upsert(session) }
///     writer.rejected = parsed.rejectedRowCount
/// }
/// ```
///
/// It cannot be copied out of the closure: it is only valid inside the transaction.
public struct ImportWriter {
    /// Rows the caller rejected from this file before they reached the store; logged with the import.
    public var rejected = 0

    /// Sessions per multi-row INSERT. 64 × 17 parameters stays far below SQLite's limit; larger
    /// chunks measured no faster (docs/store.md).
    static let chunkSize = 64

    let db: Database
    let file: String
    let statements: Statements
    var summary = WriteSummary()
    var pendingSessions: RowValues
    var clientValues = RowValues(columns: ClientRow.Columns.all.count)
    var therapistValues = RowValues(columns: 2)
    var checkInValues = RowValues(columns: CheckInRow.Columns.all.count)
    /// Ids already ensured to exist during this batch (real or stub), so each costs one
    /// statement per batch rather than one per row.
    var knownClients = IDSet()
    var knownTherapists = IDSet()
    /// The first error: the batch is over, and every later call rethrows it.
    var failure: (any Error)?

    init(db: Database, file: String) throws {
        self.db = db
        self.file = file
        self.statements = try Statements(db, chunkSize: ImportWriter.chunkSize)
        self.pendingSessions = RowValues(columns: SessionRow.Columns.all.count, capacity: ImportWriter.chunkSize)
    }

    /// What the batch has done so far (sessions still waiting in the current chunk not included).
    public var summarySoFar: WriteSummary {
        var s = summary
        s.rejected = rejected
        return s
    }

    /// Inserts or updates a session (key: session id).
    /// - Throws: `StoreError.constraintViolated` when the schema refuses this or an earlier
    ///   session of the chunk; other `StoreError`s.
    public mutating func upsert(_ session: Session) throws {
        try checkUsable()
        do {
            try ensureClient(session.clientID)
            if let therapist = session.therapistID { try ensureTherapist(therapist) }
            SessionRow.bind(session, into: &pendingSessions)
            if pendingSessions.isFull { try flushSessions() }
        } catch {
            throw fail(error, record: "session \(session.id)")
        }
    }

    /// Inserts or updates a client (key: client id); fills a stub of the same id.
    public mutating func upsert(_ client: Client) throws {
        try checkUsable()
        do {
            if let therapist = client.therapistID { try ensureTherapist(therapist) }
            clientValues.removeAll()
            ClientRow.bind(client, into: &clientValues)
            let outcome = try upsertDescribed(
                clientValues, id: client.id, insert: statements.insertClient,
                selectStub: statements.selectClientStub, update: statements.updateClient)
            if outcome == .inserted { summary.stubClients.removeAll { $0 == client.id } }
            knownClients.insert(client.id)
            summary.clients.count(outcome)
        } catch {
            throw fail(error, record: "client \(client.id)")
        }
    }

    /// Inserts or updates a therapist (key: therapist id); fills a stub of the same id.
    public mutating func upsert(_ therapist: Therapist) throws {
        try checkUsable()
        do {
            therapistValues.removeAll()
            TherapistRow.bind(therapist, into: &therapistValues)
            let outcome = try upsertDescribed(
                therapistValues, id: therapist.id, insert: statements.insertTherapist,
                selectStub: statements.selectTherapistStub, update: statements.updateTherapist)
            if outcome == .inserted { summary.stubTherapists.removeAll { $0 == therapist.id } }
            knownTherapists.insert(therapist.id)
            summary.therapists.count(outcome)
        } catch {
            throw fail(error, record: "therapist \(therapist.id)")
        }
    }

    /// Inserts or updates a check-in (key: client id, day, source).
    public mutating func upsert(_ checkIn: CheckIn) throws {
        try checkUsable()
        do {
            try ensureClient(checkIn.clientID)
            checkInValues.removeAll()
            CheckInRow.bind(checkIn, into: &checkInValues)
            let outcome: UpsertOutcome
            if try checkInValues.execute(row: 0, statements.insertCheckIn, in: db) > 0 {
                outcome = .inserted
            } else {
                outcome = try checkInValues.execute(row: 0, statements.updateCheckIn, in: db) > 0 ? .updated : .unchanged
            }
            summary.checkIns.count(outcome)
        } catch {
            throw fail(error, record: "check-in of \(checkIn.clientID) on \(checkIn.day.iso)")
        }
    }

    /// Writes the sessions still waiting, and returns the summary.
    consuming func finish() throws -> WriteSummary {
        try checkUsable()
        do {
            try flushSessions()
        } catch {
            throw fail(error, record: "session")
        }
        return summarySoFar
    }

    // MARK: - Sessions, by chunk

    /// Writes the pending sessions: one multi-row `INSERT … ON CONFLICT DO NOTHING`. When it
    /// inserted fewer rows than it carried, some ids existed: each row then runs the
    /// `UPDATE … WHERE a value differs`, in order. A row the INSERT just stored is identical,
    /// so its UPDATE changes nothing; the counts come out exact without a SELECT. The same id
    /// twice in a chunk works the same way: SQLite inserts the first, skips the second as a
    /// conflict, and the second's UPDATE then applies it (the last one wins, as it would
    /// one row at a time).
    private mutating func flushSessions() throws {
        let count = pendingSessions.count
        guard count > 0 else { return }
        defer { pendingSessions.removeAll() }
        let inserted: Int
        do {
            inserted = count == ImportWriter.chunkSize
                ? try pendingSessions.executeAll(statements.insertSessionChunk, in: db)
                : try insertOneByOne(count: count)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // The chunk's statement was rolled back as a whole: find the session at fault.
            _ = try insertOneByOne(count: count)
            throw error
        }
        var updated = 0
        if inserted < count {
            for row in 0..<count {
                do {
                    updated += try pendingSessions.execute(row: row, statements.updateSession, in: db)
                } catch {
                    throw fail(error, record: "session \(pendingSessions.text(row: row, column: 0) ?? "?")")
                }
            }
        }
        summary.sessions.inserted += inserted
        summary.sessions.updated += updated
        summary.sessions.unchanged += count - inserted - updated
    }

    /// Single-row inserts of the pending sessions; the error of the first refused one names it.
    private mutating func insertOneByOne(count: Int) throws -> Int {
        var inserted = 0
        for row in 0..<count {
            do {
                inserted += try pendingSessions.execute(row: row, statements.insertSession, in: db)
            } catch {
                throw fail(error, record: "session \(pendingSessions.text(row: row, column: 0) ?? "?")")
            }
        }
        return inserted
    }

    // MARK: - Clients and therapists

    /// Upsert for clients and therapists, whose existing row may be a stub to fill.
    private func upsertDescribed(_ values: RowValues, id: String, insert: Statement,
                                 selectStub: Statement, update: Statement) throws -> UpsertOutcome {
        if try values.execute(row: 0, insert, in: db) > 0 { return .inserted }
        let wasStub = try Bool.fetchOne(selectStub, arguments: [id]) ?? false
        let changed = try values.execute(row: 0, update, in: db) > 0
        return wasStub ? .inserted : (changed ? .updated : .unchanged)
    }

    /// Makes sure a client row exists, creating a stub for an unknown id.
    private mutating func ensureClient(_ id: String) throws {
        guard !knownClients.contains(id) else { return }
        try statements.insertClientStub.execute(arguments: [id])
        if db.changesCount > 0 { summary.stubClients.append(id) }
        knownClients.insert(id)
    }

    private mutating func ensureTherapist(_ id: String) throws {
        guard !knownTherapists.contains(id) else { return }
        try statements.insertTherapistStub.execute(arguments: [id])
        if db.changesCount > 0 { summary.stubTherapists.append(id) }
        knownTherapists.insert(id)
    }

    // MARK: - Errors

    private func checkUsable() throws {
        if let failure { throw failure }
    }

    /// Wraps `error` with the record it concerns, and ends the batch: later calls rethrow it.
    private mutating func fail(_ error: any Error, record: String) -> any Error {
        if let failure { return failure }
        let wrapped = error is StoreError
            ? error
            : StoreError.wrap(error, operation: "importing \(file)", path: file, busyTimeout: 0, record: "\(file): \(record)")
        failure = wrapped
        return wrapped
    }
}

/// The prepared statements of one batch, compiled once and re-bound for every record.
final class Statements {
    let insertSessionChunk, insertSession, updateSession: Statement
    let insertClient, updateClient, selectClientStub, insertClientStub: Statement
    let insertTherapist, updateTherapist, selectTherapistStub, insertTherapistStub: Statement
    let insertCheckIn, updateCheckIn: Statement

    init(_ db: Database, chunkSize: Int) throws {
        let sessionColumns = SessionRow.Columns.all.map(\.name)
        (insertSession, updateSession) = try Statements.upsertPair(
            db, table: SessionRow.databaseTableName, columns: sessionColumns, keyCount: 1)
        insertSessionChunk = try db.makeStatement(sql: Statements.insert(
            table: SessionRow.databaseTableName, columns: sessionColumns, rows: chunkSize))
        (insertClient, updateClient) = try Statements.upsertPair(
            db, table: ClientRow.databaseTableName, columns: ClientRow.Columns.all.map(\.name), keyCount: 1,
            fillsStub: true)
        (insertTherapist, updateTherapist) = try Statements.upsertPair(
            db, table: TherapistRow.databaseTableName,
            columns: [TherapistRow.Columns.therapistID.name, TherapistRow.Columns.name.name], keyCount: 1,
            fillsStub: true)
        (insertCheckIn, updateCheckIn) = try Statements.upsertPair(
            db, table: CheckInRow.databaseTableName, columns: CheckInRow.Columns.all.map(\.name), keyCount: 3)
        selectClientStub = try db.makeStatement(sql: "SELECT stub FROM clients WHERE client_id = ?")
        insertClientStub = try db.makeStatement(
            sql: "INSERT INTO clients (client_id, stub) VALUES (?, 1) ON CONFLICT DO NOTHING")
        selectTherapistStub = try db.makeStatement(sql: "SELECT stub FROM therapists WHERE therapist_id = ?")
        insertTherapistStub = try db.makeStatement(
            sql: "INSERT INTO therapists (therapist_id, stub) VALUES (?, 1) ON CONFLICT DO NOTHING")
    }

    /// `INSERT INTO t (c1…cn) VALUES (…), (…) … ON CONFLICT DO NOTHING` for `rows` rows of
    /// anonymous parameters (row-major).
    static func insert(table: String, columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (" + columns.joined(separator: ", ") + ") VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ") + " ON CONFLICT DO NOTHING"
    }

    /// `INSERT INTO t (c1…cn) VALUES (?1…?n) ON CONFLICT DO NOTHING` and
    /// `UPDATE t SET ck = ?k … WHERE key = ?1… AND (ck IS NOT ?k OR …)`, sharing one argument list.
    /// The first `keyCount` columns are the key. With `fillsStub`, the insert writes `stub = 0`
    /// and the update also fires for a stub row, clearing its flag.
    static func upsertPair(_ db: Database, table: String, columns: [String], keyCount: Int,
                           fillsStub: Bool = false) throws -> (Statement, Statement) {
        let numbered = columns.enumerated().map { (name: $0.element, param: "?\($0.offset + 1)") }
        let keys = numbered.prefix(keyCount)
        let values = numbered.dropFirst(keyCount)
        let insert = "INSERT INTO \(table) (" + columns.joined(separator: ", ") + (fillsStub ? ", stub" : "")
            + ") VALUES (" + numbered.map(\.param).joined(separator: ", ") + (fillsStub ? ", 0" : "")
            + ") ON CONFLICT DO NOTHING"
        let set = values.map { "\($0.name) = \($0.param)" } + (fillsStub ? ["stub = 0"] : [])
        let differs = values.map { "\($0.name) IS NOT \($0.param)" } + (fillsStub ? ["stub = 1"] : [])
        let update = "UPDATE \(table) SET " + set.joined(separator: ", ")
            + " WHERE " + keys.map { "\($0.name) = \($0.param)" }.joined(separator: " AND ")
            + " AND (" + differs.joined(separator: " OR ") + ")"
        return (try db.makeStatement(sql: insert), try db.makeStatement(sql: update))
    }
}
