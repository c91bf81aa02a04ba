import ChartScene
import ReliefModel
import Testing
@testable import ReliefAnalytics
@testable import ReliefReports

@Suite struct ClinicWordingTests {
    let w = ReportLanguage.english

    // Issue 16, fix 4: reasons joined after a semicolon go on in lowercase.
    @Test func reasonsJoinAsOneSentenceWithoutCapitalsAfterTheSemicolon() {
        let reasons: [AtRiskClient.Reason] = [
            .init(code: .noBetterThanBaseline, sessions: 16, baseline: 5, current: 6.5),
            .init(code: .lapsedInPain, current: 6.5, daysAway: 44),
        ]
        #expect(w.sentence(joining: reasons.map(w.reasonClause)) ==
                "Pain is no better than at intake after 16 sessions (intake 5, now 6.5); has not been in for 44 days, and pain was 6.5 at the last visits.")
        #expect(w.sentence(joining: []) == "")
        #expect(w.reason(.init(code: .worsening, sessions: 1, slopePerWeek: 0.396)) ==
                "Pain is getting worse: over 1 session it rises by about 0.4 points a week.")
        #expect(w.reason(.init(code: .lapsedInPain, current: 5, daysAway: 1)).contains("for 1 day,"))
    }

    @Test func doseSentenceNeverClaimsCause() {
        let d = DoseResponse(bins: [], spearman: Spearman(rho: -0.63, lower95: -0.75, upper95: -0.48, n: 86))
        let text = w.doseSentence(d)
        #expect(text.hasPrefix("Clients who came more often improved more: Spearman's ρ = −0.63 (95% interval −0.75 to −0.48)"))
        #expect(text.contains("does not show that more sessions cause"))
    }

    @Test func groupAndBinLabelsComeFromTheLanguage() {
        func group(_ d: GroupDimension, _ key: String, name: String? = nil) -> GroupOutcome {
            GroupOutcome(dimension: d, key: key, name: name, clients: 1, sessions: 1, eligible: 0, improved: 0,
                         improvedShare: nil, improvedShareLower95: nil, improvedShareUpper95: nil,
                         medianPercentChange: nil, meanImmediateRelief: nil, tooFewToCompare: true)
        }
        #expect(w.groupLabel(group(.therapist, "T1", name: "Ana")) == "Ana")
        #expect(w.groupLabel(group(.therapist, GroupKeys.unspecified)) == "No therapist recorded")
        #expect(w.groupLabel(group(.segment, "office-worker")) == "Office workers")
        #expect(w.groupLabel(group(.kind, "medical")) == "Medical")
        #expect(w.groupLabel(group(.technique, "trigger-point")) == "trigger-point")
        func bin(_ from: Double, _ to: Double?) -> DoseResponse.Bin {
            .init(from: from, to: to, n: 0, medianChange: nil, medianPercentChange: nil, improvedShare: nil, tooFewToCompare: true)
        }
        #expect([bin(0, 2), bin(2, 4), bin(8, nil)].map(w.binLabel) == ["< 2", "2–4", "≥ 8"])
    }
}

/// Issue 17: a bar its table calls "too few" prints no number.
@Suite struct DoseChartTests {
    @Test func aTooFewBinPrintsNoValue() {
        func bin(_ from: Double, _ to: Double?, _ n: Int, _ pct: Double?) -> DoseResponse.Bin {
            .init(from: from, to: to, n: n, medianChange: nil, medianPercentChange: pct, improvedShare: nil, tooFewToCompare: n < 5)
        }
        let d = DoseResponse(bins: [bin(0, 2, 3, -17), bin(2, 4, 20, -35), bin(4, nil, 9, -41)], spearman: nil)
        let scene = ClinicCharts.dose(d).build(size: Size(480, 220), theme: .standard, measuring: FixedWidthTextMeasurer())
        let texts = scene.textDump()
        #expect(texts.contains("\"−35\"") && texts.contains("\"−41\""), "\(texts)")
        #expect(!texts.contains("\"−17\""), "the bin of 3 clients is hatched, its value unprinted")
    }
}
