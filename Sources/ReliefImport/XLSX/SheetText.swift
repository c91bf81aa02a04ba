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
    func append(number: Int, cells: [String]) -> Bool {
        for text in cells {
            var text = text
            let n = text.utf8.count
            if n >= SheetText.shareFrom, let start = longText[text] {
                cellStart.append(start)
                cellCount.append(UInt32(n))
                continue
            }
            guard heldBytes + n + 8 <= maxBytes else { return false }
            let start = UInt32(arena.count)
            text.withUTF8 { u in if let b = u.baseAddress { arena.append(b, u.count) } }
            if n >= SheetText.shareFrom { longText[text] = start }
            cellStart.append(start)
            cellCount.append(UInt32(n))
        }
        rowFirstCell.append(UInt32(cellStart.count))
        rowNumber.append(UInt32(number))
        return true
    }

    /// The cell spans of row `index` (0-based), as a range into `cellStart` / `cellCount`.
    func cells(ofRow index: Int) -> Range<Int> {
        Int(rowFirstCell[index])..<Int(rowFirstCell[index + 1])
    }

    /// The start and length in `arena` of cell `k`.
    @inline(__always)
    func span(_ k: Int) -> (start: Int, count: Int) { (Int(cellStart[k]), Int(cellCount[k])) }

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
