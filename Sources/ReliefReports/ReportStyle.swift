import ChartScene

/// Typography, colours and page geometry of every Relief report: one place to change them.
///
/// The charts' `Theme` is part of it: the font families and the accent, better and worse
/// colours are the theme's (Okabe–Ito), so a report and its charts never disagree; the
/// report adds its own text, rule and panel greys. The index page's CSS is made from these
/// values too.
public struct ReportStyle: Sendable {
    /// The charts' theme; its font families are the report's.
    public var theme: Theme
    public var pageSize = Size.a4
    public var margin = 42.0
    public var bodySize = 10.0
    public var smallSize = 8.0
    public var titleSize = 20.0
    public var headingSize = 13.0
    public var lineGap = 6.0
    public var text = Color(hex: 0x1F2328)
    public var muted = Color(hex: 0x5F6B76)
    public var rule = Color(hex: 0xC9D1D9)
    public var panel = Color(hex: 0xF3F5F7)

    public init(theme: Theme = .standard) { self.theme = theme }

    /// Explicit families so output never depends on fc-match (the theme's).
    public var fontFamily: String { theme.fontFamily }
    /// Links, rules and highlights: the theme's first series colour (Okabe–Ito blue).
    public var accent: Color { theme.palette.first ?? theme.text }
    /// Better and worse: Okabe–Ito bluish green and vermillion.
    public var better: Color { Theme.okabeIto[2] }
    public var worse: Color { Theme.okabeIto[3] }

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
