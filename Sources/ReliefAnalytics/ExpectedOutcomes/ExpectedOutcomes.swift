import Foundation

/// How the expected values were obtained (the fallbacks by size, expected-outcomes.md §3).
public enum AdjustmentStrategy: String, Sendable, Equatable, Codable {
    /// ≥ 100 complete courses and ≥ 40 improved: the between-unit SD is estimated.
    case estimatedSD = "estimated-sd"
    /// Fewer: the SD is fixed at a literature value (0.32 logit) and only β is estimated.
    case fixedSD = "fixed-sd"
    /// Fewer, by choice: indirect standardisation over 4 strata (baseline ≥ 7 or < 7 × chronic).
    case stratified
    /// Nothing can be adjusted (no improved or no unimproved course, or the fit failed): raw
    /// results only, "too few clients to adjust for case mix".
    case rawOnly = "raw-only"
}

/// The fallback when there are too few courses to estimate the SD.
public enum SmallDataFallback: String, Sendable, Equatable, Codable {
    case fixedSD = "fixed-sd"
    case stratified
}

/// The rungs of the model ladder, most complete first (expected-outcomes.md §3: "Keep about 3–5
/// case-mix parameters", "calibration slope ≥ 0.8, else simplify").
public enum CaseMixModel: String, Sendable, Equatable, Codable, CaseIterable {
    /// Every covariate of the specification: baseline, chronic (when recorded), segment and region dummies.
    case full
    /// Baseline pain (linear), and chronic when recorded.
    case reduced
    /// Indirect standardisation over strata baseline ≥ 7 or < 7 (× chronic when recorded), pooled
    /// over all units: E = Σₛ rₛ·nₛ, rₛ the clinic's improved share in stratum s.
    case stratified
}

/// Why a rung of the ladder was not validated.
public enum CaseMixSkip: String, Sendable, Equatable, Codable {
    /// Fewer events per case-mix parameter than `minimumEventsPerParameter`.
    case tooFewEventsPerParameter = "too-few-events-per-parameter"
    /// The same columns as a rung already checked.
    case sameAsPrevious = "same-as-previous"
    /// Too few courses to estimate the SD and `smallDataFallback` is `stratified`.
    case smallDataFallback = "small-data-fallback"
}

/// One rung of the ladder as tried: its columns, its events per parameter, and its gate or why it
/// was skipped.
public struct CaseMixAttempt: Sendable, Equatable {
    public var model: CaseMixModel
    public var columns: [String]
    /// Columns other than the intercept.
    public var parameters: Int { max(0, columns.count - 1) }
    /// Events (the rarer outcome) per parameter; nil without parameters.
    public var eventsPerParameter: Double?
    public var skipped: CaseMixSkip?
    /// The 5-fold gate of this rung's fixed-effects model; nil when skipped.
    public var gate: ValidationReport?
    /// This rung is the one used.
    public var used: Bool

    public init(model: CaseMixModel, columns: [String], eventsPerParameter: Double?, skipped: CaseMixSkip?,
                gate: ValidationReport?, used: Bool) {
        self.model = model; self.columns = columns; self.eventsPerParameter = eventsPerParameter
        self.skipped = skipped; self.gate = gate; self.used = used
    }
}

/// Thresholds and choices for `ExpectedOutcomes.analyze`.
public struct ExpectedOutcomesOptions: Sendable, Equatable {
    public var specification = CaseMixSpecification()
    public var approximation = IntegralApproximation.quadrature25
    public var minimumCoursesToEstimateSD = 100
    public var minimumImprovedToEstimateSD = 40
    /// Literature anchor for the therapist SD on the logit scale (ICC ≈ 0.03; [T1][T2]).
    public var literatureSD = 0.32
    public var smallDataFallback = SmallDataFallback.fixedSD
    /// The models tried, in this fixed order; the first whose gate passes (or warns) is used
    /// ("else simplify", expected-outcomes.md §3). Never data-driven: the order is pre-specified.
    public var ladder: [CaseMixModel] = [.full, .reduced, .stratified]
    /// A model is only tried with at least this many events per case-mix parameter (the events
    /// are the rarer outcome, improved or not; the parameters are the columns other than the
    /// intercept). Riley's worked examples needed 4.8–23; 10 is the familiar rule of thumb.
    public var minimumEventsPerParameter = 10.0
    public var folds = 5
    public var riskGroups = 4
    /// No adjusted value below this many courses (Deutscher 2018).
    public var minimumForValue = 10
    /// No label below this many courses (the CMS footnote).
    public var minimumForLabel = 25
    /// "Mostly chance" below this reliability.
    public var chanceReliability = 0.5
    public var confidence = 0.95

    public init() {}
}

/// Why a unit's adjusted figures or label are not shown, or are qualified.
public enum UnitDisplayNote: String, Sendable, Equatable, Codable {
    case belowMinimumForValue = "below-minimum-for-value"
    case belowMinimumForLabel = "below-minimum-for-label"
    case gateSuppressed = "gate-suppressed"
    case gateWarning = "gate-warning"
    case noAdjustment = "no-adjustment"
    /// Reliability < 0.5: "most of this difference is probably chance".
    case mostlyChance = "mostly-chance"
    /// The between-unit variance was estimated as 0: "no differences beyond chance".
    case noDifferencesBeyondChance = "no-differences-beyond-chance"
}

/// What the report may show for a unit.
public struct UnitDisplay: Sendable, Equatable, Codable {
    public var showAdjusted: Bool
    public var showLabel: Bool
    public var mostlyChance: Bool
    public var notes: [UnitDisplayNote]
}

/// One unit's observed against expected.
public struct UnitOutcome: Sendable, Equatable {
    public var unit: String
    public var count: Int
    /// O, clients improved.
    public var observed: Int
    /// E = Σ pᵢ from the fixed part (u = 0).
    public var expected: Double
    /// O/E; nil when E = 0.
    public var ratio: Double?
    /// Exact interval for O/E: the logit shifts δ with P_δ(X ≥ O) = α/2 and P_δ(X ≤ O) = α/2 under
    /// pᵢ(δ) = logistic(logit pᵢ + δ), reported as Σpᵢ(δ)/E (0 at O = 0, n/E at O = n).
    public var ratioLower: Double?
    public var ratioUpper: Double?
    /// O − E, "extra clients improved", with the same interval as Σpᵢ(δ) − E.
    public var excess: Double
    public var excessLower: Double
    public var excessUpper: Double
    /// P/E = Σ logistic(ηᵢ + b̂ⱼ)/E, the shrunken ratio, and its interval from b̂ⱼ ± z·SE.
    public var shrunkenRatio: Double?
    public var shrunkenLower: Double?
    public var shrunkenUpper: Double?
    /// The random-intercept estimate (nil without a mixed model).
    public var effect: UnitEffect?
    /// σ²Vⱼ/(1 + σ²Vⱼ), Vⱼ = Σ pᵢ(1 − pᵢ) (the [R2] reliability with binomial within-unit
    /// variance); 0 in a singular fit; nil without a model SD.
    public var reliability: Double?
    public var limits: FunnelLimits?
    public var position: FunnelPosition?
    /// Exact P(X ≥ O) and P(X ≤ O) under the expected probabilities.
    public var upperTail: Double
    public var lowerTail: Double
    /// Secondary model: mean (observed − expected) final pain in points (negative is better).
    public var meanResidualPoints: Double?
    /// Its shrunken counterpart, the unit's BLUP.
    public var shrunkenResidualPoints: Double?
    public var display: UnitDisplay
}

/// The whole analysis: model, gate and every unit, codes and numbers only.
public struct ExpectedOutcomesResult: Sendable, Equatable {
    public var design: CaseMixDesign
    public var courses: Int
    public var improved: Int
    public var strategy: AdjustmentStrategy
    /// The rung of the ladder whose gate passed (or warned) and gives the expected values; nil when
    /// none did (raw figures only). `design`, `gate` and `expectedProbabilities` are then the
    /// simplest rung checked, for the record.
    public var caseMix: CaseMixModel?
    /// The events the rule counts: min(improved, not improved).
    public var events: Int
    /// Every rung in ladder order, as far as it went (rungs after the one used are not listed).
    public var attempts: [CaseMixAttempt]
    /// The events-per-parameter rule the ladder applied.
    public var minimumEventsPerParameter: Double
    /// The mixed model (estimated or fixed SD).
    public var model: RandomInterceptLogisticFit?
    /// The expected probability of each design row.
    public var expectedProbabilities: [Double]
    public var gate: ValidationReport?
    public var linear: RandomInterceptLinearFit?
    /// The linear model's columns: the design's, or the reduced ones under stratification.
    public var linearColumns: [String]
    /// The between-unit variance is 0: "no differences between units beyond chance".
    public var noDifferencesBeyondChance: Bool
    /// Alphabetical by unit id; never ranked.
    public var units: [UnitOutcome]
}

/// Expected outcomes per unit (issue 19, expected-outcomes.md): the hierarchical logistic model,
/// the fallbacks by size, the validation gate, funnel limits and the display rules.
///
/// ```swift
/// let result = ExpectedOutcomes.analyze(courses)   // units alphabetical, codes and numbers
/// ```
public enum ExpectedOutcomes {
    public static func analyze(_ courses: [CaseMixCourse], options: ExpectedOutcomesOptions = .init()) -> ExpectedOutcomesResult {
        analyze(courses, options: options, gates: nil)
    }

    /// `analyze`, taking each rung's validation gate from `gates` when given (shared with
    /// analyses of the same courses by another kind of unit).
    static func analyze(_ courses: [CaseMixCourse], options: ExpectedOutcomesOptions,
                        gates: SharedGates?) -> ExpectedOutcomesResult {
        let fullDesign = CaseMixDesign(courses, specification: options.specification)
        let n = fullDesign.rows.count
        let improved = fullDesign.outcomes.filter { $0 == 1 }.count
        let events = min(improved, n - improved)
        let largeEnough = n >= options.minimumCoursesToEstimateSD && improved >= options.minimumImprovedToEstimateSD
        let mixedStrategy: AdjustmentStrategy = largeEnough ? .estimatedSD : .fixedSD

        // The ladder: each rung in the fixed order, skipped when the events do not support its
        // parameters, else validated by the same gate; the first that passes or warns is used.
        var attempts = [CaseMixAttempt]()
        var chosen: (model: CaseMixModel, design: CaseMixDesign, gate: ValidationReport)? = nil
        var lastChecked: (model: CaseMixModel, design: CaseMixDesign, gate: ValidationReport)? = nil
        if events > 0 {
            for rung in options.ladder {
                let d = rungDesign(rung, from: fullDesign, specification: options.specification)
                let parameters = d.columns.count - 1
                let epp = parameters > 0 ? Double(events) / Double(parameters) : nil
                var attempt = CaseMixAttempt(model: rung, columns: d.columns, eventsPerParameter: epp, skipped: nil,
                                             gate: nil, used: false)
                if rung != .stratified && !largeEnough && options.smallDataFallback == .stratified {
                    attempt.skipped = .smallDataFallback
                } else if (epp ?? .infinity) < options.minimumEventsPerParameter {
                    attempt.skipped = .tooFewEventsPerParameter
                } else if attempts.contains(where: { $0.skipped == nil && $0.columns == d.columns }) {
                    attempt.skipped = .sameAsPrevious
                }
                if attempt.skipped != nil { attempts.append(attempt); continue }
                let g = gates?.validate(d, folds: options.folds, riskGroups: options.riskGroups)
                    ?? ValidationGate.validate(d, folds: options.folds, riskGroups: options.riskGroups)
                attempt.gate = g
                lastChecked = (rung, d, g)
                if g.outcome != .suppress {
                    attempt.used = true
                    attempts.append(attempt)
                    chosen = (rung, d, g)
                    break
                }
                attempts.append(attempt)
            }
        }
        // None passed: the simplest rung checked stays on record (its gate suppresses every adjusted value).
        let kept = chosen ?? lastChecked
        let design = kept?.design ?? fullDesign
        var strategy: AdjustmentStrategy
        switch kept?.model {
        case .none: strategy = .rawOnly
        case .stratified: strategy = .stratified
        case .full, .reduced: strategy = mixedStrategy
        }

        var model: RandomInterceptLogisticFit? = nil
        var probabilities = [Double]()
        switch strategy {
        case .estimatedSD, .fixedSD:
            model = RandomInterceptLogistic.fit(design: design.rows, outcomes: design.outcomes, groups: design.unitIndex,
                                                unitCount: design.units.count, approximation: options.approximation,
                                                fixedSD: strategy == .fixedSD ? options.literatureSD : nil)
            if let m = model { probabilities = design.rows.map { logistic(DenseAlgebra.dot($0, m.coefficients)) } }
            else { strategy = .rawOnly }
        case .stratified:
            probabilities = stratifiedProbabilities(fullDesign, specification: options.specification)
        case .rawOnly:
            break
        }
        let gate = strategy == .rawOnly ? nil : kept?.gate
        let caseMix = strategy == .rawOnly ? nil : chosen?.model
        if caseMix == nil { for k in attempts.indices { attempts[k].used = false } }
        // The secondary linear model adjusts for baseline as a covariate: the rung's columns, or the
        // reduced ones under stratification.
        let linearDesign = kept?.model == .stratified ? rungDesign(.reduced, from: fullDesign, specification: options.specification) : design
        var linear: RandomInterceptLinearFit? = nil
        if n > 0, design.finalPain.allSatisfy({ $0 != nil }) {
            linear = RandomInterceptLinear.fit(design: linearDesign.rows, outcomes: design.finalPain.map { $0! },
                                               groups: design.unitIndex, unitCount: design.units.count)
        }
        let singular = model?.singular ?? false
        let sigma = model?.sd
        let z = NormalDistribution.critical(confidence: options.confidence)
        let alpha = 1 - options.confidence

        var rowsOf = [[Int]](repeating: [], count: design.units.count)
        for i in 0..<n { rowsOf[design.unitIndex[i]].append(i) }
        var units = [UnitOutcome]()
        for (j, name) in design.units.enumerated() {
            let rows = rowsOf[j]
            let observed = rows.filter { design.outcomes[$0] == 1 }.count
            var notes = [UnitDisplayNote]()
            guard strategy != .rawOnly else {
                notes.append(.noAdjustment)
                units.append(UnitOutcome(unit: name, count: rows.count, observed: observed, expected: .nan, ratio: nil,
                                         ratioLower: nil, ratioUpper: nil, excess: .nan, excessLower: .nan, excessUpper: .nan,
                                         shrunkenRatio: nil, shrunkenLower: nil, shrunkenUpper: nil, effect: nil,
                                         reliability: nil, limits: nil, position: nil, upperTail: .nan, lowerTail: .nan,
                                         meanResidualPoints: linear?.meanResiduals[j], shrunkenResidualPoints: linear?.unitEffects[j],
                                         display: UnitDisplay(showAdjusted: false, showLabel: false, mostlyChance: false, notes: notes)))
                continue
            }
            let p = rows.map { probabilities[$0] }
            let e = p.reduce(0, +)
            let interval = shiftInterval(probabilities: p, observed: observed, alpha: alpha)
            let tails = PoissonBinomial.tails(p, observed: observed)
            let limits = FunnelPlot.limits(probabilities: p)
            var shrunken: (Double, Double, Double)? = nil
            var reliability: Double? = nil
            let effect = model?.units[j]
            if let m = model, let effect, e > 0 {
                let eta = rows.map { DenseAlgebra.dot(design.rows[$0], m.coefficients) }
                func ratio(_ b: Double) -> Double { eta.reduce(0) { $0 + logistic($1 + b) } / e }
                shrunken = (ratio(effect.mode), ratio(effect.mode - z * effect.standardError),
                            ratio(effect.mode + z * effect.standardError))
                let v = p.reduce(0) { $0 + $1 * (1 - $1) }
                let s2 = (sigma ?? 0) * (sigma ?? 0)
                reliability = singular ? 0 : s2 * v / (1 + s2 * v)
            }
            let suppressed = gate?.outcome == .suppress
            if suppressed { notes.append(.gateSuppressed) }
            if gate?.outcome == .warn { notes.append(.gateWarning) }
            if rows.count < options.minimumForValue { notes.append(.belowMinimumForValue) }
            if rows.count < options.minimumForLabel { notes.append(.belowMinimumForLabel) }
            let mostlyChance = (reliability ?? 1) < options.chanceReliability
            if mostlyChance { notes.append(.mostlyChance) }
            if singular { notes.append(.noDifferencesBeyondChance) }
            let showAdjusted = !suppressed && rows.count >= options.minimumForValue
            let display = UnitDisplay(showAdjusted: showAdjusted, showLabel: showAdjusted && rows.count >= options.minimumForLabel,
                                      mostlyChance: mostlyChance, notes: notes)
            units.append(UnitOutcome(unit: name, count: rows.count, observed: observed, expected: e,
                                     ratio: e > 0 ? Double(observed) / e : nil,
                                     ratioLower: e > 0 ? interval.lower / e : nil, ratioUpper: e > 0 ? interval.upper / e : nil,
                                     excess: Double(observed) - e, excessLower: interval.lower - e, excessUpper: interval.upper - e,
                                     shrunkenRatio: shrunken?.0, shrunkenLower: shrunken?.1, shrunkenUpper: shrunken?.2,
                                     effect: effect, reliability: reliability, limits: limits,
                                     position: limits.map { FunnelPlot.position(observed: observed, limits: $0) },
                                     upperTail: tails.upper, lowerTail: tails.lower,
                                     meanResidualPoints: linear?.meanResiduals[j], shrunkenResidualPoints: linear?.unitEffects[j],
                                     display: display))
        }
        return ExpectedOutcomesResult(design: design, courses: n, improved: improved, strategy: strategy, caseMix: caseMix,
                                      events: events, attempts: attempts,
                                      minimumEventsPerParameter: options.minimumEventsPerParameter, model: model,
                                      expectedProbabilities: probabilities, gate: gate, linear: linear,
                                      linearColumns: linearDesign.columns,
                                      noDifferencesBeyondChance: singular, units: units)
    }

    /// The design of one rung, from the full design (same rows, units, exclusions, segments and
    /// regions for subgroup calibration; only the columns differ):
    /// - full: the design as built;
    /// - reduced: intercept, baseline and chronic (when the design has it);
    /// - stratified: intercept and stratum indicators — `baseline>=7`, and with chronic `chronic` and
    ///   `baseline>=7:chronic` — a saturated logistic model whose fit is each stratum's improved share,
    ///   which is what `stratifiedProbabilities` gives. Empty or redundant strata are left out.
    public static func rungDesign(_ rung: CaseMixModel, from full: CaseMixDesign, specification: CaseMixSpecification) -> CaseMixDesign {
        var d = full
        switch rung {
        case .full:
            return full
        case .reduced:
            let keep = full.columns.indices.filter { ["intercept", "baseline", "chronic"].contains(full.columns[$0]) }
            d.columns = keep.map { full.columns[$0] }
            d.rows = full.rows.map { row in keep.map { row[$0] } }
        case .stratified:
            let b = full.columns.firstIndex(of: "baseline") ?? 1
            let chronic = full.columns.firstIndex(of: "chronic")
            let high = full.rows.map { $0[b] + specification.baselineCentre >= 7 ? 1.0 : 0.0 }
            var candidates: [(String, [Double])] = [("baseline>=7", high)]
            if let c = chronic {
                let ch = full.rows.map { $0[c] == 1 ? 1.0 : 0.0 }
                candidates += [("chronic", ch), ("baseline>=7:chronic", zip(high, ch).map { $0 * $1 })]
            }
            var columns = ["intercept"]
            var values: [[Double]] = [full.rows.map { _ in 1.0 }]
            for (name, column) in candidates {
                let trial = values + [column]
                let p = trial.count
                let xtx = (0..<p).map { a in (0..<p).map { b in zip(trial[a], trial[b]).reduce(0) { $0 + $1.0 * $1.1 } } }
                if DenseAlgebra.cholesky(xtx, minimumPivot: 1e-9) != nil { columns.append(name); values = trial }
            }
            d.columns = columns
            d.rows = full.rows.indices.map { i in values.map { $0[i] } }
        }
        return d
    }

    /// Indirect standardisation over 4 strata — baseline ≥ 7 or < 7, × chronic — pooled over all
    /// units: each course's expected probability is its stratum's improved share. Without a
    /// `chronic` column (not recorded), 2 strata by baseline alone.
    public static func stratifiedProbabilities(_ design: CaseMixDesign, specification: CaseMixSpecification) -> [Double] {
        let b = design.columns.firstIndex(of: "baseline") ?? 1
        let chronic = design.columns.firstIndex(of: "chronic")
        let stratum = design.rows.map { row in
            (row[b] + specification.baselineCentre >= 7 ? 2 : 0) + (chronic.map { row[$0] == 1 ? 1 : 0 } ?? 0)
        }
        var counts = [Double](repeating: 0, count: 4), events = [Double](repeating: 0, count: 4)
        for (i, s) in stratum.enumerated() { counts[s] += 1; events[s] += design.outcomes[i] }
        return stratum.map { events[$0] / counts[$0] }
    }

    /// At and above this expected count the O/E interval uses the normal approximation to the
    /// Poisson-binomial tails (the exact tails below it, as the funnel limits do).
    public static let exactIntervalBelowExpected = 50.0

    /// The interval for the expected count under a common logit shift δ (see
    /// `UnitOutcome.ratioLower`), found by bisection on δ ∈ [−40, 40]: with exact Poisson-binomial
    /// tails while E = Σpᵢ < 50; from E ≥ 50 with their normal approximation with continuity
    /// correction, P_δ(X ≥ O) ≈ 1 − Φ((O − ½ − μ(δ))/√V(δ)) and P_δ(X ≤ O) ≈ Φ((O + ½ − μ(δ))/√V(δ)),
    /// μ = Σpᵢ(δ), V = Σpᵢ(δ)(1 − pᵢ(δ)) — O(n) per step instead of O(n²).
    /// - Returns: (Σpᵢ(δ_lower), Σpᵢ(δ_upper)).
    public static func shiftInterval(probabilities p: [Double], observed: Int, alpha: Double = 0.05) -> (lower: Double, upper: Double) {
        let logits = p.map { min(40, max(-40, log($0) - log1p(-$0))) }
        func shifted(_ d: Double) -> [Double] { logits.map { logistic($0 + d) } }
        func solve(_ tail: (Double) -> Double, increasing: Bool) -> Double {
            var lo = -40.0, hi = 40.0
            for _ in 0..<100 {
                let mid = (lo + hi) / 2
                if (tail(mid) < alpha / 2) == increasing { lo = mid } else { hi = mid }
            }
            return (lo + hi) / 2
        }
        let normal = p.reduce(0, +) >= exactIntervalBelowExpected
        func moments(_ d: Double) -> (mean: Double, sd: Double) {
            var m = 0.0, v = 0.0
            for l in logits { let q = logistic(l + d); m += q; v += q * (1 - q) }
            return (m, v.squareRoot())
        }
        func upperTail(_ d: Double) -> Double {
            guard normal else { return PoissonBinomial.tails(shifted(d), observed: observed).upper }
            let s = moments(d)
            return s.sd > 0 ? NormalDistribution.cdf((s.mean - Double(observed) + 0.5) / s.sd) : (s.mean >= Double(observed) ? 1 : 0)
        }
        func lowerTail(_ d: Double) -> Double {
            guard normal else { return PoissonBinomial.tails(shifted(d), observed: observed).lower }
            let s = moments(d)
            return s.sd > 0 ? NormalDistribution.cdf((Double(observed) + 0.5 - s.mean) / s.sd) : (s.mean <= Double(observed) ? 1 : 0)
        }
        let lower = observed <= 0 ? 0 : shifted(solve(upperTail, increasing: true)).reduce(0, +)
        let upper = observed >= p.count ? Double(p.count) : shifted(solve(lowerTail, increasing: false)).reduce(0, +)
        return (lower, upper)
    }
}

/// Validation gates shared by analyses that run at once on designs differing only in their units
/// (a window's courses by therapist and by technique): the gate reads the rows, columns,
/// outcomes, segments and regions, never the unit, so one gate serves both. Each is computed
/// once; an analysis that needs it meanwhile waits for it (the other core has the cohort's
/// aggregation to do). A design with other inputs gets a gate of its own.
final class SharedGates: @unchecked Sendable {
    // `gates` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var gates: [(design: CaseMixDesign, folds: Int, riskGroups: Int, report: ValidationReport)] = []

    /// `ValidationGate.validate(design, folds:, riskGroups:)`, computed once for equal inputs.
    func validate(_ design: CaseMixDesign, folds: Int, riskGroups: Int) -> ValidationReport {
        lock.lock()
        defer { lock.unlock() }
        if let hit = gates.first(where: { $0.folds == folds && $0.riskGroups == riskGroups && Self.sameInputs($0.design, design) }) {
            return hit.report
        }
        let report = ValidationGate.validate(design, folds: folds, riskGroups: riskGroups)
        gates.append((design, folds, riskGroups, report))
        return report
    }

    /// Whether the gate reads the same values from both (exact: `==` on every number).
    static func sameInputs(_ a: CaseMixDesign, _ b: CaseMixDesign) -> Bool {
        a.columns == b.columns && a.outcomes == b.outcomes && a.segments == b.segments && a.regions == b.regions
            && a.rows == b.rows
    }
}
