/* Parts and packages for the DOCX and HWPX writers (see pkgw.h). The archive is libzip's, kept
 * in a memory source: nothing touches the file system, and the host writes the bytes out. */
#include "config.h"

#include "pkgw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* DOS date of 1980-01-01 (day 1, month 1, year 0) and time 00:00:00: the earliest a ZIP can
 * say, which is also what Hangul writes. */
#define PKGW_DOS_DATE ((1u << 5) | 1u)
#define PKGW_DOS_TIME 0u

void pkgw_write(pkgw_buf *b, const void *data, size_t len)
{
	if (b->failed || len == 0)
		return;
	if (b->cap - b->len <= len) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->len <= len) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return;
			}
			cap *= 2;
		}
		char *grown = realloc(b->data, cap);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void pkgw_puts(pkgw_buf *b, const char *s) { pkgw_write(b, s, strlen(s)); }

void pkgw_printf(pkgw_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		pkgw_write(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	pkgw_write(b, big, (size_t)n);
	free(big);
}

void pkgw_xml_text(pkgw_buf *b, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = s[i] == '&'   ? "&amp;"
		                  : s[i] == '<' ? "&lt;"
		                  : s[i] == '>' ? "&gt;"
		                  : s[i] == '"' ? "&quot;"
		                                : NULL;
		if (!esc)
			continue;
		pkgw_write(b, s + run, i - run);
		pkgw_puts(b, esc);
		run = i + 1;
	}
	pkgw_write(b, s + run, len - run);
}

void pkgw_xml_str(pkgw_buf *b, const char *s) { pkgw_xml_text(b, s, strlen(s)); }

void pkgw_buf_free(pkgw_buf *b)
{
	free(b->data);
	*b = (pkgw_buf)PKGW_BUF_INIT;
}

struct pkgw_zip {
	zip_source_t *src; /* the archive's bytes, kept past zip_close */
	zip_t *z;
};

pkgw_zip *pkgw_zip_new(void)
{
	pkgw_zip *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	zip_error_t err;
	zip_error_init(&err);
	p->src = zip_source_buffer_create(NULL, 0, 0, &err);
	if (p->src) {
		zip_source_keep(p->src);
		p->z = zip_open_from_source(p->src, ZIP_TRUNCATE, &err);
	}
	zip_error_fini(&err);
	if (!p->z) {
		pkgw_zip_free(p);
		return NULL;
	}
	return p;
}

bool pkgw_zip_add(pkgw_zip *z, const char *name, pkgw_buf *part, bool store)
{
	if (part->failed)
		return false;
	/* An empty part still needs a buffer libzip can own. */
	if (!part->data && !(part->data = calloc(1, 1)))
		return false;
	zip_source_t *s = zip_source_buffer(z->z, part->data, part->len, 1);
	if (!s)
		return false;
	*part = (pkgw_buf)PKGW_BUF_INIT; /* the source owns the bytes now */
	zip_int64_t i = zip_file_add(z->z, name, s, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(s);
		return false;
	}
	zip_uint64_t idx = (zip_uint64_t)i;
	return zip_set_file_compression(z->z, idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9) == 0 &&
	       zip_file_set_dostime(z->z, idx, PKGW_DOS_TIME, PKGW_DOS_DATE, 0) == 0;
}

/* Appends the bytes of a closed archive's source to out. */
static bool copy_out(zip_source_t *src, cb_output *out)
{
	if (zip_source_open(src) != 0)
		return false;
	bool ok = true;
	char chunk[16384];
	zip_int64_t n = 0;
	while (ok && (n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		ok = cb_output_write(out, chunk, (size_t)n) == 0;
	ok = ok && n == 0;
	zip_source_close(src);
	return ok;
}

cb_code pkgw_zip_finish(pkgw_zip *z, cb_output *out)
{
	bool ok = zip_close(z->z) == 0;
	if (ok)
		z->z = NULL;
	ok = ok && copy_out(z->src, out);
	pkgw_zip_free(z);
	if (!ok) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_WRITE, "cannot assemble the ZIP package");
		return CB_E_WRITE;
	}
	return CB_OK;
}

void pkgw_zip_free(pkgw_zip *z)
{
	if (!z)
		return;
	if (z->z)
		zip_discard(z->z);
	if (z->src)
		zip_source_free(z->src);
	free(z);
}
