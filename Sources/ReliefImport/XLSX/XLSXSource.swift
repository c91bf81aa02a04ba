import ReliefModel
/// Reads one sheet of an Excel workbook (.xlsx) as rows, the way `CSVSource` reads a CSV file.
///
/// - The sheet is `ImportOptions.sheet` (its tab name; case is forgiven, as in Excel), else
///   the first sheet in tab order. An unknown name stops the file, listing the names there are.
/// - The header is the sheet's first row with a value; each later row with a value is one row
///   to validate. Rows with no value (blank, or formatting only) are counted in `blankLines`.
/// - A cell is read as its `XLSXCellValue.textValue`: text as written, numbers in their
///   shortest form (`7`, `3.5`), dates and times in ISO 8601 (`2026-03-14`, `2026-03-14T09:30`,
///   `09:30`) whichever date system the workbook uses, booleans as `TRUE`/`FALSE`; so the
///   validator reads a workbook exactly as it reads the same sheet saved as CSV.
/// - A row's `line` is its row number as Excel shows it (rows 1, 2, … however many blank
///   rows come before); `RecordReader` names diagnostics `visits.xlsx:Sheet1!12`.
/// - Rows may stop short of the header's last column (Excel does not write empty cells);
///   the missing cells are empty. A value right of the header's last column rejects the row
///   (`field-count`), as a CSV row with an extra field is.
///
/// The driver reads a file in up to three passes and goes back to single rows, so the sheet
/// is unpacked once, into `SheetText` (compact text, about a third of the XML), and the
/// passes read from there: see docs/import.md, "Excel workbooks".
///
/// - Throws: `ImportError.workbook` for a file that is not a readable workbook (an old .xls,
///   a damaged or encrypted file, a limit passed), an unknown sheet or a sheet without a value; `.unknownHeader`, `.duplicateColumn` as for CSV; `.limitExceeded` when
///   the sheet's text passes `ImportLimits.maxUnpackedBytes`.
struct XLSXSource: RowSource {
    let header: [String]
    let names: NameTable
    let binding: HeaderBinding
    /// The sheet read (its tab name as the workbook spells it).
    let sheet: String
    /// The row number of the header row.
    let headerRow: Int
    let blankLines: Int
    private let rows: SheetText
    private var nextRow = 0

    var ignored: [String] { binding.ignored }
    var delimiterText: String? { nil }

    init(workbook: XLSXWorkbook, path: String, options: ImportOptions) throws(ImportError) {
        let name: String
        do {
            name = try workbook.sheetName(options.sheet)
        } catch {
            throw .workbook(file: path, message: error.description)
        }
        sheet = name
        let text = SheetText(maxBytes: Int(clamping: options.limits.maxUnpackedBytes))
        var headerCells: [String]?
        var headerNumber = 0
        var blanks = 0
        var full = false
        do {
            // Rows come as their cells' text bytes (what `XLSXRow.textValues` would give).
            try workbook.forEachRowText(sheet: name) { row in
                if full { return }
                if row.isBlank {
                    if headerCells != nil { blanks += 1 }
                    return
                }
                if headerCells == nil {
                    headerCells = row.strings
                    headerNumber = row.number
                } else if !text.append(row) {
                    full = true
                    throw ImportError.limitExceeded(file: path, line: row.number, what: "the text of the sheet's cells",
                                                    limit: Int(clamping: options.limits.maxUnpackedBytes))
                }
            }
        } catch let error as XLSXError {
            throw .workbook(file: path, message: error.description)
        } catch let error as ImportError {
            throw error
        } catch {
            throw .workbook(file: path, message: "\(path): \(error)")
        }
        text.finish()
        guard var h = headerCells else {
            let others = workbook.sheetNames.count > 1
                ? "; the workbook's sheets are " + workbook.sheetNames.map { "\"\($0)\"" }.joined(separator: ", ")
                    + ": pick one with --sheet"
                : ""
            throw .workbook(file: path, message: "\(path):\(CellReference.sheetName(name)): the sheet is empty (no header row)" + others)
        }
        h = h.map { $0.trimmingCharacters() }
        while h.last?.isEmpty == true { h.removeLast() }
        header = h
        let headerNames = NameTable()
        for (i, n) in h.enumerated() where headerNames.add(n) != Int32(i) {
            // Two columns may share a name; cells refer to columns by index, so keep one entry each.
            headerNames.names.append(n)
        }
        names = headerNames
        binding = try HeaderBinding.bind(header: h, options: options, file: path)
        headerRow = headerNumber
        blankLines = blanks
        rows = text
    }

    mutating func rewind() throws(ImportError) { nextRow = 0 }

    /// Nothing to release: the sheet's text is held until the read ends.
    func releaseBehind() {}

    mutating func next(into row: inout Row) throws(ImportError) -> Bool {
        guard nextRow < rows.count else { return false }
        fill(&row, index: nextRow)
        nextRow += 1
        return true
    }

    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError) {
        fill(&row, index: position.offset)
    }

    /// Fills `row` with the held row `index` (0-based among the rows after the header).
    private func fill(_ row: inout Row, index: Int) {
        row.clear()
        row.base = UnsafePointer(rows.arena.pointer)
        var column: Int32 = 0
        var lastValue = -1
        rows.forEachCell(ofRow: index) { start, count in
            row.cells.append(Cell(start: start, count: count, name: column))
            if count > 0 { lastValue = Int(column) }
            column += 1
        }
        while Int(column) < header.count {
            row.cells.append(Cell(start: 0, count: 0, name: column))
            column += 1
        }
        let number = Int(rows.rowNumber[index])
        row.kind = binding.kind
        row.position = RowPosition(offset: index, line: number, kind: binding.kind)
        row.names = names
        row.fieldCell.assign(binding.fieldColumn)
        if lastValue >= header.count {
            let past = CellReference.columnName(lastValue)
            let last = CellReference.columnName(max(header.count - 1, 0))
            row.problem = (.fieldCount, "the row has a value in column \(past), right of the header's last column (\(last)); "
                + "give the column a header, or clear the cell")
        }
    }
}
