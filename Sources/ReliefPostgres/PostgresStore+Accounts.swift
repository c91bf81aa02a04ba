import PostgresNIO
import ReliefStore

extension PostgresStore: AccountStore {
    static let accountSelect = "name, role, therapist_id, password_hash, disabled, created"

    public func accounts() throws -> [Account] {
        try read("reading accounts") { link in
            try link.query("SELECT \(Self.accountSelect) FROM accounts ORDER BY name").map { try Self.account($0.makeRandomAccess()) }
        }
    }

    public func account(named name: String) throws -> Account? {
        try read("reading an account") { link in
            try link.query("SELECT \(Self.accountSelect) FROM accounts WHERE name = $1", Self.binds(name))
                .first.map { try Self.account($0.makeRandomAccess()) }
        }
    }

    public func saveAccount(_ account: Account) throws {
        try transaction("storing the account \(account.name)") { link in
            var b = PostgresBindings()
            b.append(account.name)
            b.append(account.role.rawValue)
            b.append(account.therapistID)
            b.append(account.passwordHash)
            b.append(account.disabled)
            b.append(account.created)
            _ = try link.execute("""
                INSERT INTO accounts (name, role, therapist_id, password_hash, disabled, created) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, therapist_id = EXCLUDED.therapist_id,
                  password_hash = EXCLUDED.password_hash, disabled = EXCLUDED.disabled
                """, b)
        }
    }

    public func appendAudit(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try transaction("recording audit lines") { link in
            // One INSERT of arrays, unnested: a page's line and its neighbours' in one round trip.
            var b = PostgresBindings()
            b.append(entries.map(\.at))
            b.append(entries.map(\.account))
            b.append(entries.map(\.action))
            b.append(entries.map { $0.clientID ?? "" })  // no client id is empty: '' stands for none
            b.append(entries.map(\.detail))
            _ = try link.execute("""
                INSERT INTO audit (at, account, action, client_id, detail)
                SELECT a, b, c, NULLIF(d, ''), e FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(a, b, c, d, e)
                """, b)
        }
    }

    public func auditEntries(client: String?, limit: Int) throws -> [AuditEntry] {
        try read("reading the audit trail") { link in
            var b = PostgresBindings()
            b.append(Int64(max(0, limit)))
            let rows: [PostgresRow]
            if let client {
                b.append(client)
                rows = try link.query("SELECT at, account, action, client_id, detail FROM audit WHERE client_id = $2 ORDER BY id DESC LIMIT $1", b)
            } else {
                rows = try link.query("SELECT at, account, action, client_id, detail FROM audit ORDER BY id DESC LIMIT $1", b)
            }
            return try rows.map { row in
                let r = row.makeRandomAccess()
                return AuditEntry(at: try r[0].decode(String.self), account: try r[1].decode(String.self),
                                  action: try r[2].decode(String.self), clientID: try r[3].decode(String?.self),
                                  detail: try r[4].decode(String.self))
            }
        }
    }

    static func account(_ r: PostgresRandomAccessRow) throws -> Account {
        let roleText = try r[1].decode(String.self)
        guard let role = AccountRole(rawValue: roleText) else {
            throw StoreError.unreadableValue(table: "accounts", column: "role", value: roleText)
        }
        return Account(name: try r[0].decode(String.self), role: role, therapistID: try r[2].decode(String?.self),
                       passwordHash: try r[3].decode(String.self), disabled: try r[4].decode(Bool.self),
                       created: try r[5].decode(String.self))
    }
}
