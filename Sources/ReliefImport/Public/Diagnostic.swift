import ReliefModel
/// A problem found in a file: a rejected row, a skipped duplicate, an ignored column.
///
/// `description` is the line a clinic reads, in the compiler style
/// `file:line: column: message`:
///
/// ```
/// sessions.csv:214: pain_before: 12 is outside 0–10
/// sessions.csv:9: Pain before (pain_before): 6,5 is not a number (a decimal comma is accepted only in ;-separated files)
/// ```
///
/// When the file's header name differs from the canonical field, both are named. A row of an
/// Excel workbook is named by its sheet and row number, as Excel names it:
/// `visits.xlsx:Sheet1!12: pain_before: 12 is outside 0–10`.
public struct Diagnostic: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Hashable {
        /// The row was rejected.
        case error
        /// Something was ignored or skipped; no row was lost (a duplicate, an unknown column).
        case warning
    }

    /// One raw field of the row as it was in the file, for `--rejects`.
    public struct Field: Sendable, Codable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    /// The path as given to `RecordReader.read`.
    public var file: String
    /// The 1-based line the row (CSV, NDJSON) or object (JSON, FHIR resource) starts on, or the
    /// row number of a workbook's row (Excel's, 1-based); `nil` for the whole file.
    public var line: Int?
    /// The sheet of an Excel workbook the row is on; `nil` for other formats.
    public var sheet: String?
    /// The column as the file names it (CSV header, JSON key, FHIR element path).
    public var column: String?
    /// The canonical field (`pain_before`), when the column maps to one.
    public var field: String?
    /// The offending value, as written.
    public var value: String?
    /// A stable identifier of the rule, one of `Rule`'s raw values.
    public var rule: String
    /// What is wrong, in words an office manager can act on; includes the value.
    public var message: String
    public var severity: Severity
    /// The kind of record the row was read as.
    public var kind: RecordKind?
    /// The raw fields of the row, in file order (for `RejectsWriter`); empty for warnings.
    public var row: [Field]

    public init(file: String, line: Int?, column: String? = nil, field: String? = nil, value: String? = nil,
                rule: Rule, message: String, severity: Severity = .error, kind: RecordKind? = nil,
                row: [Field] = []) {
        self.file = file; self.line = line; self.column = column; self.field = field; self.value = value
        self.rule = rule.rawValue; self.message = message; self.severity = severity; self.kind = kind
        self.row = row
    }

    public var description: String {
        var s = file
        if let sheet {
            s += ":" + CellReference.sheetName(sheet)
            if let line { s += "!\(line)" }
        } else if let line {
            s += ":\(line)"
        }
        s += ": "
        if let column {
            s += column
            if let field, field != column { s += " (\(field))" }
            s += ": "
        } else if let field {
            s += field + ": "
        }
        return s + message
    }
}

/// The rules a row can break; `Diagnostic.rule` holds the raw value.
public enum Rule: String, Sendable, Codable, CaseIterable {
    /// A required field is empty or absent.
    case required
    /// Not a number where one is needed.
    case notANumber = "not-a-number"
    /// A score outside 0–10, a duration outside 5–240.
    case outOfRange = "out-of-range"
    /// A score with more than one decimal.
    case tooPrecise = "too-precise"
    /// A duration that is not a whole number of minutes.
    case notWhole = "not-whole"
    /// Not a date in ISO 8601 (or the `--date-format` layout).
    case badDate = "bad-date"
    /// A date that does not exist (2026-02-30) or a time that does not (25:10).
    case impossibleDate = "impossible-date"
    /// A date after `today`.
    case futureDate = "future-date"
    /// A value outside a closed vocabulary (kind, pressure, segment).
    case unknownValue = "unknown-value"
    /// pain_after given without pain_before.
    case painAfterWithoutBefore = "pain-after-without-before"
    /// relief_days negative or neither a number nor `ongoing`.
    case badReliefDays = "bad-relief-days"
    /// relief_days longer than the gap since the client's previous session in the file.
    case reliefLongerThanGap = "relief-longer-than-gap"
    /// The same id twice with identical content: the later row is skipped.
    case duplicate
    /// The same id twice with different content: every row with that id is rejected.
    case conflict
    /// A CSV row with more or fewer fields than the header.
    case fieldCount = "field-count"
    /// A CSV quoting error confined to one row, or an NDJSON line that is not JSON.
    case syntax
    /// A JSON value of the wrong type (an object where a score belongs).
    case wrongType = "wrong-type"
    /// A NUL character (U+0000) in a value: never a real id or name, and C-string APIs would cut it.
    case nulCharacter = "nul-character"
    /// Two columns or keys of one row that mean the same field.
    case ambiguousField = "ambiguous-field"
    /// A column or key Relief does not know; ignored.
    case unknownColumn = "unknown-column"
    /// A FHIR resource Relief cannot use as it stands (a reference to nothing, an ambiguous observation).
    case fhir
    /// Ids derived for a file without them (session ids from client, date and time; client ids
    /// from names): one warning each, naming the first (docs/import.md, "Files without ids").
    case derivedID = "derived-id"
    /// Derived client ids whose names differ only in accents, or a name given with different
    /// birth dates or e-mails: one warning for the file, listing them.
    case sharedName = "shared-name"
    /// A score the note text is ambiguous about (two current readings that disagree, a range, a
    /// reading from an earlier visit), where the row gives none in a column: the row is rejected.
    case ambiguousNote = "ambiguous-note"
    /// A score read from the note that is not a score Relief can store (finer than a tenth).
    case noteScore = "note-score"
    /// A column's score that the note text contradicts: the column is kept; a warning.
    case noteDisagrees = "note-disagrees"
    /// Text in a notes file that belongs to no note (above the first note's header lines).
    case outsideNote = "outside-note"
    /// Lines above a CSV header (a report's title, date range and totals): not read; a warning,
    /// and another when a stated total disagrees with the rows read.
    case preamble
    /// A file recognised as a practice system's export by its header, and read with that preset.
    case preset
    /// Times with a UTC offset (or in a `(UTC)` column) read without a clinic time zone: kept as written.
    case timeZone = "time-zone"
    /// A row's scores added to the session stored for the same client and day (`--merge-by-day`).
    case merged
    /// Long-format values on a 0–100 scale, divided by 10.
    case rescaled
    /// Long-format rows of a measure Relief does not read (steps, a T-score): counted, not read.
    case otherMeasure = "other-measure"
}
