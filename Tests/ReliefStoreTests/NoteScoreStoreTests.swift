import Foundation
import GRDB
import ReliefModel
import ReliefTestSupport
import Testing
@testable import ReliefStore

/// Scores read from note text keep their provenance in the store (`sessions.note_scores`).
@Suite struct NoteScoreStoreTests {
    static let scores = [
        NoteScore(field: .painBefore, rule: "n-over-10", span: 13..<17),
        NoteScore(field: .painAfter, rule: "word-zero", span: 40..<49, approximate: true),
        NoteScore(field: .sleepQuality, rule: "scale-of-10", span: 60..<75),
    ]

    @Test func theStoredFormRoundTripsAndRefusesWhatItDidNotWrite() throws {
        let text = try #require(NoteScore.storageText(Self.scores))
        #expect(text == "pain_before n-over-10 13-17;pain_after word-zero 40-49 ~;sleep_quality scale-of-10 60-75")
        #expect(NoteScore.parse(storageText: text) == Self.scores)
        #expect(NoteScore.storageText([]) == nil)
        for bad in ["pain n-over-10 1-2", "pain_before n-over-10 5-2", "pain_before n-over-10 1", "pain_before n-over-10 1-2 x",
                    "pain_before n-over-10"] {
            #expect(NoteScore.parse(storageText: bad) == nil, "\(bad)")
        }
    }

    @Test func aSessionKeepsWhichScoresCameFromItsNote() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        var noted = session("S1")
        noted.notes = "S: neck pain 6/10 …"
        noted.noteScores = Self.scores
        try db.importSessions([noted, session("S2", day: 7)])
        let record = try #require(try db.clientRecord(id: "C1"))
        #expect(record.sessions.map(\.noteScores) == [Self.scores, []])
        #expect(record.sessions[0].isFromNote(.painAfter) && !record.sessions[0].isFromNote(.mood))
        // Importing it again changes nothing; a session re-imported without provenance loses it.
        #expect(try db.importSessions([noted]).sessions.unchanged == 1)
        var typed = noted
        typed.noteScores = []
        #expect(try db.importSessions([typed]).sessions.updated == 1)
        #expect(try db.clientRecord(id: "C1")?.sessions[0].noteScores == [])
    }

    @Test func aStoredValueReliefDidNotWriteIsNamedWhenRead() throws {
        let folder = try TemporaryFolder()
        let db = try ReliefDatabase(path: folder.file("relief.sqlite"))
        try db.importSessions([session("S1")])
        try db.writer.write { try $0.execute(sql: "UPDATE sessions SET note_scores = 'pain_before ? 1'") }
        #expect(throws: StoreError.self) { _ = try db.clientRecord(id: "C1") }
    }

    @Test func aDatabaseFromBeforeNoteScoresGainsTheColumnAndKeepsItsSessions() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("relief.sqlite")
        // The schema as the first release shipped it, with one session in it.
        let old = try DatabaseQueue(path: path)
        try ReliefMigrator.migrator.migrate(old, upTo: "v1-imports")
        try old.write { db in
            try db.execute(sql: "INSERT INTO clients (client_id) VALUES ('C1')")
            try db.execute(sql: "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('S1', 'C1', 20000, 60)")
        }
        try old.close()
        let db = try ReliefDatabase(path: path)
        #expect(try db.appliedMigrations().contains("v2-note-scores"))
        let s = try #require(try db.clientRecord(id: "C1")?.sessions.first)
        #expect(s.id == "S1" && s.painBefore == 6 && s.noteScores.isEmpty)
    }
}
