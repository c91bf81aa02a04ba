import Foundation
import Hummingbird
import Logging
import NIOSSL

/// One line per request: method, the route's pattern (`/clients/{id}`, never the id or the
/// query, which can hold a name), status and milliseconds. Nothing personal reaches the log.
struct RequestLog: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func line(_ status: Int) {
            let ms = (ContinuousClock.now - start).components
            let millis = Double(ms.seconds) * 1000 + Double(ms.attoseconds) / 1e15
            let route = context.endpointPath ?? "(no route)"
            logger.info("\(request.method) \(route) \(status) \(String(format: "%.1f", millis)) ms")
        }
        do {
            let response = try await next(request, context)
            line(response.status.code)
            return response
        } catch let error as HTTPResponseError {
            line(Int(error.status.code))
            throw error
        } catch {
            line(500)
            throw error
        }
    }
}

/// Headers on every response: a Content-Security-Policy with no inline script or style, no
/// framing, no sniffing, no referrer, and no caching of pages that show health data.
struct SecurityHeaders: RouterMiddleware {
    static let csp = "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.csp
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Reads the session cookie; pages other than sign-in and the stylesheet need a live session
/// (a browser is sent to sign in; anything else gets 401). Every POST but sign-in must carry
/// the session's CSRF token.
struct SessionMiddleware: RouterMiddleware {
    let app: WebApp
    static let cookie = "relief_session"
    static let open: Set<String> = ["/signin", "/static/relief.css"]

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let now = app.config.now()
        if let token = request.cookies[Self.cookie]?.value,
           let session = await app.sessions.session(token, now: now) {
            context.session = session
            context.sessionToken = token
            // Every 30 seconds the account is read back: one disabled, or given another role or
            // therapist (in the browser or by `relief user add` in a terminal), loses its sessions.
            if now.timeIntervalSince(session.checked) > 30 {
                let store = app.store
                let current = try await app.blocking { try store.account(named: session.account) }
                if let a = current, !a.disabled, a.role == session.role, a.therapistID == session.therapistID {
                    await app.sessions.markChecked(token, now: now)
                } else {
                    await app.sessions.endAll(account: session.account)
                    context.session = nil
                    context.sessionToken = nil
                }
            }
        }
        let path = request.uri.path
        if Self.open.contains(path) { return try await next(request, context) }
        guard let session = context.session else {
            if request.method == .get && !path.hasPrefix("/favicon") {
                let back = path == "/" ? "" : HTML.queryString([("next", path)])
                return Response.redirect(to: "/signin" + back)
            }
            throw HTTPError(.unauthorized, message: "Sign in first.")
        }
        if request.method == .post {
            // The token comes in an X-CSRF-Token header (scripts) or in the form action's query
            // (`?csrf=`), so it is checked before the body — a multipart upload too — is read.
            let sent = request.headers[.init("X-CSRF-Token")!] ?? request.uri.queryParameters.get("csrf")
            guard let sent, Tokens.equal(sent, session.csrf) else {
                throw HTTPError(.forbidden, message: "This form has expired; go back, reload the page and try again.")
            }
        }
        return try await next(request, context)
    }
}

/// The clinic's certificate and key (PEM) for `--tls-cert` / `--tls-key`.
public struct TLSFiles: Sendable {
    public var certificate: String
    public var key: String
    public init(certificate: String, key: String) { self.certificate = certificate; self.key = key }

    func configuration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain,
                                                        privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
    }
}
