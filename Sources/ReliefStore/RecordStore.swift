import ReliefModel

/// Where Relief keeps its records: the one seam between the rest of Relief and a database.
///
/// Workflows, reports, the CLI and the web app talk to a store only through this protocol,
/// so they do not know which database is behind it. `ReliefDatabase` (SQLite through GRDB,
/// the embedded default) conforms; a server database for a chain of clinics plugs in here
/// by conforming too and passing the same conformance tests (Tests/ReliefStoreTests).
///
/// Every method throws `StoreError`, whatever the database: callers never see a driver's type.
///
/// ```swift
/// let store: any RecordStore = try ReliefDatabase(path: "relief.sqlite")
/// let records = try store.clientRecords(activeIn: Period(month), through: month.last, notes: false)
/// ```
public protocol RecordStore: AnyObject, Sendable {
    /// Where the store is, as messages name it (a file path, a server URL without its password).
    var location: String { get }

    // MARK: Writing

    /// Stores one file's records in one transaction and logs the import: all of it or none.
    ///
    /// `body` receives a `RecordWriter` and upserts the records through it; if it throws, or
    /// the process dies before the commit, the store is exactly as it was before.
    /// - Returns: what the file did, per kind of record.
    /// - Throws: what `body` throws (unchanged), or `StoreError`.
    @discardableResult
    func importBatch(file: String, importedOn: Day, fingerprint: String?,
                     _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary

    /// Logs a file none of whose rows were stored, so data-quality counts still see it.
    func recordRejected(file: String, count: Int, importedOn: Day, fingerprint: String?) throws

    /// Stores records copied from another store (`relief copy`) in one transaction, as
    /// `importBatch` does, but logs `history` (the other store's import log, oldest first)
    /// instead of a row of its own. `verify` sees the summary before the commit; if it throws,
    /// nothing is stored.
    /// - Throws: what `body` or `verify` throws (unchanged), or `StoreError`.
    @discardableResult
    func copyIn(history: [ImportLogEntry], verify: (WriteSummary) throws -> Void,
                _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary

    // MARK: Reading

    /// Makes one client's reads quick before a run of them: builds the client index a bulk
    /// import left dropped (SQLite: `ReliefDatabase.ensureClientIndex`); true when it built it.
    /// PostgreSQL keeps its index through every import: false.
    @discardableResult
    func ensureClientIndex() throws -> Bool

    /// One client's record up to `through` (all of it when nil); nil when the client is unknown.
    func clientRecord(id: String, through: Day?) throws -> ClientRecord?
    /// Several clients' records, in the order of `ids` (unknown ids left out).
    func clientRecords(ids: [String], through: Day?) throws -> [ClientRecord]
    /// The records of every client with a session in `period` or whose lapse falls in it.
    func clientRecords(activeIn period: Period, through: Day?, notes: Bool) throws -> [ClientRecord]
    /// The records `clientRecords(activeIn:through:notes: false)` gives for a period ending on
    /// `through` (every client with a session on or before it, each with the whole history up
    /// to then, notes left out), `batchSize` clients at a time in client-id order, from one
    /// snapshot: only one batch's sessions need be in memory at once (the cohort analysis at scale).
    /// - Throws: `StoreError`, or what `body` throws (which stops the batches).
    func forEachClientRecordBatch(through: Day, batchSize: Int, _ body: ([ClientRecord]) throws -> Void) throws
    /// Ids of the clients with at least one session in `period`, sorted.
    func clientIDs(withSessionsIn period: Period) throws -> [String]
    /// Every therapist, stubs included, sorted by id.
    func therapists() throws -> [Therapist]
    /// Every client, stubs included, sorted by id.
    func clients() throws -> [Client]
    /// Every site of a chain (each a session named, or one named by `setSiteName`), sorted by
    /// id; empty for a single clinic.
    func sites() throws -> [Site]
    /// Ids of the clients known only from their sessions or check-ins, sorted.
    func stubClientIDs() throws -> [String]
    /// Ids of the therapists known only from the records that named them, sorted.
    func stubTherapistIDs() throws -> [String]
    /// The latest imports, newest first.
    func lastImports(limit: Int) throws -> [ImportLogEntry]
    /// The most recent import of each file on or before `cutoff`, newest first.
    func latestImportPerFile(through cutoff: Day) throws -> [ImportLogEntry]
    /// Each session (one client's, or all), from one snapshot, without holding them all.
    func forEachSession(client: String?, through: Day?, _ body: (Session) throws -> Void) throws
    /// Every client's first value of each measure (by day, minute, session id) on or before
    /// `through`, in no order: what the clinic's baseline SDs need (`BaselineScores`), without
    /// building every session. A store may hand more values than the first (the default hands
    /// every session's); `BaselineScores` keeps each client's first.
    func forEachFirstScore(through: Day, _ body: (FirstScore) throws -> Void) throws
    /// Each check-in (one client's, or all), in client then day order, from one snapshot.
    func forEachCheckIn(client: String?, through: Day?, _ body: (CheckIn) throws -> Void) throws
    /// Each appointment (one client's, or all), in client then day order, from one snapshot.
    func forEachAppointment(client: String?, through: Day?, _ body: (Appointment) throws -> Void) throws
    /// How many rows each kind of record has.
    func counts() throws -> StoreCounts

    // MARK: Settings

    /// A clinic setting stored with the records (`time_zone`), or nil.
    func setting(_ key: StoreSetting) throws -> String?
    /// Stores a clinic setting.
    func setSetting(_ key: StoreSetting, to value: String) throws
    /// Gives a site its clinic name, as reports print it (nil clears it); adds the site when no
    /// session has named it yet.
    func setSiteName(_ id: String, to name: String?) throws
}

/// The clinic settings a store keeps beside its records.
public enum StoreSetting: String, Sendable, CaseIterable {
    /// The clinic's time zone (`Area/City`), for timestamps with a UTC offset (`relief import --timezone`).
    case timeZone = "time_zone"
}

/// Upserts one file's records inside `RecordStore.importBatch`.
///
/// Each upsert inserts a new record, updates one whose key exists and whose values differ,
/// or leaves an identical one alone. A record naming an unknown client or therapist creates
/// a stub for it. Valid only inside the batch's closure.
public protocol RecordWriter {
    /// Rows the caller rejected from this file before they reached the store; logged with it.
    var rejected: Int { get set }
    mutating func upsert(_ session: Session) throws
    mutating func upsert(_ client: Client) throws
    mutating func upsert(_ therapist: Therapist) throws
    mutating func upsert(_ checkIn: CheckIn) throws
    mutating func upsert(_ appointment: Appointment) throws
    /// Asks the store to find session ids repeated within this batch itself (then a one-pass
    /// read need not keep every id it reads: ten million ids are ~270 MB of hashes). True when
    /// it will: a repeat then throws `RepeatedSessionInBatch`, and the caller reads the file again
    /// in full. The default (PostgreSQL) declines.
    mutating func checkRepeatedSessions() -> Bool
    /// The id of a session row the reader rejected, for `checkRepeatedSessions`.
    mutating func noteRejectedSession(id: String)
}

extension RecordWriter {
    public mutating func checkRepeatedSessions() -> Bool { false }
    public mutating func noteRejectedSession(id: String) {}
}

/// A session id that one import batch wrote twice, or wrote and also rejected
/// (`RecordWriter.checkRepeatedSessions`): the file must be read in full to judge its rows.
public struct RepeatedSessionInBatch: Error, Sendable, Equatable, CustomStringConvertible {
    public var id: String
    public init(id: String) { self.id = id }
    public var description: String { "session \(id) appears more than once in the file" }
}

extension RecordStore {
    /// `importBatch` with no fingerprint.
    @discardableResult
    public func importBatch(file: String, importedOn: Day,
                            _ body: (inout any RecordWriter) throws -> Void) throws -> WriteSummary {
        try importBatch(file: file, importedOn: importedOn, fingerprint: nil, body)
    }

    public func recordRejected(file: String, count: Int, importedOn: Day) throws {
        try recordRejected(file: file, count: count, importedOn: importedOn, fingerprint: nil)
    }

    public func clientRecord(id: String) throws -> ClientRecord? { try clientRecord(id: id, through: nil) }

    public func clientRecords(activeIn period: Period, through: Day? = nil) throws -> [ClientRecord] {
        try clientRecords(activeIn: period, through: through, notes: true)
    }

    public func forEachSession(_ body: (Session) throws -> Void) throws {
        try forEachSession(client: nil, through: nil, body)
    }

    public func forEachSession(client: String?, _ body: (Session) throws -> Void) throws {
        try forEachSession(client: client, through: nil, body)
    }

    public func forEachSession(through: Day?, _ body: (Session) throws -> Void) throws {
        try forEachSession(client: nil, through: through, body)
    }

    /// Every session's values (PostgreSQL; SQLite scans for the first values alone).
    public func forEachFirstScore(through: Day, _ body: (FirstScore) throws -> Void) throws {
        try forEachSession(client: nil, through: through) { try $0.forEachScore(body) }
    }

    public func forEachCheckIn(_ body: (CheckIn) throws -> Void) throws {
        try forEachCheckIn(client: nil, through: nil, body)
    }

    public func forEachCheckIn(client: String?, _ body: (CheckIn) throws -> Void) throws {
        try forEachCheckIn(client: client, through: nil, body)
    }
}
