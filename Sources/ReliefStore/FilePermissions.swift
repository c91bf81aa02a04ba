#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the database file and its folder owner-only, before SQLite touches them.
///
/// Session records are health data: the file is created with mode 0600 and any folder the
/// store has to create with 0700, whatever the process umask. SQLite gives the `-wal` and
/// `-shm` files the permissions of the database file; `tightenCompanions` checks it after
/// opening, so a database created here never has a world-readable companion.
enum FilePermissions {
    static let fileMode: mode_t = 0o600
    static let folderMode: mode_t = 0o700

    /// Creates `path` (mode 0600) and the missing folders above it (mode 0700).
    /// An existing file is left as it is.
    /// - Returns: true when the file was created by this call.
    /// - Throws: `StoreError.cannotOpen` naming the system's reason.
    @discardableResult
    static func prepareDatabaseFile(at path: String) throws -> Bool {
        try createFolders(above: path)
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd < 0 {
            let code = errno
            if code == EEXIST { return false }
            throw StoreError.cannotOpen(path: path, reason: describe(code))
        }
        defer { close(fd) }
        // The umask may have removed bits (or a strange one kept none for the owner): set exactly 0600.
        if fchmod(fd, fileMode) != 0 {
            throw StoreError.cannotOpen(path: path, reason: describe(errno))
        }
        return true
    }

    /// Gives `path-wal` and `path-shm` no more permission than `path` itself.
    static func tightenCompanions(of path: String) {
        var main = stat()
        guard stat(path, &main) == 0 else { return }
        let allowed = main.st_mode & 0o777
        for suffix in ["-wal", "-shm", "-journal"] {
            var companion = stat()
            let p = path + suffix
            guard stat(p, &companion) == 0 else { continue }
            let mode = companion.st_mode & 0o777
            if mode & ~allowed != 0 { _ = chmod(p, mode & allowed) }
        }
    }

    private static func createFolders(above path: String) throws {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast()  // the file itself
        guard !components.isEmpty else { return }
        var prefix = ""
        for (index, component) in components.enumerated() {
            prefix += index == 0 ? component : "/" + component
            if prefix.isEmpty || component.isEmpty || component == "." || component == ".." { continue }
            var s = stat()
            if stat(prefix, &s) == 0 {
                guard (s.st_mode & S_IFMT) == S_IFDIR else {
                    throw StoreError.cannotOpen(path: path, reason: "\(prefix) is not a folder")
                }
                continue
            }
            if mkdir(prefix, folderMode) != 0 {
                let code = errno
                if code == EEXIST { continue }  // created meanwhile by someone else
                throw StoreError.cannotOpen(path: path, reason: "cannot create folder \(prefix): " + describe(code))
            }
            _ = chmod(prefix, folderMode)
        }
    }

    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
