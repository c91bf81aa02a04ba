import Testing
import ReliefModel
@testable import ReliefImport

/// Repeated ids inside one file: identical rows are skipped, different rows all rejected.
@Suite struct DuplicateTests {
    @Test func identicalRowIsSkipped() throws {
        let text = [sessionHeader, goodRowA, "S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,", goodRowB,
                    "S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,"].joined(separator: "\n")
        let (summary, sink) = try readText(text)
        #expect(sink.sessions.map(\.id) == ["G1", "S1", "G2"])
        #expect(summary.read == 4 && summary.accepted == 3 && summary.duplicatesSkipped == 1 && summary.rejected == 0)
        #expect(summary.isBalanced)
        #expect(summary.diagnostics.map(\.description) == [
            "sessions.csv:5: session_id: S1 repeats line 3 exactly; skipped",
        ])
        #expect(summary.diagnostics.first?.severity == .warning)
    }

    @Test func sameRecordWrittenDifferentlyIsADuplicate() throws {
        // 5 and 5.0, medical and Medical: the same session.
        let text = [sessionHeader, "S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,", "S1,C1,T1,2026-03-03,60,Medical,,,,5.0,3,,,,,"]
            .joined(separator: "\n")
        let (summary, sink) = try readText(text)
        #expect(sink.sessions.count == 1 && summary.duplicatesSkipped == 1)
    }

    @Test func differentContentRejectsBothRows() throws {
        let text = [sessionHeader, goodRowA, "S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,", goodRowB,
                    "S1,C1,T1,2026-03-03,60,medical,,,,6,3,,,,,"].joined(separator: "\n")
        let (summary, sink) = try readText(text)
        #expect(sink.sessions.map(\.id) == ["G1", "G2"])
        #expect(summary.read == 4 && summary.accepted == 2 && summary.rejected == 2 && summary.isBalanced)
        #expect(summary.errors.map(\.description) == [
            "sessions.csv:3: session_id: S1 is also on line 5 with different content; both rows with this session_id are rejected (keep one and import again)",
            "sessions.csv:5: session_id: S1 is also on line 3 with different content; both rows with this session_id are rejected (keep one and import again)",
        ])
        #expect(summary.errors.allSatisfy { $0.rule == Rule.conflict.rawValue })
    }

    @Test func threeRowsWithOneDifferentAreAllRejected() throws {
        let row = "S1,C1,T1,2026-03-03,60,medical,,,,5,3,,,,,"
        let text = [sessionHeader, row, row, "S1,C1,T1,2026-03-03,60,medical,,,,5,4,,,,,"].joined(separator: "\n")
        let (summary, _) = try readText(text)
        #expect(summary.rejected == 3 && summary.accepted == 0)
        #expect(summary.errors.first?.description
                == "sessions.csv:2: session_id: S1 is also on lines 3, 4 with different content; all 3 rows with this session_id are rejected (keep one and import again)")
    }

    @Test func identicalInvalidRowsReportTheFirstAndSkipTheRest() throws {
        let row = "S1,C1,T1,2026-03-03,60,medical,,,,12,3,,,,,"
        let (summary, _) = try readText([sessionHeader, row, row].joined(separator: "\n"))
        #expect(summary.rejected == 1 && summary.duplicatesSkipped == 1)
        #expect(summary.errors.map(\.description) == ["sessions.csv:2: pain_before: 12 is outside 0–10"])
    }

    @Test func duplicateClientsAndCheckins() throws {
        let (cs, csink) = try readText("client_id,name\nC1,Ann\nC1,Ann\nC2,Bo\nC2,Bob\n", name: "clients.csv")
        #expect(csink.clients.map(\.id) == ["C1"])
        #expect(cs.duplicatesSkipped == 1 && cs.rejected == 2)
        // Issue 13, item 6: a check-in is one per client, day and source (the store's key). Two
        // rows of one key that disagree are a conflict, rejected on every line — before, both
        // were accepted and the store kept the last one, silently.
        let (ks, ksink) = try readText("client_id,date,pain\nC1,2026-03-05,4\nC1,2026-03-05,4\nC1,2026-03-05T18:00,6\n", name: "checkins.csv")
        #expect(ksink.checkIns.isEmpty)
        #expect(ks.duplicatesSkipped == 0 && ks.rejected == 3 && ks.isBalanced)
        #expect(ks.errors.allSatisfy { $0.rule == "conflict" })
        #expect(ks.errors.first?.description.contains("the check-in of C1 on 2026-03-05 is also on lines 3, 4 with different content") == true,
                "\(ks.errors.first?.description ?? "")")
    }

    @Test func checkInsOfOneDayAgreeOrAreKeptApartBySource() throws {
        // Same scores (4 and 4.0, morning and evening): one check-in, the repeat skipped.
        let (same, sameSink) = try readText("client_id,date,pain\nC1,2026-03-05,4\nC1,2026-03-05T20:00,4.0\n", name: "checkins.csv")
        #expect(sameSink.checkIns.map(\.pain) == [4] && same.duplicatesSkipped == 1 && same.rejected == 0)
        #expect(same.diagnostics.first?.message.contains("same client, day, source and scores") == true)
        // A different source is a different check-in (the store keeps one per source).
        let (apart, apartSink) = try readText("client_id,date,pain,source\nC1,2026-03-05,4,app\nC1,2026-03-05,6,phone\n",
                                             name: "checkins.csv")
        #expect(apartSink.checkIns.map(\.pain) == [4, 6] && apart.rejected == 0)
        // Other days and other clients never conflict.
        let (other, otherSink) = try readText("client_id,date,pain\nC1,2026-03-05,4\nC1,2026-03-06,6\nC2,2026-03-05,7\n", name: "checkins.csv")
        #expect(otherSink.checkIns.count == 3 && other.rejected == 0 && other.duplicatesSkipped == 0)
    }

    @Test func manyDuplicatesStayLinear() throws {
        // A file pasted twice: every id twice.
        var lines = [sessionHeader]
        let rows = (0..<2000).map { "S\($0),C\($0 % 40),T1,2026-03-\(String(format: "%02d", 1 + $0 % 28)),60,medical,,,,5,3,,,,," }
        lines += rows + rows
        let (summary, sink) = try readText(lines.joined(separator: "\n"))
        #expect(sink.sessions.count == 2000 && summary.duplicatesSkipped == 2000 && summary.isBalanced)
    }
}
