import Foundation
import ReliefFiles
import ReliefImport
import ReliefModel

/// `relief template`: an empty session log a therapist fills in a spreadsheet, and
/// `relief mapping suggest`: a mapping file proposed for a clinic's own export.
public enum TemplateWorkflow {
    /// The log's header: names Relief reads without a mapping. No session id (derived from
    /// client, date and time) and no client id (derived from the name): docs/import.md.
    public static let columns = ["Client", "Date", "Therapist", "Duration (min)", "Kind", "Technique", "Pressure",
                                 "Regions", "Pain before", "Pain after", "Sleep quality", "Mood", "Stress",
                                 "Relief days", "Notes"]

    /// What each column holds, with the scale anchors: (column, what to write, 0 means / values, 10 means).
    public static let scales: [(column: String, write: String, low: String, high: String)] = [
        ("Client", "the client's full name, written the same way every time", "", ""),
        ("Date", "the session's date, with the time when a client may have two sessions a day: 2026-03-14 09:30 "
            + "(14/03/2026 also works: import with --date-format dd/MM/yyyy)", "", ""),
        ("Therapist", "the therapist's initials or staff number (optional)", "", ""),
        ("Duration (min)", "minutes, 5 to 240 (optional)", "", ""),
        ("Kind", "medical (targeted therapy) or relaxation (general comfort); empty is medical", "", ""),
        ("Technique", "techniques used, separated by ; (optional)", "e.g. trigger-point;myofascial-release", ""),
        ("Pressure", "light, moderate, firm or deep (optional)", "", ""),
        ("Regions", "body regions treated, separated by ; (optional)", "e.g. neck;shoulders;lower-back", ""),
        ("Pain before", "the client's pain at the start of the session, 0 to 10, one decimal allowed (required)",
         "0 = no pain", "10 = the worst pain imaginable"),
        ("Pain after", "the client's pain at the end of the session, 0 to 10 (optional)", "0 = no pain",
         "10 = the worst pain imaginable"),
        ("Sleep quality", "how the client slept in the past week, 0 to 10 (optional)", "0 = very poorly", "10 = very well"),
        ("Mood", "the client's mood in the past week, 0 to 10 (optional)", "0 = very low", "10 = very good"),
        ("Stress", "the client's stress in the past week, 0 to 10 (optional)", "0 = none", "10 = extreme"),
        ("Relief days", "how many days the relief from the previous session lasted, or ongoing (optional)", "", ""),
        ("Notes", "anything else (optional)", "", ""),
    ]

    /// The session log: the header and one example row dated `today` (delete it before real use).
    public static func sessionLog(today: Day) -> String {
        var w = CSVWriter(options: .init(neutralizeFormulas: true, byteOrderMark: true))
        w.write(row: columns)
        w.write(row: ["Example Client", today.iso + " 09:30", "T1", "60", "medical", "trigger-point;myofascial-release",
                      "moderate", "neck;shoulders", "6", "3", "5", "6", "7", "3",
                      "Example row: replace it with your first session"])
        return w.text
    }

    /// The scale anchors, as a CSV beside the log.
    public static func scaleGuide() -> String {
        var w = CSVWriter(options: .init(neutralizeFormulas: true, byteOrderMark: true))
        w.write(row: ["column", "what to write", "low end", "high end"])
        for s in scales { w.write(row: [s.column, s.write, s.low, s.high]) }
        return w.text
    }

    /// The guide's path for a log at `path`: `session-log.csv` → `session-log-scales.csv`.
    public static func guidePath(for path: String) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension
        return ns.deletingPathExtension + "-scales" + (ext.isEmpty ? ".csv" : "." + ext)
    }

    /// Writes the log to `path` and the scale guide beside it (owner-only files); returns both paths.
    /// - Throws: `WorkflowError.cannotWrite`.
    @discardableResult
    public static func write(to path: String, today: Day) throws -> [String] {
        let guide = guidePath(for: path)
        try writing { try OwnerOnlyFiles.write(sessionLog(today: today), to: path) }
        try writing { try OwnerOnlyFiles.write(scaleGuide(), to: guide) }
        return [path, guide]
    }
}

/// `relief mapping suggest FILE`.
public enum MappingWorkflow {
    /// A mapping file proposed for `path` (a CSV or a workbook's sheet), each guess explained in a
    /// comment (`MappingSuggestion`).
    /// - Throws: `ImportError` when the file cannot be read.
    public static func suggest(path: String, sheet: String? = nil, kind: RecordKind? = nil, rows: Int = 20) throws -> String {
        let sample = try MappingSuggestion.sample(path: path, sheet: sheet, rows: rows)
        return MappingSuggestion.suggest(sample, file: (path as NSString).lastPathComponent, kind: kind)
    }

    /// Writes a suggestion to `path` (owner-only: it names the clinic's columns, not its data).
    /// - Throws: `WorkflowError.cannotWrite`.
    public static func write(_ text: String, to path: String) throws {
        try writing { try OwnerOnlyFiles.write(text, to: path) }
    }
}
