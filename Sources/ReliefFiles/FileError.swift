/// What went wrong writing a file, with the path and the system's reason.
public enum FileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file or folder could not be created, written, synced or renamed into place.
    case cannotWrite(path: String, reason: String)

    public var path: String {
        switch self { case .cannotWrite(let path, _): path }
    }

    /// The system's reason alone ("Permission denied"), for a message that names the file itself.
    public var reason: String {
        switch self { case .cannotWrite(_, let reason): reason }
    }

    public var description: String {
        switch self { case let .cannotWrite(path, reason): "cannot write \(path): \(reason)" }
    }
}
