import CCairo
import ChartScene
#if canImport(Glibc)
import Glibc
#endif

/// Measures text with Pango exactly as `CairoRenderer` will draw it.
///
/// Thread-safe: each thread gets its own Pango context (on Pango's per-thread
/// default font map), created on first use and released when the thread exits;
/// nothing is shared between threads, so reports can be laid out in parallel.
///
/// ```swift
/// let scene = chart.build(size: Size(480, 260), theme: .standard, measuring: PangoTextMeasurer())
/// ```
public struct PangoTextMeasurer: TextMeasuring {
    public init() {}

    public func measure(_ text: String, font: FontSpec, wrapWidth: Double?) -> TextExtent {
        let thread = ThreadLayout.current()
        // Layout measures the same labels again and again (ticks, legends, headers): a
        // per-thread cache of extents cut the month's instructions by a fifth (docs/performance.md).
        let key = MeasureKey(text: text, font: font, wrapWidth: wrapWidth)
        if let hit = thread.cache[key] { return hit }
        let extent = PangoText.prepare(thread.layout, text, font: font, wrapWidth: wrapWidth).extent
        if thread.cache.count >= ThreadLayout.cacheLimit { thread.cache.removeAll(keepingCapacity: true) }
        thread.cache[key] = extent
        return extent
    }
}

private struct MeasureKey: Hashable {
    let text: String
    let font: FontSpec
    let wrapWidth: Double?
}

/// One Pango context and layout per thread, kept in thread-local storage.
private final class ThreadLayout {
    let context: OpaquePointer
    let layout: OpaquePointer
    /// Extents measured on this thread; emptied when it reaches `cacheLimit` entries.
    var cache: [MeasureKey: TextExtent] = [:]
    static let cacheLimit = 20_000

    init() {
        let fontMap = pango_cairo_font_map_get_default()
        context = pango_font_map_create_context(fontMap)
        PangoText.configure(context)
        layout = pango_layout_new(context)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<ThreadLayout>.fromOpaque(raw).release() }
        }
        return key
    }()

    static func current() -> ThreadLayout {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<ThreadLayout>.fromOpaque(raw).takeUnretainedValue()
        }
        let value = ThreadLayout()
        pthread_setspecific(key, Unmanaged.passRetained(value).toOpaque())
        return value
    }
}
