import Foundation
import ReliefStore

/// Who is signed in: one random token per browser session, kept in memory (a restart signs
/// everyone out). The cookie holds only the token; the CSRF token is per session and goes in
/// every form. A session ends on sign-out, after `idle` without a request, or after
/// `lifetime` in all (docs/serve.md, "Sessions").
actor SessionStore {
    struct Session: Sendable {
        var account: String
        var role: AccountRole
        var therapistID: String?
        var csrf: String
        var started: Date
        var lastSeen: Date
        /// When the account was last read back (disabled, role or therapist changed elsewhere).
        var checked: Date
    }

    private var sessions: [String: Session] = [:]
    let idle: TimeInterval
    let lifetime: TimeInterval

    init(idle: TimeInterval = 30 * 60, lifetime: TimeInterval = 10 * 3600) {
        self.idle = idle; self.lifetime = lifetime
    }

    /// A new session for `account`, under a new token (never one the browser brought: no fixation).
    func start(_ account: Account, now: Date) -> String {
        sweep(now: now)
        let token = Tokens.random()
        sessions[token] = Session(account: account.name, role: account.role, therapistID: account.therapistID,
                                  csrf: Tokens.random(), started: now, lastSeen: now, checked: now)
        return token
    }

    /// The live session for a token, its idle clock restarted; nil when unknown or expired.
    func session(_ token: String, now: Date) -> Session? {
        guard var s = sessions[token] else { return nil }
        if now.timeIntervalSince(s.lastSeen) > idle || now.timeIntervalSince(s.started) > lifetime {
            sessions[token] = nil
            return nil
        }
        s.lastSeen = now
        sessions[token] = s
        return s
    }

    func end(_ token: String) { sessions[token] = nil }

    func markChecked(_ token: String, now: Date) { sessions[token]?.checked = now }

    /// Ends every session of an account (disabled, or its password changed).
    func endAll(account: String) { sessions = sessions.filter { $0.value.account != account } }

    var count: Int { sessions.count }

    private func sweep(now: Date) {
        guard sessions.count > 64 else { return }
        sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) <= idle && now.timeIntervalSince($0.value.started) <= lifetime }
    }
}

/// Sign-in attempts per account name and per address: after `limit` failures within `window`,
/// further attempts are refused until the window has passed — without checking the password,
/// so guessing costs the same whether or not a guess is right.
actor SignInLimiter {
    private var failures: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int = 5, window: TimeInterval = 15 * 60) { self.limit = limit; self.window = window }

    /// Seconds until `keys` may try again; 0 when they may now.
    func wait(_ keys: [String], now: Date) -> TimeInterval {
        var wait: TimeInterval = 0
        for k in keys {
            let recent = (failures[k] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[k] = recent.isEmpty ? nil : recent
            if recent.count >= limit, let oldest = recent.first { wait = max(wait, window - now.timeIntervalSince(oldest)) }
        }
        return wait
    }

    func failed(_ keys: [String], now: Date) { for k in keys { failures[k, default: []].append(now) } }

    /// Seconds to wait, or 0 after counting this attempt as a failure (`succeeded` forgives it):
    /// checking and counting in one step, so parallel attempts cannot all slip through.
    func begin(_ keys: [String], now: Date) -> TimeInterval {
        let w = wait(keys, now: now)
        if w == 0 { failed(keys, now: now) }
        return w
    }

    func succeeded(_ keys: [String]) { for k in keys { failures[k] = nil } }
}

enum Tokens {
    /// 32 bytes from the system's cryptographic generator, base64url without padding.
    static func random() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }
}
