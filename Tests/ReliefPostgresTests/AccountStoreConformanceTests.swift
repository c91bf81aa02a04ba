import Foundation
import ReliefStore
import ReliefTestSupport
import Testing
@testable import ReliefPostgres

/// What every `AccountStore` promises (the web app's accounts and audit trail), on SQLite and,
/// when `RELIEF_TEST_POSTGRES` names a server, PostgreSQL: `relief serve` runs on either.
@Suite struct AccountStoreConformanceTests {
    static let hash = "$2b$04$abcdefghijklmnopqrstuuE9tDpZKXq1BqXKxTJHhN0wU4ScVTZLe"

    @Test(arguments: StoreKind.all) func accountsAreSavedReplacedAndListedByName(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = try #require(test.store as? any AccountStore)
        #expect(try db.accounts().isEmpty)
        try db.saveAccount(Account(name: "mia", role: .manager, passwordHash: Self.hash, created: "2026-12-05T10:00:00Z"))
        try db.saveAccount(Account(name: "boss", role: .admin, passwordHash: Self.hash, created: "2026-12-05T10:01:00Z"))
        try db.saveAccount(Account(name: "mia", role: .therapist, therapistID: "T01", passwordHash: Self.hash, disabled: true,
                                   created: "ignored: the first date stays"))
        let all = try db.accounts()
        #expect(all.map(\.name) == ["boss", "mia"])
        let mia = try #require(try db.account(named: "mia"))
        #expect(mia.role == .therapist && mia.therapistID == "T01" && mia.disabled && mia.created == "2026-12-05T10:00:00Z")
        #expect(try db.account(named: "MIA") == nil)
        // A hash that is not bcrypt's, or an empty name, breaks the schema's rules.
        #expect(throws: StoreError.self) { try db.saveAccount(Account(name: "x", role: .admin, passwordHash: "plain", created: "") ) }
        #expect(throws: StoreError.self) { try db.saveAccount(Account(name: "", role: .admin, passwordHash: Self.hash, created: "")) }
    }

    @Test(arguments: StoreKind.all) func theAuditTrailKeepsEveryLineNewestFirst(_ kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let db = try #require(test.store as? any AccountStore)
        try db.appendAudit(AuditEntry(at: "2026-12-05T10:00:00Z", account: "t1", action: "view", clientID: "C1", detail: "2026-10"))
        try db.appendAudit((0..<50).map { i in
            AuditEntry(at: "2026-12-05T10:01:\(i < 10 ? "0" : "")\(i)Z", account: "mia", action: "view",
                       clientID: i % 2 == 0 ? "C1" : nil, detail: "line \(i)")
        })
        let all = try db.auditEntries(client: nil, limit: 100)
        #expect(all.count == 51)
        #expect(all.first?.detail == "line 49" && all.last?.detail == "2026-10")
        let c1 = try db.auditEntries(client: "C1", limit: 100)
        #expect(c1.count == 26 && c1.allSatisfy { $0.clientID == "C1" })
        #expect(try db.auditEntries(client: nil, limit: 3).map(\.detail) == ["line 49", "line 48", "line 47"])
        #expect(all.contains { $0.clientID == nil && $0.detail == "line 1" })
    }
}
