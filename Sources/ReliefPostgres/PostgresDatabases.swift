import Foundation
import PostgresNIO
import ReliefStore

/// Creating and dropping whole databases on a server: for tests and tools that need a scratch
/// database of their own (each conformance test gets one). Relief itself never creates the
/// database it is given (its owner does, `createdb`), only the tables inside it.
public enum PostgresDatabases {
    /// Creates an empty database named `name` (letters, digits and `_` only) on `server`'s
    /// server, connecting to `server.database` to do it; returns its location.
    /// - Throws: `StoreError`.
    @discardableResult
    public static func create(_ name: String, on server: PostgresLocation,
                              password: String? = nil) throws -> PostgresLocation {
        try run("CREATE DATABASE \(try checked(name))", on: server, password: password)
        var location = server
        location.database = name
        return location
    }

    /// Drops the database `name`, closing its other connections first.
    /// - Throws: `StoreError`.
    public static func drop(_ name: String, on server: PostgresLocation, password: String? = nil) throws {
        try run("DROP DATABASE IF EXISTS \(try checked(name)) WITH (FORCE)", on: server, password: password)
    }

    /// A name made of the given prefix and random hex digits, for a scratch database.
    public static func scratchName(prefix: String = "relief_t_") -> String {
        prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    private static func checked(_ name: String) throws -> String {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StoreError.cannotOpen(path: name, reason: "a database name of letters, digits and _ only is expected")
        }
        return name
    }

    private static func run(_ sql: String, on server: PostgresLocation, password: String?) throws {
        let link = try PostgresLink.connect(server, password: password ?? PostgresPassword.lookup(for: server))
        defer { link.close() }
        do {
            try link.execute(sql)
        } catch {
            throw PostgresErrors.wrap(error, operation: sql, location: server.description)
        }
    }
}
