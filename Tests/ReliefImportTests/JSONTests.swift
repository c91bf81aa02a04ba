import Testing
import ReliefModel
@testable import ReliefImport

/// JSON (array or keyed object) and NDJSON.
@Suite struct JSONTests {
    @Test func arrayOfSessions() throws {
        let text = """
        [
          {"session_id": "S1", "client_id": "C1", "date": "2026-03-02T09:30", "pain_before": 6.5,
           "pain_after": 3, "technique": ["trigger-point", "swedish"], "regions": "neck;shoulders",
           "relief_days": null, "notes": "line\\nbreak \\u00e9 \\ud834\\udd1e"},
          {"sessionId": "S2", "clientId": "C1", "date": "2026-03-09", "painBefore": "5", "reliefDays": "ongoing"},
          {"session_id": "S3", "client_id": "C1", "date": "2026-03-10",
           "pain_before": 12}
        ]
        """
        let (summary, sink) = try readText(text, name: "sessions.json")
        #expect(summary.format == .json && summary.kinds == [.sessions])
        #expect(sink.sessions.map(\.id) == ["S1", "S2"])
        let s1 = sink.sessions[0]
        #expect(s1.techniques == ["trigger-point", "swedish"] && s1.regions == ["neck", "shoulders"] && s1.minute == 570)
        #expect(s1.notes == "line\nbreak é 𝄞" && s1.reliefDays == nil && s1.painBefore == 6.5)
        #expect(sink.sessions[1].reliefDays == .ongoing)
        // Named by the line the object starts on, and the key.
        #expect(summary.errors.map(\.description) == ["sessions.json:6: pain_before: 12 is outside 0–10"])
        #expect(sink.lines == [2, 5])
    }

    @Test func keyedObjectWithSeveralKinds() throws {
        let text = """
        {
          "version": 1,
          "therapists": [{"therapist_id": "T1", "name": "Anna"}],
          "clients": [{"client_id": "C1", "name": "Ann", "segment": "athlete"}],
          "sessions": [{"session_id": "S1", "client_id": "C1", "therapist_id": "T1", "date": "2026-03-02", "pain_before": 6}],
          "checkins": [{"client_id": "C1", "date": "2026-03-05", "pain": 4, "source": "diary"}, []]
        }
        """
        let (summary, sink) = try readText(text, name: "clinic.json")
        #expect(summary.kinds == [.therapists, .clients, .sessions, .checkins])
        #expect(sink.records.map(\.kind) == [.therapists, .clients, .sessions, .checkins])
        #expect(summary.acceptedByKind == ["therapists": 1, "clients": 1, "sessions": 1, "checkins": 1])
        #expect(summary.errors.map(\.description) == ["clinic.json:6: each record must be a JSON object"])
        #expect(summary.ignoredColumns == ["\"version\" (top-level key)"])
        #expect(summary.isBalanced && summary.read == 5)
    }

    @Test func wrongTypesAreRejectedRows() throws {
        let text = """
        [{"session_id": "S1", "client_id": "C1", "date": "2026-03-02", "pain_before": true},
         {"session_id": "S2", "client_id": {"id": "C1"}, "date": "2026-03-02", "pain_before": 5},
         {"session_id": "S3", "client_id": "C1", "date": "2026-03-02", "pain_before": 5, "technique": [1, 2]},
         {"session_id": "S4", "client_id": "C1", "date": "2026-03-02", "pain_before": 5, "client": "C2"},
         {"session_id": "S5", "client_id": "C1", "date": "2026-03-02", "pain_before": 5e0}]
        """
        let (summary, sink) = try readText(text, name: "s.json")
        #expect(summary.errors.map(\.description) == [
            "s.json:1: pain_before: true is not text or a number",
            "s.json:2: client_id: an object or a list of objects is not text or a number",
            "s.json:3: technique: an object or a list of objects is not text or a number",
            "s.json:4: client (client_id): client_id is given twice in this object (\"client_id\" and \"client\")",
        ])
        #expect(sink.sessions.map(\.id) == ["S5"])
    }

    @Test func malformedJSONIsAFileErrorWithLineAndColumn() {
        let text = "[\n  {\"session_id\": \"S1\", \"client_id\": \"C1\",, \"date\": \"2026-03-02\"}\n]"
        #expect(importError { _ = try readText(text, name: "s.json") }?.description
                == "s.json:2:42: malformed JSON: expected a key, found \",\"")
        #expect(importError { _ = try readText("[{\"a\": 1}", name: "s.json") { $0.kind = .sessions } }?.description
                == "s.json:1:10: malformed JSON: the file ends inside the array")
        #expect(importError { _ = try readText("[{\"session_id\": \"S1\u{1}\"}]", name: "s.json") }?.description
                == "s.json:1:20: malformed JSON: a control character (0x1) inside a string; write it as an escape")
        #expect(importError { _ = try readText("\"just a string\"", name: "s.json") }?.description
                == "s.json:1: a JSON file of records is an array of objects or an object of arrays (\"sessions\", \"clients\", …)")
    }

    @Test func deepNestingIsRefusedBeforeItCanHurt() {
        let deep = "[{\"session_id\": \"S1\", \"x\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]"
        #expect(importError { _ = try readText(deep, name: "s.json") { $0.kind = .sessions } }?.description
                == "s.json:1: JSON nesting is larger than the limit of 64; the file was not imported")
        let fhir = "{\"resourceType\": \"Bundle\", \"entry\": " + String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000) + "}"
        #expect(importError { _ = try readText(fhir, name: "b.json") } != nil)
    }

    @Test func emptyArray() throws {
        let (summary, _) = try readText("[]", name: "s.json") { $0.kind = .sessions }
        #expect(summary.read == 0)
    }

    @Test func ndjsonNamesFileLinesAndRejectsBadLinesOnly() throws {
        let text = """
        {"session_id": "S1", "client_id": "C1", "date": "2026-03-02", "pain_before": 6}

        {"session_id": "S2", "client_id": "C1", "date": "2026-03-03", "pain_before": 11}
        {"session_id": "S3", "client_id": "C1", "date": "2026-03-04", "pain_before": 5
        {"session_id": "S4", "client_id": "C1", "date": "2026-03-05", "pain_before": 4} trailing
        ["not", "an", "object"]
        {"session_id": "S5", "client_id": "C1", "date": "2026-03-06", "pain_before": 3}
        """
        let (summary, sink) = try readText(text, name: "s.ndjson")
        #expect(summary.format == .ndjson)
        #expect(sink.sessions.map(\.id) == ["S1", "S5"])
        #expect(sink.lines == [1, 7])
        #expect(summary.errors.map(\.description) == [
            "s.ndjson:3: pain_before: 11 is outside 0–10",
            "s.ndjson:4: not valid JSON at column 79: the line ends inside an object",
            "s.ndjson:5: not valid JSON at column 81: text after the object on the same line",
            "s.ndjson:6: not valid JSON at column 1: each line must hold one JSON object",
        ])
        #expect(summary.read == 6, "read \(summary.read)")
        #expect(summary.blankLines == 1, "blank \(summary.blankLines)")
        #expect(summary.isBalanced)
    }

    @Test func ndjsonIsDetectedWithoutExtension() throws {
        let text = "{\"client_id\": \"C1\", \"name\": \"Ann\"}\n{\"client_id\": \"C2\"}\n"
        let (summary, sink) = try readText(text, name: "clients.export")
        #expect(summary.format == .ndjson && sink.clients.count == 2)
    }

    @Test func duplicatesInJSON() throws {
        let text = """
        [{"session_id": "S1", "client_id": "C1", "date": "2026-03-02", "pain_before": 6},
         {"client_id": "C1", "session_id": "S1", "pain_before": 6.0, "date": "2026-03-02"},
         {"session_id": "S2", "client_id": "C1", "date": "2026-03-03", "pain_before": 6},
         {"session_id": "S2", "client_id": "C1", "date": "2026-03-03", "pain_before": 7}]
        """
        let (summary, sink) = try readText(text, name: "s.json")
        #expect(sink.sessions.map(\.id) == ["S1"])
        #expect(summary.duplicatesSkipped == 1 && summary.rejected == 2 && summary.isBalanced)
    }
}
