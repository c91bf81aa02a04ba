import Foundation
import ReliefImport
import ReliefModel
import ReliefFiles
import ReliefStore

/// What `relief import` was asked to do.
public struct ImportRequest: Sendable {
    public var paths: [String]
    public var kind: RecordKind?
    public var format: FileFormat?
    /// The sheet of an Excel workbook to read; nil reads the first (`ImportOptions.sheet`).
    public var sheet: String?
    public var dateFormat: String?
    public var mappingPath: String?
    public var dryRun = false
    public var strict = false
    /// Seconds an import keeps retrying while another process writes (each try waits the
    /// store's busy timeout first).
    public var maxBusyWait = 600.0
    public var today: Day

    public init(paths: [String], today: Day) { self.paths = paths; self.today = today }
}

/// The outcome of importing one file: what was read, and what the database did with it.
public struct FileOutcome: Sendable, Codable {
    public var file: String
    public var read: Int
    public var accepted: Int
    public var rejected: Int
    public var duplicatesSkipped: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var stubClients: [String]
    /// A file-level failure (unreadable, invalid UTF-8, unknown header): nothing of it stored.
    public var error: String?
    public var diagnostics: [String]
    /// True when nothing of this file was written (dry run, strict with rejects, or an error).
    public var rolledBack: Bool
}

/// Import files: wires ReliefImport's readers to a `RecordStore`, one transaction per file.
///
/// Reads each file in one pass when it can; a file that one pass cannot judge (a repeated
/// id, relief_days out of date order) is rolled back and read again in full. While another
/// process writes, a file is retried until `maxBusyWait` (nothing of a try that gave up is kept).
public enum ImportService {
    struct StoreSink: RecordSink {
        var writer: any RecordWriter
        mutating func accept(_ record: Record, line: Int) throws {
            switch record {
            case .session(let s): try writer.upsert(s)
            case .client(let c): try writer.upsert(c)
            case .therapist(let t): try writer.upsert(t)
            case .checkIn(let c): try writer.upsert(c)
            }
        }
    }

    struct StrictRejection: Error {}

    /// Imports every path in order; returns one outcome per file and the summaries for `--rejects`.
    public static func run(_ request: ImportRequest, store: (any RecordStore)?) throws -> (outcomes: [FileOutcome], summaries: [ReadSummary]) {
        var options = ImportOptions(today: request.today)
        options.kind = request.kind
        options.format = request.format
        options.sheet = request.sheet
        options.dateFormat = request.dateFormat
        if let m = request.mappingPath { options.mapping = try ColumnMapping.load(path: m) }
        var outcomes: [FileOutcome] = []
        var summaries: [ReadSummary] = []
        for path in request.paths {
            var outcome = FileOutcome(file: path, read: 0, accepted: 0, rejected: 0, duplicatesSkipped: 0, inserted: 0,
                                      updated: 0, unchanged: 0, stubClients: [], error: nil, diagnostics: [], rolledBack: false)
            do {
                if request.dryRun || store == nil {
                    var sink = RecordCounter()
                    let summary = try RecordReader.read(path: path, options: options, into: &sink)
                    fill(&outcome, from: summary)
                    outcome.rolledBack = true
                    summaries.append(summary)
                } else if let db = store {
                    var summary: ReadSummary?
                    // One transaction: the file's records, then its log row. Read in one pass
                    // first; a file that one pass cannot judge (a repeated id, relief_days out of
                    // date order) is rolled back and read again in full (ImportOptions.optimistic).
                    func store(_ options: ImportOptions) throws -> WriteSummary {
                        try db.importBatch(file: path, importedOn: request.today) { writer in
                            var sink = StoreSink(writer: writer)
                            let s = try RecordReader.read(path: path, options: options, into: &sink)
                            writer = sink.writer
                            writer.rejected = s.rejected
                            summary = s
                            if request.strict && s.rejected > 0 { throw StrictRejection() }
                        }
                    }
                    do {
                        var onePass = options
                        onePass.optimistic = true
                        var needsFullRead = false
                        // One budget for waiting on another writer, whichever read is under way.
                        let written = try retryingWhileBusy(maxWait: request.maxBusyWait) {
                            if !needsFullRead {
                                do {
                                    return try store(onePass)
                                } catch ImportError.needsFullRead {
                                    needsFullRead = true
                                }
                            }
                            return try store(options)
                        }
                        let kinds = [written.sessions, written.clients, written.therapists, written.checkIns]
                        outcome.inserted = kinds.reduce(0) { $0 + $1.inserted }
                        outcome.updated = kinds.reduce(0) { $0 + $1.updated }
                        outcome.unchanged = kinds.reduce(0) { $0 + $1.unchanged }
                        outcome.stubClients = written.stubClients
                    } catch is StrictRejection {
                        outcome.rolledBack = true
                    }
                    if let s = summary { fill(&outcome, from: s); summaries.append(s) }
                }
            } catch let error as ImportError {
                outcome.error = error.description
                outcome.rolledBack = true
            }
            outcomes.append(outcome)
        }
        return (outcomes, summaries)
    }

    /// Runs a whole-file import again while another process holds the database: each try waits
    /// the store's busy timeout, and a file is one transaction, so a try that gave up stored
    /// nothing. Gives up after `maxWait` seconds in all (the last error is thrown).
    static func retryingWhileBusy<T>(maxWait: Double, _ body: () throws -> T) throws -> T {
        let start = Date()
        var pause = 0.05
        while true {
            do {
                return try body()
            } catch let error as StoreError {
                guard case .busy = error, Date().timeIntervalSince(start) + pause < maxWait else { throw error }
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 2)
            }
        }
    }

    /// Writes the rejected rows of `summaries` to `path` as CSV (`RejectsWriter`), whole and owner-only.
    /// - Throws: `WorkflowError.cannotWrite`.
    public static func writeRejects(_ summaries: [ReadSummary], to path: String) throws {
        try writing { try RejectsWriter.write(summaries, to: path) }
    }

    static func fill(_ o: inout FileOutcome, from s: ReadSummary) {
        o.read = s.read
        o.accepted = s.accepted
        o.rejected = s.rejected
        o.duplicatesSkipped = s.duplicatesSkipped
        o.diagnostics = s.diagnostics.map(\.description)
    }
}
