import ReliefCalendar

/// Writes RFC 4180 CSV, to memory or, streaming through a 1 MiB buffer, to an owner-only file
/// that appears whole at `close()` (`AtomicFileWriter`). The project's one CSV writer: rejected
/// rows, exports and the sample clinic's files all go through it.
///
/// A field is quoted when it holds the delimiter, a quote, a line break, or leading/trailing
/// spaces; quotes inside are doubled. Lines end in CRLF (RFC 4180) unless `lineEnding` says
/// otherwise.
///
/// With `neutralizeFormulas`, a cell that a spreadsheet would run as a formula (one starting
/// with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, so opening an export or a rejects
/// file cannot run `=HYPERLINK(…)` or `=cmd|…`. A plain number (`-1`, `+2.5`, `-0,5`) is left
/// alone: spreadsheets read it as a number, not a formula, and prefixing it would turn every
/// negative number into text.
///
/// ```swift
/// var w = CSVWriter(options: .init(neutralizeFormulas: true))
/// w.write(row: ["client_id", "notes"])
/// w.write(row: ["C1", "=1+1"])        // C1,'=1+1
/// w.text                               // "client_id,notes\r\nC1,'=1+1\r\n"
///
/// var f = try CSVWriter(path: "out/sessions.csv", options: .init(lineEnding: "\n"))
/// f.field("S1"); f.field(day: day, minute: 570); f.field(score: 6.5); f.endRow()
/// try f.close()
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
    private var atRowStart = true
    /// The first write error of a file writer; `close()` throws it.
    private var failure: FileError?
    private let delimiter: [UInt8]
    private let lineEnding: [UInt8]

    private static let flushSize = 1 << 20

    /// A writer that keeps its output in memory (`text`, `takeBytes()`).
    public init(options: Options = Options()) {
        self.options = options
        delimiter = Array(String(options.delimiter).utf8)
        lineEnding = Array(options.lineEnding.utf8)
        if options.byteOrderMark { buffer = [0xEF, 0xBB, 0xBF] }
    }

    /// A writer to a file, readable by its owner only (0600): what is written (rejected rows,
    /// exports, the sample clinic) is health data or looks like it. The file appears at `path`,
    /// whole, at `close()`: until then it has no name (`AtomicFileWriter`), and a writer dropped
    /// without `close()` leaves no file and any earlier one at `path` as it was.
    ///
    /// - Throws: `FileError.cannotWrite` when the file cannot be created.
    public init(path: String, options: Options = Options()) throws(FileError) {
        self.init(options: options)
        file = try AtomicFileWriter(path: path)
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    /// The output so far (in-memory writers; for a file writer, what is not yet flushed).
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    /// Hands over the bytes written so far and empties the buffer (in-memory writers that stream).
    public mutating func takeBytes() -> [UInt8] {
        let out = buffer
        buffer.removeAll(keepingCapacity: false)
        return out
    }

    // MARK: - Rows

    /// Appends one row of text fields.
    public mutating func write(row: some Sequence<String>) {
        for field in row { self.field(field) }
        endRow()
    }

    /// Appends one row and writes the buffer out when it is large (file writers).
    ///
    /// - Throws: `FileError.cannotWrite` on a write error; the file is then discarded, and a
    ///   later `close()` has nothing left to do.
    public mutating func write(rowToFile row: some Sequence<String>) throws(FileError) {
        write(row: row)
        if let failure {
            file?.discard()
            file = nil
            self.failure = nil
            buffer.removeAll()
            throw failure
        }
    }

    /// Ends the current row.
    public mutating func endRow() {
        buffer.append(contentsOf: lineEnding)
        atRowStart = true
        if file != nil && buffer.count >= Self.flushSize { flush() }
    }

    // MARK: - Fields

    /// A text field, neutralised and quoted when it must be; `nil` writes an empty field.
    public mutating func field(_ text: String?) {
        separate()
        guard let text else { return }
        // The neutralising `'` goes inside the quotes: it is part of the cell's text.
        let quote = needsQuotes(text)
        if quote { buffer.append(0x22) }
        if options.neutralizeFormulas, Self.needsNeutralizing(text) { buffer.append(UInt8(ascii: "'")) }
        for b in text.utf8 {
            buffer.append(b)
            if b == 0x22 { buffer.append(0x22) }
        }
        if quote { buffer.append(0x22) }
    }

    /// A list field, `;`-separated (data.md's list columns).
    public mutating func field(list: [String]) {
        field(list.joined(separator: ";"))
    }

    /// A whole number; `nil` writes an empty field.
    public mutating func field(_ n: Int?) {
        separate()
        guard let n else { return }
        digits(n)
    }

    /// A score or a day count: multiples of 0.5 as `6` or `6.5`, other values in Swift's
    /// shortest round-trip form; `nil` writes an empty field.
    public mutating func field(score: Double?) {
        separate()
        guard let v = score else { return }
        let twice = v * 2
        if twice == twice.rounded(), abs(twice) < 1e15 {
            let n = Int(twice)
            if n < 0 { buffer.append(UInt8(ascii: "-")) }
            digits(abs(n) / 2)
            if n % 2 != 0 { buffer.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "5")]) }
        } else {
            buffer.append(contentsOf: String(v).utf8)
        }
    }

    /// A date, `YYYY-MM-DD`, or a local date-time `YYYY-MM-DDTHH:MM` when `minute` is given.
    public mutating func field(day: Day, minute: Int? = nil) {
        separate()
        let (y, m, d) = day.civil
        padded(y, 4); buffer.append(UInt8(ascii: "-"))
        padded(m, 2); buffer.append(UInt8(ascii: "-"))
        padded(d, 2)
        if let minute {
            buffer.append(UInt8(ascii: "T"))
            padded(minute / 60, 2); buffer.append(UInt8(ascii: ":"))
            padded(minute % 60, 2)
        }
    }

    // MARK: - Closing

    /// Writes what is buffered and puts the file in place (fsync, rename). In-memory writers:
    /// nothing to do.
    ///
    /// - Throws: `FileError.cannotWrite` on a write or rename error (no file is left then).
    public mutating func close() throws(FileError) {
        guard let file else { return }
        flush()
        self.file = nil
        if let failure {
            file.discard()
            throw failure
        }
        try file.commit()
    }

    private mutating func flush() {
        guard let file, failure == nil, !buffer.isEmpty else { return }
        do throws(FileError) {
            try file.write(buffer)
        } catch {
            failure = error
        }
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: - Escaping

    /// One field as it is written: neutralised if asked, then quoted if needed.
    public static func escape(_ field: String, options: Options = Options()) -> String {
        var w = CSVWriter(options: Options(delimiter: options.delimiter, neutralizeFormulas: options.neutralizeFormulas))
        w.field(field)
        return w.text
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
            if c >= 0x30 && c <= 0x39 {
                if mark { afterMark += 1 } else { digits += 1 }
            } else if (c == UInt8(ascii: ".") || c == UInt8(ascii: ",")) && !mark {
                mark = true
            } else {
                return false
            }
        }
        return digits > 0 && (!mark || afterMark > 0)
    }

    private func needsQuotes(_ f: String) -> Bool {
        let u = f.utf8
        guard let first = u.first, let last = u.last else { return false }
        if first == 0x20 || last == 0x20 { return true }
        if delimiter.count == 1 {
            let d = delimiter[0]
            return u.contains { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == d }
        }
        return u.contains { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D } || f.contains(options.delimiter)
    }

    @inline(__always)
    private mutating func separate() {
        if atRowStart { atRowStart = false } else { buffer.append(contentsOf: delimiter) }
    }

    private mutating func digits(_ n: Int) {
        if n < 0 { buffer.append(UInt8(ascii: "-")); digits(-n); return }
        if n >= 10 { digits(n / 10) }
        buffer.append(UInt8(48 + n % 10))
    }

    private mutating func padded(_ n: Int, _ width: Int) {
        var length = 1
        var x = n
        while x >= 10 { x /= 10; length += 1 }
        for _ in length..<max(length, width) { buffer.append(UInt8(ascii: "0")) }
        digits(n)
    }
}
