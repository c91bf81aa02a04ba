import ChartScene

/// Flows report blocks onto pages of a fixed size, measuring text with a `TextMeasuring`.
///
/// Headings keep with what follows; tables split between rows and repeat their
/// header; charts and paragraphs move whole to the next page when they do not fit.
/// Every page gets a running header and a "Page i of n" footer once the page count
/// is known. Level-0 headings become PDF outline entries.
///
/// ```swift
/// var composer = PageComposer(style: style, measuring: measurer, header: "Relief · Ana Díaz", footer: "Records up to 2026-10-31")
/// composer.add(.heading("Your month at a glance"))
/// composer.add(.paragraph("You came to 6 sessions."))
/// let pages = composer.finish()
/// ```
/// - Complexity: O(blocks + table rows); each text is measured once or twice.
public struct PageComposer {
    public let style: ReportStyle
    public let measuring: any TextMeasuring
    public let header: String
    public let footer: String
    /// Page numbers' words ("Page 2 of 3").
    public let language: ReportLanguage

    private var pages: [[SceneItem]] = [[]]
    private var outlines: [[OutlineEntry]] = [[]]
    private var y: Double
    private var pendingKeepWithNext = false

    public init(style: ReportStyle, measuring: any TextMeasuring, language: ReportLanguage = .english,
                header: String, footer: String) {
        self.style = style
        self.language = language
        self.measuring = measuring
        self.header = header
        self.footer = footer
        self.y = style.margin + PageComposer.headerHeight
    }

    static let headerHeight = 18.0
    static let footerHeight = 20.0

    private var top: Double { style.margin + PageComposer.headerHeight }
    private var bottom: Double { style.pageSize.height - style.margin - PageComposer.footerHeight }
    private var left: Double { style.margin }
    private var width: Double { style.contentWidth }
    private var remaining: Double { bottom - y }

    /// The y position where the next block starts (for tests and callers placing overlays).
    public var cursor: Double { y }
    public var pageCount: Int { pages.count }

    public mutating func newPage() {
        pages.append([])
        outlines.append([])
        y = top
    }

    /// Ensures `height` points are free on the page, breaking to a new one if not
    /// (unless the page is still empty, where breaking would not help).
    private mutating func reserve(_ height: Double) {
        if height > remaining && y > top + 0.5 { newPage() }
    }

    private mutating func draw(_ item: SceneItem) { pages[pages.count - 1].append(item) }

    /// A heading waits here until the block after it arrives, so the two are kept on one page.
    private var pendingHeading: (text: String, level: Int)?

    public mutating func add(_ block: Block) {
        if case .heading(let text, let level) = block {
            flushHeading(lead: 90)
            pendingHeading = (text, level)
            return
        }
        if pendingHeading != nil { flushHeading(lead: leadHeight(of: block)) }
        place(block)
    }

    /// The height of the part of a block that must stay with the heading above it:
    /// a whole chart or paragraph, a table's header and first row, a row of key figures.
    private func leadHeight(of block: Block) -> Double {
        switch block {
        case .chart(let s): return s.size.height
        case .chartPair(let a, let b): return max(a.size.height, b.size.height)
        case .paragraph(let t): return measuring.measure(t, font: style.body, wrapWidth: width).height
        case .note(let t): return measuring.measure(t, font: style.small, wrapWidth: width).height
        case .table: return 3 * (style.smallSize * 1.3 + 8)
        case .keyFigures: return 70
        case .heading, .spacer, .pageBreak: return 0
        }
    }

    private mutating func flushHeading(lead: Double) {
        guard let (text, level) = pendingHeading else { return }
        pendingHeading = nil
        let font = level == 0 ? style.heading : style.bodyBold
        let h = measuring.measure(text, font: font, wrapWidth: width).height
        let gapAbove = y > top + 0.5 ? (level == 0 ? 10.0 : 4.0) : 0
        reserve(gapAbove + h + 6 + min(lead, bottom - top - h - 20))
        if y > top + 0.5 { y += level == 0 ? 10 : 4 }
        if level == 0 { outlines[outlines.count - 1].append(OutlineEntry(title: text, level: 0, y: y)) }
        draw(.paragraph(text, box: Rect(x: left, y: y, width: width, height: h), font: font,
                        color: level == 0 ? style.accent : style.text, alignment: .start))
        y += h + (level == 0 ? 6 : 3)
    }

    private mutating func place(_ block: Block) {
        switch block {
        case .heading:
            break
        case .paragraph(let text):
            addText(text, font: style.body, color: style.text)
        case .note(let text):
            addText(text, font: style.small, color: style.muted)
        case .keyFigures(let figures):
            addKeyFigures(figures)
        case .table(let table):
            addTable(table)
        case .chart(let scene):
            reserve(scene.size.height)
            let x = left + max(0, (width - scene.size.width) / 2)
            draw(.group(offset: Point(x, y), scene.items))
            y += scene.size.height + style.lineGap
        case .chartPair(let a, let b):
            let h = max(a.size.height, b.size.height)
            reserve(h)
            let gap = max(0, width - a.size.width - b.size.width)
            draw(.group(offset: Point(left, y), a.items))
            draw(.group(offset: Point(left + a.size.width + gap, y), b.items))
            y += h + style.lineGap
        case .spacer(let h):
            y = min(bottom, y + h)
        case .pageBreak:
            if y > top + 0.5 { newPage() }
        }
    }

    private mutating func addText(_ text: String, font: FontSpec, color: Color) {
        let h = measuring.measure(text, font: font, wrapWidth: width).height
        reserve(h)
        draw(.paragraph(text, box: Rect(x: left, y: y, width: width, height: h), font: font, color: color, alignment: .start))
        y += h + style.lineGap
    }

    private mutating func addKeyFigures(_ figures: [KeyFigure]) {
        let columns = 3
        let gap = 8.0
        let pad = 7.0
        let cardWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let inner = cardWidth - 2 * pad
        var index = 0
        while index < figures.count {
            let row = Array(figures[index..<min(index + columns, figures.count)])
            let parts = row.map { f -> (Double, Double, Double) in
                (measuring.measure(f.label, font: style.smallBold, wrapWidth: inner).height,
                 measuring.measure(f.value, font: style.figure, wrapWidth: inner).height,
                 f.detail.isEmpty ? 0 : measuring.measure(f.detail, font: style.small, wrapWidth: inner).height)
            }
            let labelH = parts.map(\.0).max() ?? 0
            let valueH = parts.map(\.1).max() ?? 0
            let detailH = parts.map(\.2).max() ?? 0
            let cardH = pad + labelH + 3 + valueH + (detailH > 0 ? 3 + detailH : 0) + pad
            reserve(cardH)
            for (i, f) in row.enumerated() {
                let x = left + Double(i) * (cardWidth + gap)
                let toneColor: Color = switch f.tone {
                case .better: style.better
                case .worse: style.worse
                case .neutral: style.text
                }
                draw(.rect(Rect(x: x, y: y, width: cardWidth, height: cardH), fill: style.panel, stroke: nil))
                draw(.rect(Rect(x: x, y: y, width: 3, height: cardH), fill: toneColor, stroke: nil))
                var cy = y + pad
                draw(.paragraph(f.label, box: Rect(x: x + pad, y: cy, width: inner, height: labelH), font: style.smallBold, color: style.muted, alignment: .start))
                cy += labelH + 3
                draw(.paragraph(f.value, box: Rect(x: x + pad, y: cy, width: inner, height: valueH), font: style.figure, color: toneColor, alignment: .start))
                cy += valueH + 3
                if !f.detail.isEmpty {
                    draw(.paragraph(f.detail, box: Rect(x: x + pad, y: cy, width: inner, height: detailH), font: style.small, color: style.muted, alignment: .start))
                }
            }
            y += cardH + gap
            index += columns
        }
        y += style.lineGap - gap
    }

    /// Column widths: proportional to `weights` when given, otherwise to each column's
    /// widest cell (capped so one long column cannot starve the others).
    func columnWidths(_ table: Table) -> [Double] {
        let n = table.header.count
        guard n > 0 else { return [] }
        let natural: [Double]
        if let w = table.weights, w.count == n {
            natural = w
        } else {
            natural = (0..<n).map { c in
                let cells = [table.header[c]] + table.rows.map { c < $0.count ? $0[c] : "" }
                let widest = cells.map { measuring.measure($0, font: style.small).width }.max() ?? 0
                return min(max(widest, 24), width * 0.45) + 8
            }
        }
        let total = natural.reduce(0, +)
        return natural.map { $0 / total * width }
    }

    private mutating func addTable(_ table: Table) {
        let widths = columnWidths(table)
        let pad = 4.0
        func rowHeight(_ cells: [String], font: FontSpec) -> Double {
            var h = 0.0
            for (c, w) in widths.enumerated() {
                let text = c < cells.count ? cells[c] : ""
                h = max(h, measuring.measure(text, font: font, wrapWidth: w - 2 * pad).height)
            }
            return h + 2 * pad
        }
        func drawRow(_ cells: [String], font: FontSpec, background: Color?, height: Double) {
            if let bg = background {
                draw(.rect(Rect(x: left, y: y, width: width, height: height), fill: bg, stroke: nil))
            }
            var x = left
            for (c, w) in widths.enumerated() {
                let text = c < cells.count ? cells[c] : ""
                let align = c < table.alignments.count ? table.alignments[c] : .start
                draw(.paragraph(text, box: Rect(x: x + pad, y: y + pad, width: w - 2 * pad, height: height - 2 * pad),
                                font: font, color: style.text, alignment: align))
                x += w
            }
            draw(.path([.move(Point(left, y + height)), .line(Point(left + width, y + height))], fill: nil,
                       stroke: Stroke(color: style.rule, width: 0.5)))
            y += height
        }
        let headerH = rowHeight(table.header, font: style.smallBold)
        let firstRowH = table.rows.first.map { rowHeight($0, font: style.small) } ?? 0
        reserve(headerH + firstRowH)
        drawRow(table.header, font: style.smallBold, background: style.panel, height: headerH)
        for row in table.rows {
            let h = rowHeight(row, font: style.small)
            if h > remaining {
                newPage()
                drawRow(table.header, font: style.smallBold, background: style.panel, height: headerH)
            }
            drawRow(row, font: style.small, background: nil, height: h)
        }
        y += style.lineGap
    }

    /// The laid-out pages, each with its running header and "Page i of n" footer.
    public mutating func finish(title: String = "") -> [Page] {
        flushHeading(lead: 0)
        let n = pages.count
        return pages.enumerated().map { i, items in
            var all = items
            let headerFont = style.small
            all.append(.paragraph(header, box: Rect(x: left, y: style.margin, width: width * 0.75, height: PageComposer.headerHeight),
                                  font: headerFont, color: style.muted, alignment: .start))
            all.append(.path([.move(Point(left, style.margin + PageComposer.headerHeight - 4)),
                              .line(Point(left + width, style.margin + PageComposer.headerHeight - 4))],
                             fill: nil, stroke: Stroke(color: style.rule, width: 0.5)))
            let footY = style.pageSize.height - style.margin - PageComposer.footerHeight + 6
            all.append(.paragraph(footer, box: Rect(x: left, y: footY, width: width * 0.78, height: PageComposer.footerHeight),
                                  font: headerFont, color: style.muted, alignment: .start))
            all.append(.paragraph(language.pageNumber(i + 1, of: n), box: Rect(x: left + width * 0.78, y: footY, width: width * 0.22, height: PageComposer.footerHeight),
                                  font: headerFont, color: style.muted, alignment: .end))
            return Page(scene: Scene(size: style.pageSize, items: all, title: title), outline: outlines[i])
        }
    }
}
