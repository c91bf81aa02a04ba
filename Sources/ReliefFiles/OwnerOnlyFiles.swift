import Foundation

/// Whole files and folders that only their owner can read: what Relief writes is health data.
///
/// Files go through `AtomicFileWriter` (no name until whole, fsync, mode 0600), so a crash or
/// Ctrl-C never leaves half a report; folders are created with their missing parents, mode 0700.
///
/// ```swift
/// try OwnerOnlyFiles.makeFolder("Reports/2026-10/clients")
/// try OwnerOnlyFiles.write(pdfBytes, to: "Reports/2026-10/clinic.pdf")
/// ```
public enum OwnerOnlyFiles {
    /// Writes `bytes` to `path` whole or not at all, creating its folder if needed.
    /// - Throws: `FileError.cannotWrite`.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileError) {
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolder(folder.isEmpty ? "." : folder)
        let file = try AtomicFileWriter(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// Writes `bytes` to `path` whole or not at all.
    /// - Throws: `FileError.cannotWrite`.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try withUnsafeBytes(of: bytes, path: path)
    }

    /// Writes `data` to `path` whole or not at all.
    /// - Throws: `FileError.cannotWrite`.
    public static func write(_ data: Data, to path: String) throws(FileError) {
        try withUnsafeBytes(of: data, path: path)
    }

    /// Writes `text` as UTF-8 to `path` whole or not at all.
    /// - Throws: `FileError.cannotWrite`.
    public static func write(_ text: String, to path: String) throws(FileError) {
        try write(Array(text.utf8), to: path)
    }

    private static func withUnsafeBytes(of bytes: some ContiguousBytes, path: String) throws(FileError) {
        let failure = bytes.withUnsafeBytes { raw -> FileError? in
            do throws(FileError) { try write(raw, to: path); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Creates a folder and its missing parents with mode 0700; an existing folder is left as it is.
    /// - Throws: `FileError.cannotWrite` when `path` exists and is not a folder, or cannot be made.
    public static func makeFolder(_ path: String) throws(FileError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .cannotWrite(path: path, reason: "exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            // Another process (a shard of the same month) may have made it meanwhile.
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return }
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
