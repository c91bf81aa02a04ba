import ArgumentParser
import ReliefModel
import ReliefWorkflows

/// `relief sample`: writes a seeded synthetic clinic as CSV files.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic clinic (therapists, clients, sessions, check-ins) as CSV files.",
        discussion: """
            The same options always give the same files: the generator reads no clock and no \
            system randomness. docs/sample-data.md describes the model behind the scores.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
    }

    @Option(help: ArgumentHelp("Folder to write therapists.csv, clients.csv, sessions.csv and checkins.csv into.",
                              valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Random seed.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Number of clients.", valueName: "n"))
    var clients: Int = 120

    @Option(help: ArgumentHelp("Number of months covered, ending with --end.", valueName: "n"))
    var months: Int = 12

    @Option(help: ArgumentHelp("Number of therapists.", valueName: "n"))
    var therapists: Int = 6

    @Option(help: ArgumentHelp("Sites of a chain (2 or more: sessions.csv gains a site column; 1: a single clinic).",
                               valueName: "n"))
    var sites: Int = 1

    @Option(help: ArgumentHelp("Last month covered.", valueName: "yyyy-mm"))
    var end: String = SampleWorkflow.defaultEnd.iso

    @Option(help: "Output format (csv only, for now).")
    var format: Format = .csv

    func validate() throws {
        do {
            _ = try clinic()
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        print(try SampleWorkflow.write(try clinic(), to: out))
    }

    private func clinic() throws -> SampleWorkflow.Clinic {
        guard let endMonth = Month(iso: end) else {
            throw ValidationError("--end must be a month as YYYY-MM, not \(end)")
        }
        return try SampleWorkflow.clinic(seed: seed, clients: clients, months: months, therapists: therapists, sites: sites,
                                         end: endMonth)
    }
}
