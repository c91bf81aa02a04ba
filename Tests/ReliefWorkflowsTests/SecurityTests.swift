import Foundation
import ReliefTestSupport
import Testing
import ReliefFiles
import ReliefImport
import ReliefModel
import ReliefStore
@testable import ReliefWorkflows

/// Issue 8: hostile ids and names, owner-only files, no personal data on stderr, and a
/// 2 GB file refused in bounded memory by the real binary.
@Suite struct SecurityTests {
    /// Ids and names a hostile or careless file can hold.
    static let hostile: [(id: String, name: String)] = [
        ("../../escaped", "Dorothy Dotdot"),
        ("/etc/passwd", "Rooted Person"),
        ("a/b\\c", "Slash Backslash"),
        ("..", "Only Dots"),
        (".hidden", "Hidden Dotfile"),
        ("ctl\u{1}\u{1b}[31m\u{7f}", "Escape Sequence"),
        (String(repeating: "x", count: 500), "Longid Person"),
        ("'; DROP TABLE sessions; --", "Robert'); DROP TABLE clients;--"),
        ("C1\" OR \"1\"=\"1", "O'Brien \"Bobby\" Tables"),
        ("名前/ID", "山田 太郎"),
        ("spaces and %s %n", "Percent %s Name"),
    ]

    static let month = Month(iso: "2026-10")!

    /// Imports the hostile clients (each with three October sessions) through ImportService.
    static func importHostile(into folder: String) throws -> ReliefDatabase {
        var clients = [["client_id", "name", "segment"]]
        var sessions = [["session_id", "client_id", "date", "pain_before", "pain_after", "notes"]]
        for (i, h) in hostile.enumerated() {
            clients.append([h.id, h.name, "other"])
            for k in 0..<3 {
                sessions.append([h.id + "#s\(k)", h.id, "2026-10-\(String(format: "%02d", 5 + 7 * k))", "\(7 - k)", "\(4 - k % 2)",
                                 "note \(i) \(k)"])
            }
        }
        try SecurityTestSupport.writeCSV(clients, to: folder + "/clients.csv")
        try SecurityTestSupport.writeCSV(sessions, to: folder + "/sessions.csv")
        let db = try ReliefDatabase(path: folder + "/relief.sqlite")
        let result = try ImportService.run(ImportRequest(paths: [folder + "/clients.csv", folder + "/sessions.csv"],
                                                         today: Day(iso: "2026-11-01")!), store: db)
        for o in result.outcomes {
            #expect(o.error == nil && o.rejected == 0, "\(o.file): \(o.error ?? "") \(o.diagnostics)")
        }
        return db
    }

    @Test func hostileIdsAndNamesNeverBreakAQuery() throws {
        let folder = try temporaryFolder("hostile-query")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.importHostile(into: folder)
        let counts = try db.counts()
        #expect(counts.clients == Self.hostile.count, "no table dropped, no client lost")
        #expect(counts.sessions == 3 * Self.hostile.count)
        for h in Self.hostile {
            let record = try db.clientRecord(id: h.id)
            #expect(record?.client.id == h.id, "\(h.id.debugDescription) found by its own id")
            #expect(record?.client.name == h.name, "\(h.id.debugDescription): name \(String(describing: record?.client.name).debugDescription)")
            #expect(record?.sessions.count == 3, "\(h.id.debugDescription): \(record?.sessions.count ?? -1) sessions")
        }
        #expect(try db.clientRecord(id: "' OR '1'='1") == nil)
    }

    /// A NUL byte inside an id or name. GRDB binds and reads a `String` as a C string
    /// (`sqlite3_bind_text(…, -1, …)`, `String(cString:)`), while the store's bulk insert binds
    /// with an explicit length, so a NUL would split a client in two. The importer refuses
    /// U+0000 in any field (rule `nul-character`), naming file, line and column.
    @Test func aNulByteInAnIdKeepsTheClientWhole() throws {
        let folder = try temporaryFolder("nul")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SecurityTestSupport.writeCSV([["client_id", "name"], ["nul\u{0}byte", "Nulla Byte"]], to: folder + "/clients.csv")
        try SecurityTestSupport.writeCSV([["session_id", "client_id", "date", "pain_before"],
                                          ["S1", "nul\u{0}byte", "2026-10-01", "5"]], to: folder + "/sessions.csv")
        let db = try ReliefDatabase(path: folder + "/relief.sqlite")
        let result = try ImportService.run(ImportRequest(paths: [folder + "/clients.csv", folder + "/sessions.csv"],
                                                         today: Day(iso: "2026-11-01")!), store: db)
        #expect(result.outcomes.map(\.rejected) == [1, 1], "both rows refused")
        #expect(result.outcomes[0].diagnostics.first?.contains("clients.csv:2") == true)
        #expect(result.outcomes[0].diagnostics.first?.contains("NUL character") == true)
        #expect(try db.counts().clients == 0 && db.counts().sessions == 0, "nothing half-stored")
    }

    @Test(arguments: hostile.map(\.id) + ["", ".", "../", "a\u{0}", "\u{202e}gnp.exe", String(repeating: "/..", count: 300)])
    func safeNameStemsStayInTheirFolder(id: String) {
        let stem = SafeName.stem(id)
        #expect(!stem.isEmpty)
        #expect(!stem.contains("/") && !stem.contains("\\") && !stem.hasPrefix("."), "\(stem)")
        #expect(stem.unicodeScalars.allSatisfy { !$0.properties.generalCategory.isControlOrFormat }, "\(stem.debugDescription)")
        #expect(stem.utf8.count <= 255, "fits a file name")
    }

    @Test func distinctHostileIdsGetDistinctFileNames() {
        let ids = Self.hostile.map(\.id) + ["a_b_c", "a/b/c", "a\\b\\c", "a b c"]
        #expect(Set(ids.map(SafeName.stem)).count == ids.count)
    }

    @Test func hostileClientsGetTheirReportsInsideTheOutputFolderWithTheirNames() throws {
        let folder = try temporaryFolder("hostile-report")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Self.importHostile(into: folder)
        let out = folder + "/outer/reports"
        var options = ReportOptions(created: Day(iso: "2026-11-01")!)
        options.png = false
        for h in Self.hostile {
            let entry = try ReportService.renderClient(store: db, id: h.id, month: Self.month, out: out, options: options)
            #expect(entry.pdf == "clients/" + SafeName.stem(h.id) + ".pdf")
            let pdf = out + "/" + entry.pdf
            let resolved = URL(fileURLWithPath: pdf).standardizedFileURL.resolvingSymlinksInPath().path
            let root = URL(fileURLWithPath: out + "/clients").standardizedFileURL.resolvingSymlinksInPath().path
            #expect(resolved.hasPrefix(root + "/"), "\(h.id.debugDescription) → \(resolved)")
            #expect(SecurityTestSupport.mode(pdf) == 0o600, "report readable by its owner only")
            let text = try pdfText(pdf).replacingOccurrences(of: "\n", with: "")   // a long name may wrap
            var printable = String(String.UnicodeScalarView(h.name.unicodeScalars.filter { !$0.properties.generalCategory.isControlOrFormat }))
            // pdftotext joins a line that ends in "-" to the next one and drops the hyphen.
            while printable.hasSuffix("-") { printable.removeLast() }
            #expect(text.contains(printable), "\(h.name) appears in its report")
        }
        // Nothing was written anywhere but <out>/clients.
        let everything = FileManager.default.enumerator(atPath: folder + "/outer")?.compactMap { $0 as? String } ?? []
        #expect(Set(everything.map { $0.split(separator: "/").prefix(2).joined(separator: "/") })
                == ["reports", "reports/clients"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/clients").count == Self.hostile.count)
        #expect(!FileManager.default.fileExists(atPath: folder + "/escaped.pdf"))
        #expect(SecurityTestSupport.mode(out) == 0o700 && SecurityTestSupport.mode(out + "/clients") == 0o700)
    }


    // MARK: - What the binary prints and writes

    static let names = ["Zelda Quixote", "Bartholomew Ng"]
    static let notes = ["confided about divorce", "migraine since accident"]

    static func clinic(in folder: String) throws {
        try SecurityTestSupport.writeCSV([["client_id", "name", "complaint"], ["C1", names[0], "chronic low back"],
                                          ["C2", names[1], "whiplash"]], to: folder + "/clients.csv")
        try SecurityTestSupport.writeCSV([
            ["session_id", "client_id", "date", "pain_before", "pain_after", "mood", "notes"],
            ["S1", "C1", "2026-10-02", "7.5", "3.5", "4", notes[0]],
            ["S2", "C1", "2026-10-09", "12", "3.5", "4", notes[0] + " again"],
            ["S3", "C2", "2026-10-03", "8.5", "2.5", "6", notes[1]],
            ["S4", "C2", "2026-10-10", "6.5", "1.5", "7", "=HYPERLINK(\"http://evil\")"],
        ], to: folder + "/sessions.csv")
    }

    @Test func cliOutputNamesRowsByFileAndLineButNoNamesNotesOrScores() throws {
        guard SecurityTestSupport.reliefBinary != nil else { Issue.record("relief binary not built"); return }
        let folder = try temporaryFolder("privacy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.clinic(in: folder)
        let db = folder + "/data/relief.sqlite"
        let imported = try SecurityTestSupport.relief(
            ["import", folder + "/clients.csv", folder + "/sessions.csv", "--db", db, "--today", "2026-11-01",
             "--rejects", folder + "/rejects.csv"], in: folder)
        #expect(imported.status == 1, "one row rejected: \(imported.stderr)")
        #expect(imported.stderr.contains("sessions.csv:3: pain_before: 12 is outside 0–10"), "\(imported.stderr)")
        let report = try SecurityTestSupport.relief(
            ["report", "month", "2026-10", "--db", db, "--out", folder + "/reports", "--created", "2026-11-01", "--no-png"],
            in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        for run in [imported, report] {
            let output = run.stdout + run.stderr
            for secret in Self.names + Self.notes + ["chronic low back", "whiplash", "HYPERLINK", "7.5", "3.5", "8.5", "6.5"] {
                #expect(!output.contains(secret), "\(secret) printed: \(output)")
            }
        }
        // Everything written is the owner's alone.
        #expect(SecurityTestSupport.mode(db) == 0o600)
        #expect(SecurityTestSupport.mode(folder + "/data") == 0o700)
        #expect(SecurityTestSupport.mode(folder + "/rejects.csv") == 0o600)
        #expect(SecurityTestSupport.mode(folder + "/reports") == 0o700)
        #expect(SecurityTestSupport.mode(folder + "/reports/2026-10/clients") == 0o700)
        #expect(SecurityTestSupport.mode(folder + "/reports/2026-10/clinic.pdf") == 0o600)
        #expect(SecurityTestSupport.mode(folder + "/reports/2026-10/clients/C1.pdf") == 0o600)
        // The rejects file neutralises formulas too.
        let rejects = try String(contentsOfFile: folder + "/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("sessions.csv,3,"))
    }

    @Test func theRejectsFileIsOwnerOnlyEvenWhenItExistedBefore() throws {
        let folder = try temporaryFolder("rejects-mode")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/rejects.csv"
        FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        var sink = RecordCounter()
        let summary = try RecordReader.read(bytes: Array("session_id,client_id,date,pain_before\nS1,C1,2026-10-01,12\n".utf8),
                                            name: "s.csv", options: ImportOptions(today: Day(iso: "2026-11-01")!), into: &sink)
        try RejectsWriter.write([summary], to: path)
        #expect(SecurityTestSupport.mode(path) == 0o600)
    }

    /// A 2 GB sparse file through the real binary: refused with the file and line, in far
    /// less memory than the file (it is mapped, never copied; pages are handed back as read).
    @Test func aTwoGigabyteFileIsRefusedInBoundedMemory() throws {
        guard SecurityTestSupport.reliefBinary != nil else { Issue.record("relief binary not built"); return }
        let folder = try temporaryFolder("twogig")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/huge.csv"
        FileManager.default.createFile(atPath: path, contents: Data("session_id,client_id,date,pain_before\n".utf8))
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0 && ftruncate(fd, 2 << 30) == 0)
        close(fd)
        let run = try SecurityTestSupport.relief(["import", path, "--dry-run", "--today", "2026-11-01"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains(path + ": not imported: " + path + ":2: a field is larger than the limit of 10485760"), "\(run.stderr)")
        #expect(run.maxRSSKiB < 256 * 1024, "peak RSS \(run.maxRSSKiB / 1024) MB for a 2 GB file")
    }
}

extension Unicode.GeneralCategory {
    var isControlOrFormat: Bool { self == .control || self == .format }
}
