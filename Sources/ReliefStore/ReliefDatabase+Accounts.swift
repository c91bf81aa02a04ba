import GRDB

extension ReliefDatabase: AccountStore {
    public func accounts() throws -> [Account] {
        try read("reading accounts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY name").map(Self.account)
        }
    }

    public func account(named name: String) throws -> Account? {
        try read("reading an account") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name]).map(Self.account)
        }
    }

    public func saveAccount(_ account: Account) throws {
        try write("storing the account \(account.name)") { db in
            try db.execute(sql: """
                INSERT INTO accounts (name, role, therapist_id, password_hash, disabled, created)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role, therapist_id = excluded.therapist_id,
                  password_hash = excluded.password_hash, disabled = excluded.disabled
                """, arguments: [account.name, account.role.rawValue, account.therapistID, account.passwordHash,
                                 account.disabled ? 1 : 0, account.created])
        }
    }

    public func appendAudit(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try write("recording audit lines") { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO audit (at, account, action, client_id, detail) VALUES (?, ?, ?, ?, ?)")
            for entry in entries {
                try insert.execute(arguments: [entry.at, entry.account, entry.action, entry.clientID, entry.detail])
            }
        }
    }

    public func auditEntries(client: String?, limit: Int) throws -> [AuditEntry] {
        try read("reading the audit trail") { db in
            let rows: [Row]
            if let client {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE client_id = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [client, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map { AuditEntry(at: $0["at"], account: $0["account"], action: $0["action"],
                                         clientID: $0["client_id"], detail: $0["detail"]) }
        }
    }

    static func account(_ row: Row) -> Account {
        Account(name: row["name"], role: AccountRole(rawValue: row["role"]) ?? .therapist, therapistID: row["therapist_id"],
                passwordHash: row["password_hash"], disabled: (row["disabled"] as Int) != 0, created: row["created"])
    }
}
