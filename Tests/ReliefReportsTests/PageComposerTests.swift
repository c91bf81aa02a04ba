import ChartScene
import Testing
@testable import ReliefReports

@Suite struct PageComposerTests {
    let style = ReportStyle()
    let measurer = FixedWidthTextMeasurer()

    func paragraphs(_ page: Page) -> [(String, Rect)] {
        page.scene.items.compactMap {
            if case .paragraph(let t, let box, _, _, _) = $0 { return (t, box) }
            return nil
        }
    }

    @Test func footersCountPagesAndHeadersRepeat() {
        var c = PageComposer(style: style, measuring: measurer, header: "Relief · Test", footer: "Records up to 2026-10-31")
        c.add(.heading("One"))
        c.add(.paragraph("Short."))
        c.add(.pageBreak)
        c.add(.heading("Two"))
        let pages = c.finish()
        #expect(pages.count == 2)
        #expect(paragraphs(pages[0]).contains { $0.0 == "Page 1 of 2" })
        #expect(paragraphs(pages[1]).contains { $0.0 == "Page 2 of 2" })
        #expect(pages.allSatisfy { p in paragraphs(p).contains { $0.0 == "Relief · Test" } })
        #expect(pages[0].outline.map(\.title) == ["One"])
        #expect(pages[1].outline.map(\.title) == ["Two"])
    }

    @Test func longTableSplitsBetweenRowsAndRepeatsItsHeader() {
        var c = PageComposer(style: style, measuring: measurer, header: "h", footer: "f")
        let rows = (1...120).map { ["2026-10-\($0 % 28 + 1)", "row \($0)", "\($0)"] }
        c.add(.table(Table(header: ["Date", "What", "N"], rows: rows, alignments: [.start, .start, .end])))
        let pages = c.finish()
        #expect(pages.count >= 2)
        for page in pages {
            let texts = paragraphs(page).map(\.0)
            #expect(texts.contains("Date"), "every page repeats the table header")
            // Nothing drawn into the footer band or past the bottom margin.
            for (t, box) in paragraphs(page) where t.hasPrefix("row") {
                #expect(box.maxY <= style.pageSize.height - style.margin - PageComposer.footerHeight + 0.01)
            }
        }
        let allRows = pages.flatMap { paragraphs($0).map(\.0) }.filter { $0.hasPrefix("row ") }
        #expect(allRows.count == 120, "no row lost or doubled across the break")
    }

    @Test func blocksNeverOverlap() {
        var c = PageComposer(style: style, measuring: measurer, header: "h", footer: "f")
        c.add(.heading("Your month at a glance"))
        c.add(.keyFigures((1...5).map { KeyFigure(label: "Label \($0)", value: "\($0).0", detail: "last month 4.2, a longer explanation that wraps") }))
        c.add(.paragraph(String(repeating: "words and more words ", count: 40)))
        c.add(.chart(Scene(size: Size(400, 300), items: [.rect(Rect(x: 0, y: 0, width: 400, height: 300), fill: .black, stroke: nil)])))
        c.add(.note("Records up to 2026-10-31."))
        let pages = c.finish()
        for page in pages {
            let boxes = paragraphs(page).map(\.1)
            for i in boxes.indices { for j in boxes.indices where j > i {
                #expect(!boxes[i].intersects(boxes[j]), "text boxes \(i) and \(j) overlap")
            } }
        }
    }

    @Test func chartThatDoesNotFitMovesToTheNextPage() {
        var c = PageComposer(style: style, measuring: measurer, header: "h", footer: "f")
        c.add(.spacer(600))
        c.add(.chart(Scene(size: Size(300, 200), items: [])))
        let pages = c.finish()
        #expect(pages.count == 2)
        let groups = pages[1].scene.items.compactMap { item -> Point? in
            if case .group(let o, _) = item { return o }
            return nil
        }
        #expect(groups.count == 1)
        #expect(abs(groups[0].y - (style.margin + PageComposer.headerHeight)) < 0.01)
    }

    @Test func headingStaysWithTheChartBelowIt() {
        var c = PageComposer(style: style, measuring: measurer, header: "h", footer: "f")
        c.add(.spacer(520))
        c.add(.heading("Outcomes by group"))
        c.add(.chart(Scene(size: Size(300, 200), items: [])))
        let pages = c.finish()
        #expect(pages.count == 2)
        #expect(!paragraphs(pages[0]).contains { $0.0 == "Outcomes by group" }, "no orphan heading at the foot of page 1")
        #expect(paragraphs(pages[1]).contains { $0.0 == "Outcomes by group" })
        #expect(pages[1].outline.map(\.title) == ["Outcomes by group"])
    }
}
