import ReliefModel
/// A failure that stops reading a whole file. Problems with single rows are not
/// errors: they are diagnostics in the `ReadSummary`, and the other rows go on.
public enum ImportError: Error, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// The bytes are not UTF-8; `offset` is 0-based from the start of the file.
    case invalidUTF8(file: String, offset: Int, line: Int)
    /// The file has no header row or no content.
    case empty(file: String)
    /// The header matches no record kind, or lacks a column the kind requires.
    case unknownHeader(file: String, kind: RecordKind?, missing: [String], found: [String])
    /// Two header columns mean the same field.
    case duplicateColumn(file: String, field: String, columns: [String])
    /// A CSV quote opened on `line` never closes.
    case unterminatedQuote(file: String, line: Int)
    /// JSON that does not parse; `column` counts bytes from 1.
    case malformedJSON(file: String, line: Int, column: Int, reason: String)
    /// The file is valid JSON or FHIR but not in a shape Relief reads.
    case unsupported(file: String, line: Int?, reason: String)
    /// A bound in `ImportLimits` was passed.
    case limitExceeded(file: String, line: Int, what: String, limit: Int)
    /// The `--date-format` pattern cannot be used.
    case badDateFormat(pattern: String, reason: String)
    /// A mapping file line that cannot be read.
    case badMapping(file: String, line: Int, reason: String)
    /// The sink threw while accepting the record that starts on `line`.
    case sinkFailed(file: String, line: Int, underlying: any Error)
    /// Only with `ImportOptions.optimistic`: at `line` the one-pass read met a row it cannot
    /// judge alone (a repeated id, or a relief_days that later rows might make too long).
    /// Nothing is wrong with the file: discard the sink's records and read it again without
    /// `optimistic`.
    case needsFullRead(file: String, line: Int)
    /// An Excel workbook that cannot be read: an old .xls, an .ods, a damaged, encrypted or
    /// cut-short file, a zip bomb or a sheet past a limit, a `--sheet` the workbook does not
    /// have (the message lists the sheets). `message` is the whole sentence, naming the file
    /// (and the sheet and row when there is one) and what to do.
    case workbook(file: String, message: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .invalidUTF8(let file, let offset, let line):
            return "\(file):\(line): invalid UTF-8 at byte \(offset); save the file as UTF-8 and import it again"
        case .empty(let file):
            return "\(file): the file is empty (no header row)"
        case .unknownHeader(let file, let kind, let missing, let found):
            let columns = found.isEmpty ? "none" : found.joined(separator: ", ")
            if let kind {
                return "\(file):1: the header has no column for \(missing.joined(separator: ", ")) "
                    + "(required for \(kind.rawValue)); columns found: \(columns). "
                    + "Rename the column, or map it with a mapping file (docs/import.md)"
            }
            return "\(file):1: cannot tell which kind of record this is from its header (columns found: \(columns)); "
                + "give --kind, or rename or map the columns (docs/import.md)"
        case .duplicateColumn(let file, let field, let columns):
            return "\(file):1: columns \(columns.map { "\"\($0)\"" }.joined(separator: " and ")) both mean \(field); keep one"
        case .unterminatedQuote(let file, let line):
            return "\(file):\(line): a quoted field opened here never closes (a missing \" ?)"
        case .malformedJSON(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): malformed JSON: \(reason)"
        case .unsupported(let file, let line, let reason):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .limitExceeded(let file, let line, let what, let limit):
            return "\(file):\(line): \(what) is larger than the limit of \(limit); the file was not imported"
        case .badDateFormat(let pattern, let reason):
            return "date format \"\(pattern)\": \(reason)"
        case .badMapping(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .sinkFailed(let file, let line, let underlying):
            return "\(file):\(line): storing the record failed: \(underlying)"
        case .needsFullRead(let file, let line):
            return "\(file):\(line): this row needs the whole file to judge; read it again without the one-pass option"
        case .workbook(_, let message):
            return message
        }
    }
}
