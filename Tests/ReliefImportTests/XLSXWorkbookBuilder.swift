import Foundation
@testable import ReliefImport

/// Writes minimal .xlsx files part by part, for cases no spreadsheet
/// program writes on request (1904 dates, inline strings, rich text, odd XML, bombs).
struct WorkbookBuilder {
    /// A sheet: its tab name and its XML `<sheetData>` content (rows).
    struct Sheet {
        var name: String
        var rows: String
        /// Replaces the whole worksheet part when set (for namespace-prefix tests).
        var fullXML: String?
    }

    var sheets: [Sheet] = []
    /// `<si>` elements, or nil for no shared-strings part.
    var sharedStrings: [String]?
    /// `<numFmt>` elements (id, code) and the `numFmtId` of each cell style (`s` index).
    var numberFormats: [(Int, String)] = []
    var cellStyleFormats: [Int] = [0]
    var date1904 = false
    /// More entries (path, bytes, deflate?) added as they are.
    var extraEntries: [(String, [UInt8], Bool)] = []

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The zip bytes.
    func build() throws -> [UInt8] {
        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>
            """))
        parts.append(("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(Self.relNS)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """))
        // Sheet parts are named in reverse so that nothing can assume sheetN.xml is the Nth tab.
        var sheetXML = ""
        var rels = ""
        for (i, sheet) in sheets.enumerated() {
            let file = "tab\(sheets.count - i).xml"
            sheetXML += "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 10)\"/>"
            rels += "<Relationship Id=\"rId\(i + 10)\" Type=\"\(Self.relNS)/worksheet\" Target=\"worksheets/\(file)\"/>"
            parts.append(("xl/worksheets/\(file)", sheet.fullXML ?? """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="\(Self.mainNS)" xmlns:r="\(Self.relNS)"><sheetData>\(sheet.rows)</sheetData></worksheet>
                """))
        }
        rels += "<Relationship Id=\"rId2\" Type=\"\(Self.relNS)/styles\" Target=\"styles.xml\"/>"
        if let sharedStrings {
            rels += "<Relationship Id=\"rId3\" Type=\"\(Self.relNS)/sharedStrings\" Target=\"/xl/strings.xml\"/>"
            parts.append(("xl/strings.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <sst xmlns="\(Self.mainNS)" count="\(sharedStrings.count)" uniqueCount="\(sharedStrings.count)">\(sharedStrings.joined())</sst>
                """))
        }
        parts.append(("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(Self.mainNS)" xmlns:r="\(Self.relNS)"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetXML)</sheets></workbook>
            """))
        parts.append(("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels)</Relationships>
            """))
        let fmts = numberFormats.map { "<numFmt numFmtId=\"\($0.0)\" formatCode=\"\(escape($0.1))\"/>" }.joined()
        let xfs = cellStyleFormats.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        parts.append(("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="\(Self.mainNS)"><numFmts count="\(numberFormats.count)">\(fmts)</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="\(cellStyleFormats.count)">\(xfs)</cellXfs></styleSheet>
            """))
        var entries = parts.map { ($0.0, Array($0.1.utf8), true) }
        entries += extraEntries
        return try Self.zip(entries)
    }

    /// A zip of `entries` (path, bytes, deflate?), written by `TestZipWriter`.
    static func zip(_ entries: [(String, [UInt8], Bool)]) throws -> [UInt8] {
        try TestZipWriter.zip(entries)
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}

/// Reads every row's text values of a built workbook's sheet.
func texts(_ bytes: [UInt8], sheet: String? = nil) throws -> [Int: [String]] {
    let book = try XLSXWorkbookForTests.open(bytes)
    var out: [Int: [String]] = [:]
    try book.forEachRow(sheet: sheet) { out[$0.number] = $0.textValues }
    return out
}
