import Foundation
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefCLI
@testable import ReliefWorkflows

/// `relief import` end to end through ImportService: accounting, re-import, updates,
/// strict and dry runs, rejects; and the binary under kill -9.
@Suite struct ImportCommandTests {
    static let header = "session_id,client_id,therapist_id,date,pain_before,pain_after\n"

    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyRowIsAccountedForAndGoodRowsAreStored() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write(Self.header + """
            S1,C1,T1,2026-10-01,6,3
            S2,C1,T1,2026-10-08,12,3
            S3,C1,T1,2026-10-15,5,2
            S3,C1,T1,2026-10-15,5,2
            S4,C2,T1,2026-02-30,5,2

            """, "sessions.csv", in: dir)
        let db = try ReliefDatabase.inMemory()
        let o = try #require(try importFiles([file], into: db).first)
        #expect(o.read == 5 && o.accepted == 2 && o.rejected == 2 && o.duplicatesSkipped == 1)
        #expect(o.read == o.accepted + o.rejected + o.duplicatesSkipped)
        #expect(o.diagnostics.contains { $0.contains("sessions.csv:3") && $0.contains("pain_before") && $0.contains("12") })
        #expect(o.diagnostics.contains { $0.contains("sessions.csv:6") && $0.contains("2026-02-30") })
        #expect(o.stubClients == ["C1"], "sessions for an unknown client create a stub, listed in the summary")
        #expect(try db.counts().sessions == 2)
        // The repeated S3 made the one-pass read give up and the file was read again in full:
        // the abandoned attempt left nothing behind, not even its log row.
        #expect(try db.lastImports(limit: 10).count == 1)
        #expect(ImportReport.describe(o, dryRun: false).hasPrefix("\(file): read 5 = accepted 2 + rejected 2 + duplicates skipped 1"))
    }

    /// A relief_days that only the whole file can judge (its client's earlier session comes
    /// later in the file) makes the one-pass read give up; the full read then rejects exactly
    /// that row, and the database holds what a full read alone would have stored.
    @Test func aFileOnePassCannotJudgeIsReadInFullWithTheSameOutcome() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write("""
            session_id,client_id,date,pain_before,pain_after,relief_days
            S2,C1,2026-10-08,5,3,9
            S3,C2,2026-10-09,6,2,
            S1,C1,2026-10-01,6,3,

            """, "sessions.csv", in: dir)
        let db = try ReliefDatabase.inMemory()
        let o = try #require(try importFiles([file], into: db).first)
        #expect(o.read == 3 && o.accepted == 2 && o.rejected == 1)
        #expect(o.diagnostics.count == 1 && o.diagnostics[0].contains("sessions.csv:2")
                && o.diagnostics[0].contains("9 days is longer than the 7 days"))
        #expect(try db.counts().sessions == 2 && db.lastImports(limit: 10).count == 1)
        let stored = try dump(db)
        // The same file read in full from the start (a dry run reads in full) agrees on every row.
        var request = ImportRequest(paths: [file], today: Day(iso: "2026-11-01")!)
        request.dryRun = true
        let dry = try #require(try ImportService.run(request, store: nil).outcomes.first)
        #expect(dry.accepted == o.accepted && dry.rejected == o.rejected && dry.diagnostics == o.diagnostics)
        #expect(stored.contains { $0.contains("S1") } && stored.contains { $0.contains("S3") } && !stored.contains { $0.contains("S2") })
    }

    @Test func reimportChangesNothingAndAChangedRowIsCountedAsUpdated() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try ReliefDatabase.inMemory()
        try importFiles(sampleCSVs, into: db)
        let before = try dump(db)
        let again = try importFiles(sampleCSVs, into: db)
        #expect(again.allSatisfy { $0.inserted == 0 && $0.updated == 0 })
        #expect(again.map(\.unchanged) == [6, 120, 3855, 2408])
        #expect(try dump(db) == before, "the same files imported twice leave identical table contents")

        let changed = try write(Self.header + "S000001,C0007,T04,2025-11-01T17:15,5,4\n", "fix.csv", in: dir)
        let o = try importFiles([changed], into: db)[0]
        #expect(o.updated == 1 && o.inserted == 0)
        #expect(try db.clientRecord(id: "C0007")?.sessions.first { $0.id == "S000001" }?.painBefore == 5)
    }

    @Test func strictStoresNothingFromAFileWithARejectedRowAndDryRunWritesNothing() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write(Self.header + "S1,C1,T1,2026-10-01,6,3\nS2,C1,T1,2026-10-08,11,3\n", "s.csv", in: dir)
        let db = try ReliefDatabase.inMemory()
        let strict = try importFiles([file], into: db, strict: true)[0]
        #expect(strict.rolledBack && strict.accepted == 1 && strict.rejected == 1)
        #expect(try db.counts().sessions == 0)

        var request = ImportRequest(paths: [file], today: Day(iso: "2026-11-01")!)
        request.dryRun = true
        let dry = try ImportService.run(request, store: db).outcomes[0]
        #expect(dry.rolledBack && dry.accepted == 1)
        #expect(try db.counts().sessions == 0)
    }

    @Test func futureDatesAreRejectedAgainstTheGivenDay() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write(Self.header + "S1,C1,T1,2026-12-01,6,3\n", "s.csv", in: dir)
        let o = try importFiles([file], into: ReliefDatabase.inMemory(), today: "2026-11-01")[0]
        #expect(o.rejected == 1 && o.diagnostics.first?.contains("future") == true)
    }

    @Test func rejectsFileListsEachRejectedRowWithItsReason() throws {
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try write(Self.header + "S1,C1,T1,2026-10-01,6,3\nS2,C1,T1,2026-10-08,-1,3\n", "s.csv", in: dir)
        let result = try ImportService.run(ImportRequest(paths: [file], today: Day(iso: "2026-11-01")!), store: ReliefDatabase.inMemory())
        try RejectsWriter.write(result.summaries, to: dir + "/rejects.csv")
        let text = try String(contentsOfFile: dir + "/rejects.csv", encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        #expect(lines.count == 2, "header and one rejected row")
        #expect(lines[1].contains("S2") && lines[1].contains("pain_before"))
    }
}

/// Kill -9 in the middle of a large import leaves the database as it was before that
/// file, and importing again completes it (data.md: one transaction per file).
@Suite(.serialized) struct CrashSafetyTests {
    static var binary: String { reliefExecutable }

    func run(_ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = arguments
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func killNineMidImportLeavesTheDatabaseAsBeforeThatFile() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build relief first (swift build)")
        let dir = try temporaryFolder(); defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = dir + "/big", db = dir + "/relief.sqlite"
        #expect(try run(["sample", "--out", data, "--seed", "3", "--clients", "6000", "--therapists", "120"]) == 0)
        #expect(try run(["import", data + "/therapists.csv", data + "/clients.csv", "--db", db, "--today", "2026-11-01"]) == 0)
        let before = try dump(ReliefDatabase(path: db))

        var killedMidway = false
        for delay in [0.4, 0.2, 0.8, 1.5] where !killedMidway {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.binary)
            p.arguments = ["import", data + "/sessions.csv", "--db", db, "--today", "2026-11-01"]
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                killedMidway = p.terminationReason == .uncaughtSignal
            } else {
                p.waitUntilExit()
                break
            }
        }
        try #require(killedMidway, "the import finished before it could be killed; make the data larger")
        let reopened = try ReliefDatabase(path: db)
        #expect(try dump(reopened) == before, "nothing of the killed file is in the database")

        #expect(try run(["import", data + "/sessions.csv", "--db", db, "--today", "2026-11-01"]) == 0)
        var dry = ImportRequest(paths: [data + "/sessions.csv"], today: Day(iso: "2026-11-01")!)
        dry.dryRun = true
        let accepted = try ImportService.run(dry, store: nil).outcomes[0].accepted
        #expect(accepted > 100_000)
        #expect(try ReliefDatabase(path: db).counts().sessions == accepted, "importing again completes it")
    }
}
