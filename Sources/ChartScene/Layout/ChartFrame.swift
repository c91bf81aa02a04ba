import Foundation

/// The parts every chart shares: margins, title, subtitle, caption, legend, and (for
/// cartesian charts) axes around a plot. Chart kinds describe their axes and data;
/// the frame lays them out so that no text overlaps and the legend never covers data.
struct ChartFrame {
    let size: Size
    let theme: Theme
    let measuring: any TextMeasuring
    var title: String
    var subtitle: String?
    var caption: String?

    init(size: Size, theme: Theme, measuring: some TextMeasuring, title: String, subtitle: String? = nil,
         caption: String? = nil) {
        self.size = size; self.theme = theme; self.measuring = measuring
        self.title = title; self.subtitle = subtitle; self.caption = caption
    }

    var outer: Rect {
        Rect(x: 0, y: 0, width: size.width, height: size.height).insetBy(dx: theme.margin, dy: theme.margin)
    }

    func lineHeight(_ font: FontSpec) -> Double { measuring.measure("Hg", font: font).height }

    /// Background, title, subtitle and caption; returns them with the rect left for the body.
    func chrome() -> (items: [SceneItem], body: Rect) {
        var items: [SceneItem] = []
        if let bg = theme.background {
            items.append(.rect(Rect(x: 0, y: 0, width: size.width, height: size.height), fill: bg, stroke: nil))
        }
        let o = outer
        var top = o.minY, bottom = o.maxY
        if !title.isEmpty {
            let h = measuring.measure(title, font: theme.titleFont, wrapWidth: o.width).height
            items.append(.paragraph(title, box: Rect(x: o.minX, y: top, width: o.width, height: h),
                                    font: theme.titleFont, color: theme.text, alignment: .start))
            top += h + theme.gap * 0.5
        }
        if let subtitle, !subtitle.isEmpty {
            let h = measuring.measure(subtitle, font: theme.subtitleFont, wrapWidth: o.width).height
            items.append(.paragraph(subtitle, box: Rect(x: o.minX, y: top, width: o.width, height: h),
                                    font: theme.subtitleFont, color: theme.mutedText, alignment: .start))
            top += h
        }
        if !title.isEmpty || !(subtitle ?? "").isEmpty { top += theme.gap }
        if let caption, !caption.isEmpty {
            let h = measuring.measure(caption, font: theme.captionFont, wrapWidth: o.width).height
            items.append(.paragraph(caption, box: Rect(x: o.minX, y: bottom - h, width: o.width, height: h),
                                    font: theme.captionFont, color: theme.mutedText, alignment: .start))
            bottom -= h + theme.gap
        }
        return (items, Rect(x: o.minX, y: top, width: o.width, height: max(0, bottom - top)))
    }

    func legend(_ entries: [LegendEntry], maxWidth: Double) -> LegendLayout {
        LegendLayout(entries: entries, theme: theme, measuring: measuring, maxWidth: maxWidth)
    }

    /// Finds a corner of `plot` where `legendSize` covers none of `data` and none of `avoid`.
    func emptyCorner(for legendSize: Size, in plot: Rect, data: Obstacles, avoid: [Rect] = []) -> Point? {
        guard legendSize.width <= plot.width * 0.6, legendSize.height <= plot.height * 0.45 else { return nil }
        let inset = 3.0
        let xs = [plot.maxX - inset - legendSize.width, plot.minX + inset]
        let ys = [plot.minY + inset, plot.maxY - inset - legendSize.height]
        for (x, y) in [(xs[0], ys[0]), (xs[1], ys[0]), (xs[0], ys[1]), (xs[1], ys[1])] {
            let box = Rect(x: x, y: y, width: legendSize.width, height: legendSize.height)
            // Keep a little air between the legend and the nearest mark.
            let probe = box.insetBy(dx: -2, dy: -2)
            if !data.intersects(probe) && !avoid.contains(where: { $0.intersects(probe) }) { return Point(x, y) }
        }
        return nil
    }
}

/// A laid-out cartesian chart: where the plot is, its scales, and what was drawn around it.
struct Cartesian {
    var plot: Rect
    var x: ResolvedAxis
    var y: ResolvedAxis
    /// Background, title, caption, grid, axes and tick labels (drawn under the data).
    var items: [SceneItem]
    /// Boxes taken by text so far.
    var taken: [Rect]
    /// Where a legend placed outside the plot goes (nil when the layout left no row for it).
    var legendOrigin: Point?
    var legendMaxWidth: Double
}

/// What a chart kind draws inside a laid-out cartesian frame.
struct PlotContent {
    /// Data marks, clipped to the plot.
    var items: [SceneItem] = []
    /// Where the data is, for the legend and labels to avoid.
    var obstacles = Obstacles()
    /// Labels requested by the chart, placed greedily after the legend.
    var labels: [LabelRequest] = []
    /// Items drawn after the labels and not clipped (rare: notes outside the plot).
    var overlay: [SceneItem] = []
}

/// An annotation label and the positions it may take.
struct LabelRequest {
    var text: String
    var font: FontSpec
    var color: Color
    var candidates: [LabelPlacer.Candidate]
    var avoidData = true
    /// Drawn under the text so lines beneath stay readable.
    var halo = true
}

extension ChartFrame {
    /// Lays out a cartesian chart: axes, then the data (`content`), then the legend
    /// (in an empty corner when one exists, otherwise in a row above the plot), then
    /// the labels.
    func cartesian(x: AxisModel, y: AxisModel, legend: [LegendEntry],
                   content: (Cartesian) -> PlotContent) -> [SceneItem] {
        var frame = layout(x: x, y: y, legendRow: nil)
        var data = content(frame)
        var legendItems: [SceneItem] = []
        var legendBox: Rect?
        if !legend.isEmpty {
            let l = self.legend(legend, maxWidth: frame.plot.width * 0.6)
            if let corner = emptyCorner(for: l.size, in: frame.plot, data: data.obstacles) {
                legendItems = l.items(at: corner, backdrop: true)
                legendBox = Rect(x: corner.x, y: corner.y, width: l.size.width, height: l.size.height)
            } else {
                let row = self.legend(legend, maxWidth: outer.width)
                frame = layout(x: x, y: y, legendRow: row.size.height)
                data = content(frame)
                if let origin = frame.legendOrigin {
                    legendItems = row.items(at: origin, backdrop: false)
                    legendBox = Rect(x: origin.x, y: origin.y, width: row.size.width, height: row.size.height)
                }
            }
        }
        var items = frame.items
        items.append(.clip(frame.plot, data.items))
        items += legendItems
        var placer = LabelPlacer(bounds: frame.plot, data: data.obstacles,
                                 taken: frame.taken + (legendBox.map { [$0] } ?? []), measuring: measuring)
        items += place(data.labels, with: &placer)
        items += data.overlay
        return items
    }

    func place(_ requests: [LabelRequest], with placer: inout LabelPlacer) -> [SceneItem] {
        var items: [SceneItem] = []
        for r in requests {
            guard let item = placer.place(r.text, font: r.font, color: r.color, candidates: r.candidates,
                                          avoidData: r.avoidData) else { continue }
            if r.halo, let bg = theme.background, case let .text(s, at, font, _, anchor, baseline, angle) = item {
                let b = measuring.box(of: s, at: at, font: font, anchor: anchor, baseline: baseline, angle: angle)
                items.append(.rect(b.insetBy(dx: -1, dy: 0), fill: bg.withAlpha(0.85), stroke: nil))
            }
            items.append(item)
        }
        return items
    }

    /// The cartesian layout proper. `legendRow` reserves a row of that height above the plot.
    func layout(x: AxisModel, y: AxisModel, legendRow: Double?) -> Cartesian {
        var (items, body) = chrome()
        var taken: [Rect] = []
        var top = body.minY
        var bottom = body.maxY
        var legendOrigin: Point?
        if let h = legendRow {
            legendOrigin = Point(body.minX, top)
            top += h + theme.gap
        }
        let tickFont = theme.tickFont
        let tickLine = lineHeight(tickFont)
        let pad = theme.plotPadding
        let yPad = y.padding ?? pad
        // Room for the top tick label's upper half when the padding does not give it.
        let overhang = max(0, tickLine / 2 - yPad + 1)
        // The y axis's title sits above the plot, left-aligned, with its note beside it.
        let titleFont = theme.axisTitleFont
        if y.title != nil || y.note != nil {
            var tx = body.minX
            if let t = y.title, !t.isEmpty {
                let fitted = measuring.fit(t, font: titleFont, width: body.width * 0.7)
                items.append(.text(fitted, at: Point(tx, top), font: titleFont, color: theme.text,
                                   anchor: .start, baseline: .top, angle: 0))
                let b = measuring.box(of: fitted, at: Point(tx, top), font: titleFont, anchor: .start, baseline: .top)
                taken.append(b)
                tx = b.maxX + 8
            }
            if let n = y.note, !n.isEmpty, tx < body.maxX {
                let fitted = measuring.fit(n, font: titleFont, width: body.maxX - tx)
                items.append(.text(fitted, at: Point(tx, top), font: titleFont, color: theme.mutedText,
                                   anchor: .start, baseline: .top, angle: 0))
                taken.append(measuring.box(of: fitted, at: Point(tx, top), font: titleFont, anchor: .start, baseline: .top))
            }
            top += lineHeight(titleFont) + max(theme.gap * 0.75, overhang)
        } else {
            top += overhang
        }
        // x axis: tick labels, then its title.
        if let t = x.title, !t.isEmpty { bottom -= lineHeight(titleFont) + theme.gap * 0.5 }
        bottom -= tickLine + theme.tickLength + 2
        let plotHeight = max(10, bottom - top)

        // y axis first (its labels set the left margin).
        let yAxis = resolveY(y, top: top, bottom: top + plotHeight, padding: yPad, maxLabelWidth: body.width * 0.4)
        let yLabelWidth = yAxis.ticks.map { measuring.measure($0.label, font: tickFont).width }.max() ?? 0
        let left = body.minX + yLabelWidth + theme.tickLength + 3
        let right = body.maxX - 2
        let plot = Rect(x: left, y: top, width: max(10, right - left), height: plotHeight)
        let xPad = x.padding ?? pad
        let xAxis = resolveX(x, plot: plot, padding: xPad, limits: (body.minX, body.maxX))

        // Grid.
        let gridStroke = Stroke(color: theme.grid, width: theme.gridLineWidth)
        if y.grid {
            for t in yAxis.ticks {
                let py = yAxis.scale(t.value)
                items.append(.path([.move(Point(plot.minX, py)), .line(Point(plot.maxX, py))], fill: nil, stroke: gridStroke))
            }
        }
        if x.grid {
            for t in xAxis.ticks {
                let px = xAxis.scale(t.value)
                items.append(.path([.move(Point(px, plot.minY)), .line(Point(px, plot.maxY))], fill: nil, stroke: gridStroke))
            }
        }
        // Axis lines and ticks.
        let axisStroke = Stroke(color: theme.axis, width: theme.axisLineWidth)
        items.append(.path([.move(Point(plot.minX, plot.minY)), .line(Point(plot.minX, plot.maxY)),
                            .line(Point(plot.maxX, plot.maxY))], fill: nil, stroke: axisStroke))
        var tickPath: [PathElement] = []
        for t in yAxis.ticks {
            let py = yAxis.scale(t.value)
            tickPath += [.move(Point(plot.minX - theme.tickLength, py)), .line(Point(plot.minX, py))]
            let at = Point(plot.minX - theme.tickLength - 2, py)
            items.append(.text(t.label, at: at, font: tickFont, color: theme.mutedText, anchor: .end, baseline: .middle, angle: 0))
            taken.append(measuring.box(of: t.label, at: at, font: tickFont, anchor: .end, baseline: .middle))
        }
        let labelTop = plot.maxY + theme.tickLength + 1.5
        for t in xAxis.ticks {
            let px = xAxis.scale(t.value)
            if xAxis.band == nil {
                tickPath += [.move(Point(px, plot.maxY)), .line(Point(px, plot.maxY + theme.tickLength))]
            }
            let (at, anchor) = clampedX(t.label, x: px, y: labelTop, limits: (body.minX, body.maxX))
            items.append(.text(t.label, at: at, font: tickFont, color: theme.mutedText, anchor: anchor, baseline: .top, angle: 0))
            taken.append(measuring.box(of: t.label, at: at, font: tickFont, anchor: anchor, baseline: .top))
        }
        if !tickPath.isEmpty { items.append(.path(tickPath, fill: nil, stroke: axisStroke)) }
        if let t = x.title, !t.isEmpty {
            let fitted = measuring.fit(t, font: titleFont, width: plot.width)
            let at = Point(plot.midX, labelTop + tickLine + theme.gap * 0.5)
            items.append(.text(fitted, at: at, font: titleFont, color: theme.text, anchor: .middle, baseline: .top, angle: 0))
            taken.append(measuring.box(of: fitted, at: at, font: titleFont, anchor: .middle, baseline: .top))
        }
        return Cartesian(plot: plot, x: xAxis, y: yAxis, items: items, taken: taken,
                         legendOrigin: legendOrigin, legendMaxWidth: outer.width)
    }

    /// Where an x tick label goes: centred on its tick, slid inward at the chart's edges.
    func clampedX(_ label: String, x: Double, y: Double, limits: (Double, Double)) -> (Point, TextAnchor) {
        let w = measuring.measure(label, font: theme.tickFont).width
        if x - w / 2 < limits.0 { return (Point(limits.0, y), .start) }
        if x + w / 2 > limits.1 { return (Point(limits.1, y), .end) }
        return (Point(x, y), .middle)
    }

    func label(_ v: Double, _ ticks: TickSet, _ style: AxisModel.Style) -> String {
        switch style {
        case .number: return NumberFormat.fixed(v, decimals: ticks.decimals)
        case .percent: return NumberFormat.fixed(v * 100, decimals: max(0, ticks.decimals - 2)) + "%"
        }
    }

    func resolveY(_ y: AxisModel, top: Double, bottom: Double, padding: Double, maxLabelWidth: Double) -> ResolvedAxis {
        let height = bottom - top
        let spacing = lineHeight(theme.tickFont) * 2.8
        let count = max(2, min(11, Int(height / spacing) + 1))
        switch y.domain {
        case let .categories(names):
            let n = max(1, names.count)
            let scale = LinearScale(domain: -0.5, Double(n) - 0.5, range: top, bottom)
            let ticks = names.enumerated().map {
                AxisTick(value: Double($0.offset), label: measuring.fit($0.element, font: theme.tickFont, width: maxLabelWidth))
            }
            return ResolvedAxis(scale: scale, ticks: ticks, band: height / Double(n))
        case let .days(lo, hi):
            // Rare (dates up the y axis): numeric ordinals, labelled as dates.
            let ticks = DateTicks.ticks(lo, hi, unit: .months(1))
            let labels = DateTicks.labels(ticks, unit: .months(1), theme: theme)
            let scale = LinearScale(domain: Double(lo), Double(hi), range: bottom - padding, top + padding)
            return ResolvedAxis(scale: scale, ticks: zip(ticks, labels).map { AxisTick(value: Double($0), label: $1) })
        case .fixed, .data:
            // Fewer ticks until neighbouring labels keep apart; one tick when even two crowd.
            let line = lineHeight(theme.tickFont) + 1
            var fallback: ResolvedAxis?
            for n in stride(from: count, through: 2, by: -1) {
                let ts: TickSet, scale: LinearScale
                if case let .fixed(lo, hi) = y.domain {
                    ts = NiceTicks.inside(lo, hi, count: n)
                    scale = LinearScale(domain: lo, hi, range: bottom - padding, top + padding)
                } else if case let .data(lo, hi, includeZero) = y.domain {
                    ts = NiceTicks.loose(includeZero ? min(lo, 0) : lo, includeZero ? max(hi, 0) : hi, count: n)
                    scale = LinearScale(domain: ts.lower, ts.upper, range: bottom - padding, top + padding)
                } else { break }
                let ticks = ts.values.map { AxisTick(value: $0, label: label($0, ts, y.style)) }
                let spacing = ts.values.count > 1 ? abs(scale(ts.values[1]) - scale(ts.values[0])) : .infinity
                if spacing >= line { return ResolvedAxis(scale: scale, ticks: ticks) }
                fallback = ResolvedAxis(scale: scale, ticks: Array(ticks.suffix(1)))
            }
            return fallback ?? ResolvedAxis(scale: LinearScale(domain: 0, 1, range: bottom - padding, top + padding), ticks: [])
        }
    }

    func resolveX(_ x: AxisModel, plot: Rect, padding: Double, limits: (Double, Double)) -> ResolvedAxis {
        let a = plot.minX + padding, b = plot.maxX - padding
        let font = theme.tickFont
        /// True when labels at these positions (after edge clamping) keep apart.
        func fits(_ ticks: [AxisTick], _ scale: LinearScale) -> Bool {
            var previous: Rect?
            for t in ticks {
                let (at, anchor) = clampedX(t.label, x: scale(t.value), y: 0, limits: limits)
                let box = measuring.box(of: t.label, at: at, font: font, anchor: anchor, baseline: .top)
                if let p = previous, box.minX < p.maxX + 6 { return false }
                previous = box
            }
            return true
        }
        switch x.domain {
        case let .categories(names):
            let n = max(1, names.count)
            let scale = LinearScale(domain: -0.5, Double(n) - 0.5, range: plot.minX, plot.maxX)
            let band = plot.width / Double(n)
            let ticks = names.enumerated().map {
                AxisTick(value: Double($0.offset), label: measuring.fit($0.element, font: font, width: band - 4))
            }
            return ResolvedAxis(scale: scale, ticks: ticks, band: band)
        case let .days(lo0, hi0):
            var lo = lo0, hi = hi0
            if hi - lo < 2 { lo -= 3; hi += 3 }
            let scale = LinearScale(domain: Double(lo), Double(hi), range: a, b)
            for unit in DateTicks.units {
                let days = DateTicks.ticks(lo, hi, unit: unit)
                if days.count > 40 { continue }
                let labels = DateTicks.labels(days, unit: unit, theme: theme)
                let ticks = zip(days, labels).map { AxisTick(value: Double($0), label: $1) }
                if !ticks.isEmpty && fits(ticks, scale) { return ResolvedAxis(scale: scale, ticks: ticks) }
            }
            // Nothing fits: the first and last day only, if even those fit.
            let ends = [lo, hi].map { AxisTick(value: Double($0), label: DateTicks.labels([$0], unit: .days(1), theme: theme)[0]) }
            return ResolvedAxis(scale: scale, ticks: fits(ends, scale) ? ends : [ends[0]])
        case .fixed, .data:
            let maxCount = max(2, min(12, Int((b - a) / 28) + 1))
            for count in stride(from: maxCount, through: 2, by: -1) {
                let (ts, scale): (TickSet, LinearScale)
                if case let .fixed(lo, hi) = x.domain {
                    ts = NiceTicks.inside(lo, hi, count: count)
                    scale = LinearScale(domain: lo, hi, range: a, b)
                } else if case let .data(lo, hi, includeZero) = x.domain {
                    ts = NiceTicks.loose(includeZero ? min(lo, 0) : lo, includeZero ? max(hi, 0) : hi, count: count)
                    scale = LinearScale(domain: ts.lower, ts.upper, range: a, b)
                } else { continue }
                let ticks = ts.values.map { AxisTick(value: $0, label: label($0, ts, x.style)) }
                if fits(ticks, scale) || count == 2 { return ResolvedAxis(scale: scale, ticks: fits(ticks, scale) ? ticks : Array(ticks.prefix(1))) }
            }
            let scale = LinearScale(domain: 0, 1, range: a, b)
            return ResolvedAxis(scale: scale, ticks: [])
        }
    }
}
