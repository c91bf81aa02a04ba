import ArgumentParser
import Foundation
import ReliefStore

/// `--db FILE`, shared by every verb that touches the database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $RELIEF_DB, else relief.sqlite).", valueName: "FILE"))
    var db: String?

    /// The database path: `--db`, then `$RELIEF_DB`, then `relief.sqlite` in the working directory.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["RELIEF_DB"], !env.isEmpty { return env }
        return "relief.sqlite"
    }

    /// Opens the database for reading reports; a missing file is an error, not a new empty database.
    func openExisting() throws -> ReliefDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no database at \(path): import records first (relief import FILE... --db \(path))")
        }
        return try ReliefDatabase(path: path)
    }
}
