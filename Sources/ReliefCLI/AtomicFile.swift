import Foundation
import ReliefImport

/// Writes files the way health data should be written: with no name until they are whole
/// (`AtomicFileWriter`), so a crash or Ctrl-C never leaves half a file; files mode 0600 and
/// folders 0700 (owner only).
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try makeDirectory(dir.isEmpty ? "." : dir)
        let file = try open(path)
        let failure = data.withUnsafeBytes { raw -> ImportError? in
            do throws(ImportError) {
                try file.write(raw)
                try file.commit()
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw CLIError.cannotWrite(path: path, reason: failure.reason) }
    }

    /// A file written with no name until `commit()` (`AtomicFileWriter`: 0600, a kill leaves
    /// nothing); its folder must exist.
    /// - Throws: `CLIError.cannotWrite`.
    static func open(_ path: String) throws -> AtomicFileWriter {
        do {
            return try AtomicFileWriter(path: path)
        } catch {
            throw CLIError.cannotWrite(path: path, reason: error.reason)
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

extension ImportError {
    /// The system's reason, for a message that names the file itself.
    var reason: String {
        if case .unreadable(_, let reason) = self { return reason }
        return description
    }
}
