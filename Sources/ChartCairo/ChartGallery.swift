import ChartScene
import Foundation

/// Renders `GallerySamples.all` — every chart kind and the layout edge cases — into
/// a folder: one PNG per sample and `gallery.pdf` with every sample as a page and
/// an outline entry. `relief gallery --out docs/charts` runs it; its output is
/// committed so changes to the charts show up in review.
public enum ChartGallery {
    /// Writes the gallery into `directory` (created if missing) and returns the
    /// paths written, PNGs first.
    ///
    /// - Parameters:
    ///   - scale: pixels per point of the PNGs (1.5 keeps the committed files small).
    /// - Throws: `RenderError` when a file cannot be written.
    @discardableResult
    public static func write(to directory: String, scale: Double = 1.5, theme: Theme = .standard) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RenderError.cannotWrite(path: directory, reason: error.localizedDescription)
        }
        let measurer = PangoTextMeasurer()
        var written: [String] = []
        var pages: [Page] = []
        for sample in GallerySamples.all {
            let scene = sample.chart.build(size: sample.size, theme: theme, measuring: measurer)
            let path = (directory as NSString).appendingPathComponent(sample.name + ".png")
            try CairoRenderer.writePNG(scene, to: path, scale: scale, compressionLevel: 9)
            written.append(path)
            pages.append(Page(scene: scene, outline: [OutlineEntry(title: sample.name)]))
        }
        let pdf = (directory as NSString).appendingPathComponent("gallery.pdf")
        let metadata = DocumentMetadata(title: "Relief chart gallery", author: "Relief",
                                        subject: "Every chart kind and its edge cases", creator: "relief gallery",
                                        creationDate: "2025-01-01")
        try CairoRenderer.writePDF(Document(pages: pages, metadata: metadata), to: pdf)
        written.append(pdf)
        return written
    }
}
