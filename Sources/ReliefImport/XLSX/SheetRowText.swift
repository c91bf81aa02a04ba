/// One row of a sheet as its cells' text, as `XLSXWorkbook.forEachRowText` delivers it to
/// the importer: the same row as `XLSXRow`, with each cell already turned into its
/// `XLSXCellValue.textValue` bytes, and nothing allocated per cell.
///
/// The buffers belong to the reader and are valid only during the call (as `XMLTag`'s).
struct SheetRowText {
    /// Where a cell's text is in `bytes`.
    struct Span {
        var start: UInt32
        var count: UInt32
        /// No text (a gap, an empty cell).
        static let empty = Span(start: 0, count: 0)
    }

    /// The row number as Excel shows it (1-based).
    let number: Int
    /// Each cell's text by column (A = 0); as long as `XLSXRow.cells` (gaps are empty, trailing
    /// empty cells are dropped), so `cells.count` is what `XLSXRow.cells.count` would be.
    let cells: UnsafeBufferPointer<Span>
    /// The bytes the spans point into.
    let bytes: UnsafeBufferPointer<UInt8>

    /// The text of cell `column` (A = 0): the UTF-8 of its `textValue`.
    @inline(__always)
    func text(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        let span = cells[column]
        return UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.count)])
    }

    /// Whether no cell has text (`XLSXRow.textValues.allSatisfy(\.isEmpty)`).
    var isBlank: Bool { cells.allSatisfy { $0.count == 0 } }

    /// Every cell's text as a string (`XLSXRow.textValues`); for the header row.
    var strings: [String] { (0..<cells.count).map { String(decoding: text($0), as: UTF8.self) } }
}
