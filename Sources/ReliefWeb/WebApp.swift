import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import ReliefModel
import ReliefStore
import ReliefWorkflows

/// How `relief serve` runs: the store, where month reports and uploads go, the clock, limits.
public struct ServeConfiguration: Sendable {
    /// The records (and, through `AccountStore`, the accounts and audit trail).
    public var store: any RecordStore & AccountStore
    /// Month reports rendered from the browser: `<reportsFolder>/<YYYY-MM>/` (owner-only).
    public var reportsFolder: String
    /// Uploaded files waiting for "Store these records" (owner-only; removed after).
    public var uploadsFolder: String
    /// Largest upload accepted, in bytes; a larger one is refused before it is read.
    public var uploadLimit = 50 * 1024 * 1024
    /// Cookies marked Secure (under TLS, or behind a proxy that terminates it).
    public var secureCookies = false
    /// How reports print (clinic name, paper, language); `created` is pinned to `today`.
    public var reportOptions: ReportOptions
    /// The clock: the audit trail's time and sessions' expiry. Tests pin it.
    public var now: @Sendable () -> Date = { Date() }
    /// The clinic's today: whose clients a therapist sees (the last 12 months) and the day an
    /// upload is imported on. Nil: the clock's day (UTC).
    public var today: Day?
    /// bcrypt cost for accounts made in the browser.
    public var bcryptCost: UInt8 = Accounts.defaultCost
    /// Failed sign-ins per account name or address allowed within `signInWindow` seconds.
    public var signInLimit = 5
    public var signInWindow: TimeInterval = 15 * 60

    public init(store: any RecordStore & AccountStore, reportsFolder: String, uploadsFolder: String, reportOptions: ReportOptions) {
        self.store = store; self.reportsFolder = reportsFolder; self.uploadsFolder = uploadsFolder
        self.reportOptions = reportOptions
    }
}

/// The request context: who is signed in (set by `SessionMiddleware`) and from where.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var session: SessionStore.Session?
    var sessionToken: String?
    let remote: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remote = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// The signed-in session; the middleware guarantees one on every page but sign-in.
    func signedIn() throws -> SessionStore.Session {
        guard let session else { throw HTTPError(.unauthorized) }
        return session
    }
}

/// `relief serve`: the clinic's web app over the same workflows as the CLI (docs/serve.md).
///
/// ```swift
/// let app = try WebApp(configuration)
/// try await app.application(listen: "127.0.0.1", port: 8080).runService()
/// ```
public final class WebApp: Sendable {
    let config: ServeConfiguration
    let sessions = SessionStore()
    let limiter: SignInLimiter
    let cache = ViewCache()
    let jobs = MonthJobs()
    let uploads = PendingUploads()
    let auditWriter: AuditWriter
    let versions = DataVersions()
    let logger: Logger

    /// - Parameter logger: where the request lines go (the default: standard error, level info).
    public init(_ config: ServeConfiguration, logger: Logger? = nil) throws {
        self.config = config
        self.limiter = SignInLimiter(limit: config.signInLimit, window: config.signInWindow)
        let store = config.store
        // While a long import from a terminal holds the write lock, pages wait for it (up to
        // two minutes) rather than show "database is locked".
        self.auditWriter = AuditWriter { entries in
            try await NIOThreadPool.singleton.runIfActive {
                try Stores.retryingWhileBusy(maxWait: 120) { try store.appendAudit(entries) }
            }
        }
        self.logger = logger ?? {
            var l = Logger(label: "relief.serve")
            l.logLevel = .info
            return l
        }()
        try OwnerOnlyFolders.make(config.reportsFolder)
        try OwnerOnlyFolders.make(config.uploadsFolder)
        // Uploads waiting for confirmation do not outlive the server that received them.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: config.uploadsFolder)) ?? [] {
            try? FileManager.default.removeItem(atPath: config.uploadsFolder + "/" + leftover)
        }
    }

    var store: any RecordStore & AccountStore { config.store }

    /// The clinic's today.
    var today: Day { config.today ?? Day(date: config.now()) }

    /// Every route, behind the session, CSRF and header middleware.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: RequestLog(logger: logger))
        router.add(middleware: SecurityHeaders())
        router.add(middleware: SessionMiddleware(app: self))
        addRoutes(to: router)
        return router
    }

    /// Computes what the first pages need — the clients directory and the newest month's
    /// outcomes — so the first manager to open Outcomes does not wait for the whole analysis.
    /// Called at start-up and after an import through the browser; a failure is left for the
    /// page to report.
    public func warmUp() async {
        // Client pages read one client at a time: the client index first, if an import left it
        // to be built (until it is, a client page scans the sessions; nothing waits for this).
        let store = self.store
        _ = try? await blocking { try store.ensureClientIndex() }
        guard let d = try? await directory(), let month = d.latestMonth else { return }
        _ = try? await clinicInput(month: month, filter: .init())
    }

    /// The application listening on `host:port`, with TLS when `tls` is given.
    public func application(host: String, port: Int, tls: TLSFiles? = nil) throws -> some ApplicationProtocol {
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0.configuration()) } ?? .http1()
        var quiet = logger
        quiet.logLevel = .notice
        return Application(router: router(), server: server,
                           configuration: .init(address: .hostname(host, port: port), serverName: "Relief"),
                           onServerRunning: { _ in Task { await self.warmUp() } },
                           logger: quiet)
    }

    /// Runs store and rendering work off the server's event loops (the store is synchronous).
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// Appends to the audit trail; a failure to record is logged (without the detail) and
    /// refuses the request, so nothing is shown that was not recorded.
    func audit(_ session: SessionStore.Session, _ action: String, client: String? = nil, detail: String = "") async throws {
        let entry = AuditEntry(at: Accounts.timestamp(config.now()), account: session.account, action: action,
                               clientID: client.map(Self.printable), detail: Self.printable(detail))
        do {
            try await auditWriter.append(entry)
        } catch {
            logger.error("the audit trail could not be written; the request was refused")
            throw HTTPError(.serviceUnavailable, message: "The audit trail could not be written.")
        }
    }

    /// Text for the audit trail: control characters (a NUL from a query) as `?`.
    static func printable(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    /// Long work (a month's reports, storing an upload) on a thread of its own, so the shared
    /// pool that serves pages and the audit trail is never taken for minutes.
    func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            OwnThread.start(stackSize: 8 << 20) { continuation.resume(with: Result { try body() }) }
        }
    }

    /// What changed last in the store: the newest import (read at most twice a second; an
    /// import through this server is seen at once, one from a terminal within half a second).
    func dataVersion() async throws -> String {
        try await versions.current(now: ContinuousClock.now) { [store] in
            try await self.blocking { try store.lastImports(limit: 1).first?.id ?? 0 }
        }
    }
}

/// The newest import's id, re-read when older than `maxAge`, or at once after `invalidate()`.
actor DataVersions {
    private var value: Int64?
    private var read = ContinuousClock.now
    let maxAge: Duration = .milliseconds(500)

    func current(now: ContinuousClock.Instant, load: @Sendable () async throws -> Int64) async throws -> String {
        if let value, now - read < maxAge { return String(value) }
        let v = try await load()
        value = v
        read = now
        return String(v)
    }

    func invalidate() { value = nil }
}

enum OwnerOnlyFolders {
    static func make(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }
}

extension Day {
    /// The UTC day of a moment (day ordinals count from 1970-01-01).
    init(date: Date) { self.init(ordinal: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))) }
}
