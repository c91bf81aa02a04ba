/// A `DrawingBackend` that draws nothing and logs each call as a line of text
/// (numbers rounded to 0.1), for tests of the walk from scene to backend calls.
public final class RecordingBackend: DrawingBackend {
    public private(set) var log: [String] = []
    private let dumper = SceneDumper(precision: 0.1)
    /// Current state depth; 0 outside any push.
    public private(set) var depth = 0
    /// Set when `drawImage` should fail (tests of error paths).
    public var failingImagePaths: Set<String> = []

    public init() {}

    public func beginPage(size: Size) throws { log.append("beginPage \(dumper.n(size.width))×\(dumper.n(size.height))") }
    public func endPage() throws { log.append("endPage") }
    public func pushState() { depth += 1; log.append("push") }
    public func popState() { depth -= 1; log.append("pop") }
    public func translate(by offset: Point) { log.append("translate \(dumper.p(offset))") }
    public func clip(to rect: Rect) { log.append("clip \(dumper.r(rect))") }
    public func drawPath(_ elements: [PathElement], fill: Color?, stroke: Stroke?) {
        var out = ""
        dumper.dump([.path(elements, fill: fill, stroke: stroke)], indent: "", into: &out)
        log.append(String(out.dropLast()))
    }
    public func drawRect(_ rect: Rect, fill: Color?, stroke: Stroke?) {
        log.append("rect \(dumper.r(rect))\(dumper.paint(fill, stroke))")
    }
    public func drawCircle(center: Point, radius: Double, fill: Color?, stroke: Stroke?) {
        log.append("circle \(dumper.p(center)) r\(dumper.n(radius))\(dumper.paint(fill, stroke))")
    }
    public func drawText(_ text: String, at: Point, font: FontSpec, color: Color, anchor: TextAnchor,
                         baseline: TextBaseline, angle: Double) {
        log.append("text \"\(text)\" at \(dumper.p(at)) \(dumper.font(font)) \(anchor.rawValue)/\(baseline.rawValue)"
                   + (angle != 0 ? " rot\(dumper.n(angle))" : ""))
    }
    public func drawParagraph(_ text: String, box: Rect, font: FontSpec, color: Color, alignment: TextAnchor) {
        log.append("paragraph \"\(text)\" in \(dumper.r(box)) \(dumper.font(font)) \(alignment.rawValue)")
    }
    public func drawImage(path: String, box: Rect) throws {
        if failingImagePaths.contains(path) { throw RecordingBackendError.imageUnreadable(path: path) }
        log.append("image \(path) in \(dumper.r(box))")
    }
    public func addOutline(_ entry: OutlineEntry) {
        log.append("outline \"\(entry.title)\" level \(entry.level) y \(dumper.n(entry.y))")
    }
}

public enum RecordingBackendError: Error, Equatable {
    case imageUnreadable(path: String)
}
