import ArgumentParser
import Foundation
import ReliefModel
import ReliefWorkflows

/// `relief analyze`: the numbers behind the reports, as JSON (docs/analyze-json.md).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compute a client's progress, or the clinic's outcomes, for a period, as JSON.",
        discussion: "Keys are stable and camelCase (docs/analyze-json.md); a value too few data allow is null.")

    @Option(help: "One client's progress (default: the whole clinic).")
    var client: String?

    @OptionGroup var period: PeriodOptions
    @OptionGroup var store: StoreOptions

    @Flag(help: "Print JSON (the only output format; the flag is accepted for scripts that pass it).")
    var json = false

    func run() throws {
        let range = try period.resolved()
        let output = try AnalysisService.analyze(store: try store.openExisting(), client: client, period: range)
        print(output)
    }
}

/// `--month YYYY-MM` or `--from DATE --to DATE`.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The calendar month to analyse.", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("First day of the period.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("Last day of the period.", valueName: "YYYY-MM-DD"))
    var to: String?

    func validate() throws { _ = try resolved() }

    func resolved() throws -> Period {
        switch (month, from, to) {
        case (let m?, nil, nil):
            guard let month = Month(iso: m) else { throw ValidationError("--month must look like 2026-10, not \(m)") }
            return Period(month)
        case (nil, let f?, let t?):
            guard let a = Day(iso: f) else { throw ValidationError("--from must be a date like 2026-10-01, not \(f)") }
            guard let b = Day(iso: t) else { throw ValidationError("--to must be a date like 2026-10-31, not \(t)") }
            guard a <= b else { throw ValidationError("--from \(f) is after --to \(t)") }
            return Period(from: a, to: b)
        default:
            throw ValidationError("give --month YYYY-MM, or both --from and --to")
        }
    }
}
