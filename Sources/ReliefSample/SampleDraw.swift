import Foundation

/// Draws from the distributions the sample generator needs, on any `RandomNumberGenerator`.
///
/// Everything here is built from `next()` alone, never from the standard library's
/// `random(in:)`, `shuffled()` or `randomElement()`, whose algorithms may change between
/// Swift releases: a committed sample must come out byte for byte the same tomorrow.
///
/// ```swift
/// var rng = SampleRandom(seed: 7)
/// let gap = SampleDraw.gamma(shape: 5, scale: 5, using: &rng)   // mean 25
/// ```
enum SampleDraw {
    /// Uniform in [0, 1), with 53 random bits.
    @inline(__always)
    static func unit(using rng: inout some RandomNumberGenerator) -> Double {
        Double(rng.next() >> 11) * 0x1p-53
    }

    /// Uniform in [a, b).
    static func uniform(_ a: Double, _ b: Double, using rng: inout some RandomNumberGenerator) -> Double {
        a + (b - a) * unit(using: &rng)
    }

    /// True with probability `p`.
    @inline(__always)
    static func chance(_ p: Double, using rng: inout some RandomNumberGenerator) -> Bool {
        unit(using: &rng) < p
    }

    /// Uniform integer in `range`, unbiased (Lemire's multiply-and-reject, 2019).
    static func int(_ range: ClosedRange<Int>, using rng: inout some RandomNumberGenerator) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return range.lowerBound &+ Int(truncatingIfNeeded: rng.next()) }  // the full 64-bit range
        var product = rng.next().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold { product = rng.next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound + Int(product.high)
    }

    /// Standard normal scaled to `mean` and `sd`: Marsaglia's polar form of Box–Muller.
    ///
    /// The second value of each pair is discarded, so a draw depends on nothing but the
    /// generator's state.
    static func normal(mean: Double, sd: Double, using rng: inout some RandomNumberGenerator) -> Double {
        while true {
            let u = 2 * unit(using: &rng) - 1
            let v = 2 * unit(using: &rng) - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return mean + sd * u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Gamma(shape, scale), mean shape·scale: Marsaglia and Tsang (2000).
    /// A shape below 1 uses the boost Gamma(k) = Gamma(k + 1) · U^(1/k).
    static func gamma(shape: Double, scale: Double, using rng: inout some RandomNumberGenerator) -> Double {
        if shape < 1 {
            let boost = pow(max(unit(using: &rng), 0x1p-53), 1 / shape)
            return gamma(shape: shape + 1, scale: scale, using: &rng) * boost
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal(mean: 0, sd: 1, using: &rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = unit(using: &rng)
            if u < 1 - 0.0331 * x * x * x * x { return d * v * scale }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v * scale }
        }
    }

    /// One of `items`, uniformly; `items` must not be empty.
    static func pick<T>(_ items: [T], using rng: inout some RandomNumberGenerator) -> T {
        items[int(0...(items.count - 1), using: &rng)]
    }

    /// An index drawn with probability proportional to `weights` (non-negative, not all 0).
    static func weighted(_ weights: [Double], using rng: inout some RandomNumberGenerator) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit(using: &rng) * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// Fisher–Yates shuffle in place.
    static func shuffle<T>(_ items: inout [T], using rng: inout some RandomNumberGenerator) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i, using: &rng))
        }
    }
}
