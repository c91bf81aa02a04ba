/// How long relief lasts after a session: Kaplan–Meier step curves with censor ticks,
/// a 95 % confidence band and the median marked; one curve, or two compared.
///
/// ```swift
/// let km = ReliefDurationChart(title: "How long relief lasts", curves: [
///     .init(name: "All clients", steps: [.init(time: 2, survival: 0.9, lower: 0.8, upper: 0.97)],
///           censored: [5], median: 9)])
/// ```
///
/// Each step gives the survival from `time` on; the curve starts at 100 % at time 0.
/// Censor ticks sit on the curve. More than two curves are drawn, but the palette and
/// legend are designed for two.
public struct ReliefDurationChart: ChartSpec {
    public struct Step: Hashable, Sendable, Codable {
        public var time: Double
        public var survival: Double
        public var lower: Double?
        public var upper: Double?
        public init(time: Double, survival: Double, lower: Double? = nil, upper: Double? = nil) {
            self.time = time; self.survival = survival; self.lower = lower; self.upper = upper
        }
    }

    public struct Curve: Hashable, Sendable, Codable {
        public var name: String
        public var steps: [Step]
        /// Times at which follow-up ended without relief ending.
        public var censored: [Double]
        public var median: Double?
        /// The median's label when the caller words it ("median up to 9 days": a median from
        /// visits alone is only a bound); nil prints "median 9 d" from `Labels`.
        public var medianText: String?
        public init(name: String, steps: [Step], censored: [Double] = [], median: Double? = nil, medianText: String? = nil) {
            self.name = name; self.steps = steps; self.censored = censored; self.median = median
            self.medianText = medianText
        }

        /// Survival just after time `t` (1 before the first step).
        public func survival(at t: Double) -> Double {
            var s = 1.0
            for step in steps where step.time <= t { s = step.survival }
            return s
        }
    }

    public struct Labels: Hashable, Sendable, Codable {
        public var xAxis = "Days after session"
        public var yAxis = "Sessions still relieved"
        /// "median" label; the value and `unit` follow.
        public var median = "median"
        public var unit = "d"
        public var band = "95% band"
        public var censored = "Censored"
        public var empty = "No follow-ups recorded yet"
        public init() {}
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var curves: [Curve]
    public var showBand: Bool
    public var labels: Labels

    public init(title: String, subtitle: String? = nil, caption: String? = nil, curves: [Curve],
                showBand: Bool = true, labels: Labels = Labels()) {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.curves = curves
        self.showBand = showBand; self.labels = labels
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title,
                               subtitle: subtitle, caption: caption)
        var times: [Double] = []
        for c in curves {
            times += c.steps.map(\.time)
            times += c.censored
            if let m = c.median { times.append(m) }
        }
        times = times.filter { $0.isFinite && $0 >= 0 }
        // At least a week, so a short follow-up still reads in whole days (not 0.1-day ticks).
        let maxT = max(7, times.max() ?? 7)
        let x = AxisModel(domain: .data(0, maxT, includeZero: true), title: labels.xAxis, grid: false)
        let y = AxisModel(domain: .fixed(0, 1), title: labels.yAxis, style: .percent)
        var legend: [LegendEntry] = []
        for (i, c) in curves.enumerated() where curves.count > 1 {
            let st = theme.series(i)
            legend.append(LegendEntry(c.name, .line(Stroke(color: st.color, width: theme.lineWidth, dash: st.dash), nil)))
        }
        let hasBand = showBand && curves.contains { $0.steps.contains { $0.lower != nil && $0.upper != nil } }
        if hasBand { legend.append(LegendEntry(labels.band, .band(theme.series(0).color))) }
        if curves.contains(where: { !$0.censored.isEmpty }) {
            legend.append(LegendEntry(labels.censored, .tick(theme.text)))
        }

        let items = frame.cartesian(x: x, y: y, legend: legend) { c in
            var content = PlotContent()
            guard curves.contains(where: { !$0.steps.isEmpty || !$0.censored.isEmpty }) else {
                content.labels.append(frame.emptyNote(labels.empty, in: c.plot)); return content
            }
            let sx = c.x.scale, sy = c.y.scale
            let end = c.x.scale.domainUpper
            for (i, curve) in curves.enumerated() {
                let st = theme.series(i)
                let steps = curve.steps.filter { $0.time.isFinite && $0.survival.isFinite }.sorted { $0.time < $1.time }
                let lastT = max(steps.last?.time ?? 0, curve.censored.filter(\.isFinite).max() ?? 0)
                // Band: a step-shaped polygon, upper edge forward, lower edge back.
                if showBand {
                    var upper: [Point] = [], lower: [Point] = []
                    var u = 1.0, l = 1.0, t0 = 0.0
                    for s in steps {
                        guard let lo = s.lower, let hi = s.upper, lo.isFinite, hi.isFinite else { continue }
                        upper += [Point(sx(t0), sy(u)), Point(sx(s.time), sy(u))]
                        lower += [Point(sx(t0), sy(l)), Point(sx(s.time), sy(l))]
                        u = clamp(hi, 0, 1); l = clamp(lo, 0, 1); t0 = s.time
                    }
                    if !upper.isEmpty {
                        upper += [Point(sx(t0), sy(u)), Point(sx(max(t0, lastT)), sy(u))]
                        lower += [Point(sx(t0), sy(l)), Point(sx(max(t0, lastT)), sy(l))]
                        let poly = upper + lower.reversed()
                        var path: [PathElement] = [.move(poly[0])]
                        path += poly.dropFirst().map { .line($0) }
                        path.append(.close)
                        content.items.append(.path(path, fill: st.color.withAlpha(theme.bandOpacity), stroke: nil))
                        for (a, b) in zip(upper, lower) { content.obstacles.add(segment: a, b) }
                        content.obstacles.add(polyline: upper); content.obstacles.add(polyline: lower)
                    }
                }
                // The step curve.
                var pts: [Point] = [Point(sx(0), sy(1))]
                var s = 1.0
                for step in steps {
                    pts.append(Point(sx(step.time), sy(s)))
                    s = clamp(step.survival, 0, 1)
                    pts.append(Point(sx(step.time), sy(s)))
                }
                pts.append(Point(sx(min(end, max(lastT, steps.last?.time ?? 0))), sy(s)))
                var path: [PathElement] = [.move(pts[0])]
                path += pts.dropFirst().map { .line($0) }
                content.items.append(.path(path, fill: nil, stroke: Stroke(color: st.color, width: theme.lineWidth, dash: st.dash)))
                content.obstacles.add(polyline: pts)
                // Censor ticks.
                var ticks: [PathElement] = []
                for t in curve.censored where t.isFinite && t >= 0 {
                    let p = Point(sx(t), sy(curve.survival(at: t)))
                    ticks += [.move(Point(p.x, p.y - 3)), .line(Point(p.x, p.y + 3))]
                    content.obstacles.add(segment: Point(p.x, p.y - 3), Point(p.x, p.y + 3))
                }
                if !ticks.isEmpty {
                    content.items.append(.path(ticks, fill: nil, stroke: Stroke(color: theme.text, width: 0.9)))
                }
                // Median: a dotted drop from 50 % to the curve and down to the axis.
                if let m = curve.median, m.isFinite, m >= 0 {
                    let p = Point(sx(m), sy(0.5))
                    let guide = Stroke(color: st.color, width: 0.8, dash: [1.5, 1.5])
                    content.items.append(.path([.move(Point(sx(0), p.y)), .line(p), .line(Point(p.x, sy(0)))],
                                               fill: nil, stroke: guide))
                    content.items.append(.circle(center: p, radius: 2.2, fill: st.color, stroke: nil))
                    content.obstacles.add(point: p, radius: 2.5)
                    let name = curves.count > 1 ? "\(curve.name): " : ""
                    let text = name + (curve.medianText ?? "\(labels.median) \(NumberFormat.compact(m)) \(labels.unit)")
                    content.labels.append(LabelRequest(
                        text: text, font: theme.annotationFont, color: theme.text,
                        candidates: LabelPlacer.around(p, distance: 5)
                            + [.init(Point(p.x + 4, sy(0) - 3), .start, .bottom), .init(Point(p.x - 4, sy(0) - 3), .end, .bottom)]))
                }
            }
            return content
        }
        return Scene(size: size, items: items, title: title)
    }
}
