import Testing
@testable import ReliefImport

/// The small pieces: numbers, dates, format codes, escapes, references, chunked scanning.
@Suite struct XLSXUnitTests {
    @Test func numberText() {
        let cases: [(Double, String)] = [(7, "7"), (3.5, "3.5"), (-0.0, "0"), (0.1, "0.1"), (1e-05, "0.00001"),
                                         (123456789012, "123456789012"), (1e21, "1000000000000000000000"),
                                         (-2.5e-7, "-0.00000025"), (1234567890123456.7, "1234567890123456.8"),
                                         (0.30000000000000004, "0.30000000000000004")]
        for (v, s) in cases { #expect(NumberText.format(v) == s, "\(v)") }
        func parse(_ s: String) -> Double? { Array(s.utf8).withUnsafeBufferPointer { NumberText.parse($0) } }
        #expect(parse("3.5") == 3.5)
        #expect(parse(" -0.1 ") == -0.1)
        #expect(parse("0.10000000000000001") == 0.1)
        #expect(parse("1.5E+3") == 1500)
        #expect(parse("123456789012345678901234567890") == 123456789012345678901234567890.0)
        #expect(parse("2.2250738585072014E-308") == 2.2250738585072014E-308)
        for bad in ["", "-", ".", "1e", "1.2.3", "abc", "1,5", "0x10", "inf", "nan", "1e999"] { #expect(parse(bad) == nil, "\(bad)") }
    }

    @Test func serials() {
        func iso(_ s: Double, _ system: XLSXDateSystem = .system1900, time: Bool = false) -> String? {
            XLSXDateTime(serial: s, system: system, timeOnlyFormat: time)?.isoText
        }
        #expect(iso(1) == "1900-01-01")
        #expect(iso(59) == "1900-02-28")
        #expect(iso(60) == "1900-02-29")
        #expect(iso(61) == "1900-03-01")
        #expect(iso(45365) == "2024-03-14")
        #expect(iso(45365.25) == "2024-03-14T06:00")
        #expect(iso(45365.999999) == "2024-03-14T23:59:59.914")
        #expect(iso(45365.9999999999) == "2024-03-15")
        #expect(iso(0.5) == "12:00")
        #expect(iso(0, .system1904) == "1904-01-01")
        #expect(iso(0.5, .system1904, time: true) == "12:00")
        #expect(iso(43903, .system1904) == "2024-03-14")
        #expect(iso(-1) == nil)
        #expect(iso(2_958_466) == nil)
        #expect(iso(.nan) == nil)
        #expect(XLSXDateTime(iso: "2024-03-14T09:30:15.250Z")?.isoText == "2024-03-14T09:30:15.250")
        #expect(XLSXDateTime(iso: "09:30")?.isoText == "09:30")
        #expect(XLSXDateTime(iso: "2024-02-30") == nil)
        #expect(XLSXDateTime(iso: "2024-03-14x") == nil)
    }

    @Test func formatCodes() {
        let dates = ["yyyy-mm-dd", "dd/mm/yyyy", "d-mmm-yy", "mmm yyyy", "[$-409]dddd, mmmm d, yyyy", "m/d/yy h:mm",
                     "[Blue]dd.mm.yy", "yyyy\\-mm\\-dd", "mm/dd/yyyy;@"]
        let times = ["h:mm", "hh:mm:ss", "h:mm AM/PM", "[h]:mm:ss", "mm:ss.0", "[mm]:ss", "[h]"]
        let numbers = ["General", "0.00", "#,##0", "@", "0%", "0.00E+00", "\"days\" 0", "[Red]#,##0;[Blue]-#,##0",
                       "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", "\\d0"]
        for code in dates { #expect(DateStyle.classify(code: code) == .date, "\(code)") }
        for code in times { #expect(DateStyle.classify(code: code) == .time, "\(code)") }
        for code in numbers { #expect(DateStyle.classify(code: code) == .none, "\(code)") }
        #expect((0...200).filter { DateStyle.builtIn($0) != .none }
            == Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))
    }

    @Test func escapes() {
        func decode(_ s: String) -> String {
            var out: [UInt8] = []
            Array(s.utf8).withUnsafeBufferPointer { XMLText.appendDecoded($0, to: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        #expect(decode("a&amp;b&lt;&gt;&quot;&apos;") == "a&b<>\"'")
        #expect(decode("&#233;&#xE9;&#XE9;&#x1F600;") == "ééé😀")
        #expect(decode("&#xD800;&#1114112;&#;&#x;&amp") == "\u{FFFD}\u{FFFD}&#;&#x;&amp")
        #expect(decode("a\r\nb\rc") == "a\nb\nc")
        func office(_ s: String) -> String { Array(s.utf8).withUnsafeBufferPointer { XMLText.officeString($0) } }
        #expect(office("a_x000D_b_x000A_") == "a\rb\n")
        #expect(office("_x005F_x000D_") == "_x000D_")
        #expect(office("_x00zz_ _x12_") == "_x00zz_ _x12_")
    }

    @Test func references() {
        #expect(CellReference.columnName(0) == "A")
        #expect(CellReference.columnName(25) == "Z")
        #expect(CellReference.columnName(26) == "AA")
        #expect(CellReference.columnName(16383) == "XFD")
        #expect(CellReference.sheetName("Sheet1") == "Sheet1")
        #expect(CellReference.sheetName("Visits 2024") == "'Visits 2024'")
        #expect(CellReference.sheetName("O'Brien") == "'O''Brien'")
        #expect(CellReference.sheetName("2024") == "'2024'")
        #expect(CellReference.row(file: "visits.xlsx", sheet: "Sheet1", row: 12) == "visits.xlsx:Sheet1!12")
        #expect(XLSXError.size(1 << 30) == "1 GiB")
        #expect(XLSXError.size(1_500_000) == "1.4 MiB")
    }

    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let xml = Array("""
            <?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &#x42;</t></is></c>\
            <c r="B1"><v>2.5</v></c><!-- c --><c r="C1" t="b"><v>1</v></c></row><row r="2"><c r="D2" t="e"><v>#REF!</v></c></row></sheetData></worksheet>
            """.utf8)
        var reference: [[String]] = []
        for chunk in [1, 2, 3, 5, 7, 64, 4096] {
            var rows: [[String]] = []
            let handler = SheetHandler(sharedStrings: [], dateStyles: [], system: .system1900, limits: .default,
                                       file: "f", sheet: "S") { rows.append($0.textValues) }
            var scanner = XMLScanner(handler: handler, maxTokenBytes: 1000)
            try scanner.scan(xml, chunk: chunk)
            if reference.isEmpty { reference = rows }
            #expect(rows == reference, "chunk \(chunk)")
        }
        #expect(reference == [["a & b B", "2.5", "TRUE"], ["", "", "", "#REF!"]])
    }
}
