/// What can go wrong making a sample clinic.
public enum SampleError: Error, Equatable, CustomStringConvertible {
    /// A size or date in `SampleClinic` is out of range; the text says which and why.
    case invalidConfiguration(String)
    /// The output folder could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let text): "Invalid sample configuration: \(text)."
        case .cannotCreateDirectory(let path, let reason): "Cannot create the folder \(path): \(reason)"
        case .cannotWrite(let path, let reason): "Cannot write \(path): \(reason)"
        }
    }
}
