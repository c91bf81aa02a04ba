#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes RFC 4180 CSV: a field is quoted when it holds the delimiter, a quote, a
/// line break, or leading/trailing spaces; quotes inside are doubled. Lines end in
/// CRLF (RFC 4180) unless `lineEnding` says otherwise.
///
/// With `neutralizeFormulas`, a cell that a spreadsheet would run as a formula
/// (one starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, so opening
/// an export or a rejects file cannot run `=HYPERLINK(…)` or `=cmd|…`. A plain
/// number (`-1`, `+2.5`, `-0,5`) is left alone: spreadsheets read it as a number,
/// not a formula, and prefixing it would turn every negative number into text.
///
/// ```swift
/// var w = CSVWriter(options: .init(neutralizeFormulas: true))
/// w.write(row: ["client_id", "notes"])
/// w.write(row: ["C1", "=1+1"])        // C1,'=1+1
/// w.text                               // "client_id,notes\r\nC1,'=1+1\r\n"
/// ```
public struct CSVWriter {
    public struct Options: Sendable, Hashable {
        public var delimiter: Character = ","
        public var neutralizeFormulas = false
        public var lineEnding = "\r\n"
        /// Write a UTF-8 byte order mark first (some spreadsheets need it to read UTF-8).
        public var byteOrderMark = false
        public init(delimiter: Character = ",", neutralizeFormulas: Bool = false, lineEnding: String = "\r\n",
                    byteOrderMark: Bool = false) {
            self.delimiter = delimiter; self.neutralizeFormulas = neutralizeFormulas
            self.lineEnding = lineEnding; self.byteOrderMark = byteOrderMark
        }
    }

    public let options: Options
    private var buffer: [UInt8] = []
    private var file: AtomicFileWriter?

    /// A writer that keeps its output in memory (`text`).
    public init(options: Options = Options()) {
        self.options = options
        if options.byteOrderMark { buffer = [0xEF, 0xBB, 0xBF] }
    }

    /// A writer to a file, readable by its owner only (0600): what is written (rejected rows,
    /// exports) is health data. The file appears at `path`, whole, at `close()`: until then
    /// it has no name (`AtomicFileWriter`), and a writer dropped without `close()` leaves no
    /// file and any earlier one at `path` as it was.
    ///
    /// - Throws: `ImportError.unreadable` when the file cannot be created.
    public init(path: String, options: Options = Options()) throws(ImportError) {
        self.options = options
        file = try AtomicFileWriter(path: path)
        if options.byteOrderMark { buffer = [0xEF, 0xBB, 0xBF] }
    }

    /// The output so far (in-memory writers; for a file writer, what is not yet flushed).
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    /// Hands over the bytes written so far and empties the buffer (in-memory writers that stream).
    public mutating func takeBytes() -> [UInt8] {
        let out = buffer
        buffer.removeAll(keepingCapacity: false)
        return out
    }

    /// Appends one row.
    public mutating func write(row: some Sequence<String>) {
        var first = true
        for field in row {
            if !first { buffer.append(contentsOf: String(options.delimiter).utf8) }
            first = false
            buffer.append(contentsOf: CSVWriter.escape(field, options: options).utf8)
        }
        buffer.append(contentsOf: options.lineEnding.utf8)
    }

    /// Appends one row and writes the buffer out when it is large (file writers).
    ///
    /// - Throws: `ImportError.unreadable` on a write error.
    public mutating func write(rowToFile row: some Sequence<String>) throws(ImportError) {
        write(row: row)
        if file != nil && buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered and puts the file in place (fsync, rename).
    ///
    /// - Throws: `ImportError.unreadable` on a write or rename error (no file is left then).
    public mutating func close() throws(ImportError) {
        guard let file else { return }
        try flush()
        self.file = nil
        try file.commit()
    }

    private mutating func flush() throws(ImportError) {
        defer { if file?.isFinished == true { file = nil } }   // a failed write discarded it
        try file?.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// One field as it is written: neutralised if asked, then quoted if needed.
    public static func escape(_ field: String, options: Options = Options()) -> String {
        var f = field
        if options.neutralizeFormulas, needsNeutralizing(f) { f = "'" + f }
        let needsQuotes = f.utf8.contains { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || f.contains(options.delimiter)
            || f.first == " " || f.last == " "
        guard needsQuotes else { return f }
        var out = "\""
        for ch in f {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        return out + "\""
    }

    /// True for text a spreadsheet would evaluate: starts with = + - @ tab or CR, and is not a plain number.
    public static func needsNeutralizing(_ field: String) -> Bool {
        guard let first = field.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(field)
        default: return false
        }
    }

    /// `[+-]digits[(.|,)digits]`
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if let f = u.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { u = u.dropFirst() }
        var digits = 0, mark = false, afterMark = 0
        for c in u {
            if isDigit(c) { if mark { afterMark += 1 } else { digits += 1 } } else if (c == UInt8(ascii: ".") || c == UInt8(ascii: ",")) && !mark { mark = true } else { return false }
        }
        return digits > 0 && (!mark || afterMark > 0)
    }
}
