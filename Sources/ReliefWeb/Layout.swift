import Foundation
import Hummingbird
import ReliefStore

/// The frame of every page: title, navigation for the signed-in role, sign-out, the content.
/// Server-rendered HTML that needs no script; one stylesheet (no inline style, for the CSP).
enum Layout {
    static func page(_ title: String, session: SessionStore.Session?, active: String = "", _ body: String) -> String {
        var nav = ""
        if let s = session {
            var links: [(String, String)] = [("/clients", "Clients")]
            if s.role != .therapist { links += [("/outcomes", "Outcomes"), ("/months", "Monthly reports")] }
            if s.role != .therapist { links += [("/import", "Import"), ("/audit", "Audit")] }
            if s.role == .admin { links.append(("/users", "Accounts")) }
            nav = "<nav aria-label=\"Main\"><ul>"
                + links.map { href, label in
                    "<li><a href=\"\(href)\"\(href == active ? " aria-current=\"page\"" : "")>\(label)</a></li>"
                }.joined()
                + "</ul><form class=\"signout\" method=\"post\" action=\"/signout?csrf=\(HTML.query(s.csrf))\">"
                + "<span class=\"who\">\(HTML.escape(s.account)) · \(s.role.rawValue)</span> "
                + "<button type=\"submit\">Sign out</button></form></nav>"
        }
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Relief</title>
        <link rel="stylesheet" href="/static/relief.css">
        </head>
        <body>
        <header class="top"><a class="brand" href="/clients">Relief</a>\(nav)</header>
        <main>
        \(body)
        </main>
        </body>
        </html>
        """
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ data: Data, type: String, filename: String? = nil, cache: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        if let filename {
            headers[.contentDisposition] = "attachment; filename=\"\(filename.filter { $0.isASCII && $0 != "\"" && $0 != "\\" })\""
        }
        if cache { headers[.cacheControl] = "private, max-age=300" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A page that says what went wrong in words, with the status.
    static func problem(_ status: HTTPResponse.Status, _ message: String, session: SessionStore.Session?) -> Response {
        html(page(status.reasonPhrase, session: session,
                  "<h1>\(HTML.escape(status.reasonPhrase))</h1><p>\(HTML.escape(message))</p><p><a href=\"/clients\">Back to clients</a></p>"),
             status: status)
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    static func parse(_ buffer: ByteBuffer) -> [String: String] {
        let text = String(buffer: buffer)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            if fields[key] == nil { fields[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> [String: String] {
        parse(try await request.body.collect(upTo: limit))
    }
}
