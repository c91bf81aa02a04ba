import ReliefCalendar
@testable import ChartScene

/// Helpers that look inside a built scene.
extension Scene {
    /// Every item, nested ones included, in paint order.
    var flatItems: [SceneItem] {
        var out: [SceneItem] = []
        func walk(_ items: [SceneItem]) {
            for item in items {
                out.append(item)
                switch item {
                case let .clip(_, inner), let .group(_, inner): walk(inner)
                default: break
                }
            }
        }
        walk(items)
        return out
    }

    var texts: [String] {
        flatItems.compactMap {
            switch $0 {
            case let .text(s, _, _, _, _, _, _), let .paragraph(s, _, _, _, _): return s
            default: return nil
            }
        }
    }

    /// Items drawn inside the (first) clip: the data layer of a cartesian chart.
    var dataLayer: [SceneItem] {
        for item in flatItems { if case let .clip(_, inner) = item { return inner } }
        return []
    }

    func count(fill color: Color) -> Int {
        dataLayer.filter {
            switch $0 {
            case let .circle(_, _, fill, _), let .rect(_, fill, _), let .path(_, fill, _): return fill == color
            default: return false
            }
        }.count
    }
}

let measurer = FixedWidthTextMeasurer()
let day0 = Day.ordinal(year: 2025, month: 1, day: 6)
