import ReliefModel

/// One row of the import log: a file that was imported (or fully rejected), when, and what it did.
///
/// The clinic report's data-quality section reads these: rows rejected, stubs created.
public struct ImportLogEntry: Hashable, Sendable, Codable {
    /// Increases with each import; later imports have larger ids.
    public var id: Int64
    public var file: String
    /// The caller's fingerprint of the file's content (e.g. a SHA-256 in hex), if it gave one.
    public var fingerprint: String?
    /// The day the caller said the import happened (the store reads no clock).
    public var importedOn: Day
    public var summary: WriteSummary
    /// Number of stubs created (the ids themselves are not kept in the log).
    public var stubClientCount: Int
    public var stubTherapistCount: Int

    public init(id: Int64, file: String, fingerprint: String?, importedOn: Day, summary: WriteSummary,
                stubClientCount: Int, stubTherapistCount: Int) {
        self.id = id; self.file = file; self.fingerprint = fingerprint; self.importedOn = importedOn
        self.summary = summary; self.stubClientCount = stubClientCount; self.stubTherapistCount = stubTherapistCount
    }
}

/// How many rows each table holds.
public struct StoreCounts: Hashable, Sendable, Codable {
    /// Clients, stubs included.
    public var clients: Int
    /// Clients known only by id.
    public var stubClients: Int
    public var therapists: Int
    public var stubTherapists: Int
    public var sessions: Int
    public var checkIns: Int
    public var imports: Int

    public init(clients: Int, stubClients: Int, therapists: Int, stubTherapists: Int, sessions: Int,
                checkIns: Int, imports: Int) {
        self.clients = clients; self.stubClients = stubClients; self.therapists = therapists
        self.stubTherapists = stubTherapists; self.sessions = sessions; self.checkIns = checkIns
        self.imports = imports
    }
}
