/// Tells a workbook from its first and last bytes, for format detection without an extension.
enum WorkbookSniff {
    /// The OLE2 compound-file signature of an old Excel workbook (.xls), which a
    /// password-protected .xlsx shares.
    static let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Whether the bytes start with the OLE2 signature.
    static func isLegacyExcel(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        p.count >= ole2.count && ole2.indices.allSatisfy { p[$0] == ole2[$0] }
    }

    /// Whether the bytes are a zip archive (`PK\u{3}\u{4}`) of an Office Open XML package: its
    /// `[Content_Types].xml` is named in the first local header or in the central directory
    /// at the end (an OpenDocument file's `mimetype` entry counts too, so that the workbook
    /// reader can say "save it as .xlsx").
    static func isZipWorkbook(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p.count >= 30, p[0] == 0x50, p[1] == 0x4B, p[2] == 0x03, p[3] == 0x04 else { return false }
        let window = 64 << 10
        return contains(p, Array("[Content_Types].xml".utf8), in: 0..<min(p.count, 4096))
            || contains(p, Array("[Content_Types].xml".utf8), in: max(0, p.count - window)..<p.count)
            || contains(p, Array("mimetypeapplication/vnd.oasis.opendocument".utf8), in: 30..<min(p.count, 200))
    }

    private static func contains(_ p: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], in range: Range<Int>) -> Bool {
        guard let first = needle.first, range.count >= needle.count else { return false }
        var i = range.lowerBound
        let last = range.upperBound - needle.count
        while i <= last {
            if p[i] == first {
                var k = 1
                while k < needle.count && p[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
