import Foundation
import Testing
@testable import ReliefAnalytics

/// Oracles: R 4.2.2 with lme4 1.1-31 and glmmTMB 1.1.5 (Debian bookworm), on the Appendix A
/// clinic; the R calls are in each test and in Fixtures/edge-cases.R.
@Suite struct ExpectedOutcomesRandomInterceptLogisticTests {
    let coefficientTolerance = 1e-4, logLikTolerance = 1e-4, sdTolerance = 1e-3

    func clinicDesign(_ spec: CaseMixSpecification = ExpectedOutcomesFixture.appendixSpecification) throws -> CaseMixDesign {
        CaseMixDesign(ExpectedOutcomesFixture.courses(try ExpectedOutcomesFixture.clinic()), specification: spec)
    }

    func fit(_ d: CaseMixDesign, _ a: IntegralApproximation, sd: Double? = nil) throws -> RandomInterceptLogisticFit {
        try #require(RandomInterceptLogistic.fit(design: d.rows, outcomes: d.outcomes, groups: d.unitIndex,
                                                 unitCount: d.units.count, approximation: a, fixedSD: sd))
    }

    /// Reference: `glmer(improved ~ b6 + chronic + segment + a25 + (1|therapist), binomial, nAGQ = 1)`
    /// (§4: SD 0.203514, logLik −101.3152; Appendix A's conditional modes).
    @Test func laplaceMatchesGlmer() throws {
        let f = try fit(try clinicDesign(), .laplace)
        let beta = [-0.6150420563, 0.2800842989, -0.3260262593, 0.0348350024, -0.5223470061, -1.1723918308, 0.1153109687]
        #expect(f.converged && !f.singular)
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.coefficients, beta) < coefficientTolerance)
        #expect(abs(f.sd - 0.2035136812) < sdTolerance)
        #expect(abs(f.logLikelihood - -101.3152113) < logLikTolerance)
        let modes = [0.066418, -0.017725, -0.052340, -0.155775, 0.083666, 0.082657]   // Appendix A table
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.units.map(\.mode), modes) < coefficientTolerance)
        // lme4 `sqrt(attr(ranef(m, condVar = TRUE)$therapist, "postVar"))`.
        let condSD = [0.194524002384, 0.190243359884, 0.186893429018, 0.183736356378, 0.177877799627, 0.169033765399]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.units.map(\.conditionalSD), condSD) < sdTolerance)
    }

    /// Reference: `glmmTMB(improved ~ b6 + chronic + segment + a25 + (1|therapist), binomial)` (Laplace).
    @Test func laplaceMatchesGlmmTMB() throws {
        let f = try fit(try clinicDesign(), .laplace)
        let beta = [-0.6150479804468, 0.2800859411546, -0.3260272317352, 0.0348341165819, -0.5223452686244,
                    -1.1724043988828, 0.1153090335791]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.coefficients, beta) < coefficientTolerance)
        #expect(abs(f.sd - 0.203523893946) < sdTolerance)
        #expect(abs(f.logLikelihood - -101.315210845) < logLikTolerance)
    }

    /// Reference: `glmer(..., nAGQ = 25)` (§4: SD 0.205766, logLik −101.3140587, agreeing with a
    /// direct-quadrature ML in Python).
    @Test func quadrature25MatchesGlmer() throws {
        let f = try fit(try clinicDesign(), .quadrature25)
        let beta = [-0.6151156514194, 0.2800012361672, -0.3263395735088, 0.0349170905063, -0.5222385301484,
                    -1.1730596052585, 0.1153245447464]
        #expect(f.converged)
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.coefficients, beta) < coefficientTolerance)
        #expect(abs(f.sd - 0.205765753522) < sdTolerance)
        #expect(abs(f.logLikelihood - -101.314058722) < logLikTolerance)
        let modes = [0.0678101699610, -0.0180301309380, -0.0532727900320, -0.1585665963649, 0.0851332813777, 0.0840218039607]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.units.map(\.mode), modes) < coefficientTolerance)
        // Laplace and 25-point quadrature differ by about 2e-3 in SD (§4): the approximations are distinct.
        let laplace = try fit(try clinicDesign(), .laplace)
        #expect(abs(f.sd - laplace.sd) > 1e-3)
    }

    /// Reference: Appendix B, `glmmTMB(improved ~ b6 + chronic + segment + (1|therapist), binomial,
    /// start = list(theta = log(0.32)), map = list(theta = factor(NA)))`; SEs from
    /// `ranef(m, condVar = TRUE)` (β uncertainty included, as TMB's sdreport).
    @Test func fixedSDMatchesAppendixB() throws {
        let f = try fit(try clinicDesign(ExpectedOutcomesFixture.appendixBSpecification), .laplace, sd: 0.32)
        let beta = [-0.60151696248943, 0.28356496266215, -0.34567892041803, -0.00922091320672, -0.55518771388573,
                    -1.24392187498125]
        #expect(f.sdFixed && f.sd == 0.32)
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.coefficients, beta) < coefficientTolerance)
        #expect(abs(f.logLikelihood - -101.548976439) < logLikTolerance)
        let modes = [0.1470589503885, -0.0308501242103, -0.1069440191482, -0.2978634979496, 0.1649300251564, 0.1493242674671]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.units.map(\.mode), modes) < coefficientTolerance)
        let se = [0.291759557087, 0.281854315151, 0.276173572945, 0.272077730078, 0.261114126726, 0.251227926005]
        #expect(ExpectedOutcomesFixture.maxAbsDifference(f.units.map(\.standardError), se) < sdTolerance)
    }

    /// Reference: `glmer(improved ~ b6 + chronic + segment + (1|fold), binomial)` — the clinic grouped
    /// by fold id, a grouping with no effect: "boundary (singular) fit", θ = 0, logLik −101.541114609
    /// (= the GLM's), β = the GLM's.
    @Test func singularFitIsReportedAsSuch() throws {
        let rows = try ExpectedOutcomesFixture.clinic()
        let d = CaseMixDesign(ExpectedOutcomesFixture.courses(rows, unit: { "F\($0.fold!)" }),
                              specification: ExpectedOutcomesFixture.appendixBSpecification)
        for a in [IntegralApproximation.laplace, .quadrature25] {
            let f = try fit(d, a)
            #expect(f.singular)
            #expect(f.sd == 0)
            #expect(f.units.allSatisfy { $0.mode == 0 })
            let beta = [-0.5880171230168, 0.2917363133843, -0.3128251111739, -0.0184494390185, -0.5594897707676, -1.1730658887093]
            #expect(ExpectedOutcomesFixture.maxAbsDifference(f.coefficients, beta) < coefficientTolerance)
            #expect(abs(f.logLikelihood - -101.541114609) < logLikTolerance)
        }
    }

    /// The closed-form gradient and Hessian used with 25-point quadrature agree with central
    /// differences of the objective at and away from the optimum (to the differences' own error).
    @Test func closedFormDerivativesMatchFiniteDifferences() throws {
        let d = try clinicDesign()
        let problem = RandomInterceptLogistic.Problem(x: d.rows, y: d.outcomes, groups: d.unitIndex,
                                                      unitCount: d.units.count, approximation: .quadrature25)
        let f = try fit(d, .quadrature25)
        let p = f.coefficients.count
        let objective = { (t: [Double]) in problem.logLikelihood(beta: Array(t[0..<p]), sigma: exp(t[p])) }
        for theta in [f.coefficients + [log(f.sd)], f.coefficients.map { $0 + 0.1 } + [log(0.6)]] {
            let closed = problem.derivatives(beta: Array(theta[0..<p]), sigma: exp(theta[p]), withLogSD: true)
            let g = Maximizer.gradient(objective, at: theta)
            let h = Maximizer.hessian(objective, at: theta, value: objective(theta))
            #expect(ExpectedOutcomesFixture.maxAbsDifference(closed.gradient, g) < 1e-6)
            for a in 0...p { #expect(ExpectedOutcomesFixture.maxAbsDifference(closed.hessian[a], h[a]) < 1e-5) }
            let beta = Array(theta[0..<p])
            let fixed = problem.derivatives(beta: beta, sigma: 0.32, withLogSD: false)
            let gb = Maximizer.gradient({ problem.logLikelihood(beta: $0, sigma: 0.32) }, at: beta)
            #expect(ExpectedOutcomesFixture.maxAbsDifference(fixed.gradient, gb) < 1e-6)
        }
        #expect(f.gradientNorm < 1e-6)
    }
}
