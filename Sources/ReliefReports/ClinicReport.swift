import ChartScene
import ReliefAnalytics
import ReliefModel

/// The clinic manager's monthly outcomes report: headline numbers beside last month's,
/// breakdowns (never ranked), dose-response, relief durations, the at-risk list and
/// data quality.
public enum ClinicReport {
    public struct Input: Sendable {
        public var clinicName: String
        public var month: Month
        public var outcomes: CohortOutcomes
        public var lastMonth: CohortOutcomes
        public var therapistNames: [String: String]
        /// Charts keyed by section: "breakdowns", "dose", "relief".
        public var charts: [String: [ReportChart]]
        /// Rows rejected by the most recent import of each file (file, rejected, day).
        public var rejectedRows: [(file: String, rejected: Int, on: Day)]
        public var cutoff: Day
        public var created: Day
        public var version: String

        public init(clinicName: String, month: Month, outcomes: CohortOutcomes, lastMonth: CohortOutcomes,
                    therapistNames: [String: String], charts: [String: [ReportChart]] = [:],
                    rejectedRows: [(file: String, rejected: Int, on: Day)] = [], cutoff: Day, created: Day, version: String) {
            self.clinicName = clinicName; self.month = month; self.outcomes = outcomes; self.lastMonth = lastMonth
            self.therapistNames = therapistNames; self.charts = charts; self.rejectedRows = rejectedRows
            self.cutoff = cutoff; self.created = created; self.version = version
        }
    }

    public static func document(_ input: Input, style: ReportStyle = ReportStyle(), measuring: any TextMeasuring) -> Document {
        let o = input.outcomes, l = input.lastMonth
        var c = PageComposer(style: style, measuring: measuring,
                             header: "\(input.clinicName) · Clinic outcomes · \(input.month.longName)",
                             footer: "Records up to \(input.cutoff.iso) · Relief \(input.version) · Observational data: associations, not causes.")
        c.add(.heading("Clinic outcomes, \(input.month.longName)", level: 0))
        c.add(.note("\(input.clinicName) · for the clinic's own review; contains client names and health data."))
        c.add(.keyFigures(headline(o, l)))
        c.add(.paragraph(summary(o, l)))
        for chart in input.charts["relief"] ?? [] { place(chart, in: &c) }

        c.add(.heading("Outcomes by group", level: 0))
        c.add(.note("Groups are listed alphabetically and never ranked. A group with fewer than 5 clients is marked “too few to compare”. " +
                    "Improved = pain fell by at least 2 points and 30% from the client's first session."))
        for chart in input.charts["breakdowns"] ?? [] { place(chart, in: &c) }
        for (title, groups) in [("Therapist", o.byTherapist), ("Technique", o.byTechnique), ("Client segment", o.bySegment),
                                ("Body region", o.byRegion), ("Kind of session", o.byKind)] where !groups.isEmpty {
            c.add(.heading("By \(title.lowercased())", level: 1))
            c.add(.table(groupTable(title: title, groups, names: title == "Therapist" ? input.therapistNames : [:])))
        }

        c.add(.heading("Sessions per month and improvement", level: 0))
        for chart in input.charts["dose"] ?? [] { place(chart, in: &c) }
        c.add(.table(doseTable(o.doseResponse)))
        c.add(.paragraph(doseSentence(o.doseResponse)))

        c.add(.heading("Clients to look at", level: 0))
        if o.atRisk.isEmpty {
            c.add(.paragraph("No client meets an at-risk rule this month."))
        } else {
            c.add(.note("Rules: pain trend worsening; pain at or above the first session's after 4 or more sessions; or no visit for 30+ days with pain above 4."))
            c.add(.table(atRiskTable(o.atRisk, names: input.therapistNames)))
        }

        c.add(.heading("Data quality", level: 0))
        c.add(.table(qualityTable(o.dataQuality)))
        if input.rejectedRows.isEmpty {
            c.add(.note("No rows were rejected by the latest imports."))
        } else {
            c.add(.table(Table(header: ["File", "Rows rejected", "Imported"],
                               rows: input.rejectedRows.map { [$0.file, String($0.rejected), $0.on.iso] },
                               alignments: [.start, .end, .start], weights: [3, 1, 1])))
        }
        let pages = c.finish(title: "Clinic outcomes")
        return Document(pages: pages, metadata: DocumentMetadata(
            title: "Clinic outcomes · \(input.month.longName)", author: input.clinicName,
            subject: "Outcomes across clients, \(input.month.iso)", creator: "Relief \(input.version)",
            creationDate: input.created.iso))
    }

    static func place(_ chart: ReportChart, in c: inout PageComposer) {
        if let h = chart.heading { c.add(.heading(h, level: 1)) }
        c.add(.chart(chart.scene))
        if !chart.caption.isEmpty { c.add(.note(chart.caption)) }
    }

    static func share(_ v: Double?) -> String {
        guard let v else { return "–" }
        return "\(Int((v * 100).rounded()))%"
    }

    static func pct(_ v: Double?) -> String {
        guard let v else { return "–" }
        let p = Int(v.rounded())
        return p < 0 ? "−\(-p)%" : "+\(p)%"
    }

    static func lastMonth(_ v: String) -> String { "last month \(v)" }

    public static func headline(_ o: CohortOutcomes, _ l: CohortOutcomes) -> [KeyFigure] {
        [
            KeyFigure(label: "Active clients", value: String(o.clients), detail: lastMonth(String(l.clients))),
            KeyFigure(label: "Sessions", value: String(o.sessions), detail: lastMonth(String(l.sessions))),
            KeyFigure(label: "New clients", value: String(o.newClients), detail: lastMonth(String(l.newClients))),
            KeyFigure(label: "Lapsed (30+ days without a visit)", value: String(o.lapsedClients), detail: lastMonth(String(l.lapsedClients)),
                      tone: o.lapsedClients > l.lapsedClients ? .worse : .neutral),
            KeyFigure(label: "Clients clearly improved", value: share(o.improvedShare),
                      detail: "\(o.improved) of \(o.eligible); \(o.leftOut) with one session left out; " + lastMonth(share(l.improvedShare))),
            KeyFigure(label: "Median change in pain", value: pct(o.medianPercentChange),
                      detail: "since each client's first session; " + lastMonth(pct(l.medianPercentChange)),
                      tone: (o.medianPercentChange ?? 0) <= -30 ? .better : .neutral),
            KeyFigure(label: "Pain drop during a session", value: o.immediateRelief.mean.map { Wording.score($0) + " points" } ?? "–",
                      detail: lastMonth(l.immediateRelief.mean.map { Wording.score($0) } ?? "–")),
            KeyFigure(label: "Relief lasts (median)", value: o.reliefDuration.medianDays.map { Wording.days($0) } ?? "–",
                      detail: lastMonth(l.reliefDuration.medianDays.map { Wording.days($0) } ?? "–")),
            KeyFigure(label: "Clients to look at", value: String(o.atRisk.count), detail: lastMonth(String(l.atRisk.count)),
                      tone: o.atRisk.count > l.atRisk.count ? .worse : .neutral),
        ]
    }

    public static func summary(_ o: CohortOutcomes, _ l: CohortOutcomes) -> String {
        var parts = ["\(o.clients) clients came to \(o.sessions) sessions this month (last month \(l.clients) clients, \(l.sessions) sessions)."]
        if let s = o.improvedShare {
            parts.append("Of the \(o.eligible) active clients with at least two sessions on record, \(o.improved) (\(share(s))) have improved by a clinically meaningful amount since their first session.")
        } else {
            parts.append("Too few clients have two or more sessions on record to speak of improvement yet.")
        }
        if o.leftOut > 0 { parts.append("\(o.leftOut) client\(o.leftOut == 1 ? "" : "s") with a single session so far \(o.leftOut == 1 ? "is" : "are") left out of that share.") }
        if !o.atRisk.isEmpty { parts.append("\(o.atRisk.count) client\(o.atRisk.count == 1 ? " needs" : "s need") a closer look (listed at the end).") }
        return parts.joined(separator: " ")
    }

    static func groupTable(title: String, _ groups: [GroupOutcome], names: [String: String]) -> Table {
        let rows = groups.sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }.map { g -> [String] in
            [names[g.key] ?? g.label, String(g.clients), String(g.sessions), g.tooFewToCompare ? "too few to compare" : share(g.improvedShare),
             g.tooFewToCompare ? "–" : pct(g.medianPercentChange), g.meanImmediateRelief.map { Wording.score($0) } ?? "–"]
        }
        return Table(header: [title, "Clients", "Sessions", "Improved", "Median pain change", "Drop in session"],
                     rows: rows, alignments: [.start, .end, .end, .end, .end, .end], weights: [2.6, 1, 1, 1.5, 1.5, 1.3])
    }

    static func doseTable(_ d: DoseResponse) -> Table {
        Table(header: ["Sessions per 30 days", "Clients", "Median pain change", "Improved"],
              rows: d.bins.map { [$0.label, String($0.n), $0.tooFewToCompare ? "too few" : pct($0.medianPercentChange),
                                  $0.tooFewToCompare ? "too few" : share($0.improvedShare)] },
              alignments: [.start, .end, .end, .end], weights: [2, 1, 1.5, 1.2])
    }

    public static func doseSentence(_ d: DoseResponse) -> String {
        guard let s = d.spearman else { return "Too few clients to relate how often they came to how much they improved." }
        let text = format2(s.rho)
        let ci = s.lower95.flatMap { lo in s.upper95.map { hi in " (95% interval \(format2(lo)) to \(format2(hi)))" } } ?? ""
        let lead: String
        if let hi = s.upper95, hi < 0 {
            lead = "Clients who came more often improved more"
        } else if let lo = s.lower95, lo > 0 {
            lead = "Clients who came more often improved less"
        } else {
            lead = "There is no clear link between how often clients came and how much they improved"
        }
        return "\(lead): Spearman's ρ = \(text)\(ci) between sessions per 30 days and the change in pain. " +
            "This is observational — who keeps coming is not random — so it does not show that more sessions cause more improvement."
    }

    static func format2(_ v: Double) -> String {
        let scaled = Int((abs(v) * 100).rounded())
        let frac = scaled % 100
        return (v < 0 && scaled != 0 ? "−" : "") + String(scaled / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    static func atRiskTable(_ list: [AtRiskClient], names: [String: String]) -> Table {
        Table(header: ["Client", "Therapist", "Pain first → now", "Last visit", "Why"],
              rows: list.map { a in
                  [a.name ?? a.client, a.therapist.map { names[$0] ?? $0 } ?? "–",
                   Wording.score(a.baselinePain) + " → " + Wording.score(a.currentPain),
                   a.lastSession?.iso ?? "–", reasonText(a.reasons.map(\.words))]
              },
              alignments: [.start, .start, .end, .start, .start], weights: [2, 1.6, 1.3, 1.3, 3.6])
    }

    /// "A; b." from sentences that each end in a full stop.
    static func reasonText(_ sentences: [String]) -> String {
        let parts = sentences.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
        return parts.isEmpty ? "" : parts.joined(separator: "; ") + "."
    }

    static func qualityTable(_ q: DataQuality) -> Table {
        Table(header: ["Score", "Sessions missing it"],
              rows: [["Pain after the session", share(q.missingPainAfter)], ["Sleep quality", share(q.missingSleep)],
                     ["Mood", share(q.missingMood)], ["Stress", share(q.missingStress)]],
              alignments: [.start, .end], weights: [3, 1])
    }
}
