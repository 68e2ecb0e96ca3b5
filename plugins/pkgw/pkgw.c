/* Parts and packages for the DOCX and HWPX writers (see pkgw.h). The archive is libzip's, kept
 * in a memory source, and the host writes the bytes out; a casebook written a case at a time
 * keeps its large parts and the archive in temporary files instead. */
#include "config.h"

#include "pkgw.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* DOS date of 1980-01-01 (day 1, month 1, year 0) and time 00:00:00: the earliest a ZIP can
 * say, which is also what Hangul writes. */
#define PKGW_DOS_DATE ((1u << 5) | 1u)
#define PKGW_DOS_TIME 0u

#define PKGW_SPILL_AT (64u << 10)

void pkgw_write(pkgw_buf *b, const void *data, size_t len)
{
	if (b->spill && b->len >= PKGW_SPILL_AT)
		pkgw_spool_put(b->spill, b);
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
	char *path; /* the temporary file holding them, for an archive on disk; removed at the end */
};

/* Opens p's archive on a new source: the file at p->path when there is one, memory otherwise.
 * NULL, with p freed, when it cannot be opened. */
static pkgw_zip *open_archive(pkgw_zip *p)
{
	zip_error_t err;
	zip_error_init(&err);
	p->src = p->path ? zip_source_file_create(p->path, 0, -1, &err)
	                 : zip_source_buffer_create(NULL, 0, 0, &err);
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

pkgw_zip *pkgw_zip_new(void)
{
	pkgw_zip *p = calloc(1, sizeof *p);
	return p ? open_archive(p) : NULL;
}

/* The compression and the fixed date every entry gets. */
static bool entry_settings(pkgw_zip *z, zip_int64_t i, bool store)
{
	zip_uint64_t idx = (zip_uint64_t)i;
	return zip_set_file_compression(z->z, idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9) == 0 &&
	       zip_file_set_dostime(z->z, idx, PKGW_DOS_TIME, PKGW_DOS_DATE, 0) == 0;
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
	return entry_settings(z, i, store);
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
	if (z->path)
		unlink(z->path);
	free(z->path);
	free(z);
}

/* --- spools and archives on disk --------------------------------------------------------- */

bool pkgw_spool_open(pkgw_spool *s)
{
	*s = (pkgw_spool){tmpfile(), 0, false};
	return s->f != NULL;
}

void pkgw_spool_put(pkgw_spool *s, pkgw_buf *b)
{
	if (b->failed)
		s->failed = true;
	else if (b->len && !s->failed && fwrite(b->data, 1, b->len, s->f) != b->len)
		s->failed = true;
	else
		s->len += b->len;
	b->len = 0;
}

void pkgw_spool_close(pkgw_spool *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
}

pkgw_zip *pkgw_zip_new_on_disk(cb_output *out)
{
	pkgw_zip *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	const char *name = cb_output_name(out), *slash = strrchr(name, '/');
	const char *tmp = getenv("TMPDIR");
	int n = slash ? asprintf(&p->path, "%.*s/.casebook.package.XXXXXX", (int)(slash - name), name)
	              : asprintf(&p->path, "%s/.casebook.package.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (n < 0) {
		free(p);
		return NULL;
	}
	int fd = mkstemp(p->path);
	if (fd < 0) {
		free(p->path);
		p->path = NULL;
		pkgw_zip_free(p);
		return NULL;
	}
	close(fd);
	return open_archive(p);
}

/* A run of a spool's bytes as a libzip source: read with pread, so that the spool's own
 * position does not matter and several runs can be read in turn. */
typedef struct run_source {
	int fd;
	uint64_t at, len, pos;
	zip_error_t error;
} run_source;

static zip_int64_t run_callback(void *data, void *buf, zip_uint64_t len, zip_source_cmd_t cmd)
{
	run_source *r = data;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		r->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		uint64_t left = r->len - r->pos;
		size_t n = (size_t)(len < left ? len : left);
		ssize_t got = n ? pread(r->fd, buf, n, (off_t)(r->at + r->pos)) : 0;
		if (got < 0 || (size_t)got != n) {
			zip_error_set(&r->error, ZIP_ER_READ, got < 0 ? errno : EIO);
			return -1;
		}
		r->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = buf;
		zip_stat_init(st);
		st->size = r->len;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&r->error, buf, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&r->error);
		free(r);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_READABLE;
	default:
		zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

bool pkgw_zip_add_spooled(pkgw_zip *z, const char *name, const pkgw_spool *s, uint64_t at,
                          uint64_t len, bool store)
{
	if (s->failed || fflush(s->f) != 0)
		return false;
	run_source *r = calloc(1, sizeof *r);
	if (!r)
		return false;
	*r = (run_source){.fd = fileno(s->f), .at = at, .len = len};
	zip_error_init(&r->error);
	zip_source_t *src = zip_source_function(z->z, run_callback, r);
	if (!src) {
		zip_error_fini(&r->error);
		free(r);
		return false;
	}
	zip_int64_t i = zip_file_add(z->z, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src); /* frees r */
		return false;
	}
	return entry_settings(z, i, store);
}
