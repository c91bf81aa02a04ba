#ifndef RELIEF_CCAIRO_SHIM_H
#define RELIEF_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <png.h>
#endif
