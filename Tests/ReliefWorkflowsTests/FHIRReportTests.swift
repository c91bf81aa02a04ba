import Foundation
import ReliefTestSupport
import Testing
import ReliefImport
import ReliefModel
import ReliefReports
import ReliefStore
@testable import ReliefWorkflows

/// A Synthea 3 patient's FHIR bundle (../shared/data/real-fhir) imported through `ImportService`
/// gives a client report that shows their pain over the visits; FHIR exports split into files (a
/// bulk export's NDJSON, a folder of them) import as one.
@Suite struct FHIRReportTests {
    static let folder = realFHIRFolder
    static let dung = "pathling-synthea3-Dung738_Ruecker817_6dff1468-d6cf-804a-a3ed-a69896daf073.json"

    func real(_ name: String) -> String? { realFHIRFile(name) }

    @Test func synthea3PatientGetsAReportWithTheirPain() throws {
        guard let path = real(Self.dung) else { return }
        let db = try ReliefDatabase.inMemory()
        let result = try ImportService.run(ImportRequest(paths: [path], today: day("2026-03-31")), store: db)
        let outcome = try #require(result.outcomes.first)
        #expect(outcome.error == nil && outcome.accepted == 20, "\(outcome)")
        let client = "6dff1468-d6cf-804a-a3ed-a69896daf073"
        let record = try #require(try db.clientRecord(id: client, through: day("2022-03-31")))
        // The 17 pain scores of the bundle, in visit order, exactly as written.
        #expect(record.sessions.map(\.painBefore) == [4, 3, 1, 3, 0, 0, 1, 3, 2, 0, 3, 2, 0, 3, 1, 2, 2])

        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let month = try #require(Month(iso: "2022-03"))
        let entry = try ReportService.renderClient(store: db, id: client, month: month, out: dir,
                                                   options: ReportOptions(created: day("2026-03-31")))
        #expect(entry.headline["painCurrent"] == 2)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return }
        let text = try pdfText(dir + "/" + entry.pdf)
        #expect(text.contains("Dung738 Ruecker817"))
        #expect(text.contains("\(ReportLanguage.english.score(2)) / 10"), "the report prints the visit's pain: \(text.prefix(600))")
    }

    /// The four files of a HAPI bulk export, listed or as a folder, are one import: no line is read as a session table.
    @Test func bulkExportFilesAreOneImport() throws {
        let names = ["inferno-bulk-Patient.ndjson", "inferno-bulk-Encounter.ndjson",
                     "inferno-bulk-Observation-1.ndjson", "inferno-bulk-Observation-2.ndjson"]
        let paths = names.compactMap(real)
        guard paths.count == names.count else { return }
        let folder = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: folder) }
        for p in paths { try FileManager.default.copyItem(atPath: p, toPath: folder + "/" + (p as NSString).lastPathComponent) }
        try "not an export".write(toFile: folder + "/README.txt", atomically: true, encoding: .utf8)

        let listed = ImportService.inputs(paths, format: nil)
        #expect(listed.count == 1 && listed.first?.paths == paths && listed.first?.fhirGroup == true)
        let asFolder = ImportService.inputs([folder], format: nil)
        #expect(asFolder.map(\.name) == [folder] && asFolder.first?.paths.count == 4, "the README is not part of it")

        let db = try ReliefDatabase.inMemory()
        let result = try ImportService.run(ImportRequest(paths: [folder], today: day("2026-03-31")), store: db)
        let o = try #require(result.outcomes.first)
        #expect(result.outcomes.count == 1 && o.file == folder && o.error == nil)
        #expect(o.accepted == 3 && o.read == o.accepted + o.rejected + o.duplicatesSkipped)
        #expect(!o.diagnostics.contains { $0.contains("client_id: missing") })
        #expect(try db.clients().count == 3)
    }
}
