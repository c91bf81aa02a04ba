/// Sleep, mood, stress (or any 0–10 scores) over time, on one shared axis or as
/// small multiples, each series saying which way is better ("↑ better").
///
/// ```swift
/// let chart = ScoreLinesChart(title: "Sleep, mood and stress", series: [
///     .init(name: "Sleep", points: sleep, better: .up),
///     .init(name: "Stress", points: stress, better: .down)])
/// ```
///
/// Lines break across gaps longer than `breakAfterDays`; a lone point between gaps
/// shows as its marker. Values are clamped to the domain; non-finite values skipped.
public struct ScoreLinesChart: ChartSpec {
    public enum Better: String, Hashable, Sendable, Codable { case up, down }
    public enum Arrangement: String, Hashable, Sendable, Codable { case overlay, smallMultiples }

    public struct Series: Hashable, Sendable, Codable {
        public var name: String
        public var points: [DayValue]
        public var better: Better
        public init(name: String, points: [DayValue], better: Better) {
            self.name = name; self.points = points; self.better = better
        }
    }

    public struct Labels: Hashable, Sendable, Codable {
        public var axis = "Score (0–10)"
        public var betterUp = "↑ better"
        public var betterDown = "↓ better"
        public var empty = "No scores recorded yet"
        public init() {}
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var series: [Series]
    public var arrangement: Arrangement
    public var lower: Double
    public var upper: Double
    /// Lines are not drawn across gaps longer than this many days (nil: never break).
    public var breakAfterDays: Int?
    public var labels: Labels

    public init(title: String, subtitle: String? = nil, caption: String? = nil, series: [Series],
                arrangement: Arrangement = .overlay, lower: Double = 0, upper: Double = 10,
                breakAfterDays: Int? = 28, labels: Labels = Labels()) {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.series = series
        self.arrangement = arrangement; self.lower = lower; self.upper = upper
        self.breakAfterDays = breakAfterDays; self.labels = labels
    }

    func note(_ b: Better) -> String { b == .up ? labels.betterUp : labels.betterDown }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let all = series.flatMap(\.points).filter { $0.value.isFinite }
        let xDomain: AxisModel.Domain = all.isEmpty
            ? .categories([]) : .days(all.map(\.day).min()!, all.map(\.day).max()!)
        switch arrangement {
        case .overlay:
            let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                                   subtitle: subtitle, caption: caption)
            let directions = Set(series.map(\.better))
            let shared = directions.count == 1 ? directions.first : nil
            let y = AxisModel(domain: .fixed(lower, upper), title: labels.axis, note: shared.map(note))
            let legend = series.enumerated().map { i, s in
                let st = theme.series(i)
                return LegendEntry(shared == nil ? "\(s.name) \(note(s.better))" : s.name,
                                   .line(Stroke(color: st.color, width: theme.lineWidth, dash: st.dash), st.marker))
            }
            let items = frame.cartesian(x: AxisModel(domain: xDomain, grid: false), y: y, legend: legend) { c in
                var content = PlotContent()
                if all.isEmpty { content.labels.append(frame.emptyNote(labels.empty, in: c.plot)); return content }
                for (i, s) in series.enumerated() {
                    draw(s, style: theme.series(i), c: c, theme: theme, into: &content)
                }
                return content
            }
            return Scene(size: size, items: items, title: title)
        case .smallMultiples:
            return smallMultiples(size: size, theme: theme, measuring: measuring, xDomain: xDomain)
        }
    }

    func smallMultiples(size: Size, theme: Theme, measuring: some TextMeasuring, xDomain: AxisModel.Domain) -> Scene {
        let outerFrame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                                    subtitle: subtitle, caption: caption)
        var (items, body) = outerFrame.chrome()
        let n = max(1, series.count)
        // Time series share their x axis best stacked; wide, short charts go side by side.
        let stacked = n <= 3 && body.height / Double(n) >= 80
        let columns = stacked ? 1 : max(1, min(n, Int(body.width / 150)))
        let rows = (n + columns - 1) / columns
        let cellW = body.width / Double(columns), cellH = body.height / Double(rows)
        var panelTheme = theme
        panelTheme.background = nil
        panelTheme.margin = 2
        for (i, s) in series.enumerated() {
            let origin = Point(body.minX + Double(i % columns) * cellW - panelTheme.margin,
                               body.minY + Double(i / columns) * cellH - panelTheme.margin)
            let panelSize = Size(cellW + (i % columns == columns - 1 ? 2 : 0) * panelTheme.margin, cellH)
            let frame = ChartFrame(size: panelSize, theme: panelTheme, measuring: measuring, title: "")
            let y = AxisModel(domain: .fixed(lower, upper), title: s.name, note: note(s.better))
            let hasData = s.points.contains { $0.value.isFinite }
            let panel = frame.cartesian(x: AxisModel(domain: xDomain, grid: false), y: y, legend: []) { c in
                var content = PlotContent()
                if !hasData { content.labels.append(frame.emptyNote(labels.empty, in: c.plot)); return content }
                var style = theme.series(i)
                style.dash = []  // one series per panel: no need to tell lines apart
                draw(s, style: style, c: c, theme: theme, into: &content)
                return content
            }
            items.append(.group(offset: origin, panel))
        }
        if series.isEmpty {
            items.append(.text(labels.empty, at: Point(body.midX, body.midY), font: theme.axisTitleFont,
                               color: theme.mutedText, anchor: .middle, baseline: .middle, angle: 0))
        }
        return Scene(size: size, items: items, title: title)
    }

    func draw(_ s: Series, style: SeriesStyle, c: Cartesian, theme: Theme, into content: inout PlotContent) {
        let pts = s.points.filter { $0.value.isFinite }.sorted { $0.day < $1.day }
        guard !pts.isEmpty else { return }
        // Split into runs at long gaps.
        var runs: [[Point]] = [[]]
        var previous: Int?
        for p in pts {
            if let prev = previous, let limit = breakAfterDays, p.day - prev > limit { runs.append([]) }
            runs[runs.count - 1].append(Point(c.x.scale(Double(p.day)), c.y.scale(clamp(p.value, lower, upper))))
            previous = p.day
        }
        let stroke = Stroke(color: style.color, width: theme.lineWidth, dash: style.dash, cap: .round)
        for run in runs where run.count > 1 {
            var path: [PathElement] = [.move(run[0])]
            path += run.dropFirst().map { .line($0) }
            content.items.append(.path(path, fill: nil, stroke: stroke))
            content.obstacles.add(polyline: run)
        }
        // Markers only where they do not crowd: few points, or isolated points.
        let spacing = c.plot.width / Double(max(1, pts.count))
        for run in runs {
            for p in run where spacing >= 6 || run.count == 1 {
                content.items.append(style.marker.item(at: p, size: theme.markerSize * 0.9, fill: style.color, stroke: nil))
                content.obstacles.add(point: p, radius: theme.markerSize / 2)
            }
        }
    }
}
