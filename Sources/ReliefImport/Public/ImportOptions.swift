import Foundation
import ReliefModel

/// How to read a file. Everything not given is detected (and the detection is reported
/// in `ReadSummary`); nothing is guessed where a guess could change a value.
///
/// ```swift
/// var options = ImportOptions(today: Day(iso: "2026-03-31")!)
/// options.dateFormat = "dd/MM/yyyy"
/// ```
public struct ImportOptions: Sendable {
    /// The kind of record; `nil` detects it from the header (CSV) or the keys (JSON).
    public var kind: RecordKind?
    /// The format; `nil` detects it from the extension and the first bytes.
    public var format: FileFormat?
    /// The clinic's time zone: a timestamp with a UTC offset, or in a `(UTC)` column, lands on
    /// the clinic's calendar day (`DateParser.clinicZone`); nil keeps days as written.
    public var timeZone: TimeZone?
    /// A layout for non-ISO dates, e.g. `dd/MM/yyyy` (see docs/import.md). ISO 8601 is always accepted.
    public var dateFormat: String?
    /// Dates after this day are rejected as in the future. The importer reads no clock.
    public var today: Day
    /// A clinic's own header names (and FHIR codes) for canonical fields.
    public var mapping: ColumnMapping?
    /// A practice system's documented export (`ImportPreset`); nil recognises one from the header
    /// (when no mapping is given) or reads the file as it is.
    public var preset: ImportPreset?
    /// A long-format measure file (one row per client, date, measure, value), pivoted into
    /// check-ins, or sessions with `kind = .sessions` (`LongFormatSource`). CSV only.
    public var longFormat = false
    /// Merging by day (`relief import --merge-by-day`): how many sessions the store holds for each
    /// client and day (`"client|dayOrdinal"`). A session row without pain before but with other
    /// scores then becomes `Record.visitScores` when its client has exactly one session that day,
    /// and is rejected saying why otherwise. Nil: such rows are rejected as usual.
    public var storedSessionsPerDay: [String: Int]?
    /// The file has no header row (ChiroTouch's patient lists): its columns are named `column 1`,
    /// `column 2` …, which a mapping file maps (`name = column 2`), and its first row is a record.
    public var headerless = false
    /// The status of every appointment of the file, for exports split into one file per status
    /// (Vagaro's): it overrides the file's status column and markers.
    public var appointmentStatus: AppointmentStatus?
    /// The sheet of an Excel workbook to read, by its tab name (case does not matter, as in
    /// Excel); `nil` reads the first sheet. Other formats have no sheets and ignore it.
    public var sheet: String?
    /// Bounds on input size; a file past one is refused with `ImportError.limitExceeded`.
    public var limits: ImportLimits = ImportLimits()
    /// Read the file once instead of three times, for a sink that can discard what it got.
    ///
    /// Two rules need the whole file before a row can be judged: an id that repeats (a
    /// duplicate or a conflict) and relief_days longer than the gap since the client's
    /// previous session (which may come later in the file). With `optimistic`, rows are
    /// validated and delivered as they are read, while the reader watches for the cases one
    /// pass cannot decide: an id seen a second time, a relief_days longer than the gap so
    /// far, or a client with relief_days whose dates do not arrive in order. On the first
    /// one it stops and throws `ImportError.needsFullRead`; the caller discards the records
    /// its sink received (a store rolls back its transaction) and reads the file again
    /// without `optimistic`, which gives the exact verdicts. Otherwise the outcome (records,
    /// order, counts, diagnostics) is exactly that of the full read, in about half the time.
    public var optimistic = false
    /// Read pain before and after, sleep, mood and stress out of each session's `notes` where the
    /// row leaves them empty (docs/import.md, "Scores in notes"). A score given in a column is
    /// kept (a note that disagrees with it is a warning); a measure the note is ambiguous about
    /// rejects the row with the note's reason, never a guess. Notes files (`.txt`) always do.
    public var scoresFromNotes = false
    /// Keep every extraction beside the sentence it came from in `ReadSummary.noteReview`, for a
    /// review file the clinic checks before analysis (`relief import --review FILE`).
    public var collectNoteReview = false

    public init(today: Day) { self.today = today }
}

/// Bounds that keep a hostile or broken file from exhausting memory or the stack.
public struct ImportLimits: Sendable, Hashable {
    /// Largest single CSV field or JSON string, in bytes.
    public var maxFieldBytes = 10 * 1024 * 1024
    /// Most columns in a CSV header or members in one JSON record.
    public var maxColumns = 10_000
    /// Deepest JSON nesting of arrays and objects.
    public var maxDepth = 64
    /// Largest FHIR bundle, which is read whole to join resources.
    public var maxFHIRBytes = 512 * 1024 * 1024
    /// Most diagnostics kept in a summary; the rest are counted in `diagnosticsOmitted`.
    public var maxDiagnostics = 100_000
    /// Most bytes the parts of one Excel workbook may unpack to, added up (a small .xlsx can
    /// unpack to gigabytes: a "zip bomb"). Declared sizes are checked when the file is opened,
    /// and inflated bytes are counted as they come, so a file that lies about its sizes is
    /// stopped too. The text a sheet's cells hold for the read is bounded by it as well.
    public var maxUnpackedBytes: Int64 = 1 << 30
    /// Most entries (files and folders) in a workbook's zip archive.
    public var maxArchiveEntries = 10_000
    /// Highest ratio of unpacked to packed bytes for one workbook part, checked once the part
    /// has unpacked past 1 MiB (real sheets compress 5–20:1; a zip bomb thousands to one).
    public var maxCompressionRatio = 200

    public init() {}

    /// The workbook reader's limits: these, and Excel's own 1,048,576 rows and 16,384 columns.
    var xlsx: XLSXLimits {
        XLSXLimits(maxUncompressedBytes: maxUnpackedBytes, maxEntries: maxArchiveEntries,
                   maxCompressionRatio: Int64(maxCompressionRatio), maxColumns: min(maxColumns, 16_384))
    }
}
