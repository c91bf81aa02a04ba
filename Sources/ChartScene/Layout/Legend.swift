/// The key to a chart's marks.
public struct LegendEntry: Hashable, Sendable, Codable {
    public var label: String
    public var symbol: LegendSymbol
    public init(_ label: String, _ symbol: LegendSymbol) { self.label = label; self.symbol = symbol }
}

/// How an entry's mark is drawn in the legend.
public enum LegendSymbol: Hashable, Sendable, Codable {
    case marker(MarkerShape, Color, hollow: Bool)
    case line(Stroke, MarkerShape?)
    case swatch(Color, hatched: Bool)
    case band(Color)
    /// A short vertical tick (censored observations).
    case tick(Color)
    /// A before→after pair: two markers joined by a line.
    case dumbbell(before: Color, after: Color, beforeShape: MarkerShape, afterShape: MarkerShape)
}

/// A legend laid out as rows of entries (wrapping to `maxWidth`).
struct LegendLayout {
    let entries: [LegendEntry]
    let theme: Theme
    let measuring: any TextMeasuring
    let maxWidth: Double

    static let symbolWidth = 14.0
    static let entryGap = 10.0
    static let symbolGap = 3.0
    static let inset = 3.0

    var font: FontSpec { theme.legendFont }

    /// Entry positions relative to the legend's top-left, and its size.
    func arrange() -> (positions: [Point], size: Size) {
        var positions: [Point] = []
        var x = 0.0, y = 0.0, rowHeight = 0.0, width = 0.0
        let lineHeight = measuring.measure("Hg", font: font).height
        for e in entries {
            let w = LegendLayout.symbolWidth + LegendLayout.symbolGap + measuring.measure(e.label, font: font).width
            if x > 0 && x + w > maxWidth {
                y += rowHeight + 2; x = 0; rowHeight = 0
            }
            positions.append(Point(x, y))
            x += w + LegendLayout.entryGap
            width = max(width, x - LegendLayout.entryGap)
            rowHeight = max(rowHeight, lineHeight)
        }
        return (positions, Size(width + 2 * LegendLayout.inset, y + rowHeight + 2 * LegendLayout.inset))
    }

    var size: Size { entries.isEmpty ? Size(0, 0) : arrange().size }

    /// The legend's items with its top-left at `origin`; `backdrop` paints a white box under it.
    func items(at origin: Point, backdrop: Bool) -> [SceneItem] {
        guard !entries.isEmpty else { return [] }
        let (positions, size) = arrange()
        var items: [SceneItem] = []
        if backdrop, let bg = theme.background {
            items.append(.rect(Rect(x: origin.x, y: origin.y, width: size.width, height: size.height),
                               fill: bg.withAlpha(0.9), stroke: nil))
        }
        let lineHeight = measuring.measure("Hg", font: font).height
        for (e, p) in zip(entries, positions) {
            let x = origin.x + LegendLayout.inset + p.x
            let cy = origin.y + LegendLayout.inset + p.y + lineHeight / 2
            items += LegendLayout.symbol(e.symbol, x: x, cy: cy, theme: theme)
            items.append(.text(e.label, at: Point(x + LegendLayout.symbolWidth + LegendLayout.symbolGap, cy),
                               font: font, color: theme.text, anchor: .start, baseline: .middle, angle: 0))
        }
        return items
    }

    static func symbol(_ s: LegendSymbol, x: Double, cy: Double, theme: Theme) -> [SceneItem] {
        let w = symbolWidth
        let mid = Point(x + w / 2, cy)
        switch s {
        case let .marker(shape, color, hollow):
            return [shape.item(at: mid, size: theme.markerSize * 1.1, fill: hollow ? theme.background ?? .white : color,
                               stroke: Stroke(color: color, width: 1))]
        case let .line(stroke, marker):
            var items: [SceneItem] = [.path([.move(Point(x, cy)), .line(Point(x + w, cy))], fill: nil, stroke: stroke)]
            if let marker {
                items.append(marker.item(at: mid, size: theme.markerSize, fill: stroke.color, stroke: nil))
            }
            return items
        case let .swatch(color, hatched):
            let r = Rect(x: x + 2, y: cy - 4, width: w - 4, height: 8)
            if hatched {
                return [.rect(r, fill: color.withAlpha(0.25), stroke: Stroke(color: color, width: 0.6)),
                        Hatch.items(in: r, spacing: 2.5, stroke: Stroke(color: color, width: 0.6))]
            }
            return [.rect(r, fill: color, stroke: nil)]
        case let .tick(color):
            return [.path([.move(Point(mid.x, cy - 3)), .line(Point(mid.x, cy + 3))], fill: nil,
                          stroke: Stroke(color: color, width: 0.9))]
        case let .band(color):
            return [.rect(Rect(x: x, y: cy - 4, width: w, height: 8), fill: color.withAlpha(theme.bandOpacity), stroke: nil)]
        case let .dumbbell(before, after, bs, as_):
            let a = Point(x + 2.5, cy), b = Point(x + w - 2.5, cy)
            return [.path([.move(a), .line(b)], fill: nil, stroke: Stroke(color: theme.reference, width: 1)),
                    bs.item(at: a, size: theme.markerSize, fill: before, stroke: nil),
                    as_.item(at: b, size: theme.markerSize, fill: after, stroke: nil)]
        }
    }
}
