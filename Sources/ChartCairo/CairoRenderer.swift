import ChartScene
import Foundation

/// Scenes and documents to PDF and PNG bytes — the one door to Cairo.
///
/// Every function creates its own surfaces and Pango contexts and shares nothing, so many
/// can run at once on different threads. Nothing here writes a file: `CairoPDF` and
/// `CairoPNG` are the `DocumentRenderer` / `SceneRenderer` values callers hand to whatever
/// writes (ReliefFiles).
///
/// ```swift
/// let measurer = PangoTextMeasurer()
/// let scene = chart.build(size: Size(480, 260), theme: .standard, measuring: measurer)
/// let png = try CairoPNG(scale: 2).render(scene)
/// let pdf = try CairoPDF().render(document)
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
}

/// Cairo's PDF output: a document, or one scene as a one-page document.
public struct CairoPDF: DocumentRenderer, Sendable {
    public var fileExtension: String { "pdf" }
    public init() {}
    /// - Throws: `RenderError`.
    public func render(_ document: Document) throws -> Data { try CairoRenderer.pdfData(document) }
    /// - Throws: `RenderError`.
    public func render(_ scene: Scene, metadata: DocumentMetadata) throws -> Data {
        try CairoRenderer.pdfData(scene, metadata: metadata)
    }
}

/// Cairo's PNG output of one scene.
public struct CairoPNG: SceneRenderer, Sendable {
    public var fileExtension: String { "png" }
    /// Pixels per point.
    public var scale: Double
    /// nil keeps transparency (RGBA).
    public var background: Color?
    /// zlib level 0–9 (2: fast; 9: smallest, for committed images).
    public var compressionLevel: Int

    public init(scale: Double = 2, background: Color? = .white, compressionLevel: Int = 2) {
        self.scale = scale; self.background = background; self.compressionLevel = compressionLevel
    }

    /// - Throws: `RenderError`.
    public func render(_ scene: Scene) throws -> Data {
        try CairoRenderer.pngData(scene, scale: scale, background: background, compressionLevel: compressionLevel)
    }
}
