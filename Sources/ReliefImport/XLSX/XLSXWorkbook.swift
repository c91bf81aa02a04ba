/// An Excel workbook (.xlsx) opened for reading, one sheet at a time, row by row.
///
/// Opening reads the zip directory, the workbook part (sheet names, date system), its
/// relationships (which part holds which sheet: no `sheet1.xml` is assumed) and the
/// styles (which cell formats are dates). `forEachRow` then streams one sheet's XML
/// through a small scanner as it is inflated, so memory holds the shared strings (the
/// workbook's text table, inherent to the format) and one row, never the sheet.
///
/// Every read is bounded by `XLSXLimits` (zip bombs, huge sheets), and every error
/// names the file and, inside a sheet, the row the way Excel does (`visits.xlsx:Sheet1!12`).
///
/// ```swift
/// let book = try XLSXWorkbook(path: "visits.xlsx")
/// try book.forEachRow(sheet: nil) { row in print(row.number, row.textValues) }
/// ```
struct XLSXWorkbook: Sendable {
    /// One sheet: its tab name and where its XML is.
    private struct SheetEntry: Sendable {
        let name: String
        /// The part path, or nil for a chart sheet, dialog sheet or a missing relationship.
        let part: String?
    }

    /// The name used in messages (the file name, or what the caller gave).
    let name: String
    /// The limits every read is held to.
    let limits: XLSXLimits
    /// The sheet names in tab order.
    var sheetNames: [String] { sheets.map(\.name) }
    /// The workbook's date system.
    let dateSystem: XLSXDateSystem

    private let archive: ZipArchive
    private let sheets: [SheetEntry]
    private let dateStyles: [DateStyle]
    private let sharedStringsPart: String?
    /// Bytes already inflated while opening, counted against `limits.maxUncompressedBytes`.
    private let openedBytes: Int64

    /// Opens the workbook at `path`.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - name: the name for messages; the file name from `path` when nil.
    ///   - limits: the bounds to enforce.
    /// - Throws: `XLSXError`: `.unreadable` when the file cannot be opened, `.legacyXLS` for
    ///   an old .xls (or password-protected) file, `.openDocument` for an .ods,
    ///   `.notXLSX` for anything else that is not a workbook, `.damaged`, `.encrypted`,
    ///   a limit case, or `.noSheets`.
    init(path: String, name: String? = nil, limits: XLSXLimits = .default) throws(XLSXError) {
        let display = name ?? String(path.split(separator: "/").last ?? Substring(path))
        let source = try ByteSource(path: path, name: display)
        try self.init(source: source, name: display, limits: limits)
    }

    /// Opens a workbook held in memory (an upload, or a fuzzer's input).
    ///
    /// - Throws: as `init(path:name:limits:)`.
    init(bytes: [UInt8], name: String, limits: XLSXLimits = .default) throws(XLSXError) {
        try self.init(source: ByteSource(bytes: bytes), name: name, limits: limits)
    }

    /// Opens a workbook ReliefImport has already mapped (`RecordReader`), reading it in place.
    ///
    /// - Throws: as `init(path:name:limits:)`.
    init(file: MappedFile, name: String, limits: XLSXLimits = .default) throws(XLSXError) {
        try self.init(source: ByteSource(file: file), name: name, limits: limits)
    }

    private init(source: ByteSource, name: String, limits: XLSXLimits) throws(XLSXError) {
        self.name = name
        self.limits = limits
        let archive = try ZipArchive(source: source, name: name, limits: limits)
        self.archive = archive
        var total: Int64 = 0

        if archive.entry("[Content_Types].xml") == nil, let mimetype = archive.entry("mimetype"),
           mimetype.uncompressedSize < 200 {
            let bytes = try XLSXWorkbook.run(name) { () throws in
                try ZipInflater(archive: archive, limits: limits).bytes(of: mimetype, total: &total)
            }
            if String(decoding: bytes, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument") {
                throw .openDocument(file: name)
            }
        }

        // _rels/.rels names the workbook part; xl/workbook.xml is the usual place.
        var workbookPath = "xl/workbook.xml"
        if let rootRels = archive.entry("_rels/.rels") {
            let rels = try XLSXWorkbook.parse(rootRels, archive: archive, limits: limits, total: &total,
                                              handler: RelationshipsHandler())
            if let office = rels.relationships.first(where: { $0.isType("officeDocument") && !$0.isExternal }) {
                workbookPath = RelationshipsHandler.resolve(office.target, from: "")
            }
        }
        guard let workbookEntry = archive.entry(workbookPath) ?? archive.entry("xl/workbook.xml") else {
            throw .notXLSX(file: name, reason: "the zip archive has no Excel workbook part; it may be a Word or PowerPoint file")
        }
        let workbook = try XLSXWorkbook.parse(workbookEntry, archive: archive, limits: limits, total: &total,
                                              handler: WorkbookHandler())
        dateSystem = workbook.date1904 ? .system1904 : .system1900

        let relsPath = RelationshipsHandler.resolve("_rels/" + (workbookEntry.path.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels",
                                                    from: workbookEntry.path)
        var relationships: [RelationshipsHandler.Relationship] = []
        if let relsEntry = archive.entry(relsPath) {
            relationships = try XLSXWorkbook.parse(relsEntry, archive: archive, limits: limits, total: &total,
                                                   handler: RelationshipsHandler()).relationships
        }
        func target(_ r: RelationshipsHandler.Relationship) -> String {
            RelationshipsHandler.resolve(r.target, from: workbookEntry.path)
        }
        sheets = workbook.sheets.map { sheet in
            guard let r = relationships.first(where: { $0.id == sheet.relationshipID }), !r.isExternal,
                  r.isType("worksheet") else {
                return SheetEntry(name: sheet.name, part: nil)
            }
            return SheetEntry(name: sheet.name, part: target(r))
        }
        guard !sheets.isEmpty else { throw .noSheets(file: name) }

        let stylesPath = relationships.first(where: { $0.isType("styles") }).map(target) ?? "xl/styles.xml"
        if let stylesEntry = archive.entry(stylesPath) {
            dateStyles = try XLSXWorkbook.parse(stylesEntry, archive: archive, limits: limits, total: &total,
                                                handler: StylesHandler()).dateStyles
        } else {
            dateStyles = []
        }
        sharedStringsPart = relationships.first(where: { $0.isType("sharedStrings") }).map(target)
            ?? (archive.entry("xl/sharedStrings.xml") != nil ? "xl/sharedStrings.xml" : nil)
        openedBytes = total
    }

    /// The name of the sheet `requested` refers to: the first sheet when nil, else the
    /// sheet of that name (exactly, or ignoring case as Excel does).
    ///
    /// - Throws: `XLSXError.sheetNotFound`, listing the sheet names.
    func sheetName(_ requested: String?) throws(XLSXError) -> String {
        try sheetEntry(requested).name
    }

    private func sheetEntry(_ requested: String?) throws(XLSXError) -> SheetEntry {
        guard let requested else {
            guard let first = sheets.first else { throw .noSheets(file: name) }
            return first
        }
        if let exact = sheets.first(where: { $0.name == requested }) { return exact }
        let folded = requested.lowercased()
        if let loose = sheets.first(where: { $0.name.lowercased() == folded }) { return loose }
        throw .sheetNotFound(file: name, sheet: requested, available: sheetNames)
    }

    /// Reads a sheet from top to bottom, calling `body` with each row the file lists.
    ///
    /// Rows come in file order (Excel writes them in ascending order); each holds its
    /// cells by column with `.empty` gaps. Throwing from `body` stops the read.
    ///
    /// - Parameters:
    ///   - sheet: the sheet name, or nil for the first sheet.
    ///   - body: called once per row.
    /// - Throws: `XLSXError` (`.sheetNotFound`, `.notAWorksheet`, `.damaged`,
    ///   `.malformed` naming the row, a limit case), or what `body` throws.
    func forEachRow(sheet: String? = nil, _ body: (XLSXRow) throws -> Void) throws {
        try forEachRow(sheet: sheet, pipelined: true, body)
    }

    /// `forEachRow`, choosing whether a large sheet is inflated on a second thread.
    func forEachRow(sheet: String?, pipelined: Bool, _ body: (XLSXRow) throws -> Void) throws {
        try withoutActuallyEscaping(body) { deliver in
            try readSheet(sheet, pipelined: pipelined) { strings, sheetName in
                SheetHandler(sharedStrings: strings, dateStyles: dateStyles, system: dateSystem,
                             limits: limits, file: name, sheet: sheetName, deliver: deliver)
            }
        }
    }

    /// `forEachRow` with each row as its cells' text (`SheetRowText`, valid during the call):
    /// the importer's way in, without a `String` per cell. Same rows, same errors.
    ///
    /// - Throws: as `forEachRow(sheet:_:)`.
    func forEachRowText(sheet: String?, pipelined: Bool = true, _ body: (SheetRowText) throws -> Void) throws {
        try withoutActuallyEscaping(body) { deliver in
            try readSheet(sheet, pipelined: pipelined) { strings, sheetName in
                SheetHandler(sharedStrings: strings, dateStyles: dateStyles, system: dateSystem,
                             limits: limits, file: name, sheet: sheetName, deliverText: deliver)
            }
        }
    }

    /// Finds the sheet, reads the shared strings, then streams the sheet through the handler
    /// `makeHandler` returns (given the shared strings and the sheet's name).
    private func readSheet(_ sheet: String?, pipelined: Bool,
                           _ makeHandler: ([String], String) -> SheetHandler) throws {
        let entry = try sheetEntry(sheet)
        guard let part = entry.part else { throw XLSXError.notAWorksheet(file: name, sheet: entry.name) }
        guard let sheetZipEntry = archive.entry(part) else {
            throw XLSXError.damaged(file: name, part: part, reason: "the sheet \"\(entry.name)\" is missing from the file")
        }
        var total = openedBytes
        var strings: [String] = []
        if let sstPath = sharedStringsPart, let sstEntry = archive.entry(sstPath) {
            strings = try XLSXWorkbook.parse(sstEntry, archive: archive, limits: limits, total: &total,
                                             handler: SharedStringsHandler(limit: limits.maxSharedStrings, file: name)).strings
        }
        _ = try XLSXWorkbook.parse(sheetZipEntry, archive: archive, limits: limits, total: &total,
                                   handler: makeHandler(strings, entry.name), pipelined: pipelined, location: { $0.location })
    }

    /// Every row of a sheet, in memory (for small sheets and tests; `forEachRow` streams).
    ///
    /// - Throws: as `forEachRow(sheet:_:)`.
    func rows(sheet: String? = nil) throws -> [XLSXRow] {
        var rows: [XLSXRow] = []
        try forEachRow(sheet: sheet) { rows.append($0) }
        return rows
    }

    /// Parts at least this large (declared) are inflated on a second thread while parsed.
    static let pipelineThreshold: Int64 = 1 << 20

    /// Inflates `entry` through an `XMLScanner` with `handler`; returns the handler.
    ///
    /// - Throws: `XLSXError` (`.malformed` at `location(handler)`, or at the part's path),
    ///   or what the handler throws.
    private static func parse<H: XMLHandler>(
        _ entry: ZipEntry, archive: ZipArchive, limits: XLSXLimits, total: inout Int64,
        handler: H, pipelined: Bool = false, location: ((H) -> String)? = nil
    ) throws -> H {
        var scanner = XMLScanner(handler: handler, maxTokenBytes: limits.maxTokenBytes)
        let inflater = ZipInflater(archive: archive, limits: limits)
        do {
            if pipelined && entry.uncompressedSize >= pipelineThreshold {
                try InflatePipeline.run(inflater, entry: entry, total: &total) { chunk in try scanner.feed(chunk) }
            } else {
                try inflater.inflate(entry, total: &total) { chunk in try scanner.feed(chunk) }
            }
            try scanner.finish()
        } catch let e as XMLSyntaxError {
            throw XLSXError.malformed(file: archive.name, location: location?(scanner.handler) ?? entry.path, reason: e.reason)
        } catch XLSXError.tokenTooLong(file: "", part: _, limit: let limit) {
            throw XLSXError.tokenTooLong(file: archive.name, part: location?(scanner.handler) ?? entry.path, limit: limit)
        }
        return scanner.handler
    }

    /// Turns untyped errors from the inflater into `XLSXError` for the typed initializers.
    private static func run<T>(_ name: String, _ body: () throws -> T) throws(XLSXError) -> T {
        do {
            return try body()
        } catch let e as XLSXError {
            throw e
        } catch {
            throw .damaged(file: name, part: nil, reason: "\(error)")
        }
    }

    private static func parse<H: XMLHandler>(
        _ entry: ZipEntry, archive: ZipArchive, limits: XLSXLimits, total: inout Int64, handler: H
    ) throws(XLSXError) -> H {
        var t = total
        defer { total = t }
        return try run(archive.name) { try parse(entry, archive: archive, limits: limits, total: &t, handler: handler, location: nil) }
    }
}
