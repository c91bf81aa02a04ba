import ReliefFiles

/// Writes the rejected rows of one or more reads as CSV, for the clinic to fix and import again.
///
/// Columns: `file`, `line` (for an Excel workbook, the row number as Excel shows it on the
/// sheet the summary names), `reason`, then the rows' own columns (the union of the files'
/// headers, in order of first appearance). One line per rejected row; a row with
/// several problems has them joined with `; ` in `reason`. Skipped duplicates and
/// warnings are not rows to fix and are not written. Cells are formula-neutralised
/// (`CSVWriter.needsNeutralizing`), since the file is meant to be opened in a spreadsheet.
///
/// The three leading columns are not Relief fields, so re-importing the fixed file
/// ignores them (with a warning each).
public enum RejectsWriter {
    /// - Throws: `FileError.cannotWrite` when the file cannot be written.
    public static func write(_ summaries: [ReadSummary], to path: String) throws(FileError) {
        var writer = try CSVWriter(path: path, options: .init(neutralizeFormulas: true))
        for row in rows(summaries) { try writer.write(rowToFile: row) }
        try writer.close()
    }

    /// The CSV text `write` would produce.
    public static func text(_ summaries: [ReadSummary]) -> String {
        var writer = CSVWriter(options: .init(neutralizeFormulas: true))
        for row in rows(summaries) { writer.write(row: row) }
        return writer.text
    }

    static func rows(_ summaries: [ReadSummary]) -> [[String]] {
        var columns: [String] = []
        var known: Set<String> = []
        func add(_ name: String) { if known.insert(name).inserted { columns.append(name) } }
        for s in summaries {
            for h in s.header where s.format == .csv || s.format == .xlsx { add(h) }
            for d in s.diagnostics where d.severity == .error { for f in d.row { add(f.name) } }
        }
        var out: [[String]] = [["file", "line", "reason"] + columns]
        for s in summaries {
            var i = 0
            let errors = s.diagnostics.filter { $0.severity == .error }
            while i < errors.count {
                let first = errors[i]
                var reasons: [String] = []
                var j = i
                while j < errors.count && errors[j].file == first.file && sameRow(errors[j], first) {
                    let d = errors[j]
                    reasons.append((d.column.map { $0 + ": " } ?? "") + d.message)
                    j += 1
                }
                var values: [String: String] = [:]
                for f in first.row where values[f.name] == nil { values[f.name] = f.value }
                out.append([first.file, first.line.map(String.init) ?? "", reasons.joined(separator: "; ")]
                           + columns.map { values[$0] ?? "" })
                i = j
            }
        }
        return out
    }

    private static func sameRow(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        a.row == b.row && (a.line == b.line || !a.row.isEmpty)
    }
}
