import Foundation

/// Why a scene or document could not be written.
public enum RenderError: Error, Equatable, CustomStringConvertible {
    /// Cairo reported an error while drawing or finishing a surface.
    case cairo(status: String, output: String)
    /// libpng could not encode the image.
    case png(reason: String)
    /// A `.image` item's file could not be read as a PNG.
    case unreadableImage(path: String, reason: String)
    /// The scene is too large (or empty) to rasterise at this scale.
    case badImageSize(width: Int, height: Int)

    public var description: String {
        switch self {
        case let .cairo(status, output): return "Drawing \(output) failed: \(status)"
        case let .png(reason): return "Cannot encode PNG: \(reason)"
        case let .unreadableImage(path, reason): return "Cannot read image \(path): \(reason)"
        case let .badImageSize(w, h): return "Cannot make a \(w)×\(h) pixel image; check the chart size and scale"
        }
    }
}
