import ChartCairo
import ChartScene
import Foundation
import ReliefAnalytics
import ReliefModel
import ReliefReports
import ReliefStore

/// How reports are rendered: paper, notes, images, pinned dates.
struct ReportOptions: Sendable {
    var clinicName = "Relief sample clinic"
    var paper: Size = .a4
    var includeNotes = false
    var png = true
    var pngScale = 1.5
    /// Pinned creation date written into every PDF (reproducible output).
    var created: Day
    var version = ReliefVersion.current
}

enum ReliefVersion {
    static let current = "0.1.0"
}

/// Renders one client's or the clinic's report for a month into a folder.
enum ReportService {
    static func style(_ options: ReportOptions) -> ReportStyle {
        var style = ReportStyle()
        style.pageSize = options.paper
        return style
    }

    /// Loads, analyses, lays out and renders one client's report: `<out>/clients/<id>.pdf`
    /// and a PNG per chart beside it. Throws `CLIError.noSessions` when the client has none that month.
    static func renderClient(database: ReliefDatabase, id: String, month: Month, out: String,
                             options: ReportOptions, analysis: AnalysisOptions? = nil) throws -> ReportManifest.Entry {
        guard let record = try database.clientRecord(id: id, through: month.last) else { throw CLIError.unknownClient(id) }
        return try renderClient(record, month: month, therapistNames: try therapistNames(database), out: out, options: options,
                                analysis: try analysis ?? AnalysisService.options(database: database, through: month.last))
    }

    static func therapistNames(_ database: ReliefDatabase) throws -> [String: String] {
        var names: [String: String] = [:]
        for t in try database.therapists() { names[t.id] = t.name ?? t.id }
        return names
    }

    /// Renders one client's report from a record already loaded (`report month` loads clients in batches).
    static func renderClient(_ record: ClientRecord, month: Month, therapistNames names: [String: String], out: String,
                             options: ReportOptions, analysis: AnalysisOptions) throws -> ReportManifest.Entry {
        let id = record.client.id
        let period = Period(month)
        let monthSessions = record.sessions.filter { period.contains($0.day) }
        guard !monthSessions.isEmpty else { throw CLIError.noSessions(client: id, month: month.iso) }
        let progress = Analytics.client(record, period: period, options: analysis)
        // Last month's figures need no confidence bands: skip their bootstrap.
        var lastOptions = analysis
        lastOptions.bootstrapReplicates = 0
        let last = Analytics.client(record, period: Period(month.previous), options: lastOptions)
        let summary = ClientSummary(month: month, progress: progress, lastMonth: last)
        let measuring = PangoTextMeasurer()
        let style = style(options)
        let charts = ClientCharts.all(record: record, progress: progress, month: month, style: style, measuring: measuring)
        let main = record.client.therapistID ?? mostFrequentTherapist(monthSessions)
        let input = ClientReport.Input(
            clinicName: options.clinicName, client: record.client, therapistName: main.map { names[$0] ?? $0 },
            summary: summary, monthSessions: monthSessions, therapistNames: names, includeNotes: options.includeNotes,
            charts: charts, cutoff: month.last, created: options.created, version: options.version)
        let document = ClientReport.document(input, style: style, measuring: measuring)
        let stem = "clients/" + SafeName.stem(id)
        try AtomicFile.makeDirectory(out + "/clients")
        try CairoRenderer.writePDF(document, to: out + "/" + stem + ".pdf")
        let images = try writeImages(charts, prefix: stem + "-", out: out, options: options)
        return ReportManifest.Entry(kind: "client", clientID: id, name: record.client.displayName, pdf: stem + ".pdf",
                                    pages: document.pages.count, images: images,
                                    headline: ["sessions": Double(progress.sessions), "painCurrent": progress.pain.current,
                                               "painBaseline": progress.pain.baseline])
    }

    /// A PNG of each chart, `<out>/<prefix><slug>.png`, unless `--no-png`; their sizes for the manifest.
    static func writeImages(_ charts: [ReportChart], prefix: String, out: String,
                            options: ReportOptions) throws -> [ReportManifest.Image] {
        guard options.png else { return [] }
        return try charts.map { chart in
            let file = prefix + chart.slug + ".png"
            try CairoRenderer.writePNG(chart.scene, to: out + "/" + file, scale: options.pngScale)
            return ReportManifest.Image(file: file, width: Int((chart.scene.size.width * options.pngScale).rounded(.up)),
                                        height: Int((chart.scene.size.height * options.pngScale).rounded(.up)))
        }
    }

    static func mostFrequentTherapist(_ sessions: [Session]) -> String? {
        var counts: [String: Int] = [:]
        for s in sessions { if let t = s.therapistID { counts[t, default: 0] += 1 } }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// The clinic outcomes report: `<out>/clinic.pdf` and its chart PNGs.
    static func renderClinic(database: ReliefDatabase, month: Month, out: String, options: ReportOptions) throws -> ReportManifest.Entry {
        let (outcomes, last) = try AnalysisService.cohortWithPrevious(database: database, month: month)
        let names = try therapistNames(database)
        let measuring = PangoTextMeasurer()
        let style = style(options)
        let charts = ClinicCharts.all(outcomes, names: names, style: style, measuring: measuring)
        let rejected = try database.lastImports(limit: 50).filter { $0.summary.rejected > 0 }
            .map { (file: ($0.file as NSString).lastPathComponent, rejected: $0.summary.rejected, on: $0.importedOn) }
        let input = ClinicReport.Input(clinicName: options.clinicName, month: month, outcomes: outcomes, lastMonth: last,
                                       therapistNames: names, charts: charts, rejectedRows: rejected,
                                       cutoff: month.last, created: options.created, version: options.version)
        let document = ClinicReport.document(input, style: style, measuring: measuring)
        try CairoRenderer.writePDF(document, to: out + "/clinic.pdf")
        let images = try writeImages(charts.values.flatMap { $0 }.sorted { $0.slug < $1.slug }, prefix: "clinic-",
                                     out: out, options: options)
        return ReportManifest.Entry(kind: "clinic", clientID: nil, name: "Clinic outcomes · \(month.longName)", pdf: "clinic.pdf",
                                    pages: document.pages.count, images: images,
                                    headline: ["clients": Double(outcomes.clients), "sessions": Double(outcomes.sessions),
                                               "improvedShare": outcomes.improvedShare])
    }
}
