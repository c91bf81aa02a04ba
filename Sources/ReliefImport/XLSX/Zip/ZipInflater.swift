import CZlib

/// Unpacks one zip entry in chunks, counting every byte against the limits as it goes.
///
/// Declared sizes are never trusted alone: the packed bytes read are capped at the
/// declared packed size, the unpacked bytes are counted as zlib produces them, and the
/// read stops as soon as a count passes a limit or the declared unpacked size, so a
/// "zip bomb" costs at most one chunk past its limit. At the end the size and CRC-32 must
/// match the directory, or the entry is reported as damaged.
struct ZipInflater {
    /// The archive the entry belongs to.
    let archive: ZipArchive
    /// The bounds to enforce.
    let limits: XLSXLimits
    /// Bytes per packed read and per unpacked chunk.
    var chunkSize = 1 << 16

    /// Unpacks `entry`, passing each chunk of unpacked bytes to `consumer` in order.
    ///
    /// `total` is the running count of bytes unpacked from this workbook so far; it is
    /// raised by this entry's size.
    ///
    /// `output`, when given, supplies the buffer each deflated chunk is unpacked into
    /// (`InflatePipeline` hands its buffers to the other thread without copying them); it is
    /// asked again before every chunk, and the chunk given to `consumer` lies at its start.
    /// Otherwise one buffer of `chunkSize` is reused. (Stored entries always come in the read buffer.)
    ///
    /// - Throws: `XLSXError.tooLarge`, `.compressionRatio`, `.encrypted`, `.damaged`, or
    ///   whatever `output` or `consumer` throws.
    func inflate(
        _ entry: ZipEntry, total: inout Int64,
        output nextOutput: (() throws -> UnsafeMutableBufferPointer<UInt8>)? = nil,
        consumer: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let name = archive.name
        if entry.isEncrypted { throw XLSXError.encrypted(file: name) }
        let start = try archive.dataOffset(of: entry)
        var produced: Int64 = 0
        var crc: UInt = 0

        // Counts `n` new unpacked bytes and stops at any bound.
        func account(_ n: Int) throws(XLSXError) {
            produced += Int64(n)
            total += Int64(n)
            if produced > entry.uncompressedSize {
                throw .damaged(file: name, part: entry.path,
                               reason: "the entry unpacks to more bytes than its header says")
            }
            if total > limits.maxUncompressedBytes {
                throw .tooLarge(file: name, part: entry.path, bytes: total, limit: limits.maxUncompressedBytes)
            }
            if produced > limits.ratioCheckThreshold
                && produced > limits.maxCompressionRatio * max(entry.compressedSize, 1) {
                throw .compressionRatio(file: name, part: entry.path,
                                        ratio: (produced + max(entry.compressedSize, 1) - 1) / max(entry.compressedSize, 1),
                                        limit: limits.maxCompressionRatio)
            }
        }

        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { input.deallocate() }
        var readOffset = start
        let end = start + entry.compressedSize

        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw XLSXError.damaged(file: name, part: entry.path, reason: "a stored entry's sizes disagree")
            }
            while readOffset < end {
                let want = Int(min(Int64(chunkSize), end - readOffset))
                let n = try archive.source.read(at: readOffset, into: UnsafeMutableRawBufferPointer(rebasing: input[0..<want]), name: name)
                guard n == want else {
                    throw XLSXError.damaged(file: name, part: entry.path, reason: "the file is cut short")
                }
                readOffset += Int64(n)
                try account(n)
                let chunk = UnsafeBufferPointer(start: input.baseAddress?.assumingMemoryBound(to: UInt8.self), count: n)
                crc = crc32(crc, chunk.baseAddress, UInt32(n))
                try consumer(chunk)
            }
        case 8:
            let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
            defer { output.deallocate() }
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            defer { stream.deallocate() }
            guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw XLSXError.damaged(file: name, part: entry.path, reason: "cannot start unpacking")
            }
            defer { inflateEnd(stream) }
            var finished = false
            var outputWasFull = false
            while !finished {
                if stream.pointee.avail_in == 0 && !(readOffset == end && outputWasFull) {
                    // zlib may still hold output after the last input when the last chunk
                    // came back full; otherwise no input left means the data ends early.
                    guard readOffset < end else {
                        throw XLSXError.damaged(file: name, part: entry.path, reason: "the packed data ends early (the file may be cut short)")
                    }
                    let want = Int(min(Int64(chunkSize), end - readOffset))
                    let n = try archive.source.read(at: readOffset, into: UnsafeMutableRawBufferPointer(rebasing: input[0..<want]), name: name)
                    guard n == want else {
                        throw XLSXError.damaged(file: name, part: entry.path, reason: "the file is cut short")
                    }
                    readOffset += Int64(n)
                    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    stream.pointee.avail_in = UInt32(n)
                }
                let out = try nextOutput?() ?? output
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                let n = out.count - Int(stream.pointee.avail_out)
                outputWasFull = n == out.count
                switch status {
                case Z_OK, Z_BUF_ERROR:
                    // Z_BUF_ERROR: no progress possible without more input; the loop reads more,
                    // or reports the data as ending early when there is none.
                    if status == Z_BUF_ERROR && n == 0 && stream.pointee.avail_in != 0 {
                        throw XLSXError.damaged(file: name, part: entry.path, reason: "the packed data cannot be unpacked")
                    }
                case Z_STREAM_END:
                    finished = true
                default:
                    throw XLSXError.damaged(file: name, part: entry.path, reason: "the packed data is corrupt")
                }
                if n > 0 {
                    try account(n)
                    crc = crc32(crc, out.baseAddress, UInt32(n))
                    try consumer(UnsafeBufferPointer(start: out.baseAddress, count: n))
                }
            }
        default:
            throw XLSXError.damaged(file: name, part: entry.path,
                                    reason: "it is packed with a method this reader does not know (\(entry.method))")
        }
        guard produced == entry.uncompressedSize else {
            throw XLSXError.damaged(file: name, part: entry.path, reason: "the entry unpacks to fewer bytes than its header says")
        }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw XLSXError.damaged(file: name, part: entry.path, reason: "the entry's checksum does not match")
        }
    }

    /// Unpacks a whole (small) entry into memory.
    ///
    /// - Throws: as `inflate(_:total:consumer:)`.
    func bytes(of entry: ZipEntry, total: inout Int64) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 24)))
        try inflate(entry, total: &total) { out.append(contentsOf: $0) }
        return out
    }
}
