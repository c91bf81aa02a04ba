import ReliefFiles

/// Failures of a use case that a front end reports in words (and the CLI maps to exit status 1).
public enum WorkflowError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(path: String, reason: String)
    case unknownClient(String)
    /// A site no session names and the chain has not named (`--site`), with the sites there are.
    case unknownSite(String, known: [String])
    case noSessions(client: String, month: String)
    case noDatabase(path: String)
    case unknownTimeZone(String)
    /// The store keeps no accounts (a store without `AccountStore`): `relief serve` cannot run on it.
    case noAccounts(location: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .unknownClient(let id): "no client with id \(id) in the database"
        case .unknownSite(let id, let known):
            known.isEmpty ? "no site \(id): no session in the database names a site"
                : "no site \(id) in the database; its sites are " + known.joined(separator: ", ")
        case .noSessions(let client, let month): "client \(client) has no sessions in \(month): no report written"
        case .noDatabase(let path): "no database at \(path): import records first (relief import FILE... --db \(path))"
        case .unknownTimeZone(let id): "\(id) is not a time zone; give one as Area/City, such as Europe/Warsaw or America/Chicago"
        case .noAccounts(let location): "the store at \(location) keeps no accounts, so relief serve and relief user cannot use it"
        }
    }
}

extension FileError {
    /// The same failure in the words of a use case.
    var asWorkflowError: WorkflowError { .cannotWrite(path: path, reason: reason) }
}

/// Runs `body`, turning a file-writing failure into `WorkflowError.cannotWrite`.
func writing<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as FileError {
        throw error.asWorkflowError
    }
}
