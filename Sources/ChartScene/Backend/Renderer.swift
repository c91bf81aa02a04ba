import Foundation

/// Turns a `Document` (pages of scenes) into the bytes of one file format.
///
/// The seam for outputs: Cairo's PDF and PNG today (ChartCairo), an SVG or HTML renderer for
/// the web app next. A renderer returns bytes and writes nothing; the caller decides where
/// they go (ReliefFiles writes them owner-only and atomically).
///
/// ```swift
/// let pdf: any DocumentRenderer = CairoPDF()
/// try OwnerOnlyFiles.write(pdf.render(document), to: "report." + pdf.fileExtension)
/// ```
public protocol DocumentRenderer: Sendable {
    /// The file name extension of the output, without the dot ("pdf").
    var fileExtension: String { get }
    /// The document's bytes in this renderer's format.
    /// - Throws: the renderer's own error when drawing or encoding fails.
    func render(_ document: Document) throws -> Data
}

/// Turns one `Scene` (a chart) into the bytes of one image format.
public protocol SceneRenderer: Sendable {
    /// The file name extension of the output, without the dot ("png").
    var fileExtension: String { get }
    /// The scene's bytes in this renderer's format.
    /// - Throws: the renderer's own error when drawing or encoding fails.
    func render(_ scene: Scene) throws -> Data
}
