import Foundation
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefWorkflows

/// Notes import end to end: a notes file and a sheet with a notes column, the review file, and the
/// report marking scores read from notes (docs/import.md, "Scores in notes").
@Suite struct NotesWorkflowTests {
    static let notes = """
        Riverside Massage Clinic

        Client: Dana Smith        Date: 2026-10-06
        S: low back pain rated 6/10 on arrival. Sleep 4/10 this week.
        A: pain ~2/10 after treatment.

        Client: Dana Smith
        Date: 2026-10-13
        S: LBP 4/10. A: pain-free post-tx.

        """
    static let sheet = """
        Client,Date,Pain before,Pain after,Notes
        Eli Moss,2026-10-07,5,3,"Pain 5/10, 3/10 after."
        Eli Moss,2026-10-14,,,"Pain 4 out of 10 today; 2/10 post-session."

        """

    static func importBoth(review: Bool = true) throws -> (store: ReliefDatabase, outcomes: [FileOutcome], summaries: [ReadSummary], dir: String) {
        let dir = try temporaryFolder()
        try notes.write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        try sheet.write(toFile: dir + "/visits.csv", atomically: true, encoding: .utf8)
        let store = try ReliefDatabase(path: dir + "/relief.sqlite")
        var request = ImportRequest(paths: [dir + "/notes.txt", dir + "/visits.csv"], today: day("2026-11-01"))
        request.scoresFromNotes = true
        request.collectNoteReview = review
        let result = try ImportService.run(request, store: store)
        return (store, result.outcomes, result.summaries, dir)
    }

    @Test func everyNoteIsAccountedForAndTheReviewFileIsOwnerOnly() throws {
        let (_, outcomes, summaries, dir) = try Self.importBoth()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(outcomes.map(\.accepted) == [2, 2] && outcomes.map(\.rejected) == [0, 0])
        // Dana: 6, 2, sleep 4, then 4, 0; Eli's second visit: 4 and 2 (his first keeps its columns).
        #expect(outcomes.map(\.scoresFromNotes) == [5, 2])
        let path = dir + "/review.csv"
        try ImportService.writeReview(summaries, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\r\n")
        #expect(lines.first == Substring(NoteReview.columns.joined(separator: ",")))
        #expect(lines.count == 1 + 5 + 2 + 2)   // header; Dana's five; Eli's first two (kept columns); his second two
        #expect(lines.contains { $0.hasSuffix(",pain-after,2,filled,n-over-10,true,,,2/10,A: pain ~2/10 after treatment.") })
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theReportMarksScoresReadFromNotes() throws {
        let (store, _, _, dir) = try Self.importBoth(review: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ReportOptions(created: day("2026-11-01"))
        options.png = false
        let dana = try ReportService.renderClient(store: store, id: "dana-smith", month: Month(iso: "2026-10")!, out: dir, options: options)
        let text = try pdfText(dir + "/" + dana.pdf)
        let cells = text.replacingOccurrences(of: " ", with: "")   // pdftotext spaces table cells as it likes
        #expect(cells.contains("6*→2*") && cells.contains("4*→0*"))
        #expect(text.contains("Read from the therapist's session note rather than entered as a score; where the note gave an approximate score"))
        #expect(text.contains("Sleep, mood or stress scores of 1 session this month were also read from notes."))
        // Typed scores carry no mark, and a month without note scores has no footnote.
        let eli = try ReportService.renderClient(store: store, id: "eli-moss", month: Month(iso: "2026-10")!, out: dir, options: options)
        let eliText = try pdfText(dir + "/" + eli.pdf)
        let eliCells = eliText.replacingOccurrences(of: " ", with: "")
        #expect(eliCells.contains("5→3") && !eliCells.contains("5*") && eliCells.contains("4*→2*"))
        #expect(!eliText.contains("approximate score"))
    }
}
