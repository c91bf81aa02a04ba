import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 × 10ⁿ (Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990), with the tick count chosen to fit the space.
///
/// Empty or degenerate input is widened: a single value `v` becomes `v ± 1` (or
/// `0…1` for 0); NaN and infinities are ignored by the callers that collect domains.
///
/// - Complexity: O(number of ticks).
public enum NiceTicks {
    /// Heckbert's nice number near `x`: rounded to 1, 2, 5 or 10 × 10ⁿ when `round`,
    /// otherwise the smallest such number ≥ `x`.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = (log10(x)).rounded(.down)
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }

    /// Ticks covering `lo…hi` with about `count` ticks ("loose" labelling: the first
    /// and last tick enclose the data).
    public static func loose(_ lo: Double, _ hi: Double, count: Int) -> TickSet {
        let (a, b) = widen(lo, hi)
        let n = max(2, count)
        let range = niceNumber(b - a, round: false)
        let step = niceNumber(range / Double(n - 1), round: true)
        let first = (a / step).rounded(.down) * step
        let last = (b / step).rounded(.up) * step
        return TickSet(values: stride(first, last, step), step: step)
    }

    /// Ticks inside a fixed domain `lo…hi` (e.g. a 0–10 score axis), about `count` of them.
    public static func inside(_ lo: Double, _ hi: Double, count: Int) -> TickSet {
        let (a, b) = widen(lo, hi)
        let n = max(2, count)
        let step = niceNumber((b - a) / Double(n - 1), round: true)
        let first = (a / step - 1e-9).rounded(.up) * step
        let last = (b / step + 1e-9).rounded(.down) * step
        return TickSet(values: stride(first, last, step), step: step)
    }

    static func widen(_ lo: Double, _ hi: Double) -> (Double, Double) {
        var a = lo.isFinite ? lo : 0, b = hi.isFinite ? hi : 1
        if a > b { swap(&a, &b) }
        if b - a < 1e-12 * max(1, abs(a)) {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            return a == 0 ? (0, 1) : (a - pad, b + pad)
        }
        return (a, b)
    }

    static func stride(_ first: Double, _ last: Double, _ step: Double) -> [Double] {
        var values: [Double] = []
        let n = Int(((last - first) / step).rounded()) + 1
        for i in 0..<max(1, min(n, 1000)) {
            var v = first + Double(i) * step
            if abs(v) < step * 1e-9 { v = 0 }
            values.append(v)
        }
        return values
    }
}

/// Tick values and the step between them.
public struct TickSet: Hashable, Sendable {
    public var values: [Double]
    public var step: Double
    /// Decimals needed to tell neighbouring ticks apart.
    public var decimals: Int { max(0, Int((-log10(step) + 0.999_999).rounded(.down))) }
    public var lower: Double { values.first ?? 0 }
    public var upper: Double { values.last ?? 1 }
}
