import Foundation

/// Where a PostgreSQL store is: `postgres://user@host:port/dbname?sslmode=prefer`, parsed.
///
/// The password is never part of the location (it would end up in shell history, `ps` and
/// logs): a URL that carries one is refused, and the password comes from `PGPASSWORD` or the
/// password file (`PGPASSFILE`, else `~/.pgpass`), as libpq's own tools read them
/// (`PostgresPassword`). What is left out is what libpq defaults: the user is `PGUSER` or the
/// login name, the host `PGHOST` or `localhost`, the port `PGPORT` or 5432, the database
/// `PGDATABASE` or the user's name.
///
/// ```swift
/// let loc = try PostgresLocation(parsing: "postgres://relief@db.example:5433/chain?sslmode=require")
/// loc.user, loc.host, loc.port, loc.database, loc.sslMode   // "relief", "db.example", 5433, "chain", .require
/// loc.description                                           // the URL again, without any password
/// ```
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    /// libpq's `sslmode` values Relief honours.
    public enum SSLMode: String, Hashable, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it, else plain (libpq's `allow` is read as this).
        case prefer
        /// TLS or nothing, without checking the server's certificate (libpq's meaning).
        case require
        /// TLS with the certificate checked against the system's trusted authorities.
        case verifyCA = "verify-ca"
        /// As `verifyCA`, and the certificate must name the host.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public init(user: String, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer) {
        self.user = user; self.host = host; self.port = port; self.database = database; self.sslMode = sslMode
    }

    /// Whether `text` names a PostgreSQL server (`postgres://` or `postgresql://`) rather than a file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// What is wrong with a location, in a sentence.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses a `postgres://` or `postgresql://` URL.
    /// - Parameter environment: where `PGUSER`, `PGHOST`, `PGPORT`, `PGDATABASE`, `PGSSLMODE` and
    ///   `USER` are read (the process's environment by default).
    /// - Throws: `Invalid` for another scheme, a password in the URL, a bad port or `sslmode`.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(text), let schemeEnd = text.range(of: "://") else {
            throw Invalid(description: "\(text) is not a postgres:// URL")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") { path = rest[rest.index(after: slash)...]; rest = rest[..<slash] }
        var userPart: Substring?
        if let at = rest.lastIndex(of: "@") { userPart = rest[..<at]; rest = rest[rest.index(after: at)...] }
        if let userPart, userPart.contains(":") {
            throw Invalid(description: "the database URL carries a password; leave it out and set PGPASSWORD "
                + "or put it in ~/.pgpass (a password on the command line shows in the shell history and in ps)")
        }
        var hostPart = rest
        var portText: Substring?
        if hostPart.hasPrefix("[") {   // [::1]:5432
            guard let close = hostPart.firstIndex(of: "]") else { throw Invalid(description: "\(text): an IPv6 host lacks its ]") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        var sslText = environment["PGSSLMODE"].flatMap { $0.isEmpty ? nil : $0 }
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            switch kv.first {
            case "sslmode": sslText = kv.count > 1 ? kv[1] : ""
            case "password":
                throw Invalid(description: "the database URL carries a password; leave it out and set PGPASSWORD or put it in ~/.pgpass")
            case "user": userPart = Substring(kv.count > 1 ? kv[1] : "")
            case "host": hostPart = Substring(kv.count > 1 ? kv[1] : "")
            case "port": portText = Substring(kv.count > 1 ? kv[1] : "")
            case "dbname": path = Substring(kv.count > 1 ? kv[1] : "")
            default:
                throw Invalid(description: "\(text): Relief does not know the URL parameter \(kv.first ?? "")"
                    + " (it reads sslmode, user, host, port and dbname)")
            }
        }
        func decoded(_ s: Substring?) -> String? {
            guard let s, !s.isEmpty else { return nil }
            return String(s).removingPercentEncoding ?? String(s)
        }
        let user = decoded(userPart) ?? environment["PGUSER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        self.user = user
        host = decoded(hostPart) ?? environment["PGHOST"].flatMap { $0.isEmpty || $0.hasPrefix("/") ? nil : $0 } ?? "localhost"
        if let p = decoded(portText) ?? environment["PGPORT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let n = Int(p), (1...65535).contains(n) else { throw Invalid(description: "\(text): the port \(p) is not a number from 1 to 65535") }
            port = n
        } else {
            port = 5432
        }
        database = decoded(path) ?? environment["PGDATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? user
        if let sslText {
            let mode = sslText == "allow" ? "prefer" : sslText
            guard let m = SSLMode(rawValue: mode) else {
                throw Invalid(description: "sslmode \(sslText) is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
            sslMode = m
        } else {
            sslMode = .prefer
        }
    }

    /// The URL without any password: what messages and the import log may show.
    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        let query = sslMode == .prefer ? "" : "?sslmode=\(sslMode.rawValue)"
        return "postgres://\(Self.escape(user))@\(hostText):\(port)/\(Self.escape(database))\(query)"
    }

    private static func escape(_ s: String) -> String {
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@/?#")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// The password for a PostgreSQL location, found where libpq finds it: `PGPASSWORD`, then the
/// password file (`PGPASSFILE`, else `~/.pgpass`) whose first matching line
/// `host:port:database:user:password` gives it (`*` matches anything; `\:` and `\\` are a
/// colon and a backslash). As libpq does, a password file that the group or others may read
/// is ignored. Nil when none is found: trust, peer and certificate authentication need none.
public enum PostgresPassword {
    public static func lookup(for location: PostgresLocation,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let p = environment["PGPASSWORD"], !p.isEmpty { return p }
        let file = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 == 0,
              let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return lookup(for: location, passfile: text)
    }

    /// The password of the first line of `passfile` that matches `location`.
    public static func lookup(for location: PostgresLocation, passfile: String) -> String? {
        for line in passfile.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.hasPrefix("#") { continue }
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [location.host, String(location.port), location.database, location.user]
            let hostMatches = fields[0] == "*" || fields[0] == location.host
                || (fields[0] == "localhost" && ["127.0.0.1", "::1"].contains(location.host))
            if hostMatches && zip(fields[1...3], wanted[1...3]).allSatisfy({ $0 == "*" || $0 == $1 }) {
                return fields[4]
            }
        }
        return nil
    }

    /// One line's fields, split at unescaped colons, escapes undone.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for ch in line {
            if escaped { current.append(ch); escaped = false }
            else if ch == "\\" { escaped = true }
            else if ch == ":" && fields.count < 4 { fields.append(current); current = "" }
            else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }
}
