import Foundation

/// Numerical maximisation for the mixed models: a damped Newton method with finite-difference
/// derivatives (several parameters) and Brent's method (one parameter).
enum Maximizer {
    struct Result {
        var argument: [Double]
        var value: Double
        /// The finite-difference Hessian of the objective at the argument (negative definite at a
        /// regular maximum).
        var hessian: [[Double]]
        var iterations: Int
        var converged: Bool
        var gradientNorm: Double
    }

    /// Central-difference gradient, step h per coordinate.
    static func gradient(_ f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-5) -> [Double] {
        x.indices.map { i in
            var a = x, b = x
            a[i] += h; b[i] -= h
            return (f(a) - f(b)) / (2 * h)
        }
    }

    /// Central-difference Hessian (four-point rule off the diagonal), step h per coordinate.
    static func hessian(_ f: ([Double]) -> Double, at x: [Double], value f0: Double, step h: Double = 1e-4) -> [[Double]] {
        let d = x.count
        var hm = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            var a = x, b = x
            a[i] += 2 * h; b[i] -= 2 * h
            hm[i][i] = (f(a) - 2 * f0 + f(b)) / (4 * h * h)
            for j in 0..<i {
                var pp = x, pm = x, mp = x, mm = x
                pp[i] += h; pp[j] += h
                pm[i] += h; pm[j] -= h
                mp[i] -= h; mp[j] += h
                mm[i] -= h; mm[j] -= h
                let v = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * h * h)
                hm[i][j] = v; hm[j][i] = v
            }
        }
        return hm
    }

    /// Maximises a smooth function by Newton steps on finite-difference derivatives.
    ///
    /// When −H is not positive definite a multiple of the identity is added until it is
    /// (Levenberg–Marquardt damping); each step is halved until the value rises. Stops when the
    /// largest gradient component is below `gradientTolerance`; when −H is positive definite and the
    /// full step's predicted gain is below the value's rounding (`fx.ulp`); or when no step raises
    /// the value. The second matters on large data, where the gradient can level off above a fixed
    /// tolerance: the random-intercept fit's analytic gradient leaves out how the quadrature's nodes
    /// move, an error that grows with the number of rows.
    /// `clamp` maps a trial point into the feasible box.
    /// `derivatives`, when given, returns the gradient and Hessian at a point in place of the
    /// finite differences.
    static func newton(_ f: ([Double]) -> Double, start: [Double], gradientTolerance: Double = 1e-6,
                       maximumIterations: Int = 200, clamp: ([Double]) -> [Double] = { $0 },
                       derivatives: (([Double]) -> (gradient: [Double], hessian: [[Double]]))? = nil) -> Result {
        var x = clamp(start)
        var fx = f(x)
        var iterations = 0, converged = false
        func derive() -> ([Double], [[Double]]) {
            if let derivatives { let r = derivatives(x); return (r.gradient, r.hessian) }
            return (gradient(f, at: x), hessian(f, at: x, value: fx))
        }
        var (g, h) = derive()
        while iterations < maximumIterations {
            if g.map(abs).max() ?? 0 < gradientTolerance { converged = true; break }
            iterations += 1
            let d = x.count
            var lambda = 0.0
            var factor: [[Double]]? = nil
            let diagonalScale = max(1e-8, (0..<d).map { abs(h[$0][$0]) }.max() ?? 1)
            for _ in 0..<60 {
                var a = h.map { $0.map { -$0 } }
                for i in 0..<d { a[i][i] += lambda }
                if let l = DenseAlgebra.cholesky(a, minimumPivot: 1e-12) { factor = l; break }
                lambda = lambda == 0 ? 1e-6 * diagonalScale : lambda * 10
            }
            guard let l = factor else { break }
            let delta = DenseAlgebra.solve(cholesky: l, g)
            if lambda == 0, fx.isFinite, 0.5 * DenseAlgebra.dot(g, delta) <= fx.ulp {
                // The full Newton step's predicted gain, ½gᵀ(−H)⁻¹g (half the Newton decrement λ²;
                // Boyd & Vandenberghe 2004, §9.5.1), is below one unit in the last place of the
                // value: no comparison of values can confirm a step, and a line search would only
                // follow the objective's rounding. At the maximum to working precision.
                converged = (g.map(abs).max() ?? 0) < gradientTolerance * 1e3
                break
            }
            var step = 1.0, moved = false
            for _ in 0..<40 {
                let trial = clamp((0..<d).map { x[$0] + step * delta[$0] })
                // A step too short to move any coordinate gives x itself, whose value is fx (the
                // objective is deterministic), which is no increase: not evaluated again.
                if trial.elementsEqual(x, by: { $0.bitPattern == $1.bitPattern }) { step /= 2; continue }
                let ft = f(trial)
                if ft.isFinite, ft > fx {
                    x = trial; fx = ft; moved = true
                    break
                }
                step /= 2
            }
            if !moved {
                // No increase at any step length: at the maximum to working precision.
                converged = (g.map(abs).max() ?? 0) < gradientTolerance * 1e3
                break
            }
            (g, h) = derive()
        }
        return Result(argument: x, value: fx, hessian: h, iterations: iterations, converged: converged,
                      gradientNorm: g.map(abs).max() ?? 0)
    }

    /// Brent's method (golden section with parabolic steps; Brent 1973, ch. 5) for the maximum of
    /// f on [a, b]. Returns the argument and value; the endpoints are compared too, so a maximum
    /// on the boundary is found.
    static func brent(_ f: (Double) -> Double, lower: Double, upper: Double, tolerance: Double = 1e-10,
                      maximumIterations: Int = 200) -> (argument: Double, value: Double) {
        func g(_ t: Double) -> Double { -f(t) }
        let golden = 0.3819660112501051
        var a = lower, b = upper
        var x = a + golden * (b - a), w = x, v = x
        var fx = g(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for _ in 0..<maximumIterations {
            let m = 0.5 * (a + b)
            let tol1 = tolerance * abs(x) + 1e-12, tol2 = 2 * tol1
            if abs(x - m) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(e) > tol1 {
                let r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                if abs(p) < abs(0.5 * q * e), p > q * (a - x), p < q * (b - x) {
                    e = d; d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = x < m ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden { e = (x < m ? b : a) - x; d = golden * e }
            let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = g(u)
            if fu <= fx {
                if u < x { b = x } else { a = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x { v = w; fv = fw; w = u; fw = fu }
                else if fu <= fv || v == x || v == w { v = u; fv = fu }
            }
        }
        var best = (argument: x, value: -fx)
        for end in [lower, upper] {
            let value = f(end)
            if value > best.value { best = (end, value) }
        }
        return best
    }
}
