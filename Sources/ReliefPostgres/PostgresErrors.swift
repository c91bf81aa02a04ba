import PostgresNIO
import ReliefStore

/// PostgresNIO's errors as `StoreError`s: callers never see a driver type, whatever the store.
/// The server's SQLSTATE and message are kept in `StoreFailure`; a password never is (none is
/// in the location, and the server does not echo one).
enum PostgresErrors {
    /// The SQLSTATE and message of a server error, or a description of a client-side one.
    static func failure(_ error: any Error) -> StoreFailure {
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                var message = info[.message] ?? "the server refused the statement"
                if let detail = info[.detail] { message += " (\(detail))" }
                return StoreFailure(code: "SQLSTATE \(info[.sqlState] ?? "?")", message: message)
            }
            if let underlying = e.underlying {
                return StoreFailure(code: "\(e.code)", message: "\(underlying)")
            }
            return StoreFailure(code: "\(e.code)", message: "\(e.code)")
        }
        return StoreFailure(code: "\(type(of: error))", message: "\(error)")
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Wraps a driver error (anything else, a caller's own error among them, passes unchanged).
    static func wrap(_ error: any Error, operation: String, location: String, record: String? = nil) -> any Error {
        guard error is PSQLError || error is PostgresDecodingError || error is ChannelError else { return error }
        let failure = failure(error)
        guard let state = sqlState(error) else {
            // No answer from the server: the connection broke or could not be made.
            return StoreError.database(operation: operation, path: location, underlying: failure)
        }
        switch state {
        case "23514":
            return StoreError.constraintViolated(record: record ?? operation,
                                                 rule: "a value is outside its allowed range (\(failure.message))", underlying: failure)
        case "23502":
            return StoreError.constraintViolated(record: record ?? operation,
                                                 rule: "a required value is missing (\(failure.message))", underlying: failure)
        case "23503":
            return StoreError.constraintViolated(record: record ?? operation,
                                                 rule: "it refers to a client or therapist that does not exist (\(failure.message))",
                                                 underlying: failure)
        case "23505":
            return StoreError.constraintViolated(record: record ?? operation,
                                                 rule: "it duplicates an existing record (\(failure.message))", underlying: failure)
        case "22P02", "22003", "42804":
            return StoreError.constraintViolated(record: record ?? operation,
                                                 rule: "a value has the wrong type (\(failure.message))", underlying: failure)
        case "40001", "40P01", "55P03", "57014":
            return StoreError.busy(path: location, seconds: 0, underlying: failure)
        case "3D000", "28000", "28P01", "42501":
            return StoreError.cannotOpen(path: location, reason: failure.message)
        default:
            return StoreError.database(operation: operation, path: location, underlying: failure)
        }
    }

    /// A failure to connect, as a sentence naming the server and what to do.
    static func openFailure(_ error: any Error, location: PostgresLocation, hasPassword: Bool) -> StoreError {
        let failure = failure(error)
        var reason = failure.message
        switch sqlState(error) {
        case "28P01", "28000":
            reason += hasPassword ? "" : " (no password was given: set PGPASSWORD or add a line to ~/.pgpass)"
        case "3D000":
            reason += " (create it first: createdb -O \(location.user) \(location.database))"
        default:
            if (error as? PSQLError)?.code == .authMechanismRequiresPassword {
                reason = "the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass"
            } else if sqlState(error) == nil {
                reason = "cannot reach the PostgreSQL server at \(location.host):\(location.port) (\(failure.message))"
            }
        }
        return StoreError.cannotOpen(path: location.description, reason: reason)
    }
}
