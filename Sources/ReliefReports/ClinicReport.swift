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
        public var lastMonth: CohortHeadline
        public var therapistNames: [String: String]
        /// Charts keyed by section: "breakdowns", "dose", "relief".
        public var charts: [String: [ReportChart]]
        /// Rows rejected by the most recent import of each file (file, rejected, day).
        public var rejectedRows: [(file: String, rejected: Int, on: Day)]
        public var cutoff: Day
        public var created: Day
        public var version: String
        /// The site of a chain this report is about (`relief report clinic --site`); nil for the
        /// whole clinic or chain.
        public var site: Site? = nil

        public init(clinicName: String, month: Month, outcomes: CohortOutcomes, lastMonth: CohortHeadline,
                    therapistNames: [String: String], charts: [String: [ReportChart]] = [:],
                    rejectedRows: [(file: String, rejected: Int, on: Day)] = [], cutoff: Day, created: Day, version: String) {
            self.clinicName = clinicName; self.month = month; self.outcomes = outcomes; self.lastMonth = lastMonth
            self.therapistNames = therapistNames; self.charts = charts; self.rejectedRows = rejectedRows
            self.cutoff = cutoff; self.created = created; self.version = version
        }
    }

    /// The report as a document: `blocks`, then pagination.
    public static func document(_ input: Input, style: ReportStyle = ReportStyle(), language: ReportLanguage = .english,
                                measuring: any TextMeasuring) -> Document {
        let w = language
        var c = PageComposer(style: style, measuring: measuring, language: language,
                             header: w.clinicHeader(clinic: input.clinicName, month: input.month),
                             footer: w.clinicFooter(cutoff: input.cutoff, version: input.version))
        for block in blocks(input, language: language) { c.add(block) }
        let pages = c.finish(title: w.clinicOutlineTitle)
        return Document(pages: pages, metadata: DocumentMetadata(
            title: w.clinicReportTitle(input.month), author: input.clinicName,
            subject: w.clinicDocumentSubject(month: input.month), creator: w.creator(version: input.version),
            creationDate: input.created.iso))
    }

    /// What the report says and shows, in order, before it is laid out on pages.
    public static func blocks(_ input: Input, language w: ReportLanguage = .english) -> [Block] {
        let o = input.outcomes, l = input.lastMonth
        var c: [Block] = []
        c.append(.heading(w.clinicHeading(input.month), level: 0))
        c.append(.note(w.clinicPrivacyNote(clinic: input.clinicName)))
        if let site = input.site { c.append(.note(w.siteScope(site))) }
        c.append(.keyFigures(w.clinicHeadline(o, l)))
        c.append(.paragraph(w.clinicSummary(o, l)))
        if let a = o.appointments { c.append(.paragraph(w.clinicAppointments(a))) }
        for chart in input.charts["relief"] ?? [] { place(chart, in: &c) }

        c.append(.heading(w.groupsHeading, level: 0))
        c.append(.note(w.groupsNote))
        for chart in input.charts["breakdowns"] ?? [] { place(chart, in: &c) }
        for (dimension, groups) in o.breakdowns where !groups.isEmpty {
            c.append(.heading(w.groupHeading(dimension), level: 1))
            c.append(.table(groupTable(dimension, groups, names: dimension == .therapist ? input.therapistNames : [:], language: w)))
        }

        if let e = o.expectedOutcomes {
            c += expectedBlocks(e, charts: input.charts, names: input.therapistNames, sites: !o.bySite.isEmpty, language: w)
        }

        c.append(.heading(w.doseHeading, level: 0))
        for chart in input.charts["dose"] ?? [] { place(chart, in: &c) }
        c.append(.table(doseTable(o.doseResponse, language: w)))
        c.append(.paragraph(w.doseSentence(o.doseResponse)))

        c.append(.heading(w.atRiskHeading, level: 0))
        if o.atRisk.isEmpty {
            c.append(.paragraph(w.noneAtRisk))
        } else {
            c.append(.note(w.atRiskRules))
            c.append(.table(atRiskTable(o.atRisk, names: input.therapistNames, language: w)))
        }

        c.append(.heading(w.dataQualityHeading, level: 0))
        c.append(.table(qualityTable(o.dataQuality, language: w)))
        if input.rejectedRows.isEmpty {
            c.append(.note(w.noRejectedRows))
        } else {
            c.append(.table(Table(header: w.rejectedTableHeader,
                                  rows: input.rejectedRows.map { [$0.file, String($0.rejected), w.date($0.on)] },
                                  alignments: [.start, .end, .start], weights: [3, 1, 1])))
        }
        return c
    }

    /// Observed against expected (expected-outcomes.md): purpose, the model check, then per kind
    /// of unit the funnel plot (when adjusted values may be shown), the alphabetical table and one
    /// reading per unit; the method note last.
    static func expectedBlocks(_ e: CohortExpectedOutcomes, charts: [String: [ReportChart]], names: [String: String], sites: Bool = false,
                               language w: ReportLanguage) -> [Block] {
        // A page of its own: the heading and purpose never sit apart from the model check.
        var c: [Block] = [.pageBreak, .heading(w.expectedHeading, level: 0), .note(w.expectedPurpose(window: e.window))]
        let sameGate = e.byTherapist.gate == e.byTechnique.gate && e.byTherapist.strategy == e.byTechnique.strategy
            && e.byTherapist.caseMix == e.byTechnique.caseMix && e.byTherapist.attempts == e.byTechnique.attempts
        if sameGate {
            if let m = w.modelChoiceSentence(e.byTherapist) { c.append(.paragraph(m)) }
            c.append(.paragraph(w.gateSentence(e.byTherapist)))
        }
        for (kind, r) in [(CaseMixUnitKind.therapist, e.byTherapist), (.technique, e.byTechnique)] {
            c.append(.heading(w.expectedUnitHeading(kind), level: 1))
            if !sameGate {
                if let m = w.modelChoiceSentence(r) { c.append(.paragraph(m)) }
                c.append(.paragraph(w.gateSentence(r)))
            }
            for chart in charts["expected-\(kind.rawValue)"] ?? [] { place(chart, in: &c) }
            if kind == .technique { c.append(.note(w.techniqueIndicationNote)) }
            c.append(.table(expectedTable(r, kind: kind, names: kind == .therapist ? names : [:], language: w)))
            if r.noDifferencesBeyondChance { c.append(.paragraph(w.noDifferencesBeyondChance(kind))) }
            if r.units.contains(where: \.display.showAdjusted) {
                for (label, u) in sortedUnits(r, kind: kind, names: names, language: w) {
                    c.append(.paragraph(w.unitReading(u, label: label, noDifferences: r.noDifferencesBeyondChance)))
                }
            }
            c.append(.note(w.fallbackSentence(r, kind: kind)))
        }
        c.append(.note(w.expectedMethodNote(e, sites: sites)))
        return c
    }

    /// Units with their labels, alphabetical by label (never ranked).
    static func sortedUnits(_ r: ExpectedOutcomesResult, kind: CaseMixUnitKind, names: [String: String],
                            language w: ReportLanguage) -> [(String, UnitOutcome)] {
        r.units.map { (w.unitLabel($0.unit, kind: kind, names: names), $0) }
            .sorted { $0.0.localizedStandardCompare($1.0) == .orderedAscending }
    }

    /// n, observed %, expected %, O − E in clients with its interval, the shrunken ratio with its
    /// interval, reliability; adjusted columns "–" where the display rules hide them.
    static func expectedTable(_ r: ExpectedOutcomesResult, kind: CaseMixUnitKind, names: [String: String],
                              language w: ReportLanguage) -> Table {
        let units = sortedUnits(r, kind: kind, names: names, language: w)
        guard units.contains(where: { $0.1.display.showAdjusted }) else {
            // Nothing adjusted may be shown (the gate, or too few clients): raw figures only.
            return Table(header: [w.unitKindName(kind)] + w.rawExpectedTableHeader,
                         rows: units.map { label, u in
                             [label, String(u.count), String(u.observed), w.shareWithInterval(u.observedShare, u.observedShareInterval)]
                         },
                         alignments: [.start, .end, .end, .end], weights: [2.4, 1, 1, 2])
        }
        let rows = units.map { label, u -> [String] in
            let adjusted = u.display.showAdjusted
            return [label, String(u.count), w.share(u.observedShare),
                    adjusted ? w.share(u.expectedShare) : "–",
                    adjusted ? w.excessText(u) : "–",
                    adjusted ? w.shrunkenText(u) : "–",
                    adjusted ? (u.reliability.map { w.fixed($0, decimals: 2) } ?? "–") : "–"]
        }
        return Table(header: [w.unitKindName(kind)] + w.expectedTableHeader, rows: rows,
                     alignments: [.start, .end, .end, .end, .end, .end, .end], weights: [2.2, 1, 1.1, 1.1, 2.2, 2, 1.2])
    }

    static func place(_ chart: ReportChart, in c: inout [Block]) {
        if let h = chart.heading { c.append(.heading(h, level: 1)) }
        c.append(.chart(chart.scene))
        if !chart.caption.isEmpty { c.append(.note(chart.caption)) }
    }

    /// A group's label in reports: the therapist's name on file, else the language's label.
    static func label(_ g: GroupOutcome, names: [String: String], language w: ReportLanguage) -> String {
        names[g.key] ?? w.groupLabel(g)
    }

    static func groupTable(_ dimension: GroupDimension, _ groups: [GroupOutcome], names: [String: String],
                           language w: ReportLanguage) -> Table {
        let sorted = groups.map { (label($0, names: names, language: w), $0) }
            .sorted { $0.0.localizedStandardCompare($1.0) == .orderedAscending }
        let rows = sorted.map { name, g -> [String] in
            [name, String(g.clients), String(g.sessions), g.tooFewToCompare ? w.tooFewToCompare : w.share(g.improvedShare),
             g.tooFewToCompare ? "–" : w.signedPercent(g.medianPercentChange), g.meanImmediateRelief.map { w.score($0) } ?? "–"]
        }
        return Table(header: [w.dimensionName(dimension)] + w.groupTableHeader,
                     rows: rows, alignments: [.start, .end, .end, .end, .end, .end], weights: [2.6, 1, 1, 1.5, 1.5, 1.3],
                     rowLinks: sorted.map { $0.1.clients > 0 ? RowLink.group(dimension, key: $0.1.key) : nil })
    }

    static func doseTable(_ d: DoseResponse, language w: ReportLanguage) -> Table {
        Table(header: w.doseTableHeader,
              rows: d.bins.map { [w.binLabel($0), String($0.n), $0.tooFewToCompare ? w.tooFew : w.signedPercent($0.medianPercentChange),
                                  $0.tooFewToCompare ? w.tooFew : w.share($0.improvedShare)] },
              alignments: [.start, .end, .end, .end], weights: [2, 1, 1.5, 1.2])
    }

    static func atRiskTable(_ list: [AtRiskClient], names: [String: String], language w: ReportLanguage) -> Table {
        Table(header: w.atRiskTableHeader,
              rows: list.map { a in
                  [a.name ?? a.client, a.therapist.map { names[$0] ?? $0 } ?? "–",
                   w.score(a.baselinePain) + " → " + w.score(a.currentPain),
                   a.lastSession.map(w.date) ?? "–", w.sentence(joining: a.reasons.map(w.reasonClause))]
              },
              alignments: [.start, .start, .end, .start, .start], weights: [2, 1.6, 1.3, 1.3, 3.6],
              rowLinks: list.map { RowLink.client(id: $0.client) })
    }

    static func qualityTable(_ q: DataQuality, language w: ReportLanguage) -> Table {
        Table(header: w.qualityTableHeader,
              rows: [[w.missing(.pain), w.share(q.missingPainAfter)], [w.missing(.sleep), w.share(q.missingSleep)],
                     [w.missing(.mood), w.share(q.missingMood)], [w.missing(.stress), w.share(q.missingStress)]],
              alignments: [.start, .end], weights: [3, 1])
    }
}
