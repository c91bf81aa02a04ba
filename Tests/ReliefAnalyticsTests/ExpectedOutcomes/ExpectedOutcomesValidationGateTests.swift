import Foundation
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
        #expect(report.degenerateFolds == [])
        #expect(report.riskGroups.map(\.count) == [45, 45, 45, 45])
        #expect(report.riskGroups.map(\.observed).reduce(0, +) == 51)
        #expect(report.bySegment.map(\.name) == ["athlete", "headache", "office", "older"])
        #expect(report.bySegment.map(\.count).reduce(0, +) == 180)
    }

    /// Strong signal everywhere except fold 0 (rows 0, 5, 10, …), whose clients all share one
    /// baseline: that fold's out-of-fold predictions are constant, so the pooled "slope" partly
    /// measures the folds' intercepts. Without the check the gate reported it as a calibration.
    @Test func aFoldWithConstantPredictionsIsDegenerate() {
        var generator = SplitMix64(seed: 11)
        var courses = [CaseMixCourse]()
        for i in 0..<600 {
            let baseline = i % 5 == 0 ? 7.0 : Double(4 + (i / 5) % 7)
            let p = logistic(-0.3 + 0.9 * (baseline - 6))
            courses.append(CaseMixCourse(unit: "T\(i % 6)", improved: Double.random(in: 0..<1, using: &generator) < p,
                                         baseline: baseline, chronic: false, segment: "office"))
        }
        let report = ValidationGate.validate(CaseMixDesign(courses, specification: .init(includeRegion: false, includeChronic: false)))
        #expect(report.degenerateFolds == [0])
        #expect(report.outcome == .suppress)
        #expect(report.reasons == [.degenerateCrossValidation])
        #expect(report.calibrationSlope.isNaN && report.calibrationInTheLarge.isNaN, "no number that looks like a calibration")
        #expect(report.cStatistic > 0.7, "the c-statistic is still given")
    }

    /// The slope cannot be estimated when the pooled out-of-fold predictors do not vary (an
    /// intercept-only design: every fold predicts its training share, here the same 50 %).
    @Test func anUndefinedSlopeIsDegenerateNotAFitFailure() {
        var courses = [CaseMixCourse]()
        for i in 0..<200 {
            courses.append(CaseMixCourse(unit: "T\(i % 4)", improved: (i / 5) % 2 == 0, baseline: 6, chronic: false, segment: "office"))
        }
        var design = CaseMixDesign(courses, specification: .init(includeRegion: false, includeChronic: false))
        design.columns = ["intercept"]
        design.rows = design.rows.map { [$0[0]] }
        let report = ValidationGate.validate(design)
        #expect(report.reasons == [.degenerateCrossValidation])
        #expect(report.outcome == .suppress)
        #expect(report.calibrationSlope.isNaN)
        #expect(report.degenerateFolds == [0, 1, 2, 3, 4])
    }

    /// A segment in which nobody improved separates every fold's fit (its coefficient runs off
    /// to −∞): the out-of-fold predictions for it are extreme by construction. This is what a
    /// 400-client sample clinic gave before the check, reported as slope 0 and CITL −0.9.
    @Test func aSeparatedFoldIsDegenerate() {
        var generator = SplitMix64(seed: 5)
        var courses = [CaseMixCourse]()
        for i in 0..<400 {
            let baseline = Double(4 + (i / 3) % 7), rare = i % 8 == 3
            let p = rare ? 0 : logistic(-0.2 + 0.5 * (baseline - 6))
            courses.append(CaseMixCourse(unit: "T\(i % 6)", improved: Double.random(in: 0..<1, using: &generator) < p,
                                         baseline: baseline, chronic: false, segment: rare ? "rare" : "office"))
        }
        let report = ValidationGate.validate(CaseMixDesign(courses, specification: .init(includeRegion: false, includeChronic: false)))
        #expect(report.reasons.contains(.degenerateCrossValidation), "reasons \(report.reasons)")
        #expect(!report.degenerateFolds.isEmpty)
        #expect(report.outcome == .suppress)
        #expect(report.calibrationSlope.isNaN && report.calibrationInTheLarge.isNaN)
    }

    @Test func aDegenerateGateEncodesNullFigures() throws {
        var courses = [CaseMixCourse]()
        for i in 0..<200 {
            courses.append(CaseMixCourse(unit: "T\(i % 4)", improved: (i / 5) % 2 == 0, baseline: 6, chronic: false, segment: "office"))
        }
        var design = CaseMixDesign(courses, specification: .init(includeRegion: false, includeChronic: false))
        design.columns = ["intercept"]
        design.rows = design.rows.map { [$0[0]] }
        let json = String(decoding: try JSONEncoder().encode(ValidationGate.validate(design)), as: UTF8.self)
        #expect(json.contains("\"reasons\":[\"degenerate-cross-validation\"]"))
        #expect(json.contains("\"calibrationSlope\":null"))
        #expect(json.contains("\"calibrationInTheLarge\":null"))
        #expect(json.contains("\"degenerateFolds\":[0,1,2,3,4]"))
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
        #expect(report.degenerateFolds == [] && !report.reasons.contains(.degenerateCrossValidation))
        #expect(ValidationGate.fold(ofRow: 0) == 0 && ValidationGate.fold(ofRow: 1) == 4 && ValidationGate.fold(ofRow: 2) == 3)
    }
}
