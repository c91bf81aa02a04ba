import Foundation

/// A piece of text and the box it occupies on the page, as a `TextMeasuring` sees it.
public struct PlacedText: Hashable, Sendable {
    public var text: String
    public var box: Rect
    public init(text: String, box: Rect) { self.text = text; self.box = box }
}

extension TextMeasuring {
    /// The box a `.text` item occupies: `anchor` and `baseline` say which point of
    /// the (unrotated) box sits at `at`; a rotation turns the box about `at` and the
    /// result is the rotated box's axis-aligned bounds.
    ///
    /// Anchors are visual: `.start` is the left edge, whatever the script's direction.
    public func box(of text: String, at: Point, font: FontSpec, anchor: TextAnchor,
                    baseline: TextBaseline, angle: Double = 0) -> Rect {
        let e = measure(text, font: font)
        return TextGeometry.box(extent: e, at: at, anchor: anchor, baseline: baseline, angle: angle)
    }
}

/// Geometry shared by layout and backends, so both put text in the same place.
public enum TextGeometry {
    /// Offset from the anchor point to the top-left of the unrotated text box.
    public static func origin(extent e: TextExtent, anchor: TextAnchor, baseline: TextBaseline) -> Point {
        let dx: Double
        switch anchor {
        case .start: dx = 0
        case .middle: dx = -e.width / 2
        case .end: dx = -e.width
        }
        let dy: Double
        switch baseline {
        case .top: dy = 0
        case .middle: dy = -e.height / 2
        case .alphabetic: dy = -e.baseline
        case .bottom: dy = -e.height
        }
        return Point(dx, dy)
    }

    public static func box(extent e: TextExtent, at: Point, anchor: TextAnchor, baseline: TextBaseline,
                           angle: Double) -> Rect {
        let o = origin(extent: e, anchor: anchor, baseline: baseline)
        if angle == 0 {
            return Rect(x: at.x + o.x, y: at.y + o.y, width: e.width, height: e.height)
        }
        let t = angle * .pi / 180
        let c = cos(t), s = sin(t)
        let corners = [Point(o.x, o.y), Point(o.x + e.width, o.y), Point(o.x, o.y + e.height),
                       Point(o.x + e.width, o.y + e.height)]
        let xs = corners.map { at.x + $0.x * c - $0.y * s }
        let ys = corners.map { at.y + $0.x * s + $0.y * c }
        let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
        return Rect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    /// The box a wrapped paragraph occupies inside `box` (its measured height, and
    /// its measured width placed by `alignment`).
    public static func paragraphBox(extent e: TextExtent, box: Rect, alignment: TextAnchor) -> Rect {
        let w = min(e.width, box.width)
        let x: Double
        switch alignment {
        case .start: x = box.minX
        case .middle: x = box.midX - w / 2
        case .end: x = box.maxX - w
        }
        return Rect(x: x, y: box.minY, width: w, height: e.height)
    }
}

extension Scene {
    /// Every text and paragraph item with the box it occupies, group offsets applied.
    ///
    /// Used to check that labels do not overlap (`overlappingText`) and by tests.
    public func placedText(measuring: some TextMeasuring) -> [PlacedText] {
        var result: [PlacedText] = []
        func walk(_ items: [SceneItem], _ offset: Point) {
            for item in items {
                switch item {
                case let .text(s, at, font, _, anchor, baseline, angle):
                    guard !s.isEmpty else { continue }
                    var r = measuring.box(of: s, at: at, font: font, anchor: anchor, baseline: baseline, angle: angle)
                    r.x += offset.x; r.y += offset.y
                    result.append(PlacedText(text: s, box: r))
                case let .paragraph(s, box, font, _, alignment):
                    guard !s.isEmpty else { continue }
                    let e = measuring.measure(s, font: font, wrapWidth: box.width)
                    var r = TextGeometry.paragraphBox(extent: e, box: box, alignment: alignment)
                    r.x += offset.x; r.y += offset.y
                    result.append(PlacedText(text: s, box: r))
                case let .clip(_, inner):
                    walk(inner, offset)
                case let .group(o, inner):
                    walk(inner, Point(offset.x + o.x, offset.y + o.y))
                default:
                    continue
                }
            }
        }
        walk(items, Point(0, 0))
        return result
    }

    /// Pairs of text boxes that intersect (after shrinking each by `tolerance` on
    /// every side), and boxes that stick out of the scene. Empty for a good layout.
    public func overlappingText(measuring: some TextMeasuring, tolerance: Double = 0.25) -> [String] {
        let boxes = placedText(measuring: measuring)
        var problems: [String] = []
        let page = Rect(x: 0, y: 0, width: size.width, height: size.height).insetBy(dx: -tolerance, dy: -tolerance)
        for (i, a) in boxes.enumerated() {
            let ra = a.box.insetBy(dx: tolerance, dy: tolerance)
            if a.box.minX < page.minX || a.box.minY < page.minY || a.box.maxX > page.maxX || a.box.maxY > page.maxY {
                problems.append("\"\(a.text)\" sticks out of the \(Int(size.width))×\(Int(size.height)) scene")
            }
            for b in boxes[(i + 1)...] where ra.intersects(b.box.insetBy(dx: tolerance, dy: tolerance)) {
                problems.append("\"\(a.text)\" overlaps \"\(b.text)\"")
            }
        }
        return problems
    }
}
