import Foundation
import ReliefFiles
import ReliefModel
import ReliefPostgres
import ReliefStore
import ReliefTestSupport
import Synchronization
import Testing
@testable import ReliefWorkflows

/// `relief report month --shard i/n` then `relief report merge`: three shards rendered at once
/// into one folder and merged are byte for byte the files of one run, on SQLite and on
/// PostgreSQL, in process and as three `relief` processes; the merge refuses an incomplete or
/// mismatched set of shards, saying which file and why, and writes nothing then.
///
/// The PostgreSQL tests need `RELIEF_TEST_POSTGRES` (make test sets it); without it they are
/// skipped with a message, and under CI they fail.
@Suite(.serialized) struct ShardMergeTests {
    static var serverURL: String? {
        ProcessInfo.processInfo.environment["RELIEF_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var isCI: Bool { ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "") }
    static let missing = "PostgreSQL shard tests NOT RUN: RELIEF_TEST_POSTGRES is not set "
        + "(make test starts a server and sets it; or Scripts/postgres-test-cluster.sh start)"
    struct Missing: Error, CustomStringConvertible { var description: String { ShardMergeTests.missing } }

    static let october = Month(iso: "2026-10")!
    static var binary: String { reliefExecutable }

    /// The sample clinic cut down to seven clients with sessions in October, three of them renamed
    /// so that byte order matters (`c…` after `C…`, `Ä…` after both), as CSV files in `folder`.
    static func smallClinic(in folder: String) throws -> [String] {
        /// The file's records: lines, joined while a quoted field (a note) runs over a line break.
        func lines(_ file: String) throws -> [String] {
            var records: [String] = [], open = ""
            for line in try String(contentsOfFile: sample(file), encoding: .utf8).split(separator: "\n") {
                open = open.isEmpty ? String(line) : open + "\n" + line
                if open.filter({ $0 == "\"" }).count % 2 == 0 { records.append(open); open = "" }
            }
            return records
        }
        let sessions = try lines("sessions.csv")
        var chosen: [String] = []
        for line in sessions.dropFirst() {
            let f = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            if f[3].hasPrefix("2026-10"), !chosen.contains(f[1]) { chosen.append(f[1]) }
            if chosen.count == 7 { break }
        }
        let renamed = [chosen[0]: "c" + chosen[0].dropFirst(), chosen[1]: "Ä" + chosen[1].dropFirst(), chosen[2]: "C0000-x"]
        func rename(_ id: String) -> String { renamed[id] ?? id }
        /// Keeps the header and the rows whose field `column` is a chosen client, renamed.
        func keep(_ file: String, column: Int) throws -> String {
            let all = try lines(file)
            var out = [all[0]]
            for line in all.dropFirst() {
                var f = line.split(separator: ",", maxSplits: column + 1, omittingEmptySubsequences: false).map(String.init)
                guard f.count > column, chosen.contains(f[column]) else { continue }
                f[column] = rename(f[column])
                out.append(f.joined(separator: ","))
            }
            return out.joined(separator: "\n") + "\n"
        }
        var paths: [String] = []
        for (file, column) in [("therapists.csv", -1), ("clients.csv", 0), ("sessions.csv", 1), ("checkins.csv", 0)] {
            let path = folder + "/" + file
            let text = column < 0 ? try String(contentsOfFile: sample(file), encoding: .utf8) : try keep(file, column: column)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        return paths
    }

    /// A store holding the small clinic: a file in `folder`, or a scratch database on the test
    /// server (dropped by the returned closure). Returns the location each shard opens.
    static func store(_ postgres: Bool, folder: String) throws -> (location: String, drop: () -> Void) {
        let location: String
        var drop: () -> Void = {}
        if postgres {
            guard let url = serverURL else { throw Missing() }
            let server = try PostgresLocation(parsing: url)
            let name = PostgresDatabases.scratchName()
            location = try PostgresDatabases.create(name, on: server).description
            drop = { try? PostgresDatabases.drop(name, on: server) }
        } else {
            location = folder + "/relief.sqlite"
        }
        var request = ImportRequest(paths: try smallClinic(in: folder), today: day("2026-11-01"))
        request.strict = false
        let outcomes = try ImportService.run(request, store: try Stores.open(location)).outcomes
        #expect(outcomes.allSatisfy { $0.error == nil && $0.rejected == 0 }, "\(outcomes.map { "\($0.file): \($0.error ?? "")" })")
        return (location, drop)
    }

    static func options(png: Bool = true) -> ReportOptions {
        var o = ReportOptions(created: day("2026-11-01"))
        o.png = png
        return o
    }

    /// Renders shards 1…n of October at once, each with a store of its own (as separate machines).
    static func renderShards(_ n: Int, location: String, out: String, options: ReportOptions) throws {
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: n) { k in
            do {
                let outcome = try MonthRenderer(store: try Stores.openExisting(location), month: october, out: out, jobs: 1,
                                                shard: .init(index: k + 1, count: n), options: options).run()
                if !outcome.failures.isEmpty { errors.withLock { $0.append("shard \(k + 1): \(outcome.failures)") } }
            } catch {
                errors.withLock { $0.append("shard \(k + 1): \(error)") }
            }
        }
        let failed = errors.withLock { $0 }
        #expect(failed.isEmpty, "\(failed)")
    }

    /// Every regular file under `folder`, by relative path, with its bytes.
    static func tree(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDir)
            if !isDir.boolValue { files[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)) }
        }
        return files
    }

    static func expectSameTree(_ merged: String, _ single: String, clients: Int = 7) throws {
        let a = try tree(merged), b = try tree(single)
        #expect(a.keys.sorted() == b.keys.sorted(), "the same file names")
        for (name, bytes) in b where a[name] != bytes { Issue.record("\(name) differs from one run's") }
        #expect(b.keys.contains("manifest.json") && b.keys.contains("index.html") && b.keys.contains("clinic.pdf"))
        #expect(b.keys.filter { $0.hasPrefix("clients/") && $0.hasSuffix(".pdf") }.count == clients)
    }

    func mergedEqualsOneRun(postgres: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (location, drop) = try Self.store(postgres, folder: folder)
        defer { drop() }
        let options = Self.options()
        let single = folder + "/single", sharded = folder + "/sharded"
        let one = try MonthRenderer(store: try Stores.openExisting(location), month: Self.october, out: single, jobs: 2,
                                    options: options).run()
        #expect(one.failures.isEmpty)
        let ids = try Stores.openExisting(location).clientIDs(withSessionsIn: Period(Self.october))
        #expect(ids.count == 7 && ids.contains { $0.hasPrefix("Ä") } && ids.contains { $0.hasPrefix("c") })

        try Self.renderShards(3, location: location, out: sharded, options: options)
        let before = try FileManager.default.contentsOfDirectory(atPath: sharded)
        #expect(!before.contains("manifest.json") && !before.contains("index.html"), "a shard writes neither")
        #expect(before.filter { $0.hasPrefix("manifest-shard-") }.sorted()
                == ["manifest-shard-1-of-3.json", "manifest-shard-2-of-3.json", "manifest-shard-3-of-3.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: sharded + "/manifest-shard-2-of-3.json")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600, "a shard manifest is readable by its owner only")

        #expect(try ShardMerge.merge(folder: sharded) == .merged(month: "2026-10", shards: 3, reports: 8))
        try Self.expectSameTree(sharded, single)
        #expect(try ShardMerge.merge(folder: sharded) == .alreadyMerged, "merging again finds nothing to merge")
        try Self.expectSameTree(sharded, single)
    }

    @Test func threeShardsMergedAreOneRunOnSQLite() throws {
        try mergedEqualsOneRun(postgres: false)
    }

    @Test(.enabled(if: serverURL != nil || isCI, Comment(rawValue: missing)))
    func threeShardsMergedAreOneRunOnPostgres() throws {
        try mergedEqualsOneRun(postgres: true)
    }

    /// `relief report month 2026-10 --shard i/3` as three processes at once against one
    /// PostgreSQL database, then `relief report merge`: the folder of `relief report month 2026-10`.
    @Test(.enabled(if: serverURL != nil || isCI, Comment(rawValue: missing)))
    func threeReliefProcessesAgainstOnePostgresThenMerge() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build relief first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (url, drop) = try Self.store(true, folder: folder)
        defer { drop() }
        func start(_ arguments: [String], log: String) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.binary)
            p.arguments = arguments
            _ = FileManager.default.createFile(atPath: log, contents: Data())
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            return p
        }
        func finish(_ p: Process, log: String) -> (Int32, String) {
            p.waitUntilExit()
            return (p.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
        let common = ["--db", url, "--created", "2026-11-01", "--jobs", "1"]
        let shards = try (1...3).map { i in
            (try start(["report", "month", "2026-10", "--shard", "\(i)/3", "--out", folder + "/sharded"] + common,
                       log: folder + "/shard-\(i).log"), folder + "/shard-\(i).log")
        }
        for (p, log) in shards {
            let (status, output) = finish(p, log: log)
            #expect(status == 0, "\(output)")
            #expect(output.contains("relief report merge"), "a shard says how to merge: \(output)")
        }
        let merge = try start(["report", "merge", folder + "/sharded/2026-10"], log: folder + "/merge.log")
        let (status, output) = finish(merge, log: folder + "/merge.log")
        #expect(status == 0, "\(output)")
        #expect(output.contains("merged 3 shards of 2026-10: 8 reports"), "\(output)")

        let single = try start(["report", "month", "2026-10", "--out", folder + "/single"] + common, log: folder + "/single.log")
        let (singleStatus, singleOutput) = finish(single, log: folder + "/single.log")
        #expect(singleStatus == 0, "\(singleOutput)")
        try Self.expectSameTree(folder + "/sharded/2026-10", folder + "/single/2026-10")

        let again = try start(["report", "merge", folder + "/sharded/2026-10"], log: folder + "/again.log")
        let (againStatus, againOutput) = finish(again, log: folder + "/again.log")
        #expect(againStatus == 0 && againOutput.contains("nothing to merge"), "\(againOutput)")

        // A refusal is a sentence and a non-zero exit.
        try FileManager.default.createDirectory(atPath: folder + "/broken", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: folder + "/sharded/2026-10/clinic.pdf", toPath: folder + "/broken/clinic.pdf")
        let empty = try start(["report", "merge", folder + "/broken"], log: folder + "/broken.log")
        let (emptyStatus, emptyOutput) = finish(empty, log: folder + "/broken.log")
        #expect(emptyStatus == 1 && emptyOutput.contains("relief: nothing to merge in \(folder)/broken"), "\(emptyOutput)")
    }

    // MARK: - Refusals

    /// Client ids in the store's (byte) order: `Ä` (0xC3 0x84) after `c`, after `Z`.
    static let fakeIDs = ["A1", "B2", "C3", "D4", "Z5", "c6", "Ä7"]

    /// `<temporary>/2026-10` holding what shards 1…n of a month of `fakeIDs` write: their
    /// manifests, as `MonthRenderer` makes them, and a small file for each report they list.
    func shards(_ n: Int = 3, label: String = #function) throws -> String {
        let folder = try temporaryFolder(label) + "/2026-10"
        try FileManager.default.createDirectory(atPath: folder + "/clients", withIntermediateDirectories: true)
        let ids = Self.fakeIDs
        func entry(_ id: String?) throws -> ReportManifest.Entry {
            let stem = id.map { "clients/" + SafeName.stem($0) } ?? "clinic"
            let images = [ReportManifest.Image(file: stem + "-pain.png", width: 10, height: 5)]
            for file in [stem + ".pdf"] + images.map(\.file) { try Data((id ?? "clinic").utf8).write(to: URL(fileURLWithPath: folder + "/" + file)) }
            return ReportManifest.Entry(kind: id == nil ? "clinic" : "client", clientID: id, name: id ?? "Clinic", pdf: stem + ".pdf",
                                        pages: 2, images: images, headline: ["sessions": 3, "painCurrent": nil])
        }
        for i in 1...n {
            let slice = ids.enumerated().filter { $0.offset % n == i - 1 }.map(\.element)
            let reports = try (i == 1 ? [entry(nil)] : []) + slice.map { try entry($0) }
            try ShardManifest(month: "2026-10", index: i, count: n, clients: ids.count, clientList: ShardManifest.fingerprint(ids),
                              slice: slice, options: ShardManifest.describe(Self.options()), reports: reports, failures: [])
                .write(to: folder)
        }
        return folder
    }

    @Test func theMergedManifestListsTheClinicThenTheClientsInTheStoresOrder() throws {
        let folder = try shards()
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        #expect(try ShardMerge.merge(folder: folder) == .merged(month: "2026-10", shards: 3, reports: 8))
        let manifest = try JSONDecoder().decode(ReportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
        #expect(manifest.shard == "1/1" && manifest.month == "2026-10")
        #expect(manifest.reports.map { $0.clientID ?? "clinic" } == ["clinic"] + Self.fakeIDs)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder)).contains { $0.hasPrefix("manifest-shard-") },
                "the shard manifests are gone")
        let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(html.contains("8 reports"))
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/manifest.json")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        // More shards than clients: the last ones have nothing but their manifest.
        let many = try shards(9, label: "many")
        defer { try? FileManager.default.removeItem(atPath: (many as NSString).deletingLastPathComponent) }
        #expect(try ShardMerge.merge(folder: many) == .merged(month: "2026-10", shards: 9, reports: 8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: many + "/manifest.json")) == Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
    }

    func editManifest(_ folder: String, _ index: Int, of n: Int = 3, saveAs: String? = nil,
                      _ change: (inout ShardManifest) -> Void) throws {
        let path = folder + "/" + ShardManifest.fileName(index: index, count: n)
        var m = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        change(&m)
        try JSONEncoder().encode(m).write(to: URL(fileURLWithPath: folder + "/" + (saveAs ?? ShardManifest.fileName(index: index, count: n))))
    }

    /// The merge refuses with `expected`, and the folder is as it was: no manifest.json, shard manifests kept.
    func expectRefusal(_ folder: String, _ expected: ShardMerge.Failure, saying words: [String]) throws {
        let before = try Self.tree(folder)
        do {
            let outcome = try ShardMerge.merge(folder: folder)
            Issue.record("merged anyway: \(outcome)")
        } catch let failure as ShardMerge.Failure {
            #expect(failure == expected)
            for w in words { #expect(failure.description.contains(w), "“\(failure)” says \(w)") }
        }
        #expect(try Self.tree(folder) == before, "a refused merge writes and removes nothing")
        try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent)
    }

    @Test func aMissingShardIsRefused() throws {
        let folder = try shards()
        try FileManager.default.removeItem(atPath: folder + "/manifest-shard-2-of-3.json")
        try expectRefusal(folder, .missing(folder: folder, shards: [2], of: 3),
                          saying: ["lacks shard 2 of 3", "manifest-shard-2-of-3.json", "--shard 2/3"])
    }

    @Test func shardsOfDifferentCountsAreRefused() throws {
        let folder = try shards()
        try editManifest(folder, 1, saveAs: ShardManifest.fileName(index: 1, count: 2)) { $0.count = 2 }
        try expectRefusal(folder, .countsDisagree(file: folder + "/manifest-shard-1-of-3.json", count: 3,
                                                  other: folder + "/manifest-shard-1-of-2.json", otherCount: 2),
                          saying: ["one of 3 shards", "one of 2", "the same n"])
    }

    @Test func shardsOfDifferentMonthsAreRefused() throws {
        let folder = try shards()
        try editManifest(folder, 3) { $0.month = "2026-09" }
        try expectRefusal(folder, .monthsDisagree(file: folder + "/manifest-shard-3-of-3.json", month: "2026-09",
                                                  other: folder + "/manifest-shard-1-of-3.json", otherMonth: "2026-10"),
                          saying: ["shard of 2026-09", "of 2026-10", "the same month"])
    }

    @Test func aDuplicatedShardIsRefused() throws {
        let folder = try shards()
        try editManifest(folder, 2, saveAs: "manifest-shard-3-of-3.json") { _ in }
        try expectRefusal(folder, .duplicate(file: folder + "/manifest-shard-3-of-3.json",
                                             other: folder + "/manifest-shard-2-of-3.json", shard: "2/3"),
                          saying: ["are both shard 2/3"])
    }

    @Test func aShardWithFailedReportsIsRefused() throws {
        let folder = try shards()
        try editManifest(folder, 2) { $0.failures = ["client X: the disk was full"] }
        try expectRefusal(folder, .failed(file: folder + "/manifest-shard-2-of-3.json", failures: ["client X: the disk was full"]),
                          saying: ["1 failed report", "the disk was full", "render that shard again"])
    }

    @Test func aListedFileThatIsNotThereIsRefused() throws {
        let folder = try shards()
        let m = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest-shard-3-of-3.json")))
        let pdf = try #require(m.reports.first?.pdf)
        try FileManager.default.removeItem(atPath: folder + "/" + pdf)
        try expectRefusal(folder, .missingFile(file: folder + "/manifest-shard-3-of-3.json", listed: pdf),
                          saying: ["lists \(pdf), which is not in the folder"])
    }

    @Test func shardsOfDifferentClientListsOrOptionsAreRefused() throws {
        let folder = try shards()
        try editManifest(folder, 2) { $0.clientList = "00000000" }
        try expectRefusal(folder, .clientListsDisagree(file: folder + "/manifest-shard-2-of-3.json",
                                                       other: folder + "/manifest-shard-1-of-3.json"),
                          saying: ["different lists of the month's clients"])
        let other = try shards(label: "options")
        try editManifest(other, 3) { $0.options = $0.options.replacingOccurrences(of: "2026-11-01", with: "2026-12-01") }
        let m = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: other + "/manifest-shard-1-of-3.json")))
        #expect(m.options.contains("created 2026-11-01"))
        try expectRefusal(other, .optionsDisagree(file: other + "/manifest-shard-3-of-3.json",
                                                  options: m.options.replacingOccurrences(of: "2026-11-01", with: "2026-12-01"),
                                                  other: other + "/manifest-shard-1-of-3.json", otherOptions: m.options),
                          saying: ["other report options", "--created"])
    }

    @Test func aShardThatDidNotRenderItsWholeSliceIsRefused() throws {
        let folder = try shards()
        var dropped = ""
        try editManifest(folder, 2) { m in
            dropped = m.slice[0]
            m.reports.removeAll { $0.clientID == dropped }
        }
        try expectRefusal(folder, .incomplete(file: folder + "/manifest-shard-2-of-3.json", reason: "no report for client \(dropped)"),
                          saying: ["is not a whole shard", "no report for client \(dropped)"])
    }

    @Test func shardManifestsInAnyJSONLayoutMergeAlike() throws {
        // The merge reads the reports an entry at a time (`JSONArrayMember`): compact JSON with its
        // keys in any order (what `editManifest` writes) merges to the same files as the shards'
        // own pretty-printed, sorted manifests.
        let folder = try shards(), compact = try shards(label: "compact")
        defer {
            for f in [folder, compact] { try? FileManager.default.removeItem(atPath: (f as NSString).deletingLastPathComponent) }
        }
        for i in 1...3 { try editManifest(compact, i) { _ in } }
        #expect(try String(contentsOfFile: compact + "/manifest-shard-1-of-3.json", encoding: .utf8).hasPrefix("{\"") == true)
        #expect(try ShardMerge.merge(folder: folder) == .merged(month: "2026-10", shards: 3, reports: 8))
        #expect(try ShardMerge.merge(folder: compact) == .merged(month: "2026-10", shards: 3, reports: 8))
        for file in ["manifest.json", "index.html"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: compact + "/" + file)) == Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)),
                    "\(file) is the same")
        }
    }

    @Test func aShardManifestThatIsNotWholeJSONOrHoldsABadEntryIsRefused() throws {
        for (label, change, words) in [
            ("entry", { (s: String) in s.replacingOccurrences(of: "\"kind\" : \"client\"", with: "\"kind\" : 7") },
             "its report 1 is not a manifest entry"),
            ("cut", { (s: String) in String(s.prefix(s.count / 2)) }, "not a shard manifest (it ends before its JSON does)"),
        ] {
            let folder = try shards(label: label)
            let file = folder + "/manifest-shard-2-of-3.json"
            try Data(change(try String(contentsOfFile: file, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: file))
            let before = try Self.tree(folder)
            do {
                _ = try ShardMerge.merge(folder: folder)
                Issue.record("\(label): merged anyway")
            } catch ShardMerge.Failure.unreadable(let named, let reason) {
                #expect(named == file && reason.contains(words), "\(label): \(reason)")
            }
            #expect(try Self.tree(folder) == before, "a refused merge writes and removes nothing")
            try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent)
        }
    }

    /// Each rule the merge checks while it reads the reports an entry at a time, broken alone.
    @Test(arguments: [
        "clinic after a client", "no clinic", "a clinic in shard 2", "neither kind", "out of order",
        "slice too short", "slices swapped", "negative count",
    ])
    func eachRuleOfTheReportsIsRefused(rule: String) throws {
        let folder = try shards(label: "rule-" + rule.replacingOccurrences(of: " ", with: "-"))
        let name = { (i: Int) in folder + "/" + ShardManifest.fileName(index: i, count: 3) }
        let expected: ShardMerge.Failure
        switch rule {
        case "clinic after a client":
            try editManifest(folder, 1) { $0.reports.append($0.reports.removeFirst()) }
            expected = .incomplete(file: name(1), reason: "shard 1 renders the clinic reports first, but it lists 1")
        case "no clinic":
            try editManifest(folder, 1) { $0.reports.removeFirst() }
            expected = .incomplete(file: name(1), reason: "shard 1 renders the clinic reports first, but it lists 0")
        case "a clinic in shard 2":
            let clinic = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: name(1)))).reports[0]
            try editManifest(folder, 2) { $0.reports.insert(clinic, at: 0) }
            expected = .incomplete(file: name(2), reason: "only shard 1 renders the clinic report")
        case "neither kind":
            try editManifest(folder, 3) { $0.reports[0].kind = "site" }
            expected = .incomplete(file: name(3), reason: "it lists a report that is neither a client's nor the clinic's")
        case "out of order":
            try editManifest(folder, 2) { $0.reports.reverse() }
            expected = .incomplete(file: name(2), reason: "its client reports are not its slice's clients, in order")
        case "slice too short":
            try editManifest(folder, 3) { $0.slice.removeLast(); $0.reports.removeLast() }
            expected = .incomplete(file: name(3), reason: "slice 3 of 3 of the month's 7 clients holds 2, but it lists 1")
        case "slices swapped":
            // Each shard whole and in order, but shard 1's first two clients trade places: the
            // slices no longer interleave into the month's list.
            try editManifest(folder, 1) { m in
                m.slice.swapAt(0, 1)
                m.reports.swapAt(1, 2)
            }
            expected = .slicesDoNotFit(folder: folder)
        default:  // "negative count": every shard agrees on an impossible count.
            for i in 1...3 { try editManifest(folder, i) { $0.clients = -1 } }
            expected = .incomplete(file: name(1), reason: "it says the month has -1 clients")
        }
        try expectRefusal(folder, expected, saying: [])
    }

    @Test func aMissingFileIsSaidAfterAShardThatIsNotWhole() throws {
        // Files are checked as the entries are read, but a missing one is said only once every
        // shard has been found whole, as the merge that decoded whole manifests did.
        let folder = try shards(label: "two-faults")
        try FileManager.default.removeItem(atPath: folder + "/clinic.pdf")
        var dropped = ""
        try editManifest(folder, 3) { m in
            dropped = m.slice[0]
            m.reports.removeAll { $0.clientID == dropped }
        }
        try expectRefusal(folder, .incomplete(file: folder + "/manifest-shard-3-of-3.json", reason: "no report for client \(dropped)"),
                          saying: [])
        let other = try shards(label: "missing-alone")
        try FileManager.default.removeItem(atPath: other + "/clinic.pdf")
        try expectRefusal(other, .missingFile(file: other + "/manifest-shard-1-of-3.json", listed: "clinic.pdf"), saying: [])
    }

    @Test func aShardManifestWithTwoReportsArraysIsRefused() throws {
        // `"rep\u006frts"` is "reports" to the decoder but not to the reader of entries: rather
        // than guess which one the decoder kept, the merge refuses the file.
        let folder = try shards(label: "two-arrays")
        let file = folder + "/manifest-shard-2-of-3.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let m = try JSONDecoder().decode(ShardManifest.self, from: Data(text.utf8))
        let entry = try String(decoding: JSONEncoder().encode(m.reports[0]), as: UTF8.self)
        try Data(("{\"rep\\u006frts\":[" + entry + "]," + text.dropFirst()).utf8).write(to: URL(fileURLWithPath: file))
        try expectRefusal(folder, .unreadable(file: file, reason: "not a shard manifest (it has two \"reports\" arrays)"), saying: [])
    }

    @Test func aFolderWithoutShardsOrManifestHasNothingToMerge() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: ShardMerge.Failure.nothingToMerge(folder: folder)) { try ShardMerge.merge(folder: folder) }
        #expect(throws: ShardMerge.Failure.unreadable(file: folder + "/not-there", reason: "there is no such folder")) {
            try ShardMerge.merge(folder: folder + "/not-there")
        }
    }
}
