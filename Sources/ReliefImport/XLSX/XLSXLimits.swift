/// Bounds that a workbook must stay within before and while it is read.
///
/// An .xlsx file is a zip archive of XML parts, so a small file can unpack to gigabytes
/// (a "zip bomb"). The reader checks the declared sizes first, then counts the bytes it
/// actually inflates, so a file that lies about its sizes is stopped too. Every bound
/// that is passed ends the read with an `XLSXError` naming the bound and the file.
struct XLSXLimits: Sendable, Hashable {
    /// The most bytes that all parts read from one workbook may unpack to, added up.
    var maxUncompressedBytes: Int64
    /// The most entries (files and folders) that the archive may hold.
    var maxEntries: Int
    /// The highest ratio of unpacked to packed bytes allowed for one entry, once the
    /// entry has unpacked to more than `ratioCheckThreshold` bytes.
    var maxCompressionRatio: Int64
    /// Entries that unpack to no more than this many bytes are not ratio-checked (tiny
    /// parts such as an empty sheet compress far better than 200:1 and are harmless).
    var ratioCheckThreshold: Int64
    /// The highest row number (as Excel shows it) that a sheet may use.
    var maxRows: Int
    /// The most columns a row may use (column `A` is 1).
    var maxColumns: Int
    /// The longest single XML tag or text run (one cell's text, one shared string). Excel
    /// holds at most 32,767 characters in a cell, so 1 MiB leaves room for any escaping.
    var maxTokenBytes: Int
    /// The most shared strings a workbook may hold. Each is kept in memory while the sheet is
    /// read, so a file of millions of empty `<si/>` (a few MB packed) would otherwise ask for
    /// gigabytes: at the default, about 40 bytes each, the table stays under ~200 MB.
    var maxSharedStrings: Int

    /// Limits with the defaults: 1 GiB unpacked, 10,000 entries, 200:1 on entries over
    /// 1 MiB, Excel's own 1,048,576 rows and 16,384 columns, 1 MiB per tag or text.
    init(
        maxUncompressedBytes: Int64 = 1 << 30,
        maxEntries: Int = 10_000,
        maxCompressionRatio: Int64 = 200,
        ratioCheckThreshold: Int64 = 1 << 20,
        maxRows: Int = 1_048_576,
        maxColumns: Int = 16_384,
        maxTokenBytes: Int = 1 << 20,
        maxSharedStrings: Int = 5_000_000
    ) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxEntries = maxEntries
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioCheckThreshold = ratioCheckThreshold
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxTokenBytes = maxTokenBytes
        self.maxSharedStrings = maxSharedStrings
    }

    /// The default limits.
    static let `default` = XLSXLimits()
}
