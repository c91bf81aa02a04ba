import Foundation
import Hummingbird
import ReliefStore

extension WebApp {
    /// Who viewed, downloaded, exported or imported what, newest first (also `relief audit`).
    func auditPage(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let client = request.uri.queryParameters.get("client").flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await blocking { [store] in try store.auditEntries(client: client, limit: 500) }
        var body = "<h1>Audit trail</h1><form class=\"filters\" method=\"get\" action=\"/audit\">"
            + "<label for=\"client\">Client id</label><input id=\"client\" name=\"client\" value=\"\(HTML.escape(client ?? ""))\">"
            + "<button type=\"submit\">Show</button></form>"
        body += "<p class=\"note\">The newest \(entries.count) entries\(client.map { " about client " + HTML.escape($0) } ?? ""). Times are UTC.</p>"
        body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Account</th><th scope=\"col\">Action</th>"
            + "<th scope=\"col\">Client</th><th scope=\"col\">Detail</th></tr></thead><tbody>"
        for e in entries {
            body += "<tr><td>\(HTML.escape(e.at))</td><td>\(HTML.escape(e.account))</td><td>\(HTML.escape(e.action))</td>"
                + "<td>\(e.clientID.map { "<a href=\"/audit?client=\(HTML.query($0))\">\(HTML.escape($0))</a>" } ?? "")</td>"
                + "<td>\(HTML.escape(e.detail))</td></tr>"
        }
        body += "</tbody></table></div>"
        try await audit(session, "view", detail: "audit" + (client.map { " of \($0)" } ?? ""))
        return Layout.html(Layout.page("Audit trail", session: session, active: "/audit", body))
    }

    func usersPage(_ session: SessionStore.Session, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let accounts = try await blocking { [store] in try store.accounts() }
        var body = "<h1>Accounts</h1>"
        if let message { body += "<p class=\"error\" role=\"alert\">\(HTML.escape(message))</p>" }
        body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Account</th><th scope=\"col\">Role</th><th scope=\"col\">Therapist id</th>"
            + "<th scope=\"col\">Since</th><th scope=\"col\">Status</th></tr></thead><tbody>"
        for a in accounts {
            body += "<tr><td>\(HTML.escape(a.name))</td><td>\(a.role.rawValue)</td><td>\(HTML.escape(a.therapistID ?? "–"))</td>"
                + "<td>\(HTML.escape(a.created))</td><td>\(a.disabled ? "disabled" : "active")</td></tr>"
        }
        body += "</tbody></table></div>"
        body += """
        <h2>Add an account, or change one</h2>
        <form class="account" method="post" action="/users?csrf=\(HTML.query(session.csrf))">
        <label for="name">Account name</label><input id="name" name="name" required maxlength="64" pattern="[A-Za-z0-9._-]+">
        <label for="role">Role</label><select id="role" name="role"><option value="therapist">therapist</option>
        <option value="manager">manager</option><option value="admin">admin</option></select>
        <label for="therapist">Therapist id (therapists only)</label><input id="therapist" name="therapist">
        <label for="password">Password (at least 10 characters)</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="10">
        <label class="check"><input type="checkbox" name="disabled" value="1"> Disabled (cannot sign in)</label>
        <button type="submit">Save the account</button>
        </form>
        """
        return Layout.html(Layout.page("Accounts", session: session, active: "/users", body), status: status)
    }

    func saveUser(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let form = try await FormBody.read(request)
        let name = form["name"] ?? "", password = form["password"] ?? ""
        guard let role = AccountRole(rawValue: form["role"] ?? "") else {
            return try await usersPage(session, message: "Choose a role.", status: .badRequest)
        }
        let therapist = (form["therapist"] ?? "").trimmingCharacters(in: .whitespaces)
        let disabled = form["disabled"] == "1"
        let cost = config.bcryptCost, now = config.now()
        do {
            try await blocking { [store] in
                try Accounts.save(name: name, role: role, therapistID: therapist.isEmpty ? nil : therapist, password: password,
                                  store: store, now: now, cost: cost)
                if disabled, var a = try store.account(named: name) { a.disabled = true; try store.saveAccount(a) }
            }
        } catch let error as Accounts.Failure {
            return try await usersPage(session, message: error.description, status: .badRequest)
        }
        await sessions.endAll(account: name)
        try await audit(session, "account", detail: "\(name) as \(role.rawValue)\(disabled ? ", disabled" : "")")
        return Response.redirect(to: "/users", type: .normal)
    }
}
