/// Pain before and after each session as a dumbbell (before → after), with the
/// client's baseline, the 30 %-improvement line, check-ins between sessions and an
/// optional trend, on a fixed 0–10 axis over dates.
///
/// ```swift
/// let chart = SessionPainChart(
///     title: "Pain before and after sessions",
///     sessions: [.init(day: 19_800, pre: 7, post: 4), .init(day: 19_807, pre: 6, post: nil)],
///     baseline: 7)
/// let scene = chart.build(size: Size(480, 260), theme: .standard, measuring: FixedWidthTextMeasurer())
/// ```
///
/// A session without an after-score is drawn as its before-marker only. Scores are
/// clamped to 0–10; non-finite scores are skipped.
public struct SessionPainChart: ChartSpec {
    public struct Session: Hashable, Sendable, Codable {
        public var day: Int
        public var pre: Double
        public var post: Double?
        public init(day: Int, pre: Double, post: Double?) { self.day = day; self.pre = pre; self.post = post }
    }

    /// Words the chart prints (override to translate).
    public struct Labels: Hashable, Sendable, Codable {
        public var axis = "Pain (0–10)"
        public var better = "↓ better"
        public var session = "Before → after session"
        public var beforeOnly = "Before only (no after score)"
        public var checkIn = "Check-in"
        public var trend = "Trend"
        public var baseline = "Baseline"
        /// Printed before the improvement line's value, e.g. "30% better".
        public var improvement = "30% better"
        public var empty = "No sessions recorded yet"
        public init() {}
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var sessions: [Session]
    public var checkIns: [DayValue]
    /// Baseline pain; draws the baseline and the improvement line.
    public var baseline: Double?
    /// Fraction of the baseline that counts as a clinically important improvement (0.3).
    public var improvementFraction: Double
    /// Trend in pain per day over day ordinals (e.g. Theil–Sen).
    public var trend: FittedLine?
    public var labels: Labels

    public init(title: String, subtitle: String? = nil, caption: String? = nil, sessions: [Session],
                checkIns: [DayValue] = [], baseline: Double? = nil, improvementFraction: Double = 0.3,
                trend: FittedLine? = nil, labels: Labels = Labels()) {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.sessions = sessions
        self.checkIns = checkIns; self.baseline = baseline; self.improvementFraction = improvementFraction
        self.trend = trend; self.labels = labels
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                               subtitle: subtitle, caption: caption)
        let sessions = self.sessions.filter { $0.pre.isFinite }.sorted { $0.day < $1.day }
        let checkIns = self.checkIns.filter { $0.value.isFinite }
        let days = sessions.map(\.day) + checkIns.map(\.day)
        let xDomain: AxisModel.Domain = days.isEmpty ? .categories([]) : .days(days.min()!, days.max()!)
        let x = AxisModel(domain: xDomain, grid: false)
        let y = AxisModel(domain: .fixed(0, 10), title: labels.axis, note: labels.better)

        let beforeShape = MarkerShape.circle, afterShape = MarkerShape.diamond
        var legend: [LegendEntry] = []
        if !sessions.isEmpty {
            legend.append(LegendEntry(labels.session, .dumbbell(before: theme.before, after: theme.after,
                                                                  beforeShape: beforeShape, afterShape: afterShape)))
        }
        if sessions.contains(where: { !($0.post?.isFinite ?? false) }) {
            legend.append(LegendEntry(labels.beforeOnly, .marker(beforeShape, theme.before, hollow: false)))
        }
        if !checkIns.isEmpty { legend.append(LegendEntry(labels.checkIn, .marker(.circle, theme.mutedText, hollow: true))) }
        let trendStroke = Stroke(color: theme.palette.count > 2 ? theme.palette[2] : theme.text,
                                 width: theme.lineWidth, dash: [5, 2.5])
        if trend != nil && !sessions.isEmpty { legend.append(LegendEntry(labels.trend, .line(trendStroke, nil))) }

        let items = frame.cartesian(x: x, y: y, legend: legend) { c in
            var content = PlotContent()
            let plot = c.plot
            guard !days.isEmpty else {
                content.labels.append(frame.emptyNote(labels.empty, in: plot))
                return content
            }
            let sx = c.x.scale, sy = c.y.scale
            func py(_ v: Double) -> Double { sy(clamp(v, 0, 10)) }

            // Reference lines first (under the data).
            if let b = baseline, b.isFinite {
                let refs: [(Double, String, [Double])] = [
                    (b, "\(labels.baseline) \(NumberFormat.compact(b))", [4, 2.5]),
                    (b * (1 - improvementFraction),
                     "\(labels.improvement) (\(NumberFormat.fixed(b * (1 - improvementFraction), decimals: 1)))", [1.2, 2]),
                ]
                for (value, text, dash) in refs where value >= 0 && value <= 10 {
                    let yv = py(value)
                    content.items.append(.path([.move(Point(plot.minX, yv)), .line(Point(plot.maxX, yv))], fill: nil,
                                               stroke: Stroke(color: theme.reference, width: 0.9, dash: dash)))
                    content.obstacles.add(segment: Point(plot.minX, yv), Point(plot.maxX, yv))
                    content.labels.append(LabelRequest(text: text, font: theme.annotationFont, color: theme.mutedText,
                                                       candidates: frame.lineLabelCandidates(y: yv, plot: plot)))
                }
            }
            if let t = trend {
                let d0 = sx.domainLower, d1 = sx.domainUpper
                let a = Point(sx(d0), sy(t.value(at: d0))), b = Point(sx(d1), sy(t.value(at: d1)))
                content.items.append(.path([.move(a), .line(b)], fill: nil, stroke: trendStroke))
                content.obstacles.add(segment: a, b)
            }
            // Check-ins: small hollow points.
            for ci in checkIns {
                let p = Point(sx(Double(ci.day)), py(ci.value))
                content.items.append(.circle(center: p, radius: 1.6, fill: theme.background ?? .white,
                                             stroke: Stroke(color: theme.mutedText, width: 0.8)))
                content.obstacles.add(point: p, radius: 2)
            }
            // Dumbbells: marker size shrinks when sessions crowd together.
            var minSpacing = Double.infinity
            for (a, b) in zip(sessions, sessions.dropFirst()) where b.day > a.day {
                minSpacing = min(minSpacing, Double(b.day - a.day) * sx.pointsPerUnit)
            }
            let marker = clamp(minSpacing * 0.85, 2.2, theme.markerSize * 1.25)
            let connector = Stroke(color: theme.reference.withAlpha(0.8), width: max(0.6, marker * 0.3))
            for s in sessions {
                let px = sx(Double(s.day))
                let pre = Point(px, py(s.pre))
                if let post = s.post, post.isFinite {
                    let q = Point(px, py(post))
                    content.items.append(.path([.move(pre), .line(q)], fill: nil, stroke: connector))
                    content.items.append(beforeShape.item(at: pre, size: marker, fill: theme.before, stroke: nil))
                    content.items.append(afterShape.item(at: q, size: marker, fill: theme.after, stroke: nil))
                    content.obstacles.add(Rect(x: px - marker / 2, y: min(pre.y, q.y) - marker / 2,
                                               width: marker, height: abs(pre.y - q.y) + marker))
                } else {
                    content.items.append(beforeShape.item(at: pre, size: marker, fill: theme.before, stroke: nil))
                    content.obstacles.add(point: pre, radius: marker / 2)
                }
            }
            return content
        }
        return Scene(size: size, items: items, title: title)
    }
}
