import CCairo
import ChartScene
import Foundation

/// Decoded RGBA pixels (8 bits a channel, straight alpha), for comparing rendered
/// PNGs against goldens with a tolerance rather than byte for byte.
public struct RasterImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// Row-major RGBA bytes, `width × height × 4`.
    public var rgba: [UInt8]

    public init(width: Int, height: Int, rgba: [UInt8]) {
        self.width = width; self.height = height; self.rgba = rgba
    }

    /// Decodes a PNG file.
    ///
    /// - Throws: `RenderError.unreadableImage` when the file is missing or not a PNG.
    public init(pngFile path: String) throws {
        guard let surface = cairo_image_surface_create_from_png(path) else {
            throw RenderError.unreadableImage(path: path, reason: "out of memory")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.unreadableImage(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        self = RasterImage(surface: surface)
    }

    /// Decodes PNG bytes (read from memory through Cairo's stream reader; no file).
    ///
    /// - Throws: `RenderError.unreadableImage` when the bytes are not a PNG.
    public init(pngData: Data) throws {
        final class Cursor { var bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
        let cursor = Cursor(Array(pngData))
        let surface = withExtendedLifetime(cursor) { () -> OpaquePointer? in
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                let c = Unmanaged<Cursor>.fromOpaque(closure).takeUnretainedValue()
                let n = Int(length)
                guard c.offset + n <= c.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                c.bytes.withUnsafeBufferPointer { src in
                    if let base = src.baseAddress { data.update(from: base + c.offset, count: n) }
                }
                c.offset += n
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(cursor).toOpaque())
        }
        guard let surface else { throw RenderError.unreadableImage(path: "(PNG bytes)", reason: "out of memory") }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.unreadableImage(path: "(PNG bytes)", reason: String(cString: cairo_status_to_string(status)))
        }
        self = RasterImage(surface: surface)
    }

    init(surface: OpaquePointer) {
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        var out = [UInt8](repeating: 0, count: width * height * 4)
        if let data = cairo_image_surface_get_data(surface) {
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let p = row[x]
                    var a = Int(p >> 24), r = Int((p >> 16) & 0xff), g = Int((p >> 8) & 0xff), b = Int(p & 0xff)
                    if format != CAIRO_FORMAT_ARGB32 { a = 255 }
                    if a != 0 && a != 255 { r = r * 255 / a; g = g * 255 / a; b = b * 255 / a }
                    let i = (y * width + x) * 4
                    out[i] = UInt8(min(255, r)); out[i + 1] = UInt8(min(255, g)); out[i + 2] = UInt8(min(255, b)); out[i + 3] = UInt8(a)
                }
            }
        }
        rgba = out
    }

    /// Encodes as PNG (RGBA).
    public func pngData() throws -> Data {
        guard width > 0, height > 0 else { throw RenderError.badImageSize(width: width, height: height) }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw RenderError.png(reason: "no pixels") }
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let i = (y * width + x) * 4
                let a = UInt32(rgba[i + 3])
                let r = UInt32(rgba[i]) * a / 255, g = UInt32(rgba[i + 1]) * a / 255, b = UInt32(rgba[i + 2]) * a / 255
                row[x] = a << 24 | r << 16 | g << 8 | b
            }
        }
        cairo_surface_mark_dirty(surface)
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        guard relief_png_encode(data, Int32(width), Int32(height), Int32(stride), 0, 6, &out, &size, &message, 256) == 0,
              let out else { throw RenderError.png(reason: "encoding failed") }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }

    /// Compares two images pixel by pixel: a pixel differs when any channel differs
    /// by more than `channelTolerance`. The result carries a diff image (differing
    /// pixels red over a faded copy of `self`).
    public func compare(to other: RasterImage, channelTolerance: Int = 40) -> ImageComparison {
        guard width == other.width, height == other.height else {
            return ImageComparison(sizesMatch: false, differingPixels: width * height, totalPixels: width * height,
                                   maxChannelDelta: 255, diff: nil)
        }
        var differing = 0, maxDelta = 0
        var diff = [UInt8](repeating: 255, count: rgba.count)
        for p in 0..<(width * height) {
            let i = p * 4
            var delta = 0
            for c in 0..<4 { delta = max(delta, abs(Int(rgba[i + c]) - Int(other.rgba[i + c]))) }
            maxDelta = max(maxDelta, delta)
            if delta > channelTolerance {
                differing += 1
                diff[i] = 255; diff[i + 1] = 0; diff[i + 2] = 0
            } else {
                let grey = UInt8((Int(rgba[i]) + Int(rgba[i + 1]) + Int(rgba[i + 2])) / 3)
                let faded = UInt8(155 + Int(grey) * 100 / 255)
                diff[i] = faded; diff[i + 1] = faded; diff[i + 2] = faded
            }
        }
        return ImageComparison(sizesMatch: true, differingPixels: differing, totalPixels: width * height,
                               maxChannelDelta: maxDelta, diff: RasterImage(width: width, height: height, rgba: diff))
    }
}

/// The outcome of `RasterImage.compare`.
public struct ImageComparison: Sendable {
    public var sizesMatch: Bool
    public var differingPixels: Int
    public var totalPixels: Int
    public var maxChannelDelta: Int
    /// Differing pixels in red over a faded copy of the first image (nil when sizes differ).
    public var diff: RasterImage?

    public var differingFraction: Double { totalPixels == 0 ? 0 : Double(differingPixels) / Double(totalPixels) }
}
