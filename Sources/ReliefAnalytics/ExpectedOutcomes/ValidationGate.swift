import Foundation

/// What the validation gate allows the report to show.
public enum GateOutcome: String, Sendable, Equatable, Codable {
    /// |calibration-in-the-large| ≤ 0.2 and slope ≥ 0.8: adjusted comparisons shown.
    case pass
    /// Slope in [0.7, 0.8): shown with a warning.
    case warn
    /// Slope < 0.7, |CITL| > 0.2, a fit failed, or the cross-validation was degenerate: no
    /// adjusted comparisons.
    case suppress
}

/// Why the gate did not simply pass.
public enum GateReason: String, Sendable, Equatable, Codable {
    case calibrationInTheLargeOutside = "calibration-in-the-large-outside-0.2"
    case slopeBelowWarning = "calibration-slope-below-0.8"
    case slopeBelowSuppress = "calibration-slope-below-0.7"
    case fitFailed = "fit-failed"
    case tooFewPerFold = "too-few-courses-per-fold"
    /// The cross-validation measured nothing: a fold's out-of-fold predictions were all the same
    /// (or came from a separated fit), or the calibration slope could not be estimated (the
    /// pooled predictions did not vary, or the slope fit did not converge or separated). The
    /// calibration figures are then left out (`nan`, `null` in JSON) rather than reported as a
    /// number that looks like a calibration.
    case degenerateCrossValidation = "degenerate-cross-validation"
}

/// One group of the calibration plot (or one subgroup: a segment or region).
public struct CalibrationGroup: Sendable, Equatable, Codable {
    /// The segment or region, or "1"… for risk groups (lowest risk first).
    public var name: String
    public var count: Int
    public var observed: Int
    /// Σ pᵢ of the out-of-fold predictions.
    public var expected: Double
    /// Observed share with its Wilson 95 % interval.
    public var observedShare: Double
    public var lower: Double
    public var upper: Double
    /// Observed / expected; nil when expected is 0.
    public var ratio: Double?

    enum CodingKeys: String, CodingKey { case name, count, observed, expected, observedShare, lower, upper, ratio }

    /// Every key present: `ratio` is `null` when expected is 0 (analyze --json's rule).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(count, forKey: .count)
        try c.encode(observed, forKey: .observed)
        try c.encodeOrNull(expected, forKey: .expected)
        try c.encodeOrNull(observedShare, forKey: .observedShare)
        try c.encodeOrNull(lower, forKey: .lower)
        try c.encodeOrNull(upper, forKey: .upper)
        try c.encodeOrNull(ratio, forKey: .ratio)
    }
}

/// The validation report for the expected model.
public struct ValidationReport: Sendable, Equatable {
    /// Each row's fold (0…4).
    public var folds: [Int]
    /// Out-of-fold linear predictors, in row order.
    public var outOfFold: [Double]
    /// The c-statistic (area under the ROC curve) of the out-of-fold predictions; ties count ½.
    public var cStatistic: Double
    /// The c-statistic of the full-data fit (optimistic; for comparison only).
    public var apparentCStatistic: Double
    /// α in logit P(y) = α + offset(η̂) (0 is perfect); nan when the cross-validation was degenerate.
    public var calibrationInTheLarge: Double
    /// β in logit P(y) = a + β·η̂ (1 is perfect; < 1 means predictions too extreme); nan when the
    /// cross-validation was degenerate.
    public var calibrationSlope: Double
    public var riskGroups: [CalibrationGroup]
    public var bySegment: [CalibrationGroup]
    public var byRegion: [CalibrationGroup]
    public var outcome: GateOutcome
    public var reasons: [GateReason]
    /// Folds (0-based) whose out-of-fold predictions were all the same or whose fit separated
    /// (a reason for `degenerateCrossValidation`).
    public var degenerateFolds: [Int] = []
}

/// The validation gate before any adjusted number is shown (expected-outcomes.md §3,
/// recommendation 3): k-fold cross-validation of the fixed-effects logistic model with fixed
/// folds, calibration-in-the-large and slope on the pooled out-of-fold linear predictors
/// (Van Calster et al. 2019), the c-statistic, a calibration table in 3–5 risk groups, and O/E by
/// segment and by region (on the out-of-fold predictions: in-sample, a model with segment as a
/// covariate reproduces every segment's total exactly).
///
/// **Folds.** Row i (0-based, in the order given, which callers make stable by sorting courses
/// by client id) is in fold (i·7919) mod k — the assignment of the design's Appendix A, which
/// spreads consecutive rows over all folds.
///
/// **Degenerate cross-validation.** A fold whose out-of-fold linear predictors are all equal
/// (relative spread ≤ 1e-9; a fold of one row is not judged), or whose training fit separated
/// (some |η| > 18.4), or a slope that cannot be estimated (the pooled out-of-fold predictors do
/// not vary, or the slope fit fails, does not converge or separates) makes calibration
/// unmeasurable: a "slope" from such predictors mostly measures differences between the folds'
/// intercepts. The gate then says so (`degenerateCrossValidation`) and reports CITL and slope as
/// nan instead of numbers that look like a calibration. They are nan too when a fold could not be
/// fitted (`fitFailed`, `tooFewPerFold`): that fold's rows have no out-of-fold prediction.
///
/// **Gate.** suppress when a fold's fit fails, the cross-validation is degenerate, |CITL| > 0.2
/// or slope < 0.7; warn when the slope is in [0.7, 0.8); pass otherwise.
public enum ValidationGate {
    public static func fold(ofRow i: Int, folds k: Int = 5) -> Int { (i * 7919) % k }

    /// Area under the ROC curve by the rank-sum (Mann–Whitney) formula with mid-ranks for ties;
    /// nil without both outcomes.
    public static func cStatistic(scores: [Double], outcomes: [Double]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let mid = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = mid }
            i = j + 1
        }
        let positives = outcomes.filter { $0 == 1 }.count, negatives = outcomes.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let rankSum = zip(ranks, outcomes).reduce(0.0) { $0 + ($1.1 == 1 ? $1.0 : 0) }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Runs the cross-validation and the gate on a design.
    /// - Parameters:
    ///   - folds: k (5 by default).
    ///   - riskGroups: calibration groups, clamped to 3…5.
    public static func validate(_ design: CaseMixDesign, folds k: Int = 5, riskGroups: Int = 4) -> ValidationReport {
        let n = design.rows.count
        let foldOf = (0..<n).map { fold(ofRow: $0, folds: k) }
        let y = design.outcomes
        // A fold can be fitted when it has test rows and its training rows (the rest) outnumber
        // the columns.
        let tests = (0..<k).map { f in (0..<n).filter { foldOf[$0] == f } }
        @Sendable func fittable(_ f: Int) -> Bool { !tests[f].isEmpty && n - tests[f].count > design.columns.count }
        // The k training fits and the full-data fit are independent: computed at once (each the
        // same arithmetic on any thread), then read in fold order as one loop would.
        let fits = Slots<LogisticFit>(count: k + 1)
        DispatchQueue.concurrentPerform(iterations: k + 1) { f in
            guard f < k else {
                fits.set(k, LogisticRegression.fit(design: design.rows, outcomes: y))
                return
            }
            guard fittable(f) else { return }
            let train = (0..<n).filter { foldOf[$0] != f }
            fits.set(f, LogisticRegression.fit(design: train.map { design.rows[$0] }, outcomes: train.map { y[$0] }))
        }
        var lp = [Double](repeating: 0, count: n)
        var reasons = [GateReason]()
        var degenerateFolds = [Int]()
        for f in 0..<k {
            let test = tests[f]
            guard fittable(f) else {
                if !reasons.contains(.tooFewPerFold) { reasons.append(.tooFewPerFold) }
                continue
            }
            // A separated fit (converged or running off) is degenerate rather than failed: its
            // predictions exist but are extreme by construction (a level with no improved client).
            guard let fit = fits[f], fit.converged || fit.separation else {
                if !reasons.contains(.fitFailed) { reasons.append(.fitFailed) }
                continue
            }
            for i in test { lp[i] = DenseAlgebra.dot(design.rows[i], fit.coefficients) }
            if fit.separation || (test.count > 1 && isConstant(test.map { lp[$0] })) { degenerateFolds.append(f) }
        }
        // A fold without predictions leaves its rows at 0: calibration over them means nothing either.
        let foldsMissing = reasons.contains(.fitFailed) || reasons.contains(.tooFewPerFold)
        let apparent = fits[k]
        // Calibration in the large and the slope, both fits of y on the pooled predictors: at once.
        let calibration = Slots<LogisticFit>(count: 2)
        let pooled = lp
        DispatchQueue.concurrentPerform(iterations: 2) { c in
            if c == 0 {
                calibration.set(0, LogisticRegression.fit(design: pooled.map { _ in [1.0] }, outcomes: y, offset: pooled))
            } else if n > 1 && !isConstant(pooled) {
                calibration.set(1, LogisticRegression.fit(design: pooled.map { [1.0, $0] }, outcomes: y))
            }
        }
        var citl = calibration[0]?.coefficients[0] ?? .nan
        let slopeFit = calibration[1]
        var slope = slopeFit?.coefficients[1] ?? .nan
        let slopeUndefined = n > 1 && (slopeFit == nil || !slopeFit!.converged || slopeFit!.separation
                                       || !slope.isFinite || !(slopeFit!.standardErrors[1].isFinite))
        let degenerate = !degenerateFolds.isEmpty || (slopeUndefined && !foldsMissing)
        if degenerate { reasons.append(.degenerateCrossValidation) }
        if degenerate || foldsMissing {
            citl = .nan
            slope = .nan
        }
        let probabilities = lp.map(logistic)

        func group(_ name: String, _ members: [Int]) -> CalibrationGroup {
            let observed = members.filter { y[$0] == 1 }.count
            let expected = members.reduce(0.0) { $0 + probabilities[$1] }
            let interval = Wilson.interval(successes: observed, trials: members.count) ?? (0, 1)
            return CalibrationGroup(name: name, count: members.count, observed: observed, expected: expected,
                                    observedShare: members.isEmpty ? 0 : Double(observed) / Double(members.count),
                                    lower: interval.lower, upper: interval.upper,
                                    ratio: expected > 0 ? Double(observed) / expected : nil)
        }
        let g = min(5, max(3, riskGroups))
        let byRisk = (0..<n).sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] < probabilities[$1] : $0 < $1 }
        let risk = (0..<g).map { q in group("\(q + 1)", Array(byRisk[(q * n / g)..<((q + 1) * n / g)])) }
        func subgroups(_ labels: [String]) -> [CalibrationGroup] {
            Set(labels).sorted().map { level in group(level, (0..<n).filter { labels[$0] == level }) }
        }

        if !degenerate && !foldsMissing && (!citl.isFinite || !slope.isFinite) { reasons.append(.fitFailed) }
        if abs(citl) > 0.2 { reasons.append(.calibrationInTheLargeOutside) }
        if slope < 0.7 { reasons.append(.slopeBelowSuppress) } else if slope < 0.8 { reasons.append(.slopeBelowWarning) }
        let outcome: GateOutcome = reasons.isEmpty ? .pass : reasons == [.slopeBelowWarning] ? .warn : .suppress
        return ValidationReport(folds: foldOf, outOfFold: lp,
                                cStatistic: cStatistic(scores: lp, outcomes: y) ?? .nan,
                                apparentCStatistic: apparent.flatMap { cStatistic(scores: $0.linearPredictor, outcomes: y) } ?? .nan,
                                calibrationInTheLarge: citl, calibrationSlope: slope, riskGroups: risk,
                                bySegment: subgroups(design.segments), byRegion: subgroups(design.regions),
                                outcome: outcome, reasons: reasons, degenerateFolds: degenerateFolds)
    }

    /// All values equal, to a relative 1e-9 (an empty or one-value list counts as constant).
    static func isConstant(_ values: [Double]) -> Bool {
        guard let lo = values.min(), let hi = values.max() else { return true }
        return hi - lo <= 1e-9 * max(1, abs(lo), abs(hi))
    }
}
