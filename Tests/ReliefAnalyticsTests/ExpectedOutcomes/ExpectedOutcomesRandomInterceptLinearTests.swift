import Foundation
import ReliefTestSupport
import Testing
@testable import ReliefAnalytics

@Suite struct ExpectedOutcomesRandomInterceptLinearTests {
    let tolerance = 1e-5   // expected-outcomes.md, oracle plan: LMM 1e-5

    /// Reference (public anchor): lme4 1.1-31 `lmer(Reaction ~ Days + (1 | Subject), sleepstudy)`
    /// (REML): β 251.4051048485, 10.4672859596; SDs 37.12382677, 30.99123390; logLik −893.232542697;
    /// BLUPs of subjects 308, 309, 310: 40.7837098396, −77.8495538224, −63.1085674140. The data
    /// are lme4's, written by Fixtures/edge-cases.R.
    @Test func sleepstudyMatchesLmer() throws {
        let path = repositoryRoot.appendingPathComponent("Tests/ReliefAnalyticsTests/ExpectedOutcomes/Fixtures/sleepstudy.csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        let fields = lines.map { $0.split(separator: ",").map(String.init) }
        let subjects = Set(fields.map { $0[2] }).sorted()
        let fit = try #require(RandomInterceptLinear.fit(design: fields.map { [1, Double($0[1])!] },
                                                         outcomes: fields.map { Double($0[0])! },
                                                         groups: fields.map { subjects.firstIndex(of: $0[2])! },
                                                         unitCount: subjects.count))
        #expect(!fit.singular)
        #expect(abs(fit.coefficients[0] - 251.4051048485) < tolerance * 251)
        #expect(abs(fit.coefficients[1] - 10.4672859596) < tolerance)
        #expect(abs(fit.unitSD - 37.12382677) < tolerance * 37)
        #expect(abs(fit.residualSD - 30.99123390) < tolerance * 31)
        #expect(abs(fit.logLikelihood - -893.232542697) < tolerance)
        let blups = [40.7837098396, -77.8495538224, -63.1085674140]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(Array(fit.unitEffects.prefix(3)), blups) < tolerance * 100)
    }

    /// Reference: `lmer(final ~ b6 + chronic + segment + (1 | therapist), d)` on the Appendix A
    /// clinic, final = baseline·(1 − pct_change/100): "boundary (singular) fit", logLik
    /// −292.149943139, β = OLS.
    @Test func singularLMMOnTheClinic() throws {
        let d = CaseMixDesign(ExpectedOutcomesFixture.courses(try ExpectedOutcomesFixture.clinic()),
                              specification: ExpectedOutcomesFixture.appendixBSpecification)
        let fit = try #require(RandomInterceptLinear.fit(design: d.rows, outcomes: d.finalPain.map { $0! },
                                                         groups: d.unitIndex, unitCount: d.units.count))
        #expect(fit.singular)
        #expect(fit.unitSD == 0)
        #expect(fit.unitEffects.allSatisfy { $0 == 0 })
        let beta = [4.419575482219, 0.602021345933, 0.489097473910, -0.206919310209, 0.258740192488, 0.443936560781]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(fit.coefficients, beta) < tolerance)
        #expect(abs(fit.logLikelihood - -292.149943139) < tolerance)
        // The mean residuals are then plain mean (observed − OLS fit) per therapist, summing to 0 when weighted.
        let weighted = zip(fit.meanResiduals, fit.unitCounts).reduce(0.0) { $0 + $1.0! * Double($1.1) }
        #expect(abs(weighted) < 1e-9)
    }
}
