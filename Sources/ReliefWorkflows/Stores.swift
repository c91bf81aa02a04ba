import Foundation
import ReliefStore

/// Opens the store a front end names: today an SQLite file path (`relief.sqlite`); a server
/// URL opens a server store here once one exists. Front ends hold `any RecordStore` and never
/// name a concrete store.
public enum Stores {
    /// Opens (creating when missing) the store at `location`.
    /// - Throws: `StoreError`.
    public static func open(_ location: String) throws -> any RecordStore {
        try ReliefDatabase(path: location)
    }

    /// Opens a store that must already exist: reading reports from a new, empty database
    /// would only hide a mistyped path.
    /// - Throws: `WorkflowError.noDatabase`, `StoreError`.
    public static func openExisting(_ location: String) throws -> any RecordStore {
        guard FileManager.default.fileExists(atPath: location) else { throw WorkflowError.noDatabase(path: location) }
        return try open(location)
    }
}

/// A store as front ends hold it: any `RecordStore`, named without importing ReliefStore.
public typealias Store = any RecordStore
