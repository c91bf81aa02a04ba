import GRDB
import ReliefModel

extension ReliefDatabase: RecordStore {
    public var location: String { path }

    /// Imports one file's records in one transaction, and logs the import.
    ///
    /// `body` receives an `ImportWriter` and upserts the file's records through it. If `body`
    /// throws, or the process dies before the commit (a crash, `kill -9`), the database is
    /// exactly as it was before this file: never half of it. Importing the same records again
    /// changes nothing and counts them as unchanged. The batch waits up to `busyTimeout` for
    /// another process that is writing.
    ///
    /// ```swift
    /// let summary = try db.importBatch(file: "sessions.csv", importedOn: today) { writer in
    ///     for s in sessions { try writer.upsert(s) }
    ///     writer.rejected = rejectedRows.count
    /// }
    /// print(summary.sessions.inserted, summary.stubClients)
    /// ```
    ///
    /// - Parameters:
    ///   - file: the file's name as the import log and messages should show it.
    ///   - importedOn: the day of the import (the store reads no clock).
    ///   - fingerprint: the caller's digest of the file's content, kept in the log.
    /// - Returns: what the file did, per kind of record.
    /// - Throws: whatever `body` throws (unchanged), `StoreError.constraintViolated` for a record the
    ///   schema refuses (if `body` lets it through), `StoreError.busy` after the timeout.
    @discardableResult
    public func importBatch(file: String, importedOn: Day, fingerprint: String? = nil,
                            _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary {
        try writeBatch(file: file, body) { summary, db in
            try ImportRow.insert(file: file, fingerprint: fingerprint, importedOn: importedOn, summary: summary, in: db)
        }
    }

    /// Records copied from another store, in one transaction; `history` is logged instead of a
    /// row for the copy (`RecordStore.copyIn`).
    @discardableResult
    public func copyIn(history: [ImportLogEntry], verify: (WriteSummary) throws -> Void,
                       _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary {
        try writeBatch(file: "the copy", body) { summary, db in
            try verify(summary)
            for entry in history { try ImportRow.insert(entry, in: db) }
        }
    }

    /// One batch's transaction: `body` upserts through an `ImportWriter`, `log` writes the
    /// import log before the commit.
    private func writeBatch(file: String, _ body: (inout any RecordWriter) throws -> Void,
                            log: (WriteSummary, Database) throws -> Void) throws -> WriteSummary {
        // Foreign keys are not enforced inside this transaction: ImportWriter creates every
        // client and therapist a record names (a stub when unknown) before the record, so the
        // lookups SQLite would make per session only cost time (12% of a million-session
        // import's CPU). Debug builds, every test among them, check the keys before committing.
        // Every other write enforces them (ReliefDatabase.configuration).
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                var summary = WriteSummary()
                let outcome = Result { try db.inTransaction(.immediate) {
                    let opened = try ImportWriter(db: db, file: file)
                    var handed: any RecordWriter = opened
                    do {
                        try body(&handed)
                    } catch {
                        opened.abandon()  // the session thread must be idle before GRDB rolls back
                        throw error
                    }
                    guard let writer = handed as? ImportWriter else {
                        opened.abandon()
                        throw StoreError.database(operation: "importing \(file)", path: path, underlying: StoreFailure(
                            code: "RELIEF", message: "the import's writer was replaced by another kind of writer"))
                    }
                    summary = try writer.finish()
                    #if DEBUG
                    if let orphan = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                        throw StoreError.constraintViolated(
                            record: "\(file): a \(orphan[0] as String? ?? "row") row", rule: "FOREIGN KEY",
                            underlying: StoreFailure(code: "SQLITE_CONSTRAINT_FOREIGNKEY",
                                                     message: "the import left a row without its parent: \(orphan)"))
                    }
                    #endif
                    try log(summary, db)
                    return .commit
                } }
                // Back on for every later write of this connection. The pragma does nothing while
                // a transaction is open (a rollback that failed), so it is read back.
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                guard try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true else {
                    throw StoreError.database(operation: "importing \(file)", path: path, underlying: StoreFailure(
                        code: "SQLITE_ERROR", message: "foreign key enforcement could not be turned back on"))
                }
                try outcome.get()
                return summary
            }
        } catch {
            throw StoreError.wrap(error, operation: "importing \(file)", path: path, busyTimeout: busyTimeout)
        }
    }

    /// Logs a file none of whose rows were stored (every row rejected, or `--strict` refused it),
    /// so the clinic report's data-quality section still counts its rejected rows.
    ///
    /// - Throws: `StoreError`.
    public func recordRejected(file: String, count: Int, importedOn: Day, fingerprint: String? = nil) throws {
        var summary = WriteSummary()
        summary.rejected = count
        try write("logging the import of \(file)") { db in
            try ImportRow.insert(file: file, fingerprint: fingerprint, importedOn: importedOn, summary: summary, in: db)
        }
    }
}
