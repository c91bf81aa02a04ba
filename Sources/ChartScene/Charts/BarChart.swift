/// Bars, or groups of bars, with optional error bars. Groups whose data are too few
/// to compare are drawn faded and hatched, and a note says why. Long category
/// labels turn the chart horizontal (`orientation: .automatic`).
///
/// ```swift
/// let chart = BarChart(title: "Improvement by technique",
///                      groups: [.init(label: "Myofascial release", bars: [.init(value: 2.4, low: 1.9, high: 2.9)]),
///                               .init(label: "Cupping", bars: [.init(value: 1.1, tooFew: true)])],
///                      valueTitle: "Mean improvement (points)")
/// ```
///
/// Non-finite values draw no bar. The value axis always includes 0.
public struct BarChart: ChartSpec {
    public enum Orientation: String, Hashable, Sendable, Codable { case automatic, vertical, horizontal }

    public struct Bar: Hashable, Sendable, Codable {
        public var value: Double
        public var low: Double?
        public var high: Double?
        public var tooFew: Bool
        public init(value: Double, low: Double? = nil, high: Double? = nil, tooFew: Bool = false) {
            self.value = value; self.low = low; self.high = high; self.tooFew = tooFew
        }
    }

    public struct Group: Hashable, Sendable, Codable {
        public var label: String
        public var bars: [Bar]
        /// What the group's band links to on a screen (`Scene.links`); nil: nothing.
        public var link: String?
        public init(label: String, bars: [Bar], link: String? = nil) { self.label = label; self.bars = bars; self.link = link }
    }

    public struct Labels: Hashable, Sendable, Codable {
        /// The note added to the caption when any bar is too few to compare.
        public var tooFew = "Hatched bars: too few to compare"
        public var tooFewLegend = "Too few to compare"
        public var empty = "Nothing to compare yet"
        public init() {}
    }

    public var title: String
    public var subtitle: String?
    public var caption: String?
    public var groups: [Group]
    /// Names of the bars within each group (a legend is drawn when there are two or more).
    public var series: [String]
    public var valueTitle: String?
    /// A fixed value domain (e.g. 0–10); nil fits the data.
    public var valueRange: ClosedRange<Double>?
    public var orientation: Orientation
    public var showValues: Bool
    public var decimals: Int
    public var labels: Labels

    public init(title: String, subtitle: String? = nil, caption: String? = nil, groups: [Group],
                series: [String] = [], valueTitle: String? = nil, valueRange: ClosedRange<Double>? = nil,
                orientation: Orientation = .automatic, showValues: Bool = true, decimals: Int = 1,
                labels: Labels = Labels()) {
        self.title = title; self.subtitle = subtitle; self.caption = caption; self.groups = groups
        self.series = series; self.valueTitle = valueTitle; self.valueRange = valueRange
        self.orientation = orientation; self.showValues = showValues; self.decimals = decimals
        self.labels = labels
    }

    /// Whether the chart is drawn with horizontal bars at this size.
    public func isHorizontal(size: Size, theme: Theme, measuring: some TextMeasuring) -> Bool {
        switch orientation {
        case .vertical: return false
        case .horizontal: return true
        case .automatic:
            guard !groups.isEmpty else { return false }
            let band = (size.width - 2 * theme.margin - 30) / Double(groups.count)
            let widest = groups.map { measuring.measure($0.label, font: theme.tickFont).width }.max() ?? 0
            return widest > band - 6
        }
    }

    public func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene {
        let anyTooFew = groups.contains { $0.bars.contains(where: \.tooFew) }
        let note = anyTooFew ? labels.tooFew + "." : nil
        let fullCaption = [caption, note].compactMap { $0 }.joined(separator: " ")
        let frame = ChartFrame(size: size, theme: theme, measuring: measuring, title: title, subtitle: subtitle,
                               caption: fullCaption.isEmpty ? nil : fullCaption)
        let horizontal = isHorizontal(size: size, theme: theme, measuring: measuring)
        let values = groups.flatMap { $0.bars.flatMap { [$0.value, $0.low, $0.high].compactMap { $0 } } }
        let valueDomain: AxisModel.Domain
        if let r = valueRange { valueDomain = .fixed(r.lowerBound, r.upperBound) }
        else if let (lo, hi) = AxisModel.extent(values) { valueDomain = .data(lo, hi, includeZero: true) }
        else { valueDomain = .fixed(0, 1) }
        let names = groups.map(\.label)
        let valueAxis = AxisModel(domain: valueDomain, title: valueTitle, grid: true, padding: 0)
        let categoryAxis = AxisModel(domain: .categories(names), grid: false, padding: 0)
        var legend: [LegendEntry] = []
        let perGroup = groups.map(\.bars.count).max() ?? 0
        if series.count > 1 {
            legend = series.enumerated().map { LegendEntry($0.element, .swatch(theme.series($0.offset).color, hatched: false)) }
        }
        if anyTooFew {
            legend.append(LegendEntry(labels.tooFewLegend, .swatch(theme.series(0).color, hatched: true)))
        }
        // Horizontal charts put the value axis at the bottom; its title goes under it.
        var xModel = horizontal ? valueAxis : categoryAxis
        var yModel = horizontal ? categoryAxis : valueAxis
        if horizontal { xModel.grid = true; yModel.grid = false; yModel.title = nil }
        else { yModel.grid = true }
        var links: [SceneLink] = []
        let items = frame.cartesian(x: xModel, y: yModel, legend: legend) { c in
            var content = PlotContent()
            guard !groups.isEmpty, perGroup > 0 else {
                content.labels.append(frame.emptyNote(labels.empty, in: c.plot)); return content
            }
            let cat = horizontal ? c.y : c.x
            let val = horizontal ? c.x.scale : c.y.scale
            let band = cat.band ?? 10
            let inner = band * 0.76
            let barWidth = inner / Double(perGroup)
            let zero = val(max(val.domainLower, min(val.domainUpper, 0)))
            let valueFont = theme.annotationFont
            for (gi, g) in groups.enumerated() {
                let center = cat.scale(Double(gi))
                // The group's whole band, its label included: what a screen makes clickable.
                if let target = g.link {
                    let rect = horizontal
                        ? Rect(x: 0, y: center - band / 2, width: c.plot.maxX, height: band)
                        : Rect(x: center - band / 2, y: c.plot.minY, width: band, height: size.height - c.plot.minY)
                    links.append(SceneLink(rect: rect, target: target, label: g.label))
                }
                for (bi, bar) in g.bars.enumerated() where bar.value.isFinite {
                    let st = theme.series(series.count > 1 ? bi : 0)
                    let start = center - inner / 2 + Double(bi) * barWidth + barWidth * 0.06
                    let thickness = barWidth * 0.88
                    let v = val(bar.value)
                    let rect = horizontal
                        ? Rect(x: min(zero, v), y: start, width: abs(v - zero), height: thickness)
                        : Rect(x: start, y: min(zero, v), width: thickness, height: abs(v - zero))
                    if bar.tooFew {
                        content.items.append(.rect(rect, fill: st.color.withAlpha(0.22), stroke: Stroke(color: st.color.withAlpha(0.8), width: 0.6)))
                        content.items.append(Hatch.items(in: rect, spacing: 3, stroke: Stroke(color: st.color.withAlpha(0.7), width: 0.6)))
                    } else {
                        content.items.append(.rect(rect, fill: st.color, stroke: nil))
                    }
                    content.obstacles.add(rect)
                    let mid = start + thickness / 2
                    // Error bar.
                    var tipValue = bar.value
                    if let lo = bar.low, let hi = bar.high, lo.isFinite, hi.isFinite {
                        let a = val(lo), b = val(hi), cap = min(4, thickness * 0.35)
                        let path: [PathElement] = horizontal
                            ? [.move(Point(a, mid)), .line(Point(b, mid)), .move(Point(a, mid - cap)), .line(Point(a, mid + cap)),
                               .move(Point(b, mid - cap)), .line(Point(b, mid + cap))]
                            : [.move(Point(mid, a)), .line(Point(mid, b)), .move(Point(mid - cap, a)), .line(Point(mid + cap, a)),
                               .move(Point(mid - cap, b)), .line(Point(mid + cap, b))]
                        content.items.append(.path(path, fill: nil, stroke: Stroke(color: theme.text, width: 0.8)))
                        content.obstacles.add(horizontal ? Rect(x: min(a, b), y: mid - cap, width: abs(b - a), height: 2 * cap)
                                                         : Rect(x: mid - cap, y: min(a, b), width: 2 * cap, height: abs(b - a)))
                        tipValue = bar.value >= 0 ? max(bar.value, hi) : min(bar.value, lo)
                    }
                    // A bar too small a group to compare is drawn hatched, its number left unprinted:
                    // a table beside it says "too few", and a printed value would say more.
                    if showValues && !bar.tooFew {
                        let text = NumberFormat.fixed(bar.value, decimals: decimals)
                        let tip = val(tipValue)
                        let up = bar.value >= 0
                        let candidates: [LabelPlacer.Candidate] = horizontal
                            ? [.init(Point(tip + (up ? 3 : -3), mid), up ? .start : .end, .middle),
                               .init(Point(v + (up ? -3 : 3), mid), up ? .end : .start, .middle)]
                            : [.init(Point(mid, tip + (up ? -2 : 2)), .middle, up ? .bottom : .top),
                               .init(Point(mid, v + (up ? 2 : -2)), .middle, up ? .top : .bottom)]
                        content.labels.append(LabelRequest(text: text, font: valueFont, color: theme.text,
                                                           candidates: candidates, halo: false))
                    }
                }
            }
            // The zero line over the bars.
            let zeroLine: [PathElement] = horizontal
                ? [.move(Point(zero, c.plot.minY)), .line(Point(zero, c.plot.maxY))]
                : [.move(Point(c.plot.minX, zero)), .line(Point(c.plot.maxX, zero))]
            content.items.append(.path(zeroLine, fill: nil, stroke: Stroke(color: theme.axis, width: theme.axisLineWidth)))
            return content
        }
        return Scene(size: size, items: items, title: title, links: links)
    }
}
