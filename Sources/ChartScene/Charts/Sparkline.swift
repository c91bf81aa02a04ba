/// A word-sized line: no axes, the last value marked, optionally the lowest and
/// highest, a normal band and the last value printed at the right.
///
/// ```swift
/// let spark = Sparkline(values: [6, 5, 5, 4, 3, 3, 2], range: 0...10)
/// let scene = spark.build(size: Size(80, 18), theme: .standard, measuring: measurer)
/// ```
///
/// Fewer than two finite values draw a single dot (or nothing).
public struct Sparkline: ChartSpec {
    public var points: [DayValue]
    /// Fixed value range (e.g. 0…10); nil fits the data.
    public var range: ClosedRange<Double>?
    /// A shaded band (e.g. the target range).
    public var band: ClosedRange<Double>?
    public var showExtremes: Bool
    public var showLastValue: Bool
    public var decimals: Int
    public var color: Color?
    public var title: String

    public init(points: [DayValue], range: ClosedRange<Double>? = nil, band: ClosedRange<Double>? = nil,
                showExtremes: Bool = false, showLastValue: Bool = false, decimals: Int = 1, color: Color? = nil,
                title: String = "") {
        self.points = points; self.range = range; self.band = band; self.showExtremes = showExtremes
        self.showLastValue = showLastValue; self.decimals = decimals; self.color = color; self.title = title
    }

    /// Evenly spaced values.
    public init(values: [Double], range: ClosedRange<Double>? = nil, band: ClosedRange<Double>? = nil,
                showExtremes: Bool = false, showLastValue: Bool = false, decimals: Int = 1, color: Color? = nil,
                title: String = "") {
        self.init(points: values.enumerated().map { DayValue(day: $0.offset, value: $0.element) }, range: range,
                  band: band, showExtremes: showExtremes, showLastValue: showLastValue, decimals: decimals,
                  color: color, title: title)
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        var items: [SceneItem] = []
        let pts = points.filter { $0.value.isFinite }.sorted { $0.day < $1.day }
        let color = self.color ?? theme.series(0).color
        let font = theme.font(max(5, min(theme.tickLabelSize, size.height * 0.6)))
        let r = max(1, min(2, size.height / 10))
        var right = size.width - r - 0.5
        var lastText: String?
        if showLastValue, let last = pts.last {
            let text = NumberFormat.fixed(last.value, decimals: decimals)
            let w = measuring.measure(text, font: font).width
            if w < size.width * 0.5 { lastText = text; right -= w + 2 }
        }
        let area = Rect(x: r + 0.5, y: r + 0.5, width: max(1, right - r - 0.5), height: max(1, size.height - 2 * r - 1))
        let lo: Double, hi: Double
        if let range { lo = range.lowerBound; hi = range.upperBound }
        else if let e = AxisModel.extent(pts.map(\.value)) { (lo, hi) = NiceTicks.widen(e.0, e.1) }
        else { (lo, hi) = (0, 1) }
        let firstDay = Double(pts.first?.day ?? 0), lastDay = Double(pts.last?.day ?? 1)
        let sx = LinearScale(domain: firstDay, lastDay == firstDay ? firstDay + 1 : lastDay, range: area.minX, area.maxX)
        let sy = LinearScale(domain: lo, hi, range: area.maxY, area.minY)
        func p(_ d: DayValue) -> Point {
            Point(pts.count == 1 ? area.midX : sx(Double(d.day)), sy(clamp(d.value, lo, hi)))
        }
        if let band {
            let a = sy(clamp(band.upperBound, lo, hi)), b = sy(clamp(band.lowerBound, lo, hi))
            items.append(.rect(Rect(x: area.minX, y: a, width: area.width, height: b - a), fill: theme.grid, stroke: nil))
        }
        if pts.count > 1 {
            var path: [PathElement] = [.move(p(pts[0]))]
            path += pts.dropFirst().map { .line(p($0)) }
            items.append(.path(path, fill: nil, stroke: Stroke(color: color, width: max(0.8, min(1.2, size.height / 16)), cap: .round)))
        }
        if showExtremes, pts.count > 2,
           let mn = pts.min(by: { $0.value < $1.value }), let mx = pts.max(by: { $0.value < $1.value }) {
            items.append(.circle(center: p(mn), radius: r * 0.8, fill: theme.after, stroke: nil))
            items.append(.circle(center: p(mx), radius: r * 0.8, fill: theme.before, stroke: nil))
        }
        if let last = pts.last {
            items.append(.circle(center: p(last), radius: r, fill: color, stroke: nil))
            if let lastText {
                items.append(.text(lastText, at: Point(size.width, size.height / 2), font: font, color: theme.text,
                                   anchor: .end, baseline: .middle, angle: 0))
            }
        }
        return Scene(size: size, items: items, title: title)
    }
}
