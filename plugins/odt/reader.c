/* casebook reader for OpenDocument Text: .odt packages (LibreOffice, Hancom Office and Word all
 * save it), .ott templates, and flat .fodt XML.
 *
 * A package is read in the order that lets each part be streamed once: the mimetype (is it a
 * text document at all?), the manifest (media types, encryption), meta.xml (metadata),
 * styles.xml (common styles), then content.xml (automatic styles, then the body). A flat
 * document holds the same elements in one stream, in the same order. */
#include "odt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ODT_TYPE "application/vnd.oasis.opendocument.text"
#define OTT_TYPE "application/vnd.oasis.opendocument.text-template"
#define ODF_PREFIX "application/vnd.oasis.opendocument."

/* --- walking the markup -------------------------------------------------------------------- */

odt_scope odt_enter(odt *o)
{
	odt_scope s = {(int)cb_xml_depth(o->x), false};
	if (cb_xml_type(o->x) != CB_XML_START || cb_xml_is_empty(o->x))
		s.done = true;
	return s;
}

bool odt_next_child(odt *o, odt_scope *s)
{
	if (s->done || o->failed)
		return false;
	for (;;) {
		int got = cb_xml_next(o->x);
		if (got != 1) {
			if (got < 0 && !o->failed) {
				o->failed = true; /* the parser has reported why */
				o->code = CB_E_SYNTAX;
			}
			s->done = true;
			return false;
		}
		int depth = (int)cb_xml_depth(o->x);
		if (depth <= s->depth) {
			s->done = true;
			return false;
		}
		/* Deeper nodes belong to a child the caller chose not to visit. */
		if (depth == s->depth + 1 && cb_xml_type(o->x) != CB_XML_END)
			return true;
	}
}

bool odt_is(odt *o, const char *ns, const char *local)
{
	if (cb_xml_type(o->x) != CB_XML_START)
		return false;
	const char *u = cb_xml_ns(o->x);
	return u && strcmp(cb_xml_name(o->x), local) == 0 && strcmp(u, ns) == 0;
}

int odt_node_type(odt *o) { return (int)cb_xml_type(o->x); }

char *odt_attr(odt *o, const char *ns, const char *local)
{
	const char *v = cb_xml_attr(o->x, ns, local);
	char *copy = v ? strdup(v) : NULL;
	if (v && !copy)
		odt_fail(o, CB_E_NOMEM, "out of memory");
	return copy;
}

long odt_attr_long(odt *o, const char *ns, const char *local, long def, long lo, long hi)
{
	char *v = odt_attr(o, ns, local);
	if (!v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v)
		n = def;
	free(v);
	return n < lo ? lo : n > hi ? hi : n;
}

static bool append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t want = (*len + n + 1) * 2;
		char *grown = realloc(*buf, want);
		if (!grown)
			return false;
		*buf = grown;
		*cap = want;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

char *odt_text_content(odt *o)
{
	size_t len = 0, cap = 64;
	char *buf = malloc(cap);
	if (!buf) {
		odt_fail(o, CB_E_NOMEM, "out of memory");
		return NULL;
	}
	buf[0] = '\0';
	if (cb_xml_is_empty(o->x))
		return buf;
	int depth = (int)cb_xml_depth(o->x);
	for (;;) {
		int got = cb_xml_next(o->x);
		if (got != 1 || (int)cb_xml_depth(o->x) <= depth) {
			if (got < 0) {
				o->failed = true;
				o->code = CB_E_SYNTAX;
				free(buf);
				return NULL;
			}
			return buf;
		}
		if (cb_xml_type(o->x) != CB_XML_TEXT)
			continue;
		const char *v = cb_xml_text(o->x, NULL);
		if (v && !append(&buf, &len, &cap, v, strlen(v))) {
			free(buf);
			odt_fail(o, CB_E_NOMEM, "out of memory");
			return NULL;
		}
	}
}

void odt_fail(odt *o, cb_code code, const char *fmt, ...)
{
	if (o->failed)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (o->x)
		cb_xml_report(o->x, CB_SEV_ERROR, code, "%s", msg);
	else
		cb_input_report(o->in, CB_SEV_ERROR, code, NULL, 0, "%s", msg);
	o->failed = true;
	o->code = code;
}

bool odt_built(odt *o, const void *node)
{
	if (node)
		return true;
	const char *why = cb_document_error(o->doc);
	int code = cb_document_error_code(o->doc);
	odt_fail(o, code ? (cb_code)code : CB_E_NOMEM, "%s", why ? why : "out of memory");
	return false;
}

/* --- the manifest ------------------------------------------------------------------------ */

static void manifest_entry(odt *o)
{
	char *path = odt_attr(o, NS_MANIFEST, "full-path");
	char *type = odt_attr(o, NS_MANIFEST, "media-type");
	if (path && type) {
		char **grown = realloc(o->manifest, (o->nmanifest + 2) * sizeof *grown);
		if (grown) {
			o->manifest = grown;
			o->manifest[o->nmanifest] = strdup(path);
			o->manifest[o->nmanifest + 1] = strdup(type);
			if (o->manifest[o->nmanifest] && o->manifest[o->nmanifest + 1])
				o->nmanifest += 2;
			else {
				free(o->manifest[o->nmanifest]);
				free(o->manifest[o->nmanifest + 1]);
			}
		}
	}
	/* A password-protected document keeps its parts encrypted with the document's own
	 * scheme (not ZIP encryption): its XML would only look damaged. */
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s))
		if (odt_is(o, NS_MANIFEST, "encryption-data") && path &&
		    (strcmp(path, "content.xml") == 0 || strcmp(path, "styles.xml") == 0))
			o->encrypted = true;
	free(path);
	free(type);
}

const char *odt_manifest_type(const odt *o, const char *path)
{
	for (size_t i = 0; i + 1 < o->nmanifest; i += 2)
		if (strcmp(o->manifest[i], path) == 0)
			return o->manifest[i + 1];
	return NULL;
}

/* --- metadata ---------------------------------------------------------------------------- */

static char *trimmed(char *s)
{
	if (!s)
		return NULL;
	char *start = s + strspn(s, " \t\r\n");
	size_t n = strlen(start);
	while (n && strchr(" \t\r\n", start[n - 1]))
		n--;
	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

static void set_meta(odt *o, const char *key, const char *value)
{
	if (value && *value && cb_document_set_meta(o->doc, key, value) != 0)
		odt_built(o, NULL);
}

/* office:meta: the Dublin Core and ODF fields the model has keys for. The author is the initial
 * creator; dc:creator is whoever saved last, used only when the first is missing. */
static void meta(odt *o)
{
	static const struct {
		const char *ns, *local, *key;
	} map[] = {
		{NS_DC, "title", "title"},
		{NS_DC, "subject", "subject"},
		{NS_DC, "description", "description"},
		{NS_META, "initial-creator", "creator"},
		{NS_META, "creation-date", "created"},
		{NS_DC, "date", "modified"},
		{NS_DC, "language", "language"},
		{NS_META, "generator", "producer"},
	};
	char *last_editor = NULL, *keywords = NULL;
	size_t klen = 0, kcap = 0;
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		if (odt_is(o, NS_META, "keyword")) {
			char *k = trimmed(odt_text_content(o));
			if (k && *k && ((klen && !append(&keywords, &klen, &kcap, ", ", 2)) ||
			                !append(&keywords, &klen, &kcap, k, strlen(k))))
				odt_fail(o, CB_E_NOMEM, "out of memory");
			free(k);
			continue;
		}
		if (odt_is(o, NS_DC, "creator")) {
			free(last_editor);
			last_editor = trimmed(odt_text_content(o));
			continue;
		}
		for (size_t i = 0; i < sizeof map / sizeof *map; i++)
			if (odt_is(o, map[i].ns, map[i].local)) {
				char *v = trimmed(odt_text_content(o));
				set_meta(o, map[i].key, v);
				free(v);
				break;
			}
	}
	if (!o->failed && !cb_document_meta(o->doc, "creator"))
		set_meta(o, "creator", last_editor);
	if (!o->failed)
		set_meta(o, "keywords", keywords);
	free(last_editor);
	free(keywords);
}

/* --- parts ------------------------------------------------------------------------------- */

/* Moves to the root element; false when the part has none (already reported). */
static bool to_root(odt *o)
{
	int got;
	while ((got = cb_xml_next(o->x)) == 1)
		if (odt_node_type(o) == CB_XML_START)
			return true;
	if (got == 0)
		odt_fail(o, CB_E_SYNTAX, "the part has no root element");
	o->failed = true;
	if (!o->code)
		o->code = CB_E_SYNTAX;
	return false;
}

/* The children of a part's root (office:document-content, -styles, -meta, office:document or
 * manifest:manifest): every part is read by this one loop, which takes from each what it has. */
static void part_children(odt *o)
{
	/* styles.xml's automatic styles serve its page headers and may reuse the names of
	 * content.xml's automatic styles ("P1"), so only a flat document's and content.xml's
	 * count. */
	bool automatic = !odt_is(o, NS_OFFICE, "document-styles");
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		if (odt_is(o, NS_OFFICE, "meta"))
			meta(o);
		else if (odt_is(o, NS_OFFICE, "styles") ||
		         (automatic && odt_is(o, NS_OFFICE, "automatic-styles")))
			odt_styles_read(o);
		else if (odt_is(o, NS_OFFICE, "body"))
			odt_body(o);
		else if (odt_is(o, NS_MANIFEST, "file-entry"))
			manifest_entry(o);
	}
}

static void read_part(odt *o, const char *name)
{
	o->x = cb_xml_open_zip_entry(o->zip, name);
	if (!o->x) {
		o->failed = true; /* reported by the container or the parser */
		o->code = CB_E_INVALID;
		return;
	}
	if (to_root(o))
		part_children(o);
	cb_xml_close(o->x);
	o->x = NULL;
}

/* The mimetype entry, when there is one, says whether this is a text document at all. */
static void check_mimetype(odt *o)
{
	if (!cb_zip_has(o->zip, "mimetype"))
		return;
	size_t len = 0;
	char *type = (char *)cb_zip_read(o->zip, "mimetype", &len);
	if (!type) {
		o->failed = true;
		o->code = CB_E_INVALID;
		return;
	}
	trimmed(type);
	if (strcmp(type, ODT_TYPE) != 0 && strcmp(type, OTT_TYPE) != 0) {
		if (strncmp(type, ODF_PREFIX, strlen(ODF_PREFIX)) == 0)
			odt_fail(o, CB_E_UNSUPPORTED, "an OpenDocument %.64s document, not a text document",
			         type + strlen(ODF_PREFIX));
		else
			odt_fail(o, CB_E_UNSUPPORTED, "not an OpenDocument text: its mimetype is '%.64s'",
			         type);
	}
	free(type);
}

static void read_package(odt *o)
{
	if (!(o->zip = cb_zip_open(o->in))) {
		o->failed = true;
		o->code = CB_E_SYNTAX;
		return;
	}
	check_mimetype(o);
	if (!o->failed && !cb_zip_has(o->zip, "content.xml"))
		odt_fail(o, CB_E_INVALID, "no content.xml: not an OpenDocument package");
	if (!o->failed && cb_zip_has(o->zip, "META-INF/manifest.xml"))
		read_part(o, "META-INF/manifest.xml");
	if (!o->failed && o->encrypted)
		odt_fail(o, CB_E_UNSUPPORTED,
		         "encrypted document: open it, remove the password and save again");
	if (!o->failed && cb_zip_has(o->zip, "meta.xml"))
		read_part(o, "meta.xml");
	if (!o->failed && cb_zip_has(o->zip, "styles.xml"))
		read_part(o, "styles.xml");
	if (!o->failed)
		read_part(o, "content.xml");
	cb_zip_close(o->zip);
	o->zip = NULL;
}

static void read_flat(odt *o)
{
	o->x = cb_xml_open_input(o->in);
	if (!o->x) {
		o->failed = true;
		o->code = CB_E_SYNTAX;
		return;
	}
	if (to_root(o)) {
		char *type = odt_attr(o, NS_OFFICE, "mimetype");
		if (!odt_is(o, NS_OFFICE, "document"))
			odt_fail(o, CB_E_UNSUPPORTED, "not an OpenDocument flat XML document (root <%.64s>)",
			         cb_xml_qname(o->x));
		else if (type && strcmp(type, ODT_TYPE) != 0 && strcmp(type, OTT_TYPE) != 0)
			odt_fail(o, CB_E_UNSUPPORTED, "not an OpenDocument text: its mimetype is '%.64s'",
			         type);
		free(type);
		if (!o->failed)
			part_children(o);
	}
	cb_xml_close(o->x);
	o->x = NULL;
}

static cb_code read_odt(cb_input *in, cb_document *doc)
{
	odt o = {.in = in, .doc = doc};
	unsigned char magic[4] = {0};
	ssize_t n = cb_input_read(in, magic, sizeof magic);
	if (n < 0 || cb_input_rewind(in) != 0)
		return CB_E_IO;
	if (n == 0) {
		cb_input_report(in, CB_SEV_ERROR, CB_E_SYNTAX, NULL, 0, "the file is empty");
		return CB_E_SYNTAX;
	}
	if (n == 4 && (memcmp(magic, "PK\3\4", 4) == 0 || memcmp(magic, "PK\5\6", 4) == 0))
		read_package(&o);
	else
		read_flat(&o);
	if (!o.failed && !o.saw_body)
		odt_fail(&o, CB_E_INVALID, "the document has no body (office:body)");
	odt_styles_free(&o);
	odt_body_free(&o);
	for (size_t i = 0; i < o.nmanifest; i++)
		free(o.manifest[i]);
	free(o.manifest);
	return o.failed ? (o.code ? o.code : CB_E_SYNTAX) : CB_OK;
}

/* --- bidding ----------------------------------------------------------------------------- */

static bool named(const cb_probe *p, const char *ext)
{
	const char *name = cb_probe_name(p);
	const char *dot = name ? strrchr(name, '.') : NULL;
	return dot && strcasecmp(dot + 1, ext) == 0;
}

static bool head_has(const unsigned char *head, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(head + i, s, n) == 0)
			return true;
	return false;
}

/* Scores (see plugin.h for the scale):
 *   90  a ZIP whose mimetype entry says OpenDocument text: the format's own signature
 *   85  flat XML whose root is office:document with that mimetype (its signature too; a little
 *       lower because it is found by scanning the first bytes, not by a dedicated entry)
 *   80  a template (.ott): the same content, so ours, but not what the user usually means
 *   30  a ZIP without a mimetype entry but with ODF's content.xml and manifest, named .odt:
 *       some converters leave the mimetype out; the generic container and the name match
 *    0  anything else, including other OpenDocument types (spreadsheets, presentations) */
static int bid(const cb_probe *p)
{
	if (cb_probe_is_zip(p)) {
		const char *type = cb_probe_zip_mimetype(p);
		if (type)
			return strcmp(type, ODT_TYPE) == 0 ? 90 : strcmp(type, OTT_TYPE) == 0 ? 80 : 0;
		if (cb_probe_zip_has(p, "content.xml") && cb_probe_zip_has(p, "META-INF/manifest.xml") &&
		    named(p, "odt"))
			return 30;
		return 0;
	}
	size_t len;
	const unsigned char *head = cb_probe_head(p, &len);
	if ((head_has(head, len, "<office:document ") || head_has(head, len, "<office:document\n") ||
	     head_has(head, len, "<office:document\r")) &&
	    head_has(head, len, "office:mimetype=\"" ODT_TYPE "\""))
		return 85;
	return 0;
}

static const char *const extensions[] = {"odt", "ott", "fodt", NULL};
static const char *const media_types[] = {ODT_TYPE, OTT_TYPE,
                                          "application/vnd.oasis.opendocument.text-flat-xml",
                                          NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "odt",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "OpenDocument Text (.odt, .ott, flat .fodt)",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = bid,
	.read = read_odt,
};
