import Dispatch
import GRDB

/// Writes sessions to SQLite on a second thread while the caller prepares the next ones.
///
/// An import spends most of its time in SQLite (B-tree inserts, CHECK and FOREIGN KEY
/// checks) and the rest reading and encoding rows; on two cores the two overlap. The
/// caller fills a buffer of up to `jobRows` sessions and `submit`s it; a serial queue
/// writes it in multi-row INSERTs of `chunkSize` while the caller fills the other buffer.
///
/// The connection is never used by two threads at once: the caller touches it (or this
/// object's state) only after `submit` (through the semaphore) or `drain` (through the
/// serial queue) has waited for the job in flight; both order the two threads' memory. At
/// most one job is in flight. The first error stops the pipeline; `submit` and `drain`
/// report it.
final class SessionPipeline: @unchecked Sendable {
    /// Sessions per multi-row INSERT: 64 × 17 parameters; larger chunks measured no faster.
    static let chunkSize = 64
    /// Sessions per job handed to the writing thread (16 INSERTs, so the hand-off is rare).
    static let jobRows = 1024

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
    private var rows: RowValues
    private var newClients: [String] = []
    private var newTherapists: [String] = []
    private var stubValues = RowValues(columns: 1)
    private var results = Results()

    init(db: Database, statements: Statements, file: String) {
        self.db = db
        self.statements = statements
        self.file = file
        rows = SessionPipeline.makeBuffer()
    }

    static func makeBuffer() -> RowValues {
        RowValues(columns: SessionRow.Columns.all.count, capacity: jobRows)
    }

    /// Hands `buffer` (and the ids first seen in it, which need a stub before its rows) to the
    /// writing thread, and gives back an empty buffer to fill.
    /// - Throws: the error of an earlier job, if one failed (nothing is submitted then).
    func submit(_ buffer: inout RowValues, newClients clients: inout [String],
                newTherapists therapists: inout [String]) throws {
        idle.wait()
        if let failure = results.failure {
            idle.signal()
            throw failure
        }
        swap(&buffer, &rows)
        swap(&clients, &newClients)
        swap(&therapists, &newTherapists)
        buffer.removeAll()
        clients.removeAll(keepingCapacity: true)
        therapists.removeAll(keepingCapacity: true)
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
            rows.removeAll()
            newClients.removeAll(keepingCapacity: true)
            newTherapists.removeAll(keepingCapacity: true)
        }
        guard results.failure == nil else { return }
        do {
            for id in newTherapists where try stub(id, statements.insertTherapistStub, record: "therapist \(id)") {
                results.stubTherapists.append(id)
            }
            for id in newClients where try stub(id, statements.insertClientStub, record: "client \(id)") {
                results.stubClients.append(id)
            }
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
        var updated = 0
        if inserted < range.count {
            for row in range { updated += try run(row, statements.updateSession) }
        }
        results.counts.inserted += inserted
        results.counts.updated += updated
        results.counts.unchanged += range.count - inserted - updated
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
