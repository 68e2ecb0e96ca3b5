/* The HWPML reader: the single XML file of Hangul's "Save as HWPML" (.hml).
 *
 *   HWPML Version SubVersion
 *     HEAD   DOCSUMMARY (title, author, date...), MAPPINGTABLE (pictures' BINITEMs, styles,
 *            shapes, numbering: what common.c needs for headings, lists and marks)
 *     BODY   SECTION/P/TEXT/CHAR: the text, read by common.c, shared with the HWPX reader
 *     TAIL   BINDATASTORAGE/BINDATA: the pictures, base64, after the body that shows them
 *
 * Hangul writes it as UTF-8 with a byte order mark; the copy inside an HWPX's DocHistory has no
 * declaration at all; other tools write UTF-16. libxml2 tells these apart by the first bytes,
 * and the whole file is streamed: memory grows with the depth of the document and the largest
 * picture, not with the file. */
#include "config.h"

#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bin_item {
	unsigned long bin_data; /* the BINDATA Id holding its bytes */
	char format[16];        /* "png", "jpg", ... */
	bool link;              /* a picture outside the document (APath), not embedded */
	bool shown;             /* a picture refers to it: its data goes into the media store */
	char *name;             /* the original file name, when a picture's comment gave it */
	char id[32];            /* its media id */
} bin_item;

enum part { PART_NONE, PART_HEAD, PART_BODY, PART_TAIL };

typedef struct hwpml {
	cb_input *in;
	cb_document *doc;
	hwp_reader *r;
	bin_item *items;
	size_t nitems, capitems;
	enum part part;
	bool seen_body;
	bool in_summary;  /* inside HEAD/DOCSUMMARY */
	int summary_key;  /* the DOCSUMMARY entry being read, or -1 */
	char producer[96];
	long bin_data;    /* the BINDATA being read, or -1 */
	bool compressed;  /* ... and whether it says its bytes are compressed */
	hwp_buf text;
} hwpml;

/* --- bidding -------------------------------------------------------------------------------- */

/* The head as ASCII: UTF-16 (with a byte order mark, or recognised by its zero bytes) keeps
 * the low byte of each unit, so that "<HWPML" reads the same in every encoding. */
static size_t ascii_head(const unsigned char *s, size_t len, char *out, size_t size)
{
	size_t n = 0, i = 0, step = 1, low = 0;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	else if (len >= 2 && memcmp(s, "\xFF\xFE", 2) == 0)
		i = 2, step = 2, low = 0;
	else if (len >= 2 && memcmp(s, "\xFE\xFF", 2) == 0)
		i = 2, step = 2, low = 1;
	else if (len >= 2 && s[0] == '<' && s[1] == 0)
		step = 2, low = 0;
	else if (len >= 2 && s[0] == 0 && s[1] == '<')
		step = 2, low = 1;
	for (; i + low < len && n + 1 < size; i += step) {
		unsigned char c = s[i + low];
		if (step == 2 && s[i + 1 - low] != 0)
			c = '?'; /* not ASCII */
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* The end of a document type declaration (with its internal subset, if any), or NULL. */
static const char *doctype_end(const char *s)
{
	const char *gt = strchr(s, '>'), *open = strchr(s, '[');
	if (open && (!gt || open < gt)) {
		const char *close = strstr(open, "]");
		gt = close ? strchr(close, '>') : NULL;
	}
	return gt ? gt + 1 : NULL;
}

/* Skips white space, an XML declaration, comments, processing instructions and a document type
 * declaration (bid on, so that reading can say DTDs are refused). */
static const char *skip_prolog(const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		const char *end = NULL;
		if (strncmp(s, "<?", 2) == 0)
			end = (end = strstr(s, "?>")) ? end + 2 : NULL;
		else if (strncmp(s, "<!--", 4) == 0)
			end = (end = strstr(s, "-->")) ? end + 3 : NULL;
		else if (strncmp(s, "<!DOCTYPE", 9) == 0)
			end = doctype_end(s);
		if (!end)
			return s;
		s = end;
	}
}

/* Bids 90 when the root element is HWPML, after an optional byte order mark (UTF-8 or UTF-16)
 * and an optional declaration: the format's own signature, whatever the file is called
 * (HWPML files named .hwp circulate). Nothing else is bid on. */
static int bid(const cb_probe *p)
{
	size_t len;
	const unsigned char *head = cb_probe_head(p, &len);
	char ascii[1024];
	ascii_head(head, len, ascii, sizeof ascii);
	const char *s = skip_prolog(ascii);
	if (strncmp(s, "<HWPML", 6) != 0)
		return 0;
	char c = s[6];
	return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\r' || c == '\n' ? 90 : 0;
}

/* --- the head ------------------------------------------------------------------------------ */

static void nomem(hwpml *h)
{
	cb_input_report(h->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
	hwp_reader_fail(h->r, CB_E_NOMEM);
}

/* DOCSUMMARY entries and the metadata keys they become; DATE is free Korean text. */
static const struct {
	const char *element, *key;
	bool date;
} summary[] = {
	{"TITLE", "title", false}, {"SUBJECT", "subject", false}, {"AUTHOR", "creator", false},
	{"KEYWORDS", "keywords", false}, {"COMMENTS", "description", false},
	{"DATE", "created", true},
};

static void summary_node(hwpml *h, cb_xml *x, int depth)
{
	if (hwp_is_start(x) && depth == 3) {
		h->summary_key = -1;
		for (size_t i = 0; i < sizeof summary / sizeof summary[0]; i++)
			if (strcmp(hwp_local_name(x), summary[i].element) == 0)
				h->summary_key = (int)i;
		hwp_buf_clear(&h->text);
		if (cb_xml_is_empty(x))
			h->summary_key = -1;
	} else if (hwp_is_text(x) && h->summary_key >= 0) {
		const char *s = cb_xml_text(x, NULL);
		if (s && !hwp_buf_add(&h->text, s, strlen(s)))
			nomem(h);
	} else if (hwp_is_end(x) && depth == 3 && h->summary_key >= 0) {
		hwp_set_meta(h->r, summary[h->summary_key].key, h->text.s ? h->text.s : "",
		             summary[h->summary_key].date);
		h->summary_key = -1;
	}
}

/* <BINITEM BinData="1" Format="png" Type="Embedding"/>, in BINDATALIST order: pictures refer to
 * them by their position, counted from 1. */
static void bin_item_node(hwpml *h, cb_xml *x)
{
	if (h->nitems == h->capitems) {
		size_t cap = h->capitems ? h->capitems * 2 : 8;
		bin_item *grown = realloc(h->items, cap * sizeof *grown);
		if (!grown) {
			nomem(h);
			return;
		}
		h->items = grown;
		h->capitems = cap;
	}
	bin_item *it = &h->items[h->nitems];
	memset(it, 0, sizeof *it);
	char buf[32];
	it->bin_data = h->nitems + 1;
	if (hwp_attr(x, "BinData", buf, sizeof buf))
		it->bin_data = strtoul(buf, NULL, 10);
	hwp_attr(x, "Format", it->format, sizeof it->format);
	it->link = hwp_attr(x, "Type", buf, sizeof buf) && strcmp(buf, "Link") == 0;
	snprintf(it->id, sizeof it->id, "image%lu", it->bin_data);
	h->nitems++;
}

/* A node inside HEAD: the summary and the pictures' list are read here, the rest (styles,
 * shapes, numbering) in common.c. */
static void head_node(hwpml *h, cb_xml *x, int depth)
{
	if (depth == 2 && hwp_is_start(x) && strcmp(hwp_local_name(x), "DOCSUMMARY") == 0)
		h->in_summary = !cb_xml_is_empty(x);
	else if (depth == 2 && hwp_is_end(x))
		h->in_summary = false;
	else if (h->in_summary)
		summary_node(h, x, depth);
	else if (hwp_is_start(x) && strcmp(hwp_local_name(x), "BINITEM") == 0)
		bin_item_node(h, x);
	hwp_head_node(h->r, x);
}

/* --- pictures ------------------------------------------------------------------------------ */

/* IMAGE BinItem="N" names the N-th BINITEM. Its data comes after the body, so the picture gets
 * the media id the data will have; hwp_finish drops the picture if the data never comes. */
static const char *media_for(void *ctx, hwp_reader *r, const char *ref, const char *name_hint)
{
	hwpml *h = ctx;
	char *end;
	unsigned long n = strtoul(ref, &end, 10);
	if (*end || n < 1 || n > h->nitems) {
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "a picture refers to binary item '%s', which HEAD does not list; it was "
		                "left out", ref);
		return NULL;
	}
	bin_item *it = &h->items[n - 1];
	if (it->link) {
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "picture %lu is linked to a file outside the document; it was left out",
		                n);
		return NULL;
	}
	it->shown = true;
	if (name_hint && !it->name && !(it->name = strdup(name_hint))) {
		nomem(h);
		return NULL;
	}
	(void)r;
	return it->id;
}

/* The picture types BINITEM Format names. */
static const char *format_type(const char *format)
{
	const char *t = hwp_type_for_extension(format);
	return t ? t : "application/octet-stream";
}

static void bin_data_start(hwpml *h, cb_xml *x)
{
	char buf[32];
	h->bin_data = hwp_attr(x, "Id", buf, sizeof buf) ? (long)strtoul(buf, NULL, 10) : -1;
	h->compressed = hwp_attr(x, "Compress", buf, sizeof buf) && strcmp(buf, "true") == 0;
	hwp_buf_clear(&h->text);
}

/* <BINDATA Encoding="Base64" Id="1" Size="86310">iVBORw0KGgo...: into the media store, when a
 * picture shows it. */
static void bin_data_end(hwpml *h)
{
	bin_item *it = NULL;
	for (size_t i = 0; i < h->nitems; i++)
		if (h->bin_data >= 0 && h->items[i].bin_data == (unsigned long)h->bin_data &&
		    h->items[i].shown)
			it = &h->items[i];
	if (!it || cb_document_find_media(h->doc, it->id))
		return;
	size_t len;
	unsigned char *data = cb_base64_decode(h->text.s ? h->text.s : "", h->text.len, &len);
	if (!data) {
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "the data of picture %ld is not base64; the picture was left out",
		                h->bin_data);
		return;
	}
	const char *type = hwp_sniff_image(data, len);
	if (!type && h->compressed) {
		/* Hangul can deflate BINDATA; reading that would need zlib in this plugin. */
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "the data of picture %ld is compressed, which is not supported; the "
		                "picture was left out", h->bin_data);
		free(data);
		return;
	}
	if (!cb_document_add_media(h->doc, it->id, type ? type : format_type(it->format), it->name,
	                           data, len))
		nomem(h);
	free(data);
}

static void tail_node(hwpml *h, cb_xml *x)
{
	if (hwp_is_start(x) && strcmp(hwp_local_name(x), "BINDATA") == 0) {
		bin_data_start(h, x);
		if (cb_xml_is_empty(x))
			h->bin_data = -1;
	} else if (hwp_is_text(x) && h->bin_data >= 0) {
		const char *s = cb_xml_text(x, NULL);
		if (s && !hwp_buf_add(&h->text, s, strlen(s)))
			nomem(h);
	} else if (hwp_is_end(x) && h->bin_data >= 0) {
		bin_data_end(h);
		h->bin_data = -1;
		hwp_buf_clear(&h->text);
	}
}

/* --- reading -------------------------------------------------------------------------------- */

/* The root: HWPML Version (of the format) and SubVersion (of the Hangul that wrote it). */
static bool root_node(hwpml *h, cb_xml *x)
{
	if (strcmp(hwp_local_name(x), "HWPML") != 0) {
		cb_xml_report(x, CB_SEV_ERROR, CB_E_INVALID,
		              "not an HWPML document: the root element is <%s>", hwp_local_name(x));
		hwp_reader_fail(h->r, CB_E_INVALID);
		return false;
	}
	char version[32] = "", sub[32] = "";
	hwp_attr(x, "Version", version, sizeof version);
	hwp_attr(x, "SubVersion", sub, sizeof sub);
	if (sub[0] || version[0])
		snprintf(h->producer, sizeof h->producer, "Hangul%s%s (HWPML%s%s)", sub[0] ? " " : "",
		         sub, version[0] ? " " : "", version);
	return true;
}

/* A child of the root starts or ends: the part it is decides where the nodes inside go. */
static void part_node(hwpml *h, cb_xml *x)
{
	if (hwp_is_end(x)) {
		if (h->part == PART_HEAD || h->part == PART_BODY)
			hwp_part_end(h->r);
		h->part = PART_NONE;
		return;
	}
	if (!hwp_is_start(x) || cb_xml_is_empty(x))
		return;
	const char *n = hwp_local_name(x);
	h->part = strcmp(n, "HEAD") == 0 ? PART_HEAD
	          : strcmp(n, "BODY") == 0 ? PART_BODY
	          : strcmp(n, "TAIL") == 0 ? PART_TAIL
	                                   : PART_NONE;
	if (h->part == PART_BODY)
		h->seen_body = true;
}

static cb_code read_stream(hwpml *h)
{
	cb_xml *x = cb_xml_open_input(h->in);
	if (!x)
		return CB_E_NOMEM;
	int rc;
	while (hwp_reader_status(h->r) == CB_OK && (rc = cb_xml_next(x)) == 1) {
		int depth = (int)cb_xml_depth(x);
		if (depth == 0) {
			if (hwp_is_start(x) && !root_node(h, x))
				break;
		} else if (depth == 1)
			part_node(h, x);
		else if (h->part == PART_HEAD)
			head_node(h, x, depth);
		else if (h->part == PART_BODY)
			hwp_body_node(h->r, x);
		else if (h->part == PART_TAIL)
			tail_node(h, x);
	}
	/* The parser goes, so nothing may refer to its nodes any more. */
	hwp_part_end(h->r);
	cb_xml_close(x);
	if (rc < 0)
		hwp_reader_fail(h->r, CB_E_SYNTAX);
	if (hwp_reader_status(h->r) == CB_OK && !h->seen_body)
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "the HWPML document has no BODY: it holds no text");
	return hwp_reader_status(h->r);
}

/* Whether the input is a ZIP package (HWPX, DOCX): said plainly rather than as malformed XML
 * when this reader is asked to read one. */
static bool is_zip(cb_input *in)
{
	unsigned char head[4];
	bool zip = cb_input_read(in, head, 4) == 4 && memcmp(head, "PK\3\4", 4) == 0;
	cb_input_rewind(in);
	if (zip)
		cb_input_report(in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
		                "not an HWPML document: a ZIP package (HWPX, DOCX or ODT)");
	return zip;
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	if (hwp_refuse_binary(in))
		return CB_E_UNSUPPORTED;
	if (is_zip(in))
		return CB_E_INVALID;
	hwpml h = {.in = in, .doc = doc, .summary_key = -1, .bin_data = -1};
	if (!(h.r = hwp_reader_new(in, doc, &hwp_names_hwpml, media_for, &h)))
		return CB_E_NOMEM;
	cb_code rc = read_stream(&h);
	/* Set last, as the HWPX reader does: the document's own metadata come first. */
	if (rc == CB_OK && h.producer[0] && !hwp_set_meta(h.r, "producer", h.producer, false))
		rc = hwp_reader_status(h.r);
	if (rc == CB_OK)
		rc = hwp_finish(h.r);
	hwp_reader_free(h.r);
	for (size_t i = 0; i < h.nitems; i++)
		free(h.items[i].name);
	free(h.items);
	hwp_buf_free(&h.text);
	return rc;
}

static const char *const extensions[] = {"hml", "hwpml", NULL};
/* What Hangul itself calls it (an HWPX's manifest lists its DocHistory copy so), and the
 * x- form other software uses. */
static const char *const media_types[] = {"application/hancomhml", "application/x-hwpml", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "hwpml",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "Hangul HWPML documents (.hml), the single-file XML of \"Save as HWPML\"",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = bid,
	.read = read_doc,
};
