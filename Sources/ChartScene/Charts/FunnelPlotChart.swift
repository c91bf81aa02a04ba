/// A funnel plot (Spiegelhalter 2005): each unit's observed/expected ratio against its
/// expected count, around the target line O/E = 1, with 95 % and 99.8 % control limits that
/// narrow as the expected count grows. One labelled point per unit.
///
/// ```swift
/// let chart = FunnelPlotChart(title: "Improved against expected",
///                             units: [.init(label: "Ana", expected: 3.3, ratio: 1.5)],
///                             limits: [.init(expected: 2, lower95: 0, upper95: 2.5, lower998: 0, upper998: 3.5)])
/// ```
///
/// Limits are given at increasing expected counts and drawn as lines through them (the caller
/// computes them; nothing statistical happens here). Non-finite values are skipped; a limit
/// above the y axis's top is cut at the plot's edge. Labels never overlap one another: each
/// takes the first free place around its point, trying three distances, then places stacked
/// above and below it (crowded units); a label with no free place at all is left out.
public struct FunnelPlotChart: ChartSpec {
    public struct Unit: Hashable, Sendable, Codable {
        public var label: String
        /// E, the x position.
        public var expected: Double
        /// O/E, the y position.
        public var ratio: Double
        public init(label: String, expected: Double, ratio: Double) {
            self.label = label; self.expected = expected; self.ratio = ratio
        }
    }

    /// The limits at one expected count, on the O/E scale.
    public struct Limit: Hashable, Sendable, Codable {
        public var expected: Double
        public var lower95: Double
        public var upper95: Double
        public var lower998: Double
        public var upper998: Double
        public init(expected: Double, lower95: Double, upper95: Double, lower998: Double, upper998: Double) {
            self.expected = expected; self.lower95 = lower95; self.upper95 = upper95
            self.lower998 = lower998; self.upper998 = upper998
        }
    }

    public struct Labels: Hashable, Sendable, Codable {
        public var xAxis = "Clients expected to improve"
        public var yAxis = "Improved ÷ expected"
        public var limits95 = "95% limits"
        public var limits998 = "99.8% limits"
        public var target = "As expected"
        public var empty = "No unit to plot"
        public init() {}
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var units: [Unit]
    public var limits: [Limit]
    public var labels: Labels

    public init(title: String, subtitle: String? = nil, caption: String? = nil, units: [Unit], limits: [Limit],
                labels: Labels = Labels()) {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.units = units
        self.limits = limits; self.labels = labels
    }

    /// The y axis's top: room for every unit and at least 2 (twice the expected), in steps of 0.5.
    var yTop: Double {
        let top = units.map(\.ratio).filter(\.isFinite).max() ?? 0
        return max(2, ((top * 1.12) / 0.5).rounded(.up) * 0.5)
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                               subtitle: subtitle, caption: caption)
        let pts = units.filter { $0.expected.isFinite && $0.ratio.isFinite && $0.expected >= 0 }
        let curve = limits.filter { [$0.expected, $0.lower95, $0.upper95, $0.lower998, $0.upper998].allSatisfy(\.isFinite) }
            .sorted { $0.expected < $1.expected }
        let maxE = max(1, pts.map(\.expected).max() ?? 1)
        let top = yTop
        let x = AxisModel(domain: .data(0, maxE * 1.08, includeZero: true), title: labels.xAxis, grid: false)
        let y = AxisModel(domain: .fixed(0, top), title: labels.yAxis, grid: true)
        let limit95 = Stroke(color: theme.reference, width: 1.0)
        let limit998 = Stroke(color: theme.reference, width: 1.0, dash: [4, 2.5])
        let target = Stroke(color: theme.text, width: 0.8)
        var legend: [LegendEntry] = []
        if !curve.isEmpty && !pts.isEmpty {
            legend = [LegendEntry(labels.limits95, .line(limit95, nil)), LegendEntry(labels.limits998, .line(limit998, nil))]
        }
        let items = frame.cartesian(x: x, y: y, legend: legend) { c in
            var content = PlotContent()
            guard !pts.isEmpty else { content.labels.append(frame.emptyNote(labels.empty, in: c.plot)); return content }
            let sx = c.x.scale, sy = c.y.scale
            let xEnd = sx.domainUpper
            // Target line O/E = 1, labelled at its right end.
            let a = Point(c.plot.minX, sy(1)), b = Point(c.plot.maxX, sy(1))
            content.items.append(.path([.move(a), .line(b)], fill: nil, stroke: target))
            content.obstacles.add(segment: a, b)
            // Limit lines: points with E inside the axis, y cut just above the plot.
            let shown = curve.filter { $0.expected <= xEnd }
            for (stroke, value) in [(limit95, \Limit.lower95), (limit95, \Limit.upper95),
                                    (limit998, \Limit.lower998), (limit998, \Limit.upper998)] {
                let line = shown.map { Point(sx($0.expected), sy(min($0[keyPath: value], top * 1.05))) }
                guard line.count > 1 else { continue }
                content.items.append(.path([.move(line[0])] + line.dropFirst().map { .line($0) }, fill: nil, stroke: stroke))
                content.obstacles.add(polyline: line.filter { $0.y >= c.plot.minY })
            }
            let st = theme.series(0)
            for u in pts {
                let q = Point(sx(u.expected), sy(min(u.ratio, top)))
                content.items.append(st.marker.item(at: q, size: theme.markerSize, fill: st.color,
                                                    stroke: Stroke(color: theme.background ?? .white, width: 0.5)))
                content.obstacles.add(point: q, radius: theme.markerSize / 2 + 0.5)
            }
            for u in pts.sorted(by: { ($0.expected, $0.label) < ($1.expected, $1.label) }) {
                let q = Point(sx(u.expected), sy(min(u.ratio, top)))
                let r = theme.markerSize / 2
                let line = measuring.measure("Hg", font: theme.annotationFont).height
                // Around the point, then further out, then stacked above and below it (crowded units).
                var candidates = [2.5, 9, 16].flatMap { LabelPlacer.around(q, distance: r + $0) }
                for k in 1...8 {
                    let dy = r + 2 + Double(k) * (line + 1)
                    candidates += [.init(Point(q.x, q.y - dy), .middle, .bottom), .init(Point(q.x, q.y + dy), .middle, .top),
                                   .init(Point(q.x + r + 2, q.y - dy), .start, .bottom), .init(Point(q.x - r - 2, q.y + dy), .end, .top)]
                }
                content.labels.append(LabelRequest(text: u.label, font: theme.annotationFont, color: theme.text,
                                                   candidates: candidates, halo: true))
            }
            // The target's label last: the units' names come first.
            content.labels.append(LabelRequest(text: labels.target, font: theme.annotationFont, color: theme.mutedText,
                                               candidates: frame.lineLabelCandidates(y: sy(1), plot: c.plot), halo: true))
            return content
        }
        return Scene(size: size, items: items, title: title)
    }
}
