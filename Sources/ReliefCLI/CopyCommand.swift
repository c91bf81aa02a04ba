import ArgumentParser
import Foundation
import ReliefWorkflows

/// `relief copy --from A --to B`: every record of one store into another, empty one — an SQLite
/// file into a chain's PostgreSQL database, or back — with every row accounted for.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every record from one database into another, empty one (SQLite file ⇄ PostgreSQL).",
        discussion: """
            Either side is a file (relief.sqlite) or postgres://user@host:port/dbname (the password \
            from PGPASSWORD or ~/.pgpass). The destination is written in one transaction and checked \
            before the commit: every record read is stored, stubs stay stubs, and the import log and \
            settings come along; otherwise nothing is stored. A new file is created; a PostgreSQL \
            database must exist (createdb) and be empty.
            """)

    @Option(help: ArgumentHelp("The database to copy from.", valueName: "FILE|URL"))
    var from: String

    @Option(help: ArgumentHelp("The empty database to copy into.", valueName: "FILE|URL"))
    var to: String

    @Flag(help: "Print what was copied as JSON.")
    var json = false

    func run() throws {
        let source: Store, destination: Store
        do {
            source = try Stores.openExisting(from)
        } catch let error as WorkflowError {
            throw ValidationError(error.description)
        }
        destination = try Stores.open(to)
        let terminal = Console.stderrIsTerminal
        let outcome = try CopyService.copy(from: source, to: destination) { n in
            if terminal { FileHandle.standardError.write(Data("\rcopied \(n) records".utf8)) }
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(outcome), as: UTF8.self))
        } else {
            let c = outcome.destination
            Console.error("copied \(outcome.from) → \(outcome.to): \(c.clients) clients (\(c.stubClients) known by id only), "
                + "\(c.therapists) therapists, \(c.sessions) sessions, \(c.checkIns) check-ins, \(c.appointments) appointments, "
                + "\(outcome.importLogEntries) import-log entries; every row accounted for")
        }
    }
}
