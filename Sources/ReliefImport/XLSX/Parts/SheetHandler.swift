/// Reads a worksheet part row by row and hands each finished row to `deliver`.
///
/// Only `<sheetData>` is read: `<row r>`, `<c r t s>`, `<v>`, `<is>` with `<t>` runs
/// (phonetic `<rPh>` skipped) and `<f>` (ignored: the cached result in `<v>` is used).
/// A cell without `r` takes the column after the previous one; a row without `r` the
/// row after the previous one. Nothing but the current row is held.
///
/// Rows are delivered in one of two forms: as `XLSXRow` values (`XLSXWorkbook.forEachRow`),
/// or, for the importer, as the cells' `textValue` bytes (`SheetRowText`,
/// `XLSXWorkbook.forEachRowText`), written straight from the XML without a `String` or an
/// `XLSXCellValue` per cell. Both forms come from the same parse, and the text form is
/// byte for byte the `textValue` of the value form (the fuzz target checks it on every input).
struct SheetHandler: XMLHandler {
    /// What a cell's `t` attribute says about its `<v>`.
    private enum CellType {
        case number, shared, inline, formulaText, bool, error, isoDate
    }

    let sharedStrings: [String]
    let dateStyles: [DateStyle]
    let system: XLSXDateSystem
    let limits: XLSXLimits
    let file: String
    let sheet: String
    /// Receives each row as values (nil in text form).
    private let deliver: ((XLSXRow) throws -> Void)?
    /// Receives each row as text (nil in value form).
    private let deliverText: ((SheetRowText) throws -> Void)?

    private var inSheetData = false
    private var inRow = false
    private var rowNumber = 0
    private var cells: [XLSXCellValue] = []
    private var nextColumn = 0

    private var inCell = false
    private var column = 0
    private var type = CellType.number
    private var style = 0
    private var capturing = false
    private var inInline = false
    private var phonetic = 0
    private var hasValue = false
    /// The current cell's `<v>` or `<is>` text (still with Office's `_xHHHH_` escapes) is
    /// `value.bytes[valueStart...]`. In the value form `value` is a buffer of its own and
    /// `valueStart` is 0; in the text form `value` is `rowBytes` and the text is captured
    /// where the cell's text will be, so a plain text cell is never copied.
    private let value: ByteBuffer
    private var valueStart = 0

    // The text form's row: each cell's span in `rowBytes`, by column, as long as `cells`
    // would be in the value form (so the same cells exist, and the same gaps).
    private var spans: [SheetRowText.Span] = []
    private let rowBytes: ByteBuffer
    /// The shared strings' UTF-8, one after another, and where each starts (text form only):
    /// a cell copies its bytes without touching a `String`.
    private let sharedBytes: [UInt8]
    private let sharedStarts: [Int]

    init(sharedStrings: [String], dateStyles: [DateStyle], system: XLSXDateSystem, limits: XLSXLimits,
         file: String, sheet: String, deliver: @escaping (XLSXRow) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.system = system
        self.limits = limits
        self.file = file
        self.sheet = sheet
        self.deliver = deliver
        self.deliverText = nil
        value = ByteBuffer()
        rowBytes = ByteBuffer(capacity: 16)
        sharedBytes = []
        sharedStarts = []
        cells.reserveCapacity(32)
    }

    /// A handler delivering each row as its cells' text (`SheetRowText`, valid during the call).
    init(sharedStrings: [String], dateStyles: [DateStyle], system: XLSXDateSystem, limits: XLSXLimits,
         file: String, sheet: String, deliverText: @escaping (SheetRowText) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.system = system
        self.limits = limits
        self.file = file
        self.sheet = sheet
        self.deliver = nil
        self.deliverText = deliverText
        rowBytes = ByteBuffer(capacity: 1024)
        value = rowBytes
        var bytes: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(sharedStrings.count + 1)
        for var string in sharedStrings {
            starts.append(bytes.count)
            string.withUTF8 { bytes.append(contentsOf: $0) }
        }
        starts.append(bytes.count)
        sharedBytes = bytes
        sharedStarts = starts
        spans.reserveCapacity(32)
    }

    /// Where the reader is, for errors: `Sheet1!12`, `Sheet1!C12` inside a cell.
    var location: String {
        let name = CellReference.sheetName(sheet)
        if rowNumber == 0 { return name }
        if inCell { return "\(name)!\(CellReference.columnName(column))\(rowNumber)" }
        return "\(name)!\(rowNumber)"
    }

    mutating func start(_ tag: XMLTag) throws {
        let name = tag.name
        guard let first = name.first else { return }
        switch (name.count, first) {
        case (1, UInt8(ascii: "c")) where inRow:
            try startCell(tag)
        case (1, UInt8(ascii: "v")) where inCell:
            capturing = true
            clearValue()
        case (1, UInt8(ascii: "t")) where inInline:
            capturing = phonetic == 0
        case (2, UInt8(ascii: "i")) where inCell && name[1] == UInt8(ascii: "s"):
            inInline = true
            clearValue()
        case (3, UInt8(ascii: "r")) where inSheetData && XMLBytes.equals(name, "row"):
            try startRow(tag)
        case (3, UInt8(ascii: "r")) where XMLBytes.equals(name, "rPh"):
            phonetic += 1
        case (9, UInt8(ascii: "s")) where XMLBytes.equals(name, "sheetData"):
            inSheetData = true
        default:
            break
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws {
        guard let first = name.first else { return }
        switch (name.count, first) {
        case (1, UInt8(ascii: "v")) where capturing:
            capturing = false
            hasValue = true
        case (1, UInt8(ascii: "t")) where inInline:
            if capturing { hasValue = true }
            capturing = false
        case (1, UInt8(ascii: "c")) where inCell:
            try finishCell()
        case (2, UInt8(ascii: "i")) where inInline && name[1] == UInt8(ascii: "s"):
            inInline = false
            hasValue = true
        case (3, UInt8(ascii: "r")) where inRow && XMLBytes.equals(name, "row"):
            if inCell { try finishCell() }
            inRow = false
            if let deliverText {
                try spans.withUnsafeBufferPointer { cells in
                    try deliverText(SheetRowText(number: rowNumber, cells: cells, bytes: rowBytes.bytes))
                }
                spans.removeAll(keepingCapacity: true)
                rowBytes.clear()
            } else if let deliver {
                try deliver(XLSXRow(number: rowNumber, cells: cells, file: file, sheet: sheet))
                cells.removeAll(keepingCapacity: true)
            }
        case (3, UInt8(ascii: "r")) where XMLBytes.equals(name, "rPh"):
            phonetic = max(0, phonetic - 1)
        case (9, UInt8(ascii: "s")) where XMLBytes.equals(name, "sheetData"):
            inSheetData = false
        default:
            break
        }
    }

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, isCDATA: Bool) throws {
        guard capturing else { return }
        if isCDATA || !XMLText.needsDecoding(raw) {
            value.append(raw)
        } else {
            var decoded: [UInt8] = []
            XMLText.appendDecoded(raw, to: &decoded)
            decoded.withUnsafeBufferPointer { value.append($0) }
        }
        if value.count - valueStart > limits.maxTokenBytes {
            throw XLSXError.tokenTooLong(file: file, part: location, limit: limits.maxTokenBytes)
        }
    }

    private mutating func startRow(_ tag: XMLTag) throws {
        var number = rowNumber + 1
        var valid = true
        // The closure captures locals only: capturing `self` would copy the handler per row.
        try tag.forEachAttribute { name, value in
            if name.count == 1 && name[0] == UInt8(ascii: "r") {
                if let r = XMLBytes.parseInt(value), r >= 1 { number = r } else { valid = false }
            }
        }
        guard valid else {
            throw XLSXError.malformed(file: file, location: CellReference.sheetName(sheet),
                                      reason: "a row after row \(rowNumber) has no valid number")
        }
        if number > limits.maxRows {
            throw XLSXError.tooManyRows(file: file, sheet: sheet, row: number, limit: limits.maxRows)
        }
        rowNumber = number
        inRow = true
        nextColumn = 0
        cells.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        if inCell && deliverText != nil {
            // A row inside an unfinished cell (not what Excel writes): the cell goes on into
            // this row, as in the value form, so its text so far moves to the row's start.
            let partial = Array(valueBytes)
            rowBytes.clear()
            partial.withUnsafeBufferPointer { rowBytes.append($0) }
            valueStart = 0
        } else {
            rowBytes.clear()
        }
    }

    /// The current cell's text so far (valid until `value` changes).
    private var valueBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: value.bytes[valueStart...])
    }

    /// Forgets the current cell's text.
    @inline(__always)
    private func clearValue() { value.truncate(to: valueStart) }

    private mutating func startCell(_ tag: XMLTag) throws {
        var col = nextColumn
        var t: CellType? = .number
        var s = 0
        var badReference: String?
        var badType: String?
        try tag.forEachAttribute { name, value in
            guard name.count == 1 else { return }
            switch name[0] {
            case UInt8(ascii: "r"):
                if let c = SheetHandler.columnIndex(value) {
                    col = c
                } else {
                    badReference = String(decoding: value, as: UTF8.self)
                }
            case UInt8(ascii: "t"):
                t = SheetHandler.cellType(value)
                if t == nil { badType = String(decoding: value, as: UTF8.self) }
            case UInt8(ascii: "s"):
                s = XMLBytes.parseInt(value) ?? 0
            default:
                break
            }
        }
        if let badReference {
            throw XLSXError.malformed(file: file, location: "\(CellReference.sheetName(sheet))!\(rowNumber)",
                                      reason: "a cell reference \"\(badReference)\" that is not a column and row")
        }
        guard let t else {
            throw XLSXError.malformed(file: file, location: "\(CellReference.sheetName(sheet))!\(rowNumber)",
                                      reason: "a cell of unknown type \"\(badType ?? "")\"")
        }
        if col >= limits.maxColumns {
            throw XLSXError.tooManyColumns(file: file, sheet: sheet, row: rowNumber, column: col + 1, limit: limits.maxColumns)
        }
        inCell = true
        column = col
        type = t
        style = s
        hasValue = false
        capturing = false
        inInline = false
        if deliverText != nil {
            // Earlier text in `rowBytes` belongs to earlier cells (or to a cell left unfinished).
            valueStart = rowBytes.count
        }
        clearValue()
    }

    /// The 0-based column of a reference such as `C5` (the row digits are not checked), or nil.
    private static func columnIndex(_ ref: UnsafeBufferPointer<UInt8>) -> Int? {
        var col = 0
        var letters = 0
        for c in ref {
            let u = c & 0xDF
            guard u >= UInt8(ascii: "A") && u <= UInt8(ascii: "Z") else { break }
            col = col * 26 + Int(u - 64)
            letters += 1
            guard letters <= 4 else { return nil }
        }
        return letters > 0 ? col - 1 : nil
    }

    /// The cell type named by `t`, or nil for an unknown one.
    private static func cellType(_ t: UnsafeBufferPointer<UInt8>) -> CellType? {
        switch t.count {
        case 1:
            switch t[0] {
            case UInt8(ascii: "s"): return .shared
            case UInt8(ascii: "n"): return .number
            case UInt8(ascii: "b"): return .bool
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return nil
            }
        case 3 where XMLBytes.equals(t, "str"):
            return .formulaText
        case 9 where XMLBytes.equals(t, "inlineStr"):
            return .inline
        default:
            return nil
        }
    }

    private mutating func finishCell() throws {
        inCell = false
        capturing = false
        inInline = false
        nextColumn = column + 1
        if deliverText != nil { return try finishCellText() }
        let cell: XLSXCellValue
        if !hasValue {
            cell = .empty
        } else {
            cell = try makeValue(valueBytes)
        }
        if column < cells.count {
            cells[column] = cell
        } else if !cell.isEmpty {
            while cells.count < column { cells.append(.empty) }
            cells.append(cell)
        }
    }

    /// `finishCell` for the text form: the same cells, gaps and errors, with each cell's
    /// `textValue` in `rowBytes` instead of an `XLSXCellValue` in `cells`.
    private mutating func finishCellText() throws {
        let start = valueStart
        // Whether the value form's cell is not `.empty` (`.text("")` is a cell, with no text).
        let isCell = hasValue ? try replaceValueWithText() : false
        if !isCell { rowBytes.truncate(to: start) }
        let span = isCell ? SheetRowText.Span(start: UInt32(start), count: UInt32(rowBytes.count - start)) : .empty
        if column < spans.count {
            spans[column] = span
        } else if isCell {
            while spans.count < column { spans.append(.empty) }
            spans.append(span)
        }
    }

    /// Replaces the cell's captured text (`valueBytes`, at the end of `rowBytes`) with
    /// `makeValue(valueBytes).textValue`; returns false when that value is `.empty`.
    /// Throws as `makeValue` does, before changing anything.
    ///
    /// The common cells take shortcuts that give the same bytes: numbers and dates are
    /// written digit by digit; text that is ASCII and has no `_x` escape is its own
    /// `String(decoding:)` (which only changes invalid UTF-8), so it stays where it was
    /// captured; shared strings are copied from their UTF-8. Everything else goes through
    /// `makeValue` and its `String`.
    ///
    /// `mutating` though it changes only `rowBytes` (a reference): called from a mutating
    /// method, a non-mutating one gets a copy of the whole handler, once per cell.
    private mutating func replaceValueWithText() throws -> Bool {
        // `v` points into `rowBytes`: it is read before `rowBytes` is truncated or written.
        let v = valueBytes
        switch type {
        case .number:
            if v.allSatisfy(XMLBytes.isSpace) { return false }
            guard let number = NumberText.parse(v) else {
                throw cellError("holds \"\(String(decoding: v.prefix(40), as: UTF8.self))\", which is not a number")
            }
            clearValue()
            if style < dateStyles.count {
                let kind = dateStyles[style]
                if kind != .none, let date = XLSXDateTime(serial: number, system: system, timeOnlyFormat: kind == .time) {
                    rowBytes.append(maxCount: XLSXDateTime.maxISOBytes) { date.writeISOText(to: $0) }
                    return true
                }
            }
            NumberText.append(number, to: rowBytes)
            return true
        case .shared:
            guard let index = XMLBytes.parseInt(v), index < sharedStrings.count else { break }
            clearValue()
            sharedBytes.withUnsafeBufferPointer { all in
                rowBytes.append(UnsafeBufferPointer(rebasing: all[sharedStarts[index]..<sharedStarts[index + 1]]))
            }
            return true
        case .inline, .formulaText:
            guard XMLBytes.isASCIIWithoutOfficeEscape(v) else { break }
            return true  // already in place
        case .bool, .error, .isoDate:
            break
        }
        let cell = try makeValue(v)
        clearValue()
        rowBytes.append(cell.textValue)
        return !cell.isEmpty
    }

    private func makeValue(_ v: UnsafeBufferPointer<UInt8>) throws -> XLSXCellValue {
        switch type {
        case .number:
            if v.allSatisfy(XMLBytes.isSpace) { return .empty }
            guard let number = NumberText.parse(v) else {
                throw cellError("holds \"\(String(decoding: v.prefix(40), as: UTF8.self))\", which is not a number")
            }
            if style < dateStyles.count {
                let kind = dateStyles[style]
                if kind != .none, let date = XLSXDateTime(serial: number, system: system, timeOnlyFormat: kind == .time) {
                    return .date(date)
                }
            }
            return .number(number)
        case .shared:
            guard let index = XMLBytes.parseInt(v), index < sharedStrings.count else {
                throw cellError("refers to shared string \"\(String(decoding: v.prefix(20), as: UTF8.self))\", "
                    + "but the workbook has \(sharedStrings.count)")
            }
            return .text(sharedStrings[index])
        case .inline, .formulaText:
            return .text(XMLText.officeString(v))
        case .bool:
            if XMLBytes.equals(v, "1") || XMLBytes.equals(v, "true") { return .bool(true) }
            if XMLBytes.equals(v, "0") || XMLBytes.equals(v, "false") { return .bool(false) }
            throw cellError("is a TRUE/FALSE cell holding \"\(String(decoding: v.prefix(20), as: UTF8.self))\"")
        case .error:
            return .error(String(decoding: v, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: v, as: UTF8.self)
            if let date = XLSXDateTime(iso: text) { return .date(date) }
            return .text(text)
        }
    }

    private func cellError(_ reason: String) -> XLSXError {
        .malformed(file: file, location: "\(CellReference.sheetName(sheet))!\(CellReference.columnName(column))\(rowNumber)",
                   reason: "the cell \(reason)")
    }
}
