import Foundation
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefCLI
@testable import ReliefWorkflows

/// `relief import` of Excel workbooks through ImportService: the accounting, the database and
/// the rejects file match the same rows imported as CSV; --sheet; files refused whole.
@Suite struct XLSXImportServiceTests {
    static func fixture(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/ReliefImportTests/Fixtures/xlsx/\(name)").path
    }

    @Test func aWorkbookStoresWhatItsCSVStoresAndTheCountsAddUp() throws {
        let csvDB = try ReliefDatabase.inMemory(), xlsxDB = try ReliefDatabase.inMemory()
        let csv = try #require(try importFiles([Self.fixture("therapist_sheet.csv")], into: csvDB, today: "2026-03-31").first)
        let xlsx = try #require(try importFiles([Self.fixture("therapist_sheet.xlsx")], into: xlsxDB, today: "2026-03-31").first)
        #expect(xlsx.error == nil)
        #expect(xlsx.read == xlsx.accepted + xlsx.rejected + xlsx.duplicatesSkipped)
        #expect((xlsx.read, xlsx.accepted, xlsx.rejected, xlsx.inserted) == (csv.read, csv.accepted, csv.rejected, csv.inserted))
        #expect(xlsx.read == 5 && xlsx.accepted == 4 && xlsx.inserted == 4)
        #expect(try dump(xlsxDB) == dump(csvDB))
        // A bare `Type` column is no longer read as the session kind (generic headers need a mapping).
        #expect(xlsx.diagnostics == [Self.fixture("therapist_sheet.xlsx") + ":therapist_sheet!1: Type: not a Relief field; ignored (rename it or map it to import it)",
                                     Self.fixture("therapist_sheet.xlsx") + ":therapist_sheet!5: Pain before (pain_before): 12 is outside 0–10"])

        // The rejects file names the row on the sheet in its `line` column.
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        var request = ImportRequest(paths: [Self.fixture("therapist_sheet.xlsx")], today: day("2026-03-31"))
        request.dryRun = true
        let result = try ImportService.run(request, store: nil)
        #expect(result.outcomes.first?.rolledBack == true && result.outcomes.first?.accepted == 4)
        try ImportService.writeRejects(result.summaries, to: dir + "/rejects.csv")
        let rejects = try String(contentsOfFile: dir + "/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("\r\n" + Self.fixture("therapist_sheet.xlsx") + ",5,Pain before: 12 is outside 0–10,V4,C3,T2,"))

        // --strict stores nothing of a workbook with a rejected row.
        let strictDB = try ReliefDatabase.inMemory()
        let strict = try #require(try importFiles([Self.fixture("therapist_sheet.xlsx")], into: strictDB, today: "2026-03-31", strict: true).first)
        #expect(strict.rolledBack && strict.rejected == 1)
        #expect(try strictDB.counts().sessions == 0)
    }

    @Test func sheetOptionAndWholeFileRefusals() throws {
        let db = try ReliefDatabase.inMemory()
        var request = ImportRequest(paths: [Self.fixture("therapist_sheet.xlsx")], today: day("2026-03-31"))
        request.sheet = "Visits"
        let unknown = try #require(try ImportService.run(request, store: db).outcomes.first)
        #expect(unknown.error == Self.fixture("therapist_sheet.xlsx") + ": no sheet named \"Visits\"; the sheets are \"therapist_sheet\"")
        #expect(unknown.rolledBack && unknown.read == 0)
        request.sheet = "THERAPIST_SHEET"
        let named = try #require(try ImportService.run(request, store: db).outcomes.first)
        #expect(named.error == nil && named.accepted == 4)

        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let xls = dir + "/visits.xls"
        FileManager.default.createFile(atPath: xls, contents: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)))
        let before = try db.counts().sessions
        let refused = try #require(try importFiles([xls], into: db).first)
        #expect(refused.error?.hasPrefix(xls + ": this is an old Excel .xls file: save it as .xlsx or .csv") == true)
        #expect(try db.counts().sessions == before)
    }

    @Test func theCommandPassesTheSheetOn() throws {
        let command = try ImportCommand.parse(["visits.xlsx", "--sheet", "Visits 2026", "--dry-run"])
        #expect(command.sheet == "Visits 2026")
    }
}
