import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// Long-format measure files (`relief import --long`): pivoted by client and day, other measures
/// counted and named, 0–100 values rescaled and flagged, T-scores never read as 0–10.
@Suite struct LongFormatTests {
    static func read(_ path: String, _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> (ReadSummary, RecordCollector) {
        var options = ImportOptions(today: Day(iso: "2026-11-01")!)
        options.longFormat = true
        configure(&options)
        var sink = RecordCollector()
        return (try RecordReader.read(path: path, options: options, into: &sink), sink)
    }

    static let diary = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/forms/pain-diary-long.csv").path

    @Test func aDiaryPivotsIntoCheckIns() throws {
        let (summary, sink) = try Self.read(Self.diary)
        #expect(summary.measureRows == 8 && summary.read == 4 && summary.accepted == 3 && summary.rejected == 1 && summary.isBalanced)
        let c = sink.checkIns
        #expect(c.map(\.clientID) == ["anna-kowalska", "anna-kowalska", "ben-okafor"])
        #expect(c.map(\.pain) == [5, 4, 7] && c.map(\.sleep) == [6, nil, nil] && c.map(\.mood) == [nil, nil, 7])
        #expect(c.allSatisfy { $0.source == "long-format" })
        // Every one of the 8 rows is accounted for: 6 in records (one of them rejected: pain 12), 2 named as not read.
        let others = summary.diagnostics.filter { $0.rule == Rule.otherMeasure.rawValue }
        #expect(others.map(\.value) == ["steps", "PROMIS pain interference"] && others.map(\.line) == [4, 6])
        #expect(others[1].message.contains("T-score (mean 50, SD 10), not a 0–10 score; not read, and never charted as one"))
        #expect(summary.diagnostics.contains { $0.rule == Rule.rescaled.rawValue && $0.line == 7 })
        let e = try #require(summary.errors.first)
        #expect(e.line == 9 && e.column == "pain" && e.message == "12 is outside 0–10")
    }

    @Test func intoSessionsAndWithAMappedMeasure() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "client,date,measure,value\nC1,2026-10-03,pain before,6\nC1,2026-10-03,pain after,3\nC1,2026-10-03,Back pain,9\nC1,2026-10-10,pain,5\n"
        try text.write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
        let (summary, sink) = try Self.read(dir + "/s.csv") { $0.kind = .sessions }
        #expect(summary.accepted == 2 && sink.sessions.map(\.painBefore) == [6, 5] && sink.sessions.map(\.painAfter) == [3, nil])
        #expect(sink.sessions.map(\.id) == ["C1@2026-10-03#1", "C1@2026-10-10#1"])
        // A clinic's own measure name, through the mapping file; it then disagrees with `pain before`.
        let (mapped, _) = try Self.read(dir + "/s.csv") { $0.kind = .sessions; $0.mapping = try! ColumnMapping(parsing: "pain_after = measure: Back pain\n") }
        #expect(mapped.rejected == 1 && mapped.errors.first?.rule == Rule.ambiguousField.rawValue)
    }

    @Test func aHealthRecordsObservationsFileReadsOnlyItsPainRows() throws {
        // Written by others (../shared/data/real-fhir/SOURCES.md): DATE, PATIENT, ENCOUNTER, CATEGORY,
        // CODE, DESCRIPTION, VALUE, UNITS, TYPE; pain is LOINC 72514-3.
        let path = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/real-fhir/ohdsi-synthea3-observations.csv").path
        guard FileManager.default.fileExists(atPath: path) else { Issue.record("the shared real-FHIR folder is missing: \(path)"); return }
        let (summary, sink) = try Self.read(path)
        let painRows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.contains(",72514-3,") }
        #expect(summary.rejected == 0 && summary.accepted == sink.checkIns.count && sink.checkIns.count > 0)
        // One check-in per patient and day, from exactly the pain rows (values as written, 0–10).
        #expect(sink.checkIns.count <= painRows.count && summary.measureRows == 990)
        let otherRows = summary.diagnostics.filter { $0.rule == Rule.otherMeasure.rawValue }
            .compactMap { d in d.message.firstMatch(of: /: (\d+) rows? of/).flatMap { Int($0.1) } }
        #expect(otherRows.reduce(0, +) + painRows.count == 990, "every row: pain, or counted under its measure")
    }
}
