import Foundation
import Testing
@testable import ReliefImport

/// Files written by real programs (openpyxl, LibreOffice; `Fixtures/xlsx/make_fixtures.py`),
/// checked against what openpyxl reads back from the same file (`*.expected.json`).
@Suite struct XLSXFixtureTests {
    static let names = ["openpyxl-types", "openpyxl-1904", "libreoffice-visits"]

    @Test(arguments: names)
    func matchesOpenpyxl(_ name: String) throws {
        let url = XLSXWorkbookForTests.fixtures.appendingPathComponent(name + ".xlsx")
        let expectedURL = XLSXWorkbookForTests.fixtures.appendingPathComponent(name + ".expected.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any]
        let sheets = json?["sheets"] as? [String] ?? []
        let rowsBySheet = json?["rows"] as? [String: [[Any]]] ?? [:]
        let book = try XLSXWorkbook(path: url.path)
        #expect(book.sheetNames == sheets)
        #expect(!sheets.isEmpty)
        for sheet in sheets {
            var got: [(Int, [String])] = []
            try book.forEachRow(sheet: sheet) { row in
                if !row.isEmpty { got.append((row.number, row.textValues)) }
            }
            let want = (rowsBySheet[sheet] ?? []).map { ($0[0] as? Int ?? -1, $0[1] as? [String] ?? []) }
            #expect(got.count == want.count, "\(name) \(sheet)")
            for (g, w) in zip(got, want) {
                #expect(g.0 == w.0, "\(name) \(sheet) row number")
                #expect(g.1 == w.1, "\(name) \(sheet)!\(w.0)")
            }
        }
    }

    @Test func libreOfficeMatchesItsCSV() throws {
        let csv = try String(contentsOf: XLSXWorkbookForTests.fixtures.appendingPathComponent("libreoffice-visits.csv"), encoding: .utf8)
        let book = try XLSXWorkbook(path: XLSXWorkbookForTests.fixtures.appendingPathComponent("libreoffice-visits.xlsx").path)
        let rows = try book.rows()
        let lines = csv.split(separator: "\n")
        #expect(rows.count == lines.count)
        // Row 3's note is quoted in the CSV; the others split on commas.
        #expect(rows[2].textValues.last == "comma, inside")
        for (row, line) in zip(rows, lines) where row.number != 3 {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            while fields.last == "" { fields.removeLast() }
            #expect(row.textValues == fields, "row \(row.number)")
        }
        #expect(rows[1][1] == .date(XLSXDateTime(year: 2024, month: 3, day: 14)!))
        #expect(rows[1][3] == .number(60))
        #expect(rows[1][6] == .bool(true))
    }

    @Test func typedValuesFromOpenpyxl() throws {
        let book = try XLSXWorkbook(path: XLSXWorkbookForTests.fixtures.appendingPathComponent("openpyxl-types.xlsx").path)
        #expect(book.dateSystem == .system1900)
        let rows = try book.rows(sheet: "visits 2024")  // names match ignoring case, as in Excel
        let second = try #require(rows.first { $0.number == 2 })
        #expect(second[0] == .text("C-001"))
        #expect(second[1] == .date(XLSXDateTime(year: 2024, month: 3, day: 14)!))
        #expect(second[2] == .date(XLSXDateTime(year: 1899, month: 12, day: 31, hour: 9, minute: 30, isTimeOnly: true)!))
        #expect(second[4] == .number(3.5))
        #expect(second[5] == .bool(true))
        #expect(second.location == "openpyxl-types.xlsx:'Visits 2024'!2")
        #expect(second.location(column: 2) == "openpyxl-types.xlsx:'Visits 2024'!C2")
        let sparse = try #require(rows.first { $0.number == 7 })
        #expect(sparse.cells.count == 6)
        #expect(sparse[0] == .empty && sparse[1] == .empty)
        #expect(sparse[5] == .number(42))
        #expect(sparse[99] == .empty)
        let mac = try XLSXWorkbook(path: XLSXWorkbookForTests.fixtures.appendingPathComponent("openpyxl-1904.xlsx").path)
        #expect(mac.dateSystem == .system1904)
    }
}
