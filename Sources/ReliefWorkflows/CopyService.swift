import ReliefModel
import ReliefStore

/// `relief copy --from A --to B`: every record of one store into another, empty one (an SQLite
/// file into a chain's PostgreSQL database, or back), with every row accounted for.
///
/// The destination is written in one transaction (`RecordStore.copyIn`): therapists and
/// clients the clinic described, then sessions, check-ins and appointments; stubs come back
/// as stubs (the records that name them create them, as an import does). Before the commit,
/// what the destination stored is checked against what was read: every record inserted
/// (none updated, none unchanged, since the destination was empty), exactly the source's
/// stubs, and the source's counts unchanged meanwhile; any difference rolls the copy back and
/// says which. The import log comes along (oldest first, so "newest first" still holds), as
/// do the clinic settings and the sites' names, so reports and `relief analyze --json` read the same from both.
///
/// ```swift
/// let outcome = try CopyService.copy(from: try Stores.openExisting("relief.sqlite"),
///                                    to: try Stores.open("postgres://relief@db/chain"))
/// outcome.copied.sessions   // == outcome.source.sessions
/// ```
public enum CopyService {
    /// What a copy read and wrote.
    public struct Outcome: Sendable, Codable, Equatable {
        public var from: String
        public var to: String
        /// The source's rows before the copy.
        public var source: StoreCounts
        /// The destination's rows after it.
        public var destination: StoreCounts
        /// Import-log entries carried over.
        public var importLogEntries: Int
        /// Clinic settings carried over.
        public var settings: Int
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case sameStore(String)
        case destinationNotEmpty(String, StoreCounts)
        case notAccountedFor([String])

        public var description: String {
            switch self {
            case .sameStore(let location):
                return "--from and --to are the same store (\(location)); copy into another one"
            case .destinationNotEmpty(let location, let counts):
                return "\(location) already holds records (\(counts.clients) clients, \(counts.sessions) sessions, "
                    + "\(counts.imports) imports): copy into an empty database, so that every row can be accounted for"
            case .notAccountedFor(let problems):
                return "the copy was rolled back, because not every row was accounted for: " + problems.joined(separator: "; ")
            }
        }
    }

    /// Copies every record of `source` into `destination`, which must be empty.
    /// - Parameter progress: called with the number of records written so far, every 10,000 and at the end.
    /// - Throws: `Failure`, `StoreError`.
    @discardableResult
    public static func copy(from source: any RecordStore, to destination: any RecordStore,
                            progress: (Int) -> Void = { _ in }) throws -> Outcome {
        guard source.location != destination.location else { throw Failure.sameStore(source.location) }
        let before = try destination.counts()
        guard before == StoreCounts(clients: 0, stubClients: 0, therapists: 0, stubTherapists: 0, sessions: 0,
                                    checkIns: 0, appointments: 0, imports: 0) else {
            throw Failure.destinationNotEmpty(destination.location, before)
        }
        let counts = try source.counts()
        let stubClients = Set(try source.stubClientIDs())
        let stubTherapists = Set(try source.stubTherapistIDs())
        let history = Array(try source.lastImports(limit: Int.max / 2).reversed())

        var read = WriteSummary()   // what was read, counted as the destination should count it
        var written = 0
        func tick() {
            written += 1
            if written % 10_000 == 0 { progress(written) }
        }
        try destination.copyIn(history: history, verify: { summary in
            var problems: [String] = []
            func check(_ kind: String, _ got: WriteSummary.Counts, _ expected: Int) {
                if got != WriteSummary.Counts(inserted: expected) {
                    problems.append("\(kind): \(expected) read, \(got.inserted) inserted, \(got.updated) updated, \(got.unchanged) unchanged")
                }
            }
            check("therapists", summary.therapists, read.therapists.inserted)
            check("clients", summary.clients, read.clients.inserted)
            check("sessions", summary.sessions, read.sessions.inserted)
            check("check-ins", summary.checkIns, read.checkIns.inserted)
            check("appointments", summary.appointments, read.appointments.inserted)
            if Set(summary.stubClients) != stubClients {
                problems.append("stub clients: \(stubClients.count) in the source, \(summary.stubClients.count) made")
            }
            if Set(summary.stubTherapists) != stubTherapists {
                problems.append("stub therapists: \(stubTherapists.count) in the source, \(summary.stubTherapists.count) made")
            }
            let expected = StoreCounts(
                clients: read.clients.inserted + stubClients.count, stubClients: stubClients.count,
                therapists: read.therapists.inserted + stubTherapists.count, stubTherapists: stubTherapists.count,
                sessions: read.sessions.inserted, checkIns: read.checkIns.inserted,
                appointments: read.appointments.inserted, imports: history.count)
            if expected != counts {
                problems.append("the source's counts do not match what was read from it (\(counts.sessions) sessions counted, "
                    + "\(read.sessions.inserted) read): was it written to during the copy?")
            }
            if let after = try? source.counts(), after != counts {
                problems.append("the source changed during the copy")
            }
            if !problems.isEmpty { throw Failure.notAccountedFor(problems) }
        }) { writer in
            for t in try source.therapists() where !stubTherapists.contains(t.id) {
                try writer.upsert(t); read.therapists.inserted += 1; tick()
            }
            for c in try source.clients() where !stubClients.contains(c.id) {
                try writer.upsert(c); read.clients.inserted += 1; tick()
            }
            try source.forEachSession(client: nil, through: nil) { s in
                try writer.upsert(s); read.sessions.inserted += 1; tick()
            }
            try source.forEachCheckIn(client: nil, through: nil) { c in
                try writer.upsert(c); read.checkIns.inserted += 1; tick()
            }
            try source.forEachAppointment(client: nil, through: nil) { a in
                try writer.upsert(a); read.appointments.inserted += 1; tick()
            }
        }
        progress(written)
        var settings = 0
        for key in StoreSetting.allCases {
            if let value = try source.setting(key) {
                try destination.setSetting(key, to: value)
                settings += 1
            }
        }
        // The sessions made each site's row; its name (and a site no session names) come here.
        let made = Set(try destination.sites().map(\.id))
        for site in try source.sites() where site.name != nil || !made.contains(site.id) {
            try destination.setSiteName(site.id, to: site.name)
        }
        return Outcome(from: source.location, to: destination.location, source: counts,
                       destination: try destination.counts(), importLogEntries: history.count, settings: settings)
    }
}
