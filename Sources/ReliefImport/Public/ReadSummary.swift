import ReliefModel
/// What reading one file did. `read == accepted + rejected + duplicatesSkipped` always.
public struct ReadSummary: Sendable, Codable {
    /// The path as given.
    public var file: String
    /// The format read (given or detected).
    public var format: FileFormat
    /// The kinds of record read, in the order first seen.
    public var kinds: [RecordKind]
    /// The column names in file order (CSV header; for JSON and FHIR, the names rows used).
    public var header: [String]
    /// The CSV delimiter, when the file was CSV.
    public var delimiter: String?
    /// The sheet read, when the file was an Excel workbook.
    public var sheet: String?
    /// The practice system's export the file was read as (`ImportPreset.name`), given or recognised.
    public var preset: String?
    /// Rows (CSV, NDJSON lines) or objects (JSON) or records built (FHIR) read.
    public var read = 0
    public var accepted = 0
    public var rejected = 0
    public var duplicatesSkipped = 0
    /// Blank lines and all-empty CSV rows, which are not records and are not counted in `read`.
    public var blankLines = 0
    /// Accepted records per kind (raw value of `RecordKind`).
    public var acceptedByKind: [String: Int] = [:]
    /// Errors (one or more per rejected row) and warnings, in file order, up to `ImportLimits.maxDiagnostics`.
    public var diagnostics: [Diagnostic] = []
    /// Diagnostics past the limit, counted but not kept.
    public var diagnosticsOmitted = 0
    /// Columns or keys that map to no field and were ignored.
    public var ignoredColumns: [String] = []
    /// Client records delivered for rows that name their client (`RecordSink.acceptNamedClient`);
    /// not rows, so not in `read`.
    public var namedClients = 0
    /// With `ImportOptions.collectNoteReview`: one row per score read, sub-measure seen or measure
    /// refused in a note, columns `NoteReview.columns`, in file order.
    public var noteReview: [NoteReviewRow] = []
    /// A long-format file's own rows (one measure each): the rows that formed `read` records, and
    /// the rows of measures not read (each measure an `other-measure` warning). Nil for other files.
    public var measureRows: Int?
    /// Scores of accepted sessions that were read from note text (`ImportOptions.scoresFromNotes`).
    public var scoresFromNotes = 0

    public init(file: String, format: FileFormat) {
        self.file = file
        self.format = format
        self.kinds = []
        self.header = []
    }

    /// True when every row read is accounted for.
    public var isBalanced: Bool { read == accepted + rejected + duplicatesSkipped }

    /// The rejecting diagnostics only.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
