import CZlib
import Foundation

/// A small zip writer for tests: stored or deflated entries, local headers, a central
/// directory and its end record, as Excel and LibreOffice lay them out (no data descriptors,
/// no ZIP64). Deflate and CRC-32 come from the system zlib, the library the reader inflates
/// with; the reader's fixtures written by openpyxl and LibreOffice cover other writers.
enum TestZipWriter {
    struct Failure: Error { var reason: String }

    /// The archive of `entries`: (path, bytes, deflate?), in order.
    static func zip(_ entries: [(String, [UInt8], Bool)]) throws -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (path, bytes, deflate) in entries {
            let name = Array(path.utf8)
            let packed = deflate ? try self.deflate(bytes) : bytes
            let crc = crc32(bytes)
            let offset = UInt32(out.count)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(deflate ? 8 : 0) + le16(0) + le16(0x21)
            out += le32(crc) + le32(UInt32(packed.count)) + le32(UInt32(bytes.count)) + le16(UInt16(name.count)) + le16(0)
            out += name + packed
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(deflate ? 8 : 0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(packed.count)) + le32(UInt32(bytes.count)) + le16(UInt16(name.count))
            central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    /// Raw deflate (no zlib header or trailer), as zip entries hold it.
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var packed = [UInt8](repeating: 0, count: Int(bound))
        let status = packed.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(src.count), 6)
            }
        }
        guard status == Z_OK, bound >= 6 else { throw Failure(reason: "compress2 returned \(status)") }
        // A zlib stream is a 2-byte header, the raw deflate data and a 4-byte Adler-32.
        return Array(packed[2..<(Int(bound) - 4)])
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { b in UInt32(CZlib.crc32(0, b.baseAddress, uInt(b.count))) }
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
}
