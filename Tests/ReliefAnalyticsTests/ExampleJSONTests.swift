import ReliefTestSupport
import Testing
import Foundation
import ReliefModel
@testable import ReliefAnalytics

/// The example behind docs/analyze-json.md. The JSON decodes back to equal values; with
/// RELIEF_EXAMPLE_DIR=/some/dir the two documents are written there (sorted keys, pretty).
@Suite struct ExampleJSONTests {
    /// Client C-0042: weekly-ish sessions since 12 January 2026, pain easing, check-ins two and five
    /// days after every other session, `relief_days` asked from the ninth session on.
    static func exampleClient() -> ClientRecord {
        var sessions: [Session] = []
        var checkIns: [CheckIn] = []
        let gaps = [0, 7, 7, 8, 6, 7, 14, 7, 7, 6, 8, 7]
        var d = day("2026-01-12")
        for (k, g) in gaps.enumerated() {
            d = d + g
            let pre = (7.5 - 0.35 * Double(k)).rounded()
            sessions.append(Session(id: "s\(k + 1)", clientID: "C-0042", therapistID: "T-2", day: d, durationMinutes: 60,
                                    techniques: ["trigger-point"], regions: ["neck", "shoulders"], painBefore: pre,
                                    painAfter: max(0, pre - 3), sleep: k % 4 == 3 ? nil : (4 + 0.3 * Double(k)).rounded(),
                                    mood: 6, stress: (7 - 0.2 * Double(k)).rounded(),
                                    reliefDays: k >= 8 ? .days(Double(3 + k / 3)) : nil))
            if k % 2 == 0 {
                checkIns.append(CheckIn(clientID: "C-0042", day: d + 2, pain: max(0, pre - 2)))
                checkIns.append(CheckIn(clientID: "C-0042", day: d + 5, pain: pre))
            }
        }
        return ClientRecord(client: Client(id: "C-0042", name: "Example", segment: .officeWorker, regions: ["neck"],
                                           therapistID: "T-2"), sessions: sessions, checkIns: checkIns)
    }

    @Test func roundTripAndExample() throws {
        var options = AnalysisOptions()
        options.clinicBaselineSD = [.pain: 1.9, .sleep: 2.1, .mood: 1.8, .stress: 2.0]
        let client = Analytics.client(Self.exampleClient(), period: march2026, options: options)
        let cohort = Analytics.cohort(CohortTests.clinic() + [Self.exampleClient()],
                                      therapists: [Therapist(id: "t1", name: "Ana"), Therapist(id: "t2", name: "Ben"),
                                                   Therapist(id: "T-2", name: "Kai")],
                                      period: march2026)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let c = try encoder.encode(client), k = try encoder.encode(cohort)
        #expect(try JSONDecoder().decode(ClientProgress.self, from: c) == client)
        // The cohort JSON is output only (its labels come from a report language): check it
        // carries the cohort's numbers and, with no wording given, keys as labels.
        let json = try #require(try JSONSerialization.jsonObject(with: k) as? [String: Any])
        #expect(json["clients"] as? Int == cohort.clients && json["sessions"] as? Int == cohort.sessions)
        let therapists = try #require(json["byTherapist"] as? [[String: Any]])
        #expect(therapists.map { $0["key"] as? String } == cohort.byTherapist.map(\.key))
        #expect(therapists.map { $0["label"] as? String } == cohort.byTherapist.map { $0.name ?? $0.key })
        if let dir = ProcessInfo.processInfo.environment["RELIEF_EXAMPLE_DIR"] {
            try c.write(to: URL(fileURLWithPath: dir).appendingPathComponent("client.json"))
            try k.write(to: URL(fileURLWithPath: dir).appendingPathComponent("cohort.json"))
        }
    }
}
