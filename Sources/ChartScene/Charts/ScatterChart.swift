/// Points coloured (and shaped) by group, with an optional fitted line.
///
/// ```swift
/// let chart = ScatterChart(title: "Sessions vs improvement",
///                          points: [.init(x: 4, y: 1.5, group: 0), .init(x: 12, y: 3.2, group: 1)],
///                          groups: ["Neck", "Lower back"], fit: FittedLine(slope: 0.2, intercept: 0.8),
///                          xTitle: "Sessions", yTitle: "Improvement")
/// ```
///
/// Non-finite points are skipped; `group` indexes `groups` (out-of-range indices use
/// the first style and no legend entry).
public struct ScatterChart: ChartSpec {
    public struct Datum: Hashable, Sendable, Codable {
        public var x: Double
        public var y: Double
        public var group: Int
        public init(x: Double, y: Double, group: Int = 0) { self.x = x; self.y = y; self.group = group }
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var points: [Datum]
    public var groups: [String]
    public var fit: FittedLine?
    /// Legend text for the fitted line.
    public var fitLabel: String
    public var xTitle: String?
    public var yTitle: String?
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var empty: String

    public init(title: String, subtitle: String? = nil, caption: String? = nil, points: [Datum],
                groups: [String] = [], fit: FittedLine? = nil, fitLabel: String = "Fitted line",
                xTitle: String? = nil, yTitle: String? = nil, xRange: ClosedRange<Double>? = nil,
                yRange: ClosedRange<Double>? = nil, empty: String = "No data to plot yet") {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.points = points
        self.groups = groups; self.fit = fit; self.fitLabel = fitLabel; self.xTitle = xTitle
        self.yTitle = yTitle; self.xRange = xRange; self.yRange = yRange; self.empty = empty
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                               subtitle: subtitle, caption: caption)
        let pts = points.filter { $0.x.isFinite && $0.y.isFinite }
        func domain(_ r: ClosedRange<Double>?, _ values: [Double]) -> AxisModel.Domain {
            if let r { return .fixed(r.lowerBound, r.upperBound) }
            if let (lo, hi) = AxisModel.extent(values) { return .data(lo, hi, includeZero: false) }
            return .fixed(0, 1)
        }
        let x = AxisModel(domain: domain(xRange, pts.map(\.x)), title: xTitle, grid: true)
        let y = AxisModel(domain: domain(yRange, pts.map(\.y)), title: yTitle)
        var legend: [LegendEntry] = []
        if groups.count > 1 {
            legend = groups.enumerated().map {
                let st = theme.series($0.offset)
                return LegendEntry($0.element, .marker(st.marker, st.color, hollow: false))
            }
        }
        let fitStroke = Stroke(color: theme.text, width: 1.1, dash: [5, 2.5])
        if fit != nil && !pts.isEmpty { legend.append(LegendEntry(fitLabel, .line(fitStroke, nil))) }
        let items = frame.cartesian(x: x, y: y, legend: legend) { c in
            var content = PlotContent()
            guard !pts.isEmpty else { content.labels.append(frame.emptyNote(empty, in: c.plot)); return content }
            let sx = c.x.scale, sy = c.y.scale
            if let f = fit {
                let a = Point(sx(sx.domainLower), sy(f.value(at: sx.domainLower)))
                let b = Point(sx(sx.domainUpper), sy(f.value(at: sx.domainUpper)))
                content.items.append(.path([.move(a), .line(b)], fill: nil, stroke: fitStroke))
                content.obstacles.add(segment: a, b)
            }
            let size = pts.count > 200 ? theme.markerSize * 0.7 : theme.markerSize
            for p in pts {
                let st = theme.series(groups.indices.contains(p.group) ? p.group : 0)
                let q = Point(sx(p.x), sy(p.y))
                content.items.append(st.marker.item(at: q, size: size, fill: st.color.withAlpha(0.85),
                                                    stroke: Stroke(color: theme.background ?? .white, width: 0.4)))
                content.obstacles.add(point: q, radius: size / 2)
            }
            return content
        }
        return Scene(size: size, items: items, title: title)
    }
}
