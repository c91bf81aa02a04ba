import Foundation

extension Scene {
    /// A stable, human-readable listing of the scene, one item a line, numbers
    /// rounded to `precision` (0.1 pt by default) — for snapshot tests that survive
    /// harmless floating-point noise.
    ///
    /// ```
    /// scene 480×280 "Pain before and after each session"
    /// rect 0,0 480×280 fill=#FFFFFF
    /// text "Pain" at 40.0,30.5 7.5pt start/top #1A1A1A
    /// clip 40.0,40.0 420.0×200.0
    ///   circle 50.0,60.0 r1.6 fill=#E69F00
    /// ```
    public func textDump(precision: Double = 0.1) -> String {
        var out = "scene \(SceneDumper.n(size.width, precision))×\(SceneDumper.n(size.height, precision))"
        if !title.isEmpty { out += " \"\(title)\"" }
        out += "\n"
        SceneDumper(precision: precision).dump(items, indent: "", into: &out)
        return out
    }
}

struct SceneDumper {
    let precision: Double

    static func n(_ v: Double, _ precision: Double) -> String {
        let decimals = max(0, Int((-log10(precision)).rounded(.up)))
        let rounded = (v / precision).rounded() * precision
        return NumberFormat.fixed(rounded == 0 ? 0 : rounded, decimals: decimals).replacingOccurrences(of: "\u{2212}", with: "-")
    }
    func n(_ v: Double) -> String { SceneDumper.n(v, precision) }
    func p(_ pt: Point) -> String { "\(n(pt.x)),\(n(pt.y))" }
    func r(_ rc: Rect) -> String { "\(n(rc.x)),\(n(rc.y)) \(n(rc.width))×\(n(rc.height))" }

    static func hex(_ c: Color) -> String {
        func b(_ v: Double) -> String {
            let i = max(0, min(255, Int((v * 255).rounded())))
            let s = String(i, radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + b(c.r) + b(c.g) + b(c.b) + (c.a < 1 ? b(c.a) : "")
    }

    func paint(_ fill: Color?, _ stroke: Stroke?) -> String {
        var s = ""
        if let fill { s += " fill=\(SceneDumper.hex(fill))" }
        if let stroke {
            s += " stroke=\(SceneDumper.hex(stroke.color))/\(n(stroke.width))"
            if !stroke.dash.isEmpty { s += " dash=" + stroke.dash.map(n).joined(separator: ",") }
            if stroke.cap != .butt { s += " cap=\(stroke.cap.rawValue)" }
        }
        return s
    }

    func font(_ f: FontSpec) -> String {
        "\(n(f.size))pt" + (f.weight == .bold ? " bold" : "") + (f.style == .italic ? " italic" : "")
    }

    func dump(_ items: [SceneItem], indent: String, into out: inout String) {
        for item in items {
            switch item {
            case let .path(elements, fill, stroke):
                let d = elements.map { e -> String in
                    switch e {
                    case .move(let a): return "M" + p(a)
                    case .line(let a): return "L" + p(a)
                    case let .curve(a, b, c): return "C" + p(a) + " " + p(b) + " " + p(c)
                    case .close: return "Z"
                    }
                }.joined(separator: " ")
                out += "\(indent)path \(d)\(paint(fill, stroke))\n"
            case let .rect(rc, fill, stroke):
                out += "\(indent)rect \(r(rc))\(paint(fill, stroke))\n"
            case let .circle(c, radius, fill, stroke):
                out += "\(indent)circle \(p(c)) r\(n(radius))\(paint(fill, stroke))\n"
            case let .text(s, at, f, color, anchor, baseline, angle):
                out += "\(indent)text \"\(s)\" at \(p(at)) \(font(f)) \(anchor.rawValue)/\(baseline.rawValue)"
                    + (angle != 0 ? " rot\(n(angle))" : "") + " \(SceneDumper.hex(color))\n"
            case let .paragraph(s, box, f, color, alignment):
                out += "\(indent)paragraph \"\(s)\" in \(r(box)) \(font(f)) \(alignment.rawValue) \(SceneDumper.hex(color))\n"
            case let .clip(rc, inner):
                out += "\(indent)clip \(r(rc))\n"
                dump(inner, indent: indent + "  ", into: &out)
            case let .group(offset, inner):
                out += "\(indent)group +\(p(offset))\n"
                dump(inner, indent: indent + "  ", into: &out)
            case let .image(path, box):
                out += "\(indent)image \(path) in \(r(box))\n"
            }
        }
    }
}
