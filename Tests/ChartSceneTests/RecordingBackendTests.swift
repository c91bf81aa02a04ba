import Testing
@testable import ChartScene

@Suite struct RecordingBackendTests {
    let font = FontSpec(family: "DejaVu Sans", size: 8)

    @Test func walksTheSceneInPaintOrderWithBalancedState() throws {
        let scene = Scene(size: Size(100, 50), items: [
            .rect(Rect(x: 0, y: 0, width: 100, height: 50), fill: .white, stroke: nil),
            .clip(Rect(x: 10, y: 10, width: 80, height: 30), [
                .circle(center: Point(20, 20), radius: 2, fill: Color(hex: 0x0072B2), stroke: nil),
                .group(offset: Point(5, 5), [.path([.move(Point(0, 0)), .line(Point(10, 10))], fill: nil,
                                                   stroke: Stroke(color: .black, width: 1, dash: [2, 1]))]),
            ]),
            .text("Hello", at: Point(50, 45), font: font, color: .black, anchor: .middle, baseline: .bottom, angle: -90),
            .paragraph("A wrapped note", box: Rect(x: 0, y: 0, width: 40, height: 20), font: font, color: .black, alignment: .start),
        ])
        let backend = RecordingBackend()
        try backend.draw(page: scene, outline: [OutlineEntry(title: "Chart", level: 0, y: 12.34)])
        #expect(backend.log == [
            "beginPage 100.0×50.0",
            "outline \"Chart\" level 0 y 12.3",
            "rect 0.0,0.0 100.0×50.0 fill=#FFFFFF",
            "push", "clip 10.0,10.0 80.0×30.0",
            "circle 20.0,20.0 r2.0 fill=#0072B2",
            "push", "translate 5.0,5.0",
            "path M0.0,0.0 L10.0,10.0 stroke=#000000/1.0 dash=2.0,1.0",
            "pop", "pop",
            "text \"Hello\" at 50.0,45.0 8.0pt middle/bottom rot-90.0",
            "paragraph \"A wrapped note\" in 0.0,0.0 40.0×20.0 8.0pt start",
            "endPage",
        ])
        #expect(backend.depth == 0)
    }

    @Test func anImageErrorStopsTheWalkAndKeepsStateBalanced() {
        let backend = RecordingBackend()
        backend.failingImagePaths = ["logo.png"]
        let items: [SceneItem] = [.group(offset: Point(1, 1), [.image(path: "logo.png", box: Rect(x: 0, y: 0, width: 10, height: 10))])]
        #expect(throws: RecordingBackendError.imageUnreadable(path: "logo.png")) { try backend.draw(items) }
        #expect(backend.depth == 0)
    }

    @Test func documentsDrawEveryPage() throws {
        let page = Page(scene: Scene(size: .a4), outline: [OutlineEntry(title: "One")])
        let backend = RecordingBackend()
        try backend.draw(Document(pages: [page, page], metadata: DocumentMetadata(title: "T", creationDate: "2025-01-01")))
        #expect(backend.log.filter { $0.hasPrefix("beginPage") }.count == 2)
        #expect(backend.log.filter { $0.hasPrefix("outline") }.count == 2)
    }
}
