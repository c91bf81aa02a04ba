import Foundation
import HummingbirdBcrypt
import ReliefStore

/// Accounts for `relief serve`: made by `relief user add` (the first admin) or by an admin in
/// the browser. Passwords are hashed with bcrypt (cost 12 by default); the store keeps only the hash.
public enum Accounts {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case badName(String)
        case weakPassword
        case therapistNeedsID
        case unknownAccount(String)
        case badRole(String)

        public var description: String {
            switch self {
            case let .badName(name):
                return "an account name is 1 to 64 letters, digits, dots, dashes or underscores (got \"\(name)\")"
            case .weakPassword: return "a password needs at least 10 characters"
            case .therapistNeedsID: return "a therapist account needs --therapist ID (the therapist id in the records)"
            case let .unknownAccount(name): return "no account is named \(name)"
            case let .badRole(role): return "a role is therapist, manager or admin (got \"\(role)\")"
            }
        }
    }

    /// bcrypt's work factor; tests use the minimum (4) to stay quick.
    public static let defaultCost: UInt8 = 12

    /// Adds an account, or replaces the one of that name (a new password, role or therapist).
    /// - Throws: `Failure` for a bad name, a short password, or a therapist without an id; `StoreError`.
    public static func save(name: String, role: AccountRole, therapistID: String?, password: String,
                            store: any AccountStore, now: Date, cost: UInt8 = defaultCost) throws {
        guard validName(name) else { throw Failure.badName(name) }
        guard password.count >= 10 else { throw Failure.weakPassword }
        if role == .therapist && (therapistID ?? "").isEmpty { throw Failure.therapistNeedsID }
        let created = try store.account(named: name)?.created ?? timestamp(now)
        try store.saveAccount(Account(name: name, role: role, therapistID: role == .therapist ? therapistID : nil,
                                      passwordHash: Bcrypt.hash(password, cost: cost), created: created))
    }

    /// The account, when the password is its own and the account is enabled. A missing account
    /// costs one bcrypt verification too, so timing does not tell which names exist.
    static func verify(name: String, password: String, store: any AccountStore) throws -> Account? {
        let account = try store.account(named: name)
        let hash = account?.passwordHash ?? dummyHash
        let ok = Bcrypt.verify(password, hash: hash)
        guard ok, let account, !account.disabled else { return nil }
        return account
    }

    static let dummyHash = Bcrypt.hash("relief-no-such-account", cost: 12)

    static func validName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0)
        }
    }

    /// UTC, ISO 8601 to the second: the audit trail's clock.
    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}

/// What `relief user` and `relief audit` do, for front ends that do not see the store's types.
public enum AccountAdmin {
    /// Adds or changes an account, and records it in the audit trail as done from the command line.
    /// - Throws: `Accounts.Failure` (in words), `StoreError`.
    public static func save(store: any AccountStore, name: String, role: String, therapistID: String?, password: String,
                            disabled: Bool, now: Date) throws {
        guard let role = AccountRole(rawValue: role) else { throw Accounts.Failure.badRole(role) }
        try Accounts.save(name: name, role: role, therapistID: therapistID, password: password, store: store, now: now)
        if disabled, var a = try store.account(named: name) { a.disabled = true; try store.saveAccount(a) }
        try store.appendAudit(AuditEntry(at: Accounts.timestamp(now), account: "(command line)", action: "account",
                                         detail: "\(name) as \(role.rawValue)\(disabled ? ", disabled" : "")"))
    }

    /// One tab-separated line per account: name, role, therapist id, status, since.
    public static func list(store: any AccountStore) throws -> [String] {
        try store.accounts().map { a in
            [a.name, a.role.rawValue, a.therapistID ?? "-", a.disabled ? "disabled" : "active", a.created].joined(separator: "\t")
        }
    }

    /// The newest audit lines, as tab-separated text or one JSON object each.
    public static func audit(store: any AccountStore, client: String?, limit: Int, json: Bool) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try store.auditEntries(client: client, limit: limit).map { e in
            json ? String(decoding: try encoder.encode(e), as: UTF8.self)
                 : [e.at, e.account, e.action, e.clientID ?? "-", e.detail].joined(separator: "\t")
        }
    }

    public static func isEmpty(store: any AccountStore) throws -> Bool { try store.accounts().isEmpty }
}
