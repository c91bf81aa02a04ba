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

    /// Under the attendance calendar, for a client with appointments from the practice system:
    /// exact counts of what was booked and what became of it.
    func appointmentsCaption(_ a: AppointmentAttendance) -> String {
        var parts = ["came to \(a.attended)"]
        if a.cancelled > 0 { parts.append("cancelled \(a.cancelled)") }
        if a.noShow > 0 { parts.append("missed \(a.noShow) without cancelling") }
        if a.unknown > 0 { parts.append("\(a.unknown) not yet recorded") }
        var s = "Appointments booked this month: \(a.booked); " + list(parts) + "."
        if a.visitsWithoutScores > 0 {
            s += " \(count(a.visitsWithoutScores, "visit", "visits")) had no scores recorded, so "
                + (a.visitsWithoutScores == 1 ? "it counts" : "they count") + " for attendance only."
        }
        return s
    }

    /// The mark after a score read from the therapist's note text rather than entered as a score.
    var fromNoteMark: String { "*" }

    /// What the mark means, under the session table of a month with scores read from notes.
    /// `approximate`: one of them was hedged in the note (`~2/10`); `otherSessions`: sessions whose
    /// sleep, mood or stress (not in the table) came from notes.
    func fromNotesNote(approximate: Bool, otherSessions: Int) -> String {
        var s = "\(fromNoteMark) Read from the therapist's session note rather than entered as a score"
        s += approximate ? "; where the note gave an approximate score (\"about 2/10\"), that number is used. " : ". "
        if otherSessions > 0 {
            s += "Sleep, mood or stress scores of \(count(otherSessions, "session", "sessions")) this month were also read from notes. "
        }
        return s + "The clinic can check each one against the sentence it came from."
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
        // A relief median is often only a bound (metrics.md §4): the value says which.
        figures.append(KeyFigure(label: "Relief lasts (median)", value: duration(s.reliefNow),
                                 detail: "first month " + duration(s.reliefFirstMonth) + "; " + basisShort(s.reliefBasis),
                                 tone: reliefTone(s)))
        for (item, measure) in [(s.sleep, Measure.sleep), (s.mood, .mood), (s.stress, .stress)] {
            let change = item.current.flatMap { c in item.baseline.map { c - $0 } }
            let detail = (item.baseline != nil && change != nil ? "\(comparedWith(change, for: measure)) at the start (\(score(item.baseline))); " : "") +
                lastMonth(item.lastMonth, sessionsLastMonth: s.sessionsLastMonth)
            figures.append(KeyFigure(label: "\(measureName(measure)) (\(measureSense(measure)))",
                                     value: score(item.current) + (item.current == nil ? "" : " / 10"),
                                     detail: detail, tone: tone(of: change, for: measure)))
        }
        let attendance: String = switch (s.visits, s.consistent) {
        case (1, _): "One visit"
        case (_, .some(true)): "Steady"
        case (_, .some(false)): "Irregular"
        case (_, .none): "–"
        }
        var aDetail = s.longestGapDays.map { "longest gap \(days($0))" } ?? "no gap between visits to measure"
        if let last = s.consistentLastMonth { aDetail += "; last month \(last ? "steady" : "irregular")" }
        figures.append(KeyFigure(label: "Attendance", value: attendance, detail: aDetail,
                                 tone: s.consistent == true ? .better : s.consistent == false ? .worse : .neutral))
        return figures
    }

    func reliefTone(_ s: ClientSummary) -> KeyFigure.Tone {
        switch s.reliefNow.compared(with: s.reliefFirstMonth) {
        case .longer: .better
        case .shorter: .worse
        case .aboutTheSame, nil: .neutral
        }
    }

    // MARK: Durations, by the kind of number they are

    /// A duration as short as a card allows, saying what kind of number it is: "4.5 days"
    /// (exact), "up to 9 days" (upper bound), "4–9 days" (interval), "more than 12 days" (lower
    /// bound), "not known yet".
    public func duration(_ e: DurationEstimate) -> String {
        switch e {
        case .exact(let x): days(x)
        case .atMost(let x): "up to " + days(x)
        case .between(let a, let b): score(a) + "–" + days(b)
        case .moreThan(let x): "more than " + days(x)
        case .unknown: "not known yet"
        }
    }

    /// Where a relief estimate comes from, for a card's detail line.
    func basisShort(_ basis: String) -> String {
        switch basis {
        case "reportedDays": "from the days you reported"
        case "checkIns": "from check-ins and visits"
        case "mixed": "from your reports and visits"
        case "sessionsOnly": "from pain at each visit"
        default: "no relief on record yet"
        }
    }

    /// One sentence on how long relief lasts, worded by the kind of number the median is.
    public func reliefSentence(_ e: DurationEstimate, basis: String) -> String? {
        switch e {
        case .exact(let x):
            return "Relief after a session now lasts about \(days(x)) (the median)."
        case .atMost(let x):
            let by = basis == "sessionsOnly" ? ", by your next visit" : basis == "checkIns" ? ", by the next check-in or visit" : ""
            return "In at least half of your sessions, relief had worn off within \(days(x))\(by)."
        case .between(let a, let b):
            return "The typical relief after a session now lasts more than \(days(a)) and up to \(days(b))."
        case .moreThan(let x):
            return "Relief after a session now lasts more than \(days(x)): the median is beyond the longest follow-up on record."
        case .unknown:
            return nil
        }
    }

    /// What a relief estimate rests on, in a sentence.
    public func basisSentence(_ basis: String) -> String? {
        switch basis {
        case "reportedDays": "This rests on the days of relief you reported."
        case "checkIns": "This rests on your pain at check-ins between visits and at the next visit, so the day pain came back is known only roughly."
        case "mixed": "This rests partly on the days of relief you reported and partly on your pain at later visits or check-ins."
        case "sessionsOnly": "This rests on your pain at each visit: it shows whether pain had come back by the next visit, not the day it did. Noting how many days relief lasts makes it precise."
        default: nil
        }
    }

    /// Now against the first month, only where the bounds allow a comparison.
    func firstMonthSentence(now: DurationEstimate, first: DurationEstimate) -> String? {
        guard now != .unknown, first != .unknown, now != first else { return nil }
        switch now.compared(with: first) {
        case .longer: return "That is longer than in your first month (\(duration(first)))."
        case .shorter: return "That is shorter than in your first month (\(duration(first)))."
        case .aboutTheSame: return "That is about the same as in your first month (\(duration(first)))."
        case nil: return "In your first month: \(duration(first))."
        }
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
            // The same half-point rule as the card beside it (`tone`): smaller changes are "about the same".
            if s.clinicallyMeaningful == true {
                p += " — a clear improvement, large enough to matter in everyday life."
            } else {
                switch tone(of: cur - base, for: .pain) {
                case .better: p += " — better, though not yet by the 2 points and 30% that usually make a noticeable difference."
                case .worse: p += " — higher than at the start; this is worth talking through with your therapist."
                case .neutral: p += " — about the same as at the start."
                }
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
        if let mean = s.immediateRelief, s.sessionsThisMonth > 0 {
            let r = (mean * 10).rounded() / 10   // judged at the precision it is printed
            parts.append(r >= 0.5 ? "On average a session this month lowered your pain by \(score(r)) points straight away."
                                  : "This month's sessions changed your pain little straight away (\(score(r)) points on average).")
        }
        if let relief = reliefSentence(s.reliefNow, basis: s.reliefBasis) {
            parts.append(relief)
            if let first = firstMonthSentence(now: s.reliefNow, first: s.reliefFirstMonth) { parts.append(first) }
            if let basis = basisSentence(s.reliefBasis) { parts.append(basis) }
        }
        var wellbeing: [String] = []
        for (label, item, measure) in [("sleep", s.sleep, Measure.sleep), ("mood", s.mood, .mood), ("stress", s.stress, .stress)] {
            guard let c = item.current, let b = item.baseline, s.sessionsTotal >= 2 else { continue }
            wellbeing.append("\(label) is \(verdict(c - b, for: measure))")
        }
        if !wellbeing.isEmpty {
            parts.append("Since you started, " + list(wellbeing) + ".")
        }
        if s.visits == 1 {
            parts.append("With one visit this month, there is no gap between visits to judge yet.")
        } else if let consistent = s.consistent {
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
        if d.intervals == 0 {
            return d.withoutFollowUp > 0
                ? "No session with relief has a later visit or check-in on record yet, so how long relief lasts is not known."
                : "No session with relief is on record yet."
        }
        return [reliefSentence(d.median, basis: d.basis), basisSentence(d.basis)].compactMap { $0 }.joined(separator: " ")
    }

    /// The relief chart's median label: "median up to 9 days".
    func medianLabel(_ e: DurationEstimate) -> String? {
        switch e {
        case .exact, .atMost, .between: "median " + duration(e)
        case .moreThan, .unknown: nil
        }
    }

    func attendanceChartTitle(_ month: Month) -> String { "Your visits in \(monthYear(month))" }
    func attendanceChartSubtitle(gapDays: Int) -> String { "Gaps of more than \(days(gapDays)) are highlighted" }

    // MARK: The session table

    var sessionTableHeader: [String] { ["Date", "Therapist", "Kind", "Technique", "Regions", "Pain before → after", "Relief reported"] }
    var notesHeader: String { "Notes" }
    func sessionKind(_ k: SessionKind) -> String { k.rawValue }
    var stillGoing: String { "still going" }
}
