import Testing
@testable import ReliefAnalytics
@testable import ReliefReports

@Suite struct ClinicWordingTests {
    @Test func reasonsJoinWithoutDoubledStops() {
        #expect(ClinicReport.reasonText(["Pain is no better than at intake after 16 sessions (intake 5, now 6.5).",
                                         "Has not been in for 44 days."]) ==
                "Pain is no better than at intake after 16 sessions (intake 5, now 6.5); Has not been in for 44 days.")
        #expect(ClinicReport.reasonText([]) == "")
    }

    @Test func doseSentenceNeverClaimsCause() {
        let d = DoseResponse(bins: [], spearman: Spearman(rho: -0.63, lower95: -0.75, upper95: -0.48, n: 86))
        let text = ClinicReport.doseSentence(d)
        #expect(text.hasPrefix("Clients who came more often improved more: Spearman's ρ = −0.63 (95% interval −0.75 to −0.48)"))
        #expect(text.contains("does not show that more sessions cause"))
    }
}
