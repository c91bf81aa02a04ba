/// Everything a chart's look depends on, in one place: fonts, sizes (points), colours.
///
/// The palette is Okabe–Ito, which stays distinguishable for the common forms of
/// colour blindness. Series also differ in lightness (the palette order below
/// alternates dark and light), marker shape and dash pattern, so a chart printed in
/// greyscale still tells its series apart.
///
/// ```swift
/// var theme = Theme.standard
/// theme.fontFamily = "DejaVu Sans, WenQuanYi Micro Hei"
/// let scene = chart.build(size: Size(480, 280), theme: theme, measuring: measurer)
/// ```
public struct Theme: Hashable, Sendable, Codable {
    /// Comma-separated explicit family list: DejaVu Sans covers Latin, Greek, Cyrillic
    /// and Arabic; WenQuanYi Micro Hei covers CJK.
    public var fontFamily: String

    public var titleSize: Double
    public var subtitleSize: Double
    public var axisTitleSize: Double
    public var tickLabelSize: Double
    public var legendSize: Double
    public var annotationSize: Double
    public var captionSize: Double

    public var background: Color?
    public var text: Color
    public var mutedText: Color
    public var axis: Color
    public var grid: Color
    /// Series colours, in the order series take them.
    public var palette: [Color]
    /// Marker shapes, in the order series take them.
    public var markers: [MarkerShape]
    /// Dash patterns (points), in the order series take them; `[]` is solid.
    public var dashes: [[Double]]
    /// Before/after colours for the session dumbbell (pre is the lighter one).
    public var before: Color
    public var after: Color
    /// Reference lines (baseline, targets, medians).
    public var reference: Color
    /// Highlight for gaps and warnings.
    public var highlight: Color
    /// Opacity of confidence bands.
    public var bandOpacity: Double

    public var lineWidth: Double
    public var axisLineWidth: Double
    public var gridLineWidth: Double
    public var markerSize: Double
    /// Space around the whole chart.
    public var margin: Double
    /// Space between a plot's frame and the first/last data position, so marks at
    /// the domain's ends are not cut by the clip.
    public var plotPadding: Double
    public var tickLength: Double
    /// Gap between a tick and its label, between title and plot, and so on.
    public var gap: Double

    /// Abbreviated month names, January first (used by date axes and calendars).
    public var monthNames: [String]
    /// Weekday initials, Monday first.
    public var weekdayInitials: [String]

    public init(
        fontFamily: String = "DejaVu Sans, WenQuanYi Micro Hei",
        titleSize: Double = 11, subtitleSize: Double = 8.5, axisTitleSize: Double = 7.5,
        tickLabelSize: Double = 7, legendSize: Double = 7.5, annotationSize: Double = 6.5,
        captionSize: Double = 6.5,
        background: Color? = .white,
        text: Color = Color(hex: 0x1A1A1A), mutedText: Color = Color(hex: 0x5C5C5C),
        axis: Color = Color(hex: 0x4D4D4D), grid: Color = Color(hex: 0xE3E3E3),
        palette: [Color] = Theme.okabeIto,
        markers: [MarkerShape] = [.circle, .square, .triangle, .diamond, .cross, .invertedTriangle],
        dashes: [[Double]] = [[], [4, 2], [1.2, 1.8], [6, 2, 1.2, 2], [2.5, 2.5], [8, 3]],
        before: Color = Color(hex: 0xE69F00), after: Color = Color(hex: 0x0072B2),
        reference: Color = Color(hex: 0x6B6B6B), highlight: Color = Color(hex: 0xD55E00),
        bandOpacity: Double = 0.18,
        lineWidth: Double = 1.4, axisLineWidth: Double = 0.6, gridLineWidth: Double = 0.4,
        markerSize: Double = 3.8, margin: Double = 8, plotPadding: Double = 5,
        tickLength: Double = 3, gap: Double = 4,
        monthNames: [String] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        weekdayInitials: [String] = ["M", "T", "W", "T", "F", "S", "S"]
    ) {
        self.fontFamily = fontFamily
        self.titleSize = titleSize; self.subtitleSize = subtitleSize; self.axisTitleSize = axisTitleSize
        self.tickLabelSize = tickLabelSize; self.legendSize = legendSize
        self.annotationSize = annotationSize; self.captionSize = captionSize
        self.background = background; self.text = text; self.mutedText = mutedText
        self.axis = axis; self.grid = grid; self.palette = palette; self.markers = markers
        self.dashes = dashes; self.before = before; self.after = after
        self.reference = reference; self.highlight = highlight; self.bandOpacity = bandOpacity
        self.lineWidth = lineWidth; self.axisLineWidth = axisLineWidth; self.gridLineWidth = gridLineWidth
        self.markerSize = markerSize; self.margin = margin; self.plotPadding = plotPadding
        self.tickLength = tickLength; self.gap = gap
        self.monthNames = monthNames; self.weekdayInitials = weekdayInitials
    }

    /// The default theme.
    public static let standard = Theme()

    /// Okabe–Ito, ordered so neighbours differ in lightness: blue, orange, bluish
    /// green, vermillion, reddish purple, sky blue, black. (Yellow is left out: too
    /// light for lines on white.)
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0x000000),
    ]

    /// The colour, marker and dash of the `index`th series (cycling).
    public func series(_ index: Int) -> SeriesStyle {
        let i = max(0, index)
        return SeriesStyle(color: palette.isEmpty ? text : palette[i % palette.count],
                           marker: markers.isEmpty ? .circle : markers[i % markers.count],
                           dash: dashes.isEmpty ? [] : dashes[i % dashes.count])
    }

    public func font(_ size: Double, bold: Bool = false, italic: Bool = false) -> FontSpec {
        FontSpec(family: fontFamily, size: size, weight: bold ? .bold : .regular, style: italic ? .italic : .normal)
    }
    public var titleFont: FontSpec { font(titleSize, bold: true) }
    public var subtitleFont: FontSpec { font(subtitleSize) }
    public var axisTitleFont: FontSpec { font(axisTitleSize) }
    public var tickFont: FontSpec { font(tickLabelSize) }
    public var legendFont: FontSpec { font(legendSize) }
    public var annotationFont: FontSpec { font(annotationSize) }
    public var captionFont: FontSpec { font(captionSize, italic: false) }
}

/// How one series is drawn.
public struct SeriesStyle: Hashable, Sendable, Codable {
    public var color: Color
    public var marker: MarkerShape
    public var dash: [Double]
    public init(color: Color, marker: MarkerShape, dash: [Double]) {
        self.color = color; self.marker = marker; self.dash = dash
    }
}
