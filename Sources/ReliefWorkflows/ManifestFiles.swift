import Foundation
import ReliefFiles

/// The month's manifest.json, shard manifests and index.html, written a report at a time, so
/// that a month's memory does not grow with its reports: each report's entry is printed once,
/// as it is rendered (`PrintedEntry`), kept in an `EntrySpool` file instead of in memory, and
/// copied into the files at the end.
///
/// The bytes are exactly those `JSONEncoder` (pretty-printed, keys sorted, slashes unescaped)
/// gives for the whole manifest (`ManifestFilesTests` compares the two), so `make reports`,
/// `relief report merge` and the sample-report checks read the same files as before. (Holding
/// every entry until the end, and then encoding the whole manifest at once, made a 20,000-client
/// month grow ~1.4 KB a report and spike ~30 MB at its end: docs/performance.md.)
enum ManifestFiles {
    /// How each entry, and the wrapper around the entries, are printed.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// What the wrapper prints for its empty `reports` array; the entries go in between its two
    /// line breaks. A string value never holds a raw line break, so only the key matches.
    private static let emptyReports = Array("\"reports\" : [\n\n  ]".utf8)

    /// Writes `wrapper`, whose `reports` array is empty, with the entries `entries` gives (each
    /// `PrintedEntry.json`, passed to its `emit` in order) in that array, to `path` whole and
    /// owner-only: the bytes `encoder()` gives for the wrapper holding those entries.
    /// - Throws: `WorkflowError.cannotWrite`, or what `entries` throws.
    static func write(_ wrapper: some Encodable, to path: String,
                      entries: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        let bytes = [UInt8](try encoder().encode(wrapper))
        guard let at = firstRange(of: emptyReports, in: bytes) else {
            throw WorkflowError.cannotWrite(path: path, reason: "the manifest has no empty reports array to fill")
        }
        let split = at + "\"reports\" : [\n".utf8.count
        try write(to: path) { file in
            try file.add(bytes[..<split])
            var first = true
            try entries { json in
                if !first { try file.add(",\n".utf8) }
                first = false
                try file.add(indented(json, by: 4))
            }
            try file.add(bytes[split...])
        }
    }

    /// Writes the file at `path` whole and owner-only (`AtomicFileWriter`), from what `body` adds,
    /// in chunks of about 64 KB.
    /// - Throws: `WorkflowError.cannotWrite`, or what `body` throws.
    static func write(to path: String, _ body: (ChunkedFile) throws -> Void) throws {
        let file = ChunkedFile(try writing { try AtomicFileWriter(path: path) })
        try body(file)
        try file.flush()
        try writing { try file.writer.commit() }
    }

    /// An `AtomicFileWriter` fed in small pieces, written in chunks.
    final class ChunkedFile {
        let writer: AtomicFileWriter
        private var buffer: [UInt8] = []

        init(_ writer: AtomicFileWriter) {
            self.writer = writer
            buffer.reserveCapacity(1 << 16)
        }

        func add(_ bytes: some Sequence<UInt8>) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 16 { try flush() }
        }

        func flush() throws {
            guard !buffer.isEmpty else { return }
            try writing { try writer.write(buffer) }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// `json` with `spaces` more at the start of each line that is not empty (`JSONEncoder` prints
    /// an empty array or object with an empty line inside, unindented).
    static func indented(_ json: [UInt8], by spaces: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + json.count / 8)
        var lineStart = true
        for byte in json {
            if lineStart && byte != UInt8(ascii: "\n") { out += repeatElement(UInt8(ascii: " "), count: spaces) }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        return out
    }

    /// Where `needle` first starts in `haystack`.
    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}

/// A report's manifest entry as the month's files print it: its JSON, as `JSONEncoder` prints it
/// alone, and its line of index.html.
struct PrintedEntry: Sendable {
    var json: [UInt8]
    var indexLine: String

    init(_ entry: ReportManifest.Entry) throws {
        json = [UInt8](try ManifestFiles.encoder().encode(entry))
        indexLine = IndexPage.line(entry)
    }

    /// A printed entry as read back from a spool.
    init(json: [UInt8], indexLine: String) {
        self.json = json; self.indexLine = indexLine
    }
}

/// The printed entries of a month's reports, by position (the clinic reports first, then the
/// clients in slice order), kept in an unnamed file beside the reports instead of in memory:
/// 8 bytes of memory a report. Entries are put from any thread, in any order; `forEach` gives
/// them in position order, skipping positions that have none (a report that failed).
///
/// The file is created without a name (Linux's `O_TMPFILE`), or named and at once unlinked
/// where the file system cannot, so it is gone when the spool is, even after a crash; it is
/// readable by its owner only, as the reports are.
final class EntrySpool: @unchecked Sendable {
    // `offsets`, `end` and the file's contents change only while `lock` is held.
    private let lock = NSLock()
    private let fd: Int32
    private var offsets: [Int64]
    private var end: Int64 = 0
    let folder: String

    /// A spool for `count` positions, its file in `folder`.
    /// - Throws: `WorkflowError.cannotWrite`.
    init(count: Int, folder: String) throws {
        self.folder = folder
        offsets = [Int64](repeating: -1, count: count)
        var fd = open(folder, SystemCalls.unnamedFile | O_RDWR | O_CLOEXEC, 0o600)
        if fd < 0 {
            let path = folder + "/.report-entries-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { unlink(path) }
        }
        guard fd >= 0 else { throw WorkflowError.cannotWrite(path: folder, reason: "cannot create a working file: " + SystemCalls.errnoText()) }
        self.fd = fd
    }

    deinit { _ = SystemCalls.close(fd) }

    /// The number of entries put.
    var count: Int { lock.withLock { offsets.count { $0 >= 0 } } }

    /// Whether an entry was put at `position`.
    func has(_ position: Int) -> Bool { lock.withLock { offsets[position] >= 0 } }

    /// Keeps `entry` as the one at `position`.
    /// - Throws: `WorkflowError.cannotWrite`.
    func put(_ entry: PrintedEntry, at position: Int) throws {
        let line = Array(entry.indexLine.utf8)
        var record: [UInt8] = []
        record.reserveCapacity(8 + entry.json.count + line.count)
        for part in [entry.json, line] {
            withUnsafeBytes(of: UInt32(part.count).littleEndian) { record += $0 }
        }
        record += entry.json; record += line
        // Appended at the file's position, which only this (under the lock) moves: `end`.
        try lock.withLock {
            guard record.withUnsafeBytes({ SystemCalls.writeAll(fd, $0.baseAddress!, $0.count) }) else {
                throw WorkflowError.cannotWrite(path: folder, reason: "cannot keep a report's entry: " + SystemCalls.errnoText())
            }
            offsets[position] = end
            end += Int64(record.count)
        }
    }

    /// The entries in position order.
    /// - Throws: `WorkflowError.cannotWrite` when the file cannot be read back, or what `body` throws.
    func forEach(_ body: (PrintedEntry) throws -> Void) throws {
        let offsets = lock.withLock { self.offsets }
        for offset in offsets where offset >= 0 {
            let sizes = try read(8, at: offset).withUnsafeBytes { raw in
                (0..<2).map { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
            let bytes = try read(sizes[0] + sizes[1], at: offset + 8)
            try body(PrintedEntry(json: Array(bytes[..<sizes[0]]),
                                  indexLine: String(decoding: bytes[sizes[0]...], as: UTF8.self)))
        }
    }

    private func read(_ count: Int, at offset: Int64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || out.withUnsafeMutableBytes({ SystemCalls.readAll(fd, $0.baseAddress!, count, at: offset) }) else {
            throw WorkflowError.cannotWrite(path: folder, reason: "cannot read back a report's entry: " + SystemCalls.errnoText())
        }
        return out
    }
}
