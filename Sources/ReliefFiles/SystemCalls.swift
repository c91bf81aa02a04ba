#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's calls, under names that methods called `read`, `write` and `close` cannot shadow.
public enum SystemCalls {
    public static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
        #else
        Darwin.read(fd, buffer, count)
        #endif
    }

    public static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    public static func close(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }

    /// The text of the current `errno` ("No such file or directory").
    public static func errnoText() -> String { String(cString: strerror(errno)) }

    /// `open`'s flag for a file without a name in the folder it opens (Linux's `O_TMPFILE`:
    /// `__O_TMPFILE | O_DIRECTORY`; Swift does not import the composite macro).
    public static let unnamedFile: Int32 = Int32(0o20000000) | O_DIRECTORY

    /// Writes all `count` bytes at the file's position, calling again after an interruption;
    /// false (with `errno` set) when a write fails.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Bool {
        var written = 0
        while written < count {
            let r = write(fd, buffer + written, count - written)
            if r < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += r
        }
        return true
    }

    /// Reads exactly `count` bytes at `offset` (`pread`: the file's position stays), calling again
    /// after an interruption; false when a read fails (`errno` set) or the file ends first.
    public static func readAll(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: Int64) -> Bool {
        var done = 0
        while done < count {
            let r = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if r < 0 && errno == EINTR { continue }
            guard r > 0 else { return false }
            done += r
        }
        return true
    }
}
