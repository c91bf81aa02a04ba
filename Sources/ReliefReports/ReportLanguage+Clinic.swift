import ChartScene
import ReliefAnalytics
import ReliefModel

/// The clinic report's words (English), and the labels and reasons of an analysis.
extension ReportLanguage: AnalysisWording {
    // MARK: Page furniture

    public func clinicReportTitle(_ month: Month) -> String { "Clinic outcomes · \(monthYear(month))" }
    func clinicHeader(clinic: String, month: Month) -> String { "\(clinic) · Clinic outcomes · \(monthYear(month))" }
    func clinicFooter(cutoff: Day, version: String) -> String {
        "Records up to \(date(cutoff)) · Relief \(version) · Observational data: associations, not causes."
    }
    func clinicHeading(_ month: Month) -> String { "Clinic outcomes, \(monthYear(month))" }
    func clinicPrivacyNote(clinic: String) -> String { "\(clinic) · for the clinic's own review; contains client names and health data." }
    var clinicOutlineTitle: String { "Clinic outcomes" }
    func clinicDocumentSubject(month: Month) -> String { "Outcomes across clients, \(month.iso)" }

    var groupsHeading: String { "Outcomes by group" }
    var groupsNote: String {
        "Groups are listed alphabetically and never ranked. A group with fewer than 5 clients is marked “too few to compare”. " +
            "Improved = pain fell by at least 2 points and 30% from the client's first session."
    }
    func dimensionName(_ d: GroupDimension) -> String {
        switch d {
        case .therapist: "Therapist"
        case .technique: "Technique"
        case .segment: "Client segment"
        case .region: "Body region"
        case .kind: "Kind of session"
        }
    }
    func groupHeading(_ d: GroupDimension) -> String { "By " + dimensionName(d).lowercased() }
    var groupTableHeader: [String] { ["Clients", "Sessions", "Improved", "Median pain change", "Drop in session"] }
    var tooFewToCompare: String { "too few to compare" }
    var tooFew: String { "too few" }

    var doseHeading: String { "Sessions per month and improvement" }
    var doseTableHeader: [String] { ["Sessions per 30 days", "Clients", "Median pain change", "Improved"] }

    var atRiskHeading: String { "Clients to look at" }
    var noneAtRisk: String { "No client meets an at-risk rule this month." }
    var atRiskRules: String {
        "Rules: pain trend worsening; pain at or above the first session's after 4 or more sessions; or no visit for 30+ days with pain above 4."
    }
    var atRiskTableHeader: [String] { ["Client", "Therapist", "Pain first → now", "Last visit", "Why"] }

    var dataQualityHeading: String { "Data quality" }
    var qualityTableHeader: [String] { ["Score", "Sessions missing it"] }
    var noRejectedRows: String { "No rows were rejected by the latest imports." }
    var rejectedTableHeader: [String] { ["File", "Rows rejected", "Imported"] }
    func missing(_ m: Measure) -> String { m == .pain ? "Pain after the session" : measureName(m) }

    // MARK: Headline and summary

    func lastMonthDetail(_ v: String) -> String { "last month \(v)" }

    /// The clinic report's headline numbers, each beside last month's.
    public func clinicHeadline(_ o: CohortOutcomes, _ l: CohortOutcomes) -> [KeyFigure] {
        [
            KeyFigure(label: "Active clients", value: String(o.clients), detail: lastMonthDetail(String(l.clients))),
            KeyFigure(label: "Sessions", value: String(o.sessions), detail: lastMonthDetail(String(l.sessions))),
            KeyFigure(label: "New clients", value: String(o.newClients), detail: lastMonthDetail(String(l.newClients))),
            KeyFigure(label: "Lapsed (30+ days without a visit)", value: String(o.lapsedClients), detail: lastMonthDetail(String(l.lapsedClients)),
                      tone: o.lapsedClients > l.lapsedClients ? .worse : .neutral),
            KeyFigure(label: "Clients clearly improved", value: share(o.improvedShare),
                      detail: "\(o.improved) of \(o.eligible); \(o.leftOut) with one session left out; " + lastMonthDetail(share(l.improvedShare))),
            KeyFigure(label: "Median change in pain", value: signedPercent(o.medianPercentChange),
                      detail: "since each client's first session; " + lastMonthDetail(signedPercent(l.medianPercentChange)),
                      tone: (o.medianPercentChange ?? 0) <= -30 ? .better : .neutral),
            KeyFigure(label: "Pain drop during a session", value: o.immediateRelief.mean.map { score($0) + " points" } ?? "–",
                      detail: lastMonthDetail(l.immediateRelief.mean.map { score($0) } ?? "–")),
            KeyFigure(label: "Relief lasts (median)", value: duration(o.reliefDuration.median),
                      detail: lastMonthDetail(duration(l.reliefDuration.median))),
            KeyFigure(label: "Clients to look at", value: String(o.atRisk.count), detail: lastMonthDetail(String(l.atRisk.count)),
                      tone: o.atRisk.count > l.atRisk.count ? .worse : .neutral),
        ]
    }

    /// The clinic report's opening paragraph.
    public func clinicSummary(_ o: CohortOutcomes, _ l: CohortOutcomes) -> String {
        var parts = ["\(clients(o.clients)) came to \(sessions(o.sessions)) this month (last month \(clients(l.clients)), \(sessions(l.sessions)))."]
        if let s = o.improvedShare {
            parts.append("Of the \(o.eligible) active clients with at least two sessions on record, \(o.improved) (\(share(s))) have improved by a clinically meaningful amount since their first session.")
        } else {
            parts.append("Too few clients have two or more sessions on record to speak of improvement yet.")
        }
        if o.leftOut > 0 { parts.append("\(count(o.leftOut, "client", "clients")) with a single session so far \(o.leftOut == 1 ? "is" : "are") left out of that share.") }
        if !o.atRisk.isEmpty { parts.append("\(count(o.atRisk.count, "client needs", "clients need")) a closer look (listed at the end).") }
        return parts.joined(separator: " ")
    }

    /// What the dose-response says, worded as an association and never as a cause.
    public func doseSentence(_ d: DoseResponse) -> String {
        guard let s = d.spearman else { return "Too few clients to relate how often they came to how much they improved." }
        let text = fixed(s.rho, decimals: 2)
        let ci = s.lower95.flatMap { lo in s.upper95.map { hi in " (95% interval \(fixed(lo, decimals: 2)) to \(fixed(hi, decimals: 2)))" } } ?? ""
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

    // MARK: Charts

    var clinicReliefHeading: String { "How long relief lasts, all clients" }
    var clinicReliefCaption: String {
        "Each client counts equally, however many sessions they had. The band is a 95% interval from resampling clients."
    }
    func improvedChartTitle(_ d: GroupDimension) -> String {
        "Clients clearly improved, by " + (d == .segment ? "segment" : dimensionName(d).lowercased())
    }
    var improvedChartSubtitle: String { "Share of clients with two or more sessions whose pain fell by at least 2 points and 30%" }
    var improvedAxisTitle: String { "% improved" }
    var doseChartTitle: String { "Median change in pain, by how often clients came" }
    var doseChartSubtitle: String { "Sessions per 30 days over each client's course · lower is better" }
    var doseAxisTitle: String { "% change in pain" }
    var allClients: String { "All clients" }
    func clinicReliefSubtitle(sessions: Int, clients n: Int) -> String {
        count(sessions, "session with relief", "sessions with relief") + ", " + clients(n)
    }

    // MARK: AnalysisWording

    /// A group's label: the therapist's name, a segment's words, or the key itself.
    public func groupLabel(_ g: GroupOutcome) -> String {
        if g.key == GroupKeys.unspecified {
            switch g.dimension {
            case .therapist: return "No therapist recorded"
            case .technique: return "No technique recorded"
            case .segment: return "No segment recorded"
            case .region: return "No region recorded"
            case .kind: return "No kind recorded"
            }
        }
        switch g.dimension {
        case .therapist: return g.name ?? g.key
        case .segment:
            switch Segment(rawValue: g.key) {
            case .officeWorker: return "Office workers"
            case .athlete: return "Athletes"
            case .olderAdult: return "Older adults"
            case .headache: return "Tension headache"
            case .other: return "Other"
            case nil: return g.key
            }
        case .kind:
            switch SessionKind(rawValue: g.key) {
            case .medical: return "Medical"
            case .relaxation: return "Relaxation"
            case nil: return g.key
            }
        case .technique, .region: return g.key
        }
    }

    /// "< 2", "2–4", "≥ 8" sessions per 30 days.
    public func binLabel(_ b: DoseResponse.Bin) -> String {
        func n(_ v: Double) -> String { localized1(v) }
        guard let to = b.to else { return "≥ " + n(b.from) }
        return b.from == 0 ? "< " + n(to) : n(b.from) + "–" + n(to)
    }

    private func localized1(_ v: Double) -> String { score(v) }

    /// A reason in words, as a clause (lowercase, no full stop): `sentence(joining:)` makes
    /// one sentence of a client's reasons.
    public func reasonClause(_ r: AtRiskClient.Reason) -> String {
        switch r.code {
        case .worsening:
            return "pain is getting worse: over \(sessions(r.sessions ?? 0)) it rises by about \(fixed2(r.slopePerWeek ?? 0)) points a week"
        case .noBetterThanBaseline:
            return "pain is no better than at intake after \(sessions(r.sessions ?? 0)) (intake \(score(r.baseline)), now \(score(r.current)))"
        case .lapsedInPain:
            return "has not been in for \(days(r.daysAway ?? 0)), and pain was \(score(r.current)) at the last visits"
        }
    }

    /// A reason as a sentence of its own (the JSON's `words`).
    public func reason(_ r: AtRiskClient.Reason) -> String { sentence(joining: [reasonClause(r)]) }

    /// At most two decimals, none trailing: "0.4", "0.25", "1".
    private func fixed2(_ v: Double) -> String { localizedCompact(v, 2) }

    private func localizedCompact(_ v: Double, _ decimals: Int) -> String {
        let p = Double(decimals == 2 ? 100 : 10)
        let text = NumberFormat.compact((v * p).rounded() / p, maxDecimals: decimals)
        return decimalSeparator == "." ? text : text.replacingOccurrences(of: ".", with: decimalSeparator)
    }
}

extension ReportLanguage {
    /// The clinic's appointments from the practice system, when there are any: exact counts, and the
    /// share of appointments with a known outcome that clients came to.
    func clinicAppointments(_ a: AppointmentAttendance) -> String {
        var s = "Appointments from the practice system this month: \(a.booked) booked; \(a.attended) attended, "
            + "\(a.cancelled) cancelled and \(a.noShow) missed without cancelling"
        if a.unknown > 0 { s += ", \(a.unknown) with no outcome recorded" }
        s += "."
        if let r = a.attendanceRate {
            s += " Clients came to \(share(r)) of the appointments whose outcome is recorded."
        }
        if a.visitsWithoutScores > 0 {
            s += " \(count(a.visitsWithoutScores, "visit", "visits")) had no scores recorded: "
                + (a.visitsWithoutScores == 1 ? "it counts" : "they count") + " for attendance, not for pain."
        }
        return s
    }
}
