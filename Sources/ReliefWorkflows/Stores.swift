import Foundation
import ReliefPostgres
import ReliefStore

/// Opens the store a front end names: an SQLite file path (`relief.sqlite`), or a PostgreSQL
/// server's URL (`postgres://user@host:port/dbname`, for a chain of clinics; the password from
/// `PGPASSWORD` or `~/.pgpass`). Front ends hold `any RecordStore` and never name a concrete store.
public enum Stores {
    /// Whether `location` names a PostgreSQL server rather than a file.
    public static func isServer(_ location: String) -> Bool { PostgresLocation.isURL(location) }

    /// Opens (creating when missing) the store at `location`. While another process holds the
    /// database (an import in progress, a migration), opening is tried again for up to
    /// `maxBusyWait` seconds, as an import's own transaction is (`ImportService`): a second
    /// `relief import` started during a long first one waits instead of failing with "locked".
    /// A server's database must exist (PostgreSQL databases are created by their owner,
    /// `createdb`); its tables are created here.
    /// - Throws: `StoreError`.
    public static func open(_ location: String, maxBusyWait: Double = 600) throws -> any RecordStore {
        try open(location, create: true, maxBusyWait: maxBusyWait)
    }

    private static func open(_ location: String, create: Bool, maxBusyWait: Double) throws -> any RecordStore {
        if isServer(location) {
            return try ImportService.retryingWhileBusy(maxWait: maxBusyWait) { try PostgresStore(url: location, create: create) }
        }
        return try ImportService.retryingWhileBusy(maxWait: maxBusyWait) { try ReliefDatabase(path: location) }
    }

    /// Opens a store that must already exist: reading reports from a new, empty database
    /// would only hide a mistyped path. (A server's database must exist and hold Relief's tables:
    /// `StoreError.cannotOpen` otherwise.)
    /// - Throws: `WorkflowError.noDatabase`, `StoreError`.
    public static func openExisting(_ location: String) throws -> any RecordStore {
        if !isServer(location) {
            guard FileManager.default.fileExists(atPath: location) else { throw WorkflowError.noDatabase(path: location) }
        }
        return try open(location, create: false, maxBusyWait: 600)
    }
}

extension Stores {
    /// Runs a write, trying again while another writer holds the database (a long import from a
    /// terminal), for up to `maxWait` seconds; the same back-off as an import's own transaction.
    /// - Throws: what `body` throws; `StoreError.busy` once `maxWait` has passed.
    public static func retryingWhileBusy<T>(maxWait: Double, _ body: () throws -> T) throws -> T {
        try ImportService.retryingWhileBusy(maxWait: maxWait, body)
    }

    /// Opens the store with its accounts and audit trail (`relief serve`, `relief user`, `relief audit`).
    /// - Throws: `WorkflowError.noAccounts` when the store keeps none; `StoreError`.
    public static func openWithAccounts(_ location: String) throws -> any RecordStore & AccountStore {
        guard let store = try open(location) as? any RecordStore & AccountStore else {
            throw WorkflowError.noAccounts(location: location)
        }
        return store
    }
}

/// A store as front ends hold it: any `RecordStore`, named without importing ReliefStore.
public typealias Store = any RecordStore
