import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// FHIR files written by others (../shared/data/real-fhir, SOURCES.md there): Synthea 2 and 3
/// bundles, a HAPI bulk `$export` (NDJSON), implementation-guide single resources. Every pain
/// Observation must be stored with its exact value or rejected naming file, line and reason;
/// coded answers never become numbers. The expected values come from the files themselves,
/// read here with Foundation's JSON parser (an oracle independent of ReliefImport's).
@Suite struct FHIRRealFilesTests {
    static let folder = realFHIRFolder

    func real(_ name: String) -> String? { realFHIRFile(name) }

    func file(prefix: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: Self.folder),
              let name = names.sorted().first(where: { $0.hasPrefix(prefix) }) else {
            Issue.record("no file \(prefix)* in \(Self.folder)")
            return nil
        }
        return Self.folder + "/" + name
    }

    /// A pain Observation of a bundle as written: its line, value text, encounter id.
    struct Pain { var line: Int; var value: String; var encounter: String }

    /// The 72514-3 Observations of a bundle file, found independently of ReliefImport.
    func pains(in path: String) throws -> [Pain] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let bundle = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var found: [Pain] = []
        var searchFrom = 0
        for entry in bundle["entry"] as? [[String: Any]] ?? [] {
            guard let r = entry["resource"] as? [String: Any], r["resourceType"] as? String == "Observation",
                  let id = r["id"] as? String else { continue }
            let codes = ((r["code"] as? [String: Any])?["coding"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            guard codes.contains("72514-3") else { continue }
            // The line of `"id": "<id>"` after the previous one; the resource object opens at `"resource": {` above it.
            guard let idLine = (searchFrom..<lines.count).first(where: { lines[$0].contains("\"id\": \"\(id)\"") }) else { continue }
            searchFrom = idLine + 1
            let start = (0...idLine).reversed().first { lines[$0].contains("\"resource\"") } ?? idLine
            let q = r["valueQuantity"] as? [String: Any]
            // The value as written in the file (Foundation would round a 17-digit double).
            let valueLine = (idLine..<min(lines.count, idLine + 200)).first { lines[$0].contains("\"value\": ") && q != nil }
            let written = valueLine.map { String(lines[$0].split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ","))) } ?? ""
            let ref = ((r["encounter"] as? [String: Any])?["reference"] as? String) ?? ""
            found.append(Pain(line: start + 1, value: written, encounter: ref.replacingOccurrences(of: "urn:uuid:", with: "")))
        }
        return found
    }

    func read(_ path: String) throws -> (ReadSummary, RecordCollector) {
        var sink = RecordCollector()
        let summary = try RecordReader.read(path: path, options: makeOptions(), into: &sink)
        return (summary, sink)
    }

    /// Every pain Observation is a stored pain_before with its exact value, or an error on its own line.
    func expectEveryPainAccountedFor(_ path: String, stored expectedStored: Int, rejected expectedRejected: Int) throws {
        let (summary, sink) = try read(path)
        #expect(summary.format == .fhir && summary.isBalanced)
        let name = (path as NSString).lastPathComponent
        var stored = 0, rejected = 0
        for p in try pains(in: path) {
            if let s = sink.sessions.first(where: { $0.id == p.encounter }) {
                #expect(s.painBefore == Double(p.value), "\(name):\(p.line): stored \(s.painBefore), the file says \(p.value)")
                stored += 1
            } else {
                let named = summary.errors.filter { $0.line == p.line && $0.file == path }
                #expect(!named.isEmpty, "\(name):\(p.line): pain \(p.value) neither stored nor rejected on its line")
                rejected += 1
            }
        }
        #expect(stored == expectedStored && rejected == expectedRejected, "\(name): \(stored) stored, \(rejected) rejected")
        // Nothing stored that the file does not say: every stored session's pain is one of the file's.
        #expect(sink.sessions.allSatisfy { s in s.painAfter == nil && s.stress == nil && s.mood == nil && s.sleep == nil })
    }

    @Test func synthea3DungEveryPainStored() throws {
        guard let path = file(prefix: "pathling-synthea3-Dung738") else { return }
        try expectEveryPainAccountedFor(path, stored: 17, rejected: 0)
    }

    /// Randal152's PRAPARE panels carry 93038-8 as a component with a coded answer: no stress number.
    @Test func synthea3RandalCodedStressNeverANumber() throws {
        guard let path = file(prefix: "pathling-synthea3-Randal152") else { return }
        try expectEveryPainAccountedFor(path, stored: 10, rejected: 0)
    }

    /// Burt293's pain at line 13886 is filed under an encounter five days earlier: named, with the cause.
    @Test func synthea3BurtPainFiledUnderAnEarlierEncounterIsNamed() throws {
        guard let path = file(prefix: "pathling-synthea3-Burt293") else { return }
        try expectEveryPainAccountedFor(path, stored: 9, rejected: 1)
        let (summary, _) = try read(path)
        let d = try #require(summary.errors.first { $0.line == 13886 })
        #expect(d.rule == Rule.fhir.rawValue)
        #expect(d.message.contains("is 5 days after its Encounter"), "\(d.message)")
        #expect(!summary.errors.contains { $0.rule == Rule.painAfterWithoutBefore.rawValue })
    }

    /// Synthea 2 writes pain as a full double (3.8101445902730777): each is rejected on its line, naming the value.
    @Test func synthea2PainWithSixteenDecimalsIsNamed() throws {
        for prefix in ["synthea2-Rashad_Blick", "synthea2-Cletus_Schiller"] {
            guard let path = file(prefix: prefix) else { return }
            let pains = try pains(in: path)
            let precise = pains.filter { p in (p.value.split(separator: ".").last.map { $0.count > 1 } ?? false) && p.value.contains(".") }
            try expectEveryPainAccountedFor(path, stored: pains.count - precise.count, rejected: precise.count)
            let (summary, _) = try read(path)
            for p in precise {
                let d = summary.errors.first { $0.line == p.line && $0.rule == Rule.tooPrecise.rawValue }
                #expect(d?.message.contains(p.value) == true, "\(prefix):\(p.line): \(String(describing: d))")
            }
        }
    }

    // MARK: Bulk Data NDJSON

    func bulkPaths() -> [String]? {
        let names = ["inferno-bulk-Patient.ndjson", "inferno-bulk-Encounter.ndjson",
                     "inferno-bulk-Observation-1.ndjson", "inferno-bulk-Observation-2.ndjson"]
        let paths = names.compactMap(real)
        return paths.count == names.count ? paths : nil
    }

    /// A bulk export is FHIR, never a table of sessions: detected by resourceType, read as one import.
    @Test func bulkExportIsReadAsFHIR() throws {
        guard let paths = bulkPaths() else { return }
        for path in paths {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            let format = bytes.withUnsafeBufferPointer { RecordReader.detectFormat(path: path, bytes: $0) }
            #expect(format == .fhir, "\(path)")
            #expect(RecordReader.isFHIRResources(path: path))
        }
        var sink = RecordCollector()
        let summary = try RecordReader.read(fhirFiles: paths, name: "bulk", options: makeOptions(), into: &sink)
        #expect(summary.isBalanced && summary.format == .fhir)
        #expect(!summary.diagnostics.contains { $0.message.contains("client_id: missing") || $0.field == "client_id" })
        #expect(Set(sink.clients.map(\.id)) == ["85", "355", "907"])
        // No pain in this export: no session can be stored, and no number comes from the coded stress answer.
        #expect(sink.sessions.isEmpty && sink.checkIns.isEmpty)
        // Each diagnostic names its own file.
        #expect(summary.diagnostics.allSatisfy { d in paths.contains(d.file) })
        // 93038-8 "Somewhat" (LA13909-9) on line 202 of Observation-1: one warning naming the code and its answer.
        let coded = summary.diagnostics.filter { $0.column == "Observation 93038-8" }
        #expect(coded.count == 1)
        #expect(coded.first?.file == paths[2] && coded.first?.line == 202)
        #expect(coded.first?.message.contains("LA13909-9 \"Somewhat\"") == true, "\(coded)")
        #expect(coded.first?.message.contains("stress[http://loinc.org|LA13909-9] = <0–10>") == true)
        // One warning per unknown code per file, not one a line: 72166-2 (133 lines) is one warning.
        let smoking = summary.diagnostics.filter { $0.message.hasPrefix("http://loinc.org|72166-2 ") }
        #expect(smoking.count == 1)
        #expect(smoking.first?.message.contains("133 Observations ignored") == true)
    }

    /// Every line of the export is accounted for: a row (Patient, Encounter), or counted in a warning.
    @Test func bulkExportEveryLineAccountedFor() throws {
        guard let paths = bulkPaths() else { return }
        var sink = RecordCollector()
        let summary = try RecordReader.read(fhirFiles: paths, name: "bulk", options: makeOptions(), into: &sink)
        let lineCount = try paths.map { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n").count }
            .reduce(0, +)
        // Warnings say "N …" (many) or describe one; count what each covers. The time-zone note is
        // about the file's times, not about lines.
        let covered = summary.diagnostics.filter { $0.severity == .warning && $0.rule != Rule.timeZone.rawValue }.map { d -> Int in
            if d.message.hasPrefix("1 coded") { return 1 }
            if let n = Int(d.message.prefix { $0.isNumber }) { return n }
            if let range = d.message.range(of: #"; (\d+) Observations ignored"#, options: .regularExpression) {
                return Int(d.message[range].filter(\.isNumber)) ?? 1
            }
            return 1
        }.reduce(0, +)
        #expect(summary.read + covered == lineCount, "\(summary.read) rows + \(covered) in warnings ≠ \(lineCount) lines")
    }

    // MARK: Single resources

    @Test func mhvPainObservationsAloneAreCheckIns() throws {
        for (name, value) in [("mhv-Observation-ex-MHV-pain-0.json", 0.0), ("mhv-Observation-ex-MHV-pain-7.json", 7),
                              ("mhv-Observation-ex-MHV-pain-10.json", 10), ("mhv-Observation-ex-MHV-pain-14.json", 10)] {
            guard let path = real(name) else { return }
            let (summary, sink) = try read(path)
            #expect(summary.errors.isEmpty, "\(name): \(summary.errors)")
            #expect(sink.checkIns.map(\.pain) == [value], "\(name)")
            #expect(sink.checkIns.first?.clientID == "ex-patient" && sink.checkIns.first?.day == day("2004-12-25"))
        }
    }

    /// Read together, the MHV pain scores of one client and day conflict: all rejected, each named.
    @Test func mhvPainObservationsTogetherConflict() throws {
        let names = ["mhv-Observation-ex-MHV-pain-0.json", "mhv-Observation-ex-MHV-pain-7.json",
                     "mhv-Observation-ex-MHV-pain-10.json"]
        let paths = names.compactMap(real)
        guard paths.count == names.count else { return }
        var sink = RecordCollector()
        let summary = try RecordReader.read(fhirFiles: paths, name: "mhv", options: makeOptions(), into: &sink)
        #expect(sink.checkIns.isEmpty && summary.rejected == 1)
        let conflicts = summary.errors.filter { $0.rule == Rule.conflict.rawValue }
        #expect(Set(conflicts.map(\.file)) == Set(paths) && conflicts.allSatisfy { $0.line == 1 })
        #expect(conflicts.first?.message.contains("3 pain scores on 2004-12-25 that differ (0, 7, 10)") == true, "\(conflicts)")
    }

    /// 72514-3 with 37 Cel is not a pain score: rejected naming the unit, never stored.
    @Test func painInCelsiusIsRejectedNamingTheUnit() throws {
        guard let path = real("mhv-Observation-ex-pain-12.json") else { return }
        let (summary, sink) = try read(path)
        #expect(sink.records.isEmpty && summary.rejected == 1)
        #expect(summary.errors.map(\.description).contains { $0.contains("37 Cel is in Cel, not a 0–10 score") }, "\(summary.errors)")
    }

    /// HL7's own 93038-8 example: a coded answer, never a number; one warning names it.
    @Test func usCoreStressIsACodedAnswer() throws {
        guard let path = real("uscore-Observation-PRAPARE-item-example-93038-8.json") else { return }
        let (summary, sink) = try read(path)
        #expect(sink.records.isEmpty && summary.read == 0 && summary.isBalanced)
        let w = summary.diagnostics.filter { $0.severity == .warning }
        #expect(w.count == 1)
        #expect(w.first?.description.hasPrefix(path + ":1: Observation 93038-8: 1 coded answer not imported (LA13909-9 \"Somewhat\"): "
                                                + "LOINC 93038-8 (Stress level) is answered with codes (Not at all, A little bit, "
                                                + "Somewhat, Quite a bit, Very much), not a 0–10 score") == true, "\(w)")
    }

    /// Every FHIR file of the folder reads without a whole-file error.
    @Test func everyRealFHIRFileReads() throws {
        guard FileManager.default.fileExists(atPath: Self.folder) else {
            Issue.record("the real FHIR files are missing: \(Self.folder)")
            return
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
            .filter { $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") }.sorted()
        #expect(names.count == 15)
        for name in names {
            let (summary, _) = try read(Self.folder + "/" + name)
            #expect(summary.format == .fhir && summary.isBalanced, "\(name)")
        }
    }
}
