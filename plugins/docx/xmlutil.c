/* Small helpers over the safe pull parser (cb_xml): namespaces by URI, attributes, walking the
 * children of an element, and collecting character data. */
#include "config.h"

#include "docx.h"

#include <stdlib.h>
#include <string.h>

/* The recursive-descent parser follows the XML's nesting on the C stack, a few kilobytes per
 * level at most. The host's max-depth (and libxml2's own limit) normally bounds it far lower;
 * this holds even when max-depth is set to 0 (unlimited). */
#define MAX_NEST 1000

/* Each URI with its length: most lookups are told apart by the length alone. */
#define U(s) s, sizeof s - 1
static const struct {
	const char *uri;
	size_t len;
	dx_ns ns;
} namespaces[] = {
	/* The main namespace first: nearly every element of a story is in it. */
	{U("http://schemas.openxmlformats.org/wordprocessingml/2006/main"), DX_NS_W},
	{U("http://schemas.openxmlformats.org/officeDocument/2006/relationships"), DX_NS_R},
	{U("http://schemas.openxmlformats.org/markup-compatibility/2006"), DX_NS_MC},
	{U("http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"), DX_NS_WP},
	{U("http://schemas.openxmlformats.org/drawingml/2006/main"), DX_NS_A},
	{U("http://schemas.openxmlformats.org/drawingml/2006/picture"), DX_NS_PIC},
	{U("urn:schemas-microsoft-com:vml"), DX_NS_V},
	{U("urn:schemas-microsoft-com:office:office"), DX_NS_O},
	{U("http://schemas.openxmlformats.org/officeDocument/2006/math"), DX_NS_M},
	{U("http://schemas.openxmlformats.org/package/2006/relationships"), DX_NS_REL},
	{U("http://schemas.openxmlformats.org/package/2006/content-types"), DX_NS_CT},
	{U("http://schemas.openxmlformats.org/package/2006/metadata/core-properties"), DX_NS_CP},
	{U("http://purl.org/dc/elements/1.1/"), DX_NS_DC},
	{U("http://purl.org/dc/terms/"), DX_NS_DCTERMS},
	{U("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"), DX_NS_EP},
	/* ISO 29500 strict spells the same vocabularies differently. */
	{U("http://purl.oclc.org/ooxml/wordprocessingml/main"), DX_NS_W},
	{U("http://purl.oclc.org/ooxml/officeDocument/relationships"), DX_NS_R},
	{U("http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing"), DX_NS_WP},
	{U("http://purl.oclc.org/ooxml/drawingml/main"), DX_NS_A},
	{U("http://purl.oclc.org/ooxml/drawingml/picture"), DX_NS_PIC},
	{U("http://purl.oclc.org/ooxml/officeDocument/math"), DX_NS_M},
	{U("http://purl.oclc.org/ooxml/officeDocument/extendedProperties"), DX_NS_EP},
};
#undef U

/* Extensions whose markup holds nothing the reader would miss, or that it reads through
 * (Word 2010 shapes, groups and canvases hold text boxes and pictures in w: and a: markup). */
static const char *const understood_extensions[] = {
	"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
	"http://schemas.microsoft.com/office/word/2010/wordml",
	"http://schemas.microsoft.com/office/word/2012/wordml",
	"http://schemas.microsoft.com/office/drawing/2010/main",
	"urn:schemas-microsoft-com:office:word",
};

static dx_ns classify(const char *uri)
{
	if (!uri)
		return DX_NS_NONE;
	size_t len = strlen(uri);
	for (size_t i = 0; i < sizeof namespaces / sizeof *namespaces; i++)
		if (namespaces[i].len == len && memcmp(uri, namespaces[i].uri, len) == 0)
			return namespaces[i].ns;
	return DX_NS_OTHER;
}

dx_ns dx_node_ns(cb_xml *x) { return classify(cb_xml_ns(x)); }

bool dx_ns_understood(const char *uri)
{
	if (!uri)
		return false;
	dx_ns ns = classify(uri);
	if (ns != DX_NS_OTHER && ns != DX_NS_NONE)
		return true;
	for (size_t i = 0; i < sizeof understood_extensions / sizeof *understood_extensions; i++)
		if (strcmp(uri, understood_extensions[i]) == 0)
			return true;
	return false;
}

const char *dx_local(cb_xml *x) { return cb_xml_name(x); }

/* The value of the element's attribute with this namespace and local name, or NULL. */
static const char *find_attr(cb_xml *x, dx_ns ns, const char *local)
{
	size_t n = cb_xml_attr_count(x);
	for (size_t i = 0; i < n; i++) {
		const char *uri, *name;
		const char *v = cb_xml_attr_at(x, i, &uri, &name);
		if (strcmp(name, local) == 0 && classify(uri) == ns)
			return v;
	}
	return NULL;
}

char *dx_attr(cb_xml *x, dx_ns ns, const char *local)
{
	const char *v = find_attr(x, ns, local);
	return v ? strdup(v) : NULL;
}

bool dx_attr_buf(cb_xml *x, dx_ns ns, const char *local, char *buf, size_t size)
{
	const char *v = find_attr(x, ns, local);
	if (v)
		snprintf(buf, size, "%s", v);
	return v != NULL;
}

bool dx_in(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

bool dx_on(cb_xml *x)
{
	char v[16];
	if (!dx_attr_buf(x, DX_NS_W, "val", v, sizeof v))
		return true;
	return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
	         strcmp(v, "none") == 0);
}

int dx_open_depth(cb_xml *x) { return cb_xml_is_empty(x) ? -1 : (int)cb_xml_depth(x); }

int dx_next_child(cb_xml *x, int depth)
{
	for (;;) {
		int r = cb_xml_next(x);
		if (r <= 0)
			return r;
		cb_xml_node_type type = cb_xml_type(x);
		if (type == CB_XML_START) {
			if (cb_xml_depth(x) > MAX_NEST) {
				cb_xml_report(x, CB_SEV_ERROR, CB_E_LIMIT,
				              "elements nest deeper than the DOCX reader follows "
				              "(%d)",
				              MAX_NEST);
				return -1;
			}
			return 1;
		}
		if (type == CB_XML_END && (int)cb_xml_depth(x) <= depth)
			return 0;
	}
}

int dx_skip(cb_xml *x)
{
	int depth = dx_open_depth(x);
	if (depth < 0)
		return 0;
	for (;;) {
		int r = cb_xml_next(x);
		if (r <= 0)
			return r;
		if (cb_xml_type(x) == CB_XML_END && (int)cb_xml_depth(x) <= depth)
			return 0;
	}
}

int dx_text(cb_xml *x, int (*fn)(void *ctx, const char *s, size_t len), void *ctx)
{
	int depth = dx_open_depth(x);
	if (depth < 0)
		return 0;
	for (;;) {
		int r = cb_xml_next(x);
		if (r <= 0)
			return r;
		switch (cb_xml_type(x)) {
		case CB_XML_TEXT: {
			size_t len;
			const char *v = cb_xml_text(x, &len);
			if (len && fn(ctx, v, len) < 0)
				return -1;
			break;
		}
		case CB_XML_END:
			if ((int)cb_xml_depth(x) <= depth)
				return 0;
			break;
		default:
			break;
		}
	}
}

typedef struct buffer {
	char *s;
	size_t len, cap;
} buffer;

/* Metadata values are short; a megabyte of title is not one. */
#define TEXT_MAX (1u << 20)

static int append(void *ctx, const char *s, size_t len)
{
	buffer *b = ctx;
	if (b->len + len > TEXT_MAX)
		return 0;
	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->len + len + 1) * 2;
		char *grown = realloc(b->s, cap);
		if (!grown)
			return -1;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char *dx_text_dup(cb_xml *x, bool *failed)
{
	buffer b = {0};
	*failed = dx_text(x, append, &b) < 0;
	if (*failed || !b.s) {
		free(b.s);
		return NULL;
	}
	size_t start = 0, end = b.len;
	while (start < end && is_space(b.s[start]))
		start++;
	while (end > start && is_space(b.s[end - 1]))
		end--;
	if (start == end) {
		free(b.s);
		return NULL;
	}
	memmove(b.s, b.s + start, end - start);
	b.s[end - start] = '\0';
	return b.s;
}
