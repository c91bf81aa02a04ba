import Foundation

/// What `report month` wrote, read back by the sample-report checks and index.html.
struct ReportManifest: Codable, Sendable {
    struct Image: Codable, Sendable, Hashable {
        var file: String
        var width: Int
        var height: Int
    }

    struct Entry: Codable, Sendable {
        /// "client" or "clinic".
        var kind: String
        var clientID: String?
        var name: String
        var pdf: String
        var pages: Int
        var images: [Image]
        /// Headline numbers as printed, for checks against `relief analyze --json`.
        var headline: [String: Double?]
    }

    var month: String
    var shard: String
    var reports: [Entry]

    func write(to dir: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(encoder.encode(self), to: dir + "/manifest.json")
    }
}

/// index.html beside the reports: each report with a thumbnail, opens in any browser.
enum IndexPage {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Percent-encodes a relative path for an href (file names are already safe stems).
    static func href(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    static func write(_ manifest: ReportManifest, to dir: String) throws {
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Relief reports · \(escape(manifest.month))</title>
        <style>
        body{font-family:"DejaVu Sans",sans-serif;margin:2rem;color:#1f2328}
        h1{font-size:1.4rem}ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1rem}
        li{border:1px solid #d0d7de;border-radius:6px;padding:.6rem}img{width:100%;height:auto;display:block;margin-bottom:.4rem}
        a{color:#0072b2;text-decoration:none}small{color:#5f6b76}
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
        try AtomicFile.write(html, to: dir + "/index.html")
    }
}
