import ChartScene

/// Typography, colours and page geometry of every Relief report: one place to change them.
public struct ReportStyle: Sendable {
    /// Explicit families so output never depends on fc-match: DejaVu Sans covers Latin,
    /// Greek, Cyrillic and Arabic; WenQuanYi Micro Hei covers CJK.
    public var fontFamily = "DejaVu Sans, WenQuanYi Micro Hei"
    public var pageSize = Size.a4
    public var margin = 42.0
    public var bodySize = 10.0
    public var smallSize = 8.0
    public var titleSize = 20.0
    public var headingSize = 13.0
    public var lineGap = 6.0
    public var text = Color(hex: 0x1F2328)
    public var muted = Color(hex: 0x5F6B76)
    public var accent = Color(hex: 0x0072B2)
    public var rule = Color(hex: 0xC9D1D9)
    public var better = Color(hex: 0x009E73)
    public var worse = Color(hex: 0xD55E00)
    public var panel = Color(hex: 0xF3F5F7)

    public init() {}

    public var body: FontSpec { FontSpec(family: fontFamily, size: bodySize) }
    public var bodyBold: FontSpec { FontSpec(family: fontFamily, size: bodySize, weight: .bold) }
    public var small: FontSpec { FontSpec(family: fontFamily, size: smallSize) }
    public var smallBold: FontSpec { FontSpec(family: fontFamily, size: smallSize, weight: .bold) }
    public var title: FontSpec { FontSpec(family: fontFamily, size: titleSize, weight: .bold) }
    public var heading: FontSpec { FontSpec(family: fontFamily, size: headingSize, weight: .bold) }
    public var figure: FontSpec { FontSpec(family: fontFamily, size: 16, weight: .bold) }

    /// Width available for content between the margins.
    public var contentWidth: Double { pageSize.width - 2 * margin }
}
