import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// FHIR outside a Bundle (Bulk Data NDJSON, single resources, several files as one import) and
/// the rules for codes, units, coded answers, encounters on other days and check-in conflicts
/// (docs/fhir.md), each on a small hand-written case.
@Suite struct FHIRResourcesTests {
    let patient = #"{"resourceType":"Patient","id":"P1","name":[{"given":["Ada"],"family":"Lind"}]}"#
    func encounter(_ id: String, start: String, end: String? = nil) -> String {
        #"{"resourceType":"Encounter","id":"\#(id)","status":"finished","subject":{"reference":"Patient/P1"},"period":{"start":"\#(start)""#
            + (end.map { #","end":"\#($0)""# } ?? "") + "}}"
    }
    func observation(system: String = "http://loinc.org", code: String = "72514-3", encounter: String? = nil,
                     at time: String, value: String, source: String? = nil) -> String {
        var s = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"\#(system)","code":"\#(code)"}]},"subject":{"reference":"Patient/P1"},"effectiveDateTime":"\#(time)",\#(value)"#
        if let encounter { s += #","encounter":{"reference":"Encounter/\#(encounter)"}"# }
        if let source { s += #","extension":[{"url":"urn:relief:fhir:source","valueString":"\#(source)"}]"# }
        return s + "}"
    }
    func quantity(_ v: String, unit: String? = nil) -> String {
        #""valueQuantity":{"value":\#(v)"# + (unit.map { #","system":"http://unitsofmeasure.org","code":"\#($0)""# } ?? "") + "}"
    }
    let somewhat = #""valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA13909-9","display":"Somewhat"}],"text":"Somewhat"}"#

    /// Writes `files` (name → lines) to a new folder; returns their paths in order.
    func write(_ files: [(String, [String])]) throws -> (folder: String, paths: [String]) {
        let folder = try temporaryFolder()
        var paths: [String] = []
        for (name, lines) in files {
            let path = folder + "/" + name
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        return (folder, paths)
    }

    func readAll(_ paths: [String], _ configure: (inout ImportOptions) -> Void = { _ in })
        throws -> (summary: ReadSummary, sink: RecordCollector) {
        var sink = RecordCollector()
        let summary = try RecordReader.read(fhirFiles: paths, name: "export", options: makeOptions(configure), into: &sink)
        return (summary, sink)
    }

    @Test func absoluteAndVersionedReferencesNameTheirResource() throws {
        // Servers write absolute references, sometimes with a version; both name Patient P1.
        let abs = observation(at: "2026-03-05T10:00:00Z", value: quantity("4"))
            .replacingOccurrences(of: #""reference":"Patient/P1""#, with: #""reference":"https://ehr.example/fhir/Patient/P1/_history/2""#)
        let (summary, sink) = try readText([patient, abs].joined(separator: "\n") + "\n", name: "export.ndjson")
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(sink.checkIns.map(\.clientID) == ["P1"] && sink.checkIns.first?.pain == 4)
    }

    // MARK: Bulk Data NDJSON

    @Test func bulkNDJSONIsDetectedByResourceTypeOnEachLine() throws {
        let text = [patient, patient.replacingOccurrences(of: "P1", with: "P2")].joined(separator: "\n") + "\n"
        for name in ["Patient.ndjson", "export.jsonl", "Patient.json", "Patient"] {
            let (summary, sink) = try readText(text, name: name)
            #expect(summary.format == .fhir, "\(name)")
            #expect(sink.clients.map(\.id) == ["P1", "P2"], "\(name)")
        }
        // --format fhir on NDJSON reads it too (it used to say "text after the bundle").
        let (s2, k2) = try readText(text, name: "Patient.ndjson") { $0.format = .fhir }
        #expect(s2.errors.isEmpty && k2.clients.count == 2)
        // A table-shaped NDJSON file is still a table.
        let table = try readText(#"{"client_id":"C1"}"# + "\n" + #"{"client_id":"C2"}"# + "\n", name: "c.ndjson")
        #expect(table.summary.format == .ndjson && table.sink.clients.count == 2)
    }

    @Test func referencesResolveAcrossFilesAndDiagnosticsNameTheirOwnFile() throws {
        let (folder, paths) = try write([
            ("Patient.ndjson", [patient]),
            ("Encounter.ndjson", [encounter("E1", start: "2026-03-02T09:00", end: "2026-03-02T10:00"),
                                  encounter("E2", start: "2026-03-09T09:00", end: "2026-03-09T10:00")]),
            ("Observation-1.ndjson", [observation(encounter: "E1", at: "2026-03-02T08:55", value: quantity("6", unit: "{score}"))]),
            ("Observation-2.ndjson", [observation(encounter: "E1", at: "2026-03-02T10:05", value: quantity("3")),
                                      observation(encounter: "E2", at: "2026-03-09T08:55", value: quantity("11"))]),
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (summary, sink) = try readAll(paths)
        #expect(summary.isBalanced && summary.read == 3 && summary.accepted == 2 && summary.rejected == 1)
        #expect(sink.sessions.map { [$0.painBefore, $0.painAfter ?? -1] } == [[6, 3]])
        #expect(sink.sessions.first?.clientID == "P1")
        // The out-of-range score is named by its own file and line, not the Encounter's.
        #expect(summary.errors.map(\.description) == [paths[3] + ":2: Observation 72514-3 (before) (pain_before): 11 is outside 0–10"])
    }

    @Test func aLineThatIsNotJSONIsARejectedRowAndTheOthersGoOn() throws {
        let (folder, paths) = try write([("Patient.ndjson", [patient, #"{"resourceType":"Patient","id":"#, "",
                                                             patient.replacingOccurrences(of: "P1", with: "P3")])])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (summary, sink) = try readAll(paths)
        #expect(sink.clients.map(\.id) == ["P1", "P3"])
        #expect(summary.isBalanced && summary.rejected == 1 && summary.blankLines == 1)
        #expect(summary.errors.first?.file == paths[0] && summary.errors.first?.line == 2)
        #expect(summary.errors.first?.rule == Rule.syntax.rawValue)
    }

    @Test func anObservationWhoseEncounterIsInNoFileIsNamed() throws {
        let (folder, paths) = try write([("Observation.ndjson", [observation(encounter: "E404", at: "2026-03-02", value: quantity("4")),
                                                                 observation(encounter: "E405", at: "2026-03-02", value: quantity("5"))])])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (summary, sink) = try readAll(paths)
        #expect(sink.records.isEmpty)
        let w = summary.diagnostics.filter { $0.column == "Observation.encounter" }
        #expect(w.count == 1 && w.first?.line == 1)
        #expect(w.first?.message.hasPrefix("2 Observations refer to Encounters in none of the files read") == true, "\(w)")
    }

    // MARK: Single resources

    @Test func singleResourcesAndAFolderOfThem() throws {
        let pretty = """
        {
          "resourceType": "Observation",
          "code": {"coding": [{"system": "http://snomed.info/sct", "code": "225908003"}]},
          "subject": {"reference": "Patient/P1"},
          "effectiveDateTime": "2026-03-05T20:00:00+01:00",
          "valueInteger": 4
        }
        """
        let (folder, paths) = try write([("Observation-a.json", [pretty]), ("Patient-P1.json", [patient])])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let one = try readText(pretty, name: "o.json")
        #expect(one.summary.format == .fhir && one.sink.checkIns.map(\.pain) == [4])
        let (summary, sink) = try readAll(paths)
        #expect(summary.errors.isEmpty && sink.clients.map(\.id) == ["P1"] && sink.checkIns.first?.day == day("2026-03-05"))
        // A single resource that is not valid JSON stops its file, naming its own line.
        let bad = try write([("a.json", [patient]), ("b.json", ["{", #"  "resourceType": "Patient","#, "  \"id\": }"])])
        defer { try? FileManager.default.removeItem(atPath: bad.folder) }
        #expect(importError { _ = try readAll(bad.paths) }?.description.hasPrefix(bad.paths[1] + ":3:") == true)
    }

    // MARK: Codes, units, coded answers

    @Test func snomedPainScoreIsPainOnZeroToTen() throws {
        let text = [patient, encounter("E1", start: "2026-03-02T09:00", end: "2026-03-02T10:00"),
                    observation(system: "http://snomed.info/sct", code: "225908003", encounter: "E1", at: "2026-03-02T09:00",
                                value: #""valueInteger":7"#)].joined(separator: "\n")
        let (_, sink) = try readText(text, name: "x.ndjson")
        #expect(sink.sessions.first?.painBefore == 7)
        let high = text.replacingOccurrences(of: #""valueInteger":7"#, with: #""valueInteger":12"#)
        let (s2, k2) = try readText(high, name: "x.ndjson")
        #expect(k2.sessions.isEmpty && s2.errors.first?.message == "12 is outside 0–10")
    }

    @Test func aValueInAnotherUnitIsRejectedNamingTheUnit() throws {
        let text = [patient, observation(at: "2026-03-05", value: quantity("37", unit: "Cel"))].joined(separator: "\n")
        let (summary, sink) = try readText(text, name: "x.ndjson")
        #expect(sink.checkIns.isEmpty && summary.rejected == 1)
        #expect(summary.errors.first?.description == "x.ndjson:2: Observation 72514-3: 37 Cel is in Cel, not a 0–10 score (unit 1 or {score}); not imported")
    }

    @Test func codedAnswersNeedAValueMap() throws {
        let lines = [patient, encounter("E1", start: "2026-03-02T09:00", end: "2026-03-02T10:00"),
                     observation(encounter: "E1", at: "2026-03-02T09:00", value: quantity("5")),
                     observation(code: "93038-8", encounter: "E1", at: "2026-03-02T09:00", value: somewhat),
                     observation(code: "93038-8", at: "2026-03-04", value: somewhat)]
        let text = lines.joined(separator: "\n")
        let (summary, sink) = try readText(text, name: "x.ndjson")
        #expect(sink.sessions.first?.stress == nil && sink.sessions.first?.painBefore == 5)
        let w = summary.diagnostics.filter { $0.column == "Observation 93038-8" }
        #expect(w.count == 1 && w.first?.line == 4)
        #expect(w.first?.message.hasPrefix("2 coded answers not imported (LA13909-9 \"Somewhat\" ×2), the first on this line: ") == true, "\(w)")
        // With a value map, the clinic's own number for the answer is the score, validated as any 0–10 score.
        let mapping = try ColumnMapping(parsing: "stress[http://loinc.org|LA13909-9] = 5\nstress[LA6568-5] = 0\n")
        let (s2, k2) = try readText(text, name: "x.ndjson") { $0.mapping = mapping }
        #expect(k2.sessions.first?.stress == 5)
        #expect(!s2.diagnostics.contains { $0.column == "Observation 93038-8" && $0.severity == .warning })
        // The stress-only check-in (line 5) has no pain: rejected as any check-in without pain, never a number alone.
        #expect(s2.errors.map(\.description) == ["x.ndjson:5: pain: missing (required for a check-in)"])
        // A mapping's value must be a number, and only a score has values.
        #expect(importError { _ = try ColumnMapping(parsing: "stress[LA13909-9] = somewhat") }?.description.contains("must be a number") == true)
        #expect(importError { _ = try ColumnMapping(parsing: "client_id[X] = 1") }?.description.contains("a value map is for a score") == true)
    }

    @Test func oneWarningPerUnknownCodePerFile() throws {
        let heart = (1...5).map { observation(code: "8867-4", at: "2026-03-0\($0)", value: quantity("70", unit: "/min")) }
        let bmi = observation(code: "39156-5", at: "2026-03-01", value: quantity("22"))
        let (folder, paths) = try write([("Observation-1.ndjson", heart + [bmi]), ("Observation-2.ndjson", [heart[0]])])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (summary, _) = try readAll(paths)
        #expect(summary.diagnostics.map(\.description) == [
            paths[0] + ":1: Observation.code: http://loinc.org|8867-4 is not a code Relief reads; 5 Observations ignored, the first on this line (map it if it is a 0–10 score)",
            paths[0] + ":6: Observation.code: http://loinc.org|39156-5 is not a code Relief reads; ignored (map it if it is a 0–10 score)",
            paths[1] + ":1: Observation.code: http://loinc.org|8867-4 is not a code Relief reads; ignored (map it if it is a 0–10 score)",
        ])
    }

    // MARK: Encounters and check-ins

    @Test func aPainScoreDaysFromItsEncounterNamesTheCause() throws {
        let text = [patient, encounter("E1", start: "2026-03-02T09:00", end: "2026-03-02T09:15"),
                    observation(encounter: "E1", at: "2026-03-06T09:00", value: quantity("3"))].joined(separator: "\n")
        let (summary, sink) = try readText(text, name: "x.ndjson")
        #expect(sink.sessions.isEmpty)
        // The cause, then its consequence (the session has no pain_before left).
        #expect(summary.errors.map(\.message).last == "missing (required for a session)")
        #expect(summary.errors.first?.description == "x.ndjson:3: Observation 72514-3: this pain score (3, 2026-03-06T09:00) is 4 days after its Encounter E1 "
                + "(period 2026-03-02T09:00 – 2026-03-02T09:15), so it is neither the session's before nor its after score; the session is not imported. "
                + "File the Observation under the encounter it belongs to, or remove its encounter reference to import it as a check-in")
        let before = text.replacingOccurrences(of: "2026-03-06T09:00", with: "2026-03-01T20:00")
        #expect(try readText(before, name: "x.ndjson").summary.errors.first?.message.contains("is 1 day before its Encounter E1") == true)
    }

    /// Two check-ins of one client, day and source that differ are both rejected, each naming the
    /// others; the same score twice is one check-in; another source is another check-in.
    @Test func checkInConflictsAreRejectedOnEveryLine() throws {
        let a = observation(at: "2026-03-05T08:00", value: quantity("4"))
        let b = observation(at: "2026-03-05T20:00", value: quantity("6"))
        let (summary, sink) = try readText([patient, a, b].joined(separator: "\n"), name: "x.ndjson")
        #expect(sink.checkIns.isEmpty && summary.rejected == 1)
        let conflicts = summary.errors.filter { $0.rule == Rule.conflict.rawValue }
        #expect(conflicts.map(\.line) == [2, 3])
        #expect(conflicts.first?.message == "client P1 has 2 pain scores on 2026-03-05 that differ (4, 6); a check-in holds one score "
                + "a day per source, so all 2 are rejected (keep one, or give each its own source with the extension "
                + "urn:relief:fhir:source, and import again)")
        // The same value twice: one check-in.
        let same = observation(at: "2026-03-05T20:00", value: quantity("4.0"))
        let (s2, k2) = try readText([patient, a, same].joined(separator: "\n"), name: "x.ndjson")
        #expect(s2.errors.isEmpty && k2.checkIns.map(\.pain) == [4])
        // Distinct sources: two check-ins.
        let diary = observation(at: "2026-03-05T20:00", value: quantity("6"), source: "diary")
        let (s3, k3) = try readText([patient, a, diary].joined(separator: "\n"), name: "x.ndjson")
        #expect(s3.errors.isEmpty && k3.checkIns.map(\.pain) == [4, 6])
        // In a Bundle, the same rule.
        let bundle = #"{"resourceType":"Bundle","type":"collection","entry":["# + [patient, a, b].map { #"{"resource":\#($0)}"# }
            .joined(separator: ",\n") + "]}"
        let (s4, k4) = try readText(bundle, name: "b.json")
        #expect(k4.checkIns.isEmpty && s4.errors.filter { $0.rule == Rule.conflict.rawValue }.count == 2)
    }

    /// An export's rows, read in one pass (what `relief import` tries first) or in full, are the same.
    @Test func onePassAndFullReadAgree() throws {
        let lines = [patient, encounter("E1", start: "2026-03-02T09:00"), encounter("E1", start: "2026-03-02T09:00"),
                     observation(encounter: "E1", at: "2026-03-02T08:00", value: quantity("5"))]
        let text = lines.joined(separator: "\n")
        let full = try readText(text, name: "x.ndjson")
        #expect(full.summary.duplicatesSkipped == 1 && full.sink.sessions.count == 1)
        #expect(importError { _ = try readText(text, name: "x.ndjson") { $0.optimistic = true } }.map {
            if case .needsFullRead(let file, let line) = $0 { return file == "x.ndjson" && line == 3 } else { return false }
        } == true)
    }
}
