import Foundation
import Testing
@testable import ReliefImport

/// Files that must be refused, each with an error that says what to do.
@Suite struct XLSXErrorTests {
    static func simple(rows: String = "<row r=\"1\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>") -> WorkbookBuilder {
        var b = WorkbookBuilder()
        b.sheets = [.init(name: "Visits", rows: rows), .init(name: "Notes", rows: "")]
        return b
    }

    @Test func legacyXLS() {
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        let e = XLSXWorkbookForTests.error { _ = try XLSXWorkbookForTests.open(ole2) }
        #expect(e == .legacyXLS(file: "test.xlsx"))
        #expect(e?.description.contains("this is an old Excel .xls file: save it as .xlsx or .csv") == true)
    }

    @Test(arguments: [[UInt8](), Array("client_id,date\nC-1,2024-01-01\n".utf8), [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)])
    func notAZip(_ bytes: [UInt8]) {
        let e = XLSXWorkbookForTests.error { _ = try XLSXWorkbookForTests.open(bytes) }
        guard case .notXLSX(let file, _) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(file == "test.xlsx")
        #expect(e?.description.contains("save it from Excel as .xlsx or .csv") == true)
    }

    @Test func zipWithoutWorkbook() throws {
        let bytes = try WorkbookBuilder.zip([("word/document.xml", Array("<w/>".utf8), true)])
        guard case .notXLSX = XLSXWorkbookForTests.error({ _ = try XLSXWorkbookForTests.open(bytes) }) else {
            Issue.record("expected notXLSX")
            return
        }
        let ods = try WorkbookBuilder.zip([("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8), false)])
        #expect(XLSXWorkbookForTests.error { _ = try XLSXWorkbookForTests.open(ods) } == .openDocument(file: "test.xlsx"))
    }

    @Test func missingFile() {
        let e = XLSXWorkbookForTests.error { _ = try XLSXWorkbook(path: "/nonexistent/visits.xlsx") }
        guard case .unreadable(let file, _) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(file == "visits.xlsx")
    }

    @Test func missingSheetListsTheNames() throws {
        let book = try XLSXWorkbookForTests.open(try XLSXErrorTests.simple().build())
        let e = XLSXWorkbookForTests.error { try book.forEachRow(sheet: "Visit") { _ in } }
        #expect(e == .sheetNotFound(file: "test.xlsx", sheet: "Visit", available: ["Visits", "Notes"]))
        #expect(e?.description == "test.xlsx: no sheet named \"Visit\"; the sheets are \"Visits\", \"Notes\"")
        #expect(try book.sheetName(nil) == "Visits")
        #expect(try book.sheetName("NOTES") == "Notes")
    }

    @Test func compressionRatioBomb() throws {
        var b = XLSXErrorTests.simple()
        // 64 MiB of one repeated row deflates about 1000:1.
        let row = "<row><c t=\"b\"><v>1</v></c></row>"
        let rows = String(repeating: row, count: (64 << 20) / row.utf8.count)
        b.sheets[0].rows = rows
        let book = try XLSXWorkbookForTests.open(try b.build())
        let e = XLSXWorkbookForTests.error { try book.forEachRow { _ in } }
        guard case .compressionRatio(_, let part, let ratio, 200) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(part == "xl/worksheets/tab2.xml")
        #expect(ratio > 200)
        #expect(e?.description.contains("built to overload the importer") == true)
    }

    @Test func totalSizeLimitCountsInflatedBytes() throws {
        let b = XLSXErrorTests.simple(rows: String(repeating: "<row><c><v>1</v></c></row>", count: 4000))
        let bytes = try b.build()
        let limits = XLSXLimits(maxUncompressedBytes: 50_000)
        // The declared sizes add up past the limit: refused at open.
        let e = XLSXWorkbookForTests.error { _ = try XLSXWorkbookForTests.open(bytes, limits: limits) }
        guard case .tooLarge(_, _, _, 50_000) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(e?.description.contains("unpacks to more than 48.8 KiB") == true)
    }

    @Test func lyingDeclaredSizeIsCaught() throws {
        let big = XLSXErrorTests.simple(rows: String(repeating: "<row><c><v>1</v></c></row>", count: 40_000))
        var bytes = try big.build()
        // Patch the sheet's declared unpacked size, in its central-directory record, down to 100 bytes.
        let name = Array("xl/worksheets/tab2.xml".utf8)
        var patched = false
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02,
               Array(bytes[(i + 46)..<min(bytes.count, i + 46 + name.count)]) == name {
                bytes[i + 24] = 100; bytes[i + 25] = 0; bytes[i + 26] = 0; bytes[i + 27] = 0
                patched = true
            }
            i += 1
        }
        #expect(patched)
        let book = try XLSXWorkbookForTests.open(bytes)
        var rows = 0
        let e = XLSXWorkbookForTests.error { try book.forEachRow { _ in rows += 1 } }
        guard case .damaged(_, let part, let reason) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(part == "xl/worksheets/tab2.xml")
        #expect(reason.contains("more bytes than its header says"))
        #expect(rows < 10)
    }

    @Test func entryCountLimit() throws {
        var b = XLSXErrorTests.simple()
        b.extraEntries = (0..<30).map { ("xl/media/image\($0).png", [1, 2, 3], false) }
        let e = XLSXWorkbookForTests.error { _ = try XLSXWorkbookForTests.open(try b.build(), limits: XLSXLimits(maxEntries: 20)) }
        guard case .tooManyEntries(_, let count, 20) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(count > 30)
    }

    @Test func sharedStringCountLimit() throws {
        // Each shared string is held while the sheet is read: a table of millions of empty
        // <si/> (a few MB packed) is refused by count, not read into gigabytes.
        var b = XLSXErrorTests.simple(rows: "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>")
        b.sharedStrings = (0..<10).map { "<si><t>s\($0)</t></si>" }
        let fits = try XLSXWorkbookForTests.open(try b.build(), limits: XLSXLimits(maxSharedStrings: 10))
        try fits.forEachRow { _ in }
        let book = try XLSXWorkbookForTests.open(try b.build(), limits: XLSXLimits(maxSharedStrings: 3))
        let e = XLSXWorkbookForTests.error { try book.forEachRow { _ in } }
        #expect(e == .tooManyStrings(file: "test.xlsx", limit: 3))
        #expect(e?.description.contains("shared text table holds more than 3 entries") == true)
    }

    @Test func rowAndColumnLimits() throws {
        let far = XLSXErrorTests.simple(rows: "<row r=\"1\"><c><v>1</v></c></row><row r=\"2000000\"><c><v>1</v></c></row>")
        let book = try XLSXWorkbookForTests.open(try far.build())
        var seen: [Int] = []
        let e = XLSXWorkbookForTests.error { try book.forEachRow { seen.append($0.number) } }
        #expect(e == .tooManyRows(file: "test.xlsx", sheet: "Visits", row: 2_000_000, limit: 1_048_576))
        #expect(seen == [1])
        #expect(e?.description.hasPrefix("test.xlsx:Visits!2000000: row 2000000 is past the limit") == true)

        let wide = XLSXErrorTests.simple(rows: "<row r=\"3\"><c r=\"ZZ3\"><v>1</v></c></row>")
        let narrow = try XLSXWorkbookForTests.open(try wide.build(), limits: XLSXLimits(maxColumns: 100))
        let e2 = XLSXWorkbookForTests.error { try narrow.forEachRow { _ in } }
        #expect(e2 == .tooManyColumns(file: "test.xlsx", sheet: "Visits", row: 3, column: 702, limit: 100))
    }

    @Test func malformedCellsNameTheRowAndCell() throws {
        var b = XLSXErrorTests.simple(rows: "<row r=\"12\"><c r=\"A12\"><v>1</v></c><c r=\"C12\"><v>abc</v></c></row>")
        b.sheets[0].name = "Sheet1"
        let book = try XLSXWorkbook(bytes: try b.build(), name: "visits.xlsx")
        let e = XLSXWorkbookForTests.error { try book.forEachRow { _ in } }
        #expect(e?.description.hasPrefix("visits.xlsx:Sheet1!C12: the cell holds \"abc\", which is not a number") == true)

        let badIndex = XLSXErrorTests.simple(rows: "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>9</v></c></row>")
        let e2 = XLSXWorkbookForTests.error { try XLSXWorkbookForTests.open(try badIndex.build()).forEachRow { _ in } }
        #expect(e2?.description.hasPrefix("test.xlsx:Visits!B4: the cell refers to shared string \"9\"") == true)

        let badXML = XLSXErrorTests.simple(rows: "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=x><v>1</v></c></row>")
        let e3 = XLSXWorkbookForTests.error { try XLSXWorkbookForTests.open(try badXML.build()).forEachRow { _ in } }
        #expect(e3 == .malformed(file: "test.xlsx", location: "Visits!2", reason: "an attribute value without quotes"))
    }

    @Test func truncatedAndCorruptedFiles() throws {
        let bytes = try XLSXErrorTests.simple(rows: String(repeating: "<row><c><v>12345</v></c></row>", count: 2000)).build()
        // Cut short: the central directory is gone.
        let cut = Array(bytes.prefix(bytes.count / 2))
        guard case .damaged = XLSXWorkbookForTests.error({ _ = try XLSXWorkbookForTests.open(cut) }) else {
            Issue.record("expected damaged")
            return
        }
        // A flipped byte in every entry's packed data: never a crash, always an XLSXError.
        for offset in stride(from: 60, to: bytes.count - 200, by: 97) {
            var bad = bytes
            bad[offset] ^= 0x55
            do {
                let book = try XLSXWorkbookForTests.open(bad)
                try book.forEachRow { _ in }
            } catch is XLSXError {
            } catch {
                Issue.record("not an XLSXError: \(error)")
            }
        }
    }

    @Test func bodyErrorsPassThrough() throws {
        struct Stop: Error {}
        let book = try XLSXWorkbookForTests.open(try XLSXErrorTests.simple().build())
        #expect(throws: Stop.self) { try book.forEachRow { _ in throw Stop() } }
    }

    @Test func encryptedEntry() throws {
        var bytes = try XLSXErrorTests.simple().build()
        // Set the "encrypted" flag on every central-directory record.
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02 { bytes[i + 8] |= 1 }
            i += 1
        }
        #expect(XLSXWorkbookForTests.error { _ = try XLSXWorkbookForTests.open(bytes) } == .encrypted(file: "test.xlsx"))
    }
}

/// Sheets large enough to be inflated on a second thread while parsed.
@Suite struct XLSXPipelineTests {
    static func big() throws -> [UInt8] {
        var rows = ""
        for r in 1...60_000 { rows += "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r)</v></c><c r=\"B\(r)\" t=\"inlineStr\"><is><t>n\(r % 97)</t></is></c></row>" }
        return try XLSXErrorTests.simple(rows: rows).build()
    }

    @Test func readsEveryRowInOrder() throws {
        let book = try XLSXWorkbookForTests.open(try Self.big())
        var expected = 1
        try book.forEachRow { row in
            #expect(row.number == expected)
            #expect(row.cells == [.number(Double(expected)), .text("n\(expected % 97)")])
            expected += 1
        }
        #expect(expected == 60_001)
    }

    @Test func stoppingEarlyJoinsTheInflater() throws {
        struct Stop: Error {}
        let book = try XLSXWorkbookForTests.open(try Self.big())
        for stopAt in [1, 5_000, 59_999] {
            var seen = 0
            #expect(throws: Stop.self) {
                try book.forEachRow { _ in
                    seen += 1
                    if seen == stopAt { throw Stop() }
                }
            }
            #expect(seen == stopAt)
        }
    }

    @Test func damageFoundByTheInflaterStopsTheRead() throws {
        var bytes = try Self.big()
        // Corrupt the middle of the sheet's packed data (the largest entry comes first).
        bytes[bytes.count / 3] ^= 0xFF
        bytes[bytes.count / 3 + 1] ^= 0xFF
        let book = try XLSXWorkbookForTests.open(bytes)
        let e = XLSXWorkbookForTests.error { try book.forEachRow { _ in } }
        guard case .damaged? = e else {
            if case .malformed? = e { return }  // the flip may yield valid deflate and bad XML first
            Issue.record("got \(String(describing: e))")
            return
        }
    }
}

/// The reader's own inflater, not ZIPFoundation's, unpacks entries; this file is why (docs/import.md).
@Suite struct XLSXInflaterTests {
    @Test func neverEndingDeflateStreamIsRefusedAtOnce() throws {
        // ZIPFoundation 0.9.20's extract loops forever on this file (docs/import.md, "Excel workbooks").
        let bytes = try [UInt8](Data(contentsOf: XLSXWorkbookForTests.fixtures.appendingPathComponent("truncated-deflate.xlsx")))
        let archive = try ZipArchive(source: ByteSource(bytes: bytes), name: "t.xlsx", limits: .default)
        let entry = try #require(archive.entry("xl/worksheets/sheet1.xml"))
        var total: Int64 = 0
        let start = Date()
        #expect(throws: XLSXError.damaged(file: "t.xlsx", part: "xl/worksheets/sheet1.xml",
                                          reason: "the packed data ends early (the file may be cut short)")) {
            _ = try ZipInflater(archive: archive, limits: .default).bytes(of: entry, total: &total)
        }
        #expect(Date().timeIntervalSince(start) < 1)
        // Opened as a workbook it has no workbook part at all.
        guard case .notXLSX = XLSXWorkbookForTests.error({ _ = try XLSXWorkbookForTests.open(bytes) }) else {
            Issue.record("expected notXLSX")
            return
        }
    }

    @Test func storedAndDeflatedEntriesRoundTrip() throws {
        let text = Array(String(repeating: "<row><c><v>3.25</v></c></row>", count: 30_000).utf8)
        for deflate in [true, false] {
            let bytes = try WorkbookBuilder.zip([("a.xml", text, deflate), ("b.xml", [], deflate)])
            let archive = try ZipArchive(source: ByteSource(bytes: bytes), name: "z", limits: .default)
            var total: Int64 = 0
            let inflater = ZipInflater(archive: archive, limits: .default)
            #expect(try inflater.bytes(of: try #require(archive.entry("a.xml")), total: &total) == text)
            #expect(try inflater.bytes(of: try #require(archive.entry("b.xml")), total: &total) == [])
            #expect(total == Int64(text.count))
        }
    }
}
