import CCairo
import ChartScene
import Foundation

/// Draws scene primitives on a Cairo context. `CairoPDFBackend` and
/// `CairoImageBackend` are this class on a PDF or an image surface.
///
/// Scene coordinates are points with y down, as Cairo's are, so there is no flip;
/// an image surface is scaled by `scale` pixels per point.
public class CairoBackend: DrawingBackend {
    let surface: OpaquePointer
    let cr: OpaquePointer
    let pango: OpaquePointer
    let layout: OpaquePointer
    let output: String

    init(surface: OpaquePointer, output: String) {
        self.surface = surface
        self.output = output
        cr = cairo_create(surface)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        pango = pango_cairo_create_context(cr)
        PangoText.configure(pango)
        layout = pango_layout_new(pango)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Cairo's sticky error, as a `RenderError`.
    func check() throws {
        let status = cairo_status(cr)
        if status != CAIRO_STATUS_SUCCESS {
            throw RenderError.cairo(status: String(cString: cairo_status_to_string(status)), output: output)
        }
        let surfaceStatus = cairo_surface_status(surface)
        if surfaceStatus != CAIRO_STATUS_SUCCESS {
            throw RenderError.cairo(status: String(cString: cairo_status_to_string(surfaceStatus)), output: output)
        }
    }

    public func beginPage(size: Size) throws {}
    public func endPage() throws { try check() }
    public func addOutline(_ entry: OutlineEntry) {}

    public func pushState() { cairo_save(cr) }
    public func popState() { cairo_restore(cr) }
    public func translate(by offset: Point) { cairo_translate(cr, offset.x, offset.y) }
    public func clip(to rect: Rect) {
        cairo_rectangle(cr, rect.x, rect.y, max(0, rect.width), max(0, rect.height))
        cairo_clip(cr)
    }

    func setColor(_ c: Color) {
        if c.a >= 1 { cairo_set_source_rgb(cr, c.r, c.g, c.b) } else { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }
    }

    func paint(fill: Color?, stroke: Stroke?) {
        if let fill {
            setColor(fill)
            if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
        }
        if let stroke {
            setColor(stroke.color)
            cairo_set_line_width(cr, stroke.width)
            switch stroke.cap {
            case .butt: cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
            case .round: cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
            case .square: cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE)
            }
            if stroke.dash.isEmpty {
                cairo_set_dash(cr, nil, 0, 0)
            } else {
                stroke.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
            }
            cairo_stroke(cr)
        }
        cairo_new_path(cr)
    }

    public func drawPath(_ elements: [PathElement], fill: Color?, stroke: Stroke?) {
        cairo_new_path(cr)
        for e in elements {
            switch e {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case let .curve(a, b, c): cairo_curve_to(cr, a.x, a.y, b.x, b.y, c.x, c.y)
            case .close: cairo_close_path(cr)
            }
        }
        paint(fill: fill, stroke: stroke)
    }

    public func drawRect(_ rect: Rect, fill: Color?, stroke: Stroke?) {
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        paint(fill: fill, stroke: stroke)
    }

    public func drawCircle(center: Point, radius: Double, fill: Color?, stroke: Stroke?) {
        cairo_new_path(cr)
        cairo_new_sub_path(cr)
        cairo_arc(cr, center.x, center.y, max(0, radius), 0, 2 * Double.pi)
        paint(fill: fill, stroke: stroke)
    }

    public func drawText(_ text: String, at: Point, font: FontSpec, color: Color, anchor: TextAnchor,
                         baseline: TextBaseline, angle: Double) {
        guard !text.isEmpty else { return }
        cairo_save(cr)
        cairo_translate(cr, at.x, at.y)
        if angle != 0 { cairo_rotate(cr, angle * Double.pi / 180) }
        pango_cairo_update_context(cr, pango)
        let (extent, lx, ly) = PangoText.prepare(layout, text, font: font, wrapWidth: nil)
        let o = TextGeometry.origin(extent: extent, anchor: anchor, baseline: baseline)
        cairo_move_to(cr, o.x - lx, o.y - ly)
        setColor(color)
        pango_cairo_show_layout(cr, layout)
        cairo_restore(cr)
    }

    public func drawParagraph(_ text: String, box: Rect, font: FontSpec, color: Color, alignment: TextAnchor) {
        guard !text.isEmpty else { return }
        cairo_save(cr)
        pango_cairo_update_context(cr, pango)
        PangoText.prepare(layout, text, font: font, wrapWidth: box.width, alignment: alignment)
        cairo_move_to(cr, box.x, box.y)
        setColor(color)
        pango_cairo_show_layout(cr, layout)
        cairo_restore(cr)
    }

    public func drawImage(path: String, box: Rect) throws {
        guard let image = cairo_image_surface_create_from_png(path) else {
            throw RenderError.unreadableImage(path: path, reason: "out of memory")
        }
        defer { cairo_surface_destroy(image) }
        let status = cairo_surface_status(image)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.unreadableImage(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        let w = Double(cairo_image_surface_get_width(image)), h = Double(cairo_image_surface_get_height(image))
        guard w > 0, h > 0 else { return }
        cairo_save(cr)
        cairo_rectangle(cr, box.x, box.y, box.width, box.height)
        cairo_clip(cr)
        cairo_translate(cr, box.x, box.y)
        cairo_scale(cr, box.width / w, box.height / h)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}

/// A growable byte buffer Cairo writes a PDF stream into.
final class ByteSink {
    let buffer: UnsafeMutablePointer<relief_byte_buffer>
    init() {
        buffer = .allocate(capacity: 1)
        buffer.initialize(to: relief_byte_buffer(data: nil, size: 0, capacity: 0, failed: 0))
    }
    deinit {
        free(buffer.pointee.data)
        buffer.deallocate()
    }
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer.pointee.data, count: buffer.pointee.size)
    }
    var data: Data { buffer.pointee.size == 0 ? Data() : Data(bytes) }
}

/// Draws pages into a PDF: vector output, fonts embedded as subsets, metadata and
/// outline set from the `Document`.
public final class CairoPDFBackend: CairoBackend {
    let sink: ByteSink
    private var pageNumber = 0
    private var outlineParents: [Int32] = []

    /// A PDF being written to memory; `finish()` returns its bytes.
    public init(metadata: DocumentMetadata, firstPageSize: Size = .a4) {
        sink = ByteSink()
        let surface = cairo_pdf_surface_create_for_stream(relief_cairo_buffer_write_func(), sink.buffer,
                                                          firstPageSize.width, firstPageSize.height)!
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        let date = CairoPDFBackend.isoDate(metadata.creationDate)
        for (key, value) in [(CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
                             (CAIRO_PDF_METADATA_SUBJECT, metadata.subject), (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
                             (CAIRO_PDF_METADATA_CREATE_DATE, date), (CAIRO_PDF_METADATA_MOD_DATE, date)]
        where !value.isEmpty {
            cairo_pdf_surface_set_metadata(surface, key, value)
        }
        super.init(surface: surface, output: "PDF")
    }

    /// `YYYY-MM-DD` → `YYYY-MM-DDT00:00:00Z` (cairo's ISO 8601 form); anything else passes through.
    static func isoDate(_ s: String) -> String {
        let parts = s.split(separator: "-")
        if parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return s + "T00:00:00Z" }
        return s
    }

    public override func beginPage(size: Size) throws {
        pageNumber += 1
        cairo_pdf_surface_set_size(surface, size.width, size.height)
    }

    public override func endPage() throws {
        cairo_show_page(cr)
        try check()
    }

    public override func addOutline(_ entry: OutlineEntry) {
        let level = max(0, min(entry.level, outlineParents.count))
        let parent = level == 0 ? Int32(CAIRO_PDF_OUTLINE_ROOT) : outlineParents[level - 1]
        let target = "page=\(max(1, pageNumber)) pos=[0 \(NumberFormat.fixed(entry.y, decimals: 2))]"
        let id = cairo_pdf_surface_add_outline(surface, parent, entry.title, target, cairo_pdf_outline_flags_t(0))
        outlineParents = Array(outlineParents.prefix(level)) + [id]
    }

    /// Ends the document and returns the PDF's bytes.
    ///
    /// - Throws: `RenderError.cairo` when Cairo failed at any point.
    public func finish() throws -> Data {
        try check()
        cairo_surface_finish(surface)
        try check()
        guard sink.buffer.pointee.failed == 0 else { throw RenderError.cairo(status: "out of memory", output: output) }
        return sink.data
    }
}

/// Draws one scene into an image surface, `scale` pixels per point.
public final class CairoImageBackend: CairoBackend {
    public let width: Int
    public let height: Int
    let background: Color?

    /// - Throws: `RenderError.badImageSize` for empty or huge images.
    public init(size: Size, scale: Double, background: Color? = .white) throws {
        let w = Int((size.width * scale).rounded(.up)), h = Int((size.height * scale).rounded(.up))
        guard w > 0, h > 0, w <= 20_000, h <= 20_000, scale > 0 else { throw RenderError.badImageSize(width: w, height: h) }
        width = w; height = h
        self.background = background
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))!
        super.init(surface: surface, output: "PNG")
        cairo_scale(cr, scale, scale)
        if let bg = background {
            setColor(bg)
            cairo_paint(cr)
        }
    }

    /// The picture as PNG bytes (zlib level 2, SUB filter: fast, a little larger than `-9`).
    public func pngData(compressionLevel: Int = 2) throws -> Data {
        let level = max(0, min(9, compressionLevel))
        try check()
        cairo_surface_flush(surface)
        guard let pixels = cairo_image_surface_get_data(surface) else { throw RenderError.png(reason: "no pixels") }
        let stride = cairo_image_surface_get_stride(surface)
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let opaque: Int32 = (background?.a ?? 0) >= 1 ? 1 : 0
        let status = relief_png_encode(pixels, Int32(width), Int32(height), stride, opaque, Int32(level),
                                       &out, &size, &message, message.count)
        guard status == 0, let out else {
            throw RenderError.png(reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }
}
