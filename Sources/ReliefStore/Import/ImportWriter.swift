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
/// Sessions are written in the background, 64 to a multi-row INSERT, while the caller reads
/// the next ones (`SessionPipeline`); their outcomes are counted when the batch ends. A record
/// the schema refuses (a pain score of 12 that skipped validation) throws
/// `StoreError.constraintViolated` naming it, from that `upsert` or a later call; the writer
/// then refuses every further call, and the batch rolls back whole.
///
/// ```swift
/// try db.importBatch(file: "sessions.csv", importedOn: today) { writer in
///     for session in parsed.sessions { try writer.upsert(session) }
///     writer.rejected = parsed.rejectedRowCount
/// }
/// ```
///
/// Use it only inside the `importBatch` closure: it is valid for that transaction alone. (It is
/// copyable so that a reader's sink can carry it and hand it back; keep one live copy.)
public struct ImportWriter: RecordWriter {
    /// Rows the caller rejected from this file before they reached the store; logged with the import.
    public var rejected = 0

    let db: Database
    let file: String
    let statements: Statements
    var summary = WriteSummary()
    let pipeline: SessionPipeline
    /// Sessions not yet handed to the pipeline.
    var pendingSessions: [Session] = []
    var clientValues = RowValues(columns: ClientRow.Columns.all.count)
    var therapistValues = RowValues(columns: 2)
    var checkInValues = RowValues(columns: CheckInRow.Columns.all.count)
    var appointmentValues = RowValues(columns: AppointmentRow.Columns.all.count)
    /// The first error: the batch is over, and every later call rethrows it.
    var failure: (any Error)?
    /// Ids of rejected session rows (`noteRejectedSession`).
    var rejectedSessionIDs: [String] = []

    init(db: Database, file: String) throws {
        self.db = db
        self.file = file
        self.statements = try Statements(db, chunkSize: SessionPipeline.chunkSize)
        // max(rowid): rows are appended, so it counts the stored sessions closely, at no cost.
        let stored = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM sessions") ?? 0
        self.pipeline = SessionPipeline(db: db, statements: statements, file: file, maxRowid: stored)
        pendingSessions.reserveCapacity(SessionPipeline.jobRows)
    }

    /// What the batch has done so far (sessions still on their way to SQLite not included).
    public var summarySoFar: WriteSummary {
        var s = summary
        s.rejected = rejected
        return s
    }

    /// Inserts or updates a session (key: session id).
    /// - Throws: `StoreError.constraintViolated` when the schema refuses this or an earlier
    ///   session (they are written in the background, so the error may name one given before
    ///   this; it always names the session at fault); other `StoreError`s.
    public mutating func upsert(_ session: Session) throws {
        try checkUsable()
        pendingSessions.append(session)
        if pendingSessions.count == SessionPipeline.jobRows { try submitSessions() }
    }

    /// Inserts or updates a client (key: client id); fills a stub of the same id.
    public mutating func upsert(_ client: Client) throws {
        try checkUsable()
        try settleSessions()
        do {
            if let therapist = client.therapistID { try ensureTherapist(therapist) }
            clientValues.removeAll()
            ClientRow.bind(client, into: &clientValues)
            let outcome = try upsertDescribed(
                clientValues, id: client.id, insert: statements.insertClient,
                selectStub: statements.selectClientStub, update: statements.updateClient)
            if outcome == .inserted { summary.stubClients.removeAll { $0 == client.id } }
            pipeline.knownClients.insert(client.id)
            summary.clients.count(outcome)
        } catch {
            throw fail(error, record: "client \(client.id)")
        }
    }

    /// Inserts or updates a therapist (key: therapist id); fills a stub of the same id.
    public mutating func upsert(_ therapist: Therapist) throws {
        try checkUsable()
        try settleSessions()
        do {
            therapistValues.removeAll()
            TherapistRow.bind(therapist, into: &therapistValues)
            let outcome = try upsertDescribed(
                therapistValues, id: therapist.id, insert: statements.insertTherapist,
                selectStub: statements.selectTherapistStub, update: statements.updateTherapist)
            if outcome == .inserted { summary.stubTherapists.removeAll { $0 == therapist.id } }
            pipeline.knownTherapists.insert(therapist.id)
            summary.therapists.count(outcome)
        } catch {
            throw fail(error, record: "therapist \(therapist.id)")
        }
    }

    /// Inserts or updates a check-in (key: client id, day, source).
    public mutating func upsert(_ checkIn: CheckIn) throws {
        try checkUsable()
        try settleSessions()
        do {
            try ensureClient(checkIn.clientID)
            checkInValues.removeAll()
            try CheckInRow.bind(checkIn, into: &checkInValues)
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

    /// Inserts or updates an appointment (key: appointment id).
    public mutating func upsert(_ appointment: Appointment) throws {
        try checkUsable()
        try settleSessions()
        do {
            try ensureClient(appointment.clientID)
            if let t = appointment.therapistID { try ensureTherapist(t) }
            if let site = appointment.site { try ensureSite(site) }
            appointmentValues.removeAll()
            AppointmentRow.bind(appointment, into: &appointmentValues)
            let outcome: UpsertOutcome
            if try appointmentValues.execute(row: 0, statements.insertAppointment, in: db) > 0 {
                outcome = .inserted
            } else {
                outcome = try appointmentValues.execute(row: 0, statements.updateAppointment, in: db) > 0 ? .updated : .unchanged
            }
            summary.appointments.count(outcome)
        } catch {
            throw fail(error, record: "appointment \(appointment.id)")
        }
    }

    /// Finds session ids repeated within this batch, so that a one-pass read need not keep every
    /// id it has read (`ImportOptions.optimistic`): from now on a session whose id this batch has
    /// already written, or a rejected row's id (`noteRejectedSession`) that it writes or has
    /// written, throws `RepeatedSessionInBatch`, from that `upsert`, a later call or `finish`.
    /// Only for a batch whose every session id is the file's own (not merged by day).
    public mutating func checkRepeatedSessions() -> Bool {
        pipeline.checksRepeats = true
        return true
    }

    /// The id of a session row the reader rejected: a session of this batch with that id is a
    /// repeat (`checkRepeatedSessions`), found when the batch finishes.
    public mutating func noteRejectedSession(id: String) {
        if pipeline.checksRepeats { rejectedSessionIDs.append(id) }
    }

    /// Writes the sessions still waiting, and returns the summary.
    consuming func finish() throws -> WriteSummary {
        do {
            try checkUsable()
            try settleSessions()
            try pipeline.buildSessionIDIndex()
            // A rejected row's id that this batch wrote: a new row of the batch, or a stored one it wrote again.
            if !rejectedSessionIDs.isEmpty {
                for id in rejectedSessionIDs {
                    guard let r = try Int64.fetchOne(statements.sessionRowid, arguments: [id]) else { continue }
                    if (r > pipeline.batchBase && r <= pipeline.highest) || pipeline.rewritten.contains(r) {
                        throw RepeatedSessionInBatch(id: id)
                    }
                }
            }
        } catch {
            abandon()
            throw error
        }
        return summarySoFar
    }

    /// Waits until the writing thread is idle, whatever happened: the transaction must not
    /// be rolled back under it.
    func abandon() {
        _ = pipeline.drain()
    }

    // MARK: - Sessions, through the pipeline

    private mutating func submitSessions() throws {
        do {
            try pipeline.submit(&pendingSessions)
        } catch {
            throw fail(error, record: "session")
        }
    }

    /// Hands over the sessions still pending and waits for all of them to be written, so the
    /// caller's thread may use the connection; merges their counts into the summary.
    private mutating func settleSessions() throws {
        if !pendingSessions.isEmpty { try submitSessions() }
        let done = pipeline.drain()
        summary.sessions.inserted += done.counts.inserted
        summary.sessions.updated += done.counts.updated
        summary.sessions.unchanged += done.counts.unchanged
        summary.stubClients += done.stubClients
        summary.stubTherapists += done.stubTherapists
        if let failure = done.failure { throw fail(failure, record: "session") }
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

    /// Makes sure a client row exists, creating a stub for an unknown id. (Only after
    /// `settleSessions`: the id sets are the pipeline's.)
    private mutating func ensureClient(_ id: String) throws {
        guard !pipeline.knownClients.contains(id) else { return }
        try statements.insertClientStub.execute(arguments: [id])
        if db.changesCount > 0 { summary.stubClients.append(id) }
        pipeline.knownClients.insert(id)
    }

    /// Makes sure a site row exists (for its name); sites are not counted.
    private mutating func ensureSite(_ id: String) throws {
        guard !pipeline.knownSites.contains(id) else { return }
        try statements.insertSite.execute(arguments: [id])
        pipeline.knownSites.insert(id)
    }

    private mutating func ensureTherapist(_ id: String) throws {
        guard !pipeline.knownTherapists.contains(id) else { return }
        try statements.insertTherapistStub.execute(arguments: [id])
        if db.changesCount > 0 { summary.stubTherapists.append(id) }
        pipeline.knownTherapists.insert(id)
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
