import Foundation
import ReliefFiles
import ReliefReports

/// What `report month` wrote, read back by the sample-report checks and index.html.
public struct ReportManifest: Codable, Sendable {
    public struct Image: Codable, Sendable, Hashable {
        public var file: String
        public var width: Int
        public var height: Int
    }

    public struct Entry: Codable, Sendable {
        /// "client" or "clinic".
        public var kind: String
        public var clientID: String?
        public var name: String
        public var pdf: String
        public var pages: Int
        public var images: [Image]
        /// Headline numbers as printed, for checks against `relief analyze --json`.
        public var headline: [String: Double?]
    }

    public var month: String
    public var shard: String
    public var reports: [Entry]

    func write(to dir: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(self)
        try writing { try OwnerOnlyFiles.write(bytes, to: dir + "/manifest.json") }
    }
}

/// index.html beside the reports: each report with a thumbnail, opens in any browser.
enum IndexPage {
    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    /// Percent-encodes a relative path for an href (file names are already safe stems).
    static func href(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    static func write(_ manifest: ReportManifest, to dir: String, style: ReportStyle = ReportStyle()) throws {
        // Fonts and colours are the reports' own (ReportStyle), as CSS.
        let font = style.fontFamily.split(separator: ",").map { "\"\($0.trimmingCharacters(in: .whitespaces))\"" }.joined(separator: ",")
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Relief reports · \(escape(manifest.month))</title>
        <style>
        body{font-family:\(font),sans-serif;margin:2rem;color:\(style.text.css)}
        h1{font-size:1.4rem}ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1rem}
        li{border:1px solid \(style.rule.css);border-radius:6px;padding:.6rem}img{width:100%;height:auto;display:block;margin-bottom:.4rem}
        a{color:\(style.accent.css);text-decoration:none}small{color:\(style.muted.css)}
        </style></head><body>
        <h1>Relief reports · \(escape(manifest.month))</h1>
        <p><small>\(manifest.reports.count) reports. Health data: keep this folder private.</small></p>
        <ul>

        """
        for e in manifest.reports {
            let thumb = e.images.first.map { "<img src=\"\(href($0.file))\" alt=\"\(escape(e.name)): chart\" loading=\"lazy\">" } ?? ""
            html += "<li><a href=\"\(href(e.pdf))\">\(thumb)<span dir=\"auto\">\(escape(e.name))</span></a><br><small>\(e.kind == "clinic" ? "Clinic outcomes" : "Client report") · \(e.pages) pages</small></li>\n"
        }
        html += "</ul></body></html>\n"
        try writing { try OwnerOnlyFiles.write(html, to: dir + "/index.html") }
    }
}

/// Text made safe for HTML element content and quoted attributes: the one escaper of index.html
/// and the web app's pages.
public enum HTMLText {
    /// Escapes `& < > " '`; bidirectional overrides and isolates (which would reorder the page
    /// around them) become visible numeric references.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
                out += "&#x" + String(c.value, radix: 16, uppercase: true) + ";"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
