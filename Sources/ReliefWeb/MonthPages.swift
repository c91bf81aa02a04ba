import Foundation
import Hummingbird
import ReliefModel
import ReliefStore
import ReliefWorkflows
import Synchronization

/// A month of reports rendered in the background (the same `MonthRenderer` as `relief report
/// month`), its progress, then its files. One render per month at a time.
actor MonthJobs {
    enum State: Sendable {
        case running(progress: Progress)
        case finished(reports: Int, failures: [String])
        case failed(String)
    }

    final class Progress: Sendable {
        let counts = Mutex((done: 0, total: 0))
        var done: Int { counts.withLock { $0.done } }
        var total: Int { counts.withLock { $0.total } }
    }

    private var states: [String: State] = [:]

    func state(_ month: Month) -> State? { states[month.iso] }

    /// Starts a render unless one is running; returns false when one was.
    func start(_ month: Month, run: @escaping @Sendable (Progress) async throws -> MonthRenderer.Outcome) -> Bool {
        if case .running = states[month.iso] { return false }
        let progress = Progress()
        states[month.iso] = .running(progress: progress)
        Task {
            do {
                let outcome = try await run(progress)
                self.finish(month, .finished(reports: outcome.rendered, failures: outcome.failures))
            } catch {
                self.finish(month, .failed("\(error)"))
            }
        }
        return true
    }

    private func finish(_ month: Month, _ state: State) { states[month.iso] = state }
}

extension WebApp {
    func parseMonth(_ text: String) throws -> Month {
        guard let m = Month(iso: text) else { throw PageError.notFound("A month is written YYYY-MM.") }
        return m
    }

    func monthFolder(_ m: Month) -> String { config.reportsFolder + "/" + m.iso }

    func manifest(_ m: Month) -> ReportManifest? {
        guard let data = FileManager.default.contents(atPath: monthFolder(m) + "/manifest.json") else { return nil }
        return try? JSONDecoder().decode(ReportManifest.self, from: data)
    }

    func monthsPage(_ session: SessionStore.Session) async throws -> Response {
        let d = try await directory()
        let w = options.language
        var body = "<h1>Monthly reports</h1><p>Each client seen in a month gets a progress report; the clinic report sums the month up. "
            + "Render a month here (it runs in the background), then download the reports.</p><ul class=\"months-list\">"
        var m = d.latestMonth ?? today.month
        for _ in 0..<12 {
            let rendered = manifest(m).map { " — \($0.reports.count) reports rendered" } ?? ""
            body += "<li><a href=\"/months/\(m.iso)\">\(HTML.escape(w.monthYear(m)))</a>\(rendered)</li>"
            m = m.previous
        }
        body += "</ul>"
        return Layout.html(Layout.page("Monthly reports", session: session, active: "/months", body))
    }

    func renderMonth(_ text: String, _ session: SessionStore.Session) async throws -> Response {
        let month = try parseMonth(text)
        let out = monthFolder(month), options = self.options, store = self.store
        _ = await jobs.start(month) { progress in
            try await self.onOwnThread {
                let renderer = MonthRenderer(store: store, month: month, out: out,
                                             jobs: max(1, ProcessInfo.processInfo.activeProcessorCount), options: options)
                return try renderer.run(started: { total in progress.counts.withLock { $0.total = total } },
                                        advanced: { done in progress.counts.withLock { $0.done = done } })
            }
        }
        try await audit(session, "export", detail: "render month \(month.iso)")
        return Response.redirect(to: "/months/\(month.iso)", type: .normal)
    }

    func monthPage(_ text: String, _ session: SessionStore.Session) async throws -> Response {
        let month = try parseMonth(text)
        let w = options.language
        let title = "Reports for " + w.monthYear(month)
        var body = "<p class=\"crumbs\"><a href=\"/months\">Monthly reports</a> › \(month.iso)</p><h1>\(HTML.escape(title))</h1>"
        let renderForm = "<form method=\"post\" action=\"/months/\(month.iso)/render?csrf=\(HTML.query(session.csrf))\">"
            + "<button type=\"submit\">Render the reports for \(HTML.escape(w.monthYear(month)))</button></form>"
        var refresh = false
        switch await jobs.state(month) {
        case let .running(progress)?:
            refresh = true
            let total = progress.total, done = progress.done
            body += "<p role=\"status\">Rendering: \(done) of \(total == 0 ? "…" : String(total)) reports done.</p>"
                + "<progress max=\"\(max(total, 1))\" value=\"\(done)\">\(done) of \(total)</progress>"
                + "<p class=\"note\">This page reloads itself every 2 seconds until the reports are ready.</p>"
        case let .failed(message)?:
            body += "<p class=\"error\">The render stopped: \(HTML.escape(message))</p>" + renderForm
        case let .finished(reports, failures)?:
            body += "<p role=\"status\">Done: \(reports) reports rendered\(failures.isEmpty ? "." : "; \(failures.count) could not be (listed below).")</p>"
            if !failures.isEmpty {
                body += "<ul class=\"error\">" + failures.prefix(50).map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
            }
        case nil:
            break
        }
        if !refresh {
            if let manifest = manifest(month) {
                body += "<p>\(manifest.reports.count) reports, rendered earlier. " + renderForm + "</p>"
                body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Report</th><th scope=\"col\" class=\"num\">Pages</th><th scope=\"col\">PDF</th></tr></thead><tbody>"
                for e in manifest.reports {
                    body += "<tr><td>\(HTML.escape(e.name))</td><td class=\"num\">\(e.pages)</td>"
                        + "<td><a href=\"/months/\(month.iso)/files/\(e.pdf.split(separator: "/").map { HTML.query(String($0)) }.joined(separator: "/"))\" download>PDF</a></td></tr>"
                }
                body += "</tbody></table></div>"
            } else {
                body += "<p>No reports have been rendered for this month yet.</p>" + renderForm
            }
        }
        var html = Layout.page(title, session: session, active: "/months", body)
        if refresh { html = html.replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"2\">") }
        return Layout.html(html)
    }

    /// A rendered file. The path must be one the month's manifest lists (a PDF or a chart PNG),
    /// so `..`, absolute paths and anything else in the folder are refused before the disk is touched.
    func monthFile(_ text: String, path: String, _ session: SessionStore.Session) async throws -> Response {
        let month = try parseMonth(text)
        let path = path.removingPercentEncoding ?? path
        guard let manifest = manifest(month) else { throw PageError.notFound("No reports have been rendered for this month.") }
        let listed = manifest.reports.first { $0.pdf == path || $0.images.contains { $0.file == path } }
        guard let entry = listed else { throw PageError.notFound("No such report file.") }
        guard let data = FileManager.default.contents(atPath: monthFolder(month) + "/" + path) else {
            throw PageError.notFound("The report file is missing; render the month again.")
        }
        try await audit(session, "download", client: entry.clientID, detail: "\(month.iso)/\(path)")
        let isPDF = path.hasSuffix(".pdf")
        return Layout.bytes(data, type: isPDF ? "application/pdf" : "image/png",
                            filename: isPDF ? "relief-\(month.iso)-" + SafeFileName.stem((path as NSString).lastPathComponent.replacingOccurrences(of: ".pdf", with: "")) + ".pdf" : nil)
    }
}
