import Foundation
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// The formats are interchangeable: SampleData as CSV, as one JSON object and as NDJSON
/// (Scripts/sample_to_json.py), and the FHIR example bundle against its equivalent CSV in
/// docs/fhir.md, each give the same database contents.
@Suite struct ImportEquivalenceTests {
    @Test func sampleDataAsCSVJSONAndNDJSONGiveTheSameDatabase() throws {
        let csv = try ReliefDatabase.inMemory()
        let outcomes = try importFiles(sampleCSVs, into: csv)
        #expect(outcomes.allSatisfy { $0.rejected == 0 && $0.error == nil })
        #expect(outcomes.map(\.accepted) == [6, 120, 3855, 2408])

        let json = try ReliefDatabase.inMemory()
        try importFiles([sample("json/clinic.json")], into: json)
        let ndjson = try ReliefDatabase.inMemory()
        try importFiles(["therapists", "clients", "sessions", "checkins"].map { sample("ndjson/\($0).ndjson") }, into: ndjson)

        let reference = try dump(csv)
        #expect(reference.count == 6 + 120 + 3855 + 2408)
        #expect(try dump(json) == reference)
        #expect(try dump(ndjson) == reference)
    }

    @Test func fhirExampleBundleGivesTheSameDatabaseAsItsCSV() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The equivalent CSV files are the code block at the end of docs/fhir.md.
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/fhir.md"), encoding: .utf8)
        let block = try #require(doc.components(separatedBy: "## Equivalent CSV of the example bundle").last?
            .components(separatedBy: "```").dropFirst().first)
        var paths: [String] = []
        for part in block.components(separatedBy: "\n\n") {
            let lines = part.split(separator: "\n", omittingEmptySubsequences: true)
            guard let name = lines.first, name.hasSuffix(".csv") else { continue }
            let path = dir + "/" + name
            try (lines.dropFirst().joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        #expect(paths.count == 4)
        let fromCSV = try ReliefDatabase.inMemory()
        try importFiles(paths, into: fromCSV)
        let fromFHIR = try ReliefDatabase.inMemory()
        let outcome = try importFiles([repositoryRoot.appendingPathComponent("docs/fhir-example.json").path], into: fromFHIR)
        #expect(outcome[0].error == nil && outcome[0].rejected == 0)
        #expect(try dump(fromFHIR) == dump(fromCSV))
        #expect(try dump(fromCSV).count == 1 + 2 + 3 + 1)
    }
}
