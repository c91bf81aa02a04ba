import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files the way health data should be written: created mode 0600, written to
/// a temporary file in the destination's folder, then renamed over the destination,
/// so a reader never sees half a file.
enum AtomicFile {
    /// - Throws: `RenderError.cannotWrite` with the system's reason.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var template = Array("\(dir)/.\(url.lastPathComponent).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RenderError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let tempPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = false
        defer { if !ok { unlink(tempPath) } }
        _ = fchmod(fd, 0o600)
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                throw RenderError.cannotWrite(path: path, reason: reason)
            }
            offset += n
        }
        guard close(fd) == 0 else { throw RenderError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        guard rename(tempPath, path) == 0 else {
            throw RenderError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        ok = true
    }

    static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write($0, to: path) }
    }
}
