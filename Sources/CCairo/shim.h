#ifndef RELIEF_CCAIRO_SHIM_H
#define RELIEF_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/*
 * libpng reports errors by longjmp, which Swift cannot catch, so the one
 * function that drives libpng lives here, in C, next to the headers.
 *
 * relief_png_encode encodes a cairo image surface's pixels (CAIRO_FORMAT_ARGB32
 * or CAIRO_FORMAT_RGB24, native-endian 32-bit words) as an 8-bit PNG into a
 * malloc'd buffer that the caller releases with free().
 *
 *   opaque != 0: the pixels are opaque (RGB24, or ARGB32 painted over a solid
 *                background); written as RGB, rows handed to libpng as they are.
 *   opaque == 0: written as RGBA, un-premultiplying each row first.
 *
 * Returns 0 on success; otherwise non-zero with a message in errbuf.
 */
typedef struct relief_byte_buffer {
    unsigned char *data;
    size_t size;
    size_t capacity;
    int failed;
} relief_byte_buffer;

static inline void relief_png_write_fn(png_structp png, png_bytep bytes, png_size_t length) {
    relief_byte_buffer *buffer = (relief_byte_buffer *)png_get_io_ptr(png);
    if (buffer->failed) return;
    if (buffer->size + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->size + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (!grown) { buffer->failed = 1; png_error(png, "out of memory"); return; }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, bytes, length);
    buffer->size += length;
}

static inline void relief_png_flush_fn(png_structp png) { (void)png; }

typedef struct relief_png_error_context {
    jmp_buf jump;
    char *errbuf;
    size_t errlen;
} relief_png_error_context;

static inline void relief_png_error_fn(png_structp png, png_const_charp message) {
    relief_png_error_context *context = (relief_png_error_context *)png_get_error_ptr(png);
    if (context->errbuf && context->errlen) {
        strncpy(context->errbuf, message ? message : "libpng error", context->errlen - 1);
        context->errbuf[context->errlen - 1] = 0;
    }
    longjmp(context->jump, 1);
}

static inline void relief_png_warning_fn(png_structp png, png_const_charp message) { (void)png; (void)message; }

static inline int relief_png_encode(const unsigned char *pixels, int width, int height, int stride,
                                    int opaque, int compression_level,
                                    unsigned char **out_data, size_t *out_size,
                                    char *errbuf, size_t errlen) {
    relief_png_error_context context;
    relief_byte_buffer buffer = {0, 0, 0, 0};
    unsigned char *volatile row = NULL;
    png_structp png = NULL;
    png_infop info = NULL;
    context.errbuf = errbuf;
    context.errlen = errlen;
    *out_data = NULL;
    *out_size = 0;

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, relief_png_error_fn, relief_png_warning_fn);
    if (!png) { if (errbuf && errlen) strncpy(errbuf, "cannot create PNG writer", errlen - 1); return 1; }
    info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        if (errbuf && errlen) strncpy(errbuf, "cannot create PNG info", errlen - 1);
        return 1;
    }
    if (setjmp(context.jump)) {
        png_destroy_write_struct(&png, &info);
        free(buffer.data);
        free(row);
        return 1;
    }
    png_set_write_fn(png, &buffer, relief_png_write_fn, relief_png_flush_fn);
    png_set_compression_level(png, compression_level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);

    if (opaque) {
        /* cairo's 32-bit pixel 0xXXRRGGBB; on a little-endian machine the bytes are B G R X. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        png_set_bgr(png);
        png_set_filler(png, 0, PNG_FILLER_AFTER);
#else
        png_set_filler(png, 0, PNG_FILLER_BEFORE);
#endif
        for (int y = 0; y < height; y++) {
            png_write_row(png, (png_const_bytep)(pixels + (size_t)y * (size_t)stride));
        }
    } else {
        row = (unsigned char *)malloc((size_t)width * 4);
        if (!row) png_error(png, "out of memory");
        for (int y = 0; y < height; y++) {
            const uint32_t *src = (const uint32_t *)(pixels + (size_t)y * (size_t)stride);
            unsigned char *dst = row;
            for (int x = 0; x < width; x++) {
                uint32_t p = src[x];
                unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                if (a != 0 && a != 255) {
                    r = (r * 255 + a / 2) / a;
                    g = (g * 255 + a / 2) / a;
                    b = (b * 255 + a / 2) / a;
                }
                dst[0] = (unsigned char)r; dst[1] = (unsigned char)g; dst[2] = (unsigned char)b; dst[3] = (unsigned char)a;
                dst += 4;
            }
            png_write_row(png, row);
        }
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    if (buffer.failed) { free(buffer.data); return 1; }
    *out_data = buffer.data;
    *out_size = buffer.size;
    return 0;
}

/* A growable byte buffer for cairo_pdf_surface_create_for_stream. */
static inline cairo_status_t relief_cairo_write_to_buffer(void *closure, const unsigned char *data, unsigned int length) {
    relief_byte_buffer *buffer = (relief_byte_buffer *)closure;
    if (buffer->failed) return CAIRO_STATUS_WRITE_ERROR;
    if (buffer->size + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->size + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (!grown) { buffer->failed = 1; return CAIRO_STATUS_NO_MEMORY; }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, data, length);
    buffer->size += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The write function as a value Swift can pass where cairo wants cairo_write_func_t. */
static inline cairo_write_func_t relief_cairo_buffer_write_func(void) { return relief_cairo_write_to_buffer; }

#endif
