/* A fast reading of styles.xml. The part is most of what a small document costs to read: Word
 * writes some 30 kB of it into every file (table styles, spacing, fonts), of which this reader
 * needs a few attributes per style. Through libxml2's pull reader that took two thirds of the
 * time spent converting a typical submission; this scanner walks the bytes once and keeps only
 * what styles.c would keep, with the same rules (see read_style there).
 *
 * It is deliberately narrow. It reads the part only when it is plainly well-formed UTF-8 XML
 * whose WordprocessingML namespace is declared once, on the root element, under one prefix, with
 * no document type declaration, CDATA section or namespace declared anywhere else; it checks
 * names, quoting, references, comments and the nesting of every tag as it goes. Anything else,
 * and it declines: styles.c then parses the part with libxml2 as before, which also reports
 * whatever is wrong with it. Both must give the same styles; fuzz/reader.c compares them. */
#include "config.h"

#include "docx.h"

#include <libxml/uri.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Styles do not nest; deeper markup is left to libxml2 and its limits. */
#define MAX_STACK 64

static const char *const w_uris[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://purl.oclc.org/ooxml/wordprocessingml/main",
};

/* What an open element is to the reading, as styles.c's nested loops see it. */
enum role {
	R_OUTSIDE,  /* outside styles and defaults: w:style and w:docDefaults are looked for */
	R_DEFAULTS, /* within w:docDefaults: any w:lang gives the language */
	R_STYLE,    /* a w:style: its direct children are read */
	R_INNER,    /* a w:name or w:basedOn read without skipping its content (as read_style
	               does), so that its children count as the style's own */
	R_PPR,      /* its w:pPr: outline level and numbering */
	R_NUMPR,    /* within w:numPr: any w:numId or w:ilvl */
	R_RPR,      /* its w:rPr: run properties */
	R_SKIP      /* nothing here matters */
};

struct frame {
	const char *name; /* the qualified name, to check the end tag */
	size_t len;
	enum role role;
};

/* The prefixes the root declares. */
#define MAX_PREFIXES 48

typedef struct scan {
	const char *p, *end;
	const char *w; /* the prefix bound to the WordprocessingML namespace */
	size_t wlen;
	const char *prefix[MAX_PREFIXES];
	size_t plen[MAX_PREFIXES], nprefixes;
	struct frame stack[MAX_STACK];
	size_t depth, max_depth;
	bool in_style;
	dx_styles *s;
	size_t cap;
	dx_style style; /* the w:style being read */
	bool nomem;
} scan;

/* An attribute of the tag being read. */
typedef struct attr {
	const char *name, *value; /* value between its quotes, references not yet decoded */
	size_t nlen, vlen;
} attr;

#define MAX_ATTRS 32

/* --- characters ------------------------------------------------------------------------------ */

/* Whether the whole text is UTF-8 and holds only characters XML allows. Eight bytes at a time
 * while they are printable ASCII, which is nearly all of the part. */
static bool chars_ok(const unsigned char *s, size_t n)
{
	const uint64_t high = 0x8080808080808080u, low = 0x2020202020202020u;
	for (size_t i = 0; i < n;) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			/* No byte at 0x80 or above, and none below 0x20. */
			if (!((w | (w - low)) & high)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x80) {
			i++;
			continue;
		}
		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				return false;
			i++;
			continue;
		}
		size_t need;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF)
			need = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 4, cp = c & 0x07;
		else
			return false;
		if (n - i < need)
			return false;
		for (size_t k = 1; k < need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		/* Overlong forms, surrogates, past U+10FFFF, and the non-characters XML forbids. */
		if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
			return false;
		i += need;
	}
	return true;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Bytes that may start a name (1) or continue one (2 and 1): ASCII letters, '_' and ':', the
 * bytes of other characters (>= 0x80, already checked to be UTF-8), then digits, '.' and '-'. */
#define L 3
#define D 2
static const unsigned char name_class[256] = {
	['-'] = D, ['.'] = D, ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D,
	['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D, [':'] = L, ['_'] = L,
	['A'] = L, ['B'] = L, ['C'] = L, ['D'] = L, ['E'] = L, ['F'] = L, ['G'] = L, ['H'] = L,
	['I'] = L, ['J'] = L, ['K'] = L, ['L'] = L, ['M'] = L, ['N'] = L, ['O'] = L, ['P'] = L,
	['Q'] = L, ['R'] = L, ['S'] = L, ['T'] = L, ['U'] = L, ['V'] = L, ['W'] = L, ['X'] = L,
	['Y'] = L, ['Z'] = L,
	['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L, ['f'] = L, ['g'] = L, ['h'] = L,
	['i'] = L, ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L, ['n'] = L, ['o'] = L, ['p'] = L,
	['q'] = L, ['r'] = L, ['s'] = L, ['t'] = L, ['u'] = L, ['v'] = L, ['w'] = L, ['x'] = L,
	['y'] = L, ['z'] = L,
	[0x80 ... 0xFF] = L,
};
#undef L
#undef D

static bool name_start(unsigned char c) { return name_class[c] == 3; }

static bool name_char(unsigned char c) { return name_class[c] != 0; }

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

/* A name at p: its end, or NULL. */
static const char *name_end(const char *p, const char *end)
{
	if (p >= end || !name_start((unsigned char)*p))
		return NULL;
	while (p < end && name_char((unsigned char)*p))
		p++;
	return p;
}

/* The reference at s (just after '&'), within n bytes: its length up to and including ';' and
 * the character it stands for in out (UTF-8, *olen bytes); 0 when it is none XML predefines. */
static size_t reference(const char *s, size_t n, char *out, size_t *olen)
{
	static const struct {
		const char *name;
		char c;
	} predefined[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
	for (size_t i = 0; i < sizeof predefined / sizeof *predefined; i++) {
		size_t len = strlen(predefined[i].name);
		if (n >= len && memcmp(s, predefined[i].name, len) == 0) {
			out[0] = predefined[i].c;
			*olen = 1;
			return len;
		}
	}
	if (n < 3 || s[0] != '#')
		return 0;
	size_t i = 1;
	int base = 10;
	if (s[1] == 'x')
		base = 16, i = 2;
	uint32_t cp = 0;
	size_t digits = 0;
	for (; i < n && s[i] != ';'; i++, digits++) {
		char lower = (char)(s[i] | 0x20);
		int d = s[i] >= '0' && s[i] <= '9'                     ? s[i] - '0'
		        : base == 16 && lower >= 'a' && lower <= 'f' ? lower - 'a' + 10
		                                                     : -1;
		if (d < 0 || digits > 7)
			return 0;
		cp = cp * (uint32_t)base + (uint32_t)d;
	}
	if (i >= n || !digits)
		return 0;
	/* The characters XML allows; the same test as chars_ok. */
	if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
		return 0;
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80)
		o[0] = (unsigned char)cp, *olen = 1;
	else if (cp < 0x800)
		o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F)),
		*olen = 2;
	else if (cp < 0x10000)
		o[0] = (unsigned char)(0xE0 | cp >> 12), o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
		o[2] = (unsigned char)(0x80 | (cp & 0x3F)), *olen = 3;
	else
		o[0] = (unsigned char)(0xF0 | cp >> 18), o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F)),
		o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (unsigned char)(0x80 | (cp & 0x3F)),
		*olen = 4;
	return i + 1;
}

/* Whether character data (or an attribute value) is well-formed: every '&' a reference, and
 * no '<' in a value. */
static bool data_ok(const char *s, size_t n, bool value)
{
	const char *end = s + n;
	if (value ? memchr(s, '<', n) != NULL : memmem(s, n, "]]>", 3) != NULL)
		return false;
	for (const char *p = memchr(s, '&', n); p; p = memchr(p, '&', (size_t)(end - p))) {
		char c[4];
		size_t olen, len = reference(p + 1, (size_t)(end - p - 1), c, &olen);
		if (!len)
			return false;
		p += len + 1;
	}
	return true;
}

/* An attribute value decoded, as libxml2 gives it: references replaced, and every white-space
 * character a space (attribute-value normalisation). Caller frees; NULL when out of memory. */
static char *decode(const attr *a)
{
	char *out = malloc(a->vlen + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = a->value, *end = a->value + a->vlen; p < end; p++) {
		if (*p == '&') {
			size_t olen;
			p += reference(p + 1, (size_t)(end - p - 1), o, &olen);
			o += olen;
		} else if (*p == '\r' && p + 1 < end && p[1] == '\n') {
			/* Line ends are normalised before anything else: CR LF is one space. */
			*o++ = ' ';
			p++;
		} else
			*o++ = is_space(*p) ? ' ' : *p;
	}
	*o = '\0';
	return out;
}

/* Decoded into buf (cut to its size, as snprintf would). */
static void decode_buf(const attr *a, char *buf, size_t size)
{
	char *v = decode(a);
	snprintf(buf, size, "%s", v ? v : "");
	free(v);
}

/* --- tags ------------------------------------------------------------------------------------ */

/* Reads the attributes of the tag whose name ends at p: into a[], *n of them; *empty for "/>".
 * Leaves p past the '>'. False when the tag is not well-formed or declares a namespace (only
 * the root may; root says whether this is the root). */
static bool read_attrs(scan *sc, attr *a, size_t *n, bool *empty, bool root)
{
	const char *p = sc->p, *end = sc->end;
	*n = 0;
	for (;;) {
		const char *q = skip_space(p, end);
		if (q >= end)
			return false;
		if (*q == '>' || (*q == '/' && q + 1 < end && q[1] == '>')) {
			*empty = *q == '/';
			sc->p = q + (*empty ? 2 : 1);
			return true;
		}
		if (q == p) /* attributes are separated by white space */
			return false;
		const char *ne = name_end(q, end);
		if (!ne || *n == MAX_ATTRS)
			return false;
		attr *at = &a[*n];
		at->name = q;
		at->nlen = (size_t)(ne - q);
		if (!root && at->nlen >= 5 && memcmp(q, "xmlns", 5) == 0 &&
		    (at->nlen == 5 || q[5] == ':'))
			return false;
		q = skip_space(ne, end);
		if (q >= end || *q != '=')
			return false;
		q = skip_space(q + 1, end);
		if (q >= end || (*q != '"' && *q != '\''))
			return false;
		const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
		if (!close)
			return false;
		at->value = q + 1;
		at->vlen = (size_t)(close - q - 1);
		if (!data_ok(at->value, at->vlen, true))
			return false;
		for (size_t k = 0; k < *n; k++) /* an attribute given twice is an error */
			if (a[k].nlen == at->nlen && memcmp(a[k].name, at->name, at->nlen) == 0)
				return false;
		(*n)++;
		p = close + 1;
	}
}

/* Whether a qualified name is prefix:local or local, each part starting as a name must (not
 * with a digit, '.', '-' or ':'), and its prefix, if any, declared: else libxml2 would warn. */
static bool prefix_declared(const scan *sc, const char *name, size_t len)
{
	if (name[0] == ':')
		return false;
	const char *colon = memchr(name, ':', len);
	if (!colon)
		return true;
	size_t n = (size_t)(colon - name);
	if (colon + 1 == name + len || !name_start((unsigned char)colon[1]) || colon[1] == ':' ||
	    memchr(colon + 1, ':', len - n - 1))
		return false;
	if ((n == sc->wlen && memcmp(name, sc->w, n) == 0) || (n == 3 && memcmp(name, "xml", 3) == 0))
		return true;
	for (size_t i = 0; i < sc->nprefixes; i++)
		if (sc->plen[i] == n && memcmp(sc->prefix[i], name, n) == 0)
			return true;
	return false;
}

/* The local name of a qualified name when its prefix is the WordprocessingML one, else NULL. */
static const char *w_local(const scan *sc, const char *name, size_t len, size_t *llen)
{
	if (len <= sc->wlen + 1 || memcmp(name, sc->w, sc->wlen) != 0 || name[sc->wlen] != ':')
		return NULL;
	*llen = len - sc->wlen - 1;
	return name + sc->wlen + 1;
}

static bool is_w(const scan *sc, const char *name, size_t len, const char *local)
{
	size_t llen;
	const char *l = w_local(sc, name, len, &llen);
	return l && llen == strlen(local) && memcmp(l, local, llen) == 0;
}

/* The attribute w:local of the tag, or NULL. */
static const attr *w_attr(const scan *sc, const attr *a, size_t n, const char *local)
{
	for (size_t i = 0; i < n; i++)
		if (is_w(sc, a[i].name, a[i].nlen, local))
			return &a[i];
	return NULL;
}

/* --- what is kept ---------------------------------------------------------------------------- */

/* The same as dx_on: on unless w:val says otherwise. */
static bool on(const scan *sc, const attr *a, size_t n)
{
	const attr *v = w_attr(sc, a, n, "val");
	if (!v)
		return true;
	char buf[16];
	decode_buf(v, buf, sizeof buf);
	return !(strcmp(buf, "0") == 0 || strcmp(buf, "false") == 0 || strcmp(buf, "off") == 0 ||
	         strcmp(buf, "none") == 0);
}

/* A run property of a style's w:rPr, as dx_run_property reads it. */
static void run_property(const scan *sc, const char *local, size_t llen, const attr *a,
                         size_t n, dx_style *st)
{
	unsigned mask = 0, set = 0;
#define IS(word) (llen == sizeof word - 1 && memcmp(local, word, llen) == 0)
	if (IS("b"))
		mask = CB_MARK_BOLD, set = on(sc, a, n) ? mask : 0;
	else if (IS("i"))
		mask = CB_MARK_ITALIC, set = on(sc, a, n) ? mask : 0;
	else if (IS("u"))
		mask = CB_MARK_UNDERLINE, set = on(sc, a, n) ? mask : 0;
	else if (IS("strike") || IS("dstrike"))
		mask = CB_MARK_STRIKE, set = on(sc, a, n) ? mask : 0;
	else if (IS("vertAlign")) {
		char v[32] = "";
		const attr *val = w_attr(sc, a, n, "val");
		if (val)
			decode_buf(val, v, sizeof v);
		mask = CB_MARK_SUPERSCRIPT | CB_MARK_SUBSCRIPT;
		set = strcmp(v, "superscript") == 0 ? CB_MARK_SUPERSCRIPT
		      : strcmp(v, "subscript") == 0 ? CB_MARK_SUBSCRIPT
		                                    : 0;
	}
#undef IS
	st->marks_on = (st->marks_on & ~mask) | set;
	st->marks_off = (st->marks_off & ~mask) | (mask & ~set);
}

/* A w:style begins: its attributes, as read_style takes them. */
static void style_begin(scan *sc, const attr *a, size_t n)
{
	char type[32] = "paragraph", def[16] = "";
	const attr *t = w_attr(sc, a, n, "type"), *d = w_attr(sc, a, n, "default");
	const attr *id = w_attr(sc, a, n, "styleId");
	if (t)
		decode_buf(t, type, sizeof type);
	if (d)
		decode_buf(d, def, sizeof def);
	sc->style = (dx_style){.outline = -1, .num_id = -1, .num_level = -1};
	sc->in_style = true;
	if (id && !(sc->style.id = decode(id)))
		sc->nomem = true;
	sc->style.paragraph = strcmp(type, "paragraph") == 0;
	sc->style.is_default = strcmp(def, "1") == 0 || strcmp(def, "true") == 0 ||
	                       strcmp(def, "on") == 0;
}

static void style_end(scan *sc)
{
	dx_style *st = &sc->style;
	sc->in_style = false;
	const char *name = st->name ? st->name : st->id;
	st->name_level = dx_heading_name_level(name);
	st->title = dx_title_name(name);
	st->subtitle = dx_subtitle_name(name);
	if (!st->id || sc->nomem) {
		free(st->id);
		free(st->based_on);
		free(st->name);
		return;
	}
	if (sc->s->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 64;
		dx_style *grown = realloc(sc->s->v, cap * sizeof *grown);
		if (!grown) {
			sc->nomem = true;
			free(st->id);
			free(st->based_on);
			free(st->name);
			return;
		}
		sc->s->v = grown;
		sc->cap = cap;
	}
	sc->s->v[sc->s->n++] = *st;
}

/* The role of an element opening inside one of role parent, and what it gives on the way. */
static enum role open_element(scan *sc, enum role parent, const char *name, size_t len,
                              const attr *a, size_t n)
{
	size_t llen;
	const char *local = w_local(sc, name, len, &llen);
	const attr *val = local ? w_attr(sc, a, n, "val") : NULL;
#define IS(word) (local && llen == sizeof word - 1 && memcmp(local, word, llen) == 0)
	switch (parent) {
	case R_OUTSIDE:
		if (IS("style")) {
			style_begin(sc, a, n);
			return R_STYLE;
		}
		return IS("docDefaults") ? R_DEFAULTS : R_OUTSIDE;
	case R_DEFAULTS:
		if (IS("lang") && val && !sc->s->language && !(sc->s->language = decode(val)))
			sc->nomem = true;
		return R_DEFAULTS;
	case R_STYLE:
	case R_INNER:
		if (IS("name") && !sc->style.name) {
			if (val && !(sc->style.name = decode(val)))
				sc->nomem = true;
			return R_INNER;
		}
		if (IS("basedOn") && !sc->style.based_on) {
			if (val && !(sc->style.based_on = decode(val)))
				sc->nomem = true;
			return R_INNER;
		}
		return IS("pPr") ? R_PPR : IS("rPr") ? R_RPR : R_SKIP;
	case R_PPR:
		if (IS("outlineLvl")) {
			if (val) {
				char v[16];
				decode_buf(val, v, sizeof v);
				long lvl = strtol(v, NULL, 10);
				sc->style.outline = lvl >= 0 && lvl <= 9 ? (int)lvl : 9;
			}
			return R_PPR; /* read_ppr does not skip it: its children count as pPr's */
		}
		return IS("numPr") ? R_NUMPR : R_SKIP;
	case R_NUMPR:
		if (val && (IS("numId") || IS("ilvl"))) {
			char v[32];
			decode_buf(val, v, sizeof v);
			if (IS("numId"))
				sc->style.num_id = strtol(v, NULL, 10);
			else
				sc->style.num_level = (int)strtol(v, NULL, 10);
		}
		return R_NUMPR;
	case R_RPR:
		if (local)
			run_property(sc, local, llen, a, n, &sc->style);
		return R_SKIP;
	default:
		return R_SKIP;
	}
#undef IS
}

static void close_element(scan *sc, enum role role)
{
	if (role == R_STYLE)
		style_end(sc);
}

/* --- the walk -------------------------------------------------------------------------------- */

/* Past a comment or processing instruction at sc->p ("<!--" or "<?"); false when it is not
 * well-formed or is a second XML declaration. */
static bool skip_misc(scan *sc)
{
	const char *p = sc->p, *end = sc->end;
	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		const char *close = memmem(p + 4, (size_t)(end - p - 4), "--", 2);
		if (!close || close + 2 >= end || close[2] != '>')
			return false; /* "--" is allowed only to end the comment */
		sc->p = close + 3;
		return true;
	}
	if (end - p >= 2 && p[1] == '?') {
		/* Targets beginning with "xml" are reserved: libxml2 warns about most of them, so they
		 * go to libxml2 (found by fuzz/docx, comparing both paths). */
		const char *ne = name_end(p + 2, end);
		if (!ne || (ne - p - 2 >= 3 && strncasecmp(p + 2, "xml", 3) == 0))
			return false;
		const char *close = memmem(ne, (size_t)(end - ne), "?>", 2);
		if (!close || (close != ne && !is_space(*ne)))
			return false;
		sc->p = close + 2;
		return true;
	}
	return false;
}

/* A pseudo-attribute of the XML declaration at p: name="value" (or '...'), after white space.
 * Its value's bounds, and p past it; false when there is none of that name. */
static bool pseudo_attr(const char **p, const char *end, const char *name, const char **v,
                        size_t *vlen)
{
	const char *q = skip_space(*p, end);
	size_t n = strlen(name);
	if (q == *p || (size_t)(end - q) < n || memcmp(q, name, n) != 0)
		return false;
	q = skip_space(q + n, end);
	if (q >= end || *q != '=')
		return false;
	q = skip_space(q + 1, end);
	if (q >= end || (*q != '"' && *q != '\''))
		return false;
	const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
	if (!close)
		return false;
	*v = q + 1;
	*vlen = (size_t)(close - q - 1);
	*p = close + 1;
	return true;
}

/* The XML declaration, if any, exactly as XML 1.0 has it: version 1.0, then an encoding (only
 * UTF-8 is read here) and a standalone, each optional, in that order, then "?>". */
static bool declaration(scan *sc)
{
	const char *p = sc->p, *end = sc->end, *v;
	size_t vlen;
	if (end - p < 6 || memcmp(p, "<?xml", 5) != 0 || !is_space(p[5]))
		return true;
	p += 5;
	if (!pseudo_attr(&p, end, "version", &v, &vlen) || vlen != 3 || memcmp(v, "1.0", 3) != 0)
		return false;
	if (pseudo_attr(&p, end, "encoding", &v, &vlen) &&
	    (vlen != 5 || strncasecmp(v, "utf-8", 5) != 0))
		return false;
	if (pseudo_attr(&p, end, "standalone", &v, &vlen) &&
	    !((vlen == 3 && memcmp(v, "yes", 3) == 0) || (vlen == 2 && memcmp(v, "no", 2) == 0)))
		return false;
	p = skip_space(p, end);
	if (end - p < 2 || p[0] != '?' || p[1] != '>')
		return false;
	sc->p = p + 2;
	return true;
}

/* A namespace name libxml2 takes without a word: plain characters (no references), an
 * absolute URI as its own URI parser reads it, and not one of the names XML reserves. */
static bool namespace_ok(const attr *a)
{
	if (!a->vlen || memchr(a->value, '&', a->vlen))
		return false;
	char *v = decode(a);
	if (!v)
		return false;
	xmlURIPtr uri = xmlParseURI(v);
	bool ok = uri && uri->scheme && strcmp(v, "http://www.w3.org/XML/1998/namespace") != 0 &&
	          strcmp(v, "http://www.w3.org/2000/xmlns/") != 0;
	xmlFreeURI(uri);
	free(v);
	return ok;
}

/* The root's namespace declarations: exactly one prefix for WordprocessingML, and it must not
 * be the default namespace. */
static bool root_namespaces(scan *sc, const attr *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i].nlen < 5 || memcmp(a[i].name, "xmlns", 5) != 0)
			continue;
		if (!namespace_ok(&a[i]))
			return false;
		bool w = false;
		for (size_t k = 0; k < sizeof w_uris / sizeof *w_uris; k++)
			w = w || (a[i].vlen == strlen(w_uris[k]) && memcmp(a[i].value, w_uris[k],
			                                                   a[i].vlen) == 0);
		if (a[i].nlen == 5) {
			if (w)
				return false;
			continue;
		}
		if (a[i].name[5] != ':')
			continue;
		if (a[i].nlen == 6 || !name_start((unsigned char)a[i].name[6]) ||
		    memchr(a[i].name + 6, ':', a[i].nlen - 6))
			return false;
		if (sc->nprefixes == MAX_PREFIXES)
			return false;
		sc->prefix[sc->nprefixes] = a[i].name + 6;
		sc->plen[sc->nprefixes++] = a[i].nlen - 6;
		if (w) {
			if (sc->w)
				return false;
			sc->w = a[i].name + 6;
			sc->wlen = a[i].nlen - 6;
		}
	}
	return sc->w && sc->wlen > 0;
}

/* The walk itself: false when the scanner declines. */
static bool walk(scan *sc)
{
	const char *end = sc->end;
	if (end - sc->p >= 3 && memcmp(sc->p, "\xEF\xBB\xBF", 3) == 0)
		sc->p += 3;
	if (!declaration(sc))
		return false;
	bool root_done = false;
	attr a[MAX_ATTRS];
	/* styles.c blanks Word's latentStyles list out before libxml2 sees it; here it is white
	 * space to step over. */
	const char *latent = NULL, *latent_stop = NULL;
	dx_latent_styles_span(sc->p, (size_t)(end - sc->p), &latent, &latent_stop);
	while (sc->p < end) {
		const char *p = sc->p;
		if (p == latent) {
			if (sc->depth == 0) /* white space outside the root: not read here */
				return false;
			sc->p = latent_stop;
			continue;
		}
		if (*p != '<') {
			const char *lt = memchr(p, '<', (size_t)(end - p));
			const char *stop = lt ? lt : end;
			/* Outside the root only white space; inside, well-formed character data. */
			if (sc->depth == 0) {
				if (skip_space(p, stop) != stop)
					return false;
			} else if (!data_ok(p, (size_t)(stop - p), false)) {
				return false;
			}
			sc->p = stop;
			continue;
		}
		if (end - p >= 2 && (p[1] == '!' || p[1] == '?')) {
			if (!skip_misc(sc)) /* a DOCTYPE, CDATA or anything odd: libxml2's business */
				return false;
			continue;
		}
		if (end - p >= 2 && p[1] == '/') {
			if (sc->depth == 0)
				return false;
			struct frame *f = &sc->stack[sc->depth - 1];
			const char *ne = name_end(p + 2, end);
			if (!ne || (size_t)(ne - p - 2) != f->len || memcmp(p + 2, f->name, f->len) != 0)
				return false;
			const char *q = skip_space(ne, end);
			if (q >= end || *q != '>')
				return false;
			sc->p = q + 1;
			sc->depth--;
			close_element(sc, f->role);
			continue;
		}
		if (root_done && sc->depth == 0)
			return false; /* a second root */
		const char *ne = name_end(p + 1, end);
		if (!ne)
			return false;
		sc->p = ne;
		size_t n;
		bool empty, root = sc->depth == 0;
		if (!read_attrs(sc, a, &n, &empty, root) || (root && !root_namespaces(sc, a, n)))
			return false;
		if (sc->depth >= sc->max_depth || !prefix_declared(sc, p + 1, (size_t)(ne - p - 1)))
			return false;
		/* xml:space, xml:id and the like have values libxml2 checks: left to it. */
		for (size_t i = 0; i < n; i++)
			if ((!(a[i].nlen >= 5 && memcmp(a[i].name, "xmlns", 5) == 0) &&
			     !prefix_declared(sc, a[i].name, a[i].nlen)) ||
			    (a[i].nlen > 4 && memcmp(a[i].name, "xml:", 4) == 0))
				return false;
		enum role parent = root ? R_OUTSIDE : sc->stack[sc->depth - 1].role;
		enum role role = open_element(sc, parent, p + 1, (size_t)(ne - p - 1), a, n);
		if (root)
			root_done = true;
		if (empty)
			close_element(sc, role);
		else
			sc->stack[sc->depth++] = (struct frame){p + 1, (size_t)(ne - p - 1), role};
	}
	return root_done && sc->depth == 0;
}

int dx_styles_scan(dx_reader *r, const char *text, size_t len)
{
	dx_styles *s = &r->styles;
	if (!chars_ok((const unsigned char *)text, len))
		return 0;
	/* Deeper than max-depth is libxml2's to report, as for every other part. */
	uint64_t limit = cb_input_limit(r->in, CB_LIMIT_DEPTH);
	scan sc = {.p = text, .end = text + len, .s = s,
	           .max_depth = limit && limit < MAX_STACK ? (size_t)limit : MAX_STACK};
	bool ok = walk(&sc);
	if (sc.in_style) {
		free(sc.style.id);
		free(sc.style.based_on);
		free(sc.style.name);
	}
	if (ok && !sc.nomem)
		return 1;
	dx_styles_free(s);
	if (sc.nomem) {
		cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}
