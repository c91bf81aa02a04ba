import Foundation

// The `expectedOutcomes` object of `relief analyze --json` (docs/analyze-json.md): codes and
// numbers only, every key always present (`null` for a value that cannot be computed, NaN
// included). Per-course arrays (the design matrix, each course's probability, fold and
// out-of-fold predictor) are left out: they identify clients and are not needed to check a unit.

extension CohortExpectedOutcomes: Encodable {
    enum CodingKeys: String, CodingKey {
        case window, activeClients, completeCourses, incompleteCourses, covariates, notRecorded, regionRule
        case byTherapist, byTechnique, bySite
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(window, forKey: .window)
        try c.encode(activeClients, forKey: .activeClients)
        try c.encode(completeCourses, forKey: .completeCourses)
        try c.encode(incomplete, forKey: .incompleteCourses)
        try c.encode(["baseline"] + (chronicRecorded ? ["chronic"] : []) + ["segment", "region"], forKey: .covariates)
        try c.encode(chronicRecorded ? [String]() : ["chronic"], forKey: .notRecorded)
        try c.encode("client-first-region", forKey: .regionRule)
        try c.encode(byTherapist, forKey: .byTherapist)
        try c.encode(byTechnique, forKey: .byTechnique)
        try c.encodeNil(forKey: .bySite)
    }
}

extension IntegralApproximation {
    /// `laplace` or `adaptive-quadrature-<points>`.
    public var code: String {
        switch self {
        case .laplace: "laplace"
        case .adaptiveQuadrature(let points): "adaptive-quadrature-\(points)"
        }
    }
}

/// One model coefficient by its design column.
struct EncodedCoefficient: Encodable {
    var name: String
    var estimate: Double
    var standardError: Double?

    enum CodingKeys: String, CodingKey { case name, estimate, standardError }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeOrNull(estimate, forKey: .estimate)
        try c.encodeOrNull(standardError, forKey: .standardError)
    }
}

/// The model ladder in `analyze --json`: which rung was used (null: none, raw figures only), the
/// events rule, and every rung tried with its gate in brief or why it was skipped.
struct EncodedCaseMix: Encodable {
    struct Gate: Encodable {
        var outcome: GateOutcome
        var reasons: [GateReason]
        var calibrationSlope: Double
        var calibrationInTheLarge: Double
        var cStatistic: Double
        enum CodingKeys: String, CodingKey { case outcome, reasons, calibrationSlope, calibrationInTheLarge, cStatistic }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(reasons, forKey: .reasons)
            try c.encodeOrNull(calibrationSlope, forKey: .calibrationSlope)
            try c.encodeOrNull(calibrationInTheLarge, forKey: .calibrationInTheLarge)
            try c.encodeOrNull(cStatistic, forKey: .cStatistic)
        }
    }
    struct Rung: Encodable {
        var model: CaseMixModel
        var columns: [String]
        var parameters: Int
        var eventsPerParameter: Double?
        var skipped: CaseMixSkip?
        var gate: Gate?
        var used: Bool
        enum CodingKeys: String, CodingKey { case model, columns, parameters, eventsPerParameter, skipped, gate, used }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(model, forKey: .model)
            try c.encode(columns, forKey: .columns)
            try c.encode(parameters, forKey: .parameters)
            try c.encodeOrNull(eventsPerParameter, forKey: .eventsPerParameter)
            try c.encodeOrNull(skipped, forKey: .skipped)
            try c.encodeOrNull(gate, forKey: .gate)
            try c.encode(used, forKey: .used)
        }
    }
    var used: CaseMixModel?
    var events: Int
    var minimumEventsPerParameter: Double
    var ladder: [Rung]
    enum CodingKeys: String, CodingKey { case used, events, minimumEventsPerParameter, ladder }

    init(_ r: ExpectedOutcomesResult) {
        used = r.caseMix; events = r.events; minimumEventsPerParameter = r.minimumEventsPerParameter
        ladder = r.attempts.map { a in
            Rung(model: a.model, columns: a.columns, parameters: a.parameters, eventsPerParameter: a.eventsPerParameter,
                 skipped: a.skipped,
                 gate: a.gate.map { Gate(outcome: $0.outcome, reasons: $0.reasons, calibrationSlope: $0.calibrationSlope,
                                         calibrationInTheLarge: $0.calibrationInTheLarge, cStatistic: $0.cStatistic) },
                 used: a.used)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(used, forKey: .used)
        try c.encode(events, forKey: .events)
        try c.encode(minimumEventsPerParameter, forKey: .minimumEventsPerParameter)
        try c.encode(ladder, forKey: .ladder)
    }
}

extension ExpectedOutcomesResult: Encodable {
    enum CodingKeys: String, CodingKey {
        case courses, improved, excluded, strategy, caseMix, columns, segmentReference, regionReference, collapsed
        case model, gate, linear, noDifferencesBeyondChance, units
    }
    enum ModelKeys: String, CodingKey {
        case approximation, coefficients, sd, sdFixed, singular, logLikelihood, converged, iterations
    }
    enum LinearKeys: String, CodingKey {
        case coefficients, unitSD, residualSD, logLikelihood, estimation, singular
    }
    struct Exclusion: Encodable { var reason: CaseMixExclusion; var count: Int }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(courses, forKey: .courses)
        try c.encode(improved, forKey: .improved)
        var counts: [CaseMixExclusion: Int] = [:]
        for e in design.exclusions { counts[e.reason, default: 0] += 1 }
        try c.encode(counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { Exclusion(reason: $0.key, count: $0.value) },
                     forKey: .excluded)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(EncodedCaseMix(self), forKey: .caseMix)
        try c.encode(design.columns, forKey: .columns)
        try c.encodeOrNull(design.segmentReference, forKey: .segmentReference)
        try c.encodeOrNull(design.regionReference, forKey: .regionReference)
        try c.encode(design.collapsed.sorted { ($0.variable, $0.level) < ($1.variable, $1.level) }, forKey: .collapsed)
        if let m = model {
            var mc = c.nestedContainer(keyedBy: ModelKeys.self, forKey: .model)
            try mc.encode(m.approximation.code, forKey: .approximation)
            try mc.encode(design.columns.indices.map {
                EncodedCoefficient(name: design.columns[$0], estimate: m.coefficients[$0],
                                   standardError: m.standardErrors.indices.contains($0) ? m.standardErrors[$0] : nil)
            }, forKey: .coefficients)
            try mc.encodeOrNull(m.sd, forKey: .sd)
            try mc.encode(m.sdFixed, forKey: .sdFixed)
            try mc.encode(m.singular, forKey: .singular)
            try mc.encodeOrNull(m.logLikelihood, forKey: .logLikelihood)
            try mc.encode(m.converged, forKey: .converged)
            try mc.encode(m.iterations, forKey: .iterations)
        } else {
            try c.encodeNil(forKey: .model)
        }
        try c.encodeOrNull(gate, forKey: .gate)
        if let l = linear {
            var lc = c.nestedContainer(keyedBy: LinearKeys.self, forKey: .linear)
            try lc.encode(linearColumns.indices.map {
                EncodedCoefficient(name: linearColumns[$0], estimate: l.coefficients[$0], standardError: nil)
            }, forKey: .coefficients)
            try lc.encodeOrNull(l.unitSD, forKey: .unitSD)
            try lc.encodeOrNull(l.residualSD, forKey: .residualSD)
            try lc.encodeOrNull(l.logLikelihood, forKey: .logLikelihood)
            try lc.encode(l.estimation, forKey: .estimation)
            try lc.encode(l.singular, forKey: .singular)
        } else {
            try c.encodeNil(forKey: .linear)
        }
        try c.encode(noDifferencesBeyondChance, forKey: .noDifferencesBeyondChance)
        try c.encode(units, forKey: .units)
    }
}

extension UnitOutcome: Encodable {
    enum CodingKeys: String, CodingKey {
        case unit, count, observed, expected, observedShare, observedShareLower95, observedShareUpper95, expectedShare
        case ratio, ratioLower, ratioUpper
        case excess, excessLower, excessUpper, shrunkenRatio, shrunkenLower, shrunkenUpper, effect, reliability
        case limits, position, upperTail, lowerTail, meanResidualPoints, shrunkenResidualPoints, display
    }

    /// O/n, the unit's raw share improved (0–1); nil for no course.
    public var observedShare: Double? { count > 0 ? Double(observed) / Double(count) : nil }
    /// The Wilson 95 % interval of `observedShare` (the raw figures shown when nothing is adjusted).
    public var observedShareInterval: (lower: Double, upper: Double)? { Wilson.interval(successes: observed, trials: count) }
    /// E/n, the share expected for the unit's clients (0–1); nil without expected values.
    public var expectedShare: Double? { count > 0 && expected.isFinite ? expected / Double(count) : nil }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(unit, forKey: .unit)
        try c.encode(count, forKey: .count)
        try c.encode(observed, forKey: .observed)
        try c.encodeOrNull(expected, forKey: .expected)
        try c.encodeOrNull(observedShare, forKey: .observedShare)
        try c.encodeOrNull(observedShareInterval?.lower, forKey: .observedShareLower95)
        try c.encodeOrNull(observedShareInterval?.upper, forKey: .observedShareUpper95)
        try c.encodeOrNull(expectedShare, forKey: .expectedShare)
        try c.encodeOrNull(ratio, forKey: .ratio)
        try c.encodeOrNull(ratioLower, forKey: .ratioLower)
        try c.encodeOrNull(ratioUpper, forKey: .ratioUpper)
        try c.encodeOrNull(excess, forKey: .excess)
        try c.encodeOrNull(excessLower, forKey: .excessLower)
        try c.encodeOrNull(excessUpper, forKey: .excessUpper)
        try c.encodeOrNull(shrunkenRatio, forKey: .shrunkenRatio)
        try c.encodeOrNull(shrunkenLower, forKey: .shrunkenLower)
        try c.encodeOrNull(shrunkenUpper, forKey: .shrunkenUpper)
        try c.encodeOrNull(effect, forKey: .effect)
        try c.encodeOrNull(reliability, forKey: .reliability)
        try c.encodeOrNull(limits, forKey: .limits)
        try c.encodeOrNull(position, forKey: .position)
        try c.encodeOrNull(upperTail, forKey: .upperTail)
        try c.encodeOrNull(lowerTail, forKey: .lowerTail)
        try c.encodeOrNull(meanResidualPoints, forKey: .meanResidualPoints)
        try c.encodeOrNull(shrunkenResidualPoints, forKey: .shrunkenResidualPoints)
        try c.encode(display, forKey: .display)
    }
}

extension UnitEffect: Encodable {
    enum CodingKeys: String, CodingKey { case mode, conditionalSD, standardError }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeOrNull(mode, forKey: .mode)
        try c.encodeOrNull(conditionalSD, forKey: .conditionalSD)
        try c.encodeOrNull(standardError, forKey: .standardError)
    }
}

extension ValidationReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case outcome, reasons, folds, degenerateFolds, cStatistic, apparentCStatistic, calibrationInTheLarge
        case calibrationSlope, riskGroups, bySegment, byRegion
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(reasons, forKey: .reasons)
        try c.encode((folds.max() ?? -1) + 1, forKey: .folds)
        try c.encode(degenerateFolds, forKey: .degenerateFolds)
        try c.encodeOrNull(cStatistic, forKey: .cStatistic)
        try c.encodeOrNull(apparentCStatistic, forKey: .apparentCStatistic)
        try c.encodeOrNull(calibrationInTheLarge, forKey: .calibrationInTheLarge)
        try c.encodeOrNull(calibrationSlope, forKey: .calibrationSlope)
        try c.encode(riskGroups, forKey: .riskGroups)
        try c.encode(bySegment, forKey: .bySegment)
        try c.encode(byRegion, forKey: .byRegion)
    }
}
