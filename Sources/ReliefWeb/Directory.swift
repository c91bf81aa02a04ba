import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore
import ReliefWorkflows

/// The clients list and who may see whom, read once per version of the data.
struct Directory: Sendable {
    struct Entry: Sendable {
        var id: String
        var name: String
        var lastVisit: Day?
        var sessions: Int
        /// The last day each therapist saw the client.
        var seenBy: [String: Day]
        /// The therapist the clinic assigned (clients.csv `therapist_id`).
        var assigned: String?
        var atRisk: Bool
        /// Months with a session, newest first.
        var months: [Month]
    }

    var version: String
    var entries: [Entry]
    var index: [String: Int]
    /// The month of the newest session: the month reports and outcomes open on.
    var latestMonth: Month?

    static func read(store: any RecordStore, version: String) throws -> Directory {
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        for c in try store.clients() {
            index[c.id] = entries.count
            entries.append(Entry(id: c.id, name: c.displayName, lastVisit: nil, sessions: 0, seenBy: [:],
                                 assigned: c.therapistID, atRisk: false, months: []))
        }
        var latest: Day?
        var months = [Set<Month>](repeating: [], count: entries.count)
        try store.forEachSession(client: nil, through: nil) { s in
            guard let i = index[s.clientID] else { return }
            entries[i].sessions += 1
            months[i].insert(s.day.month)
            if entries[i].lastVisit.map({ $0 < s.day }) ?? true { entries[i].lastVisit = s.day }
            if let t = s.therapistID, entries[i].seenBy[t].map({ $0 < s.day }) ?? true { entries[i].seenBy[t] = s.day }
            if latest.map({ $0 < s.day }) ?? true { latest = s.day }
        }
        for i in entries.indices { entries[i].months = months[i].sorted(by: >) }
        if let month = latest?.month {
            for c in try AnalysisService.cohortClients(store: store, month: month, filter: .init()) where c.atRisk {
                if let i = index[c.id] { entries[i].atRisk = true }
            }
        }
        return Directory(version: version, entries: entries, index: index, latestMonth: latest?.month)
    }

    func entry(_ id: String) -> Entry? { index[id].map { entries[$0] } }

    /// Managers and admins see every client; a therapist the clients assigned to them or seen by
    /// them in the 12 months up to `today` (365 days).
    static func visible(_ e: Entry, to s: SessionStore.Session, today: Day) -> Bool {
        guard s.role == .therapist else { return true }
        guard let t = s.therapistID else { return false }
        if e.assigned == t { return true }
        guard let last = e.seenBy[t] else { return false }
        return last > today - 365 && !(today < last)
    }
}

/// What the pages reuse between requests, dropped when the data changes: the directory, the
/// client views and the clinic's outcomes. A view is the report's own input (ReliefWorkflows),
/// so a cached page and a fresh PDF never disagree.
actor ViewCache {
    private var directory: Directory?
    private var directoryTask: Task<Directory, any Error>?
    /// Client views (scenes and all, for PDFs and charts), and pages (their HTML, ~20 KB each).
    private var clients = Bounded<ReportService.ClientView>(capacity: 256)
    private var pages = Bounded<String>(capacity: 8192)
    private var outcomes: [String: ClinicReport.Input] = [:]
    private var outcomeTasks: [String: Task<ClinicReport.Input, any Error>] = [:]
    private var analysis: [String: AnalysisOptions] = [:]
    private var version = ""

    private func sync(_ v: String) {
        guard v != version else { return }
        version = v
        directory = nil; directoryTask = nil
        clients.removeAll(); pages.removeAll(); outcomes = [:]; outcomeTasks = [:]; analysis = [:]
    }

    func directory(version v: String, load: @escaping @Sendable () async throws -> Directory) async throws -> Directory {
        sync(v)
        if let directory { return directory }
        if let directoryTask { return try await directoryTask.value }
        let task = Task { try await load() }
        directoryTask = task
        do {
            let d = try await task.value
            if version == v { directory = d; directoryTask = nil }
            return d
        } catch {
            // A failed read is not kept: the next page tries again.
            if version == v { directoryTask = nil }
            throw error
        }
    }

    func analysisOptions(version v: String, month: Month) -> AnalysisOptions? { sync(v); return analysis[month.iso] }
    func setAnalysisOptions(_ o: AnalysisOptions, version v: String, month: Month) { sync(v); analysis[month.iso] = o }

    func clientView(version v: String, key: String) -> ReportService.ClientView? { sync(v); return clients[key] }

    func setClientView(_ view: ReportService.ClientView, version v: String, key: String) { sync(v); clients[key] = view }

    /// A client page's report part as HTML (the same for every account that may see it).
    func page(version v: String, key: String) -> String? { sync(v); return pages[key] }

    func setPage(_ html: String, version v: String, key: String) { sync(v); pages[key] = html }

    /// The clinic's outcomes for a key, computed once however many pages ask at the same time.
    func outcomes(version v: String, key: String,
                  load: @escaping @Sendable () async throws -> ClinicReport.Input) async throws -> ClinicReport.Input {
        sync(v)
        if let input = outcomes[key] { return input }
        if let task = outcomeTasks[key] { return try await task.value }
        let task = Task { try await load() }
        outcomeTasks[key] = task
        defer { if version == v { outcomeTasks[key] = nil } }
        let input = try await task.value
        if version == v {
            if outcomes.count > 32 { outcomes = [:] }
            outcomes[key] = input
        }
        return input
    }
}

/// At most `capacity` values by key; a new key past that drops the oldest one.
struct Bounded<Value> {
    private var values: [String: Value] = [:]
    private var order: [String] = []
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    subscript(key: String) -> Value? {
        get { values[key] }
        set {
            guard let newValue else { return }
            if values[key] == nil {
                order.append(key)
                if order.count > capacity { values[order.removeFirst()] = nil }
            }
            values[key] = newValue
        }
    }

    mutating func removeAll() { values = [:]; order = [] }
}
