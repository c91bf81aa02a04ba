import ChartCairo
import ChartScene
import Foundation
import Hummingbird
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore
import ReliefWorkflows

extension WebApp {
    func directory() async throws -> Directory {
        let version = try await dataVersion()
        return try await cache.directory(version: version) { [store] in
            try await self.blocking { try Directory.read(store: store, version: version) }
        }
    }

    /// The client, when this session may see it; otherwise 404, the same as a client that does
    /// not exist (a guessed address tells nothing).
    func visibleClient(_ id: String, _ session: SessionStore.Session) async throws -> (Directory, Directory.Entry) {
        let d = try await directory()
        guard let e = d.entry(id), Directory.visible(e, to: session, today: today) else {
            throw PageError.notFound("There is no client with that id among your clients.")
        }
        return (d, e)
    }

    // MARK: Clients

    func clientsPage(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let d = try await directory()
        let q = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let sort = request.uri.queryParameters.get("sort") == "name" ? "name" : "last"
        let onlyAtRisk = request.uri.queryParameters.get("risk") == "1"
        let today = self.today
        var list = d.entries.filter { Directory.visible($0, to: session, today: today) }
        let total = list.count
        if !q.isEmpty {
            list = list.filter { $0.name.localizedCaseInsensitiveContains(q) || $0.id.localizedCaseInsensitiveContains(q) }
        }
        if onlyAtRisk { list = list.filter(\.atRisk) }
        if sort == "name" {
            list.sort { a, b in
                let c = a.name.localizedStandardCompare(b.name)
                return c == .orderedSame ? a.id < b.id : c == .orderedAscending
            }
        } else {
            list.sort { a, b in
                (a.lastVisit ?? Day(ordinal: .min)) != (b.lastVisit ?? Day(ordinal: .min))
                    ? (b.lastVisit ?? Day(ordinal: .min)) < (a.lastVisit ?? Day(ordinal: .min)) : a.id < b.id
            }
        }
        let shown = list.prefix(500)
        var body = "<h1>Clients</h1>"
        body += """
        <form class="filters" method="get" action="/clients" role="search">
        <label for="q">Name or id</label><input id="q" name="q" value="\(HTML.escape(q))" type="search">
        <label for="sort">Order</label><select id="sort" name="sort">
        <option value="last"\(sort == "last" ? " selected" : "")>Last visit, newest first</option>
        <option value="name"\(sort == "name" ? " selected" : "")>Name</option></select>
        <label class="check"><input type="checkbox" name="risk" value="1"\(onlyAtRisk ? " checked" : "")> Only at risk</label>
        <button type="submit">Show</button></form>
        """
        let scope = session.role == .therapist
            ? "your \(total) clients (assigned to you, or seen by you in the 12 months to \(today.iso))" : "all \(total) clients"
        let shownWords = list.count == total ? "All of " + scope : "\(list.count) of " + scope
        body += "<p class=\"note\">\(shownWords)\(list.count > shown.count ? "; the first \(shown.count) are listed" : "").</p>"
        if let m = d.latestMonth {
            body += "<p class=\"note\">“At risk” is the clinic report’s flag for \(HTML.escape(options.language.monthYear(m))) (worsening pain, no better than baseline, or lapsed in pain).</p>"
        }
        body += "<div class=\"scroll\"><table class=\"clients\"><thead><tr><th scope=\"col\">Client</th><th scope=\"col\">Id</th>"
            + "<th scope=\"col\">Last visit</th><th scope=\"col\" class=\"num\">Sessions</th><th scope=\"col\">At risk</th></tr></thead><tbody>"
        for e in shown {
            body += "<tr><td><a href=\"/clients/\(HTML.query(e.id))\"><bdi>\(HTML.escape(e.name))</bdi></a></td><td>\(HTML.escape(e.id))</td>"
                + "<td>\(e.lastVisit.map { HTML.escape(options.language.date($0)) } ?? "–")</td><td class=\"num\">\(e.sessions)</td>"
                + "<td>\(e.atRisk ? "<span class=\"flag\">at risk</span>" : "")</td></tr>"
        }
        body += "</tbody></table></div>"
        return Layout.html(Layout.page("Clients", session: session, active: "/clients", body))
    }

    var options: ReportOptions {
        var o = config.reportOptions
        o.created = today
        return o
    }

    // MARK: One client

    func month(_ request: Request, default fallback: Month?) throws -> Month? {
        guard let text = request.uri.queryParameters.get("month") else { return fallback }
        guard let m = Month(iso: text) else { throw PageError.badRequest("A month is written YYYY-MM (got “\(text)”).") }
        return m
    }

    /// The client's report for a month, from the cache or computed as the PDF computes it.
    func clientView(_ id: String, month: Month) async throws -> ReportService.ClientView? {
        let version = try await dataVersion()
        let key = id + "\u{0}" + month.iso
        if let v = await cache.clientView(version: version, key: key) { return v }
        let analysis: AnalysisOptions
        if let a = await cache.analysisOptions(version: version, month: month) {
            analysis = a
        } else {
            analysis = try await blocking { [store] in try AnalysisService.options(store: store, through: month.last) }
            await cache.setAnalysisOptions(analysis, version: version, month: month)
        }
        let options = self.options
        let view: ReportService.ClientView? = try await blocking { [store] in
            guard let record = try store.clientRecord(id: id, through: month.last) else { return nil }
            let names = try ReportService.names(store)
            do {
                return try ReportService.clientView(record, month: month, names: names, options: options, analysis: analysis)
            } catch WorkflowError.noSessions { return nil }
        }
        if let view { await cache.setClientView(view, version: version, key: key) }
        return view
    }


    func clientPage(_ request: Request, id: String, _ session: SessionStore.Session) async throws -> Response {
        let (_, entry) = try await visibleClient(id, session)
        let months = entry.months
        guard let month = try self.month(request, default: months.first) else {
            try await audit(session, "view", client: id)
            return Layout.html(Layout.page(entry.name, session: session, active: "/clients",
                                           "<h1>\(HTML.escape(entry.name))</h1><p>No sessions are on record for this client.</p>"))
        }
        try await audit(session, "view", client: id, detail: month.iso)
        let w = options.language
        var body = "<p class=\"crumbs\"><a href=\"/clients\">Clients</a> › \(HTML.escape(entry.id))</p>"
        body += "<h1 dir=\"auto\">\(HTML.escape(entry.name))</h1>"
        body += "<nav class=\"months\" aria-label=\"Months\"><ul>" + months.prefix(24).map { m in
            "<li><a href=\"/clients/\(HTML.query(id))?month=\(m.iso)\"\(m == month ? " aria-current=\"page\"" : "")>\(HTML.escape(w.monthYear(m)))</a></li>"
        }.joined() + "</ul></nav>"
        guard months.contains(month) else {
            body += "<p>No sessions are on record for \(HTML.escape(w.monthYear(month))).</p>"
            return Layout.html(Layout.page(entry.name, session: session, active: "/clients", body))
        }
        body += "<p class=\"actions\"><a class=\"button\" href=\"/clients/\(HTML.query(id))/report.pdf?month=\(month.iso)\" download>"
            + "Download the \(HTML.escape(w.monthYear(month))) report (PDF)</a></p>"
        let version = try await dataVersion(), key = id + "\u{0}" + month.iso
        if let html = await cache.page(version: version, key: key) {
            body += html
        } else if let view = try await clientView(id, month: month) {
            let renderer = BlocksHTML(chartURL: { "/clients/\(HTML.query(id))/charts/\($0)?month=\(month.iso)" }, rowURL: { _ in nil })
            let html = renderer.render(ClientReport.blocks(view.input, language: w), skipFirstHeading: true)
            await cache.setPage(html, version: version, key: key)
            body += html
        }
        return Layout.html(Layout.page(entry.name, session: session, active: "/clients", body))
    }

    func clientPDF(_ request: Request, id: String, _ session: SessionStore.Session) async throws -> Response {
        let (_, entry) = try await visibleClient(id, session)
        guard let month = try self.month(request, default: entry.months.first),
              let view = try await clientView(id, month: month) else {
            throw PageError.notFound("This client has no sessions in that month, so there is no report for it.")
        }
        try await audit(session, "download", client: id, detail: "report \(month.iso)")
        let options = self.options
        let pdf = try await blocking { try ReportService.clientPDF(view, options: options) }
        return Layout.bytes(pdf, type: "application/pdf", filename: "relief-\(SafeFileName.stem(id))-\(month.iso).pdf")
    }

    func clientChart(_ request: Request, id: String, n: String, _ session: SessionStore.Session) async throws -> Response {
        _ = try await visibleClient(id, session)
        guard let month = try self.month(request, default: nil), let index = Int(n.split(separator: ".").first ?? ""),
              let view = try await clientView(id, month: month), view.input.charts.indices.contains(index) else {
            throw PageError.notFound("No such chart.")
        }
        let scene = view.input.charts[index].scene
        let png = try await blocking { try CairoPNG(scale: 2, compressionLevel: 6).render(scene) }
        return Layout.bytes(png, type: "image/png", cache: true)
    }
}

/// A file name part from an id: letters, digits, `-` and `_` only.
enum SafeFileName {
    static func stem(_ s: String) -> String {
        let kept = s.unicodeScalars.map { ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")) ? Character($0) : "_" }
        return String(kept.prefix(64))
    }
}
