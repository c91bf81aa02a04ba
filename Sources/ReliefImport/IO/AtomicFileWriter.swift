#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name beside its final path and renamed into place by
/// `commit()`: a crash, a kill or an error halfway never leaves half a file, and a file
/// already at `path` stays whole until the new one replaces it in one step. The file is
/// readable by its owner only (0600): what Relief writes (rejected rows, exports) is health
/// data.
///
/// A writer dropped without `commit()` removes its temporary file.
///
/// ```swift
/// let out = try AtomicFileWriter(path: "rejects.csv")
/// try out.write(Array("file,line,reason\r\n".utf8))
/// try out.commit()          // fsync, then rename over rejects.csv
/// ```
public final class AtomicFileWriter {
    public let path: String
    let temporaryPath: String
    private var fd: Int32
    private var finished = false

    /// Creates the temporary file (`<path>.tmp-<pid>-<n>`, exclusive, 0600). The folder must exist.
    /// - Throws: `ImportError.unreadable` when it cannot be created.
    public init(path: String) throws(ImportError) {
        self.path = path
        var attempt = 0
        while true {
            let candidate = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                self.fd = fd
                temporaryPath = candidate
                return
            }
            attempt += 1
            guard errno == EEXIST, attempt < 8 else {
                throw .unreadable(file: path, reason: "cannot create: " + MappedFile.errnoText())
            }
        }
    }

    deinit { if !finished { discard() } }

    /// Appends `bytes`.
    /// - Throws: `ImportError.unreadable` on a write error (the file is then discarded).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ImportError) {
        precondition(!finished, "AtomicFileWriter used after commit or discard")
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let r = SystemCalls.write(fd, base + written, bytes.count - written)
            if r < 0 {
                if errno == EINTR { continue }
                let reason = "write: " + MappedFile.errnoText()
                discard()
                throw .unreadable(file: path, reason: reason)
            }
            written += r
        }
    }

    public func write(_ bytes: [UInt8]) throws(ImportError) {
        let failure = bytes.withUnsafeBytes { raw -> ImportError? in
            do throws(ImportError) { try write(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Flushes the file to disk and renames it to `path`.
    /// - Throws: `ImportError.unreadable` when that fails (the temporary file is removed).
    public func commit() throws(ImportError) {
        precondition(!finished, "AtomicFileWriter committed twice")
        let synced = fsync(fd) == 0
        let closed = SystemCalls.close(fd) == 0
        fd = -1
        finished = true
        guard synced, closed, rename(temporaryPath, path) == 0 else {
            let reason = "saving: " + MappedFile.errnoText()
            unlink(temporaryPath)
            throw .unreadable(file: path, reason: reason)
        }
    }

    /// Abandons the file: the temporary is removed and `path` is left as it was.
    public func discard() {
        guard !finished else { return }
        finished = true
        _ = SystemCalls.close(fd)
        fd = -1
        unlink(temporaryPath)
    }
}
