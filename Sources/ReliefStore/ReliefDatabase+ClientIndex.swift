import GRDB

extension ReliefDatabase {
    /// Builds the client index (`sessions_by_client`: sessions by client and day) if a bulk
    /// import dropped it; true when it built it.
    ///
    /// A bulk import drops the index and leaves it dropped (`SessionPipeline`): the import then
    /// costs what writing the rows costs, and the index is one sort of the table, paid once by
    /// whatever reads clients one at a time and calls this first: `relief serve` as it starts,
    /// `report month` and `report client`, `analyze --client`. Without it those reads are still
    /// right, each a scan of the table (docs/store.md, "At scale").
    ///
    /// The sort spills to a temporary file past the page cache (`temp_store = FILE` for the
    /// build; SQLite creates such files owner-only and unlinks them at once), and the table is
    /// read through the page cache (no store maps its file), so memory stays flat at ten million
    /// sessions. When another process holds the write lock, or the file is read-only, the
    /// index is not built and the reads scan: false.
    /// - Throws: `StoreError` for any other failure.
    @discardableResult
    public func ensureClientIndex() throws -> Bool {
        let operation = "building the client index"
        if try read(operation, Self.hasClientIndex) { return false }
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA temp_store = FILE")
                defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
                var built = false
                try db.inTransaction(.immediate) {
                    // Another process may have built it since the check above.
                    if try !Self.hasClientIndex(db) {
                        try db.execute(sql: Self.clientIndexSQL)
                        built = true
                    }
                    return .commit
                }
                return built
            }
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_READONLY].contains(error.resultCode) {
            return false
        } catch {
            throw StoreError.wrap(error, operation: operation, path: path, busyTimeout: busyTimeout)
        }
    }

    /// The client index's name, and the statement that builds it: the same index as migration
    /// `v7-sessions-by-client` creates (ImportTests compare the two).
    static let clientIndexName = "sessions_by_client"
    static let clientIndexSQL = "CREATE INDEX sessions_by_client ON sessions (client_id, day)"

    /// The session-id key's UNIQUE index (migration `v8-sessions-id-index`), which a bulk import
    /// into an empty table drops and builds again after its rows (`SessionPipeline`).
    static let sessionIDIndexName = "sessions_by_id"
    static let sessionIDIndexSQL = "CREATE UNIQUE INDEX sessions_by_id ON sessions (session_id)"

    static func hasClientIndex(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                          arguments: [clientIndexName]) ?? false
    }
}
