/// Where data is drawn, as rectangles and line segments, so legends and labels can
/// avoid it.
public struct Obstacles: Sendable {
    public private(set) var rects: [Rect] = []
    public private(set) var segments: [(Point, Point)] = []

    public init() {}

    public mutating func add(_ rect: Rect) { rects.append(rect) }
    public mutating func add(point p: Point, radius: Double) {
        rects.append(Rect(x: p.x - radius, y: p.y - radius, width: 2 * radius, height: 2 * radius))
    }
    public mutating func add(segment a: Point, _ b: Point) { segments.append((a, b)) }
    public mutating func add(polyline points: [Point]) {
        for (a, b) in zip(points, points.dropFirst()) { segments.append((a, b)) }
        if points.count == 1 { add(point: points[0], radius: 1) }
    }
    public mutating func add(_ other: Obstacles) {
        rects += other.rects; segments += other.segments
    }

    public func intersects(_ r: Rect) -> Bool {
        for o in rects where o.intersects(r) { return true }
        for (a, b) in segments where Obstacles.segment(a, b, intersects: r) { return true }
        return false
    }

    /// Liang–Barsky: does the segment a–b pass through `r`?
    public static func segment(_ a: Point, _ b: Point, intersects r: Rect) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - r.minX), (dx, r.maxX - a.x), (-dy, a.y - r.minY), (dy, r.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { if t > t1 { return false }; if t > t0 { t0 = t } }
                else { if t < t0 { return false }; if t < t1 { t1 = t } }
            }
        }
        return t0 <= t1
    }
}
