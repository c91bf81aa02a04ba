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

    /// Writes `<dir>/manifest.json` whole, owner-only.
    /// - Throws: `WorkflowError.cannotWrite`.
    func write(to dir: String) throws {
        try Self.write(month: month, shard: shard, to: dir) { emit in
            for entry in reports { try emit(try PrintedEntry(entry).json) }
        }
    }

    /// Writes `<dir>/manifest.json` of the printed entries (`PrintedEntry.json`) `entries` gives,
    /// one at a time: the bytes of a manifest holding them (`ManifestFiles`).
    /// - Throws: `WorkflowError.cannotWrite`, or what `entries` throws.
    static func write(month: String, shard: String, to dir: String,
                      entries: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        try ManifestFiles.write(ReportManifest(month: month, shard: shard, reports: []), to: dir + "/manifest.json",
                                entries: entries)
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
        try write(month: manifest.month, count: manifest.reports.count, to: dir, style: style) { emit in
            for entry in manifest.reports { try emit(line(entry)) }
        }
    }

    /// Writes `<dir>/index.html` of `count` reports, their `line`s given one at a time by `lines`.
    /// - Throws: `WorkflowError.cannotWrite`, or what `lines` throws.
    static func write(month: String, count: Int, to dir: String, style: ReportStyle = ReportStyle(),
                      lines: (_ emit: (String) throws -> Void) throws -> Void) throws {
        // Fonts and colours are the reports' own (ReportStyle), as CSS.
        let font = style.fontFamily.split(separator: ",").map { "\"\($0.trimmingCharacters(in: .whitespaces))\"" }.joined(separator: ",")
        let head = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Relief reports · \(escape(month))</title>
        <style>
        body{font-family:\(font),sans-serif;margin:2rem;color:\(style.text.css)}
        h1{font-size:1.4rem}ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1rem}
        li{border:1px solid \(style.rule.css);border-radius:6px;padding:.6rem}img{width:100%;height:auto;display:block;margin-bottom:.4rem}
        a{color:\(style.accent.css);text-decoration:none}small{color:\(style.muted.css)}
        </style></head><body>
        <h1>Relief reports · \(escape(month))</h1>
        <p><small>\(count) reports. Health data: keep this folder private.</small></p>
        <ul>

        """
        try ManifestFiles.write(to: dir + "/index.html") { file in
            try file.add(head.utf8)
            try lines { try file.add($0.utf8) }
            try file.add("</ul></body></html>\n".utf8)
        }
    }

    /// One report's item of index.html: its thumbnail, name, kind and pages, linking to its PDF.
    static func line(_ e: ReportManifest.Entry) -> String {
        let thumb = e.images.first.map { "<img src=\"\(href($0.file))\" alt=\"\(escape(e.name)): chart\" loading=\"lazy\">" } ?? ""
        return "<li><a href=\"\(href(e.pdf))\">\(thumb)<span dir=\"auto\">\(escape(e.name))</span></a><br><small>\(e.kind == "clinic" ? "Clinic outcomes" : "Client report") · \(e.pages) pages</small></li>\n"
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
