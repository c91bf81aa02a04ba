import Foundation

/// Locale-independent number formatting, so the same data gives the same labels everywhere.
public enum NumberFormat {
    /// `value` with `decimals` decimals, a real minus sign (U+2212), no grouping.
    ///
    /// ```swift
    /// NumberFormat.fixed(-2.25, decimals: 1)  // "−2.3"
    /// ```
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        let d = max(0, min(decimals, 9))
        let factor = pow(10, Double(d))
        var scaled = (abs(value) * factor).rounded(.toNearestOrAwayFromZero)
        if scaled > 9e15 { scaled = 9e15 }
        let n = Int64(scaled)
        let negative = value < 0 && n != 0
        var digits = String(n)
        if d > 0 {
            while digits.count <= d { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return (negative ? "\u{2212}" : "") + digits
    }

    /// Shortest of 0–`maxDecimals` decimals that shows `value` exactly to that precision.
    public static func compact(_ value: Double, maxDecimals: Int = 1) -> String {
        for d in 0...max(0, maxDecimals) where abs(value * pow(10, Double(d)) - (value * pow(10, Double(d))).rounded()) < 1e-6 {
            return fixed(value, decimals: d)
        }
        return fixed(value, decimals: maxDecimals)
    }
}
