import Foundation

/// Small dense linear algebra for the expected-outcomes models (a handful of coefficients).
///
/// Matrices are row arrays `[[Double]]`; only symmetric positive-definite systems are solved,
/// through the Cholesky factor L·Lᵀ. Nothing here is meant for more than a few dozen columns.
/// - Complexity: O(p³) per factorisation.
enum DenseAlgebra {
    /// The lower Cholesky factor of a symmetric matrix, or nil when it is not positive definite
    /// (a pivot ≤ `minimumPivot` times the largest diagonal entry).
    static func cholesky(_ a: [[Double]], minimumPivot: Double = 1e-13) -> [[Double]]? {
        let n = a.count
        guard n > 0 else { return [] }
        let scale = max(a.indices.map { abs(a[$0][$0]) }.max() ?? 0, .leastNormalMagnitude)
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            guard d > minimumPivot * scale, d.isFinite else { return nil }
            let root = d.squareRoot()
            l[j][j] = root
            for i in (j + 1)..<n {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / root
            }
        }
        return l
    }

    /// Solves L·Lᵀ·x = b for a Cholesky factor L.
    static func solve(cholesky l: [[Double]], _ b: [Double]) -> [Double] {
        let n = l.count
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i][k] * y[k] }
            y[i] = s / l[i][i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k][i] * y[k] }
            y[i] = s / l[i][i]
        }
        return y
    }

    /// The inverse of L·Lᵀ.
    static func inverse(cholesky l: [[Double]]) -> [[Double]] {
        let n = l.count
        var inv = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let column = solve(cholesky: l, e)
            for i in 0..<n { inv[i][j] = column[i] }
        }
        return inv
    }

    /// log det(L·Lᵀ) = 2 Σ log Lᵢᵢ.
    static func logDeterminant(cholesky l: [[Double]]) -> Double {
        l.indices.reduce(0) { $0 + 2 * log(l[$1][$1]) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}

/// log(1 + eˣ) without overflow or loss of precision in either tail.
@inline(__always) func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}

/// The logistic function 1 / (1 + e⁻ˣ), evaluated so that neither tail overflows.
@inline(__always) func logistic(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
}

/// log Σ exp(aᵢ), shifted by the maximum so that no term overflows; −∞ for an empty list.
func logSumExp(_ a: [Double]) -> Double {
    guard let m = a.max(), m.isFinite else { return a.max() ?? -.infinity }
    var s = 0.0
    for x in a { s += exp(x - m) }
    return m + log(s)
}
