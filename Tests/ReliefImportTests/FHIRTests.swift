import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// FHIR R4 bundles (docs/fhir.md).
@Suite struct FHIRTests {
    let examplePath = repositoryRoot.appendingPathComponent("docs/fhir-example.json").path

    func readExample() throws -> (ReadSummary, RecordCollector) {
        var sink = RecordCollector()
        let summary = try RecordReader.read(path: examplePath, options: makeOptions(), into: &sink)
        return (summary, sink)
    }

    /// The example bundle in docs/ and the equivalent CSV files give identical records.
    @Test func exampleBundleEqualsEquivalentCSV() throws {
        let (summary, fhir) = try readExample()
        #expect(summary.format == .fhir)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.isBalanced && summary.rejected == 0)

        var csv = RecordCollector()
        let files: [(String, String)] = [
            ("therapists.csv", "therapist_id,name\nT1,Anna Berg\n"),
            ("clients.csv", "client_id,name,segment,complaint,regions,intake_date,therapist_id\n"
                + "C1,Jonas Lind,office-worker,neck pain,neck;shoulders,2026-01-10,T1\nC2,Maria Holm,athlete,,,,\n"),
            ("sessions.csv", sessionHeader + "\n"
                + "S1,C1,T1,2026-03-02T09:00,60,medical,trigger-point;myofascial-release,firm,neck;shoulders,6,3,5,6,7,,Tight upper trapezius\n"
                + "S2,C1,T1,2026-03-09T09:00,45,medical,trigger-point,,,5,2.5,,,,4,\n"
                + "S3,C2,T1,2026-03-10T17:00,30,relaxation,,,,3,,,,,,\n"),
            ("checkins.csv", "client_id,date,pain,sleep_quality,mood,stress,source\nC1,2026-03-05,4,6,,,diary\n"),
        ]
        for (name, text) in files {
            let s = try RecordReader.read(bytes: Array(text.utf8), name: name, options: makeOptions(), into: &csv)
            #expect(s.errors.isEmpty, "\(name): \(s.errors)")
        }
        func key(_ r: Record) -> String { "\(r.kind.rawValue)|\(r)" }
        #expect(fhir.records.count == 7)
        #expect(fhir.records.sorted { key($0) < key($1) } == csv.records.sorted { key($0) < key($1) })
    }

    @Test func exampleWarnsAboutPROMISSleep() throws {
        let (summary, _) = try readExample()
        let warning = summary.diagnostics.first { $0.rule == Rule.fhir.rawValue && $0.severity == .warning }
        #expect(warning?.description.hasSuffix(
            "Observation 77860-5: PROMIS sleep disturbance is a T-score (mean 50, SD 10), not a 0–10 sleep quality; not imported. "
            + "If your clinic records a 0–10 sleep quality under this code, map it: sleep_quality = http://loinc.org|77860-5") == true)
        #expect(warning?.line != nil)
    }

    func bundle(_ resources: [String]) -> String {
        "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n"
            + resources.map { "{\"resource\": \($0)}" }.joined(separator: ",\n") + "\n]}"
    }

    let patient = #"{"resourceType": "Patient", "id": "C1"}"#
    func encounter(_ id: String, start: String, end: String? = nil) -> String {
        #"{"resourceType": "Encounter", "id": "\#(id)", "subject": {"reference": "Patient/C1"}, "period": {"start": "\#(start)""#
            + (end.map { #", "end": "\#($0)""# } ?? "") + "}}"
    }
    func pain(_ encounter: String?, at time: String, _ value: Double, timing: String? = nil) -> String {
        var s = #"{"resourceType": "Observation", "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]}, "subject": {"reference": "Patient/C1"}, "effectiveDateTime": "\#(time)", "valueQuantity": {"value": \#(value)}"#
        if let encounter { s += #", "encounter": {"reference": "Encounter/\#(encounter)"}"# }
        if let timing { s += #", "extension": [{"url": "urn:relief:fhir:timing", "valueCode": "\#(timing)"}]"# }
        return s + "}"
    }

    @Test func painTimingByEffectiveTimeAgainstThePeriod() throws {
        let text = bundle([patient,
                           encounter("E1", start: "2026-03-02T09:00", end: "2026-03-02T10:00"),
                           pain("E1", at: "2026-03-02T09:10", 6),     // nearer the start: before
                           pain("E1", at: "2026-03-02T09:50", 2),     // nearer the end: after
                           encounter("E2", start: "2026-03-03T09:00"),
                           pain("E2", at: "2026-03-03T08:55", 5),     // before the start
                           pain("E2", at: "2026-03-03T09:40", 4)])    // after the start, no end: after
        let (summary, sink) = try readText(text, name: "b.json")
        #expect(summary.errors.isEmpty)
        #expect(sink.sessions.map { [$0.painBefore, $0.painAfter ?? -1] } == [[6, 2], [5, 4]])
    }

    @Test func ambiguousPainTimingRejectsTheSessionAndNamesTheObservation() throws {
        let text = bundle([patient,
                           encounter("E1", start: "2026-03-02", end: "2026-03-02"),
                           pain("E1", at: "2026-03-02", 6),
                           pain("E1", at: "2026-03-02", 2)])
        let (summary, sink) = try readText(text, name: "b.json")
        #expect(sink.sessions.isEmpty && summary.rejected == 1)
        #expect(summary.errors.first?.description == "b.json:4: Observation 72514-3: cannot tell whether this pain score is from "
                + "before or after the session: its effectiveDateTime is not clearly nearer the encounter's start or end; "
                + "add the extension urn:relief:fhir:timing with valueCode before or after")
        // The timing extension settles it.
        let fixed = bundle([patient, encounter("E1", start: "2026-03-02"),
                            pain("E1", at: "2026-03-02", 6, timing: "before"), pain("E1", at: "2026-03-02", 2, timing: "after")])
        let (s2, k2) = try readText(fixed, name: "b.json")
        #expect(s2.errors.isEmpty && k2.sessions.first?.painAfter == 2)
    }

    @Test func scoresOutOfRangeAreNamedByTheObservationLine() throws {
        let text = bundle([patient, encounter("E1", start: "2026-03-02T09:00"), pain("E1", at: "2026-03-02T08:00", 11)])
        let (summary, _) = try readText(text, name: "b.json")
        #expect(summary.errors.map(\.description) == ["b.json:4: Observation 72514-3 (before) (pain_before): 11.0 is outside 0–10"])
    }

    @Test func clinicCodesNeedAMapping() throws {
        let mood = #"{"resourceType": "Observation", "code": {"coding": [{"system": "http://clinic.example/codes", "code": "MOOD10"}]}, "encounter": {"reference": "Encounter/E1"}, "valueInteger": 7}"#
        let text = bundle([patient, encounter("E1", start: "2026-03-02T09:00"), pain("E1", at: "2026-03-02T08:00", 5), mood])
        let (s1, k1) = try readText(text, name: "b.json")
        #expect(k1.sessions.first?.mood == nil)
        #expect(s1.diagnostics.contains { $0.description == "b.json:5: Observation.code: http://clinic.example/codes|MOOD10 is not a code Relief reads; ignored (map it if it is a 0–10 score)" })
        let mapping = try ColumnMapping(parsing: "mood = http://clinic.example/codes|MOOD10")
        let (_, k2) = try readText(text, name: "b.json") { $0.mapping = mapping }
        #expect(k2.sessions.first?.mood == 7)
    }

    @Test func checkInsFromObservationsWithoutEncounter() throws {
        let text = bundle([patient, pain(nil, at: "2026-03-05T20:00", 4), pain(nil, at: "2026-03-06", 3)])
        let (_, sink) = try readText(text, name: "b.json")
        #expect(sink.checkIns.map(\.pain) == [4, 3])
    }

    @Test func missingSubjectAndUnknownEncounter() throws {
        let orphan = pain("NOPE", at: "2026-03-02T08:00", 5)
        let text = bundle([#"{"resourceType": "Encounter", "id": "E9", "period": {"start": "2026-03-02"}}"#, orphan])
        let (summary, _) = try readText(text, name: "b.json")
        #expect(summary.errors.map(\.description) == [
            "b.json:2: client_id: missing (required for a session)",
            "b.json:2: pain_before: missing (required for a session)",
        ])
        #expect(summary.diagnostics.contains { $0.description == "b.json:3: Observation.encounter: refers to Encounter/NOPE, which is not an Encounter in this bundle; the observation is not imported" })
    }

    /// A single resource outside a Bundle is read as itself (FHIRResourcesTests has more).
    @Test func aSingleResourceIsRead() throws {
        let (summary, sink) = try readText(#"{"resourceType": "Patient", "id": "C1"}"#, name: "p.json")
        #expect(summary.format == .fhir && summary.errors.isEmpty)
        #expect(sink.clients.map(\.id) == ["C1"])
        #expect(importError { _ = try readText(#"{"resourceType": "Bundle", "entry": [}"#, name: "p.json") }?.description
                == "p.json:1:38: malformed JSON: expected a value, found }")
    }
}
