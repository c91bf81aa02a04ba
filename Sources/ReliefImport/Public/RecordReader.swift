import ReliefModel

/// Reads one file of records, streaming, and validates every row.
///
/// ```swift
/// var options = ImportOptions(today: today)
/// var sink = RecordCollector()
/// let summary = try RecordReader.read(path: "sessions.csv", options: options, into: &sink)
/// for d in summary.errors { print(d) }     // sessions.csv:214: pain_before: 12 is outside 0–10
/// ```
///
/// Records reach the sink in file order, one call each, as they are read; the file
/// is memory-mapped and never held as strings. The summary's counts add up:
/// `read == accepted + rejected + duplicatesSkipped`.
public enum RecordReader {
    /// - Throws: `ImportError` for problems with the whole file (unreadable, invalid UTF-8 at byte N,
    ///   a header that fits no kind, malformed JSON, a limit passed, a sink that threw). Problems with
    ///   single rows are diagnostics in the summary, never errors.
    public static func read(path: String, options: ImportOptions, into sink: inout some RecordSink)
        throws(ImportError) -> ReadSummary {
        let file = try MappedFile(path: path)
        return try read(file: file, path: path, options: options, into: &sink)
    }

    /// Reads bytes already in memory as if they were the file `name` (tests, stdin already read).
    public static func read(bytes: [UInt8], name: String, options: ImportOptions, into sink: inout some RecordSink)
        throws(ImportError) -> ReadSummary {
        try read(file: MappedFile(bytes: bytes, path: name), path: name, options: options, into: &sink)
    }

    /// The format a file is read as when none is given: by extension (`.csv` `.tsv` `.txt`,
    /// `.json`, `.ndjson` `.jsonl`, `.xlsx` `.xlsm`), then by its first bytes (a zip archive with
    /// `[Content_Types].xml`, or an old Excel file's OLE2 signature, is a workbook: the workbook
    /// reader then says what to do with it; `[` or `{` is JSON; a top-level `"resourceType"`
    /// makes it FHIR; several top-level values make it NDJSON).
    public static func detectFormat(path: String, bytes p: UnsafeBufferPointer<UInt8>) -> FileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") || lower.hasSuffix(".xls")
            || WorkbookSniff.isLegacyExcel(p) || WorkbookSniff.isZipWorkbook(p) { return .xlsx }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
        let json = lower.hasSuffix(".json")
        var i = 0
        if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
        while i < p.count && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D) { i += 1 }
        guard i < p.count, p[i] == UInt8(ascii: "{") || p[i] == UInt8(ascii: "[") else { return json ? .json : .csv }
        if p[i] == UInt8(ascii: "{") {
            if JSONSniff.hasTopLevelKey("resourceType", p, from: i) { return .fhir }
            if JSONSniff.hasSecondTopLevelValue(p, from: i) { return .ndjson }
        }
        return .json
    }

    static func read(file: MappedFile, path: String, options: ImportOptions, into sink: inout some RecordSink)
        throws(ImportError) -> ReadSummary {
        let head = UnsafeBufferPointer(start: file.base, count: file.count)
        // An old .xls is refused whatever --format says: read as text it would only be "invalid UTF-8".
        if WorkbookSniff.isLegacyExcel(head) {
            throw .workbook(file: path, message: XLSXError.legacyXLS(file: path).description)
        }
        let format = options.format ?? detectFormat(path: path, bytes: head)
        if format != .xlsx, let bad = file.firstInvalidUTF8() {
            throw .invalidUTF8(file: path, offset: bad, line: lineNumber(of: bad, in: file.base))
        }
        let dates = try DateParser(format: options.dateFormat)
        switch format {
        case .csv:
            let source = try CSVSource(file: file, path: path, options: options)
            let validator = RowValidator(today: options.today, dates: dates, decimalComma: source.delimiter == 0x3B,
                                         allowExponent: false)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .csv, limits: options.limits,
                                      optimistic: options.optimistic)
            return try driver.run(into: &sink)
        case .json, .ndjson:
            let source = try JSONSource(file: file, path: path, options: options, lines: format == .ndjson)
            let validator = RowValidator(today: options.today, dates: dates, decimalComma: false, allowExponent: true)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: format, limits: options.limits,
                                      optimistic: options.optimistic)
            return try driver.run(into: &sink)
        case .fhir:
            let source = try FHIRSource(file: file, path: path, options: options)
            let validator = RowValidator(today: options.today, dates: dates, decimalComma: false, allowExponent: true)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .fhir, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            summary.diagnostics.insert(contentsOf: source.warnings, at: 0)
            return summary
        case .xlsx:
            let workbook: XLSXWorkbook
            do {
                workbook = try XLSXWorkbook(file: file, name: path, limits: options.limits.xlsx)
            } catch {
                throw .workbook(file: path, message: error.description)
            }
            let source = try XLSXSource(workbook: workbook, path: path, options: options)
            let validator = RowValidator(today: options.today, dates: dates, decimalComma: false, allowExponent: false)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .xlsx, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            // Every diagnostic names the sheet; an ignored column, the header's row.
            summary.sheet = source.sheet
            for i in summary.diagnostics.indices {
                summary.diagnostics[i].sheet = source.sheet
                if summary.diagnostics[i].line == nil { summary.diagnostics[i].line = source.headerRow }
            }
            return summary
        }
    }
}
