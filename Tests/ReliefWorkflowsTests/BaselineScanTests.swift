import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// The clinic's baseline SDs (reliable change, metrics.md §2) from SQLite's own scan of each
/// client's first values (`ReliefDatabase.forEachFirstScore`) equal, bit for bit, those from
/// every session built and fed to `BaselineScores` (the generic path, PostgreSQL's).
@Suite struct BaselineScanTests {
    func everySession(_ db: ReliefDatabase, through: Day) throws -> BaselineScores {
        var b = BaselineScores(upTo: through)
        try db.forEachSession(through: through) { b.add($0) }
        return b
    }

    func firstScores(_ db: ReliefDatabase, through: Day) throws -> (BaselineScores, [String: [Measure: Double]]) {
        var b = BaselineScores(upTo: through)
        var seen: [String: [Measure: Double]] = [:]
        try db.forEachFirstScore(through: through) { f in
            #expect(seen[f.client]?[f.measure] == nil, "one value per client and measure")
            seen[f.client, default: [:]][f.measure] = f.value
            b.add(f)
        }
        return (b, seen)
    }

    @Test func tiesOfDayAndMinuteAndMissingScoresPickTheSameFirstSession() throws {
        let db = try ReliefDatabase.inMemory()
        let d = Day(iso: "2026-03-02")!
        func s(_ id: String, _ client: String, _ day: Day, minute: Int?, pain: Double, sleep: Double?, mood: Double? = nil) -> Session {
            Session(id: id, clientID: client, therapistID: "T1", day: day, minute: minute, durationMinutes: 60,
                    painBefore: pain, painAfter: nil, sleep: sleep, mood: mood, stress: nil)
        }
        let sessions = [
            // A: imported latest-first; the first day has a session without a time (-1) and one at 09:00.
            s("A3", "A", (d + 7), minute: 540, pain: 3, sleep: 7),
            s("A2", "A", d, minute: 540, pain: 5, sleep: nil),
            s("A1", "A", d, minute: nil, pain: 6, sleep: nil, mood: 4),
            // B: two sessions at the same minute: the id decides, in Swift's order ("B10" < "B9").
            s("B9", "B", d, minute: 600, pain: 8, sleep: 2),
            s("B10", "B", d, minute: 600, pain: 7, sleep: 3),
            // C: sleep first recorded at the third session; a session after the cut-off.
            s("C1", "C", d, minute: 480, pain: 4, sleep: nil),
            s("C2", "C", (d + 3), minute: 480, pain: 4.5, sleep: nil),
            s("C3", "C", (d + 6), minute: 480, pain: 4, sleep: 5.5),
            s("C4", "C", (d + 60), minute: 480, pain: 1, sleep: 9, mood: 9),
        ]
        try db.importBatch(file: "s.csv", importedOn: d) { w in for x in sessions { try w.upsert(x) } }
        let through = (d + 30)
        let (fast, seen) = try firstScores(db, through: through)
        #expect(seen["A"] == [.pain: 6, .sleep: 7, .mood: 4])
        #expect(seen["B"] == [.pain: 7, .sleep: 3])
        #expect(seen["C"] == [.pain: 4, .sleep: 5.5])
        let slow = try everySession(db, through: through)
        #expect(fast.standardDeviations == slow.standardDeviations)
        #expect(fast.standardDeviations[.pain] != nil)
    }

    @Test func theSampleClinicsBaselineSDsAreTheSameBits() throws {
        let db = try ReliefDatabase.inMemory()
        try importFiles(sampleCSVs, into: db)
        for through in [Day(iso: "2026-06-30")!, Day(iso: "2026-10-31")!] {
            let (fast, _) = try firstScores(db, through: through)
            let slow = try everySession(db, through: through)
            #expect(fast.standardDeviations == slow.standardDeviations)
            #expect(fast.standardDeviations.count == 4)
        }
    }
}
