import Foundation
import ReliefModel
import ReliefStore
import ReliefTestSupport
import ReliefWorkflows
import Testing
@testable import ReliefPostgres

/// Issue 15, item 7: three sites of a chain import at once while the office renders a month of
/// reports, on each store. Every importer goes through the import workflow (`ImportService`,
/// which tries a busy store again: SQLite's lock, PostgreSQL's import lock, a serialization
/// failure or a deadlock, all `StoreError.busy`), each from its own store handle, as separate
/// `relief` processes would. Afterwards every row is there exactly once, each stub was made
/// once, nobody saw "busy" or "deadlock", and the report run rendered every client.
@Suite struct ConcurrentSitesTests {
    static let october = Month(year: 2026, month: 10)!
    static let importDay = Day(iso: "2026-11-01")!
    static let perSite = 2_000
    static let clientsPerSite = 20

    /// A session file of site `site`: its own clients and therapist, plus every seventh session
    /// of the chain's one shared client (`SHARED`) and therapist (`T-shared`).
    static func siteFile(_ path: String, site: String) throws {
        var lines = ["session_id,client_id,therapist_id,date,pain_before,pain_after"]
        for i in 0..<perSite {
            let shared = i % 7 == 0
            let client = shared ? "SHARED" : "\(site)-C\(i % clientsPerSite)"
            let therapist = shared ? "T-shared" : "T-\(site)"
            let day = Day(iso: "2025-01-01")! + (i / clientsPerSite) % 600   // before October 2026
            lines.append("\(site)-S\(i),\(client),\(therapist),\(day.iso),\(i % 11),\(i % 7)")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test(arguments: StoreKind.all) func threeSitesImportWhileAMonthIsRendered(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let folder = try temporaryFolder("three-sites")
        defer { try? FileManager.default.removeItem(atPath: folder) }

        // October is already stored, so the report run has a month to render during the imports.
        var october = ["session_id,client_id,therapist_id,date,pain_before,pain_after"]
        for i in 0..<40 { october.append("O-\(i),OCT-\(i % 10),T-office,2026-10-\(String(format: "%02d", 1 + (i / 10) * 7)),\(7 - i / 10),3") }
        try (october.joined(separator: "\n") + "\n").write(toFile: folder + "/october.csv", atomically: true, encoding: .utf8)
        let first = try ImportService.run(ImportRequest(paths: [folder + "/october.csv"], today: Self.importDay), store: test.store)
        #expect(first.outcomes.allSatisfy { $0.error == nil && $0.rejected == 0 && $0.inserted == 40 })

        let sites = ["north", "south", "east"]
        for site in sites { try Self.siteFile(folder + "/\(site).csv", site: site) }
        // Each importer and the report run with a store of their own (their own connections).
        let handles = try (0..<4).map { _ in try test.reopen() }
        let failures = Locked<[String]>([])
        let outcomes = Locked<[Int: FileOutcome]>([:])
        let rendered = Locked<MonthRenderer.Outcome?>(nil)
        let importer = { (i: Int) -> @Sendable () -> Void in {
            do {
                let result = try ImportService.run(ImportRequest(paths: [folder + "/\(sites[i]).csv"], today: Self.importDay),
                                                   store: handles[i])
                for o in result.outcomes { outcomes.update { $0[i] = o } }
            } catch {
                failures.update { $0.append("\(sites[i]): \(error)") }
            }
        } }
        runAtOnce([importer(0), importer(1), importer(2), {
            do {
                var options = ReportOptions(created: Self.importDay)
                options.png = false
                let outcome = try MonthRenderer(store: handles[3], month: Self.october, out: folder + "/reports/2026-10",
                                                jobs: 1, options: options).run()
                rendered.update { $0 = outcome }
            } catch {
                failures.update { $0.append("report: \(error)") }
            }
        }])
        #expect(failures.value.isEmpty, "\(failures.value)")

        // Every importer succeeded, whole: nothing rejected, rolled back or refused as busy.
        let files = outcomes.value
        #expect(files.count == 3)
        for (i, o) in files.sorted(by: { $0.key < $1.key }) {
            #expect(o.error == nil && !o.rolledBack && o.rejected == 0, "\(sites[i]): \(o.error ?? "") \(o.diagnostics.prefix(3))")
            #expect(o.inserted == Self.perSite && o.updated == 0 && o.unchanged == 0, "\(sites[i])")
        }
        // The shared client's stub was made by exactly one of them; each site's own clients by their site.
        let stubs = files.values.flatMap(\.stubClients)
        #expect(stubs.filter { $0 == "SHARED" }.count == 1)
        #expect(stubs.count == 3 * Self.clientsPerSite + 1 && Set(stubs).count == stubs.count)

        // No row lost or doubled: the counts are exactly the union, and every id is there once.
        let counts = try test.store.counts()
        #expect(counts.sessions == 40 + 3 * Self.perSite)
        #expect(counts.clients == 10 + 3 * Self.clientsPerSite + 1)
        #expect(counts.therapists == 1 + 3 + 1)
        #expect(counts.imports == 4)
        var ids: [String] = []
        try test.store.forEachSession { ids.append($0.id) }
        #expect(ids.count == counts.sessions && Set(ids).count == ids.count)
        for site in sites {
            #expect(ids.filter { $0.hasPrefix(site + "-") }.count == Self.perSite, "\(site)")
        }

        // The report run rendered the clinic and October's ten clients, and failed none.
        let month = try #require(rendered.value)
        #expect(month.failures.isEmpty, "\(month.failures)")
        #expect(month.rendered == 1 + 10)
        #expect(FileManager.default.fileExists(atPath: folder + "/reports/2026-10/clinic.pdf"))
    }

    /// A read never fails for an import (it locks no rows), but the server can still pick it as a
    /// deadlock's victim: here another transaction holds `checkins` whole while the cohort read,
    /// having read `sessions`, waits for it, and then asks for `sessions` whole. The read waited
    /// first, so its deadlock check (after `deadlock_timeout`, 1 s) finds the cycle and ends it
    /// (40P01); `PostgresStore.read` tries it again, and the caller sees the cohort, not "busy".
    @Test func aReadChosenAsADeadlockVictimIsTriedAgain() throws {
        guard StoreKind.all.contains(.postgres) else { return }
        let test = try TestStore(.postgres)
        defer { test.close() }
        let store = try #require(test.store as? PostgresStore)
        try store.importSessions([session("S1"), session("S2", day: 1)])
        try store.importBatch(file: "c.csv", importedOn: today) { w in try w.upsert(CheckIn(clientID: "C1", day: day(1), pain: 3)) }
        let other = try PostgresLink.connect(store.server, password: PostgresPassword.lookup(for: store.server))
        try other.execute("BEGIN")
        try other.execute("LOCK TABLE checkins IN ACCESS EXCLUSIVE MODE")
        let outcome = Locked<Result<[ClientRecord], any Error>?>(nil)
        OwnThread.start {
            let r = Result { try store.clientRecords(activeIn: Period(from: day(0), to: day(30))) }
            outcome.update { $0 = r }
        }
        let waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'checkins'::regclass"
        var polls = 0
        while try other.query(waiting).first?.decode(Int64.self) == 0, polls < 1_000 {
            Thread.sleep(forTimeInterval: 0.01)
            polls += 1
        }
        #expect(polls < 1_000, "the reader never waited for the check-ins")
        try other.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")   // returns once the reader was ended
        try other.execute("COMMIT")
        other.close()
        while outcome.value == nil { Thread.sleep(forTimeInterval: 0.01) }
        let cohort = try #require(try outcome.value?.get())
        #expect(cohort.map(\.client.id) == ["C1"] && cohort[0].sessions.count == 2 && cohort[0].checkIns.count == 1)
    }
}

/// Runs each body on a thread of its own, all at once (not as many as there are cores, as
/// `concurrentPerform` would), and returns when every one has.
func runAtOnce(_ bodies: [@Sendable () -> Void]) {
    let group = DispatchGroup()
    for body in bodies {
        group.enter()
        // OwnThread: the body, which holds stores, is released while the thread runs (in a
        // release build, releasing them as a `Thread` exits corrupted the heap).
        OwnThread.start { body(); group.leave() }
    }
    group.wait()
}

/// A value shared between threads, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ change: (inout Value) -> Void) { lock.lock(); change(&stored); lock.unlock() }
}
