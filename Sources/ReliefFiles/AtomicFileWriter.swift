#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that appears whole or not at all: written without a name (Linux's `O_TMPFILE`, in
/// the folder of its final path) and given its name by `commit()`, so a crash, a kill or an
/// error halfway leaves nothing behind, and a file already at `path` stays whole until the new
/// one replaces it in one `rename`. Created readable by its owner only (0600): what Relief
/// writes (rejected rows, exports) is health data.
///
/// - A symbolic link at `path` is followed: its target is replaced, the link stays.
/// - A `path` that exists and is not a regular file (`/dev/stdout`, a pipe) is written in place.
/// - Where the file system has no `O_TMPFILE`, the file is written under a temporary name
///   beside `path` (`<path>.tmp-<pid>-<n>`) and renamed; a kill then can leave that name.
///
/// A writer dropped without `commit()` leaves no file.
///
/// ```swift
/// let out = try AtomicFileWriter(path: "rejects.csv")
/// try out.write(Array("file,line,reason\r\n".utf8))
/// try out.commit()          // fsync, then the name
/// ```
public final class AtomicFileWriter {
    /// The path as given.
    public let path: String
    private enum Mode {
        /// Unnamed until commit (`O_TMPFILE`); `target` is where it goes.
        case unnamed(target: String)
        /// Named `temporary` until renamed to `target`.
        case named(temporary: String, target: String)
        /// An existing non-regular file, written directly.
        case inPlace
    }
    private let mode: Mode
    private var fd: Int32
    private var finished = false

    /// - Throws: `FileError.cannotWrite` when the file cannot be created.
    public init(path: String) throws(FileError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { throw AtomicFileWriter.failure(path, "cannot create") }
            mode = .inPlace
            return
        }
        let target = AtomicFileWriter.followingLinks(path)
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
        let unnamed = open(folder, SystemCalls.unnamedFile | O_WRONLY | O_CLOEXEC, 0o600)
        if unnamed >= 0 {
            fd = unnamed
            mode = .unnamed(target: target)
            return
        }
        let (fd, temporary) = try AtomicFileWriter.createTemporary(beside: target)
        self.fd = fd
        mode = .named(temporary: temporary, target: target)
    }

    deinit { if !finished { discard() } }

    /// Appends `bytes`.
    /// - Throws: `FileError.cannotWrite` on a write error (the file is then discarded).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        precondition(!finished, "AtomicFileWriter used after commit or discard")
        guard let base = bytes.baseAddress else { return }
        guard SystemCalls.writeAll(fd, base, bytes.count) else {
            let failure = AtomicFileWriter.failure(path, "write")
            discard()
            throw failure
        }
    }

    public func write(_ bytes: [UInt8]) throws(FileError) {
        let failure = bytes.withUnsafeBytes { raw -> FileError? in
            do throws(FileError) { try write(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Whether the file was committed or discarded (a failed write discards it).
    public var isFinished: Bool { finished }

    /// Flushes the file to disk and gives it its name.
    /// - Throws: `FileError.cannotWrite` when that fails (nothing is left under any name then).
    public func commit() throws(FileError) {
        precondition(!finished, "AtomicFileWriter committed twice")
        finished = true
        defer { if fd >= 0 { _ = SystemCalls.close(fd); fd = -1 } }
        switch mode {
        case .inPlace:
            return   // a device or pipe: nothing to sync or rename
        case .unnamed(let target):
            guard fsync(fd) == 0 else { throw AtomicFileWriter.failure(path, "saving") }
            // Name it beside the target, then rename over the target: `linkat` cannot replace.
            for _ in 0..<8 {
                let temporary = AtomicFileWriter.temporaryName(beside: target)
                if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 {
                    guard rename(temporary, target) == 0 else {
                        let failure = AtomicFileWriter.failure(path, "saving")
                        unlink(temporary)
                        throw failure
                    }
                    return
                }
                guard errno == EEXIST else { break }
            }
            throw AtomicFileWriter.failure(path, "saving")
        case .named(let temporary, let target):
            guard fsync(fd) == 0, rename(temporary, target) == 0 else {
                let failure = AtomicFileWriter.failure(path, "saving")
                unlink(temporary)
                throw failure
            }
        }
    }

    /// Abandons the file: `path` is left as it was (an in-place write keeps what it wrote).
    public func discard() {
        guard !finished else { return }
        finished = true
        _ = SystemCalls.close(fd)
        fd = -1
        if case .named(let temporary, _) = mode { unlink(temporary) }
    }

    // MARK: - Helpers

    private static func failure(_ path: String, _ what: String) -> FileError {
        .cannotWrite(path: path, reason: "\(what): " + SystemCalls.errnoText())
    }

    /// `path` with symbolic links resolved when it is one (so the link survives the rename);
    /// `path` itself otherwise, or when the link dangles.
    private static func followingLinks(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
              let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func temporaryName(beside target: String) -> String {
        "\(target).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    private static func createTemporary(beside target: String) throws(FileError) -> (Int32, String) {
        for _ in 0..<8 {
            let candidate = temporaryName(beside: target)
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, candidate) }
            guard errno == EEXIST else { break }
        }
        throw failure(target, "cannot create")
    }
}
