/// Why a workbook, or a sheet in it, cannot be read.
///
/// Each case carries the file name (as given to `XLSXWorkbook`) and, where there is one,
/// the sheet and row, written the way Excel names them (`visits.xlsx:Sheet1!12`), so that
/// `description` is a message an office manager can act on.
enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read at all.
    case unreadable(file: String, reason: String)
    /// The file is an old binary Excel workbook (.xls), or another OLE2 compound file
    /// such as a password-protected .xlsx.
    case legacyXLS(file: String)
    /// The file is an OpenDocument spreadsheet (.ods).
    case openDocument(file: String)
    /// The file is not a zip archive, so it cannot be an .xlsx workbook.
    case notXLSX(file: String, reason: String)
    /// The file is a zip archive, but a part of it is damaged or cannot be unpacked.
    case damaged(file: String, part: String?, reason: String)
    /// The workbook, or one of its parts, is encrypted.
    case encrypted(file: String)
    /// The archive has more entries than `XLSXLimits.maxEntries`.
    case tooManyEntries(file: String, count: Int, limit: Int)
    /// The shared-strings table holds more strings than `XLSXLimits.maxSharedStrings`.
    case tooManyStrings(file: String, limit: Int)
    /// The parts unpack to more than `XLSXLimits.maxUncompressedBytes`.
    case tooLarge(file: String, part: String, bytes: Int64, limit: Int64)
    /// One entry unpacks to more than `XLSXLimits.maxCompressionRatio` times its packed size.
    case compressionRatio(file: String, part: String, ratio: Int64, limit: Int64)
    /// A row number is above `XLSXLimits.maxRows`.
    case tooManyRows(file: String, sheet: String, row: Int, limit: Int)
    /// A cell is beyond `XLSXLimits.maxColumns`.
    case tooManyColumns(file: String, sheet: String, row: Int, column: Int, limit: Int)
    /// One tag or text run is longer than `XLSXLimits.maxTokenBytes`.
    case tokenTooLong(file: String, part: String, limit: Int)
    /// The workbook lists no sheets.
    case noSheets(file: String)
    /// No sheet has the name asked for; `available` lists the names there are.
    case sheetNotFound(file: String, sheet: String, available: [String])
    /// The sheet is a chart sheet or another kind of sheet without cells.
    case notAWorksheet(file: String, sheet: String)
    /// A part's XML cannot be read; `location` is a sheet and row (`Sheet1!12`) or a part name.
    case malformed(file: String, location: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file: \(reason)"
        case .legacyXLS(let file):
            return "\(file): this is an old Excel .xls file: save it as .xlsx or .csv "
                + "(File > Save As in Excel) and import that. (A password-protected workbook "
                + "looks the same: remove the password first.)"
        case .openDocument(let file):
            return "\(file): this is an OpenDocument spreadsheet (.ods): save it as .xlsx or .csv and import that"
        case .notXLSX(let file, let reason):
            return "\(file): not an Excel .xlsx workbook (\(reason)); save it from Excel as .xlsx or .csv and import that"
        case .damaged(let file, let part, let reason):
            let inPart = part.map { " (in \($0))" } ?? ""
            return "\(file): the workbook is damaged\(inPart): \(reason). Open it in Excel, "
                + "save it again as .xlsx (or .csv), and import the new file"
        case .encrypted(let file):
            return "\(file): the workbook is encrypted; remove the password in Excel, save, and import it again"
        case .tooManyStrings(let file, let limit):
            return "\(file): the workbook's shared text table holds more than \(limit) entries; "
                + "it may be damaged or built to overload the importer. Save the sheet as .csv and import that"
        case .tooManyEntries(let file, let count, let limit):
            return "\(file): the workbook holds \(count) files inside, more than the limit of \(limit); "
                + "it may be damaged or built to overload the importer. Save the sheet as .csv and import that"
        case .tooLarge(let file, let part, let bytes, let limit):
            return "\(file): the workbook unpacks to more than \(XLSXError.size(limit)) "
                + "(at least \(XLSXError.size(bytes)), reached in \(part)); it is too large to import "
                + "or built to overload the importer. Split it, or save the sheet as .csv and import that"
        case .compressionRatio(let file, let part, let ratio, let limit):
            return "\(file): \(part) unpacks to more than \(limit) times its packed size (\(ratio):1 when stopped), "
                + "which real workbooks do not do; the file may be built to overload the importer. "
                + "Save the sheet as .csv from Excel and import that"
        case .tooManyRows(let file, let sheet, let row, let limit):
            return "\(file):\(XLSXError.quoted(sheet))!\(row): row \(row) is past the limit of \(limit) rows; "
                + "split the sheet and import the parts"
        case .tooManyColumns(let file, let sheet, let row, let column, let limit):
            return "\(file):\(XLSXError.quoted(sheet))!\(row): column \(column) is past the limit of \(limit) columns"
        case .tokenTooLong(let file, let part, let limit):
            return "\(file): \(part) has a cell or tag longer than \(XLSXError.size(Int64(limit))); "
                + "the file is damaged or not written by a spreadsheet program"
        case .noSheets(let file):
            return "\(file): the workbook has no sheets"
        case .sheetNotFound(let file, let sheet, let available):
            let names = available.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(file): no sheet named \"\(sheet)\"; the sheets are \(names)"
        case .notAWorksheet(let file, let sheet):
            return "\(file):\(XLSXError.quoted(sheet)): this sheet is a chart or dialog sheet and has no cells; pick another with --sheet"
        case .malformed(let file, let location, let reason):
            return "\(file):\(location): \(reason); open the file in Excel, save it again as .xlsx, and import the new file"
        }
    }

    /// A byte count for people: `1 GiB`, `12.5 MiB`, `300 bytes`.
    static func size(_ bytes: Int64) -> String {
        let units: [(Int64, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (unit, name) in units where bytes >= unit {
            let tenths = (bytes * 10 + unit / 2) / unit
            return tenths % 10 == 0 ? "\(tenths / 10) \(name)" : "\(tenths / 10).\(tenths % 10) \(name)"
        }
        return "\(bytes) bytes"
    }

    /// A sheet name as Excel writes it in a reference: quoted when it is not a plain word.
    static func quoted(_ sheet: String) -> String {
        CellReference.sheetName(sheet)
    }
}
