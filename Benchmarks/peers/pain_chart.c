/* The floor for Relief's chart benchmark: the session pain chart (dumbbells of
 * pre- and post-session pain, baseline and 30% lines, axes, tick labels, title)
 * drawn with cairo and pango directly, `repeat` times, as PDF or PNG.
 * Same data, size (480 x 260 pt), fonts and PNG scale (2x) as `relief bench-chart`;
 * before markers are circles and after markers diamonds, as in Relief. It does not
 * measure labels to avoid overlaps nor compute "nice" ticks (its ticks are fixed),
 * which Relief's layout does: that is the point of a floor.
 * PNG is written with cairo_surface_write_to_png (zlib's default level), PDF with
 * cairo's PDF surface (fonts subset and embedded by cairo).
 * Usage: pain_chart pdf|png REPEAT OUTDIR */
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 480.0
#define H 260.0
#define N 12

static const double pre[N] = {7, 7, 6.5, 6, 6, 5, 5.5, 4.5, 4, 4, 3.5, 3};
static const double post[N] = {4, 3.5, 3.5, 3, 3, 2.5, 3, 2, 2, 1.5, 1.5, 1};
static const int day[N] = {1, 4, 8, 11, 15, 18, 22, 25, 29, 32, 36, 39};

static void text(cairo_t *cr, const char *s, double x, double y, double size, int anchor) {
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans, WenQuanYi Micro Hei");
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s, -1);
    int w, h;
    pango_layout_get_pixel_size(l, &w, &h);
    double dx = anchor == 0 ? 0 : anchor == 1 ? -w / 2.0 : -w;
    cairo_move_to(cr, x + dx, y - h / 2.0);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

static void diamond(cairo_t *cr, double x, double y, double r) {
    cairo_move_to(cr, x, y - r); cairo_line_to(cr, x + r, y); cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y); cairo_close_path(cr); cairo_fill(cr);
}

static void draw(cairo_t *cr) {
    double l = 40, r = W - 16, t = 34, b = H - 34;
    cairo_set_source_rgb(cr, 1, 1, 1); cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.12, 0.14, 0.16);
    text(cr, "Pain before and after each session", l, 14, 11, 0);
    cairo_save(cr);
    cairo_translate(cr, 12, (t + b) / 2);
    cairo_rotate(cr, -1.5708);
    cairo_set_source_rgb(cr, 0.37, 0.42, 0.46);
    text(cr, "Pain (0\u2013" "10)  \u2193 better", 0, 0, 8, 1);
    cairo_restore(cr);
    cairo_set_line_width(cr, 0.5);
    char buf[32];
    for (int v = 0; v <= 10; v++) {
        double y = b - (b - t) * v / 10.0;
        cairo_set_source_rgb(cr, 0.85, 0.87, 0.89);
        cairo_move_to(cr, l, y); cairo_line_to(cr, r, y); cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.37, 0.42, 0.46);
        snprintf(buf, sizeof buf, "%d", v); text(cr, buf, l - 6, y, 8, 2);
    }
    for (int d = 0; d <= 40; d += 7) {
        double x = l + (r - l) * d / 40.0;
        if (d + 1 > 31) snprintf(buf, sizeof buf, "%d Nov", d - 30);
        else snprintf(buf, sizeof buf, "%d Oct", d + 1);
        text(cr, buf, x, b + 12, 8, 1);
    }
    double by = b - (b - t) * pre[0] / 10.0, iy = b - (b - t) * pre[0] * 0.7 / 10.0;
    double dash[] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.37, 0.42, 0.46);
    cairo_move_to(cr, l, by); cairo_line_to(cr, r, by); cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.0, 0.62, 0.45);
    cairo_move_to(cr, l, iy); cairo_line_to(cr, r, iy); cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    text(cr, "baseline", r - 2, by - 7, 7, 2);
    text(cr, "30% better", r - 2, iy - 7, 7, 2);
    cairo_set_line_width(cr, 2);
    for (int i = 0; i < N; i++) {
        double x = l + (r - l) * day[i] / 40.0;
        double y0 = b - (b - t) * pre[i] / 10.0, y1 = b - (b - t) * post[i] / 10.0;
        cairo_set_source_rgb(cr, 0.6, 0.64, 0.68);
        cairo_move_to(cr, x, y0); cairo_line_to(cr, x, y1); cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.84, 0.37, 0.0);
        cairo_arc(cr, x, y0, 3.5, 0, 6.2832); cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.0, 0.45, 0.7);
        diamond(cr, x, y1, 4.0);
    }
    cairo_set_source_rgb(cr, 0.84, 0.37, 0.0);
    cairo_arc(cr, l + 4, H - 10, 3.5, 0, 6.2832); cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.0, 0.45, 0.7);
    diamond(cr, l + 14, H - 10, 4.0);
    cairo_set_source_rgb(cr, 0.12, 0.14, 0.16);
    text(cr, "Before \u2192 after session", l + 22, H - 10, 8, 0);
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s pdf|png REPEAT OUTDIR\n", argv[0]); return 2; }
    int png = strcmp(argv[1], "png") == 0, repeat = atoi(argv[2]);
    char path[4096];
    for (int i = 0; i < repeat; i++) {
        snprintf(path, sizeof path, "%s/c-%d.%s", argv[3], i, argv[1]);
        cairo_surface_t *s = png ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(W * 2), (int)(H * 2))
                                 : cairo_pdf_surface_create(path, W, H);
        cairo_t *cr = cairo_create(s);
        if (png) cairo_scale(cr, 2, 2);
        draw(cr);
        cairo_destroy(cr);
        if (png) cairo_surface_write_to_png(s, path); else cairo_surface_finish(s);
        cairo_surface_destroy(s);
    }
    return 0;
}
