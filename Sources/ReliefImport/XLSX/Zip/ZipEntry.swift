/// One file in a zip archive's central directory.
struct ZipEntry: Sendable, Hashable {
    /// The path inside the archive (`xl/worksheets/sheet1.xml`).
    let path: String
    /// 0 (stored) or 8 (deflated); other methods are refused when the entry is read.
    let method: UInt16
    /// The general-purpose flags; bit 0 means encrypted.
    let flags: UInt16
    /// The CRC-32 of the unpacked bytes.
    let crc32: UInt32
    /// The packed size, as the central directory declares it.
    let compressedSize: Int64
    /// The unpacked size, as the central directory declares it (checked while inflating).
    let uncompressedSize: Int64
    /// Where the entry's local header starts.
    let localHeaderOffset: Int64

    /// Whether the entry is encrypted (general-purpose flag bit 0).
    var isEncrypted: Bool { flags & 1 != 0 }
}
