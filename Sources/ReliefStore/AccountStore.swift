import Foundation

/// Who may sign in to `relief serve`, and what they did: the web app's accounts and audit
/// trail, kept with the records (docs/serve.md).
///
/// A second seam beside `RecordStore`: the web app and `relief user` / `relief audit` talk to
/// accounts only through it. `ReliefDatabase` implements it in SQLite (migration
/// `v5-accounts`). Password hashing is the web layer's (bcrypt); the store keeps the hash.
public protocol AccountStore: AnyObject, Sendable {
    /// Every account, by name.
    /// - Throws: `StoreError`.
    func accounts() throws -> [Account]
    /// The account signed in as `name` (names compare exactly), or nil.
    /// - Throws: `StoreError`.
    func account(named name: String) throws -> Account?
    /// Inserts the account, or replaces the one with its name.
    /// - Throws: `StoreError` (`.constraintViolated` for an empty name or an unknown role).
    func saveAccount(_ account: Account) throws
    /// Appends lines to the audit trail in one transaction (never updated or deleted by Relief).
    /// - Throws: `StoreError`.
    func appendAudit(_ entries: [AuditEntry]) throws
    /// The newest audit lines first, optionally only those about one client.
    /// - Throws: `StoreError`.
    func auditEntries(client: String?, limit: Int) throws -> [AuditEntry]
}

extension AccountStore {
    /// Appends one line to the audit trail.
    /// - Throws: `StoreError`.
    public func appendAudit(_ entry: AuditEntry) throws { try appendAudit([entry]) }
}

/// What an account may see and do (docs/serve.md, "Roles").
public enum AccountRole: String, Sendable, CaseIterable, Codable {
    /// Their own clients (seen in the last 12 months, or assigned to them), reports, imports.
    case therapist
    /// Every client, the clinic's outcomes, imports, the audit trail.
    case manager
    /// What a manager may, and accounts.
    case admin
}

public struct Account: Sendable, Hashable {
    public var name: String
    public var role: AccountRole
    /// The therapist id this account is (its clients are this therapist's); therapists only.
    public var therapistID: String?
    /// A bcrypt hash (`$2b$…`); never the password.
    public var passwordHash: String
    public var disabled: Bool
    /// When the account was made (UTC, ISO 8601 to the second).
    public var created: String

    public init(name: String, role: AccountRole, therapistID: String? = nil, passwordHash: String,
                disabled: Bool = false, created: String) {
        self.name = name; self.role = role; self.therapistID = therapistID; self.passwordHash = passwordHash
        self.disabled = disabled; self.created = created
    }
}

/// One line of the audit trail: who did what to whose data, when.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// UTC, ISO 8601 to the second.
    public var at: String
    public var account: String
    /// `view`, `download`, `export`, `import`, `sign-in`, `sign-in-refused`, `sign-out`, `account`…
    public var action: String
    /// The client whose data it was, when it was one client's.
    public var clientID: String?
    /// What exactly: a month, a file name, a filter.
    public var detail: String

    public init(at: String, account: String, action: String, clientID: String? = nil, detail: String = "") {
        self.at = at; self.account = account; self.action = action; self.clientID = clientID; self.detail = detail
    }
}
