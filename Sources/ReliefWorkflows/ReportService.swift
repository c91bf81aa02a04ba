import ChartCairo
import ChartScene
import Foundation
import ReliefAnalytics
import ReliefFiles
import ReliefModel
import ReliefReports
import ReliefStore

/// The paper a report is laid out for.
public enum Paper: String, Sendable, CaseIterable {
    case a4, letter

    var size: Size { self == .a4 ? .a4 : .letter }
}

/// How reports are rendered: paper, notes, images, pinned dates, language.
public struct ReportOptions: Sendable {
    public var clinicName = "Relief sample clinic"
    public var paper: Paper = .a4
    public var includeNotes = false
    public var png = true
    public var pngScale = 1.5
    /// Pinned creation date written into every PDF (reproducible output).
    public var created: Day
    public var version = ReliefVersion.current
    /// Every word, number and date format of the reports.
    public var language: ReportLanguage = .english

    public init(created: Day) { self.created = created }
}

public enum ReliefVersion {
    public static let current = "0.1.0"
}

/// Render a report: loads, analyses, lays out and renders one client's or the clinic's report
/// for a month into a folder (PDF, and a PNG per chart), each file owner-only and whole.
public enum ReportService {
    static func style(_ options: ReportOptions) -> ReportStyle {
        var style = ReportStyle()
        style.pageSize = options.paper.size
        return style
    }

    static let pdf = CairoPDF()

    /// `<out>/clients/<id>.pdf` and a PNG per chart beside it.
    /// - Throws: `WorkflowError.unknownClient`, `.noSessions` when the client has none that
    ///   month, `.cannotWrite`; `StoreError`; `RenderError`.
    public static func renderClient(store: any RecordStore, id: String, month: Month, out: String,
                                    options: ReportOptions, analysis: AnalysisOptions? = nil) throws -> ReportManifest.Entry {
        guard let record = try store.clientRecord(id: id, through: month.last) else { throw WorkflowError.unknownClient(id) }
        return try renderClient(record, month: month, names: try names(store), out: out, options: options,
                                analysis: try analysis ?? AnalysisService.options(store: store, through: month.last))
    }

    static func therapistNames(_ store: any RecordStore) throws -> [String: String] {
        var names: [String: String] = [:]
        for t in try store.therapists() { names[t.id] = t.name ?? t.id }
        return names
    }

    /// The names reports print for ids: each therapist's (their id when unnamed) and each named
    /// site's clinic name.
    public struct Names: Sendable {
        public var therapists: [String: String] = [:]
        public var sites: [String: String] = [:]
        public init(therapists: [String: String] = [:], sites: [String: String] = [:]) {
            self.therapists = therapists; self.sites = sites
        }
    }

    /// The store's therapists' and sites' names.
    public static func names(_ store: any RecordStore) throws -> Names {
        var sites: [String: String] = [:]
        for s in try store.sites() { if let n = s.name { sites[s.id] = n } }
        return Names(therapists: try therapistNames(store), sites: sites)
    }

    /// What one client's report for a month says, before layout: the report's input (its
    /// numbers, words and chart scenes) and the progress behind it. The PDF, the PNGs and the
    /// web app's client page are all drawn from this one value.
    public struct ClientView: Sendable {
        public var input: ClientReport.Input
        public var progress: ClientProgress
    }

    /// One client's report for `month` from a record already loaded.
    /// - Throws: `WorkflowError.noSessions` when the client has no session that month.
    /// The report carries the clinic name of the site of the client's last session that month
    /// that has a named site (a chain's), else `options.clinicName`.
    public static func clientView(_ record: ClientRecord, month: Month, names all: Names,
                                  options: ReportOptions, analysis: AnalysisOptions) throws -> ClientView {
        let names = all.therapists
        let period = Period(month)
        let monthSessions = record.sessions.filter { period.contains($0.day) }
        guard !monthSessions.isEmpty else { throw WorkflowError.noSessions(client: record.client.id, month: month.iso) }
        let progress = Analytics.client(record, period: period, options: analysis)
        // Last month's figures need no confidence bands: skip their bootstrap.
        var lastOptions = analysis
        lastOptions.bootstrapReplicates = 0
        let last = Analytics.client(record, period: Period(month.previous), options: lastOptions)
        let summary = ClientSummary(month: month, progress: progress, lastMonth: last)
        let charts = ClientCharts.all(record: record, progress: progress, month: month, style: style(options),
                                      language: options.language, measuring: PangoTextMeasurer())
        let therapist = Analytics.therapistOfRecord(record, in: period)
        let siteName = monthSessions.reversed().lazy.compactMap { $0.site.flatMap { all.sites[$0] } }.first
        let input = ClientReport.Input(
            clinicName: siteName ?? options.clinicName, client: record.client, therapistName: therapist.map { names[$0] ?? $0 },
            summary: summary, monthSessions: monthSessions, therapistNames: names, includeNotes: options.includeNotes,
            charts: charts, cutoff: month.last, created: options.created, version: options.version)
        return ClientView(input: input, progress: progress)
    }

    /// The client report's PDF bytes (what `renderClient` writes).
    /// - Throws: `RenderError`.
    public static func clientPDF(_ view: ClientView, options: ReportOptions) throws -> Data {
        try pdf.render(ClientReport.document(view.input, style: style(options), language: options.language,
                                             measuring: PangoTextMeasurer()))
    }

    /// Renders one client's report from a record already loaded (`report month` loads clients in batches).
    static func renderClient(_ record: ClientRecord, month: Month, names: Names, out: String,
                             options: ReportOptions, analysis: AnalysisOptions) throws -> ReportManifest.Entry {
        let id = record.client.id
        let view = try clientView(record, month: month, names: names, options: options, analysis: analysis)
        let document = ClientReport.document(view.input, style: style(options), language: options.language,
                                             measuring: PangoTextMeasurer())
        let stem = "clients/" + SafeName.stem(id)
        try writing {
            try OwnerOnlyFiles.makeFolder(out + "/clients")
            try OwnerOnlyFiles.write(pdf.render(document), to: out + "/" + stem + ".pdf")
        }
        let images = try writeImages(view.input.charts, prefix: stem + "-", out: out, options: options)
        let progress = view.progress
        return ReportManifest.Entry(kind: "client", clientID: id, name: record.client.displayName, pdf: stem + ".pdf",
                                    pages: document.pages.count, images: images,
                                    headline: ["sessions": Double(progress.sessions), "painCurrent": progress.pain.current,
                                               "painBaseline": progress.pain.baseline])
    }

    /// A PNG of each chart, `<out>/<prefix><slug>.png`, unless `--no-png`; their sizes for the manifest.
    static func writeImages(_ charts: [ReportChart], prefix: String, out: String,
                            options: ReportOptions) throws -> [ReportManifest.Image] {
        guard options.png else { return [] }
        let png = CairoPNG(scale: options.pngScale)
        return try charts.map { chart in
            let file = prefix + chart.slug + ".png"
            try writing { try OwnerOnlyFiles.write(png.render(chart.scene), to: out + "/" + file) }
            return ReportManifest.Image(file: file, width: Int((chart.scene.size.width * options.pngScale).rounded(.up)),
                                        height: Int((chart.scene.size.height * options.pngScale).rounded(.up)))
        }
    }

    /// The clinic outcomes report: `<out>/clinic.pdf` and its chart PNGs.
    /// - Throws: `WorkflowError.cannotWrite`, `StoreError`, `RenderError`.
    /// What the clinic report for a month says, before layout (the PDF and the web app's outcomes
    /// page are drawn from it); a non-empty `filter` keeps the clients in the groups it names.
    public static func clinicInput(store: any RecordStore, month: Month, options: ReportOptions,
                                   filter: CohortFilter = .init()) throws -> ClinicReport.Input {
        var site: Site?
        if let id = filter.keys[.site], id != GroupKeys.unspecified {
            let sites = try store.sites()
            guard let s = sites.first(where: { $0.id == id }) else { throw WorkflowError.unknownSite(id, known: sites.map(\.id)) }
            site = s
        }
        let (cohort, last) = try AnalysisService.cohortWithPrevious(store: store, month: month, filter: filter)
        var outcomes = cohort
        if site != nil {
            // One site's report: its breakdown by site would only repeat the filter.
            outcomes.bySite = []
        }
        let names = try therapistNames(store)
        let charts = ClinicCharts.all(outcomes, names: names, style: style(options), language: options.language,
                                      measuring: PangoTextMeasurer())
        // Data quality as of the report's cut-off: each file's latest import up to then.
        let rejected = try store.latestImportPerFile(through: month.last).filter { $0.summary.rejected > 0 }
            .map { (file: ($0.file as NSString).lastPathComponent, rejected: $0.summary.rejected, on: $0.importedOn) }
        var input = ClinicReport.Input(clinicName: site?.name ?? site.map { options.clinicName + " · " + $0.id } ?? options.clinicName,
                                       month: month, outcomes: outcomes, lastMonth: last,
                                       therapistNames: names, charts: charts, rejectedRows: rejected,
                                       cutoff: month.last, created: options.created, version: options.version)
        input.site = site
        return input
    }

    /// The clinic report for `month` (one `site` of a chain's only, when given: its clients).
    public static func renderClinic(store: any RecordStore, month: Month, out: String, options: ReportOptions,
                                    site: String? = nil) throws -> ReportManifest.Entry {
        let input = try clinicInput(store: store, month: month, options: options,
                                    filter: site.map { CohortFilter([.site: $0]) } ?? .init())
        let outcomes = input.outcomes, charts = input.charts, language = options.language
        let document = ClinicReport.document(input, style: style(options), language: language, measuring: PangoTextMeasurer())
        // One site's report beside the chain's: clinic-site-<site>.pdf.
        let stem = site.map { "clinic-site-" + SafeName.stem($0) } ?? "clinic"
        try writing { try OwnerOnlyFiles.write(pdf.render(document), to: out + "/" + stem + ".pdf") }
        let images = try writeImages(charts.values.flatMap { $0 }.sorted { $0.slug < $1.slug }, prefix: stem + "-",
                                     out: out, options: options)
        let title = language.clinicReportTitle(month) + (input.site.map { " · " + $0.displayName } ?? "")
        return ReportManifest.Entry(kind: "clinic", clientID: nil, name: title, pdf: stem + ".pdf",
                                    pages: document.pages.count, images: images,
                                    headline: ["clients": Double(outcomes.clients), "sessions": Double(outcomes.sessions),
                                               "improvedShare": outcomes.improvedShare])
    }
}
