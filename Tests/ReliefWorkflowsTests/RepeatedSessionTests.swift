import Foundation
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// A one-pass import into SQLite keeps no hash of every session id: the store finds the ids a
/// file repeats (`RecordWriter.checkRepeatedSessions`), and the file is then read in full.
/// Wherever the repeat is (one chunk of 64 rows, chunks apart after rows were inserted, a
/// rejected row before or after an accepted one), the import's accounting is exactly the full
/// read's: a dry run's, which always reads in full.
@Suite struct RepeatedSessionTests {
    static let header = "session_id,client_id,therapist_id,date,pain_before,pain_after"

    /// `n` good rows, S0…S(n-1), over 37 clients and 28 days.
    func rows(_ n: Int) -> [String] {
        (0..<n).map { i in "S\(i),C\(i % 37),T1,2026-01-\(String(format: "%02d", 1 + i % 28)),\(3 + i % 5),2" }
    }

    /// The import's outcome, the dry run's, and the sessions stored.
    func importBothWays(_ lines: [String], into db: ReliefDatabase? = nil) throws -> (stored: FileOutcome, dry: FileOutcome, db: ReliefDatabase) {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sessions.csv"
        try ([Self.header] + lines).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        var request = ImportRequest(paths: [path], today: Day(iso: "2026-11-01")!)
        request.dryRun = true
        let dry = try #require(try ImportService.run(request, store: nil).outcomes.first)
        request.dryRun = false
        let store = try db ?? ReliefDatabase.inMemory()
        let stored = try #require(try ImportService.run(request, store: store).outcomes.first)
        return (stored, dry, store)
    }

    func expectSameAccounting(_ a: FileOutcome, _ b: FileOutcome, sourceLocation: SourceLocation = #_sourceLocation) {
        let counts: [Int] = [a.read, a.accepted, a.rejected, a.duplicatesSkipped]
        let expected: [Int] = [b.read, b.accepted, b.rejected, b.duplicatesSkipped]
        #expect(counts == expected, sourceLocation: sourceLocation)
        #expect(a.diagnostics == b.diagnostics, sourceLocation: sourceLocation)
        #expect(a.error == Optional<String>.none, sourceLocation: sourceLocation)
    }

    @Test func aRepeatChunksApartIsSkippedOrRejectedAsTheFullReadDecides() throws {
        for (changed, duplicates, rejected) in [(false, 1, 0), (true, 0, 2)] {
            var lines = rows(3_000)
            // Row 2,900 repeats S5, written ~45 chunks earlier: identical (skipped) or not (both rejected).
            lines.insert(changed ? lines[5].replacingOccurrences(of: ",T1,", with: ",T2,") : lines[5], at: 2_900)
            let (stored, dry, db) = try importBothWays(lines)
            expectSameAccounting(stored, dry)
            #expect(stored.duplicatesSkipped == duplicates && stored.rejected == rejected)
            #expect(try db.counts().sessions == stored.accepted)
        }
    }

    @Test func aRepeatWithinOneChunkIsFound() throws {
        var lines = rows(200)
        lines.insert(lines[130], at: 131)   // the next row: the same INSERT of 64 rows
        let (stored, dry, db) = try importBothWays(lines)
        expectSameAccounting(stored, dry)
        #expect(stored.duplicatesSkipped == 1)
        #expect(try db.counts().sessions == 200)
    }

    @Test func aRejectedRowAndAnAcceptedOneWithTheSameIdAreBothRejectedInEitherOrder() throws {
        let bad = "S40,C3,T1,2026-01-05,12,2"   // pain 12: rejected on its own
        for rejectedFirst in [true, false] {
            var lines = rows(2_500)
            if rejectedFirst { lines.insert(bad, at: 10) } else { lines.insert(bad, at: 2_400) }
            let (stored, dry, db) = try importBothWays(lines)
            expectSameAccounting(stored, dry)
            #expect(stored.rejected == 2, "S40 is on two rows with different content: both are rejected")
            #expect(try db.counts().sessions == 2_499)
        }
    }

    @Test func twoRejectedRowsWithTheSameIdAreJudgedAsTheFullReadJudgesThem() throws {
        var lines = rows(300)
        lines.insert("S9999,C3,T1,2026-01-05,12,2", at: 100)
        lines.insert("S9999,C3,T1,2026-01-05,12,2", at: 250)
        let (stored, dry, _) = try importBothWays(lines)
        expectSameAccounting(stored, dry)
    }

    /// A re-import repeats ids that were stored before it: the store's own key meets them as
    /// conflicts either way, so a second row with one of them is told apart by the batch's marks.
    @Test func aRepeatOfAnIdStoredBeforeTheImportIsStillARepeat() throws {
        let all = rows(3_000)
        let bad = all[30].replacingOccurrences(of: ",2026-", with: ",2026-13-").replacingOccurrences(of: "-13-01-", with: "-13-")
        let cases: [(name: String, lines: [String], duplicates: Int, rejected: Int)] = [
            ("identical, chunks apart", all + [all[30]], 1, 0),
            ("changed, chunks apart", all + [all[30].replacingOccurrences(of: ",T1,", with: ",T4,")], 0, 2),
            ("rejected after the stored id was written again", all + [bad], 0, 2),
            ("rejected before it", [bad] + all, 0, 2),
        ]
        for c in cases {
            let db = try ReliefDatabase.inMemory()
            _ = try importBothWays(Array(all[0..<2_000]), into: db)   // S0…S1999 stored before
            let (stored, dry, _) = try importBothWays(c.lines, into: db)
            expectSameAccounting(stored, dry)
            #expect(stored.duplicatesSkipped == c.duplicates && stored.rejected == c.rejected, "\(c.name)")
        }
    }

    @Test func reImportingAndExtendingAStoredFileIsNotARepeat() throws {
        let db = try ReliefDatabase.inMemory()
        let first = try importBothWays(rows(2_000), into: db).stored
        #expect(first.inserted == 2_000)
        // The same rows again, new ones interleaved, one stored row changed: stored ids are
        // updates or unchanged, never repeats within the file.
        var lines = rows(2_000)
        lines[7] = lines[7].replacingOccurrences(of: ",T1,", with: ",T3,")
        let all = rows(3_000)
        for (k, i) in (2_000..<3_000).enumerated() { lines.insert(all[i], at: k * 2) }
        let (stored, dry, _) = try importBothWays(lines, into: db)
        expectSameAccounting(stored, dry)
        let counts: [Int] = [stored.inserted, stored.updated, stored.unchanged]
        #expect(counts == [1_000, 1, 1_999])
        #expect(try db.counts().sessions == 3_000)
    }
}
