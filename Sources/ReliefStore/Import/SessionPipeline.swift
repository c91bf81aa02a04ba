import Dispatch
import GRDB
import GRDBSQLite
import ReliefModel

/// Writes sessions to SQLite on a second thread while the caller reads the next ones.
///
/// An import spends its time reading and validating rows (the caller's thread) and in
/// SQLite (B-tree inserts, CHECKs); on two cores the two overlap. The caller collects up to
/// `jobRows` sessions and `submit`s them; a serial queue then does everything else with them
/// while the caller collects the next ones: notes the client and therapist ids first seen in
/// this batch (each needs a stub row before its sessions) and the sites, binds the values, and writes them
/// in multi-row INSERTs of `chunkSize`. (Reading and validating is the longer half, so the
/// per-session bookkeeping is done here: profiled, the reading thread spent 7% of its time
/// in the id set alone, most of it cache misses.)
///
/// The connection and the id sets are never used by two threads at once: the caller touches
/// them (or this object's other state) only after `submit` (through the semaphore) or `drain`
/// (through the serial queue) has waited for the job in flight; both order the two threads'
/// memory. At most one job is in flight. The first error stops the pipeline; `submit` and
/// `drain` report it.
final class SessionPipeline: @unchecked Sendable {
    /// Sessions per multi-row INSERT: 64 × 19 parameters; larger chunks measured no faster.
    static let chunkSize = 64
    /// Sessions per job handed to the writing thread (16 INSERTs, so the hand-off is rare).
    static let jobRows = 1024
    /// The client index (`sessions_by_client`) is dropped once a batch has written this many
    /// sessions, or a quarter of the rows stored before it if more: a random B-tree insert per
    /// session costs more than one sort of the table later. The import does not build it again;
    /// whatever reads clients one at a time does, first (`ReliefDatabase.ensureClientIndex`,
    /// docs/store.md "At scale").
    static let bulkMinimum = 8 * jobRows
    /// The index a bulk import drops.
    static let clientIndex = ReliefDatabase.clientIndexName
    /// The session-id key's index, which a bulk import into an empty table drops too and builds
    /// again as the batch finishes (`buildSessionIDIndex`).
    static let sessionIDIndex = ReliefDatabase.sessionIDIndexName

    /// What the writing thread has done since the last `drain`.
    struct Results {
        var counts = WriteSummary.Counts()
        var stubClients: [String] = []
        var stubTherapists: [String] = []
        var failure: (any Error)?
    }

    private let db: Database
    private let statements: Statements
    private let file: String
    private let queue = DispatchQueue(label: "relief.import.sessions")
    private let idle = DispatchSemaphore(value: 1)

    // Owned by the writing thread while a job runs, by the caller between jobs.
    private var sessions: [Session] = []
    private var rows = RowValues(columns: SessionRow.Columns.all.count, capacity: jobRows)
    private var newClients: [String] = []
    private var newTherapists: [String] = []
    private var newSites: [String] = []
    private var stubValues = RowValues(columns: 1)
    private var results = Results()
    /// Sessions handed to the writing thread in this batch, and how many make it a bulk import.
    private var submitted = 0
    private let bulkThreshold: Int
    /// Whether this batch has dropped the client index (or found it dropped).
    private var indexDropped = false
    /// Whether this batch has dropped the session-id key's index, to build it as it finishes.
    private(set) var sessionIDIndexDropped = false
    /// Whether the batch has decided about the session-id key's index (once, as it turns bulk).
    private var sessionIDIndexDecided = false
    /// Ids known to exist during this batch (real or stub), so each costs one statement per
    /// batch rather than one per row. The caller may use them between jobs (after `drain`).
    var knownClients = IDSet()
    var knownTherapists = IDSet()
    var knownSites = IDSet()

    /// Whether to find session ids repeated within this batch (`checkRepeats`); set before the
    /// first job.
    var checksRepeats = false
    /// The largest rowid before this batch, and the largest this batch has written: SQLite gives
    /// a new row the largest rowid plus one, so this batch's rows are those above `batchBase`.
    let batchBase: Int64
    private(set) var highest: Int64
    /// Rowids of sessions stored before this batch that the batch has written again: a second
    /// row with one of their ids is a repeat too.
    private(set) var rewritten = RowidMarks()

    /// - Parameter maxRowid: the sessions table's largest rowid before this batch (0 when empty):
    ///   about how many sessions it holds, and where this batch's rows begin.
    init(db: Database, statements: Statements, file: String, maxRowid: Int64) {
        self.db = db
        self.statements = statements
        self.file = file
        self.batchBase = maxRowid
        self.highest = maxRowid
        self.bulkThreshold = max(SessionPipeline.bulkMinimum, Int(clamping: maxRowid) / 4)
        sessions.reserveCapacity(SessionPipeline.jobRows)
    }

    /// Hands `batch` to the writing thread, and gives back an empty array to fill.
    /// - Throws: the error of an earlier job, if one failed (nothing is submitted then).
    func submit(_ batch: inout [Session]) throws {
        idle.wait()
        if let failure = results.failure {
            idle.signal()
            throw failure
        }
        // A bulk import from here on: the index goes now, on this thread (GRDB's, and no job
        // runs), before the job that crosses the threshold is written.
        submitted += batch.count
        if submitted >= bulkThreshold, !indexDropped || !sessionIDIndexDecided {
            do {
                try dropIndexes()
            } catch {
                idle.signal()
                throw StoreError.wrap(error, operation: "importing \(file)", path: file, busyTimeout: 0)
            }
        }
        swap(&batch, &sessions)
        batch.removeAll(keepingCapacity: true)
        queue.async { [self] in
            write()
            idle.signal()
        }
    }

    /// Waits for the job in flight, and returns what the jobs since the last drain did. A
    /// failure stays recorded: later submits throw it.
    ///
    /// `queue.sync` returns once every job has run *and its closure has been released*, so
    /// the last reference to this pipeline (and to the statements, whose release finalizes
    /// them) is always the caller's, dropped on the caller's thread.
    func drain() -> Results {
        queue.sync {}
        let done = results
        results = Results(failure: done.failure)
        return done
    }

    // MARK: - On the writing thread

    private func write() {
        defer {
            sessions.removeAll(keepingCapacity: true)
            rows.removeAll()
            newClients.removeAll(keepingCapacity: true)
            newTherapists.removeAll(keepingCapacity: true)
            newSites.removeAll(keepingCapacity: true)
        }
        guard results.failure == nil else { return }
        do {
            for session in sessions {
                if knownClients.insert(session.clientID) { newClients.append(session.clientID) }
                if let therapist = session.therapistID, knownTherapists.insert(therapist) {
                    newTherapists.append(therapist)
                }
                if let site = session.site, knownSites.insert(site) { newSites.append(site) }
                do {
                    try SessionRow.bind(session, into: &rows)
                } catch {
                    throw StoreError.wrap(error, operation: "importing \(file)", path: file, busyTimeout: 0,
                                          record: "\(file): session \(session.id)")
                }
            }
            for id in newTherapists where try stub(id, statements.insertTherapistStub, record: "therapist \(id)") {
                results.stubTherapists.append(id)
            }
            for id in newClients where try stub(id, statements.insertClientStub, record: "client \(id)") {
                results.stubClients.append(id)
            }
            // Every site a session names has a row (for its name); sites are not counted.
            for id in newSites { _ = try stub(id, statements.insertSite, record: "site \(id)") }
            var start = 0
            while start < rows.count {
                let end = min(start + SessionPipeline.chunkSize, rows.count)
                try writeChunk(start..<end)
                start = end
            }
        } catch {
            results.failure = error
        }
    }

    /// A bulk import: drops the client index inside the batch's transaction (a rollback brings
    /// it back), and the session-id key's index when `dropsSessionIDIndex`. On the caller's
    /// thread, with no job running (GRDB checks that a connection is used on its own thread; the
    /// writing thread uses only SQLite's C API).
    private func dropIndexes() throws {
        if !indexDropped {
            try db.execute(sql: "DROP INDEX IF EXISTS \(SessionPipeline.clientIndex)")
            indexDropped = true
        }
        if !sessionIDIndexDecided {
            sessionIDIndexDecided = true
            if dropsSessionIDIndex {
                try db.execute(sql: "DROP INDEX \(SessionPipeline.sessionIDIndex)")
                sessionIDIndexDropped = true
            }
        }
    }

    /// Whether a bulk import drops the session-id key's index (decided once, as it turns bulk).
    ///
    /// Ids that do not arrive in order (a file grouped by client, or UUIDs) cost a random
    /// B-tree insert each while the index is kept: at ten million sessions the key's pages no
    /// longer fit the page cache, and the import took 5× sqlite3's `.import`. Even ids that grow
    /// with the file (a date-sorted export numbered in order), appended at the index's right
    /// edge, cost more than one sort after the rows: 26.3 s against 24.2 s at ten million, 2.3–2.8
    /// against 2.15 s at a million (docs/performance.md).
    ///
    /// Only into a table that was empty when the batch began (no stored session for an upsert
    /// to find), and only while the batch finds repeated ids itself (`checksRepeats`): without
    /// the index every row is inserted, and the index, built as the batch finishes, refuses a
    /// repeat (`buildSessionIDIndex`).
    private var dropsSessionIDIndex: Bool {
        checksRepeats && batchBase == 0
    }

    /// Builds the session-id key's index again after a bulk import dropped it, by one sort of
    /// the table. Throws `RepeatedSessionInBatch` when an id is in the table twice: the batch
    /// wrote it twice. On the caller's thread, after `drain`.
    ///
    /// The sort spills to a temporary file past the page cache (SQLite creates it owner-only and
    /// unlinks it at once), not to memory: `temp_store = FILE` for the build alone. For the whole
    /// import it put every multi-row INSERT's statement journal in a file too: +0.2 s of system
    /// time a million sessions.
    func buildSessionIDIndex() throws {
        guard sessionIDIndexDropped else { return }
        do {
            try db.execute(sql: "PRAGMA temp_store = FILE")
            defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
            try db.execute(sql: ReliefDatabase.sessionIDIndexSQL)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            let id = try String.fetchOne(db, sql: """
                SELECT session_id FROM sessions GROUP BY session_id HAVING count(*) > 1 LIMIT 1
                """)
            throw RepeatedSessionInBatch(id: id ?? "?")
        }
        sessionIDIndexDropped = false
    }

    /// One multi-row `INSERT … ON CONFLICT DO NOTHING`. When it inserted fewer rows than it
    /// carried, some ids existed: each row then runs the `UPDATE … WHERE a value differs`, in
    /// order. A row the INSERT just stored is identical, so its UPDATE changes nothing; the
    /// counts come out exact without a SELECT. The same id twice in a chunk works the same
    /// way: SQLite inserts the first, skips the second as a conflict, and the second's UPDATE
    /// then applies it (the last one wins, as it would one row at a time).
    private func writeChunk(_ range: Range<Int>) throws {
        var inserted = 0
        if range.count == SessionPipeline.chunkSize {
            do {
                inserted = try rows.execute(rows: range, statements.insertSessionChunk, in: db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                // The statement was undone as a whole: find the session at fault, row by row.
                for row in range { try run(row, statements.insertSession) }
                throw named(error, row: range.lowerBound)
            } catch {
                throw named(error, row: range.lowerBound)
            }
        } else {
            for row in range { inserted += try run(row, statements.insertSession) }
        }
        if checksRepeats {
            if inserted < range.count { try checkRepeats(range) }
            if inserted > 0 { highest = sqlite3_last_insert_rowid(db.sqliteConnection) }
        }
        var updated = 0
        if inserted < range.count {
            for row in range { updated += try run(row, statements.updateSession) }
        }
        results.counts.inserted += inserted
        results.counts.updated += updated
        results.counts.unchanged += range.count - inserted - updated
    }

    /// A chunk some of whose rows were not inserted: throws `RepeatedSessionInBatch` when one of
    /// them repeats an id this batch has written: an earlier chunk's new row (rowids
    /// `batchBase + 1 ... highest`), another row of this chunk, or a session stored before the
    /// batch that an earlier row already wrote again (`rewritten`). The rows this chunk inserted
    /// have rowids above `highest`. A chunk that inserted every row needs none of this: none of
    /// its ids was in the table.
    private func checkRepeats(_ range: Range<Int>) throws {
        var ids = Set<String>(minimumCapacity: range.count)
        for row in range {
            let id = rows.text(row: row, column: 0) ?? ""
            if !ids.insert(id).inserted { throw RepeatedSessionInBatch(id: id) }
        }
        for row in range {
            guard let rowid = try rows.probe(row: row, column: 0, statements.sessionRowid, in: db), rowid <= highest else { continue }
            if rowid > batchBase || !rewritten.insert(rowid) {
                throw RepeatedSessionInBatch(id: rows.text(row: row, column: 0) ?? "")
            }
        }
    }

    @discardableResult
    private func run(_ row: Int, _ statement: Statement) throws -> Int {
        do {
            return try rows.execute(row: row, statement, in: db)
        } catch {
            throw named(error, row: row)
        }
    }

    /// Inserts a stub row for `id` unless a row exists; true when it created one.
    private func stub(_ id: String, _ statement: Statement, record: String) throws -> Bool {
        stubValues.removeAll()
        stubValues.beginRow()
        stubValues.set(0, id)
        do {
            return try stubValues.execute(row: 0, statement, in: db) > 0
        } catch {
            throw StoreError.wrap(error, operation: "importing \(file)", path: file, busyTimeout: 0,
                                  record: "\(file): \(record)")
        }
    }

    private func named(_ error: any Error, row: Int) -> any Error {
        let id = rows.text(row: row, column: 0) ?? "?"
        return StoreError.wrap(error, operation: "importing \(file)", path: file, busyTimeout: 0,
                               record: "\(file): session \(id)")
    }
}

/// A set of rowids, as bits while they are small (a table's rowids run from 1 up, so ten million
/// sessions are 1.25 MB of bits), as a set past that.
struct RowidMarks {
    private var bits: [UInt64] = []
    private var others = Set<Int64>()
    private static let bitLimit: Int64 = 1 << 32

    /// Adds `rowid`; false when it was there.
    mutating func insert(_ rowid: Int64) -> Bool {
        guard rowid >= 0, rowid < Self.bitLimit else { return others.insert(rowid).inserted }
        let word = Int(rowid >> 6), bit = UInt64(1) << UInt64(rowid & 63)
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: max(word + 1 - bits.count, bits.count))) }
        if bits[word] & bit != 0 { return false }
        bits[word] |= bit
        return true
    }

    func contains(_ rowid: Int64) -> Bool {
        guard rowid >= 0, rowid < Self.bitLimit else { return others.contains(rowid) }
        let word = Int(rowid >> 6)
        return word < bits.count && bits[word] & (UInt64(1) << UInt64(rowid & 63)) != 0
    }
}
