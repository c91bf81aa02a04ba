import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// Kind detection, header aliases and mapping files.
@Suite struct HeaderTests {
    @Test func aliasesAreCaseSpaceAndUnderscoreInsensitive() throws {
        // (A bare `Type` is no longer the session kind: generic headers need a mapping; ClinicFileTests.)
        let text = "Appointment ID,Client ID,THERAPIST,Date of service,Duration,Session type,Modality,Pressure,Areas treated,"
            + "pain_pre,Pain After,Sleep,Mood score,Stress level,Days of relief,Comments\n"
            + "S1,C1,T1,2026-03-02,60,medical,swedish,light,neck,6,3,5,6,7,,fine\n"
        let (summary, sink) = try readText(text, name: "export.csv")
        #expect(summary.kinds == [.sessions] && summary.ignoredColumns.isEmpty)
        #expect(sink.sessions == [Session(id: "S1", clientID: "C1", therapistID: "T1", day: Day(iso: "2026-03-02")!,
                                          durationMinutes: 60, techniques: ["swedish"], pressure: .light, regions: ["neck"],
                                          painBefore: 6, painAfter: 3, sleep: 5, mood: 6, stress: 7, notes: "fine")])
    }

    @Test func moreAliases() throws {
        let (_, sink) = try readText("session,client,date,Pain before,pain_post\nS1,C1,2026-03-02,6,2\n")
        #expect(sink.sessions.first?.painAfter == 2)
        let (_, sink2) = try readText("Visit ID,patient_id,Visit date,NPRS pre,NPRS post\nS1,C1,2026-03-02,6,2\n")
        #expect(sink2.sessions.first?.painBefore == 6)
    }

    @Test func kindIsDetectedFromTheHeader() throws {
        #expect(try readText("client_id,date,pain\nC1,2026-03-02,4\n", name: "x.csv").summary.kinds == [.checkins])
        #expect(try readText("Client ID,Name,Segment\nC1,Ann,athlete\n", name: "x.csv").summary.kinds == [.clients])
        #expect(try readText("Therapist,Name\nT1,Anna\n", name: "x.csv").summary.kinds == [.therapists])
        #expect(try readText("session_id,client_id,date,pain_before\nS1,C1,2026-03-02,4\n", name: "x.csv").summary.kinds == [.sessions])
    }

    @Test func givenKindOverridesDetection() throws {
        let (summary, sink) = try readText("client_id,name\nC1,Ann\n", name: "x.csv") { $0.kind = .clients }
        #expect(summary.kinds == [.clients] && sink.clients.count == 1)
        let e = importError { _ = try readText("client_id,name\nC1,Ann\n", name: "x.csv") { $0.kind = .sessions } }
        // session_id is not required (it is derived from client, date and time; DerivedIDTests).
        #expect(e?.description.hasPrefix("x.csv:1: the header has no column for date, pain_before (required for sessions)") == true)
    }

    @Test func unknownHeaderIsAFileError() {
        let e = importError { _ = try readText("foo,bar\n1,2\n", name: "x.csv") }
        #expect(e?.description == "x.csv:1: cannot tell which kind of record this is from its header (columns found: foo, bar); "
                + "give --kind, or rename or map the columns (docs/import.md)")
    }

    @Test func sessionHeaderWithoutPainColumnNamesIt() {
        let e = importError { _ = try readText("session_id,client_id,date,score\nS1,C1,2026-03-02,4\n", name: "x.csv") }
        #expect(e?.description == "x.csv:1: the header has no column for pain_before (required for sessions); "
                + "columns found: session_id, client_id, date, score. Rename the column, or map it with a mapping file (docs/import.md)")
    }

    @Test func twoColumnsForOneFieldIsAFileError() {
        let e = importError { _ = try readText("session_id,client_id,Client,date,pain_before\nS1,C1,C1,2026-03-02,4\n", name: "x.csv") }
        #expect(e?.description == "x.csv:1: columns \"client_id\" and \"Client\" both mean client_id; keep one")
    }

    @Test func unknownColumnsAreIgnoredWithAWarning() throws {
        let (summary, sink) = try readText("session_id,client_id,date,pain_before,Invoice\nS1,C1,2026-03-02,4,99.00\n", name: "x.csv")
        #expect(sink.sessions.count == 1)
        #expect(summary.ignoredColumns == ["Invoice"])
        #expect(summary.diagnostics.map(\.description) == ["x.csv:1: Invoice: not a Relief field; ignored (rename it or map it to import it)"])
        #expect(summary.diagnostics.first?.severity == .warning)
    }

    @Test func mappingFileMapsAClinicsHeaders() throws {
        let mappingText = """
        # Our practice software's appointment export
        session_id   = Appointment #
        client_id    = Client Number
        pain_before  = Pain (start)
        pain_after   = Pain (end)
        date         = When

        """
        let mapping = try ColumnMapping(parsing: mappingText, file: "clinic.map")
        let text = "Appointment #,Client Number,When,Pain (start),Pain (end)\nA1,77,2026-03-02,7,4\n"
        let (summary, sink) = try readText(text, name: "export.csv") { $0.mapping = mapping }
        #expect(summary.errors.isEmpty)
        #expect(sink.sessions.first.map { ($0.id, $0.clientID, $0.painBefore, $0.painAfter) } ?? ("", "", 0, nil) == ("A1", "77", 7, 4))
    }

    @Test func mappingTakesPrecedenceOverAliases() throws {
        // "Pain" would be pain_before by alias; this clinic's "Pain" is the score after the session.
        let mapping = try ColumnMapping(parsing: "pain_after = Pain\npain_before = Pain at arrival\n")
        let (_, sink) = try readText("session_id,client_id,date,Pain at arrival,Pain\nS1,C1,2026-03-02,7,4\n") { $0.mapping = mapping }
        #expect(sink.sessions.first?.painBefore == 7 && sink.sessions.first?.painAfter == 4)
    }

    @Test func badMappingLines() {
        #expect(importError { _ = try ColumnMapping(parsing: "pain_start = Pain\n", file: "m.txt") }?.description
                == "m.txt:1: \"pain_start\" is not a Relief field; use one of session_id, client_id, therapist_id, date, duration_min, kind, technique, pressure, regions, pain_before, pain_after, sleep_quality, mood, stress, relief_days, notes, name, segment, complaint, intake_date, pain, source, appointment_id, end, service, status, site, client_name, first_name, last_name, email, birth_date, ignore")
        #expect(importError { _ = try ColumnMapping(parsing: "# ok\n\njust words\n", file: "m.txt") }?.description
                == "m.txt:3: expected `canonical_name = Their Header`, found \"just words\"")
        #expect(importError { _ = try ColumnMapping(parsing: "notes = http://x.org|N1\n", file: "m.txt") }?.description
                == "m.txt:1: a FHIR code can be mapped only to mood, pain, relief_days, sleep_quality, stress, not notes")
    }

    @Test func mappingFileFromDiskAndFHIRCodes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("clinic.map").path
        try "mood = http://clinic.example/codes|MOOD10\nclient_id = Kund\n".write(toFile: path, atomically: true, encoding: .utf8)
        let m = try ColumnMapping.load(path: path)
        #expect(m.codes == ["http://clinic.example/codes|MOOD10": "mood"])
        #expect(m.headers == ["kund": "client_id"])
    }
}

/// `--date-format`: other layouts only when named, never guessed.
@Suite struct DateFormatTests {
    func parseDate(_ text: String, format: String? = nil) throws -> DateParse {
        let parser = try DateParser(format: format)
        var t = text
        return t.withUTF8 { parser.parse($0) }
    }

    @Test func isoLayouts() throws {
        for (text, minute) in [("2026-03-14", nil), ("2026-03-14T09:30", 570), ("2026-03-14 09:30", 570),
                               ("2026-03-14T09:30:15", 570), ("2026-03-14T09:30:15.250Z", 570),
                               ("2026-03-14T23:30-05:00", 1410), ("2026-03-14T09:30+0100", 570), ("2026-03-14T09:30+01", 570)] as [(String, Int?)] {
            guard case .ok(let d, let m) = try parseDate(text) else { Issue.record("\(text) not read"); continue }
            #expect(d.iso == "2026-03-14" && m == minute, "\(text)")
        }
        for text in ["2026-3-14", "14/03/2026", "20260314", "2026-03-14T9:30", "2026-03-14T09:30 extra", "2026-03-14Z"] {
            guard case .badLayout = try parseDate(text) else { Issue.record("\(text) accepted"); continue }
        }
        for text in ["2026-02-29", "2026-04-31", "2026-03-14T24:00", "2026-03-14T09:60"] {
            guard case .impossible = try parseDate(text) else { Issue.record("\(text) not impossible"); continue }
        }
        guard case .ok = try parseDate("2028-02-29") else { Issue.record("leap day"); return }
    }

    @Test func namedLayouts() throws {
        guard case .ok(let a, nil) = try parseDate("14/03/2026", format: "dd/MM/yyyy") else { Issue.record("dd/MM"); return }
        #expect(a.iso == "2026-03-14")
        guard case .ok(let b, nil) = try parseDate("03/14/2026", format: "MM/dd/yyyy") else { Issue.record("MM/dd"); return }
        #expect(b.iso == "2026-03-14")
        guard case .ok(let c, 570) = try parseDate("3.4.2026 09:30", format: "d.M.yyyy") else { Issue.record("d.M"); return }
        #expect(c.iso == "2026-04-03")
        guard case .ok(_, 570) = try parseDate("14/03/2026 09:30", format: "dd/MM/yyyy HH:mm") else { Issue.record("HH:mm"); return }
        // ISO is always accepted.
        guard case .ok = try parseDate("2026-03-14", format: "dd/MM/yyyy") else { Issue.record("iso with format"); return }
        guard case .impossible = try parseDate("31/02/2026", format: "dd/MM/yyyy") else { Issue.record("31/02"); return }
        guard case .badLayout = try parseDate("2026/03/14", format: "dd/MM/yyyy") else { Issue.record("wrong layout"); return }
    }

    @Test func badPatterns() {
        #expect(importError { _ = try DateParser(format: "dd/MM/yy") }?.description
                == "date format \"dd/MM/yy\": use yyyy: a two-digit year is ambiguous")
        #expect(importError { _ = try DateParser(format: "MM/yyyy") }?.description == "date format \"MM/yyyy\": it has no day (dd or d)")
        #expect(importError { _ = try DateParser(format: "EEE dd MMM yyyy") }?.description
                == "date format \"EEE dd MMM yyyy\": \"EEE\" is not understood; use yyyy, MMMM, MMM, MM, M, dd, d, HH, H, hh, h, mm, ss, a, z and separators")
        #expect(importError { _ = try DateParser(format: "dd/MM/yyyy a") }?.description
                == "date format \"dd/MM/yyyy a\": a 12-hour clock needs both h and a (AM or PM), and a needs h")
    }

    @Test func dateFormatOptionInAFile() throws {
        let text = "session_id,client_id,date,pain_before\nS1,C1,14/03/2026,5\nS2,C1,2026-03-15,5\nS3,C1,03/16/2026,5\n"
        let (summary, sink) = try readText(text) { $0.dateFormat = "dd/MM/yyyy" }
        #expect(sink.sessions.map(\.day.iso) == ["2026-03-14", "2026-03-15"])
        #expect(summary.errors.map(\.description) == ["sessions.csv:4: date: 03/16/2026 is not a real date or time"])
        let (s2, _) = try readText(text)
        #expect(s2.errors.first?.description
                == "sessions.csv:2: date: 14/03/2026 is not a date in ISO 8601 (2026-03-14); other layouts need --date-format")
        let (s3, _) = try readText("session_id,client_id,date,pain_before\nS1,C1,2026/03/14,5\n") { $0.dateFormat = "dd/MM/yyyy" }
        #expect(s3.errors.first?.description == "sessions.csv:2: date: 2026/03/14 is not a date in dd/MM/yyyy or ISO 8601 (2026-03-14)")
    }
}
