import ReliefModel
/// Reads RFC 4180 CSV from a mapped file, one row at a time, straight from the bytes.
///
/// - Quoted fields may hold the delimiter, line breaks and `""` (a quote); only a
///   field with `""` is copied (into the row's scratch arena) to remove the doubling.
/// - LF, CRLF and a lone CR end a row; a line break inside quotes does not, and
///   line numbers count it, so a row is named by the line it starts on.
/// - The delimiter is `,`, `;` or tab, whichever occurs most in the header outside
///   quotes (`,` on a tie). With `;`, numbers may use a decimal comma.
/// - A UTF-8 byte order mark is skipped.
/// - A row whose fields are all empty (`,,,`) is a blank line, not a record.
/// - A row with more or fewer fields than the header is rejected (`field-count`):
///   a field count that disagrees usually means an unquoted delimiter or line break,
///   and reading such a row by position would put values in the wrong fields.
/// - Text after a closing quote (`"a"b,`) rejects the row (`syntax`); a quote inside
///   an unquoted field (`5'10"`) is kept as written.
///
/// - Throws: `ImportError.unterminatedQuote` when a quote never closes;
///   `.limitExceeded` for a field over `maxFieldBytes` or a row over `maxColumns`.
struct CSVSource: RowSource {
    private let file: MappedFile
    private let path: String
    private let limits: ImportLimits
    let delimiter: UInt8
    let header: [String]
    let names: NameTable
    let binding: HeaderBinding
    private let dataStart: Int
    private let dataStartLine: Int
    private var pos: Int
    private var line: Int
    private(set) var blankLines = 0
    /// Lines above the header (a report title, the date range, a total), when the first row with
    /// text was not a header and a later one within `maxPreambleRows` was (ClinicSense's 7 lines).
    private(set) var preamble: (first: Int, last: Int, total: Int?)?
    /// The most rows above a header that a preamble may hold.
    static let maxPreambleRows = 20
    /// 1 for the bytes that end an unquoted field (delimiter, LF, CR).
    private let stops: ByteTable

    var ignored: [String] { binding.ignored }
    var delimiterText: String? { delimiter == 0x09 ? "\\t" : String(Unicode.Scalar(delimiter)) }
    var kind: RecordKind { binding.kind }

    init(file: MappedFile, path: String, options: ImportOptions) throws(ImportError) {
        self.file = file
        self.path = path
        self.limits = options.limits
        var start = 0
        if file.count >= 3 && file.base[0] == 0xEF && file.base[1] == 0xBB && file.base[2] == 0xBF { start = 3 }
        delimiter = CSVSource.detectDelimiter(file.base, from: start, count: file.count)
        stops = ByteTable([delimiter, 0x0A, 0x0D])
        pos = start
        line = 1
        let headerNames = NameTable()
        names = headerNames
        // Header: the first non-blank row; or, when that row is no header, the first of the next
        // rows (a report's preamble: title, date range, totals) that is.
        var row = Row(names: headerNames)
        var found = false
        var h: [String] = []
        var firstError: ImportError?
        var bound: HeaderBinding?
        var rowsTried = 0
        var preambleLines: [(line: Int, text: [String])] = []
        while try CSVSource.scan(file, path, limits, delimiter, stops, &pos, &line, &row, &blankLines) {
            if row.cells.allEmpty { continue }
            found = true
            if options.headerless {
                // No header: name the columns by position and read this row again as a record.
                let names = row.cells.indices.map { "column \($0 + 1)" }
                bound = try HeaderBinding.bind(header: names, options: options, file: path)
                h = names
                pos = row.position.offset
                line = row.position.line
                break
            }
            let candidate = row.cells.indices.map { row.text($0).trimmingCharacters() }
            // A preamble's lines are labels and values (`Date:,10/01/2026 - 10/31/2026`); a header
            // cell never ends with a colon, so such a row is preamble even if its words bind.
            if !preambleLines.isEmpty || rowsTried > 0, candidate.contains(where: { $0.hasSuffix(":") }) {
                preambleLines.append((row.position.line, candidate))
                rowsTried += 1
                if rowsTried > CSVSource.maxPreambleRows { break }
                continue
            }
            do {
                bound = try HeaderBinding.bind(header: candidate, options: options, file: path)
                h = candidate
                break
            } catch {
                guard case .unknownHeader = error else { throw error }
                if firstError == nil { firstError = error }
                preambleLines.append((row.position.line, candidate))
                rowsTried += 1
                if rowsTried > CSVSource.maxPreambleRows { break }
            }
        }
        guard found else { throw .empty(file: path) }
        // No header within the preamble's reach: the first row's error names what it lacks.
        guard let binding = bound else { throw firstError ?? .empty(file: path) }
        if let first = preambleLines.first, let last = preambleLines.last {
            preamble = (first.line, last.line, CSVSource.statedTotal(preambleLines.map(\.text)))
        }
        header = h
        for (i, n) in h.enumerated() {
            // Two columns may share a name; cells refer to columns by index, so keep one entry each.
            if headerNames.add(n) != Int32(i) { headerNames.names.append(n) }
        }
        self.binding = binding
        dataStart = pos
        dataStartLine = line
        blankLines = 0
    }

    /// The row count a preamble states (`Total Appointments:,42`, `Total: 42`), if any.
    static func statedTotal(_ rows: [[String]]) -> Int? {
        for cells in rows {
            let joined = cells.filter { !$0.isEmpty }.joined(separator: " ")
            guard joined.lowercased().hasPrefix("total"), let colon = joined.firstIndex(of: ":") else { continue }
            let rest = String(joined[joined.index(after: colon)...]).trimmingCharacters()
            if let n = Int(rest) { return n }
        }
        return nil
    }

    mutating func rewind() throws(ImportError) {
        pos = dataStart
        line = dataStartLine
        blankLines = 0
        file.rewind()
    }

    func releaseBehind() { file.release(upTo: pos) }

    mutating func next(into row: inout Row) throws(ImportError) -> Bool {
        while true {
            guard try CSVSource.scan(file, path, limits, delimiter, stops, &pos, &line, &row, &blankLines) else { return false }
            let rowStart = row.position.offset, rowLine = row.position.line
            if row.cells.allEmpty {
                blankLines += 1
                continue
            }
            finish(&row, offset: rowStart, line: rowLine)
            return true
        }
    }

    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError) {
        var p = position.offset, l = position.line, blanks = 0
        _ = try CSVSource.scan(file, path, limits, delimiter, stops, &p, &l, &row, &blanks)
        finish(&row, offset: position.offset, line: position.line)
    }

    private func finish(_ row: inout Row, offset: Int, line: Int) {
        row.kind = binding.kind
        row.position = RowPosition(offset: offset, line: line, kind: binding.kind)
        row.names = names
        row.fieldCell.assign(binding.fieldColumn)
        if row.problem == nil && row.cells.count != header.count {
            row.problem = (.fieldCount, "the row has \(row.cells.count) field\(row.cells.count == 1 ? "" : "s"); "
                + "the header has \(header.count) (an unquoted \(delimiterText ?? ",") or line break inside a value?)")
        }
    }

    /// The first `rows` non-blank rows (the header first) as trimmed text, without binding the
    /// header to a kind (`relief mapping suggest`).
    static func peek(file: MappedFile, path: String, rows: Int) throws(ImportError) -> [[String]] {
        var start = 0
        if file.count >= 3 && file.base[0] == 0xEF && file.base[1] == 0xBB && file.base[2] == 0xBF { start = 3 }
        let delimiter = detectDelimiter(file.base, from: start, count: file.count)
        let stops = ByteTable([delimiter, 0x0A, 0x0D])
        var pos = start, line = 1, blanks = 0
        var row = Row(names: NameTable())
        var out: [[String]] = []
        while out.count < rows, try scan(file, path, ImportLimits(), delimiter, stops, &pos, &line, &row, &blanks) {
            if row.cells.allEmpty { continue }
            out.append(row.cells.indices.map { row.text($0).trimmingCharacters() })
        }
        return out
    }

    /// The most frequent of `,` `;` tab in the first line, outside quotes.
    static func detectDelimiter(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> UInt8 {
        var comma = 0, semicolon = 0, tab = 0
        var inQuotes = false
        var i = start
        while i < n {
            let c = p[i]
            if c == 0x22 { inQuotes.toggle() } else if !inQuotes {
                if c == 0x0A || c == 0x0D {
                    if comma + semicolon + tab > 0 { break }
                } else if c == 0x2C { comma += 1 } else if c == 0x3B { semicolon += 1 } else if c == 0x09 { tab += 1 }
            }
            i += 1
        }
        if semicolon > comma && semicolon >= tab { return 0x3B }
        if tab > comma && tab > semicolon { return 0x09 }
        return 0x2C
    }

    /// Scans one row from `pos` into `row.cells` (name = column index). Returns false at the end of the file.
    /// Blank lines before the row are skipped and counted.
    @inline(__always)
    static func scan(_ file: MappedFile, _ path: String, _ limits: ImportLimits, _ delim: UInt8, _ stops: ByteTable,
                             _ pos: inout Int, _ line: inout Int, _ row: inout Row, _ blanks: inout Int)
        throws(ImportError) -> Bool {
        let p = file.base
        let end = file.count
        row.clear()
        row.base = p
        var i = pos
        // Blank lines.
        while i < end {
            let c = p[i]
            if c == 0x0A { line += 1; blanks += 1; i += 1 } else if c == 0x0D {
                line += 1; blanks += 1; i += 1
                if i < end && p[i] == 0x0A { i += 1 }
            } else { break }
        }
        if i >= end { pos = i; return false }
        let rowLine = line
        row.position.offset = i
        row.position.line = line
        var column: Int32 = 0
        while true {
            if Int(column) >= limits.maxColumns {
                throw .limitExceeded(file: path, line: rowLine, what: "a row with more than \(limits.maxColumns) fields",
                                     limit: limits.maxColumns)
            }
            var c: UInt8 = 0
            if i < end && p[i] == 0x22 {
                // Quoted field.
                let openLine = line
                i += 1
                let start = i
                var hasDoubled = false
                var closed = false
                while i < end {
                    let b = p[i]
                    if b == 0x22 {
                        if i + 1 < end && p[i + 1] == 0x22 { hasDoubled = true; i += 2; continue }
                        closed = true
                        break
                    }
                    if b == 0x0A { line += 1 } else if b == 0x0D && (i + 1 >= end || p[i + 1] != 0x0A) { line += 1 }
                    i += 1
                }
                guard closed else {
                    if i - start > limits.maxFieldBytes {
                        throw .limitExceeded(file: path, line: openLine, what: "a field", limit: limits.maxFieldBytes)
                    }
                    throw .unterminatedQuote(file: path, line: openLine)
                }
                let length = i - start
                if length > limits.maxFieldBytes {
                    throw .limitExceeded(file: path, line: openLine, what: "a field", limit: limits.maxFieldBytes)
                }
                i += 1  // closing quote
                if hasDoubled {
                    let s = row.scratch.count
                    var k = start
                    while k < start + length {
                        row.scratch.append(p[k])
                        k += p[k] == 0x22 ? 2 : 1
                    }
                    row.cells.append(Cell(start: s, count: row.scratch.count - s, name: column, inScratch: true))
                } else {
                    row.cells.append(Cell(start: start, count: length, name: column))
                }
                if i < end {
                    c = p[i]
                    if c != delim && c != 0x0A && c != 0x0D {
                        if row.problem == nil {
                            row.problem = (.syntax, "text after the closing quote of field \(column + 1); "
                                + "a quote inside a quoted field is written twice (\"\")")
                        }
                        while i < end && p[i] != delim && p[i] != 0x0A && p[i] != 0x0D { i += 1 }
                        c = i < end ? p[i] : 0
                    }
                }
            } else {
                let start = i
                let table = stops.pointer
                // Stop one byte past the limit: a 2 GB field is refused after 10 MB, not after paging in 2 GB.
                let stop = min(end, start + limits.maxFieldBytes + 1)
                while i < stop && table[Int(p[i])] == 0 { i += 1 }
                let length = i - start
                if length > limits.maxFieldBytes {
                    throw .limitExceeded(file: path, line: rowLine, what: "a field", limit: limits.maxFieldBytes)
                }
                row.cells.append(Cell(start: start, count: length, name: column))
            }
            column += 1
            if i >= end { break }
            c = p[i]
            i += 1
            if c == delim { continue }
            if c == 0x0D && i < end && p[i] == 0x0A { i += 1 }
            line += 1
            break
        }
        pos = i
        return true
    }
}

/// A 256-entry membership table for bytes.
final class ByteTable {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    init(_ members: [UInt8]) {
        pointer.initialize(repeating: 0, count: 256)
        for m in members { pointer[Int(m)] = 1 }
    }
    deinit { pointer.deallocate() }
}
