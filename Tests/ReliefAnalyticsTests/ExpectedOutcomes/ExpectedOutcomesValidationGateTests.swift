import Testing
@testable import ReliefAnalytics

@Suite struct ExpectedOutcomesValidationGateTests {
    /// Reference: R 4.2.2 with the Appendix A folds, (i·7919) mod 5: per fold
    /// `glm(improved ~ b6 + chronic + segment + a25, binomial)` on the other folds, pooled
    /// out-of-fold η; c = rank AUC; CITL = `coef(glm(y ~ 1, binomial, offset = lp))`; slope =
    /// `coef(glm(y ~ lp, binomial))[2]` (§3: apparent c 0.660, CV c 0.565, CITL 0.006, slope 0.381;
    /// §4: R and roc_auc_score + statsmodels agree to ≥ 8 digits).
    @Test func crossValidationMatchesR() throws {
        let rows = try ExpectedOutcomesFixture.clinic()
        let design = CaseMixDesign(ExpectedOutcomesFixture.courses(rows), specification: ExpectedOutcomesFixture.appendixSpecification)
        let report = ValidationGate.validate(design)
        #expect(report.folds == rows.map { $0.fold! })
        #expect(abs(report.cStatistic - 0.56520747834017) < 1e-8)
        #expect(abs(report.apparentCStatistic - 0.66035871713) < 1e-8)
        #expect(abs(report.calibrationInTheLarge - 0.00644737375824) < 1e-6)
        #expect(abs(report.calibrationSlope - 0.38141211123720) < 1e-6)
        #expect(report.outcome == .suppress)
        #expect(report.reasons == [.slopeBelowSuppress])
        #expect(report.riskGroups.map(\.count) == [45, 45, 45, 45])
        #expect(report.riskGroups.map(\.observed).reduce(0, +) == 51)
        #expect(report.bySegment.map(\.name) == ["athlete", "headache", "office", "older"])
        #expect(report.bySegment.map(\.count).reduce(0, +) == 180)
    }

    @Test func cStatisticCountsTiesAsHalf() {
        #expect(ValidationGate.cStatistic(scores: [1, 2, 3, 4], outcomes: [0, 0, 1, 1]) == 1)
        #expect(ValidationGate.cStatistic(scores: [1, 1, 1, 1], outcomes: [0, 1, 0, 1]) == 0.5)
        #expect(ValidationGate.cStatistic(scores: [1, 2, 2, 3], outcomes: [0, 1, 0, 1]) == 0.875)
        #expect(ValidationGate.cStatistic(scores: [1, 2], outcomes: [1, 1]) == nil)
    }

    /// A model that is right by construction: outcomes drawn from the model with a fixed generator.
    /// The gate passes, and the fold assignment is the documented one.
    @Test func wellCalibratedModelPasses() {
        var generator = SplitMix64(seed: 7)
        var courses = [CaseMixCourse]()
        for i in 0..<2000 {
            let baseline = Double(4 + i % 7), chronic = i % 3 == 0
            let p = logistic(-0.3 + 0.5 * (baseline - 6) - 0.8 * (chronic ? 1 : 0))
            courses.append(CaseMixCourse(unit: "T\(i % 8)", improved: Double.random(in: 0..<1, using: &generator) < p,
                                         baseline: baseline, chronic: chronic, segment: "office"))
        }
        let report = ValidationGate.validate(CaseMixDesign(courses, specification: .init(includeRegion: false)))
        #expect(report.outcome == .pass, "slope \(report.calibrationSlope), CITL \(report.calibrationInTheLarge)")
        #expect(ValidationGate.fold(ofRow: 0) == 0 && ValidationGate.fold(ofRow: 1) == 4 && ValidationGate.fold(ofRow: 2) == 3)
    }
}
