/// The central directory of a zip archive, read with bounds checks on every field.
///
/// Only what an .xlsx reader needs: the entries' names, sizes and offsets (ZIP64 records
/// included), looked up by path. Entries are unpacked by `ZipInflater`.
struct ZipArchive: Sendable {
    /// The bytes of the archive.
    let source: ByteSource
    /// The file name used in errors.
    let name: String
    /// The entries in central-directory order.
    let entries: [ZipEntry]
    private let byPath: [String: Int]
    private let byLowercasedPath: [String: Int]

    /// Reads the central directory.
    ///
    /// - Throws: `XLSXError.legacyXLS` for an OLE2 file, `.notXLSX` for anything that is not
    ///   a zip archive, `.damaged` for a zip whose directory is inconsistent,
    ///   `.tooManyEntries` past `limits.maxEntries`, `.tooLarge` when the declared sizes
    ///   already add up to more than `limits.maxUncompressedBytes`.
    init(source: ByteSource, name: String, limits: XLSXLimits) throws(XLSXError) {
        self.source = source
        self.name = name
        let head = try source.bytes(at: 0, length: 8, name: name)
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] { throw .legacyXLS(file: name) }
        if head.count < 4 || head[0] != 0x50 || head[1] != 0x4B {
            throw .notXLSX(file: name, reason: head.isEmpty ? "the file is empty" : "it is not a zip archive")
        }
        if head[2] == 0x05 && head[3] == 0x06 { throw .notXLSX(file: name, reason: "the zip archive is empty") }
        guard head[2] == 0x03, head[3] == 0x04 else {
            throw .notXLSX(file: name, reason: "it is not a zip archive")
        }

        // The end-of-central-directory record: within the last 22 + 65,535 bytes.
        let tailLength = Int(min(source.count, 22 + 65_535))
        let tailStart = source.count - Int64(tailLength)
        let tail = try source.bytes(at: tailStart, length: tailLength, name: name)
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 0x05 && tail[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else {
            throw .damaged(file: name, part: nil, reason: "the zip archive has no central directory (the file may be cut short)")
        }
        var entryCount = Int64(ZipArchive.u16(tail, eocd + 10))
        var directorySize = Int64(ZipArchive.u32(tail, eocd + 12))
        var directoryOffset = Int64(ZipArchive.u32(tail, eocd + 16))

        // ZIP64: the locator sits just before the end record.
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            let locator = eocd - 20
            guard locator >= 0, ZipArchive.u32(tail, locator) == 0x0706_4B50 else {
                throw .damaged(file: name, part: nil, reason: "the ZIP64 directory locator is missing")
            }
            let recordOffset = ZipArchive.u64(tail, locator + 8)
            guard recordOffset >= 0, recordOffset <= source.count - 56 else {
                throw .damaged(file: name, part: nil, reason: "the ZIP64 directory is out of range")
            }
            let record = try source.bytes(at: recordOffset, length: 56, name: name)
            guard record.count == 56, ZipArchive.u32(record, 0) == 0x0606_4B50 else {
                throw .damaged(file: name, part: nil, reason: "the ZIP64 directory record is damaged")
            }
            entryCount = ZipArchive.u64(record, 32)
            directorySize = ZipArchive.u64(record, 40)
            directoryOffset = ZipArchive.u64(record, 48)
        }
        guard entryCount >= 0, entryCount <= Int64(limits.maxEntries) else {
            throw .tooManyEntries(file: name, count: Int(clamping: entryCount), limit: limits.maxEntries)
        }
        guard directoryOffset >= 0, directorySize >= 0, directorySize <= source.count,
              directoryOffset <= source.count - directorySize,
              directorySize >= entryCount * 46 else {
            throw .damaged(file: name, part: nil, reason: "the zip central directory is out of range")
        }

        let directory = try source.bytes(at: directoryOffset, length: Int(directorySize), name: name)
        var list: [ZipEntry] = []
        list.reserveCapacity(Int(entryCount))
        var declaredTotal: Int64 = 0
        var p = 0
        for _ in 0..<entryCount {
            guard p + 46 <= directory.count, ZipArchive.u32(directory, p) == 0x0201_4B50 else {
                throw .damaged(file: name, part: nil, reason: "the zip central directory is damaged")
            }
            let flags = ZipArchive.u16(directory, p + 8)
            let method = ZipArchive.u16(directory, p + 10)
            let crc = ZipArchive.u32(directory, p + 16)
            var compressed = Int64(ZipArchive.u32(directory, p + 20))
            var uncompressed = Int64(ZipArchive.u32(directory, p + 24))
            let nameLength = Int(ZipArchive.u16(directory, p + 28))
            let extraLength = Int(ZipArchive.u16(directory, p + 30))
            let commentLength = Int(ZipArchive.u16(directory, p + 32))
            var offset = Int64(ZipArchive.u32(directory, p + 42))
            let nameStart = p + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directory.count else {
                throw .damaged(file: name, part: nil, reason: "the zip central directory is cut short")
            }
            let path = String(decoding: directory[nameStart..<extraStart], as: UTF8.self)
            // ZIP64 extra field: the 64-bit values for the fields saturated above, in order.
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                var e = extraStart
                let end = extraStart + extraLength
                while e + 4 <= end {
                    let tag = ZipArchive.u16(directory, e)
                    let size = Int(ZipArchive.u16(directory, e + 2))
                    guard e + 4 + size <= end else { break }
                    if tag == 0x0001 {
                        var q = e + 4
                        if uncompressed == 0xFFFF_FFFF, q + 8 <= e + 4 + size {
                            uncompressed = ZipArchive.u64(directory, q); q += 8
                        }
                        if compressed == 0xFFFF_FFFF, q + 8 <= e + 4 + size {
                            compressed = ZipArchive.u64(directory, q); q += 8
                        }
                        if offset == 0xFFFF_FFFF, q + 8 <= e + 4 + size {
                            offset = ZipArchive.u64(directory, q)
                        }
                        break
                    }
                    e += 4 + size
                }
            }
            guard compressed >= 0, uncompressed >= 0, offset >= 0, offset <= source.count,
                  compressed <= source.count else {
                throw .damaged(file: name, part: path, reason: "the entry's sizes are out of range")
            }
            let (sum, overflow) = declaredTotal.addingReportingOverflow(uncompressed)
            declaredTotal = overflow ? .max : sum
            if declaredTotal > limits.maxUncompressedBytes {
                throw .tooLarge(file: name, part: path, bytes: declaredTotal, limit: limits.maxUncompressedBytes)
            }
            list.append(ZipEntry(path: path, method: method, flags: flags, crc32: crc,
                                 compressedSize: compressed, uncompressedSize: uncompressed,
                                 localHeaderOffset: offset))
            p = next
        }
        entries = list
        var exact: [String: Int] = [:]
        var lower: [String: Int] = [:]
        for (index, entry) in list.enumerated() {
            if exact[entry.path] == nil { exact[entry.path] = index }
            let folded = entry.path.lowercased()
            if lower[folded] == nil { lower[folded] = index }
        }
        byPath = exact
        byLowercasedPath = lower
    }

    /// The entry at `path` (a leading `/` is ignored; case is ignored when no exact match).
    func entry(_ path: String) -> ZipEntry? {
        let key = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if let i = byPath[key] { return entries[i] }
        if let i = byLowercasedPath[key.lowercased()] { return entries[i] }
        return nil
    }

    /// Where the entry's packed bytes start: after its local header.
    ///
    /// - Throws: `XLSXError.damaged` when the local header is missing or out of range.
    func dataOffset(of entry: ZipEntry) throws(XLSXError) -> Int64 {
        let header = try source.bytes(at: entry.localHeaderOffset, length: 30, name: name)
        guard header.count == 30, ZipArchive.u32(header, 0) == 0x0403_4B50 else {
            throw .damaged(file: name, part: entry.path, reason: "the entry's local header is missing")
        }
        let start = entry.localHeaderOffset + 30
            + Int64(ZipArchive.u16(header, 26)) + Int64(ZipArchive.u16(header, 28))
        guard start <= source.count, entry.compressedSize <= source.count - start else {
            throw .damaged(file: name, part: entry.path, reason: "the entry runs past the end of the file (the file may be cut short)")
        }
        return start
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// A little-endian 64-bit field, saturated to `Int64.max` (such sizes are refused later).
    static func u64(_ b: [UInt8], _ i: Int) -> Int64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
        return v > UInt64(Int64.max) ? Int64.max : Int64(v)
    }
}
