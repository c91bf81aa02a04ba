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
