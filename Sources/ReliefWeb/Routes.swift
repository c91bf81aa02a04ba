import ChartCairo
import ChartScene
import Foundation
import Hummingbird
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore
import ReliefWorkflows

/// Who may open a route (docs/serve.md has the table; `AuthorizationMatrixTests` checks it).
enum Allowed {
    case anyone, signedIn, managers, admins

    func admits(_ role: AccountRole) -> Bool {
        switch self {
        case .anyone, .signedIn: return true
        case .managers: return role == .manager || role == .admin
        case .admins: return role == .admin
        }
    }
}

extension WebApp {
    /// Every route with who may open it: the one table the router and the tests read.
    static let routes: [(method: HTTPRequest.Method, path: String, allowed: Allowed)] = [
        (.get, "/signin", .anyone), (.post, "/signin", .anyone), (.get, "/static/relief.css", .anyone),
        (.post, "/signout", .signedIn), (.get, "/", .signedIn),
        (.get, "/clients", .signedIn), (.get, "/clients/{id}", .signedIn),
        (.get, "/clients/{id}/report.pdf", .signedIn), (.get, "/clients/{id}/charts/{n}", .signedIn),
        // Imports write records that decide whose clients are whose (clients.csv's therapist, the
        // sessions' therapist): a therapist could give themselves any client. Managers and admins only.
        (.get, "/import", .managers), (.post, "/import", .managers),
        (.post, "/import/{upload}/confirm", .managers), (.get, "/import/{upload}/rejects.csv", .managers),
        (.get, "/outcomes", .managers), (.get, "/outcomes/clients", .managers), (.get, "/outcomes.csv", .managers),
        (.get, "/outcomes/charts/{n}", .managers),
        (.get, "/months", .managers), (.post, "/months/{month}/render", .managers), (.get, "/months/{month}", .managers),
        (.get, "/months/{month}/files/**", .managers),
        (.get, "/audit", .managers),
        (.get, "/users", .admins), (.post, "/users", .admins),
    ]

    func addRoutes(to router: Router<WebContext>) {
        func on(_ method: HTTPRequest.Method, _ path: String,
                _ handler: @escaping @Sendable (Request, WebContext, SessionStore.Session?) async throws -> Response) {
            let allowed = Self.routes.first { $0.method == method && $0.path == path }!.allowed
            router.on(RouterPath(path), method: method) { request, context in
                if allowed != .anyone {
                    let session = try context.signedIn()
                    guard allowed.admits(session.role) else {
                        return Layout.problem(.forbidden, "Your account cannot open this page.", session: session)
                    }
                }
                do {
                    return try await handler(request, context, context.session)
                } catch let error as HTTPError {
                    if error.status == .contentTooLarge { return Layout.problem(error.status, "The file is larger than this server accepts (\(self.config.uploadLimit / 1_048_576) MB).", session: context.session) }
                    return Layout.problem(error.status, error.body ?? error.status.reasonPhrase, session: context.session)
                } catch let error as PageError {
                    return Layout.problem(error.status, error.message, session: context.session)
                } catch let error as WorkflowError {
                    // A filter naming a site that is not there (a stale link): say which there are.
                    if case .unknownSite = error { return Layout.problem(.notFound, error.description, session: context.session) }
                    self.logger.error("failure on \(method) \(path): \(String(describing: type(of: error)))")
                    return Layout.problem(.internalServerError, "Something went wrong; the server log says where.", session: context.session)
                } catch let error as StoreError {
                    // The route's pattern and the kind of failure only: a store error can quote an id.
                    self.logger.error("store failure on \(method) \(path): \(Self.kind(of: error))")
                    if case .busy = error {
                        return Layout.problem(.serviceUnavailable, "The database is busy with a long import; try again in a minute.",
                                              session: context.session)
                    }
                    return Layout.problem(.internalServerError, "The database could not be read; the server log says what kind of failure it was.",
                                          session: context.session)
                } catch {
                    self.logger.error("failure on \(method) \(path): \(String(describing: type(of: error)))")
                    return Layout.problem(.internalServerError, "Something went wrong; the server log says where.", session: context.session)
                }
            }
        }
        on(.get, "/static/relief.css") { _, _, _ in
            var r = Layout.bytes(Data(Stylesheet.css.utf8), type: "text/css; charset=utf-8")
            r.headers[.cacheControl] = "public, max-age=3600"
            return r
        }
        on(.get, "/signin") { request, _, _ in try await self.signInPage(request, message: nil) }
        on(.post, "/signin") { request, context, _ in try await self.signIn(request, context) }
        on(.post, "/signout") { _, context, session in
            if let token = context.sessionToken { await self.sessions.end(token) }
            if let session { try await self.audit(session, "sign-out") }
            var r = Response.redirect(to: "/signin", type: .found)
            r.setCookie(Cookie(name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: self.config.secureCookies,
                               httpOnly: true, sameSite: .strict))
            return r
        }
        on(.get, "/") { _, _, _ in Response.redirect(to: "/clients", type: .found) }
        on(.get, "/clients") { request, _, session in try await self.clientsPage(request, session!) }
        on(.get, "/clients/{id}") { request, context, session in
            try await self.clientPage(request, id: try context.parameters.require("id"), session!)
        }
        on(.get, "/clients/{id}/report.pdf") { request, context, session in
            try await self.clientPDF(request, id: try context.parameters.require("id"), session!)
        }
        on(.get, "/clients/{id}/charts/{n}") { request, context, session in
            try await self.clientChart(request, id: try context.parameters.require("id"), n: try context.parameters.require("n"), session!)
        }
        on(.get, "/outcomes") { request, _, session in try await self.outcomesPage(request, session!) }
        on(.get, "/outcomes/clients") { request, _, session in try await self.outcomesClients(request, session!) }
        on(.get, "/outcomes.csv") { request, _, session in try await self.outcomesCSV(request, session!) }
        on(.get, "/outcomes/charts/{n}") { request, context, session in
            try await self.outcomesChart(request, n: try context.parameters.require("n"), session!)
        }
        on(.get, "/months") { _, _, session in try await self.monthsPage(session!) }
        on(.post, "/months/{month}/render") { _, context, session in
            try await self.renderMonth(try context.parameters.require("month"), session!)
        }
        on(.get, "/months/{month}") { _, context, session in
            try await self.monthPage(try context.parameters.require("month"), session!)
        }
        on(.get, "/months/{month}/files/**") { _, context, session in
            try await self.monthFile(try context.parameters.require("month"), path: context.parameters.getCatchAll().joined(separator: "/"), session!)
        }
        on(.get, "/import") { _, _, session in try await self.importPage(session!) }
        on(.post, "/import") { request, _, session in try await self.upload(request, session!) }
        on(.post, "/import/{upload}/confirm") { _, context, session in
            try await self.confirmUpload(try context.parameters.require("upload"), session!)
        }
        on(.get, "/import/{upload}/rejects.csv") { _, context, session in
            try await self.uploadRejects(try context.parameters.require("upload"), session!)
        }
        on(.get, "/audit") { request, _, session in try await self.auditPage(request, session!) }
        on(.get, "/users") { _, _, session in try await self.usersPage(session!, message: nil) }
        on(.post, "/users") { request, _, session in try await self.saveUser(request, session!) }
    }
}

extension WebApp {
    /// A store error's case name, without its details (which can name a record).
    static func kind(of error: StoreError) -> String {
        Mirror(reflecting: error).children.first?.label ?? "store"
    }
}

/// A refusal or a missing thing, said in words on a page.
struct PageError: Error {
    var status: HTTPResponse.Status
    var message: String
    static func notFound(_ m: String) -> PageError { PageError(status: .notFound, message: m) }
    static func badRequest(_ m: String) -> PageError { PageError(status: .badRequest, message: m) }
}

// MARK: - Sign-in

extension WebApp {
    static let signInCookie = "relief_signin"

    func signInPage(_ request: Request, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        // One token per browser while it signs in: a second tab, or a favicon request sent to this
        // page, must not invalidate the form already shown.
        let kept = request.cookies[Self.signInCookie]?.value
        let token = kept.map { $0.count == 43 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } } == true
            ? kept! : Tokens.random()
        let next = safeNext(request.uri.queryParameters.get("next"))
        var body = "<section class=\"signin\"><h1>Sign in to Relief</h1>"
        if let message { body += "<p class=\"error\" role=\"alert\">\(HTML.escape(message))</p>" }
        body += """
        <form method="post" action="/signin\(HTML.escape(HTML.queryString([("next", next)])))">
        <input type="hidden" name="csrf" value="\(token)">
        <label for="name">Account</label><input id="name" name="name" autocomplete="username" required maxlength="64">
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form></section>
        """
        var r = Layout.html(Layout.page("Sign in", session: nil, body), status: status)
        r.setCookie(Cookie(name: Self.signInCookie, value: token, maxAge: 3600, path: "/signin",
                           secure: config.secureCookies, httpOnly: true, sameSite: .strict))
        return r
    }

    /// Only a path on this site (`/clients/C1`), never `//host` or a scheme.
    func safeNext(_ next: String?) -> String? {
        // Printable ASCII only: a browser drops tabs and newlines from a Location, so "/\t/evil"
        // would become "//evil", another site.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" && $0 != ":" }) else { return nil }
        return next
    }

    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard let sent = form["csrf"], let cookie = request.cookies[Self.signInCookie]?.value, Tokens.equal(sent, cookie) else {
            return try await signInPage(request, message: "The sign-in form expired; please try again.", status: .forbidden)
        }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        // Per account name, and per address unless every request comes from this machine (a
        // proxy in front: one address for the whole clinic would lock everyone out at once).
        let loopback = context.remote == "local" || context.remote == "127.0.0.1" || context.remote == "::1"
        let keys = ["account:" + name] + (loopback ? [] : ["address:" + context.remote])
        let now = config.now()
        // The attempt counts as a failure before the password is checked (and is forgiven on
        // success), so attempts sent in parallel cannot all pass the check before one is counted.
        let wait = await limiter.begin(keys, now: now)
        if wait > 0 {
            return try await signInPage(request, message: "Too many attempts. Try again in \(Int(wait / 60) + 1) minutes.",
                                        status: .tooManyRequests)
        }
        let account = try await blocking { [store] in try Accounts.verify(name: name, password: password, store: store) }
        guard let account else {
            // A name that is no account is not written down: it may be a password typed in the wrong box.
            let known = (try? await blocking { [store] in try store.account(named: name) != nil }) ?? false
            let entry = AuditEntry(at: Accounts.timestamp(now), account: known ? name : "(no such account)",
                                   action: "sign-in-refused")
            try? await auditWriter.append(entry)
            return try await signInPage(request, message: "That account name and password do not match.", status: .unauthorized)
        }
        await limiter.succeeded(keys)
        // A new token at every sign-in: a token planted before sign-in is never promoted.
        if let old = request.cookies[SessionMiddleware.cookie]?.value { await sessions.end(old) }
        let token = await sessions.start(account, now: now)
        let session = await sessions.session(token, now: now)!
        try await audit(session, "sign-in")
        var r = Response.redirect(to: safeNext(request.uri.queryParameters.get("next")) ?? "/clients", type: .found)
        r.setCookie(Cookie(name: SessionMiddleware.cookie, value: token, maxAge: Int(sessions.lifetime), path: "/",
                           secure: config.secureCookies, httpOnly: true, sameSite: .strict))
        r.setCookie(Cookie(name: Self.signInCookie, value: "", maxAge: 0, path: "/signin", secure: config.secureCookies,
                           httpOnly: true, sameSite: .strict))
        return r
    }
}
