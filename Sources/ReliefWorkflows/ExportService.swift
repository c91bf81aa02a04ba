import Foundation
import ReliefExport
import ReliefFiles
import ReliefModel
import ReliefStore

/// What `relief export` was asked to do.
public struct ExportRequest: Sendable {
    public var format: ExportFormat
    /// The kinds to export; a CSV export holds exactly one.
    public var kinds: [RecordKind]
    /// One client's records only (and the therapists they name), when given.
    public var client: String?
    /// The output file; `nil` (or `-`) writes to standard output.
    public var out: String?
    public var deidentify = false
    /// Where the de-identification key is; else `RELIEF_DEIDENTIFY_KEY`.
    public var keyFile: String?

    public init(format: ExportFormat, kinds: [RecordKind], client: String? = nil, out: String? = nil) {
        self.format = format; self.kinds = kinds; self.client = client; self.out = out
    }
}

/// How many records of each kind an export wrote.
public struct ExportOutcome: Sendable, Equatable {
    public var counts: [RecordKind: Int] = [:]
    /// A line for standard error: counts only, never names or scores.
    public var summary: String {
        RecordKind.allCases.compactMap { k in counts[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
    }
}

/// Export: wires the store to `ExportWriter`: reads records one at a time from one snapshot per
/// kind and streams them out, de-identified when asked. A file is written to a temporary
/// name and renamed (mode 0600, missing folders 0700), so no half export is ever left.
public enum ExportService {
    /// The environment variable that holds the key when no `--key-file` is given.
    public static let keyVariable = "RELIEF_DEIDENTIFY_KEY"

    /// - Parameters:
    ///   - environment: where `RELIEF_DEIDENTIFY_KEY` is looked up (the process's, by default).
    ///   - standardOutput: where the bytes go when `request.out` is nil.
    /// - Throws: `ExportError` (no key, key beside the export, two kinds in a CSV), `WorkflowError`, `StoreError`.
    public static func run(_ request: ExportRequest, store: any RecordStore,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           standardOutput: @escaping ([UInt8]) throws -> Void = { FileHandle.standardOutput.write(Data($0)) })
        throws -> ExportOutcome {
        if request.format == .csv && request.kinds.count != 1 { throw ExportError.oneKindPerCSV(requested: request.kinds) }
        let deidentifier = request.deidentify ? try key(request, environment: environment) : nil
        let toFile = request.out != nil && request.out != "-"
        // Both stream in chunks of ~64 KB. A file has no name until it is whole (0600,
        // AtomicFileWriter), so an export that fails or is killed halfway leaves no file.
        let file = toFile ? try request.out.map(openFile) : nil
        // Sessions and appointments carry a site column for a chain only.
        let sites = try !store.sites().isEmpty
        var writer = ExportWriter(format: request.format, deidentifier: deidentifier, sites: sites) { bytes in
            guard let file else { return try standardOutput(bytes) }
            do throws(FileError) { try file.write(bytes) } catch { throw error.asWorkflowError }
        }
        var outcome = ExportOutcome()
        let order: [RecordKind] = [.therapists, .clients, .sessions, .checkins, .appointments]
        let kinds = order.filter { request.kinds.contains($0) }
        var therapistIDs: Set<String>?
        var client: Client?
        if let id = request.client {
            guard let c = try store.clients().first(where: { $0.id == id }) else { throw WorkflowError.unknownClient(id) }
            client = c
            var ids = Set(c.therapistID.map { [$0] } ?? [])
            try store.forEachSession(client: id) { if let t = $0.therapistID { ids.insert(t) } }
            therapistIDs = ids
        }
        for kind in kinds {
            try writer.begin(kind)
            var n = 0
            switch kind {
            case .therapists:
                for t in try store.therapists() where therapistIDs?.contains(t.id) ?? true {
                    try writer.write(.therapist(t)); n += 1
                }
            case .clients:
                if let client {
                    try writer.write(.client(client)); n += 1
                } else {
                    for c in try store.clients() { try writer.write(.client(c)); n += 1 }
                }
            case .sessions:
                try store.forEachSession(client: request.client) { try writer.write(.session($0)); n += 1 }
            case .checkins:
                try store.forEachCheckIn(client: request.client) { try writer.write(.checkIn($0)); n += 1 }
            case .appointments:
                try store.forEachAppointment(client: request.client, through: nil) { try writer.write(.appointment($0)); n += 1 }
            }
            outcome.counts[kind] = n
        }
        try writer.finish()
        do throws(FileError) {
            try file?.commit()
        } catch {
            throw error.asWorkflowError
        }
        return outcome
    }

    /// The export's file, in its folder (created 0700 when missing).
    /// - Throws: `WorkflowError.cannotWrite`.
    static func openFile(_ path: String) throws -> AtomicFileWriter {
        let folder = (path as NSString).deletingLastPathComponent
        return try writing {
            try OwnerOnlyFiles.makeFolder(folder.isEmpty ? "." : folder)
            return try AtomicFileWriter(path: path)
        }
    }

    /// The de-identification key: `--key-file`, else `RELIEF_DEIDENTIFY_KEY`; refused when
    /// missing, short, or in the folder the export goes to.
    static func key(_ request: ExportRequest, environment: [String: String]) throws -> Deidentifier {
        if let file = request.keyFile {
            if let out = request.out, out != "-", sameFolder(file, out) {
                throw ExportError.keyBesideExport(keyFile: file, out: out)
            }
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw ExportError.unreadableKey(file: file, reason: FileManager.default.fileExists(atPath: file)
                                                ? "permission denied or not a file" : "no such file")
            }
            return try Deidentifier(keyText: Array(bytes))
        }
        if let text = environment[keyVariable], !text.isEmpty {
            return try Deidentifier(keyText: Array(text.utf8))
        }
        throw ExportError.missingKey
    }

    /// True when two paths' folders are one folder (symbolic links resolved).
    static func sameFolder(_ a: String, _ b: String) -> Bool {
        func folder(_ p: String) -> String {
            let dir = (p as NSString).deletingLastPathComponent
            let url = URL(fileURLWithPath: dir.isEmpty ? "." : dir)
            return url.standardizedFileURL.resolvingSymlinksInPath().path
        }
        return folder(a) == folder(b)
    }
}
