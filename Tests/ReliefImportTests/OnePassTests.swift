import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefImport

/// `ImportOptions.optimistic`: a one-pass read gives exactly the outcome of the full
/// (three-pass) read, or stops with `needsFullRead` when only the whole file can decide.
@Suite struct OnePassTests {
    /// What a read produced, in a form two reads can be compared by.
    struct Outcome: Equatable {
        var read, accepted, rejected, duplicates: Int
        var diagnostics: [String]
        var sessions: [Session]

        init(_ summary: ReadSummary, _ sink: RecordCollector) {
            read = summary.read; accepted = summary.accepted; rejected = summary.rejected
            duplicates = summary.duplicatesSkipped
            diagnostics = summary.diagnostics.map(\.description)
            sessions = sink.sessions
        }
    }

    /// The full read's outcome, and the one-pass read's (nil when it asked for the full read).
    func readBothWays(_ text: String) throws -> (full: Outcome, onePass: Outcome?) {
        let (summary, sink) = try readText(text)
        let full = Outcome(summary, sink)
        do {
            let (s, k) = try readText(text) { $0.optimistic = true }
            return (full, Outcome(s, k))
        } catch ImportError.needsFullRead {
            return (full, nil)
        }
    }

    @Test func aCleanFileInOnePassMatchesTheFullReadRejectsIncluded() throws {
        let text = [sessionHeader,
                    goodRowA,
                    "S1,C9,T1,2026-03-05,60,medical,,,,12,3,,,,,",     // pain 12: rejected
                    goodRowB,                                          // relief 3 ≤ 7 days since G1
                    "S2,C7,T1,2026-02-30,60,medical,,,,5,3,,,,,",      // impossible date: rejected
                    "S3,C7,T2,2026-03-10,60,medical,,,,4,2,,,,2,"].joined(separator: "\n") + "\n"
        let (full, onePass) = try readBothWays(text)
        #expect(onePass == full)
        #expect(full.accepted == 3 && full.rejected == 2)
    }

    @Test func aRepeatedIDStopsTheOnePassRead() throws {
        for repeated in [goodRowA, goodRowA.replacingOccurrences(of: ",6,3,", with: ",7,3,")] {   // duplicate, conflict
            let text = [sessionHeader, goodRowA, goodRowB, repeated].joined(separator: "\n") + "\n"
            #expect(throws: ImportError.self) { try readText(text) { $0.optimistic = true } }
            let (full, onePass) = try readBothWays(text)
            #expect(onePass == nil)
            #expect(full.duplicates + full.rejected > 0, "the full read still decides the repeat")
        }
    }

    @Test func reliefLongerThanTheGapStopsTheOnePassReadAndTheFullReadRejectsIt() throws {
        // In date order: S2's relief of 10 days is longer than the 7 days since G1.
        let inOrder = [sessionHeader, goodRowA, "S2,C9,T1,2026-03-09,60,medical,,,,5,3,,,,10,"].joined(separator: "\n")
        // Out of order: the previous session (G1) comes after the row with relief_days.
        let outOfOrder = [sessionHeader, "S1,C9,T1,2026-03-09,60,medical,,,,5,3,,,,10,", goodRowA].joined(separator: "\n")
        for text in [inOrder, outOfOrder] {
            let (full, onePass) = try readBothWays(text)
            #expect(onePass == nil)
            #expect(full.diagnostics.contains { $0.contains("10 days is longer than the 7 days") })
        }
    }

    @Test func reliefWithDatesOutOfOrderStopsTheOnePassReadEvenWhenItFits() throws {
        // The relief (2 days) fits, but a later row could have shortened the gap: one pass cannot tell.
        let text = [sessionHeader, "S1,C9,T1,2026-03-09,60,medical,,,,5,3,,,,2,", goodRowA].joined(separator: "\n")
        let (full, onePass) = try readBothWays(text)
        #expect(onePass == nil)
        #expect(full.accepted == 2)
    }

    @Test func datesOutOfOrderWithoutReliefStayInOnePass() throws {
        let text = [sessionHeader, "G2,C9,T1,2026-03-09,45,relaxation,swedish,light,back,5,2.5,6,6,5,,",
                    goodRowA].joined(separator: "\n") + "\n"
        let (full, onePass) = try readBothWays(text)
        #expect(onePass == full)
    }

    /// Random small files (seeded): clients, dates in any order, relief_days that sometimes
    /// exceed the gap, repeated ids. Whenever one pass finishes, it agrees with the full read;
    /// both kinds of outcome occur, so the comparison is exercised.
    @Test func randomFilesInOnePassAgreeWithTheFullRead() throws {
        var rng = SeededGenerator(seed: 20_261_126)
        var finished = 0, stopped = 0
        for _ in 0..<300 {
            var rows = [sessionHeader]
            let count = Int.random(in: 1...12, using: &rng)
            var day = Int.random(in: 1...5, using: &rng)
            for i in 0..<count {
                day += Int.random(in: 0...6, using: &rng)
                let client = "C\(Int.random(in: 1...3, using: &rng))"
                let id = Int.random(in: 0..<10, using: &rng) == 0 ? "S0" : "S\(i + 1)"
                let relief = Int.random(in: 0..<3, using: &rng) == 0 ? "\(Int.random(in: 0...9, using: &rng))" : ""
                rows.append("\(id),\(client),T1,2026-03-\(String(format: "%02d", min(day, 28))),60,medical,,,,5,3,,,,\(relief),")
            }
            if Bool.random(using: &rng) { rows[1...].shuffle(using: &rng) }
            let (full, onePass) = try readBothWays(rows.joined(separator: "\n") + "\n")
            if let onePass {
                #expect(onePass == full, "\(rows)")
                finished += 1
            } else {
                stopped += 1
            }
        }
        #expect(finished > 50 && stopped > 50)
    }
}
