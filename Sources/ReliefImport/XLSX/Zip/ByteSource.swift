#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an archive's bytes come from: a file read with `pread` (nothing is held in
/// memory but the chunk being inflated), a file ReliefImport has already mapped, or bytes
/// already in memory.
///
/// The file descriptor is opened once, never moved (`pread` takes an offset) and closed
/// when the last reference goes, so one source can be shared between threads.
final class ByteSource: @unchecked Sendable {
    private enum Storage {
        case file(Int32)
        case memory([UInt8])
        case mapped(MappedFile)
    }

    private let storage: Storage
    /// The size in bytes.
    let count: Int64

    /// Opens a file for reading.
    ///
    /// - Throws: `XLSXError.unreadable` when the file cannot be opened or is a folder.
    init(path: String, name: String) throws(XLSXError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(file: name, reason: String(cString: strerror(errno)))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .unreadable(file: name, reason: reason)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .unreadable(file: name, reason: "it is not a regular file")
        }
        storage = .file(fd)
        count = Int64(st.st_size)
    }

    /// Wraps bytes already in memory.
    init(bytes: [UInt8]) {
        storage = .memory(bytes)
        count = Int64(bytes.count)
    }

    /// Reads a file already mapped (or read whole) by `MappedFile`; the mapping is only read,
    /// so the inflating thread and the scanning thread may share it.
    init(file: MappedFile) {
        storage = .mapped(file)
        count = Int64(file.count)
    }

    deinit {
        if case .file(let fd) = storage { close(fd) }
    }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer`; returns how many were read
    /// (fewer only at the end of the source).
    ///
    /// - Throws: `XLSXError.unreadable` on an I/O error.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer, name: String) throws(XLSXError) -> Int {
        guard offset >= 0, offset <= count, let base = buffer.baseAddress else { return 0 }
        let wanted = Int(min(Int64(buffer.count), count - offset))
        switch storage {
        case .memory(let bytes):
            bytes.withUnsafeBytes { src in
                if let s = src.baseAddress, wanted > 0 {
                    base.copyMemory(from: s + Int(offset), byteCount: wanted)
                }
            }
            return wanted
        case .mapped(let file):
            if wanted > 0 { base.copyMemory(from: file.base + Int(offset), byteCount: wanted) }
            return wanted
        case .file(let fd):
            var done = 0
            while done < wanted {
                let n = pread(fd, base + done, wanted - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .unreadable(file: name, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                done += n
            }
            return done
        }
    }

    /// Reads exactly `length` bytes at `offset`, or fewer when the source ends first.
    ///
    /// - Throws: `XLSXError.unreadable` on an I/O error.
    func bytes(at offset: Int64, length: Int, name: String) throws(XLSXError) -> [UInt8] {
        guard length > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: length)
        let result = out.withUnsafeMutableBytes { buf in
            Result { () throws(XLSXError) -> Int in try read(at: offset, into: buf, name: name) }
        }
        let n = try result.get()
        if n < length { out.removeLast(length - n) }
        return out
    }
}
