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

    /// The format a file is read as when none is given: by extension (`.csv` `.tsv`; `.txt` is
    /// therapists' notes when its first line with text is a `Client:` or `Date:` header, else CSV;
    /// `.json`, `.ndjson` `.jsonl`, `.xlsx` `.xlsm`), then by its first bytes (a zip archive with
    /// `[Content_Types].xml`, or an old Excel file's OLE2 signature, is a workbook: the workbook
    /// reader then says what to do with it; `[` or `{` is JSON; a top-level `"resourceType"`
    /// makes it FHIR — a Bundle, a single resource, or FHIR Bulk Data NDJSON, whose every line is a
    /// resource; several top-level values make it NDJSON).
    public static func detectFormat(path: String, bytes p: UnsafeBufferPointer<UInt8>) -> FileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") || lower.hasSuffix(".xls")
            || WorkbookSniff.isLegacyExcel(p) || WorkbookSniff.isZipWorkbook(p) { return .xlsx }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return FHIRSniff.isFHIR(p) ? .fhir : .ndjson }
        if lower.hasSuffix(".txt") { return NotesTextSource.looksLikeNotes(p) ? .notes : .csv }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
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

    /// True when `path` holds FHIR resources outside a Bundle (Bulk Data NDJSON, a single resource):
    /// files that `read(fhirFiles:name:options:into:)` reads together. False for anything else,
    /// including a file that cannot be opened (its own read says why).
    public static func isFHIRResources(path: String, format: FileFormat? = nil) -> Bool {
        guard format == nil || format == .fhir, let file = try? MappedFile(path: path) else { return false }
        let head = UnsafeBufferPointer(start: file.base, count: file.count)
        if format == nil && detectFormat(path: path, bytes: head) != .fhir { return false }
        return !FHIRSniff.isBundle(path: path, head)
    }

    /// True when `path` is therapists' notes as text (`FileFormat.notes`, by its first line); false
    /// for anything else, including a file that cannot be opened.
    public static func isNotesFile(path: String) -> Bool {
        guard let file = try? MappedFile(path: path) else { return false }
        return NotesTextSource.looksLikeNotes(UnsafeBufferPointer(start: file.base, count: file.count))
    }

    /// Reads several FHIR files as **one** import: FHIR Bulk Data NDJSON (one resource a line, files
    /// split by type: `Patient.ndjson`, `Encounter.ndjson`, `Observation-1.ndjson` …) and single
    /// resources, with references resolved across the files (docs/fhir.md). Streaming: memory
    /// grows with the rows and score Observations, not with the bytes.
    ///
    /// The summary is named `name` (the folder, say); each diagnostic names its own file and line.
    ///
    /// - Throws: `ImportError` for a file that cannot be read, is not UTF-8, or (a single resource)
    ///   is not valid JSON; for a limit passed; for a sink that threw.
    public static func read(fhirFiles paths: [String], name: String, options: ImportOptions,
                            into sink: inout some RecordSink) throws(ImportError) -> ReadSummary {
        var files: [MappedFile] = []
        for path in paths {
            let file = try MappedFile(path: path)
            if let bad = file.firstInvalidUTF8() {
                throw .invalidUTF8(file: path, offset: bad, line: lineNumber(of: bad, in: file.base))
            }
            files.append(file)
        }
        return try readFHIRResources(files: files, paths: paths, name: name, options: options,
                                     dates: try DateParser(format: options.dateFormat, zone: options.timeZone), into: &sink)
    }

    private static func readFHIRResources(files: [MappedFile], paths: [String], name: String, options: ImportOptions,
                                          dates: DateParser, into sink: inout some RecordSink)
        throws(ImportError) -> ReadSummary {
        let source = try FHIRResourceSource(files: files, paths: paths, options: options)
        let validator = RowValidator(options: options, dates: dates, decimalComma: false, allowExponent: true)
        var driver = ImportDriver(source: source, validator: validator, file: name, format: .fhir, limits: options.limits,
                                  optimistic: options.optimistic)
        var summary: ReadSummary
        do {
            summary = try driver.run(into: &sink)
        } catch {
            // Errors of a row name its own file and line.
            switch error {
            case .needsFullRead(_, let line):
                let at = source.locate(line)
                throw .needsFullRead(file: at.file, line: at.line)
            case .sinkFailed(_, let line, let underlying):
                let at = source.locate(line)
                throw .sinkFailed(file: at.file, line: at.line, underlying: underlying)
            default: throw error
            }
        }
        for i in summary.diagnostics.indices {
            if let line = summary.diagnostics[i].line {
                let at = source.locate(line)
                summary.diagnostics[i].file = at.file
                summary.diagnostics[i].line = at.line
            }
        }
        for i in summary.noteReview.indices {
            let at = source.locate(summary.noteReview[i].line)
            summary.noteReview[i].file = at.file
            summary.noteReview[i].line = at.line
        }
        let notes = source.notices.diagnostics(file: { source.parts[$0].path }, locate: source.locate)
        summary.diagnostics.insert(contentsOf: notes, at: 0)
        return summary
    }

    /// Names the preset a file was read with; a warning when it was recognised rather than given.
    static func notePreset(_ binding: HeaderBinding, file: String, into summary: inout ReadSummary) {
        guard let p = binding.preset else { return }
        summary.preset = p.name
        if binding.presetRecognised {
            summary.diagnostics.insert(Diagnostic(file: file, line: nil, rule: .preset,
                message: "the header matches the export of \(p.system): read with --preset \(p.name) (docs/import.md, \"From your practice software\")",
                severity: .warning), at: 0)
        }
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
        let dates = try DateParser(format: options.dateFormat, zone: options.timeZone)
        switch format {
        case .csv where options.longFormat:
            let source = try LongFormatSource(file: file, path: path, options: options)
            let validator = RowValidator(options: options, dates: dates, decimalComma: false, allowExponent: false)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .csv, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            summary.ignoredColumns = source.ignored
            summary.measureRows = source.measureRows
            let others = source.otherMeasures.map { m in
                Diagnostic(file: path, line: m.firstLine, value: m.measure, rule: .otherMeasure,
                    message: HeaderAliases.normalizedHeader(m.unit) == "tscore"
                        ? "\(m.measure): \(m.rows) row\(m.rows == 1 ? "" : "s") of a T-score (mean 50, SD 10), not a 0–10 score; not read, and never charted as one"
                        : "\(m.measure)\(m.unit.isEmpty ? "" : " (\(m.unit))"): \(m.rows) row\(m.rows == 1 ? "" : "s") of a measure Relief does not read "
                            + "as a 0–10 score (pain, sleep, mood, stress); not read (`pain = measure: \(m.measure)` in a mapping file, if it is one)",
                    severity: .warning)
            }
            summary.diagnostics.insert(contentsOf: others, at: 0)
            if let first = source.rescaled.first {
                summary.diagnostics.insert(Diagnostic(file: path, line: first.line, value: first.text, rule: .rescaled,
                    message: "\(source.rescaled.count) value\(source.rescaled.count == 1 ? " is" : "s are") on a 0–100 scale and "
                        + "\(source.rescaled.count == 1 ? "was" : "were") divided by 10 (\(first.text) → a 0–10 score)",
                    severity: .warning), at: 0)
            }
            return summary
        case .csv:
            let source = try CSVSource(file: file, path: path, options: options)
            var validator = RowValidator(options: options, dates: dates, decimalComma: source.delimiter == 0x3B,
                                         allowExponent: false)
            validator.dateIsUTC = source.binding.dateIsUTC
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .csv, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            Self.notePreset(source.binding, file: path, into: &summary)
            if let p = source.preamble {
                var notes = [Diagnostic(file: path, line: p.first, rule: .preamble,
                    message: (p.first == p.last ? "line \(p.first) comes" : "lines \(p.first)–\(p.last) come")
                        + " above the header (line \(p.last + 1)): a report's title or totals, not records; not read",
                    severity: .warning)]
                if let total = p.total, total != summary.read {
                    notes.append(Diagnostic(file: path, line: p.first, rule: .preamble,
                        message: "the preamble states a total of \(total) but the file holds \(summary.read) rows: "
                            + "check that the export is whole (large exports can time out; export in date batches)",
                        severity: .warning))
                }
                summary.diagnostics.insert(contentsOf: notes, at: 0)
            }
            return summary
        case .json, .ndjson:
            let source = try JSONSource(file: file, path: path, options: options, lines: format == .ndjson)
            let validator = RowValidator(options: options, dates: dates, decimalComma: false, allowExponent: true)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: format, limits: options.limits,
                                      optimistic: options.optimistic)
            return try driver.run(into: &sink)
        case .fhir where !FHIRSniff.isBundle(path: path, head):
            // Bulk Data NDJSON or a single resource: the resource reader, with one file.
            return try readFHIRResources(files: [file], paths: [path], name: path, options: options, dates: dates,
                                         into: &sink)
        case .fhir:
            let source = try FHIRSource(file: file, path: path, options: options)
            let validator = RowValidator(options: options, dates: dates, decimalComma: false, allowExponent: true)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .fhir, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            summary.diagnostics.insert(contentsOf: source.warnings, at: 0)
            return summary
        case .notes:
            let source = NotesTextSource(text: String(decoding: head, as: UTF8.self))
            var notesOptions = options
            notesOptions.scoresFromNotes = true
            let validator = RowValidator(options: notesOptions, dates: dates, decimalComma: false, allowExponent: false)
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .notes, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            if let p = source.preamble {
                summary.diagnostics.insert(Diagnostic(file: path, line: p.first, rule: .outsideNote,
                    message: (p.first == p.last ? "line \(p.first) comes" : "lines \(p.first)–\(p.last) come")
                        + " before the first note's Client: and Date: lines, so "
                        + (p.first == p.last ? "it belongs" : "they belong") + " to no note; not read",
                    severity: .warning), at: 0)
            }
            return summary
        case .xlsx:
            let workbook: XLSXWorkbook
            do {
                workbook = try XLSXWorkbook(file: file, name: path, limits: options.limits.xlsx)
            } catch {
                throw .workbook(file: path, message: error.description)
            }
            let source = try XLSXSource(workbook: workbook, path: path, options: options)
            var validator = RowValidator(options: options, dates: dates, decimalComma: false, allowExponent: false)
            validator.dateIsUTC = source.binding.dateIsUTC
            var driver = ImportDriver(source: source, validator: validator, file: path, format: .xlsx, limits: options.limits,
                                      optimistic: options.optimistic)
            var summary = try driver.run(into: &sink)
            Self.notePreset(source.binding, file: path, into: &summary)
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
