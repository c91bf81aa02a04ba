/// A point marker's shape. Series cycle through shapes so they stay apart in greyscale.
public enum MarkerShape: String, Hashable, Sendable, Codable, CaseIterable {
    case circle, square, triangle, diamond, cross, invertedTriangle

    /// The marker centred on `center`, `size` points across (about the same ink for every shape).
    ///
    /// `fill` nil draws an outline only (a hollow marker); `cross` is always stroked.
    public func item(at center: Point, size: Double, fill: Color?, stroke: Stroke?) -> SceneItem {
        let r = size / 2
        let x = center.x, y = center.y
        switch self {
        case .circle:
            return .circle(center: center, radius: r, fill: fill, stroke: stroke)
        case .square:
            let s = r * 0.89
            return .rect(Rect(x: x - s, y: y - s, width: 2 * s, height: 2 * s), fill: fill, stroke: stroke)
        case .triangle, .invertedTriangle:
            let s = r * 1.25
            let d: Double = self == .triangle ? 1 : -1
            return .path([.move(Point(x, y - d * s)), .line(Point(x + s * 0.866, y + d * s * 0.5)),
                          .line(Point(x - s * 0.866, y + d * s * 0.5)), .close], fill: fill, stroke: stroke)
        case .diamond:
            let s = r * 1.2
            return .path([.move(Point(x, y - s)), .line(Point(x + s, y)), .line(Point(x, y + s)),
                          .line(Point(x - s, y)), .close], fill: fill, stroke: stroke)
        case .cross:
            let s = r * 0.9
            let colour = fill ?? stroke?.color ?? .black
            return .path([.move(Point(x - s, y - s)), .line(Point(x + s, y + s)),
                          .move(Point(x - s, y + s)), .line(Point(x + s, y - s))],
                         fill: nil, stroke: Stroke(color: colour, width: max(1, size * 0.28), cap: .round))
        }
    }
}
