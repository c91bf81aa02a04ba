import ChartScene
import ReliefReports
import ReliefWorkflows

/// Text made safe for HTML: every name, note and file name from the records goes through
/// `HTML.text` / `HTML.attribute`, so `<script>` prints as text (docs/serve.md, "Security").
enum HTML {
    /// Escapes `& < > " '` (and makes bidirectional overrides visible): `HTMLText`, shared with index.html.
    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    /// A query component: letters, digits and `-._~` as they are, everything else %-encoded.
    static func query(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `?a=1&b=2` from pairs, nil values left out.
    static func queryString(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { k, v in v.map { query(k) + "=" + query($0) } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

/// A report's blocks (ReliefReports) as HTML: the same headings, sentences, figures and tables
/// the PDF prints, so the page and the paper never disagree. Charts become `<img>`s whose
/// address `chartURL` gives (the n-th chart of the blocks, from 0); a table row with a
/// `RowLink` links where `rowURL` says.
struct BlocksHTML {
    var chartURL: (Int) -> String
    var rowURL: (RowLink) -> String?
    /// Where a chart's linked area goes (`SceneLink.target`, such as `therapist=T02`); nil: no link.
    var linkURL: (String) -> String? = { _ in nil }

    func render(_ blocks: [Block], skipFirstHeading: Bool = false) -> String {
        var out = ""
        var chart = 0
        var skipped = !skipFirstHeading
        func image(_ scene: Scene) -> String {
            defer { chart += 1 }
            // Shown at 1.5× its size in points (the PNG has 2 pixels a point), never wider than the page.
            let w = Int((scene.size.width * 1.5).rounded()), h = Int((scene.size.height * 1.5).rounded())
            let src = HTML.escape(chartURL(chart))
            let links = scene.links.compactMap { l in linkURL(l.target).map { (l, $0) } }
            guard !links.isEmpty else {
                return "<img class=\"chart\" src=\"\(src)\" width=\"\(w)\" height=\"\(h)\" alt=\"\(HTML.escape(scene.title))\">"
            }
            // A chart whose bars open something: the picture inside an SVG of the scene's own
            // size, each bar's band a link over it, so the areas scale with the picture.
            let sw = HTMLNumber.text(scene.size.width), sh = HTMLNumber.text(scene.size.height)
            var svg = "<svg class=\"chart\" viewBox=\"0 0 \(sw) \(sh)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-label=\"\(HTML.escape(scene.title))\">"
                + "<image href=\"\(src)\" width=\"\(sw)\" height=\"\(sh)\"/>"
            for (l, url) in links {
                svg += "<a href=\"\(HTML.escape(url))\"><rect x=\"\(HTMLNumber.text(l.rect.x))\" y=\"\(HTMLNumber.text(l.rect.y))\" "
                    + "width=\"\(HTMLNumber.text(l.rect.width))\" height=\"\(HTMLNumber.text(l.rect.height))\">"
                    + "<title>\(HTML.escape(l.label))</title></rect></a>"
            }
            return svg + "</svg>"
        }
        for block in blocks {
            switch block {
            case let .heading(text, level):
                if !skipped && level == 0 { skipped = true; continue }
                let tag = level == 0 ? "h2" : "h3"
                out += "<\(tag)>\(HTML.escape(text))</\(tag)>\n"
            case let .paragraph(text):
                out += "<p>\(HTML.escape(text))</p>\n"
            case let .note(text):
                out += "<p class=\"note\">\(HTML.escape(text))</p>\n"
            case let .keyFigures(figures):
                out += "<dl class=\"figures\">"
                for f in figures {
                    let tone = f.tone == .better ? " better" : f.tone == .worse ? " worse" : ""
                    out += "<div class=\"figure\(tone)\"><dt>\(HTML.escape(f.label))</dt><dd><span class=\"value\">\(HTML.escape(f.value))</span>"
                    if !f.detail.isEmpty { out += " <span class=\"detail\">\(HTML.escape(f.detail))</span>" }
                    out += "</dd></div>"
                }
                out += "</dl>\n"
            case let .table(table):
                out += self.table(table)
            case let .chart(scene):
                out += "<figure>\(image(scene))</figure>\n"
            case let .chartPair(a, b):
                out += "<div class=\"pair\"><figure>\(image(a))</figure><figure>\(image(b))</figure></div>\n"
            case .spacer, .pageBreak:
                continue
            }
        }
        return out
    }

    func table(_ t: Table) -> String {
        var out = "<div class=\"scroll\"><table><thead><tr>"
        for (i, h) in t.header.enumerated() {
            out += "<th\(numeric(t, i) ? " class=\"num\"" : "") scope=\"col\">\(HTML.escape(h))</th>"
        }
        out += "</tr></thead><tbody>\n"
        for (r, row) in t.rows.enumerated() {
            out += "<tr>"
            let link = r < t.rowLinks.count ? t.rowLinks[r].flatMap(rowURL) : nil
            for (i, cell) in row.enumerated() {
                var text = HTML.escape(cell)
                if i == 0, let link { text = "<a href=\"\(HTML.escape(link))\">\(text)</a>" }
                out += "<td\(numeric(t, i) ? " class=\"num\"" : "")>\(text)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    private func numeric(_ t: Table, _ i: Int) -> Bool { i < t.alignments.count && t.alignments[i] == .end }
}

enum HTMLNumber {
    /// A coordinate with at most two decimals, as SVG reads it.
    static func text(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
