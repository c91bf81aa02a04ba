import Foundation
import Hummingbird
import HummingbirdTesting
import ReliefStore
import Testing
@testable import ReliefWeb

/// docs/serve.md, "Security": each test fails when its protection is taken away.
@Suite(.serialized) struct SecurityTests {
    /// Every route × every role: the route table's rule holds, for GET and POST alike.
    @Test func everyRouteAdmitsExactlyTheRolesItNames() async throws {
        let f = try WebFixture()
        let client = try f.clientOf("T01")
        try await f.test { c in
            let browsers: [String?: Browser] = [nil: Browser(c), "t1": Browser(c), "mia": Browser(c), "boss": Browser(c)]
            for (name, b) in browsers { if let name { try await b.signIn(name); try await b.get("/clients") } }
            for route in WebApp.routes {
                let uri = route.path.replacingOccurrences(of: "{id}", with: client).replacingOccurrences(of: "{n}", with: "0")
                    .replacingOccurrences(of: "{upload}", with: "nope").replacingOccurrences(of: "{month}", with: "2026-10")
                    .replacingOccurrences(of: "**", with: "clinic.pdf")
                for (name, b) in browsers {
                    let role: AccountRole? = name == nil ? nil : name == "t1" ? .therapist : name == "mia" ? .manager : .admin
                    // Routes that change things are exercised by their own tests; here a POST carries no body.
                    if route.path == "/signin" || route.path == "/signout" { continue }
                    let r = route.method == .get ? try await b.get(uri) : try await b.post(uri)
                    let code = r.status.code
                    switch (route.allowed, role) {
                    case (.anyone, _):
                        #expect(code < 400, "\(route.path) for \(name ?? "nobody")")
                    case (_, nil):
                        #expect(route.method == .get ? (code == 303 && r.headers[.location]?.hasPrefix("/signin") == true) : code == 401,
                                "\(route.method) \(route.path) without signing in gave \(code)")
                    case (let allowed, let role?):
                        if allowed.admits(role) {
                            #expect(code != 401 && code != 403, "\(route.method) \(route.path) as \(role) gave \(code)")
                        } else {
                            #expect(code == 403, "\(route.method) \(route.path) as \(role) gave \(code)")
                        }
                    }
                }
            }
        }
    }

    /// A therapist cannot open another therapist's client by guessing its address: the page,
    /// its PDF and its charts answer 404, as for a client that does not exist.
    @Test func aTherapistCannotOpenAnotherTherapistsClient() async throws {
        let f = try WebFixture()
        let theirs = try f.clientOf("T02", notSeenBy: "T01")
        let mine = try f.clientOf("T01")
        try await f.test { c in
            let t1 = Browser(c)
            try await t1.signIn("t1")
            #expect(try await t1.get("/clients/\(mine)").status == .ok)
            for uri in ["/clients/\(theirs)", "/clients/\(theirs)/report.pdf?month=2026-10", "/clients/\(theirs)/charts/0?month=2026-10"] {
                #expect(try await t1.get(uri).status == .notFound, "\(uri)")
            }
            #expect(!(try await t1.get("/clients").text.contains("/clients/\(theirs)\"")))
            let manager = Browser(c)
            try await manager.signIn("mia")
            #expect(try await manager.get("/clients/\(theirs)").status == .ok)
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsRefused() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let admin = Browser(c)
            try await admin.signIn("boss")
            try await admin.get("/users")
            let form = ["name": "newbie", "role": "manager", "password": "a-long-password"]
            #expect(try await admin.post("/users", form: form, csrf: false).status == .forbidden)
            let real = admin.csrf
            admin.csrf = "forged" + (real ?? "")
            #expect(try await admin.post("/users", form: form).status == .forbidden)
            #expect(try f.store.account(named: "newbie") == nil)
            admin.csrf = real
            #expect(try await admin.post("/users", form: form).status == .seeOther)
            #expect(try f.store.account(named: "newbie")?.role == .manager)
            // The sign-in form's own token: a form posted from elsewhere has no matching cookie.
            let stranger = Browser(c)
            let r = try await stranger.post("/signin", form: ["csrf": "x", "name": "boss", "password": WebFixture.passwords["boss"]!], csrf: false)
            #expect(r.status == .forbidden)
        }
    }

    /// Session fixation: a token the browser brought is never promoted; each sign-in gets a new one.
    @Test func signingInRotatesTheSessionToken() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let planted = Browser(c)
            planted.cookies[SessionMiddleware.cookie] = "attacker-chosen-token"
            try await planted.signIn("mia")
            let first = planted.cookies[SessionMiddleware.cookie]
            #expect(first != nil && first != "attacker-chosen-token")
            let attacker = Browser(c)
            attacker.cookies[SessionMiddleware.cookie] = "attacker-chosen-token"
            #expect(try await attacker.get("/clients").status == .seeOther)
            try await planted.signIn("mia")
            #expect(planted.cookies[SessionMiddleware.cookie] != first)
            // The old token no longer works.
            let old = Browser(c)
            old.cookies[SessionMiddleware.cookie] = first
            #expect(try await old.get("/clients").status == .seeOther)
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndExpires() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let b = Browser(c)
            let r = try await b.signIn("mia")
            let cookie = r.headers[values: .setCookie].first { $0.hasPrefix(SessionMiddleware.cookie + "=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age="))
            #expect(try await b.get("/clients").status == .ok)
            f.clock.advance(31 * 60)  // idle longer than 30 minutes
            #expect(try await b.get("/clients").status == .seeOther)
        }
    }

    @Test func repeatedWrongPasswordsLockTheAccountForAWhile() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let b = Browser(c)
            for _ in 0..<5 {
                let refused = try await b.signIn("mia", password: "wrong-password")
                #expect(refused.status == .unauthorized)
            }
            // Now even the right password waits: guessing gains nothing.
            let locked = try await b.signIn("mia")
            #expect(locked.status == .tooManyRequests)
            f.clock.advance(16 * 60)
            let later = try await b.signIn("mia")
            #expect(later.status == .found)
        }
        #expect(try f.store.auditEntries(client: nil, limit: 20).filter { $0.action == "sign-in-refused" }.count >= 5)
    }

    /// Attempts sent at once are counted before their passwords are checked: at most the limit
    /// of them are checked at all.
    @Test func parallelGuessesDoNotSlipPastTheLimit() async throws {
        let f = try WebFixture()
        try await f.test { c in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await Browser(c).signIn("mia", password: "wrong-password").status }
                }
                var refused = 0, limited = 0
                for try await status in group {
                    if status == .unauthorized { refused += 1 } else if status == .tooManyRequests { limited += 1 }
                }
                #expect(refused <= 5 && refused + limited == 20, "\(refused) checked, \(limited) refused unchecked")
            }
        }
    }

    /// A name that is no account is not written into the audit trail (it may be a password).
    @Test func aRefusedUnknownNameIsNotRecorded() async throws {
        let f = try WebFixture()
        try await f.test { c in
            _ = try await Browser(c).signIn("mia", password: "wrong-password")
            _ = try await Browser(c).signIn("Secret-Passw0rd", password: "x")
        }
        let refused = try f.store.auditEntries(client: nil, limit: 10).filter { $0.action == "sign-in-refused" }.map(\.account)
        #expect(refused.contains("mia") && refused.contains("(no such account)") && !refused.contains("Secret-Passw0rd"))
    }

    /// `relief user add NAME --disable` from a terminal ends the account's open sessions within 30 seconds.
    @Test func disablingAnAccountElsewhereEndsItsSessions() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let b = Browser(c)
            try await b.signIn("t1")
            #expect(try await b.get("/clients").status == .ok)
            var a = try #require(try f.store.account(named: "t1"))
            a.disabled = true
            try f.store.saveAccount(a)
            f.clock.advance(31)
            #expect(try await b.get("/clients").status == .seeOther)
        }
    }

    /// After signing in, only a path on this site: no scheme, host, or characters a browser drops.
    @Test func signInOnlyReturnsToAPathOnThisSite() async throws {
        let f = try WebFixture()
        try await f.test { c in
            for (next, expected) in [("/clients/C0001", "/clients/C0001"), ("//evil.example", "/clients"),
                                     ("/\t/evil.example", "/clients"), ("https://evil.example", "/clients"),
                                     ("/\\evil.example", "/clients")] {
                let b = Browser(c)
                let page = try await b.get("/signin?next=" + HTML.query(next)).text
                let token = try #require(page.range(of: "name=\"csrf\" value=\"").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
                let r = try await b.post("/signin?next=" + HTML.query(next),
                                         form: ["csrf": token, "name": "mia", "password": WebFixture.passwords["mia"]!], csrf: false)
                #expect(r.headers[.location] == expected, "next=\(next.debugDescription)")
            }
        }
    }

    /// Downloads serve only files the month's manifest lists: `..`, encoded or not, never reaches the disk.
    @Test func downloadsRefusePathTraversal() async throws {
        let f = try WebFixture()
        try "secret".write(toFile: f.folder + "/secret.txt", atomically: true, encoding: .utf8)
        try await f.test { c in
            let m = Browser(c)
            try await m.signIn("mia")
            try await m.get("/months")
            #expect(try await m.post("/months/2026-10/render").status == .seeOther)
            try await waitForMonth(m)
            #expect(try await m.get("/months/2026-10/files/clinic.pdf").status == .ok)
            for path in ["../../secret.txt", "..%2F..%2Fsecret.txt", "%2e%2e/%2e%2e/secret.txt", "manifest.json", "/etc/passwd",
                         "clients/../../../secret.txt"] {
                let r = try await m.get("/months/2026-10/files/" + path)
                #expect(r.status == .notFound, "\(path) gave \(r.status)")
                #expect(!r.text.contains("secret"))
            }
        }
    }

    /// Names from the hostile corpus print as text: no element, no attribute, no reordering.
    @Test func hostileNamesRenderAsText() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let t1 = Browser(c)
            try await t1.signIn("t1")
            let list = try await t1.get("/clients").text
            #expect(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!list.contains("<script>alert(1)"))
            #expect(list.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            #expect(!list.contains("<img src=x"))
            #expect(list.contains("&#x202E;") && !list.contains("\u{202E}"))
            #expect(list.contains(String(repeating: "Ż", count: 500)))
            let page = try await t1.get("/clients/H0").text
            #expect(page.contains("<h1 dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
            #expect(!page.contains("<script"))
            let pdf = try await t1.get("/clients/H1/report.pdf?month=2026-10")
            #expect(pdf.status == .ok && pdf.text.hasPrefix("%PDF"))
        }
    }

    @Test func everyResponseCarriesAStrictContentSecurityPolicy() async throws {
        let f = try WebFixture()
        try await f.test { c in
            let b = Browser(c)
            for r in [try await b.get("/signin"), try await b.get("/clients"), try await b.get("/nowhere")] {
                let csp = r.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"))
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
            }
            try await b.signIn("mia")
            let page = try await b.get("/outcomes").text
            #expect(!page.contains("<script") && !page.contains("style=\"") && !page.contains("<style"))
        }
    }

    /// The log names routes, never the ids, names or searches in them.
    @Test func theServerLogHoldsNoPersonalData() async throws {
        let f = try WebFixture()
        let client = try f.clientOf("T01")
        let name = try #require(try f.store.clients().first { $0.id == client }?.name)
        try await f.test { c in
            let b = Browser(c)
            try await b.signIn("t1")
            try await b.get("/clients?q=" + HTML.query(name))
            try await b.get("/clients/\(client)")
            try await b.get("/clients/\(client)/report.pdf")
            try await b.get("/clients/H0")
        }
        let log = f.log.all.joined(separator: "\n")
        #expect(log.contains("GET /clients/{id}"))
        for secret in [client, name, "t1", "therapist-one-pw", "script"] + name.split(separator: " ").map(String.init) {
            #expect(!log.contains(secret), "the log holds \(secret)")
        }
    }

    /// An upload larger than the limit is refused from its declared length, before its body is read.
    @Test func anUploadOverTheLimitIsRefused() async throws {
        let f = try WebFixture(uploadLimit: 1000)
        try await f.test { c in
            let b = Browser(c)
            try await b.signIn("mia")
            try await b.get("/import")
            let boundary = "XyZ"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
            body += "session_id,client_id,date,pain_before\n" + String(repeating: "S1,C1,2026-10-01,5\n", count: 500)
            body += "\r\n--\(boundary)--\r\n"
            let r = try await b.send("/import?csrf=\(b.csrf!)", method: .post, body: ByteBuffer(string: body),
                                     contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(r.status == .contentTooLarge)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: f.folder + "/uploads")) ?? []
        #expect(left.isEmpty, "upload folders left: \(left)")
    }
}

func waitForMonth(_ b: Browser, month: String = "2026-10") async throws {
    for _ in 0..<600 {
        let page = try await b.get("/months/\(month)").text
        if !page.contains("http-equiv=\"refresh\"") { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("the month did not finish rendering")
}
