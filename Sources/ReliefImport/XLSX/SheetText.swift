/// The rows of one sheet as compact text, so the import driver can read them in several
/// passes and go back to a row by its position (`XLSXSource`).
///
/// A sheet is streamed out of its zip part once; each row's cells (their `textValue`) are
/// appended to one byte arena, and a row is two 32-bit spans per cell plus its row number.
/// 200,000 rows of 8 cells hold about 12 MB of text and 13 MB of spans: far less than the
/// sheet's XML (75–90 MB) and less than re-inflating it for every pass would cost in time.
///
/// Text that repeats is stored once when it is long (64 bytes or more: a shared note, a
/// long complaint), so a small sheet that names one 32,000-character shared string in a
/// million cells cannot make the arena a million times larger; short text is stored per
/// cell, at most a few times the XML that wrote it. The whole arena is bounded as well
/// (`maxBytes`, from `ImportLimits.maxUnpackedBytes`).
final class SheetText {
    /// The cells' text, one after another.
    let arena = ByteArena(capacity: 1 << 16)
    /// Start and length in `arena` of every cell of every row, in order.
    private(set) var cellStart: [UInt32] = []
    private(set) var cellCount: [UInt32] = []
    /// Index into `cellStart` of each row's first cell, plus one entry past the last row.
    private(set) var rowFirstCell: [UInt32] = [0]
    /// Each row's number as Excel shows it (1-based).
    private(set) var rowNumber: [UInt32] = []
    /// Long text already in the arena → where it starts.
    private var longText: [String: UInt32] = [:]
    private let maxBytes: Int

    /// Text at least this long is stored once however many cells hold it.
    static let shareFrom = 64

    init(maxBytes: Int) {
        self.maxBytes = min(maxBytes, Int(UInt32.max))
    }

    /// How many rows are held.
    var count: Int { rowNumber.count }

    /// Bytes held: the arena, the spans and the row table (what `maxBytes` bounds).
    var heldBytes: Int { arena.count + cellStart.count * 8 + rowNumber.count * 8 }

    /// Appends one row's cell texts; returns false when the row would pass `maxBytes`.
    func append(_ row: SheetRowText) -> Bool {
        // The span arrays are moved out for the row and back at the end: one exclusivity
        // check each per row instead of one per cell (they are a class's properties).
        var starts: [UInt32] = []
        var counts: [UInt32] = []
        swap(&starts, &cellStart)
        swap(&counts, &cellCount)
        defer {
            swap(&starts, &cellStart)
            swap(&counts, &cellCount)
        }
        let rowsHeld = rowNumber.count
        if appendWhole(row, starts: &starts, counts: &counts, rowsHeld: rowsHeld) {
            rowFirstCell.append(UInt32(starts.count))
            rowNumber.append(UInt32(row.number))
            return true
        }
        for column in 0..<row.cells.count {
            let text = row.text(column)
            let n = text.count
            if n >= SheetText.shareFrom, let start = longText[String(decoding: text, as: UTF8.self)] {
                starts.append(start)
                counts.append(UInt32(n))
                continue
            }
            // `heldBytes`, with the arrays moved out.
            guard arena.count + starts.count * 8 + rowsHeld * 8 + n + 8 <= maxBytes else { return false }
            let start = UInt32(arena.count)
            if let b = text.baseAddress { arena.append(b, n) }
            if n >= SheetText.shareFrom { longText[String(decoding: text, as: UTF8.self)] = start }
            starts.append(start)
            counts.append(UInt32(n))
        }
        rowFirstCell.append(UInt32(starts.count))
        rowNumber.append(UInt32(row.number))
        return true
    }

    /// `append` for the usual row, in one copy: when the cells' texts lie one after another
    /// from the start of `row.bytes` and none is long enough to be shared, the cell-by-cell
    /// loop would copy exactly those bytes in order, and give each cell (empty ones too) the
    /// arena's length at that point as its start. Returns false, having changed nothing,
    /// when the row is not like that or passes `maxBytes` (then the loop decides).
    ///
    /// The loop checks `maxBytes` before each cell with a total that only grows from cell to
    /// cell, so the check before the last cell is the one that can fail: it is made once.
    private func appendWhole(_ row: SheetRowText, starts: inout [UInt32], counts: inout [UInt32], rowsHeld: Int) -> Bool {
        var length = 0
        for span in row.cells where span.count > 0 {
            guard Int(span.start) == length, span.count < SheetText.shareFrom else { return false }
            length += Int(span.count)
        }
        let k = row.cells.count
        guard k > 0 else { return true }
        guard arena.count + (starts.count + k - 1) * 8 + rowsHeld * 8 + length + 8 <= maxBytes else { return false }
        var start = UInt32(arena.count)
        if length > 0, let b = row.bytes.baseAddress { arena.append(b, length) }
        for span in row.cells {
            starts.append(start)
            counts.append(span.count)
            start += span.count
        }
        return true
    }

    /// Calls `body` with the start and length in `arena` of each cell of row `index` (0-based).
    @inline(__always)
    func forEachCell(ofRow index: Int, _ body: (_ start: Int, _ count: Int) -> Void) {
        let cells = Int(rowFirstCell[index])..<Int(rowFirstCell[index + 1])
        cellStart.withUnsafeBufferPointer { starts in
            cellCount.withUnsafeBufferPointer { counts in
                for k in cells { body(Int(starts[k]), Int(counts[k])) }
            }
        }
    }

    /// Drops the lookup table of long text once every row is in.
    func finish() {
        longText = [:]
        cellStart.shrinkToFit()
        cellCount.shrinkToFit()
    }
}

extension Array {
    /// Releases spare capacity (arrays double as they grow; a loaded sheet grows no more).
    mutating func shrinkToFit() {
        guard capacity > count + count / 8 else { return }
        var exact: [Element] = []
        exact.reserveCapacity(count)
        exact.append(contentsOf: self)
        self = exact
    }
}
