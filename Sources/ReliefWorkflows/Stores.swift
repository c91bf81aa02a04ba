import Foundation
import ReliefStore

/// Opens the store a front end names: today an SQLite file path (`relief.sqlite`); a server
/// URL opens a server store here once one exists. Front ends hold `any RecordStore` and never
/// name a concrete store.
public enum Stores {
    /// Opens (creating when missing) the store at `location`. While another process holds the
    /// database (an import in progress, a migration), opening is tried again for up to
    /// `maxBusyWait` seconds, as an import's own transaction is (`ImportService`): a second
    /// `relief import` started during a long first one waits instead of failing with "locked".
    /// - Throws: `StoreError`.
    public static func open(_ location: String, maxBusyWait: Double = 600) throws -> any RecordStore {
        try ImportService.retryingWhileBusy(maxWait: maxBusyWait) { try ReliefDatabase(path: location) }
    }

    /// Opens a store that must already exist: reading reports from a new, empty database
    /// would only hide a mistyped path.
    /// - Throws: `WorkflowError.noDatabase`, `StoreError`.
    public static func openExisting(_ location: String) throws -> any RecordStore {
        guard FileManager.default.fileExists(atPath: location) else { throw WorkflowError.noDatabase(path: location) }
        return try open(location)
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
