import ChartScene
import Foundation

/// Renders `GallerySamples.all` — every chart kind and the layout edge cases: one PNG per
/// sample and `gallery.pdf` with every sample as a page and an outline entry. `relief
/// gallery --out docs/charts` writes them; its output is committed so changes to the charts
/// show up in review.
public enum ChartGallery {
    /// The gallery's files as (name, bytes), PNGs first, then `gallery.pdf`.
    ///
    /// - Parameters:
    ///   - scale: pixels per point of the PNGs (1.5 keeps the committed files small).
    /// - Throws: `RenderError` when a chart cannot be drawn.
    public static func files(scale: Double = 1.5, theme: Theme = .standard) throws -> [(name: String, bytes: Data)] {
        let measurer = PangoTextMeasurer()
        let png = CairoPNG(scale: scale, compressionLevel: 9)
        var files: [(name: String, bytes: Data)] = []
        var pages: [Page] = []
        for sample in GallerySamples.all {
            let scene = sample.chart.build(size: sample.size, theme: theme, measuring: measurer)
            files.append((sample.name + ".png", try png.render(scene)))
            pages.append(Page(scene: scene, outline: [OutlineEntry(title: sample.name)]))
        }
        let metadata = DocumentMetadata(title: "Relief chart gallery", author: "Relief",
                                        subject: "Every chart kind and its edge cases", creator: "relief gallery",
                                        creationDate: "2025-01-01")
        files.append(("gallery.pdf", try CairoPDF().render(Document(pages: pages, metadata: metadata))))
        return files
    }
}
