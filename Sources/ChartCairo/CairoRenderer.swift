import ChartScene
import Foundation

/// Scenes and documents to PDF and PNG — the one door to Cairo.
///
/// Every function creates its own surfaces and Pango contexts and shares nothing,
/// so many can run at once on different threads. Files are written atomically
/// (a temporary file in the same folder, then a rename) and created mode 0600.
///
/// ```swift
/// let measurer = PangoTextMeasurer()
/// let scene = chart.build(size: Size(480, 260), theme: .standard, measuring: measurer)
/// try CairoRenderer.writePNG(scene, to: "pain.png", scale: 2)
/// try CairoRenderer.writePDF(document, to: "report.pdf")
/// ```
public enum CairoRenderer {
    /// A multi-page PDF with the document's metadata (creation date pinned, so the
    /// same document gives the same bytes on one machine) and outline.
    ///
    /// - Throws: `RenderError` when drawing fails or an image cannot be read.
    public static func pdfData(_ document: Document) throws -> Data {
        let backend = CairoPDFBackend(metadata: document.metadata, firstPageSize: document.pages.first?.scene.size ?? .a4)
        try backend.draw(document)
        return try backend.finish()
    }

    /// A one-page PDF of a scene; an empty `metadata.subject` takes the scene's title.
    public static func pdfData(_ scene: Scene, metadata: DocumentMetadata) throws -> Data {
        var metadata = metadata
        if metadata.subject.isEmpty { metadata.subject = scene.title }
        return try pdfData(Document(pages: [Page(scene: scene)], metadata: metadata))
    }

    /// Writes `document` as a PDF to `path`.
    ///
    /// - Throws: `RenderError` when drawing or writing fails.
    public static func writePDF(_ document: Document, to path: String) throws {
        try AtomicFile.write(pdfData(document), to: path)
    }

    /// Writes one scene as a one-page PDF to `path`.
    public static func writePDF(_ scene: Scene, metadata: DocumentMetadata, to path: String) throws {
        try AtomicFile.write(pdfData(scene, metadata: metadata), to: path)
    }

    /// The scene as PNG bytes, `scale` pixels per point, over `background` (nil keeps
    /// transparency and writes RGBA).
    ///
    /// - Parameter compressionLevel: zlib level 0–9; the default 2 is several times
    ///   faster than 9 for files about a third larger (use 9 for committed images).
    public static func pngData(_ scene: Scene, scale: Double = 2, background: Color? = .white,
                               compressionLevel: Int = 2) throws -> Data {
        let backend = try CairoImageBackend(size: scene.size, scale: scale, background: background)
        try backend.draw(scene.items)
        return try backend.pngData(compressionLevel: compressionLevel)
    }

    /// Writes the scene as a PNG to `path`.
    ///
    /// - Throws: `RenderError` when drawing, encoding or writing fails.
    public static func writePNG(_ scene: Scene, to path: String, scale: Double = 2, background: Color? = .white,
                                compressionLevel: Int = 2) throws {
        try AtomicFile.write(pngData(scene, scale: scale, background: background, compressionLevel: compressionLevel),
                             to: path)
    }
}
