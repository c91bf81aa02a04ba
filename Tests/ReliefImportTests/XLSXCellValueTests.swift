import Foundation
import Testing
@testable import ReliefImport

/// Hand-made parts: every cell type, sparse rows, shared and inline strings, escapes,
/// namespace prefixes, date formats and both date systems.
@Suite struct XLSXCellValueTests {
    @Test func cellTypes() throws {
        var b = WorkbookBuilder()
        b.sharedStrings = [
            "<si><t>plain</t></si>",
            // Rich text runs are joined; the phonetic guide is not text.
            "<si><r><rPr><b/></rPr><t>bold </t></r><r><t xml:space=\"preserve\">and  plain </t></r><rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></si>",
            "<si><t>line_x000D_\r\nbreak _x005F_x000D_ tab_x0009_</t></si>",
            "<si><t>&amp; &lt;tag&gt; &quot;q&quot; &apos;a&apos; &#65;&#x42;&#x1F600; &unknown; &#0;</t></si>",
            "<si><t/></si>",
        ]
        b.sheets = [.init(name: "Sheet1", rows: """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c><c r="B2" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c><c r="C2" t="str"><f>A2&amp;"x"</f><v>inlinex</v></c></row>
            <row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="e"><v>#DIV/0!</v></c></row>
            <row r="4"><c r="A4"><v>7</v></c><c r="B4" t="n"><v>3.5</v></c><c r="C4"><v>-0.1</v></c><c r="D4"><v>1.0E-5</v></c><c r="E4"><v>0.10000000000000001</v></c><c r="F4"><v>123456789012345678</v></c><c r="G4"><v>1E+21</v></c></row>
            <row r="5"><c r="A5" t="d"><v>2024-03-14T09:30:00</v></c><c r="B5" t="d"><v>2024-03-14</v></c><c r="C5" t="d"><v>not a date</v></c><c r="D5" s="0"/><c r="E5" t="inlineStr"><is><t><![CDATA[a<b&c]]></t></is></c></row>
            """)]
        let rows = try texts(try b.build())
        #expect(rows[1] == ["plain", "bold and  plain ", "line\r\nbreak _x000D_ tab\t", "& <tag> \"q\" 'a' AB😀 &unknown; \u{FFFD}", ""])
        #expect(rows[2] == ["inline", "rich", "inlinex"])
        #expect(rows[3] == ["TRUE", "FALSE", "#N/A", "#DIV/0!"])
        #expect(rows[4] == ["7", "3.5", "-0.1", "0.00001", "0.1", "123456789012345680", "1000000000000000000000"])
        #expect(rows[5] == ["2024-03-14T09:30", "2024-03-14", "not a date", "", "a<b&c"])
        let book = try XLSXWorkbookForTests.open(try b.build())
        let r3 = try book.rows()[2]
        #expect(r3.cells == [.bool(true), .bool(false), .error("#N/A"), .error("#DIV/0!")])
    }

    @Test func sparseRowsLandInTheirColumns() throws {
        var b = WorkbookBuilder()
        b.sheets = [.init(name: "S", rows: """
            <row r="5" spans="1:30"><c r="C5"><v>3</v></c><c r="AA5"><v>27</v></c></row>
            <row r="7"><c r="B7" s="0"/><c r="D7"><v>4</v></c><c r="E7" s="0"/></row>
            <row><c><v>1</v></c><c><v>2</v></c><c r="E8"><v>5</v></c><c><v>6</v></c></row>
            <row r="10"/>
            """)]
        let book = try XLSXWorkbookForTests.open(try b.build())
        let rows = try book.rows()
        #expect(rows.map(\.number) == [5, 7, 8, 10])
        #expect(rows[0].cells.count == 27)
        #expect(rows[0][2] == .number(3) && rows[0][26] == .number(27) && rows[0][3] == .empty)
        #expect(rows[1].cells == [.empty, .empty, .empty, .number(4)])  // trailing styled empties dropped
        #expect(rows[2].textValues == ["1", "2", "", "", "5", "6"])  // cells without r follow the previous one
        #expect(rows[3].cells.isEmpty && rows[3].isEmpty)
    }

    @Test func xmlVariantsFromOtherWriters() throws {
        // Prefixed names (x:), single quotes, attributes in any order, whitespace, comments,
        // a processing instruction and a DOCTYPE without entities.
        let xml = """
            \u{FEFF}<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE worksheet [ <!ELEMENT worksheet ANY> ]>
            <!-- written by hand -->
            <x:worksheet xmlns:x="\(WorkbookBuilder.mainNS)"><x:sheetData>
              <x:row r = '1' >
                <x:c t='inlineStr' r='B1'><x:is><x:t>b &amp; c</x:t></x:is></x:c>
                <x:c s="0" t="n" r="C1" ><x:v> 2.5 </x:v></x:c>
                <x:c r="D1" t="s" xmlns:t="urn:x"><x:v>0</x:v></x:c>
              </x:row>
            </x:sheetData></x:worksheet>
            """
        var b = WorkbookBuilder()
        b.sharedStrings = ["<x:si xmlns:x=\"\(WorkbookBuilder.mainNS)\"><x:t>shared</x:t></x:si>"]
        b.sheets = [.init(name: "S", rows: "", fullXML: xml)]
        #expect(try texts(try b.build())[1] == ["", "b & c", "2.5", "shared"])
    }

    @Test func dateFormats() throws {
        var b = WorkbookBuilder()
        b.numberFormats = [(164, "dd/mm/yyyy"), (165, "0.00"), (166, "[$-409]h:mm AM/PM;@"), (167, "\"day\" 0"),
                           (168, "General"), (169, "[Red]#,##0.00"), (170, "[h]:mm"), (171, "yyyy-mm-dd hh:mm:ss")]
        b.cellStyleFormats = [0, 14, 22, 164, 165, 166, 167, 168, 169, 170, 171, 20, 47]
        b.sheets = [.init(name: "S", rows: """
            <row r="1"><c s="1"><v>45365</v></c><c s="2"><v>45365.5</v></c><c s="3"><v>45365</v></c><c s="4"><v>45365</v></c><c s="5"><v>0.75</v></c><c s="6"><v>3</v></c><c s="7"><v>4</v></c><c s="8"><v>5</v></c></row>
            <row r="2"><c s="9"><v>0.0625</v></c><c s="10"><v>45365.000011574</v></c><c s="11"><v>0.5</v></c><c s="12"><v>0.000694444444</v></c><c s="1"><v>-1</v></c><c s="1"><v>3000000</v></c><c s="99"><v>45365</v></c></row>
            """)]
        let rows = try texts(try b.build())
        #expect(rows[1] == ["2024-03-14", "2024-03-14T12:00", "2024-03-14", "45365", "18:00", "3", "4", "5"])
        #expect(rows[2] == ["01:30", "2024-03-14T00:00:01", "12:00", "00:01", "-1", "3000000", "45365"])
    }

    @Test func lotusLeapYearBugAnd1904() throws {
        var b = WorkbookBuilder()
        b.cellStyleFormats = [0, 14]
        let serials = [1, 59, 60, 61, 0, 2958465]
        b.sheets = [.init(name: "S", rows: "<row r=\"1\">" + serials.map { "<c s=\"1\"><v>\($0)</v></c>" }.joined() + "</row>")]
        #expect(try texts(try b.build())[1] == ["1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "00:00", "9999-12-31"])
        b.date1904 = true
        #expect(try texts(try b.build())[1] == ["1904-01-02", "1904-02-29", "1904-03-01", "1904-03-02", "1904-01-01", "2958465"])
        let book = try XLSXWorkbookForTests.open(try b.build())
        #expect(book.dateSystem == .system1904)
    }

    @Test func sheetsAreFoundThroughRelationships() throws {
        var b = WorkbookBuilder()
        b.sheets = [.init(name: "Front page", rows: "<row r=\"1\"><c t=\"inlineStr\"><is><t>first</t></is></c></row>"),
                    .init(name: "Ünïcode ✓ & co", rows: "<row r=\"1\"><c t=\"inlineStr\"><is><t>second</t></is></c></row>")]
        let bytes = try b.build()
        let book = try XLSXWorkbookForTests.open(bytes)
        #expect(book.sheetNames == ["Front page", "Ünïcode ✓ & co"])
        #expect(try texts(bytes)[1] == ["first"])  // the first tab, though its part is tab2.xml
        #expect(try texts(bytes, sheet: "Ünïcode ✓ & co")[1] == ["second"])
        let row = try book.rows(sheet: "Ünïcode ✓ & co")[0]
        #expect(row.location == "test.xlsx:'Ünïcode ✓ & co'!1")
    }
}
