import Foundation
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefImport

/// A chain's site on sessions, from every input that can carry one (docs/import.md, "Sites").
@Suite struct SiteImportTests {
    @Test func aSiteColumnByItsCanonicalNameOrAPracticeSystemsWord() throws {
        for header in ["site", "Location", "Clinic", "Branch", "Location Name", "site_id"] {
            let (summary, sink) = try readText("session_id,client_id,date,pain_before,\(header)\n"
                                                + "S1,C1,2026-03-02,6,Relief North\nS2,C1,2026-03-09,5,\n", name: "s.csv")
            #expect(summary.errors.isEmpty && summary.ignoredColumns.isEmpty, "\(header)")
            #expect(sink.sessions.map(\.site) == ["Relief North", nil], "\(header)")
        }
    }

    @Test func anAppointmentExportsLocationIsItsSite() throws {
        let (summary, sink) = try readText("Appointment ID,Client ID,Start Time,Service,Location\n"
                                            + "A1,C1,2026-03-02T09:00,60 minute Massage,Relief North\n", name: "appointments.csv")
        #expect(summary.kinds == [.appointments] && summary.errors.isEmpty && summary.ignoredColumns.isEmpty)
        #expect(sink.records.compactMap { if case .appointment(let a) = $0 { a.site } else { nil } } == ["Relief North"])
    }

    @Test func aFileWithoutASiteColumnNamesNoSite() throws {
        let (_, sink) = try readText("session_id,client_id,date,pain_before\nS1,C1,2026-03-02,6\n", name: "s.csv")
        #expect(sink.sessions.first?.site == nil)
    }

    @Test func jsonAndNDJSONCarryTheSiteToo() throws {
        let (_, json) = try readText(#"[{"session_id": "S1", "client_id": "C1", "date": "2026-03-02", "pain_before": 6, "site": "south"}]"#,
                                     name: "s.json")
        #expect(json.sessions.first?.site == "south")
        let (_, nd) = try readText(#"{"session_id": "S1", "client_id": "C1", "date": "2026-03-02", "pain_before": 6, "location": "east"}"# + "\n",
                                   name: "s.ndjson")
        #expect(nd.sessions.first?.site == "east")
    }

    func bundle(_ resources: [String]) -> String {
        "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n"
            + resources.map { "{\"resource\": \($0)}" }.joined(separator: ",\n") + "\n]}"
    }

    func encounter(_ id: String, _ extra: String) -> String {
        #"{"resourceType": "Encounter", "id": "\#(id)", "subject": {"reference": "Patient/C1"}, "period": {"start": "2026-03-02T09:00"}"#
            + extra + "}"
    }

    func pain(_ encounter: String) -> String {
        #"{"resourceType": "Observation", "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]}, "subject": {"reference": "Patient/C1"}, "encounter": {"reference": "Encounter/\#(encounter)"}, "valueQuantity": {"value": 6}}"#
    }

    /// Encounter.location first (where it took place), else Encounter.serviceProvider (who gave
    /// it); the reference's display, else the id it refers to.
    @Test func fhirEncountersTakeTheirLocationElseTheirServiceProvider() throws {
        let text = bundle([
            #"{"resourceType": "Patient", "id": "C1"}"#,
            encounter("E1", #", "location": [{"location": {"reference": "Location/L1", "display": "Relief North"}}], "serviceProvider": {"reference": "Organization/O1", "display": "Relief Ltd"}"#),
            encounter("E2", #", "serviceProvider": {"reference": "Organization/O1", "display": "Relief Ltd"}"#),
            encounter("E3", #", "location": [{"location": {"reference": "Location/L7"}}]"#),
            encounter("E4", ""),
            pain("E1"), pain("E2"), pain("E3"), pain("E4"),
        ])
        let (summary, sink) = try readText(text, name: "b.json")
        #expect(summary.errors.isEmpty)
        let sites = Dictionary(uniqueKeysWithValues: sink.sessions.map { ($0.id, $0.site) })
        let expected: [String: String?] = ["E1": "Relief North", "E2": "Relief Ltd", "E3": "L7", "E4": nil]
        #expect(sites == expected)
    }

    /// Synthea's bundles give each Encounter a serviceProvider (no location): every session read
    /// from one carries its Encounter's provider, as the file itself says (read here with
    /// Foundation's JSON parser, independently of Relief's).
    @Test func realSyntheaBundleSessionsCarryTheirProvider() throws {
        let name = "pathling-synthea3-Burt293_Fisher429_7291401a-85f0-6ad1-b417-e5ea86b6e353.json"
        guard let path = realFHIRFile(name) else { return }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        var providers: [String: String] = [:]
        for entry in object["entry"] as! [[String: Any]] {
            let r = entry["resource"] as! [String: Any]
            guard r["resourceType"] as? String == "Encounter", let id = r["id"] as? String,
                  let p = r["serviceProvider"] as? [String: Any], let display = p["display"] as? String else { continue }
            providers[id] = display
        }
        var sink = RecordCollector()
        _ = try RecordReader.read(path: path, options: makeOptions(), into: &sink)
        #expect(!sink.sessions.isEmpty)
        for s in sink.sessions { #expect(s.site == providers[s.id], "\(s.id)") }
    }
}
