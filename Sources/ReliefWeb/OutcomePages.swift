import ChartCairo
import ChartScene
import Foundation
import Hummingbird
import ReliefAnalytics
import ReliefFiles
import ReliefModel
import ReliefReports
import ReliefStore
import ReliefWorkflows

/// The manager's outcomes: the clinic report's blocks for a month, filtered by group.
extension WebApp {
    static let dimensions: [GroupDimension] = [.site, .therapist, .technique, .segment, .region, .kind]

    func filter(_ request: Request) -> CohortFilter {
        var keys: [GroupDimension: String] = [:]
        for d in Self.dimensions {
            if let v = request.uri.queryParameters.get(d.rawValue), !v.isEmpty { keys[d] = v }
        }
        return CohortFilter(keys)
    }

    func outcomesQuery(_ month: Month, _ filter: CohortFilter, extra: [(String, String?)] = []) -> String {
        HTML.queryString([("month", month.iso)] + Self.dimensions.map { ($0.rawValue, filter.keys[$0]) } + extra)
    }

    func clinicInput(month: Month, filter: CohortFilter) async throws -> ClinicReport.Input {
        let version = try await dataVersion()
        let key = month.iso + "|" + Self.dimensions.map { filter.keys[$0] ?? "" }.joined(separator: "|")
        let options = self.options
        return try await cache.outcomes(version: version, key: key) { [store] in
            try await self.blocking { try ReportService.clinicInput(store: store, month: month, options: options, filter: filter) }
        }
    }

    func outcomesMonth(_ request: Request) async throws -> Month {
        let d = try await directory()
        guard let month = try self.month(request, default: d.latestMonth) else {
            throw PageError.notFound("No sessions are on record yet; import some first.")
        }
        return month
    }

    func outcomesPage(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let month = try await outcomesMonth(request)
        let filter = self.filter(request)
        let d = try await directory()
        try await audit(session, "view", detail: "outcomes " + month.iso + outcomesQuery(month, filter))
        let unfiltered = try await clinicInput(month: month, filter: .init())
        let input = filter.isEmpty ? unfiltered : try await clinicInput(month: month, filter: filter)
        let w = options.language
        var body = "<h1>Outcomes</h1><form class=\"filters\" method=\"get\" action=\"/outcomes\">"
        // Months: the twelve up to the newest session.
        body += "<label for=\"month\">Month</label><select id=\"month\" name=\"month\">"
        var m = d.latestMonth ?? month
        for _ in 0..<12 {
            body += "<option value=\"\(m.iso)\"\(m == month ? " selected" : "")>\(HTML.escape(w.monthYear(m)))</option>"
            m = m.previous
        }
        body += "</select>"
        let o = unfiltered.outcomes
        for (dimension, groups) in o.breakdowns {
            let id = dimension.rawValue
            body += "<label for=\"\(id)\">\(HTML.escape(w.dimensionName(dimension)))</label><select id=\"\(id)\" name=\"\(id)\">"
            body += "<option value=\"\">All</option>"
            for g in groups where g.clients > 0 {
                let label = dimension == .therapist ? (unfiltered.therapistNames[g.key] ?? w.groupLabel(g)) : w.groupLabel(g)
                body += "<option value=\"\(HTML.escape(g.key))\"\(filter.keys[dimension] == g.key ? " selected" : "")>\(HTML.escape(label))</option>"
            }
            body += "</select>"
        }
        body += "<button type=\"submit\">Show</button></form>"
        if !filter.isEmpty {
            body += "<p class=\"note\">Filtered: the clients in " + Self.dimensions.compactMap { d in
                filter.keys[d].map { "\(w.dimensionName(d).lowercased()) “\(HTML.escape(label(d, $0, unfiltered)))”" }
            }.joined(separator: " and ") + ". <a href=\"/outcomes?month=\(month.iso)\">Show all clients</a></p>"
        }
        body += "<p class=\"actions\"><a class=\"button\" href=\"/outcomes.csv\(HTML.escape(outcomesQuery(month, filter)))\">Download the group tables (CSV)</a> "
            + "<a class=\"button\" href=\"/outcomes/clients\(HTML.escape(outcomesQuery(month, filter)))\">The clients behind these figures</a></p>"
        let version = try await dataVersion(), pageKey = "outcomes" + outcomesQuery(month, filter)
        if let html = await cache.page(version: version, key: pageKey) {
            return Layout.html(Layout.page("Outcomes", session: session, active: "/outcomes", body + html))
        }
        let renderer = BlocksHTML(
            chartURL: { "/outcomes/charts/\($0)" + self.outcomesQuery(month, filter) },
            rowURL: { link in
                switch link {
                case let .group(dimension, key):
                    var f = filter
                    f.keys[dimension] = key
                    return "/outcomes/clients" + self.outcomesQuery(month, f)
                case let .client(id):
                    return "/clients/\(HTML.query(id))?month=\(month.iso)"
                }
            },
            linkURL: { target in
                // A bar: `dimension=key`, the clients behind it within the current filter.
                let parts = target.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let dimension = GroupDimension(rawValue: parts[0]) else { return nil }
                var f = filter
                f.keys[dimension] = parts[1]
                return "/outcomes/clients" + self.outcomesQuery(month, f)
            })
        let html = renderer.render(ClinicReport.blocks(input, language: w))
        await cache.setPage(html, version: version, key: pageKey)
        return Layout.html(Layout.page("Outcomes", session: session, active: "/outcomes", body + html))
    }

    func label(_ d: GroupDimension, _ key: String, _ input: ClinicReport.Input) -> String {
        if d == .therapist, let name = input.therapistNames[key] { return name }
        return input.outcomes.groups(d).first { $0.key == key }.map(options.language.groupLabel) ?? key
    }

    /// The clients behind a bar or a filter: each linked to their page.
    func outcomesClients(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let month = try await outcomesMonth(request)
        let filter = self.filter(request)
        try await audit(session, "view", detail: "outcome clients " + month.iso + outcomesQuery(month, filter))
        let unfiltered = try await clinicInput(month: month, filter: .init())
        let clients = try await blocking { [store] in try AnalysisService.cohortClients(store: store, month: month, filter: filter) }
        let w = options.language
        let what = filter.isEmpty ? "all active clients" : Self.dimensions.compactMap { d in
            filter.keys[d].map { "\(w.dimensionName(d).lowercased()) “\(label(d, $0, unfiltered))”" }
        }.joined(separator: " and ")
        var body = "<p class=\"crumbs\"><a href=\"/outcomes\(HTML.escape(outcomesQuery(month, filter)))\">Outcomes</a> › clients</p>"
        body += "<h1>Clients behind the figures</h1><p>\(clients.count) active \(clients.count == 1 ? "client" : "clients") in "
            + "\(HTML.escape(w.monthYear(month))): \(HTML.escape(what)).</p>"
        body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Client</th><th scope=\"col\">Therapist</th>"
            + "<th scope=\"col\" class=\"num\">Sessions this month</th><th scope=\"col\" class=\"num\">Pain at start → now</th>"
            + "<th scope=\"col\">Improved</th><th scope=\"col\">At risk</th></tr></thead><tbody>"
        for c in clients {
            let improved = c.improved.map { $0 ? "yes" : "no" } ?? "too early to say"
            body += "<tr><td><a href=\"/clients/\(HTML.query(c.id))?month=\(month.iso)\"><bdi>\(HTML.escape(c.name ?? c.id))</bdi></a></td>"
                + "<td>\(HTML.escape(c.therapist.map { unfiltered.therapistNames[$0] ?? $0 } ?? "–"))</td><td class=\"num\">\(c.sessionsInPeriod)</td>"
                + "<td class=\"num\">\(HTML.escape(w.score(c.baselinePain))) → \(HTML.escape(w.score(c.currentPain)))</td>"
                + "<td>\(improved)</td><td>\(c.atRisk ? "<span class=\"flag\">at risk</span>" : "")</td></tr>"
        }
        body += "</tbody></table></div><p class=\"note\">Improved: at least 30 % and 2 points less pain than at the start of the course (metrics.md); “too early to say” for a client with fewer than 2 days of pain on record.</p>"
        return Layout.html(Layout.page("Clients behind the figures", session: session, active: "/outcomes", body))
    }

    /// The group tables as CSV (formulas neutralised: it is opened in spreadsheets).
    func outcomesCSV(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let month = try await outcomesMonth(request)
        let filter = self.filter(request)
        try await audit(session, "export", detail: "outcomes.csv " + month.iso + outcomesQuery(month, filter))
        let input = try await clinicInput(month: month, filter: filter)
        let o = input.outcomes, w = options.language
        var csv = CSVWriter(options: .init(neutralizeFormulas: true))
        csv.write(row: ["month", "dimension", "key", "label", "clients", "sessions", "eligible", "improved", "improved_share",
                      "improved_share_lower95", "improved_share_upper95", "median_percent_change", "mean_immediate_relief",
                      "too_few_to_compare"])
        func num(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "" }
        for (_, groups) in o.breakdowns {
            for g in groups {
                let label = g.dimension == .therapist ? (input.therapistNames[g.key] ?? w.groupLabel(g)) : w.groupLabel(g)
                csv.write(row: [month.iso, g.dimension.rawValue, g.key, label, String(g.clients), String(g.sessions), String(g.eligible),
                              String(g.improved), num(g.improvedShare), num(g.improvedShareLower95), num(g.improvedShareUpper95),
                              num(g.medianPercentChange), num(g.meanImmediateRelief), g.tooFewToCompare ? "true" : "false"])
            }
        }
        return Layout.bytes(Data(csv.takeBytes()), type: "text/csv; charset=utf-8", filename: "relief-outcomes-\(month.iso).csv")
    }

    func outcomesChart(_ request: Request, n: String, _ session: SessionStore.Session) async throws -> Response {
        let month = try await outcomesMonth(request)
        let input = try await clinicInput(month: month, filter: self.filter(request))
        let scenes = ClinicReport.blocks(input, language: options.language).flatMap { b -> [Scene] in
            switch b {
            case let .chart(s): return [s]
            case let .chartPair(a, b): return [a, b]
            default: return []
            }
        }
        guard let index = Int(n), scenes.indices.contains(index) else { throw PageError.notFound("No such chart.") }
        let scene = scenes[index]
        let png = try await blocking { try CairoPNG(scale: 2, compressionLevel: 6).render(scene) }
        return Layout.bytes(png, type: "image/png", cache: true)
    }
}
