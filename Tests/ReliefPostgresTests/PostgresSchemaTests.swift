import Foundation
import ReliefModel
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefPostgres

/// The PostgreSQL schema itself, on a real server (`RELIEF_TEST_POSTGRES`).
@Suite(.enabled(if: TestServer.url != nil || TestServer.isCI, Comment(rawValue: TestServer.missing)))
struct PostgresSchemaTests {
    /// Under CI a missing server fails here, loudly; on a developer's machine the suite is skipped with the message.
    @Test func theTestServerIsConfigured() throws {
        let url = try TestServer.requireURL()
        let store = try PostgresStore(url: url)
        #expect(try store.appliedMigrations() == PostgresStore.migrationNames)
    }

    @Test(arguments: [
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('X', 'C1', 0, 101)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('', 'C1', 0, 50)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, kind) VALUES ('X', 'C1', 0, 50, 'spa')",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, pressure) VALUES ('X', 'C1', 0, 50, 'hard')",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, duration_min) VALUES ('X', 'C1', 0, 50, 241)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, minute) VALUES ('X', 'C1', 0, 50, 1440)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, relief_days) VALUES ('X', 'C1', 0, 50, -1)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, relief_days) VALUES ('X', 'C1', 0, 50, 'Infinity')",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, relief_days, relief_ongoing) VALUES ('X', 'C1', 0, 50, 2, true)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths, note_scores) VALUES ('X', 'C1', 0, 50, '')",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('X', 'ghost', 0, 50)",
        "INSERT INTO sessions (session_id, client_id, day, pain_before_tenths) VALUES ('X', 'C1', 3000000, 50)",
        "INSERT INTO sessions (session_id, client_id, day) VALUES ('X', 'C1', 0)",
        "INSERT INTO clients (client_id, segment) VALUES ('C2', 'student')",
        "INSERT INTO clients (client_id, therapist_id) VALUES ('C2', 'ghost')",
        "INSERT INTO checkins (client_id, day, pain_tenths) VALUES ('C1', 0, 101)",
        "INSERT INTO checkins (client_id, day, pain_tenths, source) VALUES ('C1', 0, 5, NULL)",
        "INSERT INTO appointments (appointment_id, client_id, day, status) VALUES ('X', 'C1', 0, 'maybe')",
        "INSERT INTO appointments (appointment_id, client_id, day, duration_min, status) VALUES ('X', 'C1', 0, 721, 'attended')",
        "INSERT INTO imports (file, imported_on, rejected) VALUES ('f', 0, -1)",
        "INSERT INTO settings (key, value) VALUES ('', 'x')",
    ])
    func theSchemaRefusesWhatTheImporterWouldNotWrite(_ sql: String) throws {
        let test = try TestStore(.postgres)
        defer { test.close() }
        let store = try #require(test.store as? PostgresStore)
        try store.importSessions([session("S1")])
        #expect(throws: StoreError.self) { try store.transaction("raw SQL") { try $0.execute(sql) } }
        #expect(try store.counts().sessions == 1)
    }

    /// Two processes opening a new database at once: one migrates under the advisory lock, the
    /// other finds the work done.
    @Test func concurrentOpensOfANewDatabaseMigrateOnce() throws {
        let test = try TestStore(.postgres)
        defer { test.close() }
        let store = try #require(test.store as? PostgresStore)
        try store.transaction("emptying") { link in
            try link.execute("DROP TABLE sites, audit, accounts, appointments, settings, imports, checkins, sessions, clients, therapists, relief_migrations CASCADE")
        }
        let outcomes = OpenBox()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            outcomes.add(Result { try PostgresStore(location: store.server, password: nil) }.map { _ in () })
        }
        for o in outcomes.all { #expect(throws: Never.self) { try o.get() } }
        #expect(try store.appliedMigrations() == PostgresStore.migrationNames)
    }

    @Test func aDatabaseFromANewerReliefIsRefused() throws {
        let test = try TestStore(.postgres)
        defer { test.close() }
        let store = try #require(test.store as? PostgresStore)
        try store.transaction("adding") { try $0.execute("INSERT INTO relief_migrations (name) VALUES ('v99-future')") }
        do {
            _ = try PostgresStore(location: store.server, password: nil)
            Issue.record("opened a newer database")
        } catch let error as StoreError {
            guard case .newerSchema(_, let unknown) = error else { Issue.record("\(error)"); return }
            #expect(unknown == ["v99-future"])
        }
    }

    /// Reports read from an existing store: a database Relief never wrote to is refused when
    /// creating is not asked for, and nothing is created in it.
    @Test func aDatabaseWithoutReliefsTablesIsRefusedWhenOnlyReading() throws {
        let server = try PostgresLocation(parsing: try TestServer.requireURL())
        let name = PostgresDatabases.scratchName()
        let location = try PostgresDatabases.create(name, on: server)
        defer { try? PostgresDatabases.drop(name, on: server) }
        do {
            _ = try PostgresStore(url: location.description, create: false)
            Issue.record("opened an empty database for reading")
        } catch let error as StoreError {
            guard case .cannotOpen(_, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("no Relief records"), "\(reason)")
        }
        let store = try PostgresStore(url: location.description)
        #expect(try store.appliedMigrations() == PostgresStore.migrationNames)
        #expect(try PostgresStore(url: location.description, create: false).counts().sessions == 0)
    }

    @Test func aMissingDatabaseSaysHowToCreateIt() throws {
        var location = try PostgresLocation(parsing: try TestServer.requireURL())
        location.database = "relief_no_such_database"
        do {
            _ = try PostgresStore(location: location, password: nil)
            Issue.record("opened a missing database")
        } catch let error as StoreError {
            guard case .cannotOpen(_, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("createdb"), "\(reason)")
        }
    }

    @Test func theReadableViewsShowDatesAndDecimals() throws {
        let test = try TestStore(.postgres)
        defer { test.close() }
        let store = try #require(test.store as? PostgresStore)
        var s = session("S1")
        s.minute = 9 * 60 + 5
        s.reliefDays = .ongoing
        try store.importSessions([s])
        let row = try store.read("view") { link in
            try link.query("SELECT date::text, time, pain_before::text, relief_days FROM sessions_readable").first!.makeRandomAccess()
        }
        #expect(try row[0].decode(String.self) == "2026-03-01")
        #expect(try row[1].decode(String.self) == "09:05")
        #expect(try row[2].decode(String.self).hasPrefix("6.0"))
        #expect(try row[3].decode(String.self) == "ongoing")
    }
}

final class OpenBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<Void, any Error>] = []
    func add(_ r: Result<Void, any Error>) { lock.lock(); values.append(r); lock.unlock() }
    var all: [Result<Void, any Error>] { lock.lock(); defer { lock.unlock() }; return values }
}
