import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ReliefModel
import ReliefStore
import ReliefTestSupport
import ReliefWorkflows
import Synchronization
import Testing
@testable import ReliefWeb

/// A small seeded clinic (3 therapists, 40 clients, 4 months to October 2026) in a fresh
/// database, with four accounts, hostile client names (docs/security.md's corpus) and a web
/// app over it whose clock and log the test holds.
final class WebFixture: Sendable {
    let folder: String
    let dbPath: String
    let store: ReliefDatabase
    let app: WebApp
    let log: LogLines
    let clock: TestClock

    static let passwords = ["boss": "admin-password-1", "mia": "manager-password", "t1": "therapist-one-pw", "t2": "therapist-two-pw"]
    /// Names written by nobody's friend: markup, an attribute break-out, a right-to-left override, 500 characters.
    static let hostileNames = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "Anna \u{202E}gnp.exe", String(repeating: "Ż", count: 500)]

    /// `sites`: 2 or more makes the sample a chain (`relief sample --sites`).
    init(uploadLimit: Int = 5 * 1024 * 1024, sites: Int = 1, label: String = #function) throws {
        let log = LogLines(), clock = TestClock()
        self.log = log
        self.clock = clock
        let folder = try temporaryFolder("web-" + label)
        self.folder = folder
        dbPath = folder + "/relief.sqlite"
        let clinic = try SampleWorkflow.clinic(seed: 11, clients: 40, months: 4, therapists: 3, sites: sites,
                                               end: Month(iso: "2026-10")!)
        _ = try SampleWorkflow.write(clinic, to: folder + "/sample")
        store = try ReliefDatabase(path: dbPath)
        var files = ["therapists", "clients", "sessions", "checkins"].map { folder + "/sample/\($0).csv" }
        // Hostile names: clients of therapist T01 with one session each in October.
        var clients = "client_id,name,therapist_id\n", sessions = "session_id,client_id,therapist_id,date,pain_before,pain_after\n"
        for (i, name) in Self.hostileNames.enumerated() {
            clients += "H\(i),\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",T01\n"
            sessions += "HS\(i),H\(i),T01,2026-10-0\(i + 2),6,4\n"
        }
        try clients.write(toFile: folder + "/hostile-clients.csv", atomically: true, encoding: .utf8)
        try sessions.write(toFile: folder + "/hostile-sessions.csv", atomically: true, encoding: .utf8)
        files += [folder + "/hostile-clients.csv", folder + "/hostile-sessions.csv"]
        let (outcomes, _) = try ImportService.run(ImportRequest(paths: files, today: Day(iso: "2026-11-01")!), store: store)
        #expect(outcomes.allSatisfy { $0.rejected == 0 && $0.error == nil })
        let now = Date(timeIntervalSince1970: 1_793_000_000)
        try Accounts.save(name: "boss", role: .admin, therapistID: nil, password: Self.passwords["boss"]!, store: store, now: now, cost: 4)
        try Accounts.save(name: "mia", role: .manager, therapistID: nil, password: Self.passwords["mia"]!, store: store, now: now, cost: 4)
        try Accounts.save(name: "t1", role: .therapist, therapistID: "T01", password: Self.passwords["t1"]!, store: store, now: now, cost: 4)
        try Accounts.save(name: "t2", role: .therapist, therapistID: "T02", password: Self.passwords["t2"]!, store: store, now: now, cost: 4)
        var options = ReportOptions(created: Day(iso: "2026-11-01")!)
        options.png = false
        var config = ServeConfiguration(store: store, reportsFolder: folder + "/reports", uploadsFolder: folder + "/uploads",
                                        reportOptions: options)
        config.today = Day(iso: "2026-11-01")!
        config.uploadLimit = uploadLimit
        config.bcryptCost = 4
        config.now = { clock.now }
        app = try WebApp(config, logger: Logger(label: "test") { _ in CapturingLogHandler(lines: log) })
    }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let application = Application(router: app.router())
        try await application.test(.router) { client in try await body(client) }
    }

    /// A client id of each therapist: one T01 saw in October and one T02 saw and T01 never did.
    func clientOf(_ therapist: String, notSeenBy other: String? = nil) throws -> String {
        var seen: [String: Set<String>] = [:]
        try store.forEachSession(client: nil, through: nil) { s in
            if let t = s.therapistID { seen[s.clientID, default: []].insert(t) }
        }
        let assigned = Dictionary(uniqueKeysWithValues: try store.clients().map { ($0.id, $0.therapistID) })
        return seen.keys.sorted().first { id in
            seen[id]!.contains(therapist) && !id.hasPrefix("H")
                && (other.map { !seen[id]!.contains($0) && assigned[id] != $0 } ?? true)
        }!
    }
}

final class TestClock: Sendable {
    private let seconds = Mutex<Double>(1_793_000_000)
    var now: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
    func advance(_ s: Double) { seconds.withLock { $0 += s } }
}

final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ s: String) { lines.withLock { $0.append(s) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        lines.append("\(level) \(message) \(metadata ?? [:])")
    }
}

/// A browser's memory: cookies, and the CSRF token of the last page read.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, method: .get, body: nil, contentType: nil)
    }

    @discardableResult
    func post(_ uri: String, form: [String: String] = [:], csrf useToken: Bool = true) async throws -> TestResponse {
        let body = form.map { "\(HTML.query($0.key))=\(HTML.query($0.value))" }.joined(separator: "&")
        var uri = uri
        if useToken, let csrf { uri += (uri.contains("?") ? "&" : "?") + "csrf=" + csrf }
        return try await send(uri, method: .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
    }

    func send(_ uri: String, method: HTTPRequest.Method, body: ByteBuffer?, contentType: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
        }
        let text = String(buffer: response.body)
        if let r = text.range(of: "csrf=") {
            csrf = String(text[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
        return response
    }

    /// Signs in through the form, as a browser does.
    @discardableResult
    func signIn(_ name: String, password: String? = nil) async throws -> TestResponse {
        let page = try await get("/signin")
        let text = String(buffer: page.body)
        let token = text.range(of: "name=\"csrf\" value=\"").map { String(text[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
        return try await post("/signin", form: ["csrf": token, "name": name, "password": password ?? WebFixture.passwords[name]!],
                              csrf: false)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
