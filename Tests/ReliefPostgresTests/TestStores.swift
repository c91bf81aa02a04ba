import Foundation
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefPostgres

/// The stores every conformance test runs against: the embedded SQLite file and, when a
/// server is given, PostgreSQL.
///
/// The PostgreSQL tests read the server's URL from `RELIEF_TEST_POSTGRES`
/// (`make test` starts a throw-away cluster and sets it: Scripts/postgres-test-cluster.sh).
/// Each test gets a database of its own, created from that one and dropped afterwards.
/// Without the variable they are skipped, and say so; under CI (`CI=true`) a missing server
/// is a failure, never a silent pass.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when a server is configured, or under CI (where its absence fails).
    static var all: [StoreKind] {
        TestServer.url != nil || TestServer.isCI ? [.sqlite, .postgres] : [.sqlite]
    }
}

enum TestServer {
    static let variable = "RELIEF_TEST_POSTGRES"
    static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var isCI: Bool { ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "") }

    static let missing = "PostgreSQL tests NOT RUN: RELIEF_TEST_POSTGRES is not set "
        + "(make test starts a server and sets it; or Scripts/postgres-test-cluster.sh start)"

    /// The configured server's URL, or a thrown error (saying so) that fails the test: under CI,
    /// or in a test that asked for PostgreSQL explicitly.
    static func requireURL() throws -> String {
        guard let url else { throw Missing() }
        return url
    }

    struct Missing: Error, CustomStringConvertible { var description: String { TestServer.missing } }
}

/// A store for one test; its folder or database is removed when the value goes away.
final class TestStore: @unchecked Sendable {
    let kind: StoreKind
    private(set) var store: (any RecordStore)!
    private var folder: String?
    private var database: String?
    private var admin: PostgresLocation?

    /// A new, empty store of `kind`. For SQLite a file in a temporary folder (the file store is
    /// what clinics use, so the tests exercise its concurrent reads too).
    init(_ kind: StoreKind, label: String = #function) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = try temporaryFolder(label)
            self.folder = folder
            store = try ReliefDatabase(path: folder + "/relief.sqlite")
        case .postgres:
            let base = try PostgresLocation(parsing: try TestServer.requireURL())
            let name = PostgresDatabases.scratchName()
            let location = try PostgresDatabases.create(name, on: base)
            admin = base
            database = name
            store = try PostgresStore(location: location, password: PostgresPassword.lookup(for: location))
        }
    }

    /// The same store opened again (a second process, a reopened file).
    func reopen() throws -> any RecordStore {
        switch kind {
        case .sqlite: return try ReliefDatabase(path: folder! + "/relief.sqlite")
        case .postgres: return try PostgresStore(location: (store as! PostgresStore).server, password: PostgresPassword.lookup(for: admin!))
        }
    }

    /// Removes the file or drops the database (call it in a `defer` right after making the store).
    func close() {
        store = nil
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
        if let admin, let database { try? PostgresDatabases.drop(database, on: admin) }
        folder = nil
        database = nil
    }

    deinit { close() }
}

let today = Day(year: 2026, month: 4, day: 2)!

func session(_ id: String, client: String = "C1", therapist: String? = "T1", day offset: Int = 0,
             pain: Double = 6, after: Double? = 4) -> Session {
    Session(id: id, clientID: client, therapistID: therapist, day: day(offset), durationMinutes: 60,
            techniques: ["trigger-point", "myofascial-release"], pressure: .firm, regions: ["neck"],
            painBefore: pain, painAfter: after, sleep: 6, mood: 7, stress: 4, reliefDays: .days(3))
}

/// `count` sessions spread over `clients` clients, ids S000000…, one a day per client.
func sessions(count: Int, clients: Int = 10) -> [Session] {
    (0..<count).map { (i: Int) -> Session in
        let id = "S" + String(String(1_000_000 + i).dropFirst())
        return session(id, client: "C\(i % clients)", therapist: "T\(i % 3)", day: i / clients,
                       pain: Double(i % 11), after: Double(i % 7))
    }
}

extension RecordStore {
    /// Imports `sessions` as one file.
    @discardableResult
    func importSessions(_ sessions: [Session], file: String = "sessions.csv") throws -> WriteSummary {
        try importBatch(file: file, importedOn: today) { writer in
            for s in sessions { try writer.upsert(s) }
        }
    }
}
