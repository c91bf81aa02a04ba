import Foundation
import Testing
@testable import ReliefAnalytics

/// The model ladder ("else simplify", expected-outcomes.md §3): full → reduced → stratified → raw,
/// in a fixed order, each rung validated by the same 5-fold gate, the first that passes used.
@Suite struct ExpectedOutcomesLadderTests {
    /// A small seeded clinic: improvement depends on baseline pain only (logit 0.9 per point around
    /// 6.5); segment and region are noise with 6 levels each (10 dummies). Deterministic (SplitMix64).
    static func clinic(count n: Int, seed: UInt64) -> [CaseMixCourse] {
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        let segments = ["office-worker", "athlete", "older-adult", "manual", "student", "parent"]
        let regions = ["back", "neck", "shoulder", "hip", "knee", "head"]
        return (0..<n).map { i in
            let baseline = Double(4 + Int(next() * 7))          // 4…10
            let p = 1 / (1 + exp(-(-0.9 + 0.9 * (baseline - 6.5))))
            return CaseMixCourse(unit: "T\(i % 4 + 1)", improved: next() < p, baseline: baseline, finalPain: baseline - 1,
                                 chronic: false, segment: segments[Int(next() * 6)], region: regions[Int(next() * 6)])
        }
    }

    static var options: ExpectedOutcomesOptions {
        var o = ExpectedOutcomesOptions()
        o.specification = CaseMixSpecification(includeChronic: false)
        return o
    }

    /// With 10 events per term the full model (10 terms) is not even tried below 100 events; the
    /// reduced model (baseline only) is checked and used.
    @Test func tooFewEventsSkipsTheFullModel() throws {
        let r = ExpectedOutcomes.analyze(Self.clinic(count: 120, seed: 7), options: Self.options)
        let full = try #require(r.attempts.first)
        #expect(full.model == .full && full.skipped == .tooFewEventsPerParameter && full.gate == nil)
        #expect(full.parameters == 11 && full.eventsPerParameter! < 10)
        #expect(r.caseMix == .reduced && r.design.columns == ["intercept", "baseline"])
        #expect(r.gate?.outcome != .suppress && r.gate == r.attempts.last?.gate)
        #expect(r.model?.coefficients.count == 2, "the mixed model is fitted on the reduced columns")
    }

    /// When the full model is checked (the events rule switched off) and fails the gate, the next
    /// rung is tried and the reduced one, which passes, is used.
    @Test func theFullModelFailsTheGateAndTheReducedPasses() throws {
        var o = Self.options
        o.minimumEventsPerParameter = 0
        let r = ExpectedOutcomes.analyze(Self.clinic(count: 120, seed: 7), options: o)
        #expect(r.attempts.map(\.model) == [.full, .reduced])
        let full = try #require(r.attempts.first?.gate), reduced = try #require(r.attempts.last?.gate)
        #expect(full.outcome == .suppress)
        #expect(reduced.outcome == .pass && reduced.calibrationSlope >= 0.8)
        #expect(r.caseMix == .reduced && r.attempts.map(\.used) == [false, true])
        #expect(r.units.contains { $0.display.showAdjusted })
    }

    /// Indirect standardisation: E_unit = Σₛ rₛ·nₛ,unit, rₛ = the clinic's improved share in stratum s
    /// (pooled over units). Worked by hand: baseline < 7 has 4 courses, 1 improved (r = 0.25);
    /// ≥ 7 has 4, 3 improved (r = 0.75). A: 3 low + 1 high → E = 0.75 + 0.75 = 1.5 (O = 1);
    /// B: 1 low + 3 high → E = 0.25 + 2.25 = 2.5 (O = 3). ΣE = ΣO = 4.
    @Test func stratifiedExpectedCountsByHand() throws {
        let rows: [(String, Double, Bool)] = [("A", 5, false), ("A", 5, false), ("A", 6, true), ("A", 8, false),
                                               ("B", 4, false), ("B", 7, true), ("B", 9, true), ("B", 10, true)]
        let courses = rows.map { CaseMixCourse(unit: $0.0, improved: $0.2, baseline: $0.1, chronic: false, segment: "s") }
        var o = Self.options
        o.ladder = [.stratified]
        o.minimumEventsPerParameter = 0
        let r = ExpectedOutcomes.analyze(courses, options: o)
        #expect(r.strategy == .stratified && r.model == nil)
        #expect(r.design.columns == ["intercept", "baseline>=7"])
        let a = try #require(r.units.first { $0.unit == "A" }), b = try #require(r.units.first { $0.unit == "B" })
        #expect(abs(a.expected - 1.5) < 1e-12 && a.observed == 1)
        #expect(abs(b.expected - 2.5) < 1e-12 && b.observed == 3)
        // The stratum design's saturated logistic fit is the strata's shares (what the gate validates).
        let fit = try #require(LogisticRegression.fit(design: r.design.rows, outcomes: r.design.outcomes))
        #expect(abs(logistic(fit.coefficients[0]) - 0.25) < 1e-9)
        #expect(abs(logistic(fit.coefficients[0] + fit.coefficients[1]) - 0.75) < 1e-9)
    }

    /// With chronic recorded there are 4 strata; an empty stratum leaves its column out.
    @Test func stratifiedDesignWithChronic() {
        let courses = [(8.0, true, true), (9, false, true), (5, true, false), (6, false, false), (5, false, true), (8, false, false)]
            .map { CaseMixCourse(unit: "u", improved: $0.1, baseline: $0.0, chronic: $0.2, segment: "s") }
        let spec = CaseMixSpecification(includeRegion: false)
        let full = CaseMixDesign(courses, specification: spec)
        let d = ExpectedOutcomes.rungDesign(.stratified, from: full, specification: spec)
        #expect(d.columns == ["intercept", "baseline>=7", "chronic", "baseline>=7:chronic"])
        let noLowChronic = CaseMixDesign(courses.filter { $0.baseline >= 7 || !$0.chronic }, specification: spec)
        #expect(ExpectedOutcomes.rungDesign(.stratified, from: noLowChronic, specification: spec).columns
                == ["intercept", "baseline>=7", "chronic"], "the interaction equals chronic when every chronic course is high")
        #expect(ExpectedOutcomes.rungDesign(.reduced, from: full, specification: spec).columns == ["intercept", "baseline", "chronic"])
    }

    /// The ladder only ever goes down: rungs listed in ladder order, each once, every rung before the
    /// used one skipped or suppressed, nothing after it; with none used the last checked one suppressed.
    @Test func theLadderNeverGoesBackUp() {
        let order: [CaseMixModel] = [.full, .reduced, .stratified]
        for seed in UInt64(1)...12 {
            for n in [40, 120, 400] {
                for rule in [0.0, 10] {
                    var o = Self.options
                    o.minimumEventsPerParameter = rule
                    let r = ExpectedOutcomes.analyze(Self.clinic(count: n, seed: seed), options: o)
                    let positions = r.attempts.map { order.firstIndex(of: $0.model)! }
                    #expect(positions == positions.sorted() && Set(positions).count == positions.count)
                    #expect(r.attempts.filter(\.used).count <= 1)
                    if let u = r.attempts.firstIndex(where: \.used) {
                        #expect(u == r.attempts.count - 1, "nothing is tried after the rung used")
                        #expect(r.caseMix == r.attempts[u].model)
                        #expect(r.attempts[..<u].allSatisfy { $0.skipped != nil || $0.gate?.outcome == .suppress })
                    } else {
                        #expect(r.caseMix == nil)
                        #expect(r.attempts.allSatisfy { $0.skipped != nil || $0.gate?.outcome == .suppress })
                        #expect(r.units.allSatisfy { !$0.display.showAdjusted })
                    }
                }
            }
        }
    }

    /// A clinic where nothing can be adjusted: no rung tried, raw figures only.
    @Test func noEventsMeansNoRung() {
        let courses = Self.clinic(count: 60, seed: 3).map { var c = $0; c.improved = false; return c }
        let r = ExpectedOutcomes.analyze(courses, options: Self.options)
        #expect(r.attempts.isEmpty && r.caseMix == nil && r.strategy == .rawOnly && r.events == 0)
    }
}
