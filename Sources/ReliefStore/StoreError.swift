import GRDB

/// What went wrong in the store, with enough context for a clinic's office manager to act on.
///
/// Every GRDB error that leaves ReliefStore is wrapped in one of these cases, so callers
/// never match on a driver's type; what the database itself said is kept as a `StoreFailure`
/// (its code and message), the same for every store behind `RecordStore`.
///
/// ```swift
/// do { _ = try ReliefDatabase(path: "relief.sqlite") }
/// catch let error as StoreError { print(error) }   // "relief.sqlite is locked by …"
/// ```
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The file or its folder could not be created or opened (permissions, missing disk…).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not an SQLite database (or is damaged).
    case notADatabase(path: String, underlying: StoreFailure)
    /// The file was written by a newer Relief whose schema this version does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// Another process held the write lock for longer than the busy timeout.
    case busy(path: String, seconds: Double, underlying: StoreFailure)
    /// A row broke a rule of the schema (a CHECK, NOT NULL, UNIQUE or FOREIGN KEY constraint).
    /// `record` names it ("session S-1042").
    case constraintViolated(record: String, rule: String, underlying: StoreFailure)
    /// A stored value this version of Relief cannot read (the schema's CHECKs normally prevent it).
    case unreadableValue(table: String, column: String, value: String)
    /// Any other SQLite error, with what the store was doing.
    case database(operation: String, path: String, underlying: StoreFailure)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open the Relief database at \(path): \(reason)"
        case let .notADatabase(path, underlying):
            return "\(path) is not a Relief database, or it is damaged (\(underlying))"
        case let .newerSchema(path, unknown):
            return "\(path) was written by a newer version of Relief (it has changes "
                + unknown.joined(separator: ", ") + " this version does not know); upgrade Relief to use it"
        case let .busy(path, seconds, _):
            return "database is locked after \(seconds.plainText) s: another Relief process is writing to \(path); "
                + "try again when it has finished"
        case let .constraintViolated(record, rule, _):
            return "\(record) was refused by the database: \(rule)"
        case let .unreadableValue(table, column, value):
            return "the database holds \"\(value)\" in \(table).\(column), which this version of Relief cannot read"
        case let .database(operation, path, underlying):
            return "\(operation) failed on \(path): \(underlying)"
        }
    }

    /// Wraps `error` when it comes from GRDB; any other error (a caller's own, thrown from an
    /// import body) passes through unchanged.
    static func wrap(_ error: any Error, operation: String, path: String, busyTimeout: Double,
                     record: String? = nil) -> any Error {
        guard let dbError = error as? DatabaseError else { return error }
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy(path: path, seconds: busyTimeout, underlying: StoreFailure(dbError))
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError.notADatabase(path: path, underlying: StoreFailure(dbError))
        case .SQLITE_CONSTRAINT:
            return StoreError.constraintViolated(
                record: record ?? operation, rule: ruleDescription(dbError), underlying: StoreFailure(dbError))
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return StoreError.cannotOpen(path: path, reason: dbError.message ?? "permission denied")
        default:
            return StoreError.database(operation: operation, path: path, underlying: StoreFailure(dbError))
        }
    }

    /// "CHECK constraint failed: pain_before BETWEEN 0 AND 10" → a sentence naming the rule.
    static func ruleDescription(_ error: DatabaseError) -> String {
        let message = error.message ?? "constraint failed"
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_CHECK:
            return "a value is outside its allowed range (" + message + ")"
        case .SQLITE_CONSTRAINT_DATATYPE:
            return "a value has the wrong type (" + message + ")"
        case .SQLITE_CONSTRAINT_NOTNULL:
            return "a required value is missing (" + message + ")"
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return "it refers to a client or therapist that does not exist (" + message + ")"
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return "it duplicates an existing record (" + message + ")"
        default:
            return message
        }
    }
}

/// What the database itself reported (SQLite's result code and message, or a server's), as
/// plain values: no driver type leaves the store.
public struct StoreFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database's own code ("SQLITE_BUSY (5)", a PostgreSQL SQLSTATE).
    public var code: String
    public var message: String

    public init(code: String, message: String) { self.code = code; self.message = message }

    init(_ error: DatabaseError) {
        code = "SQLite error \(error.extendedResultCode.rawValue)"
        message = error.message ?? code
    }

    public var description: String { message }
}
