import Foundation

/// Writes files the way health data should be written: to a temporary name in the
/// same folder, then renamed, so a crash or Ctrl-C never leaves half a file; files
/// mode 0600 and folders 0700 (owner only).
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try makeDirectory(dir.isEmpty ? "." : dir)
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var ok = true
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { ok = false; return }
                offset += n
            }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Creates a folder and its missing parents with mode 0700.
    static func makeDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CLIError.cannotWrite(path: path, reason: "exists and is not a folder") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
