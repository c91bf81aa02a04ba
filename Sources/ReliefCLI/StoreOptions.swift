import ArgumentParser
import Foundation
import ReliefWorkflows

/// `--db FILE|URL`, shared by every verb that touches the database: an SQLite file, or a
/// PostgreSQL server's `postgres://user@host:port/dbname` (password from PGPASSWORD or ~/.pgpass).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database: a file, or postgres://user@host:port/dbname (password from PGPASSWORD or ~/.pgpass; default: $RELIEF_DB, else relief.sqlite).", valueName: "FILE|URL"))
    var db: String?

    /// The database path or URL: `--db`, then `$RELIEF_DB`, then `relief.sqlite` in the working directory.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["RELIEF_DB"], !env.isEmpty { return env }
        return "relief.sqlite"
    }

    /// Opens the store for reading reports; a missing file is an error, not a new empty database.
    func openExisting() throws -> Store {
        do {
            return try Stores.openExisting(path)
        } catch let error as WorkflowError {
            throw ValidationError(error.description)
        }
    }

    /// Opens the store for writing, creating it when missing.
    func open() throws -> Store { try Stores.open(path) }
}
