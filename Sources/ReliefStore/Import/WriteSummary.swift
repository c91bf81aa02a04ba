/// What one import did to each kind of record.
///
/// `inserted + updated + unchanged` is the number of upserts of that kind. A client row
/// that fills a stub (an id only, made earlier for a session) counts as inserted: it is
/// the first time the clinic described that client.
///
/// ```swift
/// let summary = try db.importBatch(file: "sessions.csv", importedOn: today) { w in … }
/// summary.sessions.inserted   // 1_204
/// summary.stubClients         // ["C-77"]: sessions named a client the store did not know
/// ```
public struct WriteSummary: Hashable, Sendable, Codable {
    /// Outcome counts for one kind of record.
    public struct Counts: Hashable, Sendable, Codable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.inserted = inserted; self.updated = updated; self.unchanged = unchanged
        }
        /// Every upsert of this kind.
        public var total: Int { inserted + updated + unchanged }

        mutating func count(_ outcome: UpsertOutcome) {
            switch outcome {
            case .inserted: inserted += 1
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            }
        }
    }

    public var sessions = Counts()
    public var clients = Counts()
    public var therapists = Counts()
    public var checkIns = Counts()
    public var appointments = Counts()
    /// Client ids this import created as stubs (id only), in the order first seen, and that
    /// were still stubs when the import ended.
    public var stubClients: [String] = []
    /// Therapist ids created as stubs, likewise.
    public var stubTherapists: [String] = []
    /// Rows the caller rejected from this file (`ImportWriter.rejected`), for the log.
    public var rejected = 0

    public init() {}

    /// Total upserts that stored something new or changed.
    public var changed: Int {
        sessions.inserted + sessions.updated + clients.inserted + clients.updated
            + therapists.inserted + therapists.updated + checkIns.inserted + checkIns.updated
            + appointments.inserted + appointments.updated
    }
}

/// What one upsert did.
enum UpsertOutcome: Hashable, Sendable {
    /// The record was new.
    case inserted
    /// A record with the same key existed and at least one value differed.
    case updated
    /// A record with the same key and the same values existed: nothing was written.
    case unchanged
}
