import Foundation
import ReliefStore
import ReliefModel
import Testing
@testable import ReliefPostgres

@Suite struct PostgresLocationTests {
    let env = ["USER": "ana"]

    @Test func aFullURLIsParsed() throws {
        let loc = try PostgresLocation(parsing: "postgres://relief@db.example:5433/chain?sslmode=require", environment: env)
        #expect(loc == PostgresLocation(user: "relief", host: "db.example", port: 5433, database: "chain", sslMode: .require))
        #expect(loc.description == "postgres://relief@db.example:5433/chain?sslmode=require")
        let long = try PostgresLocation(parsing: "postgresql://relief@127.0.0.1/relief_test", environment: env)
        #expect(long.port == 5432 && long.sslMode == .prefer && long.database == "relief_test")
        #expect(long.description == "postgres://relief@127.0.0.1:5432/relief_test")
    }

    @Test func whatTheURLLeavesOutComesFromTheEnvironmentAsLibpqDoes() throws {
        let bare = try PostgresLocation(parsing: "postgres://", environment: env)
        #expect(bare == PostgresLocation(user: "ana", host: "localhost", port: 5432, database: "ana", sslMode: .prefer))
        let fromPG = try PostgresLocation(parsing: "postgres:///", environment: [
            "PGUSER": "bo", "PGHOST": "pg.local", "PGPORT": "6000", "PGDATABASE": "clinic", "PGSSLMODE": "disable"])
        #expect(fromPG == PostgresLocation(user: "bo", host: "pg.local", port: 6000, database: "clinic", sslMode: .disable))
        let v6 = try PostgresLocation(parsing: "postgres://u@[::1]:7000/d?sslmode=verify-full", environment: env)
        #expect(v6.host == "::1" && v6.port == 7000 && v6.sslMode == .verifyFull)
        #expect(v6.description == "postgres://u@[::1]:7000/d?sslmode=verify-full")
        let escaped = try PostgresLocation(parsing: "postgres://o%27neil@h/my%20db", environment: env)
        #expect(escaped.user == "o'neil" && escaped.database == "my db")
        #expect(try PostgresLocation(parsing: "postgres://h/d?sslmode=allow", environment: env).sslMode == .prefer)
    }

    @Test(arguments: [
        "postgres://relief:secret@host/db",
        "postgres://relief@host/db?password=secret",
    ]) func aPasswordInTheURLIsRefusedWithoutBeingRepeated(_ url: String) {
        do {
            _ = try PostgresLocation(parsing: url, environment: env)
            Issue.record("accepted \(url)")
        } catch {
            #expect("\(error)".contains("PGPASSWORD"))
            #expect(!"\(error)".contains("secret"))
        }
        do {
            _ = try PostgresStore(url: url, environment: env)
            Issue.record("opened \(url)")
        } catch {
            #expect(!"\(error)".contains("secret"), "\(error)")
        }
    }

    @Test(arguments: ["sqlite:///x", "postgres://h:99999/d", "postgres://h:port/d", "postgres://h/d?sslmode=sometimes",
                      "postgres://h/d?application_name=x"])
    func malformedURLsAreRefused(_ url: String) {
        #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(parsing: url, environment: env) }
    }

    @Test func onlyServerURLsArePostgres() {
        #expect(PostgresLocation.isURL("postgres://h/d") && PostgresLocation.isURL("POSTGRESQL://h/d"))
        #expect(!PostgresLocation.isURL("relief.sqlite") && !PostgresLocation.isURL("/tmp/postgres://x"))
    }

    @Test func thePasswordComesFromPGPASSWORDThenThePasswordFile() throws {
        let loc = PostgresLocation(user: "relief", host: "db.example", port: 5433, database: "chain")
        #expect(PostgresPassword.lookup(for: loc, environment: ["PGPASSWORD": "from-env", "PGPASSFILE": "/nonexistent"]) == "from-env")
        let passfile = """
            # host:port:database:user:password
            other.host:5433:chain:relief:wrong-host
            db.example:5432:chain:relief:wrong-port
            db.example:5433:*:relief:p\\:with\\:colons\\\\
            *:*:*:*:fallback
            """
        #expect(PostgresPassword.lookup(for: loc, passfile: passfile) == "p:with:colons\\")
        #expect(PostgresPassword.lookup(for: PostgresLocation(user: "x", host: "y", database: "z"), passfile: passfile) == "fallback")
        #expect(PostgresPassword.lookup(for: loc, passfile: "db.example:5433:chain:other:nope") == nil)
        let local = PostgresLocation(user: "u", host: "127.0.0.1", database: "d")
        #expect(PostgresPassword.lookup(for: local, passfile: "localhost:5432:d:u:loop") == "loop")
    }

    @Test func aPasswordFileOthersCanReadIsIgnoredAsLibpqDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relief-pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pgpass").path
        try "*:*:*:*:s3cret\n".write(toFile: file, atomically: true, encoding: .utf8)
        let loc = PostgresLocation(user: "u", host: "h", database: "d")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(PostgresPassword.lookup(for: loc, environment: ["PGPASSFILE": file]) == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(PostgresPassword.lookup(for: loc, environment: ["PGPASSFILE": file]) == "s3cret")
        #expect(PostgresPassword.lookup(for: loc, environment: ["HOME": folder.path]) == nil, "no ~/.pgpass there")
    }

    @Test func aServerThatIsNotThereIsACannotOpenNamingIt() {
        do {
            _ = try PostgresStore(url: "postgres://relief@127.0.0.1:1/nothing?sslmode=disable", environment: [:])
            Issue.record("opened a server on port 1")
        } catch let error as StoreError {
            guard case .cannotOpen(let path, let reason) = error else { Issue.record("\(error)"); return }
            #expect(path == "postgres://relief@127.0.0.1:1/nothing?sslmode=disable")
            #expect(reason.contains("127.0.0.1:1"), "\(reason)")
        } catch {
            Issue.record("\(error)")
        }
    }

    /// The two schemas move together.
    @Test func theMigrationsAreSQLitesNamesInTheSameOrder() {
        #expect(PostgresStore.migrationNames == ReliefDatabase.migrationNames)
    }

    @Test func theVocabulariesInTheSchemaAreTheModels() {
        #expect(PostgresSchema.segments == Segment.allCases.map(\.rawValue))
        #expect(PostgresSchema.kinds == SessionKind.allCases.map(\.rawValue))
        #expect(PostgresSchema.pressures == Pressure.allCases.map(\.rawValue))
        #expect(PostgresSchema.appointmentStatuses == AppointmentStatus.allCases.map(\.rawValue))
    }

}
