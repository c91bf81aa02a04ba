import Foundation
import Testing
import ReliefModel
import ReliefTestSupport
@testable import ReliefImport

/// `RecordReader` over Excel workbooks: the same records, counts and diagnostics as the same
/// rows in CSV, with rows named by sheet and row (`visits.xlsx:Sheet1!12`).
@Suite struct XLSXImportTests {
    static func fixture(_ name: String) -> String { XLSXWorkbookForTests.fixtures.appendingPathComponent(name).path }

    /// A one-sheet workbook (`Sheet1`) of inline-string rows; `nil` leaves a cell out.
    static func workbook(_ rows: [[String?]], sheets: [String] = ["Sheet1"], firstRow: Int = 1) throws -> [UInt8] {
        var xml = ""
        for (i, row) in rows.enumerated() {
            let r = firstRow + i
            xml += "<row r=\"\(r)\">"
            for (c, value) in row.enumerated() {
                guard let value else { continue }
                let escaped = value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                xml += "<c r=\"\(CellReference.columnName(c))\(r)\" t=\"inlineStr\"><is><t>\(escaped)</t></is></c>"
            }
            xml += "</row>"
        }
        var b = WorkbookBuilder()
        b.sheets = sheets.enumerated().map { .init(name: $0.element, rows: $0.offset == 0 ? xml : "") }
        return try b.build()
    }

    static let header: [String?] = ["session_id", "client_id", "date", "pain_before", "pain_after"]

    /// Reads the CSV and the LibreOffice-converted workbook of the same rows.
    static func readBoth(_ name: String, today: Day = testToday) throws
        -> (csv: ReadSummary, csvSink: RecordCollector, xlsx: ReadSummary, xlsxSink: RecordCollector) {
        var options = ImportOptions(today: today)
        options.optimistic = false
        var csvSink = RecordCollector(), xlsxSink = RecordCollector()
        let csv = try RecordReader.read(path: fixture(name + ".csv"), options: options, into: &csvSink)
        let xlsx = try RecordReader.read(path: fixture(name + ".xlsx"), options: options, into: &xlsxSink)
        return (csv, csvSink, xlsx, xlsxSink)
    }

    @Test func therapistsSheetReadsLikeItsCSV() throws {
        let r = try Self.readBoth("therapist_sheet")
        #expect(r.xlsx.format == .xlsx && r.xlsx.sheet == "therapist_sheet")
        #expect(r.xlsxSink.records == r.csvSink.records)
        #expect(r.xlsxSink.lines == r.csvSink.lines)
        #expect(r.xlsx.header == r.csv.header)
        #expect((r.xlsx.read, r.xlsx.accepted, r.xlsx.rejected) == (r.csv.read, r.csv.accepted, r.csv.rejected))
        #expect(r.xlsx.read == 5 && r.xlsx.accepted == 4 && r.xlsx.isBalanced)
        // The date-and-time cell (a real date in the workbook) is the CSV's text, to the minute.
        let first = try #require(r.xlsxSink.sessions.first)
        #expect(first.day == day("2026-03-02") && first.minute == 570 && first.painAfter == 3)
        #expect(r.xlsxSink.sessions.map(\.painAfter) == r.csvSink.sessions.map(\.painAfter))
        // The bad row: the same diagnostic, named by sheet and row instead of line.
        let path = Self.fixture("therapist_sheet.xlsx")
        #expect(r.csv.errors.map(\.description) == [Self.fixture("therapist_sheet.csv") + ":5: Pain before (pain_before): 12 is outside 0–10"])
        #expect(r.xlsx.errors.map(\.description) == [path + ":therapist_sheet!5: Pain before (pain_before): 12 is outside 0–10"])
        #expect(r.xlsx.errors.first?.sheet == "therapist_sheet" && r.xlsx.errors.first?.line == 5)
    }

    @Test func canonicalSessionsReadLikeTheirCSV() throws {
        let r = try Self.readBoth("sessions_sample", today: day("2026-11-01"))
        #expect(r.csv.read == 40 && r.csv.accepted > 30)
        #expect(r.xlsxSink.records == r.csvSink.records)
        #expect((r.xlsx.read, r.xlsx.accepted, r.xlsx.rejected, r.xlsx.duplicatesSkipped)
                == (r.csv.read, r.csv.accepted, r.csv.rejected, r.csv.duplicatesSkipped))
        #expect(r.xlsx.errors.map(\.message) == r.csv.errors.map(\.message))
    }

    @Test func badRowNamesSheetRowAndColumn() throws {
        let bytes = try Self.workbook([Self.header, ["S1", "C1", "2026-03-02", "6", "3"], [],
                                       ["S2", "C1", "2026-03-09", "12", "4"]], firstRow: 10)
        let (summary, sink) = try readBytes(bytes, name: "visits.xlsx")
        #expect(sink.sessions.map(\.id) == ["S1"])
        #expect(summary.read == 2 && summary.rejected == 1 && summary.isBalanced)
        #expect(summary.errors.map(\.description) == ["visits.xlsx:Sheet1!13: pain_before: 12 is outside 0–10"])
        #expect(summary.errors.first?.column == "pain_before")
        // The rejects file's `line` is the row number on the sheet.
        #expect(RejectsWriter.text([summary]) == "file,line,reason,session_id,client_id,date,pain_before,pain_after\r\n"
                + "visits.xlsx,13,pain_before: 12 is outside 0–10,S2,C1,2026-03-09,12,4\r\n")
    }

    @Test func shortRowsAreEmptyCellsAndValuesPastTheHeaderAreRejected() throws {
        let bytes = try Self.workbook([Self.header, ["S1", "C1", "2026-03-02", "6"],
                                       ["S2", "C1", "2026-03-09", "5", "4", nil, "stray"]])
        let (summary, sink) = try readBytes(bytes, name: "visits.xlsx")
        #expect(sink.sessions.map(\.id) == ["S1"] && sink.sessions.first?.painAfter == nil)
        #expect(summary.errors.map(\.description) == ["visits.xlsx:Sheet1!3: the row has a value in column G, right of the header's "
                                                      + "last column (E); give the column a header, or clear the cell"])
        #expect(summary.errors.first?.rule == Rule.fieldCount.rawValue)
    }

    @Test func repeatedIdsAreNamedByRow() throws {
        let row: [String?] = ["S1", "C1", "2026-03-02", "6", "3"]
        let bytes = try Self.workbook([Self.header, row, ["S2", "C1", "2026-03-03", "5", nil], row])
        let (summary, sink) = try readBytes(bytes, name: "v.xlsx")
        #expect(sink.sessions.map(\.id) == ["S1", "S2"])
        #expect(summary.duplicatesSkipped == 1 && summary.isBalanced)
        #expect(summary.diagnostics.map(\.description) == ["v.xlsx:Sheet1!4: session_id: S1 repeats row 2 exactly; skipped"])
        let conflict = try Self.workbook([Self.header, row, ["S1", "C1", "2026-03-02", "7", "3"]])
        let (c, _) = try readBytes(conflict, name: "v.xlsx")
        #expect(c.errors.map(\.description) == [
            "v.xlsx:Sheet1!2: session_id: S1 is also on row 3 with different content; both rows with this session_id are rejected (keep one and import again)",
            "v.xlsx:Sheet1!3: session_id: S1 is also on row 2 with different content; both rows with this session_id are rejected (keep one and import again)"])
    }

    @Test func onePassStopsAtARepeatLikeCSV() throws {
        let row: [String?] = ["S1", "C1", "2026-03-02", "6", "3"]
        let bytes = try Self.workbook([Self.header, row, row])
        let e = importError { _ = try readBytes(bytes, name: "v.xlsx") { $0.optimistic = true } }
        guard case .needsFullRead(_, let line)? = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(line == 3)
    }

    @Test func sheetOptionPicksANamedSheetAndAnUnknownOneListsTheNames() throws {
        var b = WorkbookBuilder()
        b.sheets = [.init(name: "Notes", rows: "<row r=\"1\"><c t=\"inlineStr\"><is><t>just notes</t></is></c></row>"),
                    .init(name: "Visits 2026", rows: """
                        <row r="1"><c t="inlineStr"><is><t>client_id</t></is></c><c t="inlineStr"><is><t>name</t></is></c></row>
                        <row r="2"><c t="inlineStr"><is><t>C1</t></is></c><c t="inlineStr"><is><t>Ann</t></is></c></row>
                        """)]
        let bytes = try b.build()
        let (summary, sink) = try readBytes(bytes, name: "book.xlsx") { $0.sheet = "visits 2026" }
        #expect(summary.sheet == "Visits 2026" && summary.kinds == [.clients])
        #expect(sink.clients.map(\.id) == ["C1"])
        let e = importError { _ = try readBytes(bytes, name: "book.xlsx") { $0.sheet = "Visits" } }
        #expect(e?.description == "book.xlsx: no sheet named \"Visits\"; the sheets are \"Notes\", \"Visits 2026\"")
        // The first sheet is read by default; its header fits no kind.
        guard case .unknownHeader? = importError({ _ = try readBytes(bytes, name: "book.xlsx") }) else {
            Issue.record("expected the first sheet's header to be refused")
            return
        }
        // An empty sheet says which sheets there are.
        var empty = WorkbookBuilder()
        empty.sheets = [.init(name: "Blank", rows: ""), .init(name: "Data", rows: "")]
        let e2 = importError { _ = try readBytes(try empty.build(), name: "e.xlsx") }
        #expect(e2?.description == "e.xlsx:Blank: the sheet is empty (no header row); the workbook's sheets are \"Blank\", \"Data\": "
                + "pick one with --sheet")
    }

    @Test func ignoredColumnsAndBlankRowsLikeCSV() throws {
        let bytes = try Self.workbook([["client_id", "name", "shoe size"], [nil, nil, nil], ["C1", "Ann", "38"], ["", "", ""],
                                       ["C2", "Bo"]], firstRow: 3)
        let (summary, sink) = try readBytes(bytes, name: "c.xlsx")
        #expect(sink.clients.map(\.id) == ["C1", "C2"])
        #expect(summary.ignoredColumns == ["shoe size"])
        #expect(summary.diagnostics.map(\.description) == ["c.xlsx:Sheet1!3: shoe size: not a Relief field; ignored (rename it or map it to import it)"])
        #expect(summary.blankLines == 2 && summary.read == 2)
    }

    @Test func typedCellsBecomeTheTextTheValidatorReads() throws {
        // Numbers, a 1900-system date serial with a date style, a boolean and shared strings.
        var b = WorkbookBuilder()
        b.sharedStrings = ["<si><t>S1</t></si>", "<si><t>C1</t></si>", "<si><t>medical</t></si>"]
        b.cellStyleFormats = [0, 14, 22]
        b.sheets = [.init(name: "Sheet1", rows: """
            <row r="1"><c t="inlineStr"><is><t>session_id</t></is></c><c t="inlineStr"><is><t>client_id</t></is></c>\
            <c t="inlineStr"><is><t>date</t></is></c><c t="inlineStr"><is><t>kind</t></is></c>\
            <c t="inlineStr"><is><t>pain_before</t></is></c><c t="inlineStr"><is><t>pain_after</t></is></c>\
            <c t="inlineStr"><is><t>duration_min</t></is></c></row>
            <row r="2"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c s="2"><v>46084.395833333336</v></c><c t="s"><v>2</v></c>\
            <c><v>6.5</v></c><c><v>3</v></c><c><v>60</v></c></row>
            """)]
        let (summary, sink) = try readBytes(try b.build(), name: "t.xlsx")
        #expect(summary.errors.isEmpty)
        let s = try #require(sink.sessions.first)
        #expect(s.day == day("2026-03-03") && s.minute == 570 && s.painBefore == 6.5 && s.painAfter == 3 && s.durationMinutes == 60)
        #expect(s.kind == .medical)

        // The same date in the 1904 system is the serial 1,462 days smaller.
        var mac = b
        mac.date1904 = true
        mac.sheets[0].rows = mac.sheets[0].rows.replacingOccurrences(of: "46084.395833333336", with: "44622.395833333336")
        let (_, macSink) = try readBytes(try mac.build(), name: "t.xlsx")
        #expect(macSink.sessions.first?.day == day("2026-03-03") && macSink.sessions.first?.minute == 570)
    }

    @Test func legacyXLSIsRefusedWhateverTheFormat() throws {
        let ole2: [UInt8] = WorkbookSniff.ole2 + [UInt8](repeating: 0, count: 504)
        for (name, format) in [("visits.xls", nil), ("visits.csv", nil), ("upload", FileFormat.csv)] as [(String, FileFormat?)] {
            let e = importError { _ = try readBytes(ole2, name: name) { $0.format = format } }
            guard case .workbook(let file, let message)? = e else {
                Issue.record("\(name): got \(String(describing: e))")
                continue
            }
            #expect(file == name)
            #expect(message.hasPrefix("\(name): this is an old Excel .xls file: save it as .xlsx or .csv"))
        }
    }

    @Test func zipBombIsRefusedWithAClearMessage() throws {
        var b = WorkbookBuilder()
        // 64 MiB of one repeated row deflates about 1000:1.
        let row = "<row><c t=\"b\"><v>1</v></c></row>"
        b.sheets = [.init(name: "Sheet1", rows: String(repeating: row, count: (64 << 20) / row.utf8.count))]
        let bytes = try b.build()
        #expect(bytes.count < 1 << 20)
        var sink = RecordCounter()
        let e = importError { _ = try RecordReader.read(bytes: bytes, name: "bomb.xlsx", options: makeOptions(), into: &sink) }
        guard case .workbook(_, let message)? = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(message.hasPrefix("bomb.xlsx: xl/worksheets/tab1.xml unpacks to more than 200 times its packed size"))
        #expect(message.contains("built to overload the importer"))
        #expect(sink.count == 0)

        // The total: a lower limit stops the same file by its declared size, before inflating.
        let e2 = importError { _ = try readBytes(bytes, name: "bomb.xlsx") { $0.limits.maxUnpackedBytes = 10 << 20 } }
        #expect(e2?.description.hasPrefix("bomb.xlsx: the workbook unpacks to more than 10 MiB") == true)
        // And the entry count.
        var many = WorkbookBuilder()
        many.sheets = [.init(name: "Sheet1", rows: "")]
        many.extraEntries = (0..<40).map { ("xl/media/image\($0).png", [1, 2, 3], false) }
        let e3 = importError { _ = try readBytes(try many.build(), name: "many.xlsx") { $0.limits.maxArchiveEntries = 20 } }
        #expect(e3?.description.hasPrefix("many.xlsx: the workbook holds 46 files inside, more than the limit of 20") == true)
    }

    @Test func formatDetection() throws {
        let bytes = try Self.workbook([["client_id"], ["C1"]])
        let detected = bytes.withUnsafeBufferPointer { RecordReader.detectFormat(path: "upload", bytes: $0) }
        #expect(detected == .xlsx)
        #expect(RecordReader.detectFormat(path: "A.XLSX", bytes: UnsafeBufferPointer(start: nil, count: 0)) == .xlsx)
        let csv = Array("client_id\nC1\n".utf8)
        #expect(csv.withUnsafeBufferPointer { RecordReader.detectFormat(path: "upload", bytes: $0) } == .csv)
        // Read without an extension, by content.
        let (summary, sink) = try readBytes(bytes, name: "upload")
        #expect(summary.format == .xlsx && sink.clients.count == 1)
        // A Word document is a zip with [Content_Types].xml too: refused as not a workbook.
        let docx = try WorkbookBuilder.zip([("[Content_Types].xml", Array("<Types/>".utf8), true),
                                            ("word/document.xml", Array("<w/>".utf8), true)])
        let e = importError { _ = try readBytes(docx, name: "letter.docx") }
        #expect(e?.description.contains("not an Excel .xlsx workbook") == true)
    }

    @Test func largeSheetThroughThePipelineAddsUp() throws {
        var rows: [[String?]] = [Self.header]
        for i in 1...20_000 {
            let pain = i % 1000 == 0 ? "11" : String(i % 10)
            rows.append(["S\(i)", "C\(i % 300)", "2026-03-\(String(format: "%02d", i % 28 + 1))", pain, nil])
        }
        let bytes = try Self.workbook(rows)
        let (summary, sink) = try readBytes(bytes, name: "big.xlsx")
        #expect(summary.read == 20_000 && summary.rejected == 20 && summary.isBalanced)
        #expect(sink.sessions.count == 19_980)
        #expect(summary.errors.first?.description == "big.xlsx:Sheet1!1001: pain_before: 11 is outside 0–10")
    }
}
