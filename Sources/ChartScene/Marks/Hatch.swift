/// Diagonal hatching: how a mark says "too few to compare" without relying on colour.
public enum Hatch {
    /// 45° lines `spacing` apart covering `rect`, clipped to it.
    public static func items(in rect: Rect, spacing: Double = 3.5, stroke: Stroke) -> SceneItem {
        guard rect.width > 0, rect.height > 0, spacing > 0 else { return .group(offset: Point(0, 0), []) }
        var path: [PathElement] = []
        // Lines x - y = c for c across [minX - maxY, maxX - minY] go bottom-left to top-right.
        var c = rect.minX - rect.maxY
        let end = rect.maxX - rect.minY
        // Align to a grid in page space so neighbouring bars' hatching lines up.
        c = (c / spacing).rounded(.down) * spacing
        while c <= end {
            path.append(.move(Point(rect.minX, rect.minX - c)))
            path.append(.line(Point(rect.minX + rect.height + rect.width, rect.minX - c + rect.height + rect.width)))
            c += spacing
        }
        return .clip(rect, [.path(path, fill: nil, stroke: stroke)])
    }
}
