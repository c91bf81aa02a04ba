/// A chart kind: data and options that build into a `Scene`.
///
/// Building is pure: the same spec, size, theme and measurer give the same scene.
/// Text sizes come from `measuring` (Pango in ChartCairo, `FixedWidthTextMeasurer`
/// in tests), so labels are laid out exactly as they will be drawn.
public protocol ChartSpec: Hashable, Sendable, Codable {
    func build(size: Size, theme: Theme, measuring: some TextMeasuring) -> Scene
}

/// Any chart kind, as one value a report block can hold.
public enum Chart: ChartSpec {
    case sessionPain(SessionPainChart)
    case scoreLines(ScoreLinesChart)
    case reliefDuration(ReliefDurationChart)
    case bar(BarChart)
    case scatter(ScatterChart)
    case attendance(AttendanceStrip)
    case sparkline(Sparkline)

    public func build(size: Size, theme: Theme = .standard, measuring: some TextMeasuring) -> Scene {
        switch self {
        case .sessionPain(let c): return c.build(size: size, theme: theme, measuring: measuring)
        case .scoreLines(let c): return c.build(size: size, theme: theme, measuring: measuring)
        case .reliefDuration(let c): return c.build(size: size, theme: theme, measuring: measuring)
        case .bar(let c): return c.build(size: size, theme: theme, measuring: measuring)
        case .scatter(let c): return c.build(size: size, theme: theme, measuring: measuring)
        case .attendance(let c): return c.build(size: size, theme: theme, measuring: measuring)
        case .sparkline(let c): return c.build(size: size, theme: theme, measuring: measuring)
        }
    }
}

/// A value on a given day (day ordinal: days since 1970-01-01).
public struct DayValue: Hashable, Sendable, Codable {
    public var day: Int
    public var value: Double
    public init(day: Int, value: Double) { self.day = day; self.value = value }
}

/// A straight line y = intercept + slope × (x − origin), e.g. a Theil–Sen trend.
public struct FittedLine: Hashable, Sendable, Codable {
    public var slope: Double
    public var intercept: Double
    /// The x at which `intercept` is the line's value (0 unless the fit was centred).
    public var origin: Double
    public init(slope: Double, intercept: Double, origin: Double = 0) {
        self.slope = slope; self.intercept = intercept; self.origin = origin
    }
    public func value(at x: Double) -> Double { intercept + slope * (x - origin) }
}

extension ChartFrame {
    /// A centred note in an empty plot ("No sessions yet").
    func emptyNote(_ text: String, in plot: Rect) -> LabelRequest {
        LabelRequest(text: text, font: theme.axisTitleFont, color: theme.mutedText,
                     candidates: [LabelPlacer.Candidate(Point(plot.midX, plot.midY), .middle, .middle),
                                  LabelPlacer.Candidate(Point(plot.midX, plot.minY + 4), .middle, .top)],
                     avoidData: false, halo: true)
    }

    /// Candidates for labelling a horizontal line at `y` across `plot`: right end
    /// above/below, left end above/below, middle above/below.
    func lineLabelCandidates(y: Double, plot: Rect) -> [LabelPlacer.Candidate] {
        let inset = 3.0
        return [
            .init(Point(plot.maxX - inset, y - 1.5), .end, .bottom), .init(Point(plot.maxX - inset, y + 1.5), .end, .top),
            .init(Point(plot.minX + inset, y - 1.5), .start, .bottom), .init(Point(plot.minX + inset, y + 1.5), .start, .top),
            .init(Point(plot.midX, y - 1.5), .middle, .bottom), .init(Point(plot.midX, y + 1.5), .middle, .top),
        ]
    }
}

/// Finite values only, clamped to `lo…hi` (scores drawn on a fixed axis).
func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { min(max(v, lo), hi) }
