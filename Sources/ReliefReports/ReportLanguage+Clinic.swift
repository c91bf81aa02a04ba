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
    /// What a report for one site of a chain counts.
    func siteScope(_ site: Site) -> String {
        "Site \(site.displayName): the clients with at least one session at this site in the month, each counted with "
            + "all their sessions on record, at any site; the comparisons against expected are between this site's "
            + "therapists and techniques, over its clients of the last 12 months."
    }
    func clinicDocumentSubject(month: Month) -> String { "Outcomes across clients, \(month.iso)" }

    var groupsHeading: String { "Outcomes by group" }
    var groupsNote: String {
        "Groups are listed alphabetically and never ranked. A group with fewer than 5 clients is marked “too few to compare”. " +
            "Improved = pain fell by at least 2 points and 30% from the client's first session."
    }
    public func dimensionName(_ d: GroupDimension) -> String {
        switch d {
        case .therapist: "Therapist"
        case .technique: "Technique"
        case .segment: "Client segment"
        case .region: "Body region"
        case .kind: "Kind of session"
        case .site: "Site"
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
    public func clinicHeadline(_ o: CohortOutcomes, _ l: CohortHeadline) -> [KeyFigure] {
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
                      detail: lastMonthDetail(duration(l.reliefMedian))),
            KeyFigure(label: "Clients to look at", value: String(o.atRisk.count), detail: lastMonthDetail(String(l.atRisk)),
                      tone: o.atRisk.count > l.atRisk ? .worse : .neutral),
        ]
    }

    /// The clinic report's opening paragraph.
    public func clinicSummary(_ o: CohortOutcomes, _ l: CohortHeadline) -> String {
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
            case .site: return "No site recorded"
            }
        }
        switch g.dimension {
        case .therapist, .site: return g.name ?? g.key
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

// MARK: - Expected outcomes (case-mix adjustment)

extension ReportLanguage {
    var expectedHeading: String { "Results against what was expected" }

    /// What the section is, and what it is not.
    func expectedPurpose(window: Period) -> String {
        "Each therapist's clients are compared with what we would expect for clients like them — at most by their first pain " +
            "score, client group and body area; the model used is named below — over the 12 months from \(date(window.from)) to \(date(window.to)). " +
            "This is a prompt for conversation, not a ranking or a verdict on skill: names are listed alphabetically."
    }

    func expectedUnitHeading(_ kind: CaseMixUnitKind) -> String {
        switch kind {
        case .therapist: "Against expected, by therapist"
        case .technique: "Against expected, by main technique"
        }
    }

    func unitKindName(_ kind: CaseMixUnitKind) -> String {
        switch kind {
        case .therapist: "Therapist"
        case .technique: "Main technique"
        }
    }

    /// A unit's name: the therapist's on file, the technique's key, or "No … recorded".
    public func unitLabel(_ key: String, kind: CaseMixUnitKind, names: [String: String]) -> String {
        if key == GroupKeys.unspecified { return kind == .therapist ? "No therapist recorded" : "No technique recorded" }
        return kind == .therapist ? (names[key] ?? key) : key
    }

    /// The validation gate's outcome with its numbers (calibration slope and CITL to 2 decimals,
    /// c-statistic to 2), or that nothing could be adjusted. A degenerate cross-validation gives no
    /// slope or CITL (they would mean nothing), only the c-statistic and why.
    public func gateSentence(_ r: ExpectedOutcomesResult) -> String {
        guard let g = r.gate, r.strategy != .rawOnly else {
            return "Too few clients to adjust for case mix: the table shows raw figures only."
        }
        if g.reasons.contains(.degenerateCrossValidation) {
            // No calibration figures: from predictions that do not vary they would look real and mean nothing.
            return "Model check (5-fold cross-validation) failed: the check itself was degenerate. In part of the data the " +
                "model's predictions were all the same, or ran to certainty because a group had no client who improved (or " +
                "none who did not), or no calibration slope could be estimated; so there are no calibration figures to give " +
                "(c-statistic \(fixed(g.cStatistic, decimals: 2))). No adjusted comparison is shown: the tables give raw figures " +
                "only. This usually means too few clients for what the model adjusts for."
        }
        if !g.calibrationSlope.isFinite || !g.calibrationInTheLarge.isFinite {
            return "Model check (5-fold cross-validation) failed: the model could not be fitted on every fold, so there are no " +
                "calibration figures to give (c-statistic \(fixed(g.cStatistic, decimals: 2))). No adjusted comparison is shown: " +
                "the tables give raw figures only. This usually means too few clients for what the model adjusts for."
        }
        let numbers = "calibration slope \(fixed(g.calibrationSlope, decimals: 2)), calibration-in-the-large " +
            "\(fixed(g.calibrationInTheLarge, decimals: 2)), c-statistic \(fixed(g.cStatistic, decimals: 2))"
        switch g.outcome {
        case .pass:
            return "Model check (5-fold cross-validation) passed: \(numbers). It needs a slope of 0.8 or more and " +
                "calibration-in-the-large within ±0.2; the c-statistic says how well the model tells apart clients who " +
                "improve (0.5 is chance, 1 perfect)."
        case .warn:
            return "Model check (5-fold cross-validation): warning — \(numbers). A slope between 0.7 and 0.8 means the " +
                "expected values are somewhat too extreme; read the comparisons with extra caution."
        case .suppress:
            let why: String
            if g.reasons.contains(.slopeBelowSuppress) {
                why = "a slope below 0.7 means the expected values are too extreme to compare against"
            } else {
                why = "calibration-in-the-large is outside ±0.2, so the expected values are off overall"
            }
            return "Model check (5-fold cross-validation) failed: \(numbers). Because \(why), no adjusted comparison is " +
                "shown: the tables give raw figures only. This usually means too few clients for what the model adjusts for."
        }
    }

    /// What a rung of the model ladder adjusts for, in words.
    public func caseMixModelName(_ model: CaseMixModel, columns: [String]) -> String {
        let chronic = columns.contains { $0.hasPrefix("chronic") || $0.hasSuffix(":chronic") }
        switch model {
        case .full:
            let parts = ["first pain score"] + (chronic ? ["chronic pain"] : []) +
                (columns.contains { $0.hasPrefix("segment:") } ? ["client group"] : []) +
                (columns.contains { $0.hasPrefix("region:") } ? ["body area"] : [])
            return "the full model (" + list(parts) + ")"
        case .reduced:
            return chronic ? "the first pain score and chronic pain only" : "the first pain score only"
        case .stratified:
            return chronic ? "four groups by first pain score (7 or more, below 7) and chronic pain"
                : "two groups by first pain score (7 or more, below 7)"
        }
    }

    /// Which model of the ladder gives the expected values and why the ones before it were not
    /// used (expected-outcomes.md §3, "else simplify"); nil when no model was tried (nothing to adjust).
    public func modelChoiceSentence(_ r: ExpectedOutcomesResult) -> String? {
        let tried = r.attempts.filter { $0.skipped != .sameAsPrevious }
        guard !tried.isEmpty else { return nil }
        let eventsText = r.improved <= r.courses - r.improved ? "\(r.events) improved" : "\(r.events) who did not improve"
        let rule = fixed(r.minimumEventsPerParameter, decimals: 0)
        func terms(_ a: CaseMixAttempt) -> String { count(a.parameters, "case-mix term", "case-mix terms") }
        func rejected(_ a: CaseMixAttempt) -> String {
            let name = caseMixModelName(a.model, columns: a.columns)
            switch a.skipped {
            case .tooFewEventsPerParameter:
                return "\(eventsText) are too few for \(name) with \(terms(a)) (it needs \(rule) per term)"
            case .smallDataFallback:
                return "\(name) is not fitted at this size (the stratified fallback was chosen)"
            case .sameAsPrevious:
                return ""
            case nil:
                guard let g = a.gate else { return name + " could not be checked" }
                let slope = g.calibrationSlope.isFinite ? "calibration slope \(fixed(g.calibrationSlope, decimals: 2))"
                    : "a degenerate check"
                return "\(name) failed its check (\(slope))"
            }
        }
        let before = tried.filter { !$0.used }.map(rejected)
        guard let used = tried.first(where: \.used), r.caseMix != nil else {
            return "Which model: none passed its check — " + before.joined(separator: "; ") +
                ". So nothing is adjusted for case mix and the tables give raw figures only."
        }
        let name = caseMixModelName(used.model, columns: used.columns)
        let terms = used.model == .stratified ? "" : " (\(terms(used)), \(eventsText))"
        if before.isEmpty { return "Which model: the expected values use \(name)\(terms)." }
        return "Which model: " + before.joined(separator: "; ") + ", so the expected values use \(name)\(terms)."
    }

    /// How the expected values were obtained, by data size.
    public func fallbackSentence(_ r: ExpectedOutcomesResult, kind: CaseMixUnitKind, options: ExpectedOutcomesOptions = .init()) -> String {
        let units = kind == .therapist ? "therapists" : "techniques"
        let size = "\(count(r.courses, "complete course", "complete courses")) and \(r.improved) improved"
        switch r.strategy {
        case .estimatedSD:
            if r.noDifferencesBeyondChance {
                return "With \(size), the spread between \(units) was estimated from the data and came out as zero: " +
                    "no differences between \(units) beyond chance."
            }
            return "With \(size) (at least \(options.minimumCoursesToEstimateSD) and \(options.minimumImprovedToEstimateSD)), " +
                "the spread between \(units) was estimated from the data (SD \(fixed(r.model?.sd ?? 0, decimals: 2)) on the log-odds scale)."
        case .fixedSD:
            return "With \(size) (estimating it needs at least \(options.minimumCoursesToEstimateSD) courses and " +
                "\(options.minimumImprovedToEstimateSD) improved), the spread between \(units) is not estimated but fixed at a published value " +
                "(SD \(fixed(r.model?.sd ?? options.literatureSD, decimals: 2)) on the log-odds scale), which pulls small caseloads towards the average."
        case .stratified:
            return "With \(size), expected values are the clinic's own improvement rates for clients starting at a pain of 7 or more and below 7."
        case .rawOnly:
            return "With \(size), nothing can be adjusted: too few clients to adjust for case mix."
        }
    }

    /// What the model adjusts for and what it cannot; for a chain (`sites`), that its sites are
    /// not compared against expected (a single clinic never reads the word).
    func expectedMethodNote(_ e: CohortExpectedOutcomes, sites: Bool = false) -> String {
        let excluded = e.byTherapist.design.exclusions.filter { $0.reason == .baselineAtOrBelowThreshold }.count
        var s = "Expected = the chance of improving (pain down by at least 2 points and 30%) for a client who starts like " +
            "this one in what the model used adjusts for (named at the top of this section: at most the first pain score, client " +
            "group and body area, the first region on the client's record), from a logistic model fitted over the whole clinic with a separate " +
            "intercept per unit, or the clinic's own improved share in the client's pain group; a unit's expected count adds up " +
            "its clients' chances. Simpler models are tried in a fixed order when there are too few clients improving for the " +
            "full one (\(fixed(e.byTherapist.minimumEventsPerParameter, decimals: 0)) per case-mix term) or it fails its check; " +
            "a simpler model adjusts for less, so more of a difference may be case mix. "
        s += e.chronicRecorded ? "" : "Relief does not record how long the pain had lasted, so chronic pain could not be adjusted for. "
        s += "Nothing we do not record is adjusted for either (motivation, other treatment, life events). "
        s += "Of \(clients(e.activeClients)) seen in the 12 months, \(e.completeCourses) had two or more pain scores; "
        s += excluded > 0 ? "\(excluded) of them started at a pain of 3 or less and are left out (a percent change from there is unstable). " : ""
        s += "Adjusted ratio: improved ÷ expected after pulling each unit towards the clinic average by how little it can tell (1 = as expected). "
        s += "Reliability (0–1): how much of a unit's difference is more than chance."
        s += sites ? " Sites are not compared against expected: the table by site above shows their outcomes without adjusting for case mix." : ""
        return s
    }

    var techniqueIndicationNote: String {
        "Therapists choose techniques for particular clients, so a technique's results partly reflect who received it; they do not show " +
            "that one technique works better. Each client counts once, under the technique named at most of their sessions."
    }

    func noDifferencesBeyondChance(_ kind: CaseMixUnitKind) -> String {
        "The model finds no differences between \(kind == .therapist ? "therapists" : "techniques") beyond chance."
    }

    var expectedTableHeader: [String] {
        ["Clients", "Improved", "Expected", "Improved − expected (95% interval)", "Adjusted ratio (95% interval)", "Reliability"]
    }

    var rawExpectedTableHeader: [String] { ["Clients", "Improved", "% improved (95% interval)"] }

    /// "33% (18% to 53%)"; "–" without clients.
    func shareWithInterval(_ v: Double?, _ interval: (lower: Double, upper: Double)?) -> String {
        guard let v else { return "–" }
        return share(v) + (interval.map { " (\(share($0.lower)) to \(share($0.upper)))" } ?? "")
    }

    /// "+2.0 (−1.3 to +4.6)": clients, one decimal, signed.
    public func excessText(_ u: UnitOutcome) -> String {
        "\(signed(u.excess, 1)) (\(signed(u.excessLower, 1)) to \(signed(u.excessUpper, 1)))"
    }

    /// "1.05 (0.80 to 1.33)"; "–" without a shrunken estimate.
    public func shrunkenText(_ u: UnitOutcome) -> String {
        guard let r = u.shrunkenRatio else { return "–" }
        guard let lo = u.shrunkenLower, let hi = u.shrunkenUpper, fixed(lo, decimals: 2) != fixed(hi, decimals: 2) else {
            return fixed(r, decimals: 2)   // a zero-variance fit: every unit at the average, no interval to give
        }
        return fixed(r, decimals: 2) + " (\(fixed(lo, decimals: 2)) to \(fixed(hi, decimals: 2)))"
    }

    func signed(_ v: Double, _ decimals: Int) -> String {
        let t = fixed(v, decimals: decimals)
        return t.hasPrefix("\u{2212}") || t == fixed(0, decimals: decimals) ? t : "+" + t
    }

    /// The funnel position in words (only where a label is allowed).
    public func funnelWords(_ p: FunnelPosition) -> String {
        switch p {
        case .inside95: "in line with expected"
        case .above95: "possibly above expected — worth a look"
        case .below95: "possibly below expected — worth a look"
        case .above998: "above what chance usually explains — check the data and case mix first"
        case .below998: "below what chance usually explains — check the data and case mix first"
        }
    }

    /// "5 improved where about 3 were expected" (never a rank).
    public func improvedWhereExpected(observed: Int, expected: Double) -> String {
        let e = Int(expected.rounded())
        return "\(observed) improved where about \(e) \(e == 1 ? "was" : "were") expected"
    }

    /// One unit's reading, applying the display rules: no adjusted value below the minimum,
    /// no label below 25 clients or when the gate failed, "mostly chance" below reliability 0.5,
    /// "no differences beyond chance" in a zero-variance fit.
    public func unitReading(_ u: UnitOutcome, label: String, noDifferences: Bool,
                            options: ExpectedOutcomesOptions = .init()) -> String {
        let d = u.display
        if d.notes.contains(.belowMinimumForValue) {
            return "\(label): too few clients to compare (n = \(u.count))."
        }
        guard d.showAdjusted else {
            return "\(label): \(u.observed) of \(clients(u.count)) improved (\(share(u.observedShare)))."
        }
        var s = "\(label): \(u.count) clients, \(improvedWhereExpected(observed: u.observed, expected: u.expected))"
        if d.showLabel, let p = u.position {
            s += " — " + funnelWords(p)
        } else if d.notes.contains(.belowMinimumForLabel) {
            s += " (fewer than \(options.minimumForLabel) clients: no verdict)"
        }
        if noDifferences || d.notes.contains(.noDifferencesBeyondChance) {
            s += "; no differences beyond chance"
        } else if d.mostlyChance {
            s += "; mostly chance"
        }
        return s + "."
    }

    func funnelTitle(_ kind: CaseMixUnitKind) -> String { "Improved against expected, by " + unitKindName(kind).lowercased() }
    func funnelSubtitle(_ kind: CaseMixUnitKind) -> String {
        "One point per \(kind == .therapist ? "therapist" : "technique") with 10 or more clients; inside the lines is what chance alone usually gives"
    }
    var funnelCaption: String {
        "Lines: 95% and 99.8% limits for clients at the clinic's average chance of improving. Each unit is judged against limits " +
            "from its own clients' chances, so a point close to a line may read differently in the table."
    }
    var funnelLabels: FunnelPlotChart.Labels {
        var l = FunnelPlotChart.Labels()
        l.xAxis = "Clients expected to improve"
        l.yAxis = "Improved ÷ expected"
        l.limits95 = "95% limits"
        l.limits998 = "99.8% limits"
        l.target = "As expected"
        return l
    }
}
