import Foundation
import Synchronization
import ReliefTestSupport
import Testing
import ReliefImport
import ReliefModel
import ReliefStore
@testable import ReliefWorkflows

/// Issue 8, "Concurrency": two imports at once into one database file, and reads during
/// an import. SQLite's WAL mode lets readers go on while one writer writes; a second
/// writer waits (busy timeout) instead of failing with "database is locked". No row may
/// be lost or doubled, and a reader sees a file's rows all or not at all.
@Suite struct ConcurrencyTests {
    static let today = Day(iso: "2026-11-01")!

    /// A session file of `count` sessions over `clients` clients, ids `prefix`-n.
    static func sessionFile(_ path: String, prefix: String, count: Int, clients: Int = 50) throws {
        var rows = [["session_id", "client_id", "date", "pain_before", "pain_after"]]
        for i in 0..<count {
            let day = Day(iso: "2025-01-01")! + (i / clients) % 600
            rows.append(["\(prefix)-\(i)", "C\(i % clients)", day.iso, "\(i % 11)", "\(i % 7)"])
        }
        try SecurityTestSupport.writeCSV(rows, to: path)
    }

    @Test func twoImportsAtOnceInTwoDatabaseInstancesLoseAndDoubleNothing() throws {
        let folder = try temporaryFolder("two-writers")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = folder + "/relief.sqlite"
        try Self.sessionFile(folder + "/a.csv", prefix: "A", count: 6_000)
        try Self.sessionFile(folder + "/b.csv", prefix: "B", count: 6_000)
        try Self.sessionFile(folder + "/shared.csv", prefix: "X", count: 2_000)
        // Each thread opens its own store (its own connections) as `relief import` does
        // (`Stores.open`, which waits while the other thread migrates the new file or imports).
        let failures = Mutex<[String]>([])
        let plans = [[folder + "/a.csv", folder + "/shared.csv"], [folder + "/b.csv", folder + "/shared.csv"]]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let database = try Stores.open(db)
                let result = try ImportService.run(ImportRequest(paths: plans[i], today: Self.today), store: database)
                for o in result.outcomes where o.error != nil || o.rejected > 0 || o.rolledBack {
                    failures.withLock { $0.append("\(o.file): \(o.error ?? "rejected \(o.rejected)")") }
                }
            } catch {
                failures.withLock { $0.append("thread \(i): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let counts = try ReliefDatabase(path: db).counts()
        #expect(counts.sessions == 14_000, "6,000 + 6,000 + 2,000 once")
        #expect(counts.imports == 4)
        var ids = Set<String>()
        var n = 0
        try ReliefDatabase(path: db).forEachSession { ids.insert($0.id); n += 1 }
        #expect(n == 14_000 && ids.count == 14_000)
    }

    @Test func twoReliefProcessesImportingAtOnceBothSucceed() throws {
        guard SecurityTestSupport.reliefBinary != nil else { Issue.record("relief binary not built"); return }
        let folder = try temporaryFolder("two-processes")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = folder + "/relief.sqlite"
        // Small enough that one import finishes well within the other's busy timeout (10 s) on a
        // loaded machine; a longer wait is the known issue below.
        try Self.sessionFile(folder + "/a.csv", prefix: "A", count: 5_000)
        try Self.sessionFile(folder + "/b.csv", prefix: "B", count: 5_000)
        let runs = Mutex<[SecurityTestSupport.Run?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let file = folder + (i == 0 ? "/a.csv" : "/b.csv")
            let run = try? SecurityTestSupport.relief(["import", file, "--db", db, "--today", "2026-11-01"], in: folder)
            runs.withLock { $0[i] = run }
        }
        for run in runs.withLock({ $0 }) {
            #expect(run?.status == 0, "\(run?.stderr ?? "did not run")")
            #expect(run?.stderr.contains("locked") == false)
        }
        let counts = try ReliefDatabase(path: db).counts()
        #expect(counts.sessions == 10_000)
        #expect(counts.clients == 50)
    }

    @Test func readersDuringAnImportSeeAFileAllOrNothingAndNeverFail() throws {
        let folder = try temporaryFolder("reader-writer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/relief.sqlite"
        try Self.sessionFile(folder + "/first.csv", prefix: "F", count: 2_000)
        try Self.sessionFile(folder + "/big.csv", prefix: "G", count: 40_000)
        let setup = try ReliefDatabase(path: path)
        _ = try ImportService.run(ImportRequest(paths: [folder + "/first.csv"], today: Self.today), store: setup)
        let done = Atomic<Bool>(false)
        let seen = Mutex<Set<Int>>([])
        let failures = Mutex<[String]>([])
        let period = Period(from: Day(iso: "2025-01-01")!, to: Day(iso: "2026-10-31")!)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let db = try ReliefDatabase(path: path)
                if i == 0 {
                    defer { done.store(true, ordering: .sequentiallyConsistent) }
                    let r = try ImportService.run(ImportRequest(paths: [folder + "/big.csv"], today: Self.today), store: db)
                    if let e = r.outcomes.first?.error { failures.withLock { $0.append(e) } }
                } else {
                    // Read throughout the import, then once more after it.
                    var finished = false
                    repeat {
                        finished = done.load(ordering: .sequentiallyConsistent)
                        let cohort = try AnalysisService.cohort(store: db, period: period)
                        let stored = try db.counts().sessions
                        seen.withLock { _ = $0.insert(cohort.sessions); _ = $0.insert(stored) }
                    } while !finished
                }
            } catch {
                failures.withLock { $0.append("\(i == 0 ? "import" : "reader"): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        // Every read saw the store before the big file or after it, never half of it.
        #expect(seen.withLock { $0 }.isSubset(of: [2_000, 42_000]), "\(seen.withLock { $0 }.sorted())")
        #expect(seen.withLock { $0 }.contains(42_000))
    }
    @Test func aReportMonthDuringAnImportProcessFinishesAndBothSucceed() throws {
        guard SecurityTestSupport.reliefBinary != nil else { Issue.record("relief binary not built"); return }
        let folder = try temporaryFolder("report-during-import")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = folder + "/relief.sqlite"
        var october = [["session_id", "client_id", "date", "pain_before", "pain_after"]]
        for i in 0..<40 { october.append(["O-\(i)", "C\(i % 10)", "2026-10-\(String(format: "%02d", 1 + (i / 10) * 7))", "\(7 - i / 10)", "3"]) }
        try SecurityTestSupport.writeCSV(october, to: folder + "/october.csv")
        try Self.sessionFile(folder + "/big.csv", prefix: "G", count: 60_000, clients: 200)
        let first = try SecurityTestSupport.relief(["import", folder + "/october.csv", "--db", db, "--today", "2026-11-01"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let runs = Mutex<[SecurityTestSupport.Run?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let args = i == 0
                ? ["import", folder + "/big.csv", "--db", db, "--today", "2026-11-01"]
                : ["report", "month", "2026-10", "--db", db, "--out", folder + "/reports", "--no-png", "--created", "2026-11-01", "--jobs", "1"]
            let run = try? SecurityTestSupport.relief(args, in: folder)
            runs.withLock { $0[i] = run }
        }
        for run in runs.withLock({ $0 }) {
            #expect(run?.status == 0, "\(run?.stderr ?? "did not run")")
            #expect(run?.stderr.contains("locked") == false)
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/reports/2026-10/clinic.pdf"))
        #expect(try ReliefDatabase(path: db).counts().sessions == 60_040)
    }
    /// One file is one transaction and a write waits only the busy timeout, so `ImportService`
    /// retries a busy import (up to `maxBusyWait`) until the other writer finishes: a second
    /// import outlasts a first writer that holds its transaction for 2.5 s against a 1 s timeout.
    @Test func aSecondImportWaitsForALongFirstOne() throws {
        let folder = try temporaryFolder("long-writer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/relief.sqlite"
        try Self.sessionFile(folder + "/b.csv", prefix: "B", count: 100)
        let first = try ReliefDatabase(path: path)
        let second = try ReliefDatabase(path: path, busyTimeout: 1)
        let holding = DispatchSemaphore(value: 0)
        let result = Mutex<Result<[FileOutcome], any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                _ = try? first.importBatch(file: "long.csv", importedOn: Self.today) { _ in
                    holding.signal()
                    Thread.sleep(forTimeInterval: 2.5)
                }
            } else {
                holding.wait()
                let r = Result { try ImportService.run(ImportRequest(paths: [folder + "/b.csv"], today: Self.today), store: second).outcomes }
                result.withLock { $0 = r }
            }
        }
        let outcomes = try #require(result.withLock { $0 }).get()
        #expect(outcomes.first?.error == nil && outcomes.first?.accepted == 100)
        #expect(try first.counts().sessions == 100)
    }
}
