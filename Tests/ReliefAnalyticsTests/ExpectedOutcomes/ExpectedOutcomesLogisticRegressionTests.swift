import Testing
@testable import ReliefAnalytics

@Suite struct ExpectedOutcomesLogisticRegressionTests {
    /// Reference: R 4.2.2 `glm(improved ~ b6 + chronic + segment + a25, binomial)` on the Appendix A
    /// clinic (expected-outcomes.md Appendix A; statsmodels GLM agrees to 3e-8 per §4). Full
    /// precision from `print(coef(g), digits = 12)`.
    @Test func appendixAGLMMatchesR() throws {
        let design = CaseMixDesign(ExpectedOutcomesFixture.courses(try ExpectedOutcomesFixture.clinic()),
                                   specification: ExpectedOutcomesFixture.appendixSpecification)
        #expect(design.columns == ["intercept", "baseline", "chronic", "segment:athlete", "segment:headache",
                                   "segment:older", "attendance"])
        #expect(design.rows.count == 180)
        let fit = try #require(LogisticRegression.fit(design: design.rows, outcomes: design.outcomes))
        let r = [-0.60759299986, 0.28469247848, -0.30841122693, 0.02985396181, -0.52697348770, -1.13676702738, 0.11454559404]
        #expect(fit.converged)
        #expect(ExpectedOutcomesFixture.maxAbsDifference(fit.coefficients, r) < 1e-6)
        #expect(abs(fit.logLikelihood - -101.376078) < 1e-6)
        #expect(!fit.separation)
    }

    /// Reference: expected-outcomes.md Appendix A's table (R `glm`, E = Σ fitted per therapist).
    @Test func expectedPerTherapistMatchesAppendixTable() throws {
        let design = CaseMixDesign(ExpectedOutcomesFixture.courses(try ExpectedOutcomesFixture.clinic()),
                                   specification: ExpectedOutcomesFixture.appendixSpecification)
        let fit = try #require(LogisticRegression.fit(design: design.rows, outcomes: design.outcomes))
        let table: [(String, Int, Double, Double)] = [("T1", 5, 3.316075, 1.5078), ("T2", 5, 5.560382, 0.8992),
                                                      ("T3", 5, 6.591425, 0.7586), ("T4", 4, 8.702753, 0.4596),
                                                      ("T5", 13, 10.479017, 1.2406), ("T6", 19, 16.350348, 1.1621)]
        for (unit, o, e, ratio) in table {
            let j = try #require(design.units.firstIndex(of: unit))
            let rows = design.rows.indices.filter { design.unitIndex[$0] == j }
            let expected = rows.reduce(0.0) { $0 + logistic(fit.linearPredictor[$1]) }
            let observed = rows.filter { design.outcomes[$0] == 1 }.count
            #expect(observed == o)
            #expect(abs(expected - e) < 1e-6, "\(unit)")
            #expect(abs(Double(observed) / expected - ratio) < 5e-5, "\(unit)")
        }
    }

    @Test func collinearDesignHasNoFit() {
        let x: [[Double]] = [[1, 2, 4], [1, 3, 6], [1, 4, 8], [1, 5, 10]]
        #expect(LogisticRegression.fit(design: x, outcomes: [0, 1, 0, 1]) == nil)
        #expect(LogisticRegression.fit(design: [], outcomes: []) == nil)
    }

    /// Perfectly separated data: the fit is flagged, not trusted.
    @Test func separationIsFlagged() throws {
        let x: [[Double]] = [[1, -2], [1, -1], [1, 1], [1, 2]]
        let fit = try #require(LogisticRegression.fit(design: x, outcomes: [0, 0, 1, 1]))
        #expect(fit.separation)
    }
}
