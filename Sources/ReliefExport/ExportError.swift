import ReliefModel

/// Why an export cannot be written.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    /// `--deidentify` without a key.
    case missingKey
    /// A key shorter than `Deidentifier.minimumKeyBytes`.
    case keyTooShort(bytes: Int, minimum: Int)
    /// The key file is in the folder the export goes to.
    case keyBesideExport(keyFile: String, out: String)
    /// The key file cannot be read.
    case unreadableKey(file: String, reason: String)
    /// A CSV export holds one kind of record; JSON holds all.
    case oneKindPerCSV(requested: [RecordKind])
    /// The output cannot be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingKey:
            return "--deidentify needs a key: give --key-file FILE or set RELIEF_DEIDENTIFY_KEY "
                + "(at least \(Deidentifier.minimumKeyBytes) bytes, kept by the clinic, never beside the export)"
        case .keyTooShort(let bytes, let minimum):
            return "the de-identification key has \(bytes) bytes; use at least \(minimum) (a long random phrase)"
        case .keyBesideExport(let keyFile, let out):
            return "the key file \(keyFile) is in the folder the export \(out) goes to; "
                + "keep the key elsewhere, so that whoever receives the export never has it"
        case .unreadableKey(let file, let reason):
            return "cannot read the key file \(file): \(reason)"
        case .oneKindPerCSV(let kinds):
            return "a CSV export holds one kind of record (asked: \(kinds.map(\.rawValue).joined(separator: ", "))); "
                + "give --kind, or use --format json"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
