import Foundation
import ReliefModel

/// Writes one CSV file row by row through a 1 MiB buffer, never holding the file in memory.
///
/// Fields are quoted per RFC 4180 only when they must be (a comma, a double quote, CR or
/// LF); a quote inside is doubled. Rows end with LF. No byte-order mark.
///
/// The file is written under a temporary name beside the target (`AtomicFileWriter`, 0600)
/// and renamed into place by `finish()`, so a failed run never leaves half a file under the
/// real name.
///
/// ```swift
/// var w = try SampleCSVWriter(path: "out/therapists.csv", header: ["therapist_id", "name"])
/// w.field("T01"); w.field("Anna Kowalska"); w.endRow()
/// try w.finish()
/// ```
struct SampleCSVWriter: ~Copyable {
    let path: String
    private let file: AtomicFileWriter
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var atRowStart = true
    private var failure: ImportError?

    private static let capacity = 1 << 20

    /// - Throws: `SampleError.cannotWrite` when the file cannot be created.
    init(path: String, header: [String]) throws {
        self.path = path
        do {
            file = try AtomicFileWriter(path: path)
        } catch {
            throw SampleError.cannotWrite(path: path, reason: "the file could not be created")
        }
        buffer = .allocate(capacity: Self.capacity)
        for name in header { field(name) }
        endRow()
    }

    /// Frees the buffer; a writer not finished leaves no file (`AtomicFileWriter`).
    deinit { buffer.deallocate() }

    @inline(__always)
    private mutating func byte(_ b: UInt8) {
        if count == Self.capacity { flush() }
        buffer[count] = b
        count += 1
    }

    private mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        if count + source.count > Self.capacity { flush() }
        if source.count > Self.capacity {
            write(UnsafeRawBufferPointer(source))
            return
        }
        if let base = source.baseAddress { (buffer + count).update(from: base, count: source.count) }
        count += source.count
    }

    private mutating func bytes(of text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes($0) }) == nil {
            for b in text.utf8 { byte(b) }
        }
    }

    @inline(__always)
    private mutating func separate() {
        if atRowStart { atRowStart = false } else { byte(UInt8(ascii: ",")) }
    }

    /// A text field, quoted when it must be; `nil` writes an empty field.
    mutating func field(_ text: String?) {
        separate()
        guard let text else { return }
        if !text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            bytes(of: text)
            return
        }
        byte(0x22)
        for b in text.utf8 {
            byte(b)
            if b == 0x22 { byte(0x22) }
        }
        byte(0x22)
    }

    /// A list field, `;`-separated (data.md's list columns). Items hold no comma or quote.
    mutating func field(list: [String]) {
        separate()
        for (i, item) in list.enumerated() {
            if i > 0 { byte(UInt8(ascii: ";")) }
            bytes(of: item)
        }
    }

    /// A whole number.
    mutating func field(_ n: Int?) {
        separate()
        guard let n else { return }
        digits(n)
    }

    /// A score or a day count in multiples of 0.5: `6`, `6.5`. Other values are written with
    /// Swift's shortest round-trip form.
    mutating func field(score: Double?) {
        separate()
        guard let v = score else { return }
        let twice = v * 2
        if twice == twice.rounded(), abs(twice) < 1e15 {
            let n = Int(twice)
            if n < 0 { byte(UInt8(ascii: "-")) }
            digits(abs(n) / 2)
            if n % 2 != 0 { byte(UInt8(ascii: ".")); byte(UInt8(ascii: "5")) }
        } else {
            bytes(of: String(v))
        }
    }

    /// A date, `YYYY-MM-DD`, or a local date-time `YYYY-MM-DDTHH:MM` when `minute` is given.
    mutating func field(day: Day, minute: Int? = nil) {
        separate()
        let (y, m, d) = day.civil
        padded(y, 4); byte(UInt8(ascii: "-"))
        padded(m, 2); byte(UInt8(ascii: "-"))
        padded(d, 2)
        if let minute {
            byte(UInt8(ascii: "T"))
            padded(minute / 60, 2); byte(UInt8(ascii: ":"))
            padded(minute % 60, 2)
        }
    }

    /// Ends the row with LF.
    mutating func endRow() {
        byte(0x0A)
        atRowStart = true
    }

    /// Writes what is left and moves the file into place.
    /// - Throws: `SampleError.cannotWrite` with the system's reason.
    mutating func finish() throws {
        flush()
        do throws(ImportError) {
            if let failure { throw failure }
            try file.commit()
        } catch {
            file.discard()
            throw SampleError.cannotWrite(path: path, reason: error.description)
        }
    }

    private mutating func flush() {
        write(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    private mutating func write(_ raw: UnsafeRawBufferPointer) {
        guard raw.count > 0, failure == nil else { return }
        do {
            try file.write(raw)
        } catch {
            failure = error
        }
    }

    private mutating func digits(_ n: Int) {
        if n < 0 { byte(UInt8(ascii: "-")); digits(-n); return }
        if n >= 10 { digits(n / 10) }
        byte(UInt8(48 + n % 10))
    }

    private mutating func padded(_ n: Int, _ width: Int) {
        var length = 1
        var x = n
        while x >= 10 { x /= 10; length += 1 }
        for _ in length..<max(length, width) { byte(UInt8(ascii: "0")) }
        digits(n)
    }
}
