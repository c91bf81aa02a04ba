/// Greedy label placement: each label takes the first of its candidate positions
/// that stays inside `bounds` and clear of every label placed before it, preferring
/// positions that also keep clear of the data. A label with no free position is
/// left out rather than drawn over another.
///
/// - Complexity: O(labels × candidates × (labels + obstacles)).
public struct LabelPlacer {
    public var bounds: Rect
    public var data: Obstacles
    /// Boxes already taken (other labels, a legend), inflated by `padding` when tested.
    public private(set) var taken: [Rect]
    public var padding: Double
    let measuring: any TextMeasuring

    public init(bounds: Rect, data: Obstacles = Obstacles(), taken: [Rect] = [], padding: Double = 1.5,
                measuring: some TextMeasuring) {
        self.bounds = bounds; self.data = data; self.taken = taken; self.padding = padding
        self.measuring = measuring
    }

    /// One place a label may go: the anchor point and how the text hangs off it.
    public struct Candidate: Hashable, Sendable {
        public var at: Point
        public var anchor: TextAnchor
        public var baseline: TextBaseline
        public init(_ at: Point, _ anchor: TextAnchor, _ baseline: TextBaseline) {
            self.at = at; self.anchor = anchor; self.baseline = baseline
        }
    }

    /// Eight positions around a point, `distance` away: right, above-right, left,
    /// above, below, …, in that order of preference.
    public static func around(_ p: Point, distance d: Double) -> [Candidate] {
        [Candidate(Point(p.x + d, p.y), .start, .middle),
         Candidate(Point(p.x + d * 0.7, p.y - d * 0.7), .start, .bottom),
         Candidate(Point(p.x - d, p.y), .end, .middle),
         Candidate(Point(p.x, p.y - d), .middle, .bottom),
         Candidate(Point(p.x, p.y + d), .middle, .top),
         Candidate(Point(p.x + d * 0.7, p.y + d * 0.7), .start, .top),
         Candidate(Point(p.x - d * 0.7, p.y - d * 0.7), .end, .bottom),
         Candidate(Point(p.x - d * 0.7, p.y + d * 0.7), .end, .top)]
    }

    /// Marks a box as taken (a legend, a fixed label).
    public mutating func reserve(_ box: Rect) { taken.append(box) }

    /// Places `text` at the first free candidate; returns the text item, or nil
    /// when every candidate collides with a label or leaves `bounds`.
    public mutating func place(_ text: String, font: FontSpec, color: Color,
                               candidates: [Candidate], avoidData: Bool = true) -> SceneItem? {
        let extent = measuring.measure(text, font: font)
        var fallback: (Candidate, Rect)?
        for c in candidates {
            let box = TextGeometry.box(extent: extent, at: c.at, anchor: c.anchor, baseline: c.baseline, angle: 0)
            guard box.minX >= bounds.minX, box.maxX <= bounds.maxX,
                  box.minY >= bounds.minY, box.maxY <= bounds.maxY else { continue }
            let padded = box.insetBy(dx: -padding, dy: -padding)
            if taken.contains(where: { $0.intersects(padded) }) { continue }
            if avoidData && data.intersects(box) {
                if fallback == nil { fallback = (c, box) }
                continue
            }
            taken.append(box)
            return .text(text, at: c.at, font: font, color: color, anchor: c.anchor, baseline: c.baseline, angle: 0)
        }
        if let (c, box) = fallback {
            taken.append(box)
            return .text(text, at: c.at, font: font, color: color, anchor: c.anchor, baseline: c.baseline, angle: 0)
        }
        return nil
    }
}
