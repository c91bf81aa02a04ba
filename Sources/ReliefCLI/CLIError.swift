/// Failures the command line reports in words, with the exit status each maps to.
enum CLIError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case unknownClient(String)
    case noSessions(client: String, month: String)
    case invalidArgument(String)

    var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .unknownClient(let id): "no client with id \(id) in the database"
        case .noSessions(let client, let month): "client \(client) has no sessions in \(month): no report written"
        case .invalidArgument(let s): s
        }
    }
}
