/// One row of a sheet, as delivered by `XLSXWorkbook.forEachRow`.
///
/// `cells[i]` is the cell in column `i` (A = 0); columns skipped in the file are
/// `.empty`, and trailing empty cells are dropped, so `cells` may be shorter than the
/// header row. Rows the file does not list at all (blank rows) are not delivered; the
/// `number` of the next row shows the gap.
struct XLSXRow: Sendable, Hashable {
    /// The row number as Excel shows it (1-based).
    let number: Int
    /// The cells by column index (A = 0).
    let cells: [XLSXCellValue]
    /// The file name given to the workbook.
    let file: String
    /// The sheet's name.
    let sheet: String

    /// A row; used by the reader and by tests.
    init(number: Int, cells: [XLSXCellValue], file: String, sheet: String) {
        self.number = number
        self.cells = cells
        self.file = file
        self.sheet = sheet
    }

    /// The cell in column `column` (A = 0); `.empty` past the last cell.
    subscript(column: Int) -> XLSXCellValue {
        column >= 0 && column < cells.count ? cells[column] : .empty
    }

    /// Every cell's `textValue`, in column order.
    var textValues: [String] { cells.map(\.textValue) }

    /// Whether no cell has a value.
    var isEmpty: Bool { cells.allSatisfy(\.isEmpty) }

    /// The row's name in diagnostics: `visits.xlsx:Sheet1!12` (`visits.xlsx:'Visits 2024'!12`
    /// when the sheet name needs quotes, as in Excel).
    var location: String { CellReference.row(file: file, sheet: sheet, row: number) }

    /// A cell's name in diagnostics: `visits.xlsx:Sheet1!C12`.
    func location(column: Int) -> String {
        "\(file):\(CellReference.sheetName(sheet))!\(CellReference.columnName(column))\(number)"
    }
}
