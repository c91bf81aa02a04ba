import Testing
import ReliefModel
@testable import ReliefImport

/// One test per bad-input class: the exact message, and that the good rows of the same file were accepted.
@Suite struct ValidationTests {
    /// Reads header + good + `row` + good; expects `row` (line 3) rejected with exactly `messages`.
    func expectRejected(_ row: String, _ messages: [String], rule: Rule? = nil,
                        _ configure: (inout ImportOptions) -> Void = { _ in },
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (summary, sink) = try readText(sessionsAround(row), configure)
        #expect(summary.errors.map(\.description) == messages, sourceLocation: sourceLocation)
        #expect(summary.read == 3 && summary.accepted == 2 && summary.rejected == 1, sourceLocation: sourceLocation)
        #expect(summary.isBalanced, sourceLocation: sourceLocation)
        #expect(sink.sessions.map(\.id) == ["G1", "G2"], sourceLocation: sourceLocation)
        if let rule { #expect(summary.errors.first?.rule == rule.rawValue, sourceLocation: sourceLocation) }
        #expect(summary.errors.allSatisfy { $0.line == 3 && !$0.row.isEmpty }, sourceLocation: sourceLocation)
    }

    @Test func scoreOutsideRange() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,12,3,,,,,",
                           ["sessions.csv:3: pain_before: 12 is outside 0–10"], rule: .outOfRange)
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,5,3,-1,,,,",
                           ["sessions.csv:3: sleep_quality: -1 is outside 0–10"], rule: .outOfRange)
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,10.5,,",
                           ["sessions.csv:3: stress: 10.5 is outside 0–10"])
    }

    @Test func scoreWithTwoDecimals() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,6.25,3,,,,,",
                           ["sessions.csv:3: pain_before: 6.25 has more than one decimal"], rule: .tooPrecise)
    }

    @Test func scoreWithTrailingZeroDecimalIsFine() throws {
        let (summary, sink) = try readText(sessionsAround("S1,C1,T1,2026-03-03,60,medical,,,,6.50,3.0,,,,,"))
        #expect(summary.errors.isEmpty)
        #expect(sink.sessions.first { $0.id == "S1" }?.painBefore == 6.5)
    }

    @Test func notANumber() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,5,abc,,,,,",
                           ["sessions.csv:3: pain_after: abc is not a number"], rule: .notANumber)
    }

    @Test func decimalCommaInCommaFile() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,\"6,5\",3,,,,,",
                           ["sessions.csv:3: pain_before: 6,5 is not a number (a decimal comma is accepted only in ;-separated files; write 6.5)"])
    }

    @Test func impossibleDate() throws {
        try expectRejected("S1,C1,T1,2026-02-30,60,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: date: 2026-02-30 is not a real date or time"], rule: .impossibleDate)
        try expectRejected("S1,C1,T1,2026-03-03T25:10,60,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: date: 2026-03-03T25:10 is not a real date or time"])
    }

    @Test func nonISODateWithoutFormat() throws {
        try expectRejected("S1,C1,T1,03/04/2026,60,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: date: 03/04/2026 is not a date in ISO 8601 (2026-03-14); other layouts need --date-format"],
                           rule: .badDate)
    }

    @Test func futureDate() throws {
        try expectRejected("S1,C1,T1,2026-04-01,60,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: date: 2026-04-01 is in the future (today is 2026-03-31)"], rule: .futureDate)
    }

    @Test func unknownVocabulary() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,sport,,,,5,3,,,,,",
                           ["sessions.csv:3: kind: sport is not one of medical, relaxation"], rule: .unknownValue)
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,hard,,5,3,,,,,",
                           ["sessions.csv:3: pressure: hard is not one of light, moderate, firm, deep"])
    }

    @Test func vocabularyForgivesCaseAndSpaces() throws {
        let (summary, sink) = try readText(sessionsAround("S1,C1,T1,2026-03-03,60,Relaxation,,DEEP,,5,3,,,,,"))
        #expect(summary.errors.isEmpty)
        let s = sink.sessions.first { $0.id == "S1" }
        #expect(s?.kind == .relaxation && s?.pressure == .deep)
    }

    @Test func painAfterWithoutPainBefore() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,,3,,,,,",
                           ["sessions.csv:3: pain_after: 3 is given without pain_before; a session's pain is scored at its start"],
                           rule: .painAfterWithoutBefore)
    }

    @Test func missingRequiredFields() throws {
        try expectRejected(",C1,T1,2026-03-03,60,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: session_id: missing (required for a session)"], rule: .required)
        try expectRejected("S1,,T1,,60,medical,,,,,,,,,,",
                           ["sessions.csv:3: client_id: missing (required for a session)",
                            "sessions.csv:3: date: missing (required for a session)",
                            "sessions.csv:3: pain_before: missing (required for a session)"])
    }

    @Test func durationOutsideRange() throws {
        try expectRejected("S1,C1,T1,2026-03-03,300,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: duration_min: 300 is outside 5–240 minutes"], rule: .outOfRange)
        try expectRejected("S1,C1,T1,2026-03-03,4,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: duration_min: 4 is outside 5–240 minutes"])
        try expectRejected("S1,C1,T1,2026-03-03,45.5,medical,,,,5,3,,,,,",
                           ["sessions.csv:3: duration_min: 45.5 is not a whole number of minutes"], rule: .notWhole)
    }

    @Test func reliefDaysNegativeOrText() throws {
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,-2,",
                           ["sessions.csv:3: relief_days: -2 is negative; relief_days is a number of days (0 or more) or ongoing"],
                           rule: .badReliefDays)
        try expectRejected("S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,soon,",
                           ["sessions.csv:3: relief_days: soon is neither a number of days nor ongoing"])
    }

    @Test func reliefDaysOngoingAndDecimal() throws {
        let text = [sessionHeader,
                    "S1,C1,T1,2026-03-02,60,medical,,,,5,3,,,,,",
                    "S2,C1,T1,2026-03-09,60,medical,,,,5,3,,,,Ongoing,",
                    "S3,C1,T1,2026-03-16,60,medical,,,,5,3,,,,2.5,"].joined(separator: "\n")
        let (summary, sink) = try readText(text)
        #expect(summary.errors.isEmpty)
        #expect(sink.sessions.map(\.reliefDays) == [nil, .ongoing, .days(2.5)])
    }

    @Test func reliefLongerThanGapSincePreviousSession() throws {
        // C9's previous session in the file (G1, 2026-03-02) is 7 days before 2026-03-09; the rows are out of order.
        let text = [sessionHeader,
                    "S1,C9,T1,2026-03-09,60,medical,,,,5,3,,,,10,",
                    goodRowA,
                    "S2,C9,T1,2026-03-16,60,medical,,,,5,3,,,,7,"].joined(separator: "\n")
        let (summary, sink) = try readText(text)
        #expect(summary.errors.map(\.description) == [
            "sessions.csv:2: relief_days: 10 days is longer than the 7 days since this client's previous session (2026-03-02)",
        ])
        #expect(summary.errors.first?.rule == Rule.reliefLongerThanGap.rawValue)
        #expect(sink.sessions.map(\.id) == ["G1", "S2"])
    }

    @Test func reliefOnClientsFirstSessionInFileIsNotChecked() throws {
        let (summary, _) = try readText([sessionHeader, "S1,C1,T1,2026-03-09,60,medical,,,,5,3,,,,30,"].joined(separator: "\n"))
        #expect(summary.accepted == 1)
    }

    @Test func severalProblemsInOneRowAreAllNamed() throws {
        let (summary, sink) = try readText(sessionsAround("S1,C1,T1,2026-13-01,60,medical,,,,11,x,,,,,"))
        #expect(summary.errors.map(\.description) == [
            "sessions.csv:3: date: 2026-13-01 is not a real date or time",
            "sessions.csv:3: pain_before: 11 is outside 0–10",
            "sessions.csv:3: pain_after: x is not a number",
        ])
        #expect(summary.rejected == 1 && summary.accepted == 2 && sink.sessions.count == 2)
    }

    @Test func headerNameAndCanonicalNameAreBothShown() throws {
        let text = "Session,Client ID,Date of service,Pain before\nS1,C1,2026-03-03,12\nS2,C1,2026-03-04,4\n"
        let (summary, sink) = try readText(text)
        #expect(summary.errors.map(\.description) == ["sessions.csv:2: Pain before (pain_before): 12 is outside 0–10"])
        #expect(summary.errors.first?.column == "Pain before" && summary.errors.first?.field == "pain_before")
        #expect(sink.sessions.map(\.id) == ["S2"])
    }

    @Test func clientsTherapistsCheckins() throws {
        let clients = "client_id,name,segment,complaint,regions,intake_date,therapist_id\n"
            + "C1,Ann,office worker,neck,neck;shoulders,2026-01-05,T1\n"
            + "C2,Bo,dancer,,,,\n"
            + "C3,,,,,2026-02-30,\n"
        let (cs, csink) = try readText(clients, name: "clients.csv")
        #expect(cs.kinds == [.clients])
        #expect(cs.errors.map(\.description) == [
            "clients.csv:3: segment: dancer is not one of office-worker, athlete, older-adult, headache, other",
            "clients.csv:4: intake_date: 2026-02-30 is not a real date or time",
        ])
        #expect(csink.clients == [Client(id: "C1", name: "Ann", segment: .officeWorker, complaint: "neck",
                                         regions: ["neck", "shoulders"], intakeDate: Day(iso: "2026-01-05"), therapistID: "T1")])

        let (ts, tsink) = try readText("therapist_id,name\nT1,Anna\n,Nobody\n", name: "therapists.csv")
        #expect(ts.kinds == [.therapists])
        #expect(ts.errors.map(\.description) == ["therapists.csv:3: therapist_id: missing (required for a therapist)"])
        #expect(tsink.therapists == [Therapist(id: "T1", name: "Anna")])

        let checkins = "client_id,date,pain,sleep_quality,mood,stress,source\n"
            + "C1,2026-03-05,4,6,,,diary\nC1,2026-03-06,,6,,,call\nC1,2026-03-07,3,,,,\n"
        let (ks, ksink) = try readText(checkins, name: "checkins.csv")
        #expect(ks.kinds == [.checkins])
        #expect(ks.errors.map(\.description) == ["checkins.csv:3: pain: missing (required for a check-in)"])
        #expect(ksink.checkIns == [CheckIn(clientID: "C1", day: Day(iso: "2026-03-05")!, pain: 4, sleep: 6, source: "diary"),
                                   CheckIn(clientID: "C1", day: Day(iso: "2026-03-07")!, pain: 3)])
    }

    @Test func fullSessionRecord() throws {
        let (summary, sink) = try readText([sessionHeader,
            "S1,C1,T1,2026-03-14T09:30,60,medical,trigger-point; myofascial-release,firm,neck;shoulders,6.5,3,5,6,7,ongoing,\"Tight, sore\""]
            .joined(separator: "\r\n"))
        #expect(summary.errors.isEmpty)
        #expect(sink.sessions == [Session(id: "S1", clientID: "C1", therapistID: "T1", day: Day(iso: "2026-03-14")!,
                                          minute: 570, durationMinutes: 60, kind: .medical,
                                          techniques: ["trigger-point", "myofascial-release"], pressure: .firm,
                                          regions: ["neck", "shoulders"], painBefore: 6.5, painAfter: 3, sleep: 5, mood: 6,
                                          stress: 7, reliefDays: .ongoing, notes: "Tight, sore")])
        #expect(sink.lines == [2])
    }
}
