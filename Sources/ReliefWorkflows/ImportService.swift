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
    /// A practice system's export (`ImportPreset.named`).
    public var preset: ImportPreset?
    /// Every appointment's status, for exports split by status.
    public var appointmentStatus: AppointmentStatus?
    /// The files have no header row (`ImportOptions.headerless`).
    public var headerless = false
    /// Long-format measure files, pivoted (`ImportOptions.longFormat`).
    public var longFormat = false
    /// Add each session row's scores to the session already stored for the same client and day
    /// (form responses: the pre- or post-session questionnaire of a visit another file recorded).
    public var mergeByDay = false
    /// The clinic's time zone (`Area/City`): stored with the database (unless a dry run), and used
    /// from then on; nil uses the stored one.
    public var timeZone: String?
    public var dryRun = false
    public var strict = false
    /// Fill empty scores from each session's note text (`ImportOptions.scoresFromNotes`; notes
    /// files always do).
    public var scoresFromNotes = false
    /// Keep every note extraction for a review file (`ImportService.writeReview`).
    public var collectNoteReview = false
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
    /// Scores of accepted sessions read from note text rather than given in a column.
    public var scoresFromNotes = 0
    /// A long-format file's own measure rows (`read` counts the records they formed); nil otherwise.
    public var measureRows: Int?
    /// A file-level failure (unreadable, invalid UTF-8, unknown header): nothing of it stored.
    public var error: String?
    public var diagnostics: [String]
    /// True when nothing of this file was written (dry run, strict with rejects, or an error).
    public var rolledBack: Bool
    /// The warnings grouped by rule, each with its count and first lines (for a person to read;
    /// `diagnostics` has them all). Not in the `--json` output.
    public var warningGroups: [WarningGroup] = []
    /// The rejecting diagnostics only, as they print. Not in the `--json` output.
    public var errorLines: [String] = []

    enum CodingKeys: String, CodingKey {
        case file, read, accepted, rejected, duplicatesSkipped, inserted, updated, unchanged, stubClients, scoresFromNotes,
             measureRows, error, diagnostics, rolledBack
    }
}

/// Import files: wires ReliefImport's readers to a `RecordStore`, one transaction per file.
///
/// Reads each file in one pass when it can; a file that one pass cannot judge (a repeated
/// id, relief_days out of date order) is rolled back and read again in full. While another
/// process writes, a file is retried until `maxBusyWait` (nothing of a try that gave up is kept).
public enum ImportService {
    struct StoreSink: RecordSink {
        var writer: any RecordWriter
        /// The clients already stored (loaded when a file first names one; nil until then).
        var known: [String: Client]?
        /// Clients this file wrote, to update `known` once it commits.
        var wrote: [Client] = []
        /// With `ImportRequest.mergeByDay`: the stored sessions by client (read before the file's
        /// transaction: a store is not read from inside its own write), kept up to date as rows merge.
        var stored: [String: [Session]]?
        var file = ""
        /// What merging did, as warnings for the file's summary.
        var notes: [Diagnostic] = []
        /// Whether the writer finds the file's repeated session ids (`RecordSink.checksRepeatedSessions`).
        var checksRepeatedSessions = false

        mutating func noteRejectedSession(id: String) { writer.noteRejectedSession(id: id) }

        mutating func accept(_ record: Record, line: Int) throws {
            switch record {
            case .session(let s) where stored != nil: try merge(s, line: line)
            case .visitScores(let v): try add(v, line: line)
            case .session(let s): try writer.upsert(s)
            case .client(let c): try writer.upsert(c); wrote.append(c)
            case .therapist(let t): try writer.upsert(t)
            case .checkIn(let c): try writer.upsert(c)
            case .appointment(let a): try writer.upsert(a)
            }
        }

        /// A client named by a session or check-in row: created, or given its name when the store
        /// has it without one (a stub); a stored client with a name is left as it is, so a session
        /// file never clears what a client file gave (segment, complaint, intake date …).
        mutating func acceptNamedClient(_ client: Client, line: Int) throws {
            guard let known else { throw NeedsKnownClients() }
            var c = client
            if let k = known[client.id] {
                guard k.name?.isEmpty != false else { return }
                c = k
                c.name = client.name
            }
            try writer.upsert(c)
            wrote.append(c)
        }
    }

    /// Thrown by `StoreSink` at a file's first named client when the stored clients are not
    /// loaded yet: the file's transaction rolls back, they are loaded, and the file is read again.
    struct NeedsKnownClients: Error {}

    struct StrictRejection: Error {}

    /// Imports every path in order; returns one outcome per file and the summaries for `--rejects`.
    public static func run(_ request: ImportRequest, store: (any RecordStore)?) throws -> (outcomes: [FileOutcome], summaries: [ReadSummary]) {
        var options = ImportOptions(today: request.today)
        options.kind = request.kind
        options.format = request.format
        options.sheet = request.sheet
        options.dateFormat = request.dateFormat
        options.scoresFromNotes = request.scoresFromNotes
        options.collectNoteReview = request.collectNoteReview
        options.preset = request.preset
        options.appointmentStatus = request.appointmentStatus
        options.headerless = request.headerless
        options.longFormat = request.longFormat
        if let id = request.timeZone {
            guard let zone = TimeZone(identifier: id) else { throw WorkflowError.unknownTimeZone(id) }
            options.timeZone = zone
            if !request.dryRun, let store { try store.setSetting(.timeZone, to: id) }
        } else if let id = try store?.setting(.timeZone) {
            options.timeZone = TimeZone(identifier: id)
        }
        if let m = request.mappingPath { options.mapping = try ColumnMapping.load(path: m) }
        var outcomes: [FileOutcome] = []
        var summaries: [ReadSummary] = []
        var known: [String: Client]?
        var sessionsByClient: [String: [Session]]?
        for input in inputs(request.paths, format: request.format) {
            let path = input.name
            var outcome = FileOutcome(file: path, read: 0, accepted: 0, rejected: 0, duplicatesSkipped: 0, inserted: 0,
                                      updated: 0, unchanged: 0, stubClients: [], error: nil, diagnostics: [], rolledBack: false)
            do {
                if request.dryRun || store == nil {
                    var sink = RecordCounter()
                    let summary = try read(input, options: options, into: &sink)
                    fill(&outcome, from: summary)
                    outcome.rolledBack = true
                    summaries.append(summary)
                } else if let db = store {
                    var summary: ReadSummary?
                    // One transaction: the file's records, then its log row. Read in one pass
                    // first; a file that one pass cannot judge (a repeated id, relief_days out of
                    // date order) is rolled back and read again in full (ImportOptions.optimistic).
                    var wrote: [Client] = []
                    // Merging by day: the stored sessions, read once per run before any write.
                    if request.mergeByDay && sessionsByClient == nil {
                        var index: [String: [Session]] = [:]
                        try db.forEachSession { index[$0.clientID, default: []].append($0) }
                        sessionsByClient = index
                    }
                    var mergedIndex: [String: [Session]]?
                    // Sessions stored per client and day, for the reader (once per file, not per read).
                    let storedPerDay = sessionsByClient.map { index in
                        var perDay: [String: Int] = [:]
                        for (client, list) in index { for s in list { perDay[client + "|" + String(s.day.ordinal), default: 0] += 1 } }
                        return perDay
                    }
                    func store(_ options: ImportOptions) throws -> WriteSummary {
                        while true {
                            do {
                                return try db.importBatch(file: path, importedOn: request.today) { writer in
                                    var sink = StoreSink(writer: writer, known: known)
                                    sink.stored = sessionsByClient
                                    var options = options
                                    options.storedSessionsPerDay = storedPerDay
                                    sink.file = path
                                    // A one-pass read leaves repeated session ids to the store, which tells this
                                    // file's rows from those stored before (not when merging: a merged session is
                                    // written again under its stored id).
                                    if options.optimistic && sink.stored == nil {
                                        sink.checksRepeatedSessions = sink.writer.checkRepeatedSessions()
                                    }
                                    var s = try read(input, options: options, into: &sink)
                                    s.diagnostics += sink.notes
                                    writer = sink.writer
                                    writer.rejected = s.rejected
                                    summary = s
                                    mergedIndex = sink.stored
                                    wrote = sink.wrote
                                    if request.strict && s.rejected > 0 { throw StrictRejection() }
                                }
                            } catch ImportError.sinkFailed(_, _, let underlying) where underlying is NeedsKnownClients && known == nil {
                                // Read outside the file's transaction, once per run (kept up to date below).
                                known = Dictionary(try db.clients().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                            }
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
                                } catch ImportError.sinkFailed(_, _, let underlying) where underlying is RepeatedSessionInBatch {
                                    needsFullRead = true
                                } catch is RepeatedSessionInBatch {
                                    needsFullRead = true   // found as the batch finished
                                }
                            }
                            return try store(options)
                        }
                        let kinds = [written.sessions, written.clients, written.therapists, written.checkIns, written.appointments]
                        outcome.inserted = kinds.reduce(0) { $0 + $1.inserted }
                        outcome.updated = kinds.reduce(0) { $0 + $1.updated }
                        outcome.unchanged = kinds.reduce(0) { $0 + $1.unchanged }
                        outcome.stubClients = written.stubClients
                        if known != nil { for c in wrote { known?[c.id] = c } }
                        // The file committed: its merges (and its own sessions) are stored now.
                        if let merged = mergedIndex { sessionsByClient = merged }
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

    /// One import: a file, or FHIR files read together.
    struct Input: Equatable {
        /// The name the import is stored and reported under: the file, the folder, or the first file "and N more".
        var name: String
        var paths: [String]
        var fhirGroup = false
    }

    /// The imports `paths` stand for, in order. A folder stands for its `.ndjson`, `.jsonl` and `.json`
    /// files (an export's; sorted by name, hidden files skipped). **FHIR resources outside a Bundle** (Bulk Data NDJSON, single-resource files)
    /// given in one command, listed or in a folder, are read as **one** import at the place of the
    /// first, so references resolve across them (an Observation in Observation-2.ndjson names its
    /// Encounter in Encounter.ndjson); every other file, a bundle included, is an import of its own.
    static func inputs(_ paths: [String], format: FileFormat?) -> [Input] {
        var result: [Input] = []
        var group: [String] = []
        var groupAt: Int?
        var folders: [String] = []
        let fm = FileManager.default
        for arg in paths {
            var isFolder: ObjCBool = false
            var files = [arg]
            if fm.fileExists(atPath: arg, isDirectory: &isFolder), isFolder.boolValue {
                let exported = [".ndjson", ".jsonl", ".json", ".txt"]
                files = ((try? fm.contentsOfDirectory(atPath: arg)) ?? [])
                    .filter { name in !name.hasPrefix(".") && exported.contains { name.lowercased().hasSuffix($0) } }.sorted()
                    .map { (arg as NSString).appendingPathComponent($0) }
                    .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                    // A folder's .txt files are notes files (a README beside an export is not read).
                    .filter { !$0.lowercased().hasSuffix(".txt") || RecordReader.isNotesFile(path: $0) }
                folders.append(arg)
            }
            for file in files {
                if RecordReader.isFHIRResources(path: file, format: format) {
                    if groupAt == nil {
                        groupAt = result.count
                        result.append(Input(name: file, paths: [], fhirGroup: true))
                    }
                    group.append(file)
                } else {
                    result.append(Input(name: file, paths: [file]))
                }
            }
        }
        if let at = groupAt {
            result[at].paths = group
            let inOneFolder = folders.count == 1 && folders.count == paths.count
            if inOneFolder, let folder = folders.first {
                result[at].name = folder
            } else if group.count > 1, let first = group.first {
                result[at].name = "\(first) and \(group.count - 1) more FHIR file\(group.count == 2 ? "" : "s")"
            }
        }
        return result
    }

    static func read(_ input: Input, options: ImportOptions, into sink: inout some RecordSink) throws(ImportError) -> ReadSummary {
        if input.fhirGroup {
            return try RecordReader.read(fhirFiles: input.paths, name: input.name, options: options, into: &sink)
        }
        return try RecordReader.read(path: input.name, options: options, into: &sink)
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

    /// Writes every note extraction of `summaries` (`ReadSummary.noteReview`) to `path` as CSV with
    /// the columns `NoteReview.columns`, whole and owner-only: each score beside the sentence it came
    /// from, for the clinic to check before analysis (docs/import.md, "Scores in notes").
    /// - Throws: `WorkflowError.cannotWrite`.
    public static func writeReview(_ summaries: [ReadSummary], to path: String) throws {
        try writing { try NoteReview.write(summaries, to: path) }
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
        o.scoresFromNotes = s.scoresFromNotes
        o.measureRows = s.measureRows
        o.diagnostics = s.diagnostics.map(\.description)
        o.warningGroups = DiagnosticDigest.warningGroups(s.diagnostics)
        o.errorLines = DiagnosticDigest.errorLines(s.diagnostics)
    }
}

extension ImportService.StoreSink {
    /// Adds a row's scores to the one session stored for its client and day (from another file):
    /// each score the stored session lacks is filled; one it has with another value is kept, with a
    /// warning. With no stored session that day the row is a session of its own; with two or more,
    /// which one the row belongs to cannot be told, so it is one of its own too, with a warning.
    mutating func merge(_ s: Session, line: Int) throws {
        let sameDay = (stored?[s.clientID] ?? []).filter { $0.day == s.day && $0.id != s.id }
        guard sameDay.count == 1, let target = sameDay.first else {
            if sameDay.count > 1 {
                notes.append(Diagnostic(file: file, line: line, rule: .merged,
                    message: "\(sameDay.count) sessions are stored for this client on \(s.day.iso); the row's scores are kept as a session of their own",
                    severity: .warning, kind: .sessions))
            }
            stored?[s.clientID, default: []].append(s)
            return try writer.upsert(s)
        }
        try add(VisitScores(clientID: s.clientID, day: s.day, painAfter: s.painAfter, sleep: s.sleep, mood: s.mood, stress: s.stress),
                painBefore: s.painBefore, therapistID: s.therapistID, to: target, line: line)
    }

    /// Adds a post-session form's scores to the one session stored for its client and day (the
    /// reader checked there is exactly one).
    mutating func add(_ v: VisitScores, line: Int) throws {
        guard let target = (stored?[v.clientID] ?? []).first(where: { $0.day == v.day }) else { return }
        try add(v, painBefore: nil, therapistID: nil, to: target, line: line)
    }

    /// Fills `target`'s missing scores from the row's (a score it has with another value is kept
    /// and named in the warning), stores it, and keeps the index up to date.
    private mutating func add(_ v: VisitScores, painBefore: Double?, therapistID: String?, to stored: Session, line: Int) throws {
        var target = stored
        var kept: [String] = []
        func fill(_ name: String, _ value: Double?, _ theirs: inout Double?) {
            guard let value else { return }
            if let t = theirs, abs(t - value) > 1e-9 { kept.append("\(name) \(t.plainText) (the row says \(value.plainText))") }
            else { theirs = value }
        }
        var before: Double? = target.painBefore
        fill("pain_before", painBefore, &before)
        fill("pain_after", v.painAfter, &target.painAfter)
        fill("sleep_quality", v.sleep, &target.sleep)
        fill("mood", v.mood, &target.mood)
        fill("stress", v.stress, &target.stress)
        if target.therapistID == nil { target.therapistID = therapistID }
        try writer.upsert(target)
        let updated = (self.stored?[v.clientID] ?? []).map { $0.id == target.id ? target : $0 }
        self.stored?[v.clientID] = updated
        notes.append(Diagnostic(file: file, line: line, rule: .merged,
            message: "the row's scores were added to the session stored for this client on \(v.day.iso)"
                + (kept.isEmpty ? "" : "; the stored values were kept where they differ: " + kept.joined(separator: ", ")),
            severity: .warning, kind: .sessions))
    }
}
