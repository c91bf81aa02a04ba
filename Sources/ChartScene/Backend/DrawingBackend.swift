/// What a renderer must do to draw a `Scene`: a small set of calls in points, y down
/// (after plotters' `DrawingBackend`). Cairo PDF, Cairo PNG and `RecordingBackend`
/// implement it; `draw(_:)` walks a scene and makes the calls.
///
/// State calls nest: every `pushState()` is matched by a `popState()`, and
/// `translate`/`clip` last until the matching pop.
public protocol DrawingBackend: AnyObject {
    func beginPage(size: Size) throws
    func endPage() throws
    func pushState()
    func popState()
    func translate(by offset: Point)
    func clip(to rect: Rect)
    func drawPath(_ elements: [PathElement], fill: Color?, stroke: Stroke?)
    func drawRect(_ rect: Rect, fill: Color?, stroke: Stroke?)
    func drawCircle(center: Point, radius: Double, fill: Color?, stroke: Stroke?)
    /// One line of text; see `TextGeometry.origin` for how the anchor places it.
    func drawText(_ text: String, at: Point, font: FontSpec, color: Color, anchor: TextAnchor,
                  baseline: TextBaseline, angle: Double)
    func drawParagraph(_ text: String, box: Rect, font: FontSpec, color: Color, alignment: TextAnchor)
    /// - Throws: when the image cannot be read.
    func drawImage(path: String, box: Rect) throws
    /// A bookmark to `y` on the current page.
    func addOutline(_ entry: OutlineEntry)
}

extension DrawingBackend {
    /// Draws `items` in paint order.
    public func draw(_ items: [SceneItem]) throws {
        for item in items {
            switch item {
            case let .path(elements, fill, stroke):
                drawPath(elements, fill: fill, stroke: stroke)
            case let .rect(r, fill, stroke):
                drawRect(r, fill: fill, stroke: stroke)
            case let .circle(c, radius, fill, stroke):
                drawCircle(center: c, radius: radius, fill: fill, stroke: stroke)
            case let .text(s, at, font, color, anchor, baseline, angle):
                drawText(s, at: at, font: font, color: color, anchor: anchor, baseline: baseline, angle: angle)
            case let .paragraph(s, box, font, color, alignment):
                drawParagraph(s, box: box, font: font, color: color, alignment: alignment)
            case let .clip(r, inner):
                pushState(); clip(to: r)
                defer { popState() }
                try draw(inner)
            case let .group(offset, inner):
                pushState(); translate(by: offset)
                defer { popState() }
                try draw(inner)
            case let .image(path, box):
                try drawImage(path: path, box: box)
            }
        }
    }

    /// Draws a scene as one page.
    public func draw(page scene: Scene, outline: [OutlineEntry] = []) throws {
        try beginPage(size: scene.size)
        for entry in outline { addOutline(entry) }
        try draw(scene.items)
        try endPage()
    }

    /// Draws every page of a document.
    public func draw(_ document: Document) throws {
        for page in document.pages { try draw(page: page.scene, outline: page.outline) }
    }
}
