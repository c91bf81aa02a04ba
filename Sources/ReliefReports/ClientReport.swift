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

    /// The report as a document: `blocks`, then pagination onto A4 or letter pages.
    public static func document(_ input: Input, style: ReportStyle = ReportStyle(), language: ReportLanguage = .english,
                                measuring: any TextMeasuring) -> Document {
        let s = input.summary
        let name = input.client.displayName
        let w = language
        var c = PageComposer(style: style, measuring: measuring, language: language,
                             header: w.clientHeader(clinic: input.clinicName, month: s.month),
                             footer: w.clientFooter(cutoff: input.cutoff, version: input.version))
        for block in blocks(input, language: language) { c.add(block) }
        let pages = c.finish(title: w.clientOutlineTitle(name: name))
        return Document(pages: pages, metadata: DocumentMetadata(
            title: w.clientDocumentTitle(name: name, month: s.month),
            author: input.therapistName ?? input.clinicName,
            subject: w.clientDocumentSubject(month: s.month),
            creator: w.creator(version: input.version),
            creationDate: input.created.iso))
    }

    /// What the report says and shows, in order, before it is laid out on pages: what a web
    /// page shows without paginating.
    public static func blocks(_ input: Input, language w: ReportLanguage = .english) -> [Block] {
        let s = input.summary
        var b: [Block] = [
            .heading(input.client.displayName, level: 0),
            .note(w.clientSubtitle(month: s.month, therapist: input.therapistName, clinic: input.clinicName)),
            .heading(w.glanceHeading, level: 1),
            .keyFigures(w.keyFigures(s)),
            .paragraph(w.summaryParagraph(s)),
        ]
        for chart in input.charts {
            if let heading = chart.heading { b.append(.heading(heading, level: 0)) }
            b.append(.chart(chart.scene))
            if !chart.caption.isEmpty { b.append(.note(chart.caption)) }
        }
        b.append(.heading(w.sessionsHeading, level: 0))
        b.append(.table(sessionTable(input, language: w)))
        let fromNotes = input.monthSessions.filter { !$0.noteScores.isEmpty }
        if !fromNotes.isEmpty {
            let inTable: [NoteScore.Field] = [.painBefore, .painAfter]
            let others = fromNotes.filter { s in s.noteScores.contains { !inTable.contains($0.field) } }.count
            b.append(.note(w.fromNotesNote(approximate: fromNotes.contains { s in s.noteScores.contains { $0.approximate && inTable.contains($0.field) } },
                                           otherSessions: others)))
        }
        b.append(.note(w.scalesNote))
        return b
    }

    /// Date, therapist, kind, technique, regions, pain before → after, relief reported.
    public static func sessionTable(_ input: Input, language w: ReportLanguage = .english) -> Table {
        var header = w.sessionTableHeader
        if input.includeNotes { header.append(w.notesHeader) }
        let rows = input.monthSessions.map { s -> [String] in
            var row = [
                w.date(s.day),
                s.therapistID.map { input.therapistNames[$0] ?? $0 } ?? "–",
                w.sessionKind(s.kind),
                s.techniques.isEmpty ? "–" : s.techniques.joined(separator: ", "),
                s.regions.isEmpty ? "–" : s.regions.joined(separator: ", "),
                w.score(s.painBefore) + (s.isFromNote(.painBefore) ? w.fromNoteMark : "") + " → " + w.score(s.painAfter)
                    + (s.painAfter != nil && s.isFromNote(.painAfter) ? w.fromNoteMark : ""),
                s.reliefDays.map { r -> String in
                    switch r {
                    case .ongoing: w.stillGoing
                    case .days(let d): w.days(d)
                    }
                } ?? "–",
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
