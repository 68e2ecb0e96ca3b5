/* Detection: build a probe of the input's first bytes (and, for a ZIP, its entry names), let every
 * reader bid, take the highest bid. When nobody bids, say what the bytes look like, so that the
 * user learns "this is a PDF" rather than only "unrecognised". */
#include "config.h"

#include "cfb.h"
#include "container_private.h"
#include "context.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct cb_probe {
	unsigned char head[CB_PROBE_HEAD];
	size_t head_len;
	const char *name; /* last path component, NULL for "-" */
	bool is_zip;
	char **entries;
	size_t nentries;
	char mimetype[256];
	bool has_mimetype;
	char zip_error[128]; /* why a ZIP-looking input could not be listed */
	char **cfb;          /* stream names of an OLE compound file */
	size_t ncfb;
};

const unsigned char *cb_probe_head(const cb_probe *p, size_t *len)
{
	if (len)
		*len = p->head_len;
	return p->head;
}

const char *cb_probe_name(const cb_probe *p) { return p->name; }
bool cb_probe_is_zip(const cb_probe *p) { return p->is_zip; }
size_t cb_probe_zip_count(const cb_probe *p) { return p->nentries; }

const char *cb_probe_zip_entry(const cb_probe *p, size_t i)
{
	return i < p->nentries ? p->entries[i] : NULL;
}

bool cb_probe_zip_has(const cb_probe *p, const char *name)
{
	for (size_t i = 0; i < p->nentries; i++)
		if (strcmp(p->entries[i], name) == 0)
			return true;
	return false;
}

const char *cb_probe_zip_mimetype(const cb_probe *p)
{
	return p->has_mimetype ? p->mimetype : NULL;
}

bool cb_probe_is_cfb(const cb_probe *p) { return p->ncfb > 0; }
size_t cb_probe_cfb_count(const cb_probe *p) { return p->ncfb; }

const char *cb_probe_cfb_entry(const cb_probe *p, size_t i)
{
	return i < p->ncfb ? p->cfb[i] : NULL;
}

bool cb_probe_cfb_has(const cb_probe *p, const char *name)
{
	for (size_t i = 0; i < p->ncfb; i++)
		if (strcmp(p->cfb[i], name) == 0)
			return true;
	return false;
}

static bool starts_with(const cb_probe *p, const void *magic, size_t n)
{
	return p->head_len >= n && memcmp(p->head, magic, n) == 0;
}

static void read_mimetype(cb_probe *p, zip_t *za)
{
	zip_file_t *f = zip_fopen(za, "mimetype", 0);
	if (!f)
		return;
	char buf[sizeof p->mimetype];
	zip_int64_t n = zip_fread(f, buf, sizeof buf - 1);
	zip_fclose(f);
	if (n < 0)
		return;
	size_t len = (size_t)n;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		len--;
	memcpy(p->mimetype, buf, len);
	p->mimetype[len] = '\0';
	p->has_mimetype = true;
}

/* Lists a ZIP's entries through libzip, from the file or from memory. Only names are read (and
 * the tiny mimetype entry), so this stays cheap even for large archives. */
static void list_zip(cb_probe *p, cb_input *in)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = cbi_zip_source(in, &err);
	if (!src && zip_error_code_zip(&err) == ZIP_ER_OK) {
		zip_error_fini(&err); /* the input could not be read, and said why */
		return;
	}
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (!za) {
		/* libzip says "Not a zip archive" when it finds no central directory at the end,
		 * which for bytes starting like a ZIP means a file cut short. */
		if (zip_error_code_zip(&err) == ZIP_ER_NOZIP)
			snprintf(p->zip_error, sizeof p->zip_error,
			         "no central directory at its end: truncated?");
		else
			snprintf(p->zip_error, sizeof p->zip_error, "%s", zip_error_strerror(&err));
		if (src)
			zip_source_free(src);
		zip_error_fini(&err);
		return;
	}
	zip_error_fini(&err);
	zip_int64_t n = zip_get_num_entries(za, 0);
	uint64_t max = in->limits[CB_LIMIT_ENTRIES];
	if (n > 0 && max && (uint64_t)n > max)
		n = (zip_int64_t)max;
	p->entries = n > 0 ? calloc((size_t)n, sizeof *p->entries) : NULL;
	for (zip_int64_t i = 0; p->entries && i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		if (name && (p->entries[p->nentries] = strdup(name)))
			p->nentries++;
	}
	p->is_zip = true;
	read_mimetype(p, za);
	/* The reader that wins will open the archive again: it gets this one (cb_zip_open), so the
	 * file is opened and its central directory read once per input, not twice. */
	if (!in->probe_zip)
		in->probe_zip = za;
	else
		zip_discard(za);
}

static cb_probe *probe_new(cb_input *in)
{
	cb_probe *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	ssize_t n = cbi_input_pread(in, p->head, sizeof p->head, 0);
	if (n < 0) {
		free(p);
		return NULL;
	}
	p->head_len = (size_t)n;
	if (strcmp(in->name, "-") != 0) {
		const char *slash = strrchr(in->name, '/');
		p->name = slash ? slash + 1 : in->name;
	}
	if (starts_with(p, "PK\3\4", 4) || starts_with(p, "PK\5\6", 4))
		list_zip(p, in);
	else if (starts_with(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		p->ncfb = cbi_cfb_list(in, &p->cfb);
	return p;
}

static void probe_free(cb_probe *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nentries; i++)
		free(p->entries[i]);
	free(p->entries);
	for (size_t i = 0; i < p->ncfb; i++)
		free(p->cfb[i]);
	free(p->cfb);
	free(p);
}

/* The root element's name of an XML-looking head, into buf; false when there is none. */
static bool xml_root(const cb_probe *p, char *buf, size_t size)
{
	const unsigned char *s = p->head, *end = p->head + p->head_len;
	if (end - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (s < end) {
		while (s < end && *s != '<')
			s++;
		if (end - s < 2)
			return false;
		if (s[1] == '?' || s[1] == '!') { /* declaration, comment or doctype */
			s++;
			continue;
		}
		s++;
		size_t n = 0;
		while (s < end && n + 1 < size && (*s == ':' || *s == '_' || *s == '-' || *s == '.' ||
		                                   (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' &&
		                                                                 (*s | 0x20) <= 'z')))
			buf[n++] = (char)*s++;
		buf[n] = '\0';
		return n > 0;
	}
	return false;
}

/* Whether the head is text but for NUL bytes: printable ASCII, white space and bytes of
 * multibyte characters, with NUL bytes a small part of it (UTF-16 would be half NUL). */
static bool mostly_text(const cb_probe *p)
{
	size_t nul = 0, control = 0;
	for (size_t i = 0; i < p->head_len; i++) {
		unsigned char c = p->head[i];
		nul += c == 0;
		control += c != 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
	}
	return nul * 4 < p->head_len && control * 20 < p->head_len;
}

/* What the bytes look like, for the "unrecognised format" message. Caller frees. */
static char *describe(const cb_probe *p)
{
	const unsigned char *nul;
	char *s = NULL, root[64];
	int r = 0;
	if (p->head_len == 0)
		r = asprintf(&s, "the file is empty");
	else if (p->is_zip && cb_probe_zip_has(p, "xl/workbook.xml"))
		r = asprintf(&s, "an Excel workbook (.xlsx), not a document");
	else if (p->is_zip && cb_probe_zip_has(p, "ppt/presentation.xml"))
		r = asprintf(&s, "a PowerPoint presentation (.pptx), not a document");
	else if (p->is_zip) {
		char list[256] = "";
		size_t used = 0;
		for (size_t i = 0; i < p->nentries && i < 4; i++)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
			                         p->entries[i]);
		r = asprintf(&s, "a ZIP archive with %zu entries (%s%s)%s%s", p->nentries, list,
		             p->nentries > 4 ? ", ..." : "", p->has_mimetype ? " of type " : "",
		             p->has_mimetype ? p->mimetype : "");
	} else if (starts_with(p, "PK\3\4", 4) || starts_with(p, "PK\5\6", 4))
		r = asprintf(&s, "a damaged ZIP archive (%s)", p->zip_error);
	else if (cb_probe_cfb_has(p, "EncryptionInfo") && cb_probe_cfb_has(p, "EncryptedPackage"))
		r = asprintf(&s, "an encrypted Office document: remove the password and save again");
	else if (cb_probe_cfb_has(p, "FileHeader") && cb_probe_cfb_has(p, "BodyText"))
		r = asprintf(&s, "an HWP 5 binary document: save it as HWPX");
	else if (cb_probe_cfb_has(p, "WordDocument"))
		r = asprintf(&s, "a Word 97-2003 document (.doc): save it as .docx");
	else if (cb_probe_cfb_has(p, "Workbook") || cb_probe_cfb_has(p, "Book"))
		r = asprintf(&s, "an Excel 97-2003 workbook");
	else if (starts_with(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		r = asprintf(&s, "an OLE compound file (HWP 5, Word 97-2003 .doc, or an encrypted "
		                 "Office document): save it as HWPX or DOCX");
	else if (starts_with(p, "HWP Document File", 17))
		r = asprintf(&s, "an HWP 3 document: save it as HWPX in a recent Hangul");
	else if (starts_with(p, "%PDF", 4))
		r = asprintf(&s, "a PDF document");
	else if (starts_with(p, "\xFF\xD8\xFF", 3) || starts_with(p, "\x89PNG", 4) ||
	         starts_with(p, "GIF8", 4))
		r = asprintf(&s, "an image");
	else if (starts_with(p, "{\\rtf", 5))
		r = asprintf(&s, "an RTF document");
	else if (xml_root(p, root, sizeof root))
		r = asprintf(&s, "an XML document with root element <%s>", root);
	else if (starts_with(p, "<?xml", 5) || starts_with(p, "\xEF\xBB\xBF<?xml", 8))
		r = asprintf(&s, "an XML document whose root element is not in its first %zu bytes "
		                 "(behind a long document type declaration?)",
		             p->head_len);
	else if ((nul = memchr(p->head, 0, p->head_len)) && mostly_text(p))
		r = asprintf(&s, "text with a NUL byte at offset %zu (binary data, not text)",
		             (size_t)(nul - p->head));
	else {
		char hex[3 * 8 + 1] = "";
		size_t used = 0;
		for (size_t i = 0; i < p->head_len && i < 8; i++)
			used += (size_t)snprintf(hex + used, sizeof hex - used, "%s%02X", i ? " " : "",
			                         p->head[i]);
		r = asprintf(&s, "%zu bytes starting %s", p->head_len, hex);
	}
	return r < 0 ? NULL : s;
}

static bool claims_extension(const cb_plugin_descriptor *d, const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot || !d->extensions)
		return false;
	for (const char *const *e = d->extensions; *e; e++)
		if (strcasecmp(*e, dot + 1) == 0)
			return true;
	return false;
}

/* Highest bid wins; between equal bids the reader claiming the file's extension wins, then the
 * one loaded first (registry order is deterministic). Bids are clamped to 0..100 so that a
 * plugin cannot shout over every other with a huge number. */
const cb_plugin *cbi_detect_input(cb_context *ctx, cb_input *in)
{
	cb_probe *p = probe_new(in);
	if (!p) {
		if (cb_diags_count_at_least(in->diags, CB_SEV_ERROR) == 0)
			cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_NOMEM, in->name, NULL, 0, "out of memory");
		return NULL;
	}
	const cb_plugin *best = NULL;
	int best_bid = 0;
	bool best_ext = false;
	for (size_t i = 0; i < cb_context_plugin_count(ctx); i++) {
		const cb_plugin *pl = cb_context_plugin_at(ctx, i);
		const cb_plugin_descriptor *d = pl->desc;
		if (d->kind != CB_PLUGIN_READER)
			continue;
		int bid = d->bid(p);
		bid = bid < 0 ? 0 : bid > 100 ? 100 : bid;
		bool ext = claims_extension(d, p->name);
		if (bid > best_bid || (bid == best_bid && bid > 0 && ext && !best_ext)) {
			best = pl;
			best_bid = bid;
			best_ext = ext;
		}
	}
	if (!best) {
		char *what = describe(p);
		cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_UNRECOGNISED, in->name, NULL, 0,
		             "unrecognised format: %s", what ? what : "(out of memory)");
		free(what);
	}
	probe_free(p);
	return best;
}

bool cbi_detect_bid(cb_input *in, const cb_plugin *reader, int *bid)
{
	cb_probe *p = probe_new(in);
	if (!p) {
		if (cb_diags_count_at_least(in->diags, CB_SEV_ERROR) == 0)
			cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_NOMEM, in->name, NULL, 0, "out of memory");
		return false;
	}
	*bid = reader->desc->bid(p);
	probe_free(p);
	return true;
}
