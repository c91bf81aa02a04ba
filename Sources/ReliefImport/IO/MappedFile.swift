import ReliefFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file: memory-mapped when it is a regular file, read whole otherwise
/// (a pipe, `/dev/stdin`).
///
/// Mapping lets the readers walk the file as one buffer without copying it, and the
/// kernel pages it in on demand. `release(upTo:)` hands pages already read back to
/// the kernel, so a sequential pass over a large file keeps resident memory bounded
/// (the pages stay in the page cache; touching them again re-maps them).
///
/// - Throws: `ImportError.unreadable` when the file cannot be opened, stat-ed, mapped or read.
final class MappedFile {
    let path: String
    let base: UnsafePointer<UInt8>
    let count: Int
    private let mapped: Bool
    private let owned: UnsafeMutableRawPointer?
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws(ImportError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: path, reason: SystemCalls.errnoText()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(file: path, reason: SystemCalls.errnoText()) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw .unreadable(file: path, reason: "it is a directory")
        }
        if (st.st_mode & S_IFMT) == S_IFREG {
            let size = Int(st.st_size)
            if size == 0 {
                let p = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16)
                base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self)); count = 0
                mapped = false; owned = p
                return
            }
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw .unreadable(file: path, reason: "cannot map the file: " + SystemCalls.errnoText())
            }
            _ = madvise(p, size, MADV_SEQUENTIAL)
            base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self)); count = size
            mapped = true; owned = nil
        } else {
            // Not a regular file: read to the end into one buffer.
            var capacity = 1 << 16
            var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            var n = 0
            while true {
                if n == capacity {
                    let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                    bigger.copyMemory(from: buffer, byteCount: n)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let r = SystemCalls.read(fd, buffer + n, capacity - n)
                if r < 0 {
                    if errno == EINTR { continue }
                    let reason = SystemCalls.errnoText()
                    buffer.deallocate()
                    throw .unreadable(file: path, reason: reason)
                }
                if r == 0 { break }
                n += r
            }
            base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self)); count = n
            mapped = false; owned = buffer
        }
    }

    /// Bytes from a string, for tests and in-memory input.
    init(bytes: [UInt8], path: String) {
        self.path = path
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { p.copyMemory(from: b, byteCount: bytes.count) } }
        base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self)); count = bytes.count
        mapped = false; owned = p
    }

    /// Tells the kernel the pages before `offset` are no longer needed (mapped files only).
    func release(upTo offset: Int) {
        guard mapped else { return }
        let end = offset / MappedFile.pageSize * MappedFile.pageSize
        guard end - released >= 8 << 20 else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }

    /// The offset of the first byte that is not well-formed UTF-8, or `nil`; checked
    /// in 8 MB steps, releasing each step's pages behind it.
    func firstInvalidUTF8() -> Int? {
        var i = 0
        while i < count {
            let stop = min(count, i + (8 << 20))
            let r = validateUTF8(base, from: i, upTo: stop, count: count)
            if let bad = r.bad { rewind(); return bad }
            i = r.next
            release(upTo: i)
        }
        rewind()
        return nil
    }

    /// Forgets earlier releases, before a new pass from the start.
    func rewind() { released = 0 }

    deinit {
        if mapped {
            _ = munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            owned?.deallocate()
        }
    }

}
