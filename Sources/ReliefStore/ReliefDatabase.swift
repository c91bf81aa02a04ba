import Foundation
import GRDB
import ReliefModel

/// Relief's embedded SQLite database: the one façade through which records are stored and read.
///
/// A file database uses SQLite's WAL mode through a GRDB `DatabasePool`, so a report can
/// read while an import writes; a second writer (another `relief import`) waits for the
/// first up to the busy timeout instead of failing at once. Foreign keys are enforced, except
/// inside an import's own transaction, where `ImportWriter` creates every parent first
/// (docs/store.md, "Imports").
/// Every write method is one transaction that keeps the store's invariants; every read
/// sees one consistent snapshot.
///
/// The file is created owner-only (0600; its `-wal` and `-shm` too), and a folder the
/// store has to create for it 0700: the records are health data.
///
/// ```swift
/// let db = try ReliefDatabase(path: "relief.sqlite")
/// let summary = try db.importBatch(file: "sessions.csv", importedOn: today) { writer in
///     for s in sessions { try writer.upsert(s) }
/// }
/// let record = try db.clientRecord(id: "C-17", through: Month(iso: "2026-03")!.last)
/// ```
public final class ReliefDatabase: Sendable {
    /// The file's path, or `":memory:"`.
    public let path: String
    /// How long a write waits for another process's write to finish, in seconds.
    public let busyTimeout: Double

    /// A `DatabasePool` for a file, a `DatabaseQueue` in memory; callers never see which.
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// Opening never waits for another process's import when the schema is current: the
    /// migrations are checked in a read, and only written when some are missing.
    ///
    /// - Parameters:
    ///   - path: the database file; missing folders above it are created (0700).
    ///   - busyTimeout: seconds a write waits for another writer before giving up (default 10).
    /// - Throws: `StoreError.cannotOpen`, `.notADatabase`, `.newerSchema`, `.busy`.
    public init(path: String, busyTimeout: Double = 10) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        try FilePermissions.prepareDatabaseFile(at: path)
        do {
            let pool = try DatabasePool(path: path, configuration: ReliefDatabase.configuration(busyTimeout: busyTimeout))
            FilePermissions.tightenCompanions(of: path)
            writer = pool
        } catch {
            throw StoreError.wrap(error, operation: "opening the database", path: path, busyTimeout: busyTimeout)
        }
        try migrate()
        FilePermissions.tightenCompanions(of: path)
    }

    private init(memoryWith busyTimeout: Double) throws {
        path = ":memory:"
        self.busyTimeout = busyTimeout
        do {
            writer = try DatabaseQueue(configuration: ReliefDatabase.configuration(busyTimeout: busyTimeout))
        } catch {
            throw StoreError.wrap(error, operation: "opening the database", path: ":memory:", busyTimeout: busyTimeout)
        }
        try migrate()
    }

    /// A private database in memory, with the full schema: for tests and `--dry-run`.
    public static func inMemory() throws -> ReliefDatabase {
        try ReliefDatabase(memoryWith: 10)
    }

    /// The migrations this version of Relief knows, in order.
    public static var migrationNames: [String] { ReliefMigrator.names }

    /// The migrations applied to this database, in order.
    public func appliedMigrations() throws -> [String] {
        try read("reading the schema version") { db in
            try ReliefMigrator.migrator.appliedMigrations(db)
        }
    }

    // MARK: - Configuration

    static func configuration(busyTimeout: Double) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "Relief"
        config.prepareDatabase { db in
            // 8 KiB pages for a new file (ignored for an existing one): fewer, fuller pages
            // made a million-session import ~5% faster than the 4 KiB default.
            try db.execute(sql: "PRAGMA page_size = 8192")
            // The page cache (negative = KiB): 16 MiB. A million-session import (117 MB of
            // pages) spills to the WAL as it goes; its pages are appended, so they are full
            // when spilled and seldom written twice. Measured on a million sessions, date-sorted
            // and grouped by client: 16 MiB costs the same CPU as 32 MiB (and 32 as 64) and
            // 18 MB less peak RSS. Ten million sessions grouped by client (random inserts into
            // the session-id key) re-spill pages: 116–123 s against 76 s with 128 MiB, for
            // 263 MB (docs/performance.md). Readers scan sequentially and need little.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // No memory map: every page is read through the page cache above (and the system's
            // file cache). A mapped file's pages count in the process's resident memory, and a
            // month of reports reads each client through the client index, touching nearly every
            // page of a date-sorted file: with a 1 GiB map a million-session month grew to the
            // file's size (231 MiB; 114 without). It costs a one-client read 0.47 → 0.65 ms
            // (median, a million sessions; docs/performance.md).
            try db.execute(sql: "PRAGMA mmap_size = 0")
        }
        return config
    }

    private func migrate() throws {
        let migrator = ReliefMigrator.migrator
        let (complete, superseded, unknown) = try read("checking the schema") { db in
            let applied = try migrator.appliedIdentifiers(db)
            let unknown = applied.subtracting(migrator.migrations).sorted()
            return (try migrator.hasCompletedMigrations(db), try migrator.hasBeenSuperseded(db), unknown)
        }
        if superseded || !unknown.isEmpty {
            throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
        }
        guard !complete else { return }
        // Two processes opening a new file at once can both find it unmigrated; the second's
        // migration then fails ("table … already exists", or SQLITE_BUSY when its snapshot went
        // stale, which SQLite reports without waiting). Each migration is its own transaction,
        // so a failed one changed nothing: wait a little, look again, and go on once the other
        // process has finished the job; give up after the busy timeout.
        let start = DispatchTime.now().uptimeNanoseconds
        var pause = 0.02
        // A migration that copies a table (v8) sorts its index in a temporary file, not in
        // memory: set on the writer before the migrations' transactions begin, restored after.
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA temp_store = FILE") }
        defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") } }
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch {
                let doneElsewhere = (try? read("checking the schema") { try migrator.hasCompletedMigrations($0) }) ?? false
                if doneElsewhere { return }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if elapsed + pause > busyTimeout {
                    throw StoreError.wrap(error, operation: "updating the schema", path: path, busyTimeout: busyTimeout)
                }
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 0.5)
            }
        }
    }

    // MARK: - Access with error context

    /// Runs `body` in a read transaction (one snapshot), wrapping GRDB errors.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrap(error, operation: operation, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction, wrapping GRDB errors; a thrown error rolls it back.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrap(error, operation: operation, path: path, busyTimeout: busyTimeout)
        }
    }
}
