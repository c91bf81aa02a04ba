import CCairo
import ChartScene

/// Pango set-up shared by measuring and drawing, so both lay text out identically:
/// no hinting, unrounded glyph positions, absolute sizes in points (user units),
/// a left-to-right base direction (anchors are visual; Arabic runs are still shaped
/// and ordered right-to-left by the bidi algorithm).
enum PangoText {
    static func configure(_ context: OpaquePointer) {
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_base_dir(context, PANGO_DIRECTION_LTR)
    }

    static func description(_ font: FontSpec) -> OpaquePointer {
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, font.family)
        pango_font_description_set_absolute_size(d, font.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(d, font.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(d, font.style == .italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        return d
    }

    /// Sets `layout` up for `text`; returns its logical extent.
    @discardableResult
    static func prepare(_ layout: OpaquePointer, _ text: String, font: FontSpec, wrapWidth: Double?,
                        alignment: TextAnchor = .start) -> (extent: TextExtent, logicalX: Double, logicalY: Double) {
        let d = description(font)
        pango_layout_set_font_description(layout, d)
        pango_font_description_free(d)
        pango_layout_set_auto_dir(layout, 0)
        pango_layout_set_text(layout, text, -1)
        if let w = wrapWidth {
            pango_layout_set_width(layout, Int32(max(1, w * Double(PANGO_SCALE))))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
        }
        switch alignment {
        case .start: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .middle: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .end: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        let baseline = Double(pango_layout_get_baseline(layout)) / scale
        return (TextExtent(width: Double(logical.width) / scale, height: Double(logical.height) / scale,
                           baseline: baseline - Double(logical.y) / scale),
                Double(logical.x) / scale, Double(logical.y) / scale)
    }
}
