/// Geometry and drawing primitives in PDF points (1/72 inch), origin top-left, y down.
///
/// A `Scene` is what a chart spec builds into: plain values a backend draws without
/// knowing what a chart is. ChartCairo is the only backend that touches pixels.

public struct Point: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

public struct Size: Hashable, Sendable, Codable {
    public var width: Double
    public var height: Double
    public init(_ width: Double, _ height: Double) { self.width = width; self.height = height }

    /// ISO A4 portrait, 595.28 × 841.89 pt.
    public static let a4 = Size(595.28, 841.89)
    /// US Letter portrait, 612 × 792 pt.
    public static let letter = Size(612, 792)
}

public struct Rect: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    public func intersects(_ o: Rect) -> Bool {
        minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY
    }
    public func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }
}

/// sRGB colour with alpha, components 0…1.
public struct Color: Hashable, Sendable, Codable {
    public var r: Double
    public var g: Double
    public var b: Double
    public var a: Double
    public init(r: Double, g: Double, b: Double, a: Double = 1) { self.r = r; self.g = g; self.b = b; self.a = a }
    /// From `0xRRGGBB`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(r: Double((hex >> 16) & 0xff) / 255, g: Double((hex >> 8) & 0xff) / 255,
                  b: Double(hex & 0xff) / 255, a: alpha)
    }
    public func withAlpha(_ a: Double) -> Color { Color(r: r, g: g, b: b, a: a) }
    /// `#rrggbb` (alpha left out), for CSS and SVG.
    public var css: String {
        func hex(_ v: Double) -> String {
            let n = Int((min(1, max(0, v)) * 255).rounded())
            return (n < 16 ? "0" : "") + String(n, radix: 16)
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }
    public static let black = Color(r: 0, g: 0, b: 0)
    public static let white = Color(r: 1, g: 1, b: 1)
}

public enum FontWeight: String, Hashable, Sendable, Codable { case regular, bold }
public enum FontStyle: String, Hashable, Sendable, Codable { case normal, italic }

/// A font request. `family` is a comma-separated list of explicit family names
/// (Theme.fontFamily), so output never depends on fc-match's default.
public struct FontSpec: Hashable, Sendable, Codable {
    public var family: String
    public var size: Double
    public var weight: FontWeight
    public var style: FontStyle
    public init(family: String, size: Double, weight: FontWeight = .regular, style: FontStyle = .normal) {
        self.family = family; self.size = size; self.weight = weight; self.style = style
    }
}

/// Measured extent of a laid-out text, in points.
public struct TextExtent: Hashable, Sendable, Codable {
    public var width: Double
    public var height: Double
    /// Distance from the top of the box to the first line's baseline.
    public var baseline: Double
    public init(width: Double, height: Double, baseline: Double) {
        self.width = width; self.height = height; self.baseline = baseline
    }
}

/// Measures text for layout: Pango in ChartCairo, a deterministic fake in tests.
///
/// `wrapWidth` nil means one line per paragraph; otherwise lines wrap at word
/// boundaries to fit that width, exactly as the backend will draw them.
public protocol TextMeasuring: Sendable {
    func measure(_ text: String, font: FontSpec, wrapWidth: Double?) -> TextExtent
}

extension TextMeasuring {
    public func measure(_ text: String, font: FontSpec) -> TextExtent { measure(text, font: font, wrapWidth: nil) }
}

/// A deterministic `TextMeasuring` for tests: each character is `0.55 × size` wide
/// (CJK and other wide scripts 1 × size), lines are `1.2 × size` tall.
public struct FixedWidthTextMeasurer: TextMeasuring {
    public init() {}
    public func measure(_ text: String, font: FontSpec, wrapWidth: Double?) -> TextExtent {
        func width(_ s: Substring) -> Double {
            s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 1.0 : 0.55) * font.size }
        }
        var lines = 0
        var maxWidth = 0.0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let wrap = wrapWidth else {
                lines += 1; maxWidth = max(maxWidth, width(paragraph)); continue
            }
            var current = 0.0
            lines += 1
            for word in paragraph.split(separator: " ") {
                let w = width(word)
                let space = current == 0 ? 0 : 0.55 * font.size * 0.5
                if current > 0 && current + space + w > wrap {
                    maxWidth = max(maxWidth, current); lines += 1; current = w
                } else { current += space + w }
            }
            maxWidth = max(maxWidth, current)
        }
        return TextExtent(width: maxWidth, height: Double(lines) * 1.2 * font.size, baseline: 0.95 * font.size)
    }
}

public enum TextAnchor: String, Hashable, Sendable, Codable { case start, middle, end }
public enum TextBaseline: String, Hashable, Sendable, Codable { case top, middle, alphabetic, bottom }
public enum LineCap: String, Hashable, Sendable, Codable { case butt, round, square }

public struct Stroke: Hashable, Sendable, Codable {
    public var color: Color
    public var width: Double
    public var dash: [Double]
    public var cap: LineCap
    public init(color: Color, width: Double = 1, dash: [Double] = [], cap: LineCap = .butt) {
        self.color = color; self.width = width; self.dash = dash; self.cap = cap
    }
}

public enum PathElement: Hashable, Sendable, Codable {
    case move(Point)
    case line(Point)
    case curve(Point, Point, Point)
    case close
}

/// One drawable primitive. Text carries its font and anchor; the backend shapes it
/// (bidi, Arabic joining, CJK) and places it so that the anchor point is honoured.
public indirect enum SceneItem: Hashable, Sendable, Codable {
    case path([PathElement], fill: Color?, stroke: Stroke?)
    case rect(Rect, fill: Color?, stroke: Stroke?)
    case circle(center: Point, radius: Double, fill: Color?, stroke: Stroke?)
    /// A single-line label anchored at `at`; rotated `angle` degrees clockwise about `at`.
    case text(String, at: Point, font: FontSpec, color: Color, anchor: TextAnchor, baseline: TextBaseline, angle: Double)
    /// A wrapped paragraph inside `box` (top-left origin), width-limited.
    case paragraph(String, box: Rect, font: FontSpec, color: Color, alignment: TextAnchor)
    /// Items clipped to a rectangle.
    case clip(Rect, [SceneItem])
    /// Items translated by an offset (a chart placed on a page).
    case group(offset: Point, [SceneItem])
    /// A raster image from a PNG file (thumbnails, logos), scaled into `box`.
    case image(path: String, box: Rect)
}

/// A chart or a page's worth of drawing: a size in points and items in paint order.
public struct Scene: Hashable, Sendable, Codable {
    public var size: Size
    public var items: [SceneItem]
    /// Accessible description of what the scene shows (used as alt text and PDF subject).
    public var title: String
    /// Areas a screen may make clickable (a bar and the group it stands for); paper ignores them.
    public var links: [SceneLink]
    public init(size: Size, items: [SceneItem] = [], title: String = "", links: [SceneLink] = []) {
        self.size = size; self.items = items; self.title = title; self.links = links
    }

    enum CodingKeys: String, CodingKey { case size, items, title, links }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decode(Size.self, forKey: .size)
        items = try c.decode([SceneItem].self, forKey: .items)
        title = try c.decode(String.self, forKey: .title)
        links = try c.decodeIfPresent([SceneLink].self, forKey: .links) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
        try c.encode(items, forKey: .items)
        try c.encode(title, forKey: .title)
        if !links.isEmpty { try c.encode(links, forKey: .links) }
    }
}

/// A rectangle of a scene (in its points) that stands for something a screen can open: a bar's
/// row and the key of its group (`BarChart.Group.link`).
public struct SceneLink: Hashable, Sendable, Codable {
    public var rect: Rect
    public var target: String
    /// What the area is, for a screen reader and a tooltip.
    public var label: String
    public init(rect: Rect, target: String, label: String) { self.rect = rect; self.target = target; self.label = label }
}

/// Metadata written into a PDF's info dictionary.
public struct DocumentMetadata: Hashable, Sendable, Codable {
    public var title: String
    public var author: String
    public var subject: String
    public var creator: String
    /// Pinned creation date, `YYYY-MM-DD`, so output is reproducible.
    public var creationDate: String
    public init(title: String, author: String = "", subject: String = "", creator: String = "Relief",
                creationDate: String) {
        self.title = title; self.author = author; self.subject = subject; self.creator = creator
        self.creationDate = creationDate
    }
}

/// A bookmark in the PDF outline pointing at a page (and a y position on it).
public struct OutlineEntry: Hashable, Sendable, Codable {
    public var title: String
    public var level: Int
    public var y: Double
    public init(title: String, level: Int = 0, y: Double = 0) { self.title = title; self.level = level; self.y = y }
}

/// One page of a document: a scene plus outline entries that point into it.
public struct Page: Hashable, Sendable, Codable {
    public var scene: Scene
    public var outline: [OutlineEntry]
    public init(scene: Scene, outline: [OutlineEntry] = []) { self.scene = scene; self.outline = outline }
}

/// A multi-page document, rendered to PDF by a backend.
public struct Document: Hashable, Sendable, Codable {
    public var pages: [Page]
    public var metadata: DocumentMetadata
    public init(pages: [Page], metadata: DocumentMetadata) { self.pages = pages; self.metadata = metadata }
}
