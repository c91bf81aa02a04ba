import ReliefAnalytics
import ReliefModel

/// The client report's words (English).
extension ReportLanguage {
    // MARK: Page furniture

    func clientHeader(clinic: String, month: Month) -> String { "\(clinic) · Progress report · \(monthYear(month))" }

    func clientFooter(cutoff: Day, version: String) -> String {
        "Records up to \(date(cutoff)) · Relief \(version) · Scores are reported by the client; changes, trends and relief durations are computed by Relief."
    }

    func clientSubtitle(month: Month, therapist: String?, clinic: String) -> String {
        "Monthly progress report for \(monthYear(month))" + (therapist.map { " · Therapist: \($0)" } ?? "") + " · \(clinic)"
    }

    func clientOutlineTitle(name: String) -> String { "Progress report for \(name)" }
    func clientDocumentTitle(name: String, month: Month) -> String { "Progress report · \(name) · \(monthYear(month))" }
    func clientDocumentSubject(month: Month) -> String { "Massage therapy progress, \(month.iso)" }
    func creator(version: String) -> String { "Relief \(version)" }
    func pageNumber(_ i: Int, of n: Int) -> String { "Page \(i) of \(n)" }

    var glanceHeading: String { "Your month at a glance" }
    var sessionsHeading: String { "Your sessions this month" }
    var scalesNote: String {
        "Pain is on a 0–10 scale (0 = no pain, 10 = worst imaginable), asked at the start and end of each session. " +
            "Sleep quality and mood: 10 is best. Stress: 10 is worst. " +
            "A change counts as clinically meaningful when pain falls by at least 2 points and 30% (Farrar 2001; Childs 2005)."
    }

    // MARK: Key figures

    /// Whether a change in a measure is better, worse or about the same. Changes under half a
    /// point are "about the same": single 0–10 items have no validated minimal change
    /// (metrics.md, thresholds).
    public func tone(of change: Double?, for measure: Measure) -> KeyFigure.Tone {
        guard let change, abs(change) >= 0.5 else { return .neutral }
        let improved = measure.better == .lower ? change < 0 : change > 0
        return improved ? .better : .worse
    }

    /// "better", "worse" or "about the same".
    public func verdict(_ change: Double?, for measure: Measure) -> String {
        switch tone(of: change, for: measure) {
        case .better: "better"
        case .worse: "worse"
        case .neutral: "about the same"
        }
    }

    /// "better than", "worse than" or "about the same as" — the comparison a change makes.
    public func comparedWith(_ change: Double?, for measure: Measure) -> String {
        verdict(change, for: measure) + (tone(of: change, for: measure) == .neutral ? " as" : " than")
    }

    /// "last month 4.2", "no sessions last month" or "last month –".
    public func lastMonth(_ v: Double?, sessionsLastMonth: Int) -> String {
        if let v { return "last month \(score(v))" }
        return sessionsLastMonth == 0 ? "no sessions last month" : "last month –"
    }

    func measureName(_ m: Measure) -> String {
        switch m {
        case .pain: "Pain"
        case .sleep: "Sleep quality"
        case .mood: "Mood"
        case .stress: "Stress"
        }
    }

    func measureSense(_ m: Measure) -> String { m.better == .lower ? "10 is worst" : "10 is best" }

    /// The headline numbers of a client's month, each with last month beside it.
    public func keyFigures(_ s: ClientSummary) -> [KeyFigure] {
        var figures: [KeyFigure] = []
        figures.append(KeyFigure(label: "Sessions this month", value: String(s.sessionsThisMonth),
                                 detail: "last month \(s.sessionsLastMonth)"))
        var painDetail = "at the start \(score(s.pain.baseline))"
        if let p = signedPercent(fraction: s.painPercentChange) { painDetail += " (\(p))" }
        if s.clinicallyMeaningful == true { painDetail += ", a meaningful change" }
        painDetail += "; " + lastMonth(s.pain.lastMonth, sessionsLastMonth: s.sessionsLastMonth)
        let painChange = s.pain.current.flatMap { c in s.pain.baseline.map { c - $0 } }
        figures.append(KeyFigure(label: "Pain before sessions, now", value: score(s.pain.current) + " / 10",
                                 detail: painDetail, tone: tone(of: painChange, for: .pain)))
        figures.append(KeyFigure(label: "Pain drop during a session",
                                 value: s.immediateRelief.map { score($0) + " points" } ?? "–",
                                 detail: s.immediateReliefLastMonth.map { "last month \(score($0)) points" } ?? "no comparison for last month"))
        // From visits alone Relief knows pain was back by the next visit, not the day it came
        // back: the estimate is an upper bound (metrics.md §4), and the label says so.
        figures.append(KeyFigure(label: s.reliefFromReports ? "Relief lasts about" : "Relief lasts up to",
                                 value: days(s.reliefDaysNow),
                                 detail: (s.reliefDaysFirstMonth.map { "first month \(days($0))" } ?? "not enough data for the first month") +
                                     (s.reliefFromReports || s.reliefDaysNow == nil ? "" : "; from pain at each visit"),
                                 tone: reliefTone(s)))
        for (item, measure) in [(s.sleep, Measure.sleep), (s.mood, .mood), (s.stress, .stress)] {
            let change = item.current.flatMap { c in item.baseline.map { c - $0 } }
            let detail = (item.baseline != nil && change != nil ? "\(comparedWith(change, for: measure)) at the start (\(score(item.baseline))); " : "") +
                lastMonth(item.lastMonth, sessionsLastMonth: s.sessionsLastMonth)
            figures.append(KeyFigure(label: "\(measureName(measure)) (\(measureSense(measure)))",
                                     value: score(item.current) + (item.current == nil ? "" : " / 10"),
                                     detail: detail, tone: tone(of: change, for: measure)))
        }
        let attendance: String = switch s.consistent {
        case .some(true): "Steady"
        case .some(false): "Irregular"
        case .none: "–"
        }
        var aDetail = s.longestGapDays.map { "longest gap \(days($0))" } ?? "one visit"
        if let last = s.consistentLastMonth { aDetail += "; last month \(last ? "steady" : "irregular")" }
        figures.append(KeyFigure(label: "Attendance", value: attendance, detail: aDetail,
                                 tone: s.consistent == true ? .better : s.consistent == false ? .worse : .neutral))
        return figures
    }

    func reliefTone(_ s: ClientSummary) -> KeyFigure.Tone {
        guard let now = s.reliefDaysNow, let first = s.reliefDaysFirstMonth, abs(now - first) >= 0.5 else { return .neutral }
        return now > first ? .better : .worse
    }

    // MARK: The paragraph

    /// The short paragraph at the top of the client report. It never claims more than the
    /// numbers show: no trend before four pain scores, "meaningful" only when the analysis
    /// says so.
    public func summaryParagraph(_ s: ClientSummary) -> String {
        var parts: [String] = []
        parts.append("In \(monthYear(s.month)) you came to \(sessions(s.sessionsThisMonth))" +
                     (s.sessionsTotal > s.sessionsThisMonth ? ", \(s.sessionsTotal) in all since you started." : "."))
        if let base = s.pain.baseline, let cur = s.pain.current, s.sessionsTotal >= 2 {
            var p = "Your pain before sessions is now \(score(cur)) out of 10, against \(score(base)) when you started"
            if s.clinicallyMeaningful == true {
                p += " — a clear improvement, large enough to matter in everyday life."
            } else if cur < base - 0.25 {
                p += " — better, though not yet by the 2 points and 30% that usually make a noticeable difference."
            } else if cur > base + 0.25 {
                p += " — higher than at the start; this is worth talking through with your therapist."
            } else {
                p += " — about the same as at the start."
            }
            parts.append(p)
        }
        if s.trendPoints < 4 {
            parts.append("There are not enough sessions yet to see a trend; after four or more it becomes clearer.")
        } else if let d = s.pain.direction {
            switch d {
            case "improving": parts.append("Across your sessions, pain before each visit has been falling steadily.")
            case "worsening": parts.append("Across your sessions, pain before each visit has been rising.")
            default: parts.append("Across your sessions, pain before each visit has not yet moved clearly in either direction.")
            }
        }
        if let r = s.immediateRelief, s.sessionsThisMonth > 0 {
            parts.append(r >= 0.5 ? "On average a session this month lowered your pain by \(score(r)) points straight away."
                                  : "This month's sessions changed your pain little straight away (\(score(r)) points on average).")
        }
        if let now = s.reliefDaysNow {
            var p = s.reliefFromReports ? "Relief after a session now lasts about \(days(now))"
                                        : "Relief after a session now lasts up to about \(days(now))"
            if let first = s.reliefDaysFirstMonth, first != now {
                p += now > first ? ", longer than the \(days(first)) of your first month." : ", shorter than the \(days(first)) of your first month."
            } else { p += "." }
            if !s.reliefFromReports {
                p += " This is estimated from your pain at each visit: it shows pain had come back by the next visit, not the day it did. Noting how many days relief lasts makes it precise."
            }
            parts.append(p)
        }
        var wellbeing: [String] = []
        for (label, item, measure) in [("sleep", s.sleep, Measure.sleep), ("mood", s.mood, .mood), ("stress", s.stress, .stress)] {
            guard let c = item.current, let b = item.baseline, s.sessionsTotal >= 2 else { continue }
            wellbeing.append("\(label) is \(verdict(c - b, for: measure))")
        }
        if !wellbeing.isEmpty {
            parts.append("Since you started, " + list(wellbeing) + ".")
        }
        if let consistent = s.consistent {
            parts.append(consistent ? "You kept a steady rhythm of visits this month, which is what lets the effect build up."
                                    : "Visits this month were spread out" + (s.longestGapDays.map { " (the longest gap was \(days($0)))" } ?? "") +
                                      "; a steadier rhythm usually lets relief build up.")
        }
        return parts.joined(separator: " ")
    }

    // MARK: Charts

    var painChartHeading: String { "Pain before and after each session" }
    var wellbeingChartHeading: String { "Sleep, mood and stress" }
    var reliefChartHeading: String { "How long relief lasts" }
    var attendanceChartHeading: String { "Attendance" }

    func painChartSubtitle(from: Month, to: Month, shown: Int) -> String {
        "\(monthYear(from)) to \(monthYear(to)) · " + count(shown, "session shown", "sessions shown")
    }
    var painChartCaption: String {
        "Each bar joins the pain score at the start of a session to the score at its end. The dashed line is the pain at your first session."
    }
    var wellbeingChartTitle: String { "Sleep, mood and stress at each session" }
    var wellbeingChartSubtitle: String { "Sleep and mood: higher is better · Stress: lower is better" }
    var reliefChartTitle: String { "Share of sessions whose relief still held, by days after the session" }
    var reliefCurveName: String { "Relief still holding" }
    func reliefChartSubtitle(sessions n: Int) -> String { count(n, "session with relief on record", "sessions with relief on record") }

    func reliefCaption(_ d: ReliefDuration) -> String {
        if d.intervals == 0 { return "No session with relief is on record yet." }
        let basis = d.exact > 0 && d.intervalCensored == 0
            ? "Based on how many days you reported relief lasted."
            : "Estimated from your pain at each visit (the exact day pain returned is not known), so it is approximate; reporting how many days relief lasted makes it precise."
        let median = d.medianDays.map { "Half of the time relief lasted about \(days($0)) or more." }
            ?? "Relief lasted past the longest follow-up more than half of the time."
        return median + " " + basis
    }

    func attendanceChartTitle(_ month: Month) -> String { "Your visits in \(monthYear(month))" }
    func attendanceChartSubtitle(gapDays: Int) -> String { "Gaps of more than \(days(gapDays)) are highlighted" }

    // MARK: The session table

    var sessionTableHeader: [String] { ["Date", "Therapist", "Kind", "Technique", "Regions", "Pain before → after", "Relief reported"] }
    var notesHeader: String { "Notes" }
    func sessionKind(_ k: SessionKind) -> String { k.rawValue }
    var stillGoing: String { "still going" }
}
