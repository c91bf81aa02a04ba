import ArgumentParser
import Foundation
import ReliefExport
import ReliefModel
import ReliefWorkflows

/// `relief export`: the stored records as CSV or JSON, optionally de-identified.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export stored records as CSV or JSON, optionally de-identified.",
        discussion: """
        JSON holds every kind (therapists, clients, sessions, check-ins, appointments); CSV holds one (--kind, default sessions).
        Both are read back by relief import. CSV cells that a spreadsheet would run as formulas are prefixed with '.

        --deidentify drops names, notes, complaints and check-in sources, replaces ids with keyed pseudonyms
        (HMAC-SHA256) and shifts each client's dates by a whole number of weeks derived from the key, so
        intervals and trends survive exactly. The key comes from --key-file or RELIEF_DEIDENTIFY_KEY (at least
        16 bytes); keep it away from the export. This is pseudonymisation, not anonymisation (docs/security.md).
        """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("One client's records only.", valueName: "ID"))
    var client: String?

    @Option(help: "csv or json (default: from the extension of --out).")
    var format: ExportFormat?

    @Option(help: "The kind of record in a CSV export: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")) (default sessions; JSON holds all).")
    var kind: RecordKind?

    @Option(help: ArgumentHelp("The file to write (mode 0600); default standard output.", valueName: "FILE"))
    var out: String?

    @Flag(help: "Drop names and free text, pseudonymise ids, shift dates (needs a key).")
    var deidentify = false

    @Option(help: ArgumentHelp("The de-identification key file (else $RELIEF_DEIDENTIFY_KEY).", valueName: "FILE"))
    var keyFile: String?

    var resolvedFormat: ExportFormat? {
        if let format { return format }
        guard let out else { return nil }
        return ExportFormat(rawValue: (out as NSString).pathExtension.lowercased())
    }

    func validate() throws {
        guard let f = resolvedFormat else { throw ValidationError("give --format csv or --format json") }
        if f == .json, kind != nil { throw ValidationError("--kind is for CSV; a JSON export holds every kind") }
    }

    func run() throws {
        guard let format = resolvedFormat else { throw ValidationError("give --format csv or --format json") }
        var request = ExportRequest(format: format, kinds: format == .json ? RecordKind.allCases : [kind ?? .sessions],
                                    client: client, out: out)
        request.deidentify = deidentify
        request.keyFile = keyFile
        let opened = try store.openExisting()
        do {
            let outcome = try ExportService.run(request, store: opened)
            // Counts only: never a name or a score on the terminal.
            Console.error("exported \(outcome.summary)" + (out.map { $0 == "-" ? "" : " to \($0)" } ?? "")
                          + (deidentify ? " (de-identified)" : ""))
        } catch let error as ExportError {
            // No key, a key beside the export, two kinds in one CSV: a usage error, nothing written.
            throw ValidationError(error.description)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
