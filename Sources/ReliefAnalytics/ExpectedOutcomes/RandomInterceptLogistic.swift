import Foundation

/// How the one-dimensional integral over each unit's random intercept is approximated.
public enum IntegralApproximation: Sendable, Equatable, Hashable {
    /// The Laplace approximation (lme4's `glmer(nAGQ = 1)`, glmmTMB).
    case laplace
    /// Adaptive Gauss–Hermite quadrature with this many points, centred at each unit's
    /// conditional mode and scaled by its curvature (lme4's `glmer(nAGQ = points)`).
    case adaptiveQuadrature(points: Int)

    /// glmer's largest rule and the one the design's oracle uses.
    public static let quadrature25 = IntegralApproximation.adaptiveQuadrature(points: 25)
}

/// One unit's estimated random intercept (logit scale).
public struct UnitEffect: Sendable, Equatable {
    /// The conditional mode b̂ⱼ = σ·ûⱼ (the shrunken effect; 0 in a singular fit).
    public var mode: Double
    /// √Var(bⱼ | y) at the mode, σ/√Hⱼ with Hⱼ = 1 + σ²Σᵢ wᵢ (what lme4's `ranef(condVar = TRUE)`
    /// reports; it ignores the uncertainty in β and σ).
    public var conditionalSD: Double
    /// The conditional SD with the uncertainty in the estimated parameters added by the delta
    /// method, Var = σ²/Hⱼ + Jⱼᵀ C Jⱼ, Jⱼ = ∂b̂ⱼ/∂θ, C = (−∇²ℓ)⁻¹ (what glmmTMB's
    /// `ranef(condVar = TRUE)` reports, from TMB's `sdreport`).
    public var standardError: Double
    /// Rows in the unit.
    public var count: Int
}

/// A fitted random-intercept logistic model, logit P(yᵢⱼ = 1) = xᵢⱼβ + bⱼ, bⱼ ~ N(0, σ²).
public struct RandomInterceptLogisticFit: Sendable, Equatable {
    public var coefficients: [Double]
    /// √diag of the inverse negative Hessian of the approximate marginal log-likelihood in β.
    public var standardErrors: [Double]
    /// σ, the between-unit SD on the logit scale (0 in a singular fit).
    public var sd: Double
    /// σ was fixed by the caller, not estimated.
    public var sdFixed: Bool
    /// The approximate marginal log-likelihood at the estimate (glmer's `logLik`).
    public var logLikelihood: Double
    /// The maximum is at σ = 0: no differences between units beyond chance; β is then the GLM's.
    public var singular: Bool
    public var units: [UnitEffect]
    public var approximation: IntegralApproximation
    public var iterations: Int
    public var converged: Bool
    /// The largest |∂ℓ/∂θ| at the estimate, θ = (β, log σ): closed form with 15 or more quadrature
    /// points (`Problem.derivatives`), finite differences otherwise.
    public var gradientNorm: Double
}

/// Maximum likelihood for a logistic regression with one random intercept per unit, by the
/// Laplace approximation or adaptive Gauss–Hermite quadrature, as lme4's `glmer`.
///
/// With uⱼ = bⱼ/σ ~ N(0, 1) and hⱼ(u) = Σᵢ log p(yᵢ | xᵢβ + σu) − u²/2, each unit's integral is
/// approximated around its conditional mode ûⱼ (Newton's method on the concave hⱼ) with
/// curvature Hⱼ = 1 + σ²Σᵢ pᵢ(1 − pᵢ):
///
///   log Lⱼ ≈ −½ log Hⱼ + log Σₖ wₖ exp(z²ₖ/2 + hⱼ(ûⱼ + zₖ/√Hⱼ))
///
/// with the normal-density Gauss–Hermite rule (zₖ, wₖ) — a single point z = 0, w = 1 gives the
/// Laplace approximation hⱼ(ûⱼ) − ½ log Hⱼ. The sum is taken in log space (log-sum-exp). The
/// approximate marginal log-likelihood Σⱼ log Lⱼ is maximised over θ = (β, log σ) jointly, as
/// glmer's second stage does, by a damped Newton method, starting from the GLM and the best σ on
/// a short grid. With adaptive quadrature of 15 or more points the gradient and Hessian are in
/// closed form (`Problem.derivatives`: per unit a weighted sum over the nodes, O(n·K·p) for both);
/// with Laplace or shorter rules they are finite differences of the objective (O(p²) evaluations).
/// The delta-method Jacobian of each mode is in closed form (implicit differentiation).
///
/// **Zero variance.** When the score for σ² at σ = 0, ½Σⱼ[(Σᵢ(yᵢ − pᵢ))² − Σᵢ pᵢ(1 − pᵢ)] at the
/// GLM estimate, is ≤ 0 and no grid value of σ beats σ = 0, or the search ends with σ < 1e-4 or
/// no better than the GLM, the fit is reported as `singular`: σ = 0, β and ℓ the GLM's, every
/// mode 0 (lme4's "boundary (singular) fit").
///
/// - Parameters:
///   - design: rows xᵢ with the intercept column.
///   - outcomes: 0/1.
///   - groups: each row's unit, 0..<unitCount.
///   - fixedSD: when given, σ is held there and only β is estimated (glmmTMB's `map`).
/// - Returns: nil when the design is empty or inconsistent, or the GLM start cannot be fitted.
/// - Complexity: O(iterations · p² · n · K) for K quadrature points.
public enum RandomInterceptLogistic {
    public static func fit(design x: [[Double]], outcomes y: [Double], groups: [Int], unitCount: Int,
                           approximation: IntegralApproximation = .laplace,
                           fixedSD: Double? = nil) -> RandomInterceptLogisticFit? {
        let n = x.count
        guard n > 0, y.count == n, groups.count == n, unitCount > 0,
              groups.allSatisfy({ $0 >= 0 && $0 < unitCount }),
              fixedSD.map({ $0 >= 0 && $0.isFinite }) ?? true,
              let glm = LogisticRegression.fit(design: x, outcomes: y) else { return nil }
        let problem = Problem(x: x, y: y, groups: groups, unitCount: unitCount, approximation: approximation)
        let p = x[0].count
        let minimumLogSD = log(1e-6), maximumLogSD = log(50.0)

        func finish(beta: [Double], sigma: Double, value: Double, hessian: [[Double]]?, freeLogSD: Bool,
                    singular: Bool, iterations: Int, converged: Bool, gradient: Double) -> RandomInterceptLogisticFit {
            var standardErrors = glm.standardErrors
            var covariance: [[Double]]? = nil
            if let h = hessian, let l = DenseAlgebra.cholesky(h.map { $0.map { -$0 } }, minimumPivot: 1e-14) {
                let c = DenseAlgebra.inverse(cholesky: l)
                covariance = c
                standardErrors = (0..<p).map { c[$0][$0].squareRoot() }
            }
            let eta = problem.fixedPart(beta)
            var units = [UnitEffect]()
            for j in 0..<unitCount {
                let rows = problem.rowsOf[j]
                guard !singular, sigma > 0 else {
                    units.append(UnitEffect(mode: 0, conditionalSD: 0, standardError: 0, count: rows.count))
                    continue
                }
                let mode = problem.mode(rows: rows, eta: eta, sigma: sigma)
                let conditionalVariance = sigma * sigma / mode.curvature
                var variance = conditionalVariance
                if let c = covariance {
                    // Jⱼ = ∂(σûⱼ)/∂θ by implicit differentiation of the mode equation
                    // F(u) = −u + σΣᵢ(yᵢ − μᵢ) = 0, ∂F/∂u = −Hⱼ: ∂û/∂β = −σΣᵢwᵢxᵢ/Hⱼ and, with
                    // t = log σ, ∂û/∂t = û(2 − Hⱼ)/Hⱼ, so ∂(σû)/∂β = −σ²Σᵢwᵢxᵢ/Hⱼ and
                    // ∂(σû)/∂t = 2σû/Hⱼ (wᵢ = μᵢ(1 − μᵢ) at the mode).
                    var jacobian = [Double](repeating: 0, count: p + (freeLogSD ? 1 : 0))
                    for i in rows {
                        let mu = logistic(eta[i] + sigma * mode.u)
                        let w = mu * (1 - mu)
                        let xi = problem.x[i]
                        for a in 0..<p { jacobian[a] += w * xi[a] }
                    }
                    let factor = -sigma * sigma / mode.curvature
                    for a in 0..<p { jacobian[a] *= factor }
                    if freeLogSD { jacobian[p] = 2 * sigma * mode.u / mode.curvature }
                    for a in jacobian.indices { for b in jacobian.indices { variance += jacobian[a] * c[a][b] * jacobian[b] } }
                }
                units.append(UnitEffect(mode: sigma * mode.u, conditionalSD: conditionalVariance.squareRoot(),
                                        standardError: variance.squareRoot(), count: rows.count))
            }
            return RandomInterceptLogisticFit(coefficients: beta, standardErrors: standardErrors, sd: singular ? 0 : sigma,
                                              sdFixed: fixedSD != nil, logLikelihood: value, singular: singular,
                                              units: units, approximation: approximation, iterations: iterations,
                                              converged: converged, gradientNorm: gradient)
        }

        let analytic = analyticDerivatives(approximation)
        if let sigma = fixedSD {
            let derivatives: (([Double]) -> (gradient: [Double], hessian: [[Double]]))? = analytic && sigma > 0
                ? { problem.derivatives(beta: $0, sigma: sigma, withLogSD: false) } : nil
            let result = Maximizer.newton({ problem.logLikelihood(beta: $0, sigma: sigma) }, start: glm.coefficients,
                                          derivatives: derivatives)
            return finish(beta: result.argument, sigma: sigma, value: result.value, hessian: result.hessian,
                          freeLogSD: false, singular: sigma == 0, iterations: result.iterations,
                          converged: result.converged, gradient: result.gradientNorm)
        }

        let glmValue = glm.logLikelihood
        func singularFit(iterations: Int) -> RandomInterceptLogisticFit {
            finish(beta: glm.coefficients, sigma: 0, value: glmValue, hessian: nil, freeLogSD: false, singular: true,
                   iterations: iterations, converged: glm.converged, gradient: 0)
        }
        // Score for σ² at the boundary, at the GLM estimate.
        var score = 0.0
        for rows in problem.rowsOf {
            var s = 0.0, w = 0.0
            for i in rows {
                let mu = logistic(glm.linearPredictor[i])
                s += y[i] - mu; w += mu * (1 - mu)
            }
            score += 0.5 * (s * s - w)
        }
        let grid = [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2]
        let gridValues = grid.map { problem.logLikelihood(beta: glm.coefficients, sigma: $0) }
        let bestIndex = gridValues.indices.max { gridValues[$0] < gridValues[$1] }!
        if score <= 0 && gridValues[bestIndex] <= glmValue { return singularFit(iterations: 0) }

        let start = glm.coefficients + [log(grid[bestIndex])]
        let objective = { (t: [Double]) in problem.logLikelihood(beta: Array(t[0..<p]), sigma: exp(t[p])) }
        let derivatives: (([Double]) -> (gradient: [Double], hessian: [[Double]]))? = analytic
            ? { t in problem.derivatives(beta: Array(t[0..<p]), sigma: exp(t[p]), withLogSD: true) } : nil
        let result = Maximizer.newton(objective, start: start, clamp: { t in
            var c = t
            c[p] = min(max(c[p], minimumLogSD), maximumLogSD)
            return c
        }, derivatives: derivatives)
        let sigma = exp(result.argument[p])
        if sigma < 1e-4 || result.value <= glmValue + 1e-9 { return singularFit(iterations: result.iterations) }
        return finish(beta: Array(result.argument[0..<p]), sigma: sigma, value: result.value, hessian: result.hessian,
                      freeLogSD: true, singular: false, iterations: result.iterations,
                      converged: result.converged, gradient: result.gradientNorm)
    }

    /// Whether the fit uses the closed-form derivatives of `Problem.derivatives` (adaptive quadrature
    /// with at least 15 points) rather than finite differences of the objective (Laplace, short rules).
    static func analyticDerivatives(_ approximation: IntegralApproximation) -> Bool {
        if case .adaptiveQuadrature(let points) = approximation { return points >= 15 }
        return false
    }

    /// The data and quadrature rule, with the per-unit computations.
    struct Problem {
        let x: [[Double]]
        let y: [Double]
        let rowsOf: [[Int]]
        /// log wₖ + z²ₖ/2 for each node.
        let nodes: [Double]
        let logWeights: [Double]
        /// Each unit's mode and node terms at the last (β, σ) `logLikelihood` evaluated, which the
        /// maximiser's `derivatives` call next at the same point when the step was accepted.
        let last = LastEvaluation()

        init(x: [[Double]], y: [Double], groups: [Int], unitCount: Int, approximation: IntegralApproximation) {
            self.x = x
            self.y = y
            var rows = [[Int]](repeating: [], count: unitCount)
            for (i, g) in groups.enumerated() { rows[g].append(i) }
            rowsOf = rows
            switch approximation {
            case .laplace:
                nodes = [0]; logWeights = [0]
            case .adaptiveQuadrature(let points):
                let rule = GaussHermite.rule(points: max(1, points))
                nodes = rule.nodes
                logWeights = zip(rule.nodes, rule.weights).map { log($0.1) + $0.0 * $0.0 / 2 }
            }
        }

        func fixedPart(_ beta: [Double]) -> [Double] { x.map { DenseAlgebra.dot($0, beta) } }

        /// hⱼ(u) = Σᵢ [yᵢηᵢ − log(1 + e^ηᵢ)] − u²/2 with ηᵢ = fixed partᵢ + σu.
        func h(rows: [Int], eta: [Double], sigma: Double, u: Double) -> Double {
            var s = -u * u / 2
            for i in rows {
                let e = eta[i] + sigma * u
                s += y[i] * e - softplus(e)
            }
            return s
        }

        /// hⱼ(u) with the score σΣᵢ(yᵢ − μᵢ) − u and the information 1 + σ²Σᵢ μᵢ(1 − μᵢ) at u, in one
        /// pass: one exp(−|η|) per row serves both `softplus` and `logistic` (each takes exactly
        /// that exp in its own branch), and each sum is added in the same order and by the same
        /// expression as `h` and the separate loops did, so the values are the same to the bit.
        @inline(__always)
        func evaluate(rows: [Int], eta: [Double], sigma: Double, u: Double)
            -> (value: Double, score: Double, information: Double) {
            var s = -u * u / 2
            var score = -u, information = 1.0
            for i in rows {
                let e = eta[i] + sigma * u
                let t = exp(-abs(e))
                s += y[i] * e - (e > 0 ? e + log1p(t) : log1p(t))
                let mu = e >= 0 ? 1 / (1 + t) : t / (1 + t)
                score += sigma * (y[i] - mu)
                information += sigma * sigma * mu * (1 - mu)
            }
            return (s, score, information)
        }

        /// The conditional mode û of hⱼ and the curvature H = −h″(û) = 1 + σ²Σ pᵢ(1 − pᵢ).
        func mode(rows: [Int], eta: [Double], sigma: Double) -> (u: Double, curvature: Double) {
            var u = 0.0
            var at = evaluate(rows: rows, eta: eta, sigma: sigma, u: u)
            for _ in 0..<100 {
                var step = at.score / at.information
                var next = u + step, trial = evaluate(rows: rows, eta: eta, sigma: sigma, u: next)
                // h is concave, so the full step is taken unless it lowers h by more than rounding
                // (a strict comparison stalls û about √ε short of the mode, where h is flat).
                let slack = 1e-13 * max(1, abs(at.value))
                var halvings = 0
                while trial.value < at.value - slack && halvings < 50 {
                    step /= 2; next = u + step
                    trial = evaluate(rows: rows, eta: eta, sigma: sigma, u: next)
                    halvings += 1
                }
                u = next; at = trial
                if abs(step) < 1e-14 * max(1, abs(u)) { break }
            }
            return (u, at.information)
        }

        /// The gradient and Hessian of the quadrature sum in θ = (β, log σ) — in β alone when
        /// `withLogSD` is false — with each unit's nodes uₖ = ûⱼ + zₖ/√Hⱼ and weights held where they
        /// are at θ: log Lⱼ ≈ log Σₖ exp aₖ(θ), aₖ = log wₖ + z²ₖ/2 − ½ log Hⱼ + Σᵢ ℓ(yᵢ, xᵢβ + σuₖ) − u²ₖ/2,
        /// so ∇ log Lⱼ = Σₖ πₖ∇aₖ and ∇² log Lⱼ = Σₖ πₖ∇²aₖ + Σₖ πₖ(∇aₖ − ḡ)(∇aₖ − ḡ)ᵀ with
        /// πₖ = softmax(a). This is the derivative of the integral itself evaluated by the rule; the
        /// derivative of the re-centred rule adds only the rule's own error's change as the nodes
        /// move (zero for an exact rule), so it is used with many points (see `analyticDerivatives`),
        /// never with Laplace (one node, where −½ log Hⱼ moves with θ).
        /// - Precondition: σ > 0.
        func derivatives(beta: [Double], sigma: Double, withLogSD: Bool) -> (gradient: [Double], hessian: [[Double]]) {
            let p = beta.count, d = withLogSD ? p + 1 : p, k = nodes.count
            let eta = fixedPart(beta)
            var g = [Double](repeating: 0, count: d)
            var hm = [Double](repeating: 0, count: d * d)
            var terms = [Double](repeating: 0, count: k)
            var weights = [Double](repeating: 0, count: k)
            var shifts = [Double](repeating: 0, count: k)
            var nodeGradient = [Double](repeating: 0, count: k * d)
            var nodeCurvature = [Double](repeating: 0, count: k)
            let cached = last.matches(beta: beta, sigma: sigma)
            for (j, rows) in rowsOf.enumerated() where !rows.isEmpty {
                let m = cached ? last.modes[j] : mode(rows: rows, eta: eta, sigma: sigma)
                let scale = 1 / m.curvature.squareRoot()
                for q in 0..<k {
                    let u = m.u + scale * nodes[q]
                    shifts[q] = sigma * u
                    terms[q] = cached ? last.terms[j * k + q] : logWeights[q] + h(rows: rows, eta: eta, sigma: sigma, u: u)
                }
                let top = terms.max()!
                var sum = 0.0
                for q in 0..<k { weights[q] = exp(terms[q] - top); sum += weights[q] }
                for q in 0..<k { weights[q] /= sum }
                for q in 0..<(k * d) { nodeGradient[q] = 0 }
                for q in 0..<k { nodeCurvature[q] = 0 }
                for i in rows {
                    let xi = x[i], yi = y[i], ei = eta[i]
                    var wSum = 0.0, cSum = 0.0
                    for q in 0..<k {
                        let su = shifts[q]
                        let mu = logistic(ei + su)
                        let r = yi - mu, w = mu * (1 - mu)
                        let base = q * d
                        for a in 0..<p { nodeGradient[base + a] += r * xi[a] }
                        if withLogSD {
                            nodeGradient[base + p] += r * su
                            nodeCurvature[q] += r * su - w * su * su
                        }
                        wSum += weights[q] * w
                        cSum += weights[q] * w * su
                    }
                    for a in 0..<p {
                        let wa = wSum * xi[a]
                        for b in 0...a { hm[a * d + b] -= wa * xi[b] }
                        if withLogSD { hm[p * d + a] -= cSum * xi[a] }
                    }
                }
                var mean = [Double](repeating: 0, count: d)
                for q in 0..<k { for a in 0..<d { mean[a] += weights[q] * nodeGradient[q * d + a] } }
                for q in 0..<k {
                    let base = q * d
                    for a in 0..<d {
                        let da = weights[q] * (nodeGradient[base + a] - mean[a])
                        for b in 0...a { hm[a * d + b] += da * (nodeGradient[base + b] - mean[b]) }
                    }
                    if withLogSD { hm[p * d + p] += weights[q] * nodeCurvature[q] }
                }
                for a in 0..<d { g[a] += mean[a] }
            }
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
            for a in 0..<d { for b in 0...a { hessian[a][b] = hm[a * d + b]; hessian[b][a] = hm[a * d + b] } }
            return (g, hessian)
        }

        /// The approximate marginal log-likelihood Σⱼ log Lⱼ at (β, σ).
        ///
        /// The units are independent: with σ > 0 each one's term is computed on its own (in
        /// parallel, in chunks of units) and the terms are then added in unit order, as one loop
        /// adds them, so the sum is the same to the bit on any number of threads.
        func logLikelihood(beta: [Double], sigma: Double) -> Double {
            let eta = fixedPart(beta)
            var total = 0.0
            if sigma == 0 {
                for rows in rowsOf where !rows.isEmpty { total += h(rows: rows, eta: eta, sigma: 0, u: 0) }
                return total
            }
            let units = rowsOf.count, k = nodes.count
            var modes = [(u: Double, curvature: Double)](repeating: (0, 0), count: units)
            var allTerms = [Double](repeating: 0, count: units * k)
            var contributions = [Double](repeating: 0, count: units)
            let chunk = max(1, min(64, units / 16))
            modes.withUnsafeMutableBufferPointer { modes in
                allTerms.withUnsafeMutableBufferPointer { allTerms in
                    contributions.withUnsafeMutableBufferPointer { contributions in
                        // Each chunk writes only its own units' entries.
                        nonisolated(unsafe) let (modes, allTerms, contributions) = (modes, allTerms, contributions)
                        DispatchQueue.concurrentPerform(iterations: (units + chunk - 1) / chunk) { c in
                            var terms = [Double](repeating: 0, count: k)
                            for j in c * chunk..<min(units, (c + 1) * chunk) where !rowsOf[j].isEmpty {
                                let rows = rowsOf[j]
                                let m = mode(rows: rows, eta: eta, sigma: sigma)
                                let scale = 1 / m.curvature.squareRoot()
                                for q in 0..<k {
                                    terms[q] = logWeights[q] + h(rows: rows, eta: eta, sigma: sigma, u: m.u + scale * nodes[q])
                                    allTerms[j * k + q] = terms[q]
                                }
                                modes[j] = m
                                contributions[j] = -0.5 * log(m.curvature) + logSumExp(terms)
                            }
                        }
                    }
                }
            }
            for j in 0..<units where !rowsOf[j].isEmpty { total += contributions[j] }
            last.store(beta: beta, sigma: sigma, modes: modes, terms: allTerms)
            return total
        }
    }

    /// `Problem.logLikelihood`'s per-unit results at the point it last evaluated (the maximiser
    /// calls the objective and the derivatives from one thread, one after the other).
    final class LastEvaluation: @unchecked Sendable {
        private(set) var beta: [Double] = []
        private(set) var sigma = Double.nan
        private(set) var modes: [(u: Double, curvature: Double)] = []
        private(set) var terms: [Double] = []

        func store(beta: [Double], sigma: Double, modes: [(u: Double, curvature: Double)], terms: [Double]) {
            self.beta = beta; self.sigma = sigma; self.modes = modes; self.terms = terms
        }

        /// Whether these are the values at exactly this point (bit for bit).
        func matches(beta: [Double], sigma: Double) -> Bool {
            sigma.bitPattern == self.sigma.bitPattern && beta.count == self.beta.count
                && zip(beta, self.beta).allSatisfy { $0.bitPattern == $1.bitPattern }
        }
    }
}
