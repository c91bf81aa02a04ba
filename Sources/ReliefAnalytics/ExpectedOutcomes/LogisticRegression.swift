import Foundation

/// A fitted fixed-effects logistic regression.
public struct LogisticFit: Sendable, Equatable {
    /// β, in the design's column order.
    public var coefficients: [Double]
    /// √diag((XᵀWX)⁻¹) at the estimate (the model-based standard errors R's `summary.glm` prints).
    public var standardErrors: [Double]
    /// Σ [yᵢηᵢ − log(1 + e^ηᵢ)]; for 0/1 outcomes the deviance is −2 × this.
    public var logLikelihood: Double
    /// ηᵢ = offsetᵢ + xᵢβ for every row.
    public var linearPredictor: [Double]
    public var iterations: Int
    public var converged: Bool
    /// Some fitted probability is within 1e-8 of 0 or 1: (quasi-)complete separation, β not finite.
    public var separation: Bool
}

/// Logistic regression by iteratively reweighted least squares (Newton–Raphson on the
/// log-likelihood; McCullagh & Nelder 1989, §4.4), as R's `glm(family = binomial)`.
///
/// Each step solves (XᵀWX)·δ = Xᵀ(y − p) with W = diag(pᵢ(1 − pᵢ)) by Cholesky and halves δ
/// while the log-likelihood falls. It stops when the relative change in deviance is below
/// 1e-13 (R stops at 1e-8, so agreement is to R's printed precision), after at most 100 steps.
///
/// ```swift
/// let fit = LogisticRegression.fit(design: x, outcomes: y)   // x has its intercept column
/// ```
/// - Returns: nil when the design is empty, rows and outcomes differ in number, or XᵀX is
///   singular (collinear columns). Separated data give a fit flagged `separation`, with infinite
///   standard errors when the weights have collapsed.
/// - Complexity: O(n·p² + p³) per iteration.
public enum LogisticRegression {
    public static func fit(design x: [[Double]], outcomes y: [Double], offset: [Double]? = nil,
                           start: [Double]? = nil, maximumIterations: Int = 100) -> LogisticFit? {
        let n = x.count
        guard n > 0, y.count == n, let p = x.first?.count, p > 0, x.allSatisfy({ $0.count == p }),
              offset == nil || offset!.count == n else { return nil }
        let off = offset ?? [Double](repeating: 0, count: n)
        var beta = start ?? [Double](repeating: 0, count: p)
        func eta(_ b: [Double]) -> [Double] { (0..<n).map { off[$0] + DenseAlgebra.dot(x[$0], b) } }
        func logLik(_ e: [Double]) -> Double {
            var s = 0.0
            for i in 0..<n { s += y[i] * e[i] - softplus(e[i]) }
            return s
        }
        var e = eta(beta)
        var ll = logLik(e)
        var iterations = 0, converged = false
        while iterations < maximumIterations {
            iterations += 1
            // Flat p×p accumulator (a nested array would check uniqueness on every element write).
            var flat = [Double](repeating: 0, count: p * p)
            var score = [Double](repeating: 0, count: p)
            for i in 0..<n {
                let mu = logistic(e[i]), w = mu * (1 - mu), r = y[i] - mu
                let xi = x[i]
                for a in 0..<p {
                    score[a] += xi[a] * r
                    let wa = w * xi[a]
                    for b in 0...a { flat[a * p + b] += wa * xi[b] }
                }
            }
            var xtwx = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for a in 0..<p { for b in 0...a { xtwx[a][b] = flat[a * p + b]; xtwx[b][a] = flat[a * p + b] } }
            guard let l = DenseAlgebra.cholesky(xtwx) else { break }
            let delta = DenseAlgebra.solve(cholesky: l, score)
            var step = 1.0, accepted = false
            var newBeta = beta, newEta = e, newLL = ll
            for _ in 0..<30 {
                newBeta = (0..<p).map { beta[$0] + step * delta[$0] }
                newEta = eta(newBeta)
                newLL = logLik(newEta)
                if newLL >= ll - 1e-12 * abs(ll) { accepted = true; break }
                step /= 2
            }
            guard accepted else { break }
            let change = abs(newLL - ll) / (abs(newLL) + 0.1)
            beta = newBeta; e = newEta; ll = newLL
            if change < 1e-13 && DenseAlgebra.dot(delta, delta).squareRoot() * step < 1e-7 {
                converged = true
                break
            }
        }
        // Standard errors at the final estimate.
        var flat = [Double](repeating: 0, count: p * p)
        for i in 0..<n {
            let mu = logistic(e[i]), w = mu * (1 - mu)
            let xi = x[i]
            for a in 0..<p { for b in 0..<p { flat[a * p + b] += w * xi[a] * xi[b] } }
        }
        let xtwx = (0..<p).map { a in Array(flat[(a * p)..<(a * p + p)]) }
        let separation = e.contains { abs($0) > 18.4 }   // logistic(18.4) ≈ 1 − 1e-8
        let standardErrors: [Double]
        if let l = DenseAlgebra.cholesky(xtwx) {
            let covariance = DenseAlgebra.inverse(cholesky: l)
            standardErrors = (0..<p).map { covariance[$0][$0].squareRoot() }
        } else if separation && DenseAlgebra.cholesky(x.reduce(into: [[Double]](repeating: [Double](repeating: 0, count: p), count: p)) { m, row in
            for a in 0..<p { for b in 0..<p { m[a][b] += row[a] * row[b] } }
        }) != nil {
            // The weights have collapsed to 0 on separated data: β runs off, its SE is unbounded.
            standardErrors = [Double](repeating: .infinity, count: p)
        } else {
            return nil
        }
        return LogisticFit(coefficients: beta, standardErrors: standardErrors,
                           logLikelihood: ll, linearPredictor: e, iterations: iterations,
                           converged: converged, separation: separation)
    }
}
