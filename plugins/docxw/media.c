/* Pictures for the DOCX writer: each media object a document shows is copied once into
 * word/media, sized from its own header (Word needs the size in the document; at 96 pixels an
 * inch, shrunk to the text width when wider). */
#include "config.h"

#include "docxw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMU_PER_PIXEL 9525L /* 914400 EMU an inch, 96 pixels an inch */
#define EMU_PER_TWIP 635L
#define DEFAULT_PIXELS 320L

static unsigned long be(const unsigned char *p, int n)
{
	unsigned long v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Width and height in pixels from a PNG, GIF, BMP or JPEG header; false when not found. */
static bool pixel_size(const unsigned char *d, size_t len, long *w, long *h)
{
	if (len >= 24 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0) {
		*w = (long)be(d + 16, 4);
		*h = (long)be(d + 20, 4);
	} else if (len >= 10 && memcmp(d, "GIF8", 4) == 0) {
		*w = d[6] | d[7] << 8;
		*h = d[8] | d[9] << 8;
	} else if (len >= 26 && d[0] == 'B' && d[1] == 'M') {
		*w = (long)(d[18] | d[19] << 8 | d[20] << 16 | (unsigned long)d[21] << 24);
		*h = labs((long)(int32_t)(d[22] | d[23] << 8 | d[24] << 16 | (uint32_t)d[25] << 24));
	} else if (len >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
		/* JPEG: walk the segments to the first start-of-frame marker. */
		size_t i = 2;
		for (;;) {
			if (i + 9 > len || d[i] != 0xFF)
				return false;
			unsigned m = d[i + 1];
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				*h = (long)be(d + i + 5, 2);
				*w = (long)be(d + i + 7, 2);
				break;
			}
			i += 2 + be(d + i + 2, 2);
		}
	} else {
		return false;
	}
	return *w > 0 && *h > 0 && *w < 100000 && *h < 100000;
}

static const char *extension(const char *type)
{
	static const char *const types[][2] = {{"image/png", "png"},
	                                       {"image/jpeg", "jpeg"},
	                                       {"image/gif", "gif"},
	                                       {"image/bmp", "bmp"}};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(type, types[i][0]) == 0)
			return types[i][1];
	return NULL;
}

const dw_image *dw_image_for(dw *w, const cb_media *m)
{
	for (size_t i = 0; i < w->nimages; i++)
		if (w->images[i].media == m)
			return &w->images[i];
	const char *ext = extension(cb_media_type(m));
	if (!ext)
		return NULL;
	if (w->nimages == w->capimages) {
		size_t cap = w->capimages ? w->capimages * 2 : 8;
		dw_image *grown = realloc(w->images, cap * sizeof *grown);
		if (!grown) {
			w->nomem = true;
			return NULL;
		}
		w->images = grown;
		w->capimages = cap;
	}
	dw_image *img = &w->images[w->nimages];
	if (asprintf(&img->part, "media/image%zu.%s", w->nimages + 1, ext) < 0) {
		w->nomem = true;
		return NULL;
	}
	size_t len;
	const unsigned char *data = cb_media_data(m, &len);
	long px_w, px_h;
	if (!pixel_size(data, len, &px_w, &px_h))
		px_w = px_h = DEFAULT_PIXELS;
	img->media = m;
	img->rel = w->next_rel++;
	img->cx = px_w * EMU_PER_PIXEL;
	img->cy = px_h * EMU_PER_PIXEL;
	long max = DW_TEXT_WIDTH * EMU_PER_TWIP;
	if (img->cx > max) {
		img->cy = (long)((double)img->cy * max / img->cx);
		img->cx = max;
	}
	pkgw_printf(&w->rels, "<Relationship Id=\"rId%u\" Type=\"http://schemas.openxmlformats.org/"
	                      "officeDocument/2006/relationships/image\" Target=\"%s\"/>",
	            img->rel, img->part);
	w->nimages++;
	return img;
}
