import ChartScene
import ReliefModel
import Testing
@testable import ReliefAnalytics
@testable import ReliefReports

/// The clinic report's expected-outcomes words: each funnel position, each display rule, the
/// gate's three outcomes and "nothing adjusted", and the section's blocks (raw figures only when
/// the gate suppresses).
@Suite struct ExpectedOutcomesWordingTests {
    let w = ReportLanguage.english

    static func unit(count: Int = 30, observed: Int = 5, expected: Double = 3.4, position: FunnelPosition = .inside95,
                     reliability: Double = 0.6, notes: [UnitDisplayNote] = [], showAdjusted: Bool = true,
                     showLabel: Bool = true) -> UnitOutcome {
        UnitOutcome(unit: "T1", count: count, observed: observed, expected: expected, ratio: Double(observed) / expected,
                    ratioLower: 0.8, ratioUpper: 2.1, excess: Double(observed) - expected, excessLower: -1.26,
                    excessUpper: 4.04, shrunkenRatio: 1.049, shrunkenLower: 0.8, shrunkenUpper: 1.334, effect: nil,
                    reliability: reliability, limits: nil, position: position, upperTail: 0.2, lowerTail: 0.9,
                    meanResidualPoints: nil, shrunkenResidualPoints: nil,
                    display: UnitDisplay(showAdjusted: showAdjusted, showLabel: showLabel, mostlyChance: reliability < 0.5,
                                         notes: notes))
    }

    @Test func eachFunnelPositionHasItsWords() {
        let cases: [(FunnelPosition, String)] = [
            (.inside95, "Ana: 30 clients, 5 improved where about 3 were expected — in line with expected."),
            (.above95, "Ana: 30 clients, 5 improved where about 3 were expected — possibly above expected — worth a look."),
            (.below95, "Ana: 30 clients, 5 improved where about 3 were expected — possibly below expected — worth a look."),
            (.above998, "Ana: 30 clients, 5 improved where about 3 were expected — above what chance usually explains — check the data and case mix first."),
            (.below998, "Ana: 30 clients, 5 improved where about 3 were expected — below what chance usually explains — check the data and case mix first."),
        ]
        for (position, text) in cases {
            #expect(w.unitReading(Self.unit(position: position), label: "Ana", noDifferences: false) == text)
        }
    }

    @Test func displayRulesChangeTheReading() {
        // Below 10 clients: no adjusted value at all.
        #expect(w.unitReading(Self.unit(count: 8, notes: [.belowMinimumForValue, .belowMinimumForLabel], showAdjusted: false,
                                        showLabel: false), label: "Ana", noDifferences: false)
                == "Ana: too few clients to compare (n = 8).")
        // 10–24 clients: numbers, no verdict.
        #expect(w.unitReading(Self.unit(count: 12, notes: [.belowMinimumForLabel], showLabel: false), label: "Ana", noDifferences: false)
                == "Ana: 12 clients, 5 improved where about 3 were expected (fewer than 25 clients: no verdict).")
        // Reliability below 0.5.
        #expect(w.unitReading(Self.unit(reliability: 0.3, notes: [.mostlyChance]), label: "Ana", noDifferences: false)
                == "Ana: 30 clients, 5 improved where about 3 were expected — in line with expected; mostly chance.")
        // A zero-variance fit says so instead of "mostly chance".
        #expect(w.unitReading(Self.unit(reliability: 0, notes: [.mostlyChance, .noDifferencesBeyondChance]), label: "Ana",
                              noDifferences: true)
                == "Ana: 30 clients, 5 improved where about 3 were expected — in line with expected; no differences beyond chance.")
        // The gate suppressed: raw figures only, no label.
        #expect(w.unitReading(Self.unit(notes: [.gateSuppressed], showAdjusted: false, showLabel: false), label: "Ana",
                              noDifferences: false) == "Ana: 5 of 30 clients improved (17%).")
        // About one expected: singular verb.
        #expect(w.improvedWhereExpected(observed: 2, expected: 0.6) == "2 improved where about 1 was expected")
    }

    @Test func tableCellsPrintTheAnalysisAtTheirPrecision() {
        let u = Self.unit()
        #expect(w.excessText(u) == "+1.6 (−1.3 to +4.0)")
        #expect(w.shrunkenText(u) == "1.05 (0.80 to 1.33)")
        var flat = u
        flat.shrunkenRatio = 1; flat.shrunkenLower = 1; flat.shrunkenUpper = 1
        #expect(w.shrunkenText(flat) == "1.00", "a zero-variance fit has no interval to print")
        #expect(w.signed(0, 1) == "0.0" && w.signed(-0.04, 1) == "0.0" && w.signed(-0.06, 1) == "−0.1", "no signed zero")
    }

    /// An analysis of 40 courses over two units (enough to fit), whose gate the tests then set.
    static func analysis() -> ExpectedOutcomesResult {
        var courses: [CaseMixCourse] = []
        for i in 0..<40 {
            let unit = i % 2 == 0 ? "T1" : "T2"
            let baseline = Double(4 + i % 6)
            courses.append(CaseMixCourse(unit: unit, improved: i % 3 == 0, baseline: baseline, finalPain: 3,
                                         chronic: false, segment: "s", region: "neck"))
        }
        var o = ExpectedOutcomesOptions()
        o.specification = CaseMixSpecification(includeRegion: false, includeChronic: false)
        return ExpectedOutcomes.analyze(courses, options: o)
    }

    @Test func theGateIsPrintedWithItsNumbers() throws {
        var r = Self.analysis()
        var g = try #require(r.gate)
        g.calibrationSlope = 0.934; g.calibrationInTheLarge = -0.051; g.cStatistic = 0.6449
        g.outcome = .pass; g.reasons = []
        r.gate = g
        #expect(w.gateSentence(r).hasPrefix("Model check (5-fold cross-validation) passed: calibration slope 0.93, calibration-in-the-large −0.05, c-statistic 0.64."))
        g.outcome = .warn; g.reasons = [.slopeBelowWarning]; g.calibrationSlope = 0.75
        r.gate = g
        #expect(w.gateSentence(r).hasPrefix("Model check (5-fold cross-validation): warning — calibration slope 0.75,"))
        g.outcome = .suppress; g.reasons = [.slopeBelowSuppress]; g.calibrationSlope = 0.401
        r.gate = g
        let text = w.gateSentence(r)
        #expect(text.hasPrefix("Model check (5-fold cross-validation) failed: calibration slope 0.40,"))
        #expect(text.contains("no adjusted comparison is shown: the tables give raw figures only"))
        // A degenerate cross-validation: no slope or CITL printed (they would look like a calibration).
        g.reasons = [.degenerateCrossValidation]; g.calibrationSlope = .nan; g.calibrationInTheLarge = .nan
        r.gate = g
        let degenerate = w.gateSentence(r)
        #expect(degenerate.hasPrefix("Model check (5-fold cross-validation) failed: the check itself was degenerate."))
        #expect(degenerate.contains("ran to certainty because a group had no client who improved"))
        #expect(degenerate.contains("no calibration figures to give (c-statistic 0.64)"))
        #expect(!degenerate.contains("calibration-in-the-large") && !degenerate.contains("slope 0."), "no calibration figures")
        #expect(degenerate.contains("No adjusted comparison is shown: the tables give raw figures only."))
        // A fold that could not be fitted: no figures either (that fold's clients have no prediction).
        g.reasons = [.fitFailed]
        r.gate = g
        #expect(w.gateSentence(r).hasPrefix("Model check (5-fold cross-validation) failed: the model could not be fitted on every fold, so there are no calibration figures to give (c-statistic 0.64)."))
        r.strategy = .rawOnly; r.gate = nil
        #expect(w.gateSentence(r) == "Too few clients to adjust for case mix: the table shows raw figures only.")
    }

    /// The report names the model the ladder used and why the ones before it were not.
    @Test func theModelChoiceIsNamed() throws {
        var r = Self.analysis()
        let g = try #require(r.gate)
        let fullColumns = ["intercept", "baseline", "segment:athlete", "segment:older-adult", "region:back", "region:hips"]
        r.courses = 112; r.improved = 37; r.events = 37
        r.attempts = [CaseMixAttempt(model: .full, columns: fullColumns, eventsPerParameter: 37.0 / 5,
                                     skipped: .tooFewEventsPerParameter, gate: nil, used: false),
                      CaseMixAttempt(model: .reduced, columns: ["intercept", "baseline"], eventsPerParameter: 37,
                                     skipped: nil, gate: g, used: true)]
        r.caseMix = .reduced
        #expect(w.modelChoiceSentence(r) == "Which model: 37 improved are too few for the full model (first pain score, " +
                "client group and body area) with 5 case-mix terms (it needs 10 per term), so the expected values use the " +
                "first pain score only (1 case-mix term, 37 improved).")
        var failed = g
        failed.calibrationSlope = 0.412; failed.outcome = .suppress; failed.reasons = [.slopeBelowSuppress]
        r.attempts[0] = CaseMixAttempt(model: .full, columns: fullColumns, eventsPerParameter: 12, skipped: nil, gate: failed, used: false)
        #expect(w.modelChoiceSentence(r)!.hasPrefix("Which model: the full model (first pain score, client group and body area) " +
                                                    "failed its check (calibration slope 0.41), so the expected values use the first pain score only"))
        r.attempts[1].used = false; r.attempts[1].gate = failed
        r.attempts.append(CaseMixAttempt(model: .stratified, columns: ["intercept", "baseline>=7"], eventsPerParameter: 37,
                                         skipped: nil, gate: failed, used: false))
        r.caseMix = nil
        let none = try #require(w.modelChoiceSentence(r))
        #expect(none.hasPrefix("Which model: none passed its check — the full model"))
        #expect(none.contains("the first pain score only failed its check (calibration slope 0.41); two groups by first pain score (7 or more, below 7) failed its check"))
        #expect(none.hasSuffix("So nothing is adjusted for case mix and the tables give raw figures only."))
        r.attempts = []
        #expect(w.modelChoiceSentence(r) == nil)
    }

    @Test func fallbackSentenceNamesTheStrategyBySize() {
        var r = Self.analysis()
        #expect(r.strategy == .fixedSD)
        #expect(w.fallbackSentence(r, kind: .therapist).contains("fixed at a published value (SD 0.32 on the log-odds scale)"))
        r.strategy = .estimatedSD; r.noDifferencesBeyondChance = true
        #expect(w.fallbackSentence(r, kind: .technique).contains("came out as zero: no differences between techniques beyond chance"))
    }

    static func cohort(_ r: ExpectedOutcomesResult) -> CohortExpectedOutcomes {
        CohortExpectedOutcomes(window: Period(from: Day(iso: "2025-11-01")!, to: Day(iso: "2026-10-31")!), activeClients: 45,
                               completeCourses: 40, incomplete: 5, chronicRecorded: false, byTherapist: r, byTechnique: r)
    }

    func texts(_ blocks: [Block]) -> [String] {
        blocks.compactMap { if case let .paragraph(s) = $0 { return s }; if case let .note(s) = $0 { return s }; return nil }
    }

    @Test func aSuppressedGateLeavesRawFiguresOnly() throws {
        var r = Self.analysis()
        var g = try #require(r.gate)
        g.outcome = .suppress; g.reasons = [.slopeBelowSuppress]
        r.gate = g
        r.units = r.units.map { var u = $0; u.display = UnitDisplay(showAdjusted: false, showLabel: false, mostlyChance: false, notes: [.gateSuppressed]); return u }
        let blocks = ClinicReport.expectedBlocks(Self.cohort(r), charts: [:], names: ["T1": "Ana", "T2": "Ben"], language: w)
        let tables = blocks.compactMap { if case let .table(t) = $0 { return t }; return nil }
        #expect(tables.count == 2)
        #expect(tables[0].header == ["Therapist", "Clients", "Improved", "% improved (95% interval)"])
        #expect(tables[0].rows.map(\.first) == ["Ana", "Ben"])
        #expect(!texts(blocks).contains { $0.contains("were expected") }, "no adjusted reading")
        #expect(texts(blocks).contains { $0.contains("chronic pain could not be adjusted for") })
        #expect(texts(blocks).contains { $0.contains("a technique's results partly reflect who received it") })
    }

    @Test func aPassingGateShowsTheAdjustedTableAlphabetically() throws {
        var r = Self.analysis()
        var g = try #require(r.gate)
        g.outcome = .pass; g.reasons = []
        r.gate = g
        r.units = r.units.map { var u = $0; u.display = UnitDisplay(showAdjusted: true, showLabel: true, mostlyChance: false, notes: []); return u }
        let blocks = ClinicReport.expectedBlocks(Self.cohort(r), charts: [:], names: ["T1": "Zoe", "T2": "Ana"], language: w)
        let table = try #require(blocks.compactMap { if case let .table(t) = $0 { return t }; return nil }.first)
        #expect(table.header.count == 7)
        #expect(table.rows.map(\.first) == ["Ana", "Zoe"], "alphabetical by name, never by result")
        let ana = try #require(r.units.first { $0.unit == "T2" })
        #expect(table.rows[0] == ["Ana", String(ana.count), w.share(ana.observedShare), w.share(ana.expectedShare), w.excessText(ana),
                                  w.shrunkenText(ana), w.fixed(ana.reliability ?? 0, decimals: 2)])
        #expect(texts(blocks).contains { $0.hasPrefix("Ana: \(ana.count) clients, \(ana.observed) improved where about") })
    }
}
