/// What one axis of a cartesian chart shows (internal to chart building).
struct AxisModel {
    enum Domain {
        /// An exact domain (a 0–10 score, 0–100 %); ticks fall inside it.
        case fixed(Double, Double)
        /// A domain from data, widened to nice ticks; `includeZero` keeps 0 in view (bars).
        case data(Double, Double, includeZero: Bool)
        /// Day ordinals.
        case days(Int, Int)
        /// Named bands, one per category.
        case categories([String])
    }
    enum Style { case number, percent }

    var domain: Domain
    var title: String? = nil
    /// A short note beside the title, e.g. "↑ better".
    var note: String? = nil
    var style: Style = .number
    var grid: Bool = true
    /// Extra points of padding between the plot frame and the first/last data
    /// position; nil takes the theme's.
    var padding: Double? = nil

    /// Finite lower/upper of a list of values, or nil when there are none.
    static func extent(_ values: [Double]) -> (Double, Double)? {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        return lo <= hi ? (lo, hi) : nil
    }
}

/// A tick: its data value and its label.
struct AxisTick {
    var value: Double
    var label: String
}

/// An axis after layout: a scale into points and the ticks that fit.
struct ResolvedAxis {
    var scale: LinearScale
    var ticks: [AxisTick]
    /// Width of one category band in points (categorical axes only).
    var band: Double?
}

extension TextMeasuring {
    /// `text` shortened with an ellipsis to fit `width` (whole if it fits).
    func fit(_ text: String, font: FontSpec, width: Double) -> String {
        if measure(text, font: font).width <= width { return text }
        let chars = Array(text)
        var lo = 0, hi = chars.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if measure(String(chars[..<mid]) + "…", font: font).width <= width { lo = mid } else { hi = mid - 1 }
        }
        return lo == 0 ? "…" : String(chars[..<lo]).trimmingTrailingSpaces() + "…"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
