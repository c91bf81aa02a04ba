import ArgumentParser
import Foundation
import ReliefImport
import ReliefModel
import ReliefWorkflows

/// `relief import PATH...`: read, validate and store session records.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import clients, therapists, sessions, check-ins and appointments (CSV, JSON, NDJSON, FHIR R4, Excel .xlsx, notes).",
        discussion: """
        Every row read is accounted for: accepted, rejected with a reason, or skipped as an exact duplicate.
        Each file is imported in one transaction. Exit status: 0 all rows accepted; 1 some rows rejected
        (the rest stored, unless --strict).
        FHIR: a Bundle (.json) is one import; FHIR Bulk Data NDJSON (Patient.ndjson, Encounter.ndjson,
        Observation-1.ndjson …) and single resources given together, listed or as a folder, are one import,
        with references resolved across the files (docs/fhir.md).
        Notes: --scores-from-notes reads pain before and after, sleep, mood and stress out of each session's
        notes where its columns are empty; a .txt of notes (header lines "Client: …" and "Date: …", then the
        note) always does. Check what was read with --review FILE (and --dry-run) before storing
        (docs/import.md, "Scores in notes").
        """)

    @Argument(help: "Files or folders to import, in order (import therapists and clients before sessions); a folder stands for its .ndjson, .jsonl and .json files.")
    var paths: [String]

    @OptionGroup var store: StoreOptions

    @Option(help: "The kind of records in every file (default: from the header): \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: RecordKind?

    @Option(help: "The file format (default: from the extension and content): \(FileFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: FileFormat?

    @Option(help: ArgumentHelp("Read a practice system's export: \(ImportPreset.all.map(\.name).joined(separator: ", ")) (default: recognised from the header).", valueName: "NAME"))
    var preset: String?

    @Option(help: ArgumentHelp("The status of every appointment in these files, for exports split by status: \(AppointmentStatus.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "STATUS"))
    var status: String?

    @Option(help: ArgumentHelp("The sheet of an Excel workbook to read (default: the first).", valueName: "NAME"))
    var sheet: String?

    @Flag(help: "Long-format measure files (client, date, measure, value): pivot each client's day into a check-in (or a session with --kind sessions).")
    var long = false

    @Flag(help: "Add each row's scores to the session already stored for the same client and day (form responses).")
    var mergeByDay = false

    @Option(help: ArgumentHelp("The clinic's time zone (Area/City, e.g. Europe/Warsaw), stored with the database: times with a UTC offset land on the clinic's day.", valueName: "ZONE"))
    var timezone: String?

    @Flag(help: "The files have no header row: columns are named \"column 1\", \"column 2\" … for --mapping (give --kind too).")
    var noHeader = false

    @Flag(help: "Validate and report without writing to the database.")
    var dryRun = false

    @Flag(help: "Store nothing from a file if any of its rows is rejected.")
    var strict = false

    @Option(help: ArgumentHelp("Write rejected rows to this CSV, with file, line and reason columns.", valueName: "FILE"))
    var rejects: String?

    @Option(help: ArgumentHelp("Date layout for non-ISO dates, e.g. dd/MM/yyyy.", valueName: "F"))
    var dateFormat: String?

    @Option(help: ArgumentHelp("A mapping file from Relief's column names to your export's headers.", valueName: "FILE"))
    var mapping: String?

    @Option(help: ArgumentHelp("The day dates are checked against (default: today).", valueName: "YYYY-MM-DD"))
    var today: String?

    @Flag(help: "Read empty scores (pain before and after, sleep, mood, stress) out of each session's notes.")
    var scoresFromNotes = false

    @Option(help: ArgumentHelp("Write every score read from a note, beside the sentence it came from, to this CSV.", valueName: "FILE"))
    var review: String?

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        if let today, Day(iso: today) == nil { throw ValidationError("--today must be a date like 2026-11-01") }
        if noHeader && kind == nil { throw ValidationError("--no-header needs --kind: a file without a header cannot say what it holds") }
        if let preset, ImportPreset.named(preset) == nil {
            throw ValidationError("--preset \(preset) is not one Relief knows; use one of \(ImportPreset.all.map(\.name).joined(separator: ", ")), "
                + "or write a mapping file (relief mapping suggest FILE)")
        }
        if let status, AppointmentStatusWords.status(status) == nil {
            throw ValidationError("--status \(status) is not an appointment status; use one of \(AppointmentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var request = ImportRequest(paths: paths, today: today.flatMap { Day(iso: $0) } ?? Clock.today())
        request.kind = kind
        request.format = format
        request.sheet = sheet
        request.dateFormat = dateFormat
        request.mappingPath = mapping
        request.preset = preset.flatMap(ImportPreset.named)
        request.headerless = noHeader
        request.timeZone = timezone
        request.mergeByDay = mergeByDay
        request.longFormat = long
        request.appointmentStatus = status.flatMap(AppointmentStatusWords.status)
        request.dryRun = dryRun
        request.strict = strict
        request.scoresFromNotes = scoresFromNotes
        request.collectNoteReview = review != nil
        let result = try ImportService.run(request, store: dryRun ? nil : try store.open())
        if let rejects { try ImportService.writeRejects(result.summaries, to: rejects) }
        if let review { try ImportService.writeReview(result.summaries, to: review) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(ImportReport(files: result.outcomes, dryRun: dryRun)), as: UTF8.self))
        } else {
            for o in result.outcomes { Console.error(ImportReport.describe(o, dryRun: dryRun)) }
        }
        if result.outcomes.contains(where: { $0.rejected > 0 || $0.error != nil }) { throw ExitCode(1) }
    }
}

extension RecordKind: ExpressibleByArgument {}
extension FileFormat: ExpressibleByArgument {}

/// The `--json` shape of an import: one entry per file.
struct ImportReport: Codable {
    var files: [FileOutcome]
    var dryRun: Bool

    /// Human summary of one file: the accounting line, one line per kind of warning (its count,
    /// first lines and first message; `ImportService` groups them), then the rejected rows' errors.
    static func describe(_ o: FileOutcome, dryRun: Bool) -> String {
        if let error = o.error { return "\(o.file): not imported: \(error)" }
        var lines = ["\(o.file): read \(o.read) = accepted \(o.accepted) + rejected \(o.rejected) + duplicates skipped \(o.duplicatesSkipped)" +
                     (o.rolledBack ? (dryRun ? " (dry run: nothing written)" : " (strict: nothing written)")
                                   : "; stored: \(o.inserted) new, \(o.updated) updated, \(o.unchanged) unchanged")]
        if let m = o.measureRows {
            lines[0] += " (from the file's \(m) measure row\(m == 1 ? "" : "s"), one record per client and day; rows of "
                + "other measures are listed below)"
        }
        if o.scoresFromNotes > 0 {
            lines.append("  \(o.scoresFromNotes) score\(o.scoresFromNotes == 1 ? "" : "s") read from note text (reports mark them; "
                         + "check them with --review FILE)")
        }
        if !o.stubClients.isEmpty {
            lines.append("  \(o.stubClients.count) client(s) not on file yet, created as stubs: " + o.stubClients.prefix(10).joined(separator: ", ") +
                         (o.stubClients.count > 10 ? ", …" : ""))
        }
        lines += o.warningGroups.flatMap(\.printed).map { "  warning: " + $0 }
        let shown = 20
        lines += o.errorLines.prefix(shown).map { "  " + $0 }
        if o.errorLines.count > shown { lines.append("  … and \(o.errorLines.count - shown) more (write them all with --rejects FILE)") }
        return lines.joined(separator: "\n")
    }
}
