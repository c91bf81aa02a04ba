import Foundation
import Hummingbird
import HummingbirdTesting
import ReliefModel
import ReliefStore
import ReliefWorkflows
import Testing
@testable import ReliefWeb

/// Issue 14, item 5: an upload import, a command-line import (its own connection, as another
/// process has) and a month's rendering at once: no row lost, no "database is locked" shown.
@Suite struct ConcurrencyTests {
    static func sessions(prefix: String, count: Int) -> String {
        var csv = "session_id,client_id,therapist_id,date,pain_before,pain_after\n"
        for i in 0..<count {
            let client = String(format: "C%04d", 1 + i % 40), day = 1 + i % 28
            csv += "\(prefix)\(i),\(client),T01,2026-09-\(day < 10 ? "0" : "")\(day),\(3 + i % 6),\(1 + i % 3)\n"
        }
        return csv
    }

    @Test func anUploadACommandLineImportAndAMonthRenderRunTogether() async throws {
        let f = try WebFixture()
        let before = try f.store.counts().sessions
        let cliFile = f.folder + "/cli.csv"
        try Self.sessions(prefix: "CLI", count: 400).write(toFile: cliFile, atomically: true, encoding: .utf8)
        let uploaded = Self.sessions(prefix: "WEB", count: 400)
        let path = f.dbPath
        try await f.test { c in
            let t1 = Browser(c), mia = Browser(c)
            try await t1.signIn("boss")
            try await t1.get("/import")
            try await mia.signIn("mia")
            try await mia.get("/months")
            let preview = try await upload(t1, name: "web.csv", uploaded).text
            let id = try #require(preview.range(of: "action=\"/import/").map { String(preview[$0.upperBound...].prefix { $0 != "/" }) })
            async let render = mia.post("/months/2026-10/render")
            async let cli: [FileOutcome] = Task.detached {
                // Another process's connection to the same file.
                let other = try ReliefDatabase(path: path)
                return try ImportService.run(ImportRequest(paths: [cliFile], today: Day(iso: "2026-11-01")!), store: other).outcomes
            }.value
            async let confirm = t1.post("/import/\(id)/confirm")
            let (r, outcomes, stored) = try await (render, cli, confirm)
            #expect(r.status == .seeOther)
            #expect(outcomes.first?.accepted == 400 && outcomes.first?.error == nil)
            #expect(stored.status == .ok && stored.text.contains("Stored: web.csv") && !stored.text.contains("locked"))
            try await waitForMonth(mia)
            let month = try await mia.get("/months/2026-10").text
            #expect(month.contains("Done:") || month.contains("rendered earlier"))
            #expect(!month.contains("could not be") && !month.contains("locked"))
        }
        #expect(try f.store.counts().sessions == before + 800)
    }
}
