import ChartScene
import ReliefModel

/// The therapist's monthly progress report for one client: what each page says and shows.
///
/// Pure: numbers, sessions and chart scenes in, a `Document` out. ChartCairo renders it.
public enum ClientReport {
    public struct Input: Sendable {
        public var clinicName: String
        public var client: Client
        public var therapistName: String?
        public var summary: ClientSummary
        /// The client's sessions in the report's month, in date order.
        public var monthSessions: [Session]
        public var therapistNames: [String: String]
        public var includeNotes: Bool
        /// Charts in report order, each with the section it belongs to.
        public var charts: [ReportChart]
        /// Data cut-off: records up to this day.
        public var cutoff: Day
        /// Pinned creation date of the document (reproducible output).
        public var created: Day
        public var version: String

        public init(clinicName: String, client: Client, therapistName: String?, summary: ClientSummary,
                    monthSessions: [Session], therapistNames: [String: String], includeNotes: Bool = false,
                    charts: [ReportChart], cutoff: Day, created: Day, version: String) {
            self.clinicName = clinicName; self.client = client; self.therapistName = therapistName
            self.summary = summary; self.monthSessions = monthSessions; self.therapistNames = therapistNames
            self.includeNotes = includeNotes; self.charts = charts; self.cutoff = cutoff; self.created = created
            self.version = version
        }
    }

    public static func document(_ input: Input, style: ReportStyle = ReportStyle(), measuring: any TextMeasuring) -> Document {
        let s = input.summary
        let name = input.client.displayName
        var c = PageComposer(style: style, measuring: measuring,
                             header: "\(input.clinicName) · Progress report · \(s.month.longName)",
                             footer: "Records up to \(input.cutoff.iso) · Relief \(input.version) · Scores are reported by the client; changes, trends and relief durations are computed by Relief.")
        c.add(.heading(name, level: 0))
        c.add(.note("Monthly progress report for \(s.month.longName)" +
                    (input.therapistName.map { " · Therapist: \($0)" } ?? "") + " · \(input.clinicName)"))
        c.add(.heading("Your month at a glance", level: 1))
        c.add(.keyFigures(keyFigures(s)))
        c.add(.paragraph(Wording.summaryParagraph(name: name, s)))
        for chart in input.charts {
            if let heading = chart.heading { c.add(.heading(heading, level: 0)) }
            c.add(.chart(chart.scene))
            if !chart.caption.isEmpty { c.add(.note(chart.caption)) }
        }
        c.add(.heading("Your sessions this month", level: 0))
        c.add(.table(sessionTable(input)))
        c.add(.note("Pain is on a 0–10 scale (0 = no pain, 10 = worst imaginable), asked at the start and end of each session. " +
                    "Sleep quality and mood: 10 is best. Stress: 10 is worst. " +
                    "A change counts as clinically meaningful when pain falls by at least 2 points and 30% (Farrar 2001; Childs 2005)."))
        let pages = c.finish(title: "Progress report for \(name)")
        return Document(pages: pages, metadata: DocumentMetadata(
            title: "Progress report · \(name) · \(s.month.longName)",
            author: input.therapistName ?? input.clinicName,
            subject: "Massage therapy progress, \(s.month.iso)",
            creator: "Relief \(input.version)",
            creationDate: input.created.iso))
    }

    /// The headline numbers, each with last month beside it.
    public static func keyFigures(_ s: ClientSummary) -> [KeyFigure] {
        var figures: [KeyFigure] = []
        figures.append(KeyFigure(label: "Sessions this month", value: String(s.sessionsThisMonth),
                                 detail: "last month \(s.sessionsLastMonth)"))
        var painDetail = "at the start \(Wording.score(s.pain.baseline))"
        if let p = Wording.percent(s.painPercentChange) { painDetail += " (\(p))" }
        if s.clinicallyMeaningful == true { painDetail += ", a meaningful change" }
        painDetail += "; " + Wording.lastMonth(s.pain.lastMonth, sessionsLastMonth: s.sessionsLastMonth)
        let painChange = s.pain.current.flatMap { c in s.pain.baseline.map { c - $0 } }
        figures.append(KeyFigure(label: "Pain before sessions, now", value: Wording.score(s.pain.current) + " / 10",
                                 detail: painDetail, tone: Wording.tone(of: painChange, for: .pain)))
        figures.append(KeyFigure(label: "Pain drop during a session",
                                 value: s.immediateRelief.map { Wording.score($0) + " points" } ?? "–",
                                 detail: s.immediateReliefLastMonth.map { "last month \(Wording.score($0)) points" } ?? "no comparison for last month"))
        // From visits alone Relief knows pain was back by the next visit, not the day it came
        // back: the estimate is an upper bound (metrics.md §4), and the label says so.
        figures.append(KeyFigure(label: s.reliefFromReports ? "Relief lasts about" : "Relief lasts up to",
                                 value: Wording.days(s.reliefDaysNow),
                                 detail: (s.reliefDaysFirstMonth.map { "first month \(Wording.days($0))" } ?? "not enough data for the first month") +
                                     (s.reliefFromReports || s.reliefDaysNow == nil ? "" : "; from pain at each visit"),
                                 tone: reliefTone(s)))
        for (label, item, measure) in [("Sleep quality", s.sleep, Measure.sleep), ("Mood", s.mood, .mood), ("Stress", s.stress, .stress)] {
            let change = item.current.flatMap { c in item.baseline.map { c - $0 } }
            let sense = measure.better == .lower ? "10 is worst" : "10 is best"
            let detail = (item.baseline != nil && change != nil ? "\(Wording.compare(change, for: measure)) than at the start (\(Wording.score(item.baseline))); " : "") +
                Wording.lastMonth(item.lastMonth, sessionsLastMonth: s.sessionsLastMonth)
            figures.append(KeyFigure(label: "\(label) (\(sense))", value: Wording.score(item.current) + (item.current == nil ? "" : " / 10"),
                                     detail: detail, tone: Wording.tone(of: change, for: measure)))
        }
        let attendance: String = switch s.consistent {
        case .some(true): "Steady"
        case .some(false): "Irregular"
        case .none: "–"
        }
        var aDetail = s.longestGapDays.map { "longest gap \($0) days" } ?? "one visit"
        if let last = s.consistentLastMonth { aDetail += "; last month \(last ? "steady" : "irregular")" }
        figures.append(KeyFigure(label: "Attendance", value: attendance, detail: aDetail,
                                 tone: s.consistent == true ? .better : s.consistent == false ? .worse : .neutral))
        return figures
    }

    static func reliefTone(_ s: ClientSummary) -> KeyFigure.Tone {
        guard let now = s.reliefDaysNow, let first = s.reliefDaysFirstMonth, abs(now - first) >= 0.5 else { return .neutral }
        return now > first ? .better : .worse
    }

    /// Date, therapist, kind, technique, regions, pain before → after, relief reported.
    public static func sessionTable(_ input: Input) -> Table {
        var header = ["Date", "Therapist", "Kind", "Technique", "Regions", "Pain before → after", "Relief reported"]
        if input.includeNotes { header.append("Notes") }
        let rows = input.monthSessions.map { s -> [String] in
            var row = [
                s.day.iso,
                s.therapistID.map { input.therapistNames[$0] ?? $0 } ?? "–",
                s.kind.rawValue,
                s.techniques.isEmpty ? "–" : s.techniques.joined(separator: ", "),
                s.regions.isEmpty ? "–" : s.regions.joined(separator: ", "),
                Wording.score(s.painBefore) + " → " + Wording.score(s.painAfter),
                s.reliefDays.map { $0 == .ongoing ? "still going" : Wording.days(Double($0.text)) } ?? "–",
            ]
            if input.includeNotes { row.append(s.notes ?? "") }
            return row
        }
        let weights: [Double] = input.includeNotes ? [1.2, 1.3, 1.1, 1.6, 1.5, 1.2, 1.0, 2.2] : [1.2, 1.4, 1.1, 1.9, 1.8, 1.3, 1.1]
        return Table(header: header, rows: rows, alignments: header.indices.map { $0 >= 5 && $0 <= 6 ? .end : .start }, weights: weights)
    }
}

/// A chart placed in a report, under an optional section heading.
public struct ReportChart: Sendable {
    public var heading: String?
    public var scene: Scene
    public var caption: String
    /// File name stem for the chart's PNG beside the report (`pain`, `wellbeing` …).
    public var slug: String
    public init(heading: String?, scene: Scene, caption: String = "", slug: String) {
        self.heading = heading; self.scene = scene; self.caption = caption; self.slug = slug
    }
}
