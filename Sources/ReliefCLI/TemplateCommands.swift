import ArgumentParser
import Foundation
import ReliefImport
import ReliefModel
import ReliefWorkflows

/// `relief template [--out FILE]`: an empty session log to fill in a spreadsheet.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write an empty session log (CSV) to fill in a spreadsheet, with a guide to its scales.",
        discussion: """
        Writes the log (the columns and one example row to replace) and, beside it, FILE-scales.csv with what each
        column holds and the anchors of the 0-10 scales. Import the filled log with `relief import FILE`.
        """)

    @Option(help: ArgumentHelp("Where to write the log.", valueName: "FILE"))
    var out = "session-log.csv"

    @Option(help: ArgumentHelp("The example row's date (default: today).", valueName: "YYYY-MM-DD"))
    var today: String?

    func validate() throws {
        if let today, Day(iso: today) == nil { throw ValidationError("--today must be a date like 2026-11-01") }
    }

    func run() throws {
        let paths = try TemplateWorkflow.write(to: out, today: today.flatMap { Day(iso: $0) } ?? Clock.today())
        Console.error("wrote " + paths.joined(separator: " and "))
    }
}

/// `relief mapping suggest FILE`.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Help with mapping files (your export's headers to Relief's fields).",
        subcommands: [Suggest.self])

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
            abstract: "Propose a mapping file for FILE from its header and first rows, each guess explained.",
            discussion: "Check the proposal, fix or delete wrong lines, and pass it to `relief import --mapping`.")

        @Argument(help: "A CSV file or Excel workbook.")
        var file: String

        @Option(help: ArgumentHelp("The sheet of an Excel workbook (default: the first).", valueName: "NAME"))
        var sheet: String?

        @Option(help: "The kind of records (default: from the header).")
        var kind: RecordKind?

        @Option(help: ArgumentHelp("Write the mapping here instead of printing it.", valueName: "FILE"))
        var out: String?

        func run() throws {
            let text: String
            do {
                text = try MappingWorkflow.suggest(path: file, sheet: sheet, kind: kind)
            } catch let e as ImportError {
                Console.error(e.description)
                throw ExitCode(1)
            }
            if let out {
                try MappingWorkflow.write(text, to: out)
                Console.error("wrote \(out)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
