import Foundation

/// REML or maximum likelihood for a linear mixed model.
public enum VarianceEstimation: String, Sendable, Equatable, Codable {
    /// Restricted maximum likelihood (lme4's `lmer` default).
    case reml
    /// Maximum likelihood (`lmer(REML = FALSE)`).
    case ml
}

/// A fitted random-intercept linear model yᵢⱼ = xᵢⱼβ + bⱼ + εᵢⱼ, bⱼ ~ N(0, σ_b²), ε ~ N(0, σ²).
public struct RandomInterceptLinearFit: Sendable, Equatable {
    public var coefficients: [Double]
    /// σ_b, between units (0 in a singular fit).
    public var unitSD: Double
    /// σ, within units.
    public var residualSD: Double
    /// The REML or ML log-likelihood (lme4's `logLik`).
    public var logLikelihood: Double
    public var estimation: VarianceEstimation
    /// σ_b = 0 at the maximum ("boundary (singular) fit").
    public var singular: Bool
    /// The BLUPs b̂ⱼ = σ_b²/(σ² + nⱼσ_b²) · Σᵢ rᵢⱼ, with rᵢⱼ = yᵢⱼ − xᵢⱼβ̂.
    public var unitEffects: [Double]
    /// √Var(bⱼ | y) = (1/σ_b² + nⱼ/σ²)^(−1/2).
    public var unitConditionalSDs: [Double]
    /// The mean marginal residual (1/nⱼ)Σᵢ rᵢⱼ per unit: observed minus expected from the fixed
    /// part, in the outcome's units (FOTO's "mean residual"); nil for a unit with no rows.
    public var meanResiduals: [Double?]
    public var unitCounts: [Int]
}

/// A linear mixed model with one random intercept, σ_b/σ profiled out (Bates et al. 2015,
/// lme4's `lmer`, §3.4) and found by Brent's method on γ = σ_b/σ ∈ [0, 1000].
///
/// For given γ, with Vⱼ = I + γ²11ᵀ, Vⱼ⁻¹ = I − cⱼ11ᵀ, cⱼ = γ²/(1 + nⱼγ²): β̂ is the GLS
/// estimate, r = y − Xβ̂, ρ = rᵀV⁻¹r, and the profiled criteria are
///
///   −2ℓ_REML = log|V| + log|XᵀV⁻¹X| + (N − p)(1 + log(2πρ/(N − p))),  σ̂² = ρ/(N − p)
///   −2ℓ_ML   = log|V| + N(1 + log(2πρ/N)),                            σ̂² = ρ/N
///
/// with log|V| = Σⱼ log(1 + nⱼγ²). When the maximum is at γ = 0 (to 1e-7), the fit is singular
/// and equals ordinary least squares.
///
/// - Returns: nil when there are no more rows than columns, or XᵀX is singular.
/// - Complexity: O(n·p²) once, then O(n·p + units·p² + p³) per evaluation, about 60 evaluations.
public enum RandomInterceptLinear {
    public static func fit(design x: [[Double]], outcomes y: [Double], groups: [Int], unitCount: Int,
                           estimation: VarianceEstimation = .reml) -> RandomInterceptLinearFit? {
        let n = x.count
        guard n > 0, y.count == n, groups.count == n, let p = x.first?.count, n > p,
              groups.allSatisfy({ $0 >= 0 && $0 < unitCount }) else { return nil }
        var rowsOf = [[Int]](repeating: [], count: unitCount)
        for (i, g) in groups.enumerated() { rowsOf[g].append(i) }

        struct Evaluation { var beta: [Double]; var rho: Double; var value: Double }
        // The sums that do not depend on γ, once: XᵀX and Xᵀy (lower triangle), and per unit
        // sⱼ = Σᵢxᵢ and Σᵢyᵢ; each evaluation is then XᵀV⁻¹X = XᵀX − Σⱼcⱼsⱼsⱼᵀ, XᵀV⁻¹y = Xᵀy − Σⱼcⱼsⱼ·Σᵢyᵢ.
        var xtx = [Double](repeating: 0, count: p * p), xty = [Double](repeating: 0, count: p)
        var unitSums = [Double](repeating: 0, count: unitCount * p), unitY = [Double](repeating: 0, count: unitCount)
        for rows in rowsOf where !rows.isEmpty {
            for i in rows {
                let xi = x[i], yi = y[i]
                for k in 0..<p {
                    xty[k] += xi[k] * yi
                    for l in 0...k { xtx[k * p + l] += xi[k] * xi[l] }
                }
            }
        }
        for (j, rows) in rowsOf.enumerated() {
            for i in rows {
                unitY[j] += y[i]
                for k in 0..<p { unitSums[j * p + k] += x[i][k] }
            }
        }
        // The rows and outcomes unit by unit (each unit's rows in order), side by side: each
        // evaluation's residual sums read them front to back. Row by row through `x` they were a
        // random walk over n separately allocated rows: at 300,000 courses (a 10M-session chain)
        // 45× the time of 30,000, against 10× for the data.
        var unitOrderRows = [Double](), unitOrderY = [Double]()
        unitOrderRows.reserveCapacity(n * p); unitOrderY.reserveCapacity(n)
        for rows in rowsOf { for i in rows { unitOrderRows += x[i]; unitOrderY.append(y[i]) } }
        func evaluate(_ gamma: Double) -> Evaluation? {
            let g2 = gamma * gamma
            var normal = xtx, b = xty
            var logDetV = 0.0
            for (j, rows) in rowsOf.enumerated() where !rows.isEmpty {
                let c = g2 / (1 + Double(rows.count) * g2)
                logDetV += log(1 + Double(rows.count) * g2)
                guard c != 0 else { continue }
                let base = j * p, sy = unitY[j]
                for k in 0..<p {
                    let sk = c * unitSums[base + k]
                    b[k] -= sk * sy
                    for l in 0...k { normal[k * p + l] -= sk * unitSums[base + l] }
                }
            }
            var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for k in 0..<p { for l in 0...k { a[k][l] = normal[k * p + l]; a[l][k] = normal[k * p + l] } }
            guard let chol = DenseAlgebra.cholesky(a) else { return nil }
            let beta = DenseAlgebra.solve(cholesky: chol, b)
            var rho = 0.0
            unitOrderRows.withUnsafeBufferPointer { xs in
                unitOrderY.withUnsafeBufferPointer { ys in
                    beta.withUnsafeBufferPointer { b in
                        var at = 0
                        for rows in rowsOf where !rows.isEmpty {
                            let c = g2 / (1 + Double(rows.count) * g2)
                            var sr = 0.0
                            for _ in rows {
                                // y[i] − DenseAlgebra.dot(x[i], beta): the same sum in the same order.
                                var fitted = 0.0
                                for k in 0..<p { fitted += xs[at * p + k] * b[k] }
                                let r = ys[at] - fitted
                                rho += r * r; sr += r
                                at += 1
                            }
                            rho -= c * sr * sr
                        }
                    }
                }
            }
            let nn = Double(n), pp = Double(p)
            let deviance: Double
            switch estimation {
            case .reml:
                deviance = logDetV + DenseAlgebra.logDeterminant(cholesky: chol)
                    + (nn - pp) * (1 + log(2 * Double.pi * rho / (nn - pp)))
            case .ml:
                deviance = logDetV + nn * (1 + log(2 * Double.pi * rho / nn))
            }
            return Evaluation(beta: beta, rho: rho, value: -deviance / 2)
        }

        guard let atZero = evaluate(0) else { return nil }
        // Bracket on a log grid, then Brent between the best point's neighbours.
        let grid = [0.0, 0.001, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000]
        let values = grid.map { evaluate($0)?.value ?? -.infinity }
        let best = values.indices.max { values[$0] < values[$1] }!
        let lower = grid[max(0, best - 1)], upper = grid[min(grid.count - 1, best + 1)]
        let found = Maximizer.brent({ evaluate($0)?.value ?? -.infinity }, lower: lower, upper: upper, tolerance: 1e-10)
        var gamma = found.argument
        var chosen = evaluate(gamma) ?? atZero
        let singular = gamma < 1e-7 || chosen.value <= atZero.value
        if singular { gamma = 0; chosen = atZero }

        let sigma2 = chosen.rho / Double(estimation == .reml ? n - p : n)
        var effects = [Double](), conditional = [Double](), means = [Double?](), counts = [Int]()
        for rows in rowsOf {
            counts.append(rows.count)
            let sr = rows.reduce(0.0) { $0 + y[$1] - DenseAlgebra.dot(x[$1], chosen.beta) }
            let c = gamma * gamma / (1 + Double(rows.count) * gamma * gamma)
            effects.append(c * sr)
            conditional.append((sigma2 * c).squareRoot())
            means.append(rows.isEmpty ? nil : sr / Double(rows.count))
        }
        return RandomInterceptLinearFit(coefficients: chosen.beta, unitSD: gamma * sigma2.squareRoot(),
                                        residualSD: sigma2.squareRoot(), logLikelihood: chosen.value,
                                        estimation: estimation, singular: singular, unitEffects: effects,
                                        unitConditionalSDs: conditional, meanResiduals: means, unitCounts: counts)
    }
}
