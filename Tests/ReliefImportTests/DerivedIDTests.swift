import Foundation
import ReliefTestSupport
import Testing
import ReliefModel
@testable import ReliefImport

/// Files without ids: derived session ids and client ids (docs/import.md, "Files without ids").
@Suite struct DerivedIDTests {
    /// A therapist's own sheet: no ids, client names, day-first dates.
    static let sheet = therapistSheet

    static func read(_ text: String, name: String = "sessions.csv", today: String = "2026-11-01",
                     _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> (summary: ReadSummary, sink: RecordCollector) {
        try readText(text, name: name) { o in
            o.today = Day(iso: today)!
            o.dateFormat = "dd/MM/yyyy"
            configure(&o)
        }
    }

    @Test func theTherapistsSheetImports() throws {
        let (summary, sink) = try Self.read(Self.sheet)
        #expect(summary.read == 5 && summary.accepted == 5 && summary.rejected == 0 && summary.isBalanced)
        #expect(summary.kinds == [.sessions] && summary.ignoredColumns.isEmpty)
        #expect(sink.sessions.map(\.id) == ["anna-kowalska@2026-10-03#1", "jan-nowak@2026-10-03#1", "anna-kowalska@2026-10-10#1",
                                             "anna-kowalska@2026-10-17#1", "jan-nowak@2026-10-17#1"])
        #expect(sink.sessions.map(\.clientID) == ["anna-kowalska", "jan-nowak", "anna-kowalska", "anna-kowalska", "jan-nowak"])
        #expect(sink.sessions[2].painBefore == 6 && sink.sessions[2].painAfter == 3 && sink.sessions[2].notes == "better, sleeps well")
        #expect(sink.sessions[4].painBefore == 4.5)
        // One client record per client, before its first session, with the name as first written.
        #expect(sink.clients == [Client(id: "anna-kowalska", name: "Anna Kowalska"), Client(id: "jan-nowak", name: "Jan Nowak")])
        #expect(summary.namedClients == 2)
        if case .client = sink.records[0], case .session = sink.records[1] {} else { Issue.record("client before its session") }
        // "Anna  kowalska" is Anna Kowalska: no shared-name warning; one note each on how ids were derived.
        #expect(summary.diagnostics.map(\.rule) == ["derived-id", "derived-id"])
        #expect(summary.diagnostics[0].description.contains("sessions.csv:2: session_id: the file has no session_id column"))
        #expect(summary.diagnostics[1].description.contains("client ids are derived from the clients' names"))
        #expect(!summary.diagnostics.contains { $0.description.contains("Anna") || $0.description.contains("anna") },
                "no name on the terminal (docs/security.md)")
    }

    @Test func derivedIDsAreTheSameInAnyOrderAndOnePass() throws {
        let lines = Self.sheet.split(separator: "\n").map(String.init)
        let shuffled = ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n") + "\n"
        let a = try Self.read(Self.sheet).sink.sessions
        let b = try Self.read(shuffled).sink.sessions
        #expect(Set(a) == Set(b))
        let one = try Self.read(Self.sheet) { $0.optimistic = true }
        #expect(one.sink.records == (try Self.read(Self.sheet).sink.records))
    }

    @Test func twoSessionsOfADayGetOrdinalsAndTimesTellThemApart() throws {
        let text = """
            Client,Date,Pain before
            Anna Kowalska,03/10/2026,7
            Anna Kowalska,03/10/2026,5
            Anna Kowalska,04/10/2026 09:30,6
            Anna Kowalska,04/10/2026 17:00,4

            """
        let ids = try Self.read(text).sink.sessions.map(\.id)
        #expect(ids == ["anna-kowalska@2026-10-03#1", "anna-kowalska@2026-10-03#2",
                        "anna-kowalska@2026-10-04T09:30#1", "anna-kowalska@2026-10-04T17:00#1"])
    }

    @Test func aRejectedRowKeepsItsOrdinalSoFixingItUpdatesItsSession() throws {
        let bad = "Client,Date,Pain before\nAnna Kowalska,03/10/2026,12\nAnna Kowalska,03/10/2026,5\n"
        let fixed = "Client,Date,Pain before\nAnna Kowalska,03/10/2026,7\nAnna Kowalska,03/10/2026,5\n"
        let (s1, k1) = try Self.read(bad)
        #expect(s1.rejected == 1 && k1.sessions.map(\.id) == ["anna-kowalska@2026-10-03#2"])
        #expect(s1.errors.first?.description == "sessions.csv:2: Pain before (pain_before): 12 is outside 0–10")
        #expect(try Self.read(fixed).sink.sessions.map(\.id) == ["anna-kowalska@2026-10-03#1", "anna-kowalska@2026-10-03#2"])
    }

    @Test func anExactRepeatIsSkippedNotASecondSession() throws {
        let text = "Client,Date,Pain before\nAnna Kowalska,03/10/2026,7\nAnna Kowalska,03/10/2026,7\n"
        for optimistic in [false, true] {
            do {
                let (s, k) = try Self.read(text) { $0.optimistic = optimistic }
                #expect(s.duplicatesSkipped == 1 && s.accepted == 1 && s.isBalanced && k.sessions.count == 1)
                #expect(s.diagnostics.contains { $0.rule == "duplicate" && $0.message == "this session repeats line 2 exactly; skipped" })
            } catch ImportError.needsFullRead {
                #expect(optimistic)
            }
        }
    }

    @Test func namesThatMayBeOnePersonAreWarnedAboutOnce() throws {
        let text = """
            Client,Date,Pain before
            Anna Kowalska,03/10/2026,7
            Ana Kowalska,04/10/2026,6
            José García,03/10/2026,5
            Jose Garcia,04/10/2026,5
            JOSÉ GARCÍA,05/10/2026,4

            """
        let (s, k) = try Self.read(text)
        #expect(Set(k.sessions.map(\.clientID)) == ["anna-kowalska", "ana-kowalska", "josé-garcía", "jose-garcia"])
        let warnings = s.diagnostics.filter { $0.rule == "shared-name" }
        #expect(warnings.count == 1)
        // Lines, never names: the warning is printed on the terminal (docs/security.md).
        #expect(warnings.first?.message.hasPrefix("1 name may be one person written two ways, or two people with one name; "
            + "they are kept as separate clients: lines 4 and 5.") == true, "\(warnings.first?.message ?? "")")
    }

    @Test func birthDateOrEmailTellNamesakesApart() throws {
        let text = """
            Client name,Date of birth,Email,Date,Pain before
            Anna Kowalska,1990-04-12,,2026-10-03,7
            Anna Kowalska,1985-01-30,anna@example.com,2026-10-03,6
            Anna Kowalska,,Anna@Example.com,2026-10-04,5
            Anna Kowalska,31/02/1990,,2026-10-05,5

            """
        let (s, k) = try Self.read(text)
        // FNV-1a of "birth:1990-04-12", "birth:1985-01-30", "email:anna@example.com": the birth
        // date and the e-mail tell namesakes apart without standing in the id.
        #expect(k.sessions.map(\.clientID) == ["anna-kowalska~ca5a6606", "anna-kowalska~a2889fdd", "anna-kowalska~4d539e00"])
        #expect(s.rejected == 1 && s.errors.first?.rule == "bad-date" && s.errors.first?.field == "birth_date")
        #expect(s.diagnostics.filter { $0.rule == "shared-name" }.count == 1)
    }

    @Test func firstAndLastNameColumnsMakeTheName() throws {
        let text = "Appointment ID,First Name,Last Name,Start Time,Pain before\nA1,Anna,Kowalska,2026-10-03 09:30,7\n"
        let (s, k) = try Self.read(text)
        #expect(s.accepted == 1 && k.sessions.first?.id == "A1" && k.sessions.first?.clientID == "anna-kowalska")
        #expect(k.clients == [Client(id: "anna-kowalska", name: "Anna Kowalska")])
    }

    @Test func aClientIDColumnIsUsedAsItIsAndANameColumnNamesTheClient() throws {
        // With session ids, a bare "Client" column is the client id, as before.
        let (_, k1) = try Self.read("Session,Client,Date,Pain before\nS1,C001,2026-10-03,7\n")
        #expect(k1.sessions.first?.clientID == "C001" && k1.clients.isEmpty)
        // Without session ids, a "Client ID" column is still an id; a name column gives the client its name.
        let (s2, k2) = try Self.read("Client ID,Client name,Date,Pain before\nC001,Anna Kowalska,2026-10-03,7\nC001,Anna Kowalska,2026-10-04,6\n")
        #expect(k2.sessions.map(\.id) == ["C001@2026-10-03#1", "C001@2026-10-04#1"])
        #expect(k2.clients == [Client(id: "C001", name: "Anna Kowalska")] && s2.diagnostics.map(\.rule) == ["derived-id"])
        // A mapping can say a bare Client column holds ids.
        var m = ColumnMapping()
        try m.map("Client", to: "client_id")
        let (_, k3) = try Self.read("Client,Date,Pain before\nC001,2026-10-03,7\n") { $0.mapping = m }
        #expect(k3.sessions.first?.clientID == "C001" && k3.clients.isEmpty)
    }

    @Test func aClientListWithoutIds() throws {
        let (s, k) = try Self.read("Name,Email,Segment\nAnna Kowalska,,office worker\nJan Nowak,jan@example.com,athlete\n")
        #expect(s.kinds == [.clients] && s.accepted == 2)
        #expect(k.clients == [Client(id: "anna-kowalska", name: "Anna Kowalska", segment: .officeWorker),
                              Client(id: "jan-nowak~8ee13369", name: "Jan Nowak", segment: .athlete)])
    }

    @Test func aRowWithoutANameIsRejected() throws {
        let (s, _) = try Self.read("Client,Date,Pain before\n,2026-10-03,7\n")
        #expect(s.rejected == 1 && s.errors.first?.rule == "required" && s.errors.first?.field == "client_id")
    }

    @Test func theNameKey() {
        #expect(ClientNames.nameKey("  Anna \t KOWALSKA ") == "anna-kowalska")
        #expect(ClientNames.nameKey("Straße") == ClientNames.nameKey("STRASSE"))
        #expect(ClientNames.nameKey("ＡＮＮＡ") == "anna")   // NFKC: full-width letters
        #expect(ClientNames.nameKey("José") != ClientNames.nameKey("Jose"))
        #expect(ClientNames.looseKey("José García") == ClientNames.looseKey("jose  garcia"))
        #expect(ClientNames.clientID(name: " - ") == nil)
        #expect(ClientNames.sessionID(client: "c", day: Day(iso: "2026-10-03")!, minute: 9 * 60 + 5, ordinal: 2) == "c@2026-10-03T09:05#2")
    }

    @Test func aDayFirstDateWithoutTheOptionIsRefusedNamingIt() throws {
        let (s, _) = try readText(Self.sheet) { $0.today = Day(iso: "2026-11-01")! }
        #expect(s.rejected == 5)
        #expect(s.errors.first?.description == "sessions.csv:2: Date (date): 03/10/2026 is not a date in ISO 8601 (2026-03-14); other layouts need --date-format")
    }
}

/// Generic headers, warning groups, mapping suggestions.
@Suite struct ClinicFileTests {
    @Test func genericHeadersAreNotBoundWithoutAMapping() throws {
        let text = "Id,Client ID,Date,Type,Status,Pain before\n1001,C1,2026-03-02,medical,Completed,6\n"
        let (s, k) = try readText(text)
        #expect(s.ignoredColumns == ["Id", "Type", "Status"])
        #expect(k.sessions.first?.id == "C1@2026-03-02#1" && k.sessions.first?.kind == .medical)
        var m = ColumnMapping()
        try m.map("Id", to: "session_id")
        try m.map("Type", to: "kind")
        let (s2, k2) = try readText(text) { $0.mapping = m }
        #expect(s2.ignoredColumns == ["Status"] && k2.sessions.first?.id == "1001")
    }

    @Test func warningsAreGroupedByRule() throws {
        let row = "S1,C1,T1,2026-03-02,60,medical,,,,6,3,,,,,,x,y\n"
        var text: String = sessionHeader + ",Invoice,Room\n"
        for _ in 0..<5 { text += row }
        text += "S2,C1,T1,2026-03-03,60,medical,,,,12,3,,,,,,x,y\n"
        let (s, _) = try readText(text)
        let groups = DiagnosticDigest.warningGroups(s.diagnostics)
        #expect(groups.map(\.rule) == ["unknown-column", "duplicate"])
        #expect(groups[1].count == 4 && groups[1].lines == [3, 4, 5])
        #expect(groups[1].line == "4 × duplicate (lines 3, 4, 5, …): sessions.csv:3: session_id: S1 repeats line 2 exactly; skipped")
        #expect(groups[0].line.hasPrefix("2 × unknown-column (line 1): sessions.csv:1: Invoice: not a Relief field"))
        #expect(groups[0].printed.count == 2, "two warnings of one rule are each printed in full")
        #expect(DiagnosticDigest.errorLines(s.diagnostics) == ["sessions.csv:7: pain_before: 12 is outside 0–10"])
    }

    @Test func aSuggestedMappingExplainsItselfAndImports() throws {
        let sample = MappingSuggestion.Sample(
            header: ["Id", "Patient", "Visit date", "Pain level (start)", "Pain level (end)", "How did you sleep?", "Type", "Status", "Room"],
            rows: [["1001", "Anna Kowalska", "14/10/2026", "7", "4", "5", "Deep tissue", "Completed", "2"],
                   ["1002", "Jan Nowak", "03/10/2026", "6", "12", "6", "Swedish", "No-show", "1"]])
        let text = MappingSuggestion.suggest(sample, file: "visits.csv")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("# session_id") && $0.contains("= Id") && $0.contains("too generic") })
        #expect(lines.contains { $0.hasPrefix("client_name") && $0.contains("= Patient") })
        #expect(lines.contains { $0.hasPrefix("pain_before") && $0.contains("= Pain level (start)") })
        #expect(lines.contains { $0.hasPrefix("# pain_after") && $0.contains("outside 0–10") })
        #expect(lines.contains { $0.hasPrefix("sleep_quality") && $0.contains("= How did you sleep?") })
        #expect(lines.contains { $0.hasPrefix("# technique") && $0.contains("= Type") })
        #expect(lines.contains { $0.hasPrefix("# \"Status\"") && $0.contains("no-show") })
        #expect(text.contains("--date-format \"d/M/yyyy\""))
        // The values' shape, never the values: names, dates and scores stay out of the file.
        for value in ["Anna", "Nowak", "14/10/2026", "Deep tissue", "No-show\"", "1001"] {
            #expect(!text.contains(value), "\(value) is in the suggested mapping")
        }
        #expect(text.contains("numbers within 0–10") && text.contains("dates"))
        let mapping = try ColumnMapping(parsing: text, file: "suggested.map")
        let csv = sample.header.joined(separator: ",") + "\n" + sample.rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let (s, k) = try readText(csv, name: "visits.csv") { o in
            o.mapping = mapping
            o.dateFormat = "dd/MM/yyyy"
            o.today = Day(iso: "2026-11-01")!
        }
        #expect(s.accepted == 2 && s.rejected == 0)
        #expect(k.sessions.map(\.clientID) == ["anna-kowalska", "jan-nowak"] && k.sessions[0].painBefore == 7 && k.sessions[0].sleep == 5)
    }

    @Test func anAmbiguousDateLayoutIsNamedNotGuessed() {
        let sample = MappingSuggestion.Sample(header: ["Client", "Date", "Pain before"], rows: [["A", "03/10/2026", "5"]])
        let text = MappingSuggestion.suggest(sample, file: "x.csv")
        #expect(text.contains("no value in the first rows tells the day from the month"))
        #expect(text.contains("client_name") && text.contains("No session id column"))
    }
}
