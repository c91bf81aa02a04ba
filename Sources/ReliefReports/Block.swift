import ChartScene
import ReliefAnalytics

/// One headline number of a report: "Pain before sessions  3.5  (last month 4.2)".
public struct KeyFigure: Hashable, Sendable {
    public enum Tone: Sendable, Hashable { case better, worse, neutral }
    public var label: String
    public var value: String
    public var detail: String
    public var tone: Tone
    public init(label: String, value: String, detail: String = "", tone: Tone = .neutral) {
        self.label = label; self.value = value; self.detail = detail; self.tone = tone
    }
}

/// A table: a header row and body rows of text; numbers right-aligned per column.
public struct Table: Hashable, Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Column alignment; `.end` for numbers.
    public var alignments: [TextAnchor]
    /// Relative column widths (normalised by the layout); nil = by content.
    public var weights: [Double]?
    /// What each row is about, where a screen can link it (the web app's drill-down: a group
    /// `therapist=T02`, a client `client=C-0042`); empty, or one per row (nil: no link). Paper ignores it.
    public var rowLinks: [RowLink?] = []
    public init(header: [String], rows: [[String]], alignments: [TextAnchor]? = nil, weights: [Double]? = nil,
                rowLinks: [RowLink?] = []) {
        self.header = header; self.rows = rows
        self.alignments = alignments ?? Array(repeating: .start, count: header.count)
        self.weights = weights
        self.rowLinks = rowLinks
    }
}

/// What a table row is about, for a screen that links it.
public enum RowLink: Hashable, Sendable {
    /// The clients behind one group of the clinic's outcomes.
    case group(GroupDimension, key: String)
    case client(id: String)
}

/// What a report page is made of, in reading order. The composer flows blocks onto pages.
public enum Block: Sendable {
    /// A section heading; level 0 opens a PDF outline entry.
    case heading(String, level: Int = 0)
    case paragraph(String)
    /// Small grey text: captions, data cut-off, method notes.
    case note(String)
    case keyFigures([KeyFigure])
    case table(Table)
    /// A chart scene, drawn at its own size, centred.
    case chart(Scene)
    /// Two charts side by side (each at most half the width).
    case chartPair(Scene, Scene)
    case spacer(Double)
    /// Start a new page here.
    case pageBreak
}
