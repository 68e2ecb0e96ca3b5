/* ZIP containers for readers, held to the host's limits (see <casebook/container.h>).
 *
 * The sizes an archive declares are only claims: a bomb declares small sizes and expands without
 * end. So the limits are enforced on the bytes actually produced while reading, and the declared
 * sizes serve only to refuse early what would certainly be over. */
#include "config.h"

#include <casebook/container.h>

#include "container_private.h"
#include "input.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* Below this many expanded bytes an entry's compression ratio is not judged: small XML parts full
 * of repeated markup legitimately compress more than any sane ratio limit. */
#define RATIO_FLOOR (1u << 20)
/* Deflated entries up to this size are expanded in one go by libdeflate, which with its CRC is
 * some three times faster than zlib's streaming inflate through libzip: the parts of an office
 * document are nearly all small. Larger ones stream, so memory never follows a part's size. */
#define WHOLE_MAX (4u << 20)
/* Archives up to this size are read into memory whole before libzip opens them. */
#define IN_MEMORY_MAX (8u << 20)

struct cb_zip {
	cb_input *in;
	zip_t *za;
	zip_int64_t count;
	uint64_t expanded; /* bytes produced so far from every entry */
	struct libdeflate_decompressor *inflater; /* made when first needed */
};

struct cb_zip_entry {
	cb_zip *z;
	zip_file_t *f;        /* streaming through libzip, */
	unsigned char *whole; /* or expanded in one go: its bytes */
	size_t whole_pos;
	char *name;
	uint64_t produced;
	uint64_t comp_size;
	uint64_t declared; /* the size the archive claims for it */
	bool failed;
};

static void report(cb_input *in, const char *part, cb_code code, const char *fmt, ...)
	CB_PRINTF(4, 5);
static void report(cb_input *in, const char *part, cb_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(in->diags, CB_SEV_ERROR, code, in->name, part, 0, fmt, ap);
	va_end(ap);
}

zip_source_t *cbi_zip_source(cb_input *in, zip_error_t *err)
{
	if (in->path && in->size > IN_MEMORY_MAX)
		return zip_source_file_create(in->path, 0, -1, err);
	size_t len;
	const void *data = cb_input_contents(in, &len);
	return data ? zip_source_buffer_create(data, len, 0, err) : NULL;
}

/* The input's archive: the one detection opened when there is one (so the file is opened and
 * its central directory read once per input), else opened here. NULL, reported, on failure. */
static zip_t *open_archive(cb_input *in)
{
	zip_t *za = in->probe_zip;
	in->probe_zip = NULL;
	if (za)
		return za;
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = cbi_zip_source(in, &err);
	if (!src && zip_error_code_zip(&err) == ZIP_ER_OK) {
		zip_error_fini(&err); /* the input said why */
		return NULL;
	}
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (!za) {
		int code = zip_error_code_zip(&err);
		if (code == ZIP_ER_NOZIP)
			report(in, NULL, CB_E_SYNTAX,
			       "not a ZIP archive, or a truncated one (no central directory found)");
		else
			report(in, NULL, CB_E_SYNTAX, "damaged ZIP archive: %s", zip_error_strerror(&err));
		if (src)
			zip_source_free(src);
	}
	zip_error_fini(&err);
	return za;
}

cb_zip *cb_zip_open(cb_input *in)
{
	zip_t *za = open_archive(in);
	if (!za)
		return NULL;
	zip_int64_t n = zip_get_num_entries(za, 0);
	uint64_t max = in->limits[CB_LIMIT_ENTRIES];
	if (n < 0 || (max && (uint64_t)n > max)) {
		report(in, NULL, CB_E_LIMIT, "the archive has %lld entries, more than %s (%llu)",
		       (long long)n, cb_limit_name(CB_LIMIT_ENTRIES), (unsigned long long)max);
		zip_discard(za);
		return NULL;
	}
	cb_zip *z = calloc(1, sizeof *z);
	if (!z) {
		report(in, NULL, CB_E_NOMEM, "out of memory");
		zip_discard(za);
		return NULL;
	}
	z->in = in;
	z->za = za;
	z->count = n;
	return z;
}

void cb_zip_close(cb_zip *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	if (z->inflater)
		libdeflate_free_decompressor(z->inflater);
	free(z);
}

size_t cb_zip_count(const cb_zip *z) { return (size_t)z->count; }

const char *cb_zip_name(const cb_zip *z, size_t i)
{
	if ((zip_int64_t)i >= z->count)
		return NULL;
	return zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
}

bool cb_zip_has(const cb_zip *z, const char *name)
{
	return zip_name_locate(z->za, name, ZIP_FL_ENC_GUESS) >= 0;
}

bool cb_zip_is_encrypted(const cb_zip *z, const char *name)
{
	zip_stat_t st;
	return zip_stat(z->za, name, ZIP_FL_ENC_GUESS, &st) == 0 &&
	       (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
}

/* Expands a deflated entry of st.size bytes in one go and checks its CRC. 1 when done (e->whole
 * set), 0 when it is not one to expand this way, -1 when out of memory (reported). An entry
 * that does not expand cleanly to its size and CRC is left to libzip too, so that damage is
 * found and described the same way whichever path would have read it. */
static int expand_whole(cb_zip_entry *e, const zip_stat_t *st)
{
	cb_zip *z = e->z;
	const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC |
	                          ZIP_STAT_COMP_METHOD | ZIP_STAT_INDEX;
	if ((st->valid & need) != need || st->comp_method != ZIP_CM_DEFLATE ||
	    st->size > WHOLE_MAX || st->comp_size > WHOLE_MAX)
		return 0;
	if (!z->inflater && !(z->inflater = libdeflate_alloc_decompressor()))
		return 0;
	zip_file_t *raw = zip_fopen_index(z->za, st->index, ZIP_FL_COMPRESSED);
	if (!raw)
		return 0;
	unsigned char *comp = malloc(st->comp_size ? st->comp_size : 1);
	unsigned char *out = malloc(st->size + 1);
	int rc = -1;
	if (!comp || !out) {
		report(z->in, e->name, CB_E_NOMEM, "out of memory");
		goto done;
	}
	zip_int64_t got = zip_fread(raw, comp, st->comp_size);
	if (got < 0 || (zip_uint64_t)got != st->comp_size) {
		rc = 0;
		goto done;
	}
	size_t in_used, produced;
	enum libdeflate_result r = libdeflate_deflate_decompress_ex(
		z->inflater, comp, st->comp_size, out, st->size + 1, &in_used, &produced);
	if (r != LIBDEFLATE_SUCCESS || produced != st->size ||
	    libdeflate_crc32(0, out, produced) != st->crc)
		rc = 0;
	else {
		e->whole = out;
		out = NULL;
		rc = 1;
	}
done:
	zip_fclose(raw);
	free(comp);
	free(out);
	return rc;
}

cb_zip_entry *cb_zip_entry_open(cb_zip *z, const char *name)
{
	cb_input *in = z->in;
	zip_stat_t st;
	if (zip_stat(z->za, name, ZIP_FL_ENC_GUESS, &st) != 0) {
		report(in, name, CB_E_INVALID, "the archive has no entry of this name");
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		report(in, name, CB_E_UNSUPPORTED,
		       "encrypted document: remove the password and save again");
		return NULL;
	}
	uint64_t budget = in->limits[CB_LIMIT_UNCOMPRESSED];
	if (budget && (st.valid & ZIP_STAT_SIZE) && st.size > budget - z->expanded) {
		report(in, name, CB_E_LIMIT,
		       "expands to %llu bytes, more than %s (%llu) allows for the whole archive",
		       (unsigned long long)st.size, cb_limit_name(CB_LIMIT_UNCOMPRESSED),
		       (unsigned long long)budget);
		return NULL;
	}
	/* A bomb that declares what it is can be refused before a byte is expanded. */
	uint64_t ratio = in->limits[CB_LIMIT_RATIO];
	if (ratio && (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
	    st.size > RATIO_FLOOR && st.size / (st.comp_size ? st.comp_size : 1) > ratio) {
		report(in, name, CB_E_LIMIT,
		       "declares %llu bytes from %llu compressed, more than %s (%llu to 1) allows: a "
		       "ZIP bomb, or raise the limit",
		       (unsigned long long)st.size, (unsigned long long)st.comp_size,
		       cb_limit_name(CB_LIMIT_RATIO), (unsigned long long)ratio);
		return NULL;
	}
	cb_zip_entry *e = calloc(1, sizeof *e);
	if (!e || !(e->name = strdup(name))) {
		free(e);
		report(in, name, CB_E_NOMEM, "out of memory");
		return NULL;
	}
	e->z = z;
	e->comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	e->declared = (st.valid & ZIP_STAT_SIZE) ? st.size : UINT64_MAX;
	int whole = expand_whole(e, &st);
	if (whole < 0) {
		free(e->name);
		free(e);
		return NULL;
	}
	if (!whole && !(e->f = zip_fopen_index(z->za, st.index, 0))) {
		report(in, name, CB_E_SYNTAX, "cannot read this entry: %s", zip_strerror(z->za));
		free(e->name);
		free(e);
		return NULL;
	}
	return e;
}

ssize_t cb_zip_entry_read(cb_zip_entry *e, void *buf, size_t len)
{
	if (e->failed)
		return -1;
	cb_zip *z = e->z;
	cb_input *in = z->in;
	zip_int64_t n;
	if (e->whole) {
		n = (zip_int64_t)(e->declared - e->whole_pos < len ? e->declared - e->whole_pos : len);
		memcpy(buf, e->whole + e->whole_pos, (size_t)n);
		e->whole_pos += (size_t)n;
	} else
		n = zip_fread(e->f, buf, len);
	if (n < 0) {
		report(in, e->name, CB_E_SYNTAX, "damaged entry: %s",
		       zip_error_strerror(zip_file_get_error(e->f)));
		e->failed = true;
		return -1;
	}
	e->produced += (uint64_t)n;
	z->expanded += (uint64_t)n;
	/* libzip inflates to the end of the deflate stream, whatever size the entry claims: a bomb
	 * that lies about its size is caught when it passes the size it declared. */
	if (e->produced > e->declared) {
		report(in, e->name, CB_E_SYNTAX,
		       "damaged entry: it expands past the %llu bytes it declares (a ZIP bomb?)",
		       (unsigned long long)e->declared);
		e->failed = true;
		return -1;
	}
	uint64_t budget = in->limits[CB_LIMIT_UNCOMPRESSED];
	uint64_t ratio = in->limits[CB_LIMIT_RATIO];
	if (budget && z->expanded > budget) {
		report(in, e->name, CB_E_LIMIT,
		       "the archive expands to more than %s (%llu bytes): a ZIP bomb, or raise the limit",
		       cb_limit_name(CB_LIMIT_UNCOMPRESSED), (unsigned long long)budget);
		e->failed = true;
		return -1;
	}
	if (ratio && e->produced > RATIO_FLOOR && e->produced / (e->comp_size ? e->comp_size : 1) > ratio) {
		report(in, e->name, CB_E_LIMIT,
		       "compressed more than %s (%llu to 1) allows: a ZIP bomb, or raise the limit",
		       cb_limit_name(CB_LIMIT_RATIO), (unsigned long long)ratio);
		e->failed = true;
		return -1;
	}
	return (ssize_t)n;
}

void cb_zip_entry_close(cb_zip_entry *e)
{
	if (!e)
		return;
	if (e->f)
		zip_fclose(e->f);
	free(e->whole);
	free(e->name);
	free(e);
}

unsigned char *cb_zip_read(cb_zip *z, const char *name, size_t *len)
{
	cb_zip_entry *e = cb_zip_entry_open(z, name);
	if (!e)
		return NULL;
	size_t cap = 8192, used = 0;
	unsigned char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			report(z->in, name, CB_E_NOMEM, "out of memory");
			break;
		}
		if (cap - used < 4097) {
			unsigned char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				buf = NULL;
				continue;
			}
			buf = grown;
			cap *= 2;
		}
		ssize_t n = cb_zip_entry_read(e, buf + used, cap - used - 1);
		if (n < 0) {
			free(buf);
			buf = NULL;
			break;
		}
		if (n == 0) {
			buf[used] = '\0';
			if (len)
				*len = used;
			break;
		}
		used += (size_t)n;
	}
	cb_zip_entry_close(e);
	return buf;
}

cb_input *cbi_zip_input(const cb_zip *z) { return z->in; }
