/* casebook's own XML scanner (see xmlscan.h): a streaming tokeniser that hands over the node
 * stream libxml2's pull reader gives with casebook's options, without building a tree.
 *
 * The part comes in chunks into one buffer that always ends in a NUL sentinel; a construct is
 * parsed optimistically from where it starts, and when the sentinel turns out to be the end of
 * the buffer rather than a NUL in the part, more is pulled (the buffer keeping everything from
 * the construct's start) and the construct is parsed again. Text is the exception: it is copied
 * out as it is read, so a long text node does not hold the buffer (text that is one plain run
 * between two tags, most of it, is handed over from the buffer instead). Reading at least as
 * much again as is held keeps the re-parsing of a long construct linear.
 *
 * Where libxml2 has quirks that change the nodes or what is an error, they are followed and
 * said so: the reader runs libxml2's push parser, whose CDATA sections keep their bytes as
 * written (no line-end normalisation, overlong UTF-8 let through); namespace problems are only
 * recovered from; a start tag's node carries the line where the tag ends. */
#include "config.h"

#include "xmlscan.h"

#include <libxml/uri.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How much is pulled at a time; the buffer starts at twice that, below the size from which
 * malloc maps fresh pages (which made small parts pay for page faults). */
#define CHUNK 32768

static const char XML_NS[] = "http://www.w3.org/XML/1998/namespace";
static const char XMLNS_NS[] = "http://www.w3.org/2000/xmlns/";

/* A construct's parse: done, or the buffer ended inside it, or it is malformed (reported). */
enum { NEED = 0, OK = 1, BAD = -1 };

/* Where the reading is. */
enum state { S_START, S_PROLOG, S_CONTENT, S_EPILOG, S_DONE, S_FAILED };

/* No namespace; the xml prefix's; else an index into the bindings. */
#define NS_NONE (-1L)
#define NS_XML (-2L)

/* Where a name's colons are: the first (-1: none), and whether another follows it. */
struct colons {
	long first;
	bool more;
};

/* A growable byte buffer; only ever grows, so steady state allocates nothing. */
struct bytes {
	char *p;
	size_t len, cap;
};

/* A namespace declaration in scope: offsets into the scanner's ns bytes. */
struct binding {
	size_t prefix, plen; /* plen 0: the default namespace */
	size_t uri, ulen;    /* ulen 0: undeclared (xmlns="") */
};

/* An open element. */
struct frame {
	size_t name, nlen, local; /* qualified name and its local part: offsets into names */
	long ns;                  /* NS_NONE, NS_XML or a binding */
	size_t nbind, nsbytes;    /* bindings in scope before its declarations, and their bytes */
	unsigned long line;
};

/* An attribute of the start tag being read, as found in the buffer. */
struct rawattr {
	char *name, *value;
	size_t nlen, vlen;
	struct colons colon;
	bool decode; /* the value holds references or white space to normalise */
	unsigned long line;
	long ns;      /* once resolved */
	size_t local; /* offset of the local name */
};

struct cbi_xmlscan {
	cbi_xml_pull_fn pull;
	void *pull_ctx;
	cbi_xml_problem_fn problem;
	void *problem_ctx;

	char *buf; /* buf[len] is always '\0' */
	size_t cap, pos, len;
	bool eof;
	bool ascii; /* declared US-ASCII: no byte above 0x7F */
	unsigned long line; /* of buf[pos] */
	enum state state;

	cbi_xml_node node;
	bool pop; /* the node was an END or an empty START: its element closes at the next call */

	struct bytes text;
	struct bytes scratch; /* a namespace name being rewritten */
	size_t direct, direct_len; /* text that is one run still in the buffer: where, how long */
	bool restore;              /* its NUL stands on a '<' to put back */
	unsigned long text_line; /* 0 while unknown: see text_flush */
	bool text_run;           /* bytes taken since the text began, as libxml2 would flush them */
	size_t text_slow;        /* bytes libxml2 would read in its slow path (0: not in it) */

	struct frame *stack;
	size_t depth, stack_cap;
	struct bytes names;

	struct binding *binds;
	size_t nbinds, bind_cap;
	/* The last prefix looked up and what it gave, while the bindings stay as they were (nearly
	 * every element of a part has the same prefix). */
	char cache_prefix[16];
	size_t cache_plen;
	long cache_ns;
	bool cached;
	struct bytes ns;

	struct rawattr *raw;
	size_t nraw, raw_cap;
	cbi_xml_attr *attrs;
	size_t attr_cap;
	char msg[512];
};

/* --- problems and memory --------------------------------------------------------------------- */

static void problem(cbi_xmlscan *s, bool fatal, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(cbi_xmlscan *s, bool fatal, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	if (fatal)
		s->state = S_FAILED;
	if (s->problem)
		s->problem(s->problem_ctx, fatal, line, s->msg);
}

static int nomem(cbi_xmlscan *s)
{
	problem(s, true, s->line, "out of memory");
	return BAD;
}

static bool reserve(struct bytes *b, size_t more)
{
	if (b->cap - b->len > more)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= more)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

static bool append(struct bytes *b, const char *p, size_t n)
{
	if (!reserve(b, n))
		return false;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

/* Grows an array of elements of size sz to hold at least n. */
static bool grow(void *arrayp, size_t *cap, size_t n, size_t sz)
{
	if (n <= *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 16;
	while (c < n)
		c *= 2;
	void *p = realloc(*(void **)arrayp, c * sz);
	if (!p)
		return false;
	*(void **)arrayp = p;
	*cap = c;
	return true;
}

/* --- input ----------------------------------------------------------------------------------- */

/* Makes more of the part available after buf[pos], moving what is held to the front: 1, 0 at
 * the end of the part (nothing new), -1 after a failed pull. */
static int more(cbi_xmlscan *s)
{
	if (s->eof)
		return 0;
	if (s->pos) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	size_t want = s->len > CHUNK ? s->len : CHUNK;
	if (s->cap - s->len <= want) {
		size_t cap = s->len + want + 1;
		char *p = realloc(s->buf, cap);
		if (!p) {
			nomem(s);
			return -1;
		}
		s->buf = p;
		s->cap = cap;
	}
	size_t got = 0;
	while (got < want) {
		ssize_t n = s->pull(s->pull_ctx, s->buf + s->len, want - got);
		if (n < 0) {
			s->state = S_FAILED;
			s->buf[s->len] = '\0';
			return -1;
		}
		if (n == 0) {
			s->eof = true;
			break;
		}
		s->len += (size_t)n;
		got += (size_t)n;
	}
	s->buf[s->len] = '\0';
	return got > 0;
}

/* --- characters ------------------------------------------------------------------------------ */

static const bool blank[256] = {[' '] = true, ['\t'] = true, ['\n'] = true, ['\r'] = true};

static bool is_blank(unsigned char c) { return blank[c]; }

static bool is_char(uint32_t c)
{
	return c >= 0x20 ? (c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) ||
	                    (c >= 0x10000 && c <= 0x10FFFF))
	                 : (c == 0x9 || c == 0xA || c == 0xD);
}

/* XML 1.0 fifth edition, as libxml2 reads names unless told XML_PARSE_OLD10. */
static bool name_start_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
	return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
	       (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
	       (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
	       (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
	       (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0xEFFFF);
}

static bool name_char_cp(uint32_t c)
{
	return name_start_cp(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == 0xB7 ||
	       (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* What a byte may be in a name: NC for the ASCII characters of names without colons, START
 * for those that may also begin one, COLON, and HIGH for the bytes of other characters, which
 * are decoded to tell. */
enum { NC = 1, START = 2, COLON = 4, HIGH = 8 };
#define S (NC | START)
static const unsigned char name_class[256] = {
	['-'] = NC, ['.'] = NC, ['0' ... '9'] = NC, [':'] = COLON, ['_'] = S,
	['A' ... 'Z'] = S, ['a' ... 'z'] = S, [0x80 ... 0xFF] = HIGH,
};
#undef S

/* The character at p, whose first byte is 0x80 or above, decoded strictly as libxml2 does: its
 * length, NEED when the buffer ends inside it, BAD when it is no UTF-8 (*cp 0) or no Char. */
static int utf8_slow(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	unsigned char c = p[0];
	*cp = 0;
	int n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0)
		n = 2, v = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		n = 3, v = c & 0x0F, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		n = 4, v = c & 0x07, min = 0x10000;
	else
		return BAD;
	for (int i = 1; i < n; i++) {
		if (p + i >= end)
			return NEED;
		if ((p[i] & 0xC0) != 0x80)
			return BAD;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min)
		return BAD;
	*cp = v;
	return is_char(v) ? n : BAD;
}

static inline int utf8_at(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	/* Three bytes, short of the surrogates and U+FFFE and U+FFFF: Hangul, most of the time. */
	if ((p[0] & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80) {
		uint32_t v = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
		             (p[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF) && v < 0xFFFE) {
			*cp = v;
			return 3;
		}
	}
	return utf8_slow(p, end, cp);
}

static void bad_char(cbi_xmlscan *s, unsigned long line, const unsigned char *p, uint32_t cp)
{
	if (cp)
		problem(s, true, line, "Char 0x%X out of allowed range", (unsigned)cp);
	else if (*p >= 0x80)
		problem(s, true, line, "Input is not proper UTF-8, indicate encoding ! Bytes: 0x%02X",
		        *p);
	else
		problem(s, true, line, "PCDATA invalid Char value %u", *p);
}

/* The name at p: its length in bytes, and where its colons are; NEED when the buffer ends
 * inside it, BAD when p holds no name (nothing reported), BAD - 1 for a bad character in it
 * (reported). ASCII names, nearly all, take the tight loops. */
static long name_at(cbi_xmlscan *s, const unsigned char *p, const unsigned char *end,
                    unsigned long line, struct colons *colon)
{
	const unsigned char *q = p;
	colon->first = -1;
	colon->more = false;
	if (name_class[*q] & (START | COLON)) {
		if (*q == ':')
			colon->first = 0;
		q++;
		while (name_class[*q] & NC)
			q++;
		if (*q == ':') {
			if (colon->first < 0)
				colon->first = q - p;
			else
				colon->more = true;
			q++;
			while (name_class[*q] & NC)
				q++;
			if (*q == ':') {
				colon->more = true;
				while (name_class[*q] & (NC | COLON))
					q++;
			}
		}
		if (!(name_class[*q] & HIGH))
			return q == end ? NEED : (long)(q - p);
	} else if (!(name_class[*q] & HIGH))
		return BAD;
	/* A character beyond ASCII: decoded, one at a time. */
	for (;;) {
		unsigned char c = *q;
		unsigned char cl = name_class[c];
		if (cl & (NC | START | COLON)) {
			if (q == p && !(cl & (START | COLON)))
				return BAD;
			if (c == ':') {
				if (colon->first < 0)
					colon->first = q - p;
				else
					colon->more = true;
			}
			q++;
			continue;
		}
		if (cl & HIGH) {
			if (s->ascii) {
				if (q == p)
					return BAD;
				break;
			}
			uint32_t cp;
			int n = utf8_at(q, end, &cp);
			if (n == NEED)
				return NEED;
			if (n == BAD) {
				bad_char(s, line, q, cp);
				return BAD - 1;
			}
			if (q == p ? !name_start_cp(cp) : !name_char_cp(cp))
				break;
			q += n;
			continue;
		}
		if (q == end)
			return NEED;
		break;
	}
	return q == p ? BAD : (long)(q - p);
}

/* The name that must be at p: as name_at, but a missing name is reported (what says so) and
 * BAD. */
static long need_name(cbi_xmlscan *s, const char *p, const char *end, unsigned long line,
                      struct colons *colon, const char *what)
{
	long n = name_at(s, (const unsigned char *)p, (const unsigned char *)end, line, colon);
	if (n == BAD)
		problem(s, true, line, "%s", what);
	return n < 0 ? BAD : n;
}

/* Whether the character at p starts a name; tells colons apart (for NCNames) by colon_ok. */
static bool starts_name(const char *p, const char *end, bool colon_ok)
{
	unsigned char c = (unsigned char)*p;
	if (p >= end)
		return false;
	if (c == ':')
		return colon_ok;
	if (c < 0x80)
		return name_class[c] & START;
	uint32_t cp;
	return utf8_at((const unsigned char *)p, (const unsigned char *)end, &cp) > 0 &&
	       name_start_cp(cp);
}

/* How libxml2 splits a qualified name (xmlParseQName, whose quirks decide what the reader
 * shows): the length of its prefix, 0 for none; the local name is what follows the prefix's
 * colon, else the whole name. *odd is set when libxml2 complains (recovered), *bad when what
 * follows a second colon stops its parse (a fatal error follows). */
static size_t qname_split(const char *n, size_t len, struct colons colon, bool *odd, bool *bad)
{
	*odd = *bad = false;
	if (colon.first < 0)
		return 0;
	const char *end = n + len, *c1 = n + colon.first;
	if (c1 == n || !starts_name(c1 + 1, end, false)) {
		*odd = true;
		return 0;
	}
	if (colon.more) {
		const char *c2 = c1 + 2;
		while (*c2 != ':')
			c2++;
		*odd = true;
		if (c2 + 1 < end && !starts_name(c2 + 1, end, true))
			*bad = true;
	}
	return (size_t)(c1 - n);
}

/* A qualified name of a start tag split as qname_split does, with what libxml2 says of an odd
 * one: the prefix's length, or -1 after a fatal problem. */
static long split_name(cbi_xmlscan *s, const char *n, size_t len, struct colons colon,
                       unsigned long line, bool attr)
{
	/* Nearly always: none, or one colon between two parts that begin as names must. */
	if (colon.first < 0)
		return 0;
	if (colon.first > 0 && !colon.more && (size_t)colon.first + 1 < len &&
	    (name_class[(unsigned char)n[colon.first + 1]] & START))
		return colon.first;
	bool odd, bad;
	size_t plen = qname_split(n, len, colon, &odd, &bad);
	if (odd)
		problem(s, false, line, "Failed to parse QName '%.*s'", (int)len, n);
	if (!bad)
		return (long)plen;
	/* libxml2 read the name only up to the second colon, and stumbles on what follows. */
	if (attr)
		problem(s, true, line, "Specification mandates value for attribute %.*s", (int)len, n);
	else
		problem(s, true, line, "error parsing attribute name");
	return -1;
}

/* --- references ------------------------------------------------------------------------------ */

static size_t put_utf8(char *o, uint32_t cp)
{
	unsigned char *u = (unsigned char *)o;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The reference at p ('&'): its length through ';' and the character it stands for, UTF-8 in
 * out (*olen bytes); NEED, or BAD (reported, at line). Character references are read as
 * xmlParseCharRef reads them, down to its count that refuses hex letters at some positions of a
 * long reference; every entity but the five predefined is undeclared, there being no DTD. */
static long reference(cbi_xmlscan *s, const char *p, const char *end, char *out, size_t *olen,
                      unsigned long line)
{
	const char *q = p + 1;
	if (q >= end)
		return NEED;
	if (*q == '#') {
		q++;
		if (q >= end)
			return NEED;
		bool hex = *q == 'x';
		if (hex)
			q++;
		uint32_t val = 0;
		unsigned count = 0;
		for (;;) {
			if (q >= end)
				return NEED;
			if (*q == ';')
				break;
			if (count++ > 20)
				count = 0;
			uint32_t d;
			if (*q >= '0' && *q <= '9')
				d = (uint32_t)(*q - '0');
			else if (hex && *q >= 'a' && *q <= 'f' && count < 20)
				d = (uint32_t)(*q - 'a' + 10);
			else if (hex && *q >= 'A' && *q <= 'F' && count < 20)
				d = (uint32_t)(*q - 'A' + 10);
			else {
				problem(s, true, line, hex ? "CharRef: invalid hexadecimal value"
				                           : "CharRef: invalid decimal value");
				return BAD;
			}
			val = val * (hex ? 16 : 10) + d;
			if (val > 0x110000)
				val = 0x110000;
			q++;
			count++;
		}
		if (val >= 0x110000) {
			problem(s, true, line, "xmlParseCharRef: character reference out of bounds");
			return BAD;
		}
		if (!is_char(val)) {
			problem(s, true, line, "xmlParseCharRef: invalid xmlChar value %u", (unsigned)val);
			return BAD;
		}
		*olen = put_utf8(out, val);
		return q + 1 - p;
	}
	struct colons colon;
	long n = need_name(s, q, end, line, &colon, "xmlParseEntityRef: no name");
	if (n <= 0)
		return n;
	if (q + n >= end)
		return NEED;
	if (q[n] != ';') {
		problem(s, true, line, "EntityRef: expecting ';'");
		return BAD;
	}
	static const struct {
		char name[5], c;
	} predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
	for (size_t i = 0; i < sizeof predefined / sizeof *predefined; i++)
		if ((size_t)n == strlen(predefined[i].name) && memcmp(q, predefined[i].name, n) == 0) {
			out[0] = predefined[i].c;
			*olen = 1;
			return n + 2;
		}
	problem(s, true, line, "Entity '%.*s' not defined", (int)(n > 100 ? 100 : n), q);
	return BAD;
}

/* --- comments, processing instructions, CDATA ------------------------------------------------ */

/* Checks the characters of [p, stop) (a comment's or a PI's), counting lines into *nl. */
static int check_chars(cbi_xmlscan *s, const char *p, const char *stop, unsigned long *nl)
{
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)stop;
	while (u < e) {
		unsigned char c = *u;
		if (c >= 0x20 && c < 0x80) {
			u++;
			continue;
		}
		if (c == '\n') {
			(*nl)++;
			u++;
			continue;
		}
		if (c == '\t' || c == '\r') {
			u++;
			continue;
		}
		uint32_t cp = 0;
		int n = c >= 0x80 && !s->ascii ? utf8_at(u, e, &cp) : BAD;
		if (n <= 0) {
			bad_char(s, s->line + *nl, u, cp);
			return BAD;
		}
		u += n;
	}
	return OK;
}

/* The comment at buf[pos] ("<!--"), passed over. */
static int comment(cbi_xmlscan *s)
{
	const char *p = s->buf + s->pos + 4, *end = s->buf + s->len;
	const char *q = memmem(p, (size_t)(end - p), "--", 2);
	if (!q || q + 2 >= end)
		return NEED;
	unsigned long nl = 0;
	if (check_chars(s, p, q, &nl) != OK)
		return BAD;
	if (q[2] != '>') {
		problem(s, true, s->line + nl, "Double hyphen within comment");
		return BAD;
	}
	s->line += nl;
	s->pos = (size_t)(q + 3 - s->buf);
	return OK;
}

/* The processing instruction at buf[pos] ("<?"), passed over. */
static int pi(cbi_xmlscan *s)
{
	const char *p = s->buf + s->pos + 2, *end = s->buf + s->len;
	struct colons colon;
	long n = need_name(s, p, end, s->line, &colon, "xmlParsePI : no target name");
	if (n <= 0)
		return (int)n;
	if (n == 3 && (p[0] | 0x20) == 'x' && (p[1] | 0x20) == 'm' && (p[2] | 0x20) == 'l') {
		problem(s, true, s->line,
		        memcmp(p, "xml", 3) == 0
		                ? "XML declaration allowed only at the start of the document"
		                : "Invalid PI name");
		return BAD;
	}
	const char *q = p + n;
	if (q + 1 >= end)
		return NEED;
	const char *body = q;
	if (!(q[0] == '?' && q[1] == '>')) {
		if (!is_blank((unsigned char)*q)) {
			problem(s, true, s->line, "ParsePI: PI %.*s space expected", (int)(n > 100 ? 100 : n),
			        p);
			return BAD;
		}
		if (!(q = memmem(q, (size_t)(end - q), "?>", 2)))
			return NEED;
	}
	unsigned long nl = 0;
	if (check_chars(s, body, q, &nl) != OK)
		return BAD;
	if ((p[0] | 0x20) == 'x' && (p[1] | 0x20) == 'm' && (p[2] | 0x20) == 'l' &&
	    !(n == 14 && memcmp(p, "xml-stylesheet", 14) == 0) &&
	    !(n == 9 && memcmp(p, "xml-model", 9) == 0))
		problem(s, false, s->line, "xmlParsePITarget: invalid name prefix 'xml'");
	if (colon.first >= 0)
		problem(s, false, s->line, "colons are forbidden from PI names '%.*s'",
		        (int)(n > 100 ? 100 : n), p);
	s->line += nl;
	s->pos = (size_t)(q + 2 - s->buf);
	return OK;
}

/* The CDATA section at buf[pos] ("<![CDATA["): its bytes appended to the text as they are
 * written, checked as libxml2's push parser checks them (xmlCheckCdataPush: UTF-8 shapes and
 * Chars, overlong forms let through, line ends left alone). */
static int cdata(cbi_xmlscan *s)
{
	const char *p = s->buf + s->pos + 9, *end = s->buf + s->len;
	const char *q = memmem(p, (size_t)(end - p), "]]>", 3);
	if (!q)
		return NEED;
	unsigned long nl = 0;
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)q;
	while (u < e) {
		unsigned char c = *u;
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
				goto bad;
			nl += c == '\n';
			u++;
			continue;
		}
		if (s->ascii)
			goto bad;
		int n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!n || e - u < n)
			goto bad;
		uint32_t v = c & (0x7F >> n);
		for (int i = 1; i < n; i++) {
			if ((u[i] & 0xC0) != 0x80)
				goto bad;
			v = v << 6 | (u[i] & 0x3F);
		}
		if (!is_char(v))
			goto bad;
		u += n;
	}
	if (!s->text_line)
		s->text_line = s->line;
	if (!append(&s->text, p, (size_t)(q - p)))
		return nomem(s);
	s->line += nl;
	s->pos = (size_t)(q + 3 - s->buf);
	return OK;
bad:
	problem(s, true, s->line + nl, "Input is not proper UTF-8, indicate encoding ! Bytes: 0x%02X",
	        *u);
	return BAD;
}

/* --- the XML declaration --------------------------------------------------------------------- */

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && is_blank((unsigned char)*p))
		p++;
	return p;
}

/* The value of a pseudo-attribute named name at *pp (after blanks): between its quotes, *vlen
 * bytes; NULL when it is not there (nothing reported) or malformed (*bad). */
static const char *pseudo(const char **pp, const char *end, const char *name, size_t *vlen,
                          bool *bad)
{
	size_t n = strlen(name);
	const char *p = *pp;
	*bad = false;
	if ((size_t)(end - p) < n || memcmp(p, name, n) != 0)
		return NULL;
	p = skip_blanks(p + n, end);
	if (p >= end || *p != '=') {
		*bad = true;
		return NULL;
	}
	p = skip_blanks(p + 1, end);
	if (p >= end || (*p != '"' && *p != '\'')) {
		*bad = true;
		return NULL;
	}
	char quote = *p++;
	const char *v = p;
	while (p < end && *p != quote && (unsigned char)*p >= 0x20 && *p != '?')
		p++;
	if (p >= end || *p != quote) {
		*bad = true;
		return NULL;
	}
	*vlen = (size_t)(p - v);
	*pp = p + 1;
	return v;
}

/* After a pseudo-attribute of the XML declaration: 1 when a blank follows, 0 when the
 * declaration ends there, -1 when anything else does (reported). */
static int decl_gap(cbi_xmlscan *s, const char *p, const char *close, unsigned long line)
{
	if (p >= close || is_blank((unsigned char)*p))
		return 1;
	if (*p == '?' && p + 1 == close)
		return 0;
	problem(s, true, line, "Blank needed here");
	return -1;
}

/* Takes the declaration [start, close]. */
static int decl_end(cbi_xmlscan *s, const char *start, const char *close)
{
	for (const char *q = start; q < close; q++)
		s->line += *q == '\n';
	s->pos = (size_t)(close + 1 - s->buf);
	return OK;
}

/* The XML declaration at buf[pos] ("<?xml" and a blank), read as xmlParseXMLDecl reads it. */
static int xml_decl(cbi_xmlscan *s)
{
	const char *start = s->buf + s->pos, *end = s->buf + s->len;
	const char *close = NULL;
	for (const char *q = start; (q = memchr(q, '>', (size_t)(end - q))); q++) {
		close = q;
		break;
	}
	if (!close)
		return NEED;
	/* What is read lies before the first '>': libxml2 stops at it, well-formed or not. */
	const char *p = skip_blanks(start + 5, close), *v;
	size_t vlen;
	bool bad;
	unsigned long line = s->line;
	if (!(v = pseudo(&p, close, "version", &vlen, &bad))) {
		problem(s, true, line, bad ? "String not closed expecting \" or '"
		                           : "Malformed declaration expecting version");
		return BAD;
	}
	bool num = vlen >= 2 && v[0] >= '0' && v[0] <= '9' && v[1] == '.';
	for (size_t i = 2; num && i < vlen; i++)
		num = v[i] >= '0' && v[i] <= '9';
	if (!num) {
		problem(s, true, line, "Malformed declaration expecting version");
		return BAD;
	}
	if (!(vlen == 3 && memcmp(v, "1.0", 3) == 0)) {
		if (v[0] != '1') {
			problem(s, true, line, "Unsupported version '%.*s'", (int)vlen, v);
			return BAD;
		}
		problem(s, false, line, "Unsupported version '%.*s'", (int)vlen, v);
	}
	bool encoding = false;
	int gap = decl_gap(s, p, close, line);
	if (gap <= 0)
		return gap < 0 ? BAD : decl_end(s, start, close);
	p = skip_blanks(p, close);
	if ((v = pseudo(&p, close, "encoding", &vlen, &bad))) {
		bool name = vlen > 0 && ((v[0] | 0x20) >= 'a' && (v[0] | 0x20) <= 'z');
		for (size_t i = 1; name && i < vlen; i++) {
			char c = v[i];
			name = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
			       c == '.' || c == '_' || c == '-';
		}
		if (!name) {
			problem(s, true, line, "Invalid XML encoding name");
			return BAD;
		}
		if (vlen == 8 && strncasecmp(v, "US-ASCII", 8) == 0)
			s->ascii = true;
		else if (!(vlen == 5 && strncasecmp(v, "UTF-8", 5) == 0)) {
			/* cbi_xmlscan_accepts let this through: a caller's mistake. */
			problem(s, true, line, "Unsupported encoding %.*s", (int)vlen, v);
			return BAD;
		}
		encoding = true;
	} else if (bad) {
		problem(s, true, line, "Invalid XML encoding name");
		return BAD;
	}
	if (encoding && (gap = decl_gap(s, p, close, line)) <= 0)
		return gap < 0 ? BAD : decl_end(s, start, close);
	p = skip_blanks(p, close);
	if ((v = pseudo(&p, close, "standalone", &vlen, &bad))) {
		if (!((vlen == 3 && memcmp(v, "yes", 3) == 0) || (vlen == 2 && memcmp(v, "no", 2) == 0))) {
			problem(s, true, line, "standalone accepts only 'yes' or 'no'");
			return BAD;
		}
	} else if (bad) {
		problem(s, true, line, "standalone accepts only 'yes' or 'no'");
		return BAD;
	}
	p = skip_blanks(p, close);
	if (!(*p == '?' && p + 1 == close)) {
		problem(s, true, line, "parsing XML declaration: '?>' expected");
		return BAD;
	}
	return decl_end(s, start, close);
}

/* --- namespaces ------------------------------------------------------------------------------ */

static bool same(const char *a, const char *b, size_t n)
{
	while (n && *a == *b)
		a++, b++, n--;
	return !n;
}

/* The binding of a prefix (plen 0: the default namespace) in scope: NS_NONE, NS_XML or an
 * index. */
static long lookup_ns(const cbi_xmlscan *s, const char *prefix, size_t plen)
{
	if (plen == 3 && memcmp(prefix, "xml", 3) == 0)
		return NS_XML;
	for (size_t i = s->nbinds; i-- > 0;) {
		const struct binding *b = &s->binds[i];
		if (b->plen == plen && same(s->ns.p + b->prefix, prefix, plen))
			return b->ulen ? (long)i : NS_NONE;
	}
	return NS_NONE;
}

static long find_ns(cbi_xmlscan *s, const char *prefix, size_t plen)
{
	if (s->cached && plen == s->cache_plen && same(prefix, s->cache_prefix, plen))
		return s->cache_ns;
	long ns = lookup_ns(s, prefix, plen);
	if (plen <= sizeof s->cache_prefix) {
		memcpy(s->cache_prefix, prefix, plen);
		s->cache_plen = plen;
		s->cache_ns = ns;
		s->cached = true;
	}
	return ns;
}

static const char *ns_uri(const cbi_xmlscan *s, long ns)
{
	return ns == NS_XML ? XML_NS : ns == NS_NONE ? NULL : s->ns.p + s->binds[ns].uri;
}

static bool uri_is(const char *v, size_t len, const char *uri)
{
	return len == strlen(uri) && memcmp(v, uri, len) == 0;
}

/* Namespace names that are absolute URIs, in strcmp order: those of OOXML, HWPX and the
 * packages around them, which every part declares again (libxml2's URI parser on each of a
 * small part's thirty declarations cost as much as scanning the rest). Checked with that parser
 * once per process before the list is trusted. */
static const char *const known_uris[] = {
	"http://purl.org/dc/dcmitype/",
	"http://purl.org/dc/elements/1.1/",
	"http://purl.org/dc/terms/",
	"http://schemas.microsoft.com/office/2019/extlst",
	"http://schemas.microsoft.com/office/drawing/2014/chartex",
	"http://schemas.microsoft.com/office/drawing/2015/10/21/chartex",
	"http://schemas.microsoft.com/office/drawing/2015/9/8/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/5/10/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/5/11/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/5/12/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/5/13/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/5/14/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/5/9/chartex",
	"http://schemas.microsoft.com/office/drawing/2016/ink",
	"http://schemas.microsoft.com/office/drawing/2017/model3d",
	"http://schemas.microsoft.com/office/infopath/2007/PartnerControls",
	"http://schemas.microsoft.com/office/mac/office/2008/main",
	"http://schemas.microsoft.com/office/thememl/2012/main",
	"http://schemas.microsoft.com/office/word/2006/wordml",
	"http://schemas.microsoft.com/office/word/2010/wordml",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
	"http://schemas.microsoft.com/office/word/2012/wordml",
	"http://schemas.microsoft.com/office/word/2015/wordml/symex",
	"http://schemas.microsoft.com/office/word/2016/wordml/cid",
	"http://schemas.microsoft.com/office/word/2018/wordml",
	"http://schemas.microsoft.com/office/word/2018/wordml/cex",
	"http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",
	"http://schemas.microsoft.com/office/word/2023/wordml/word16du",
	"http://schemas.microsoft.com/office/word/2024/wordml/sdtformatlock",
	"http://schemas.openxmlformats.org/drawingml/2006/main",
	"http://schemas.openxmlformats.org/drawingml/2006/picture",
	"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
	"http://schemas.openxmlformats.org/markup-compatibility/2006",
	"http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
	"http://schemas.openxmlformats.org/officeDocument/2006/customXml",
	"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
	"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
	"http://schemas.openxmlformats.org/officeDocument/2006/math",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
	"http://schemas.openxmlformats.org/package/2006/content-types",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
	"http://schemas.openxmlformats.org/package/2006/relationships",
	"http://schemas.openxmlformats.org/schemaLibrary/2006/main",
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://www.hancom.co.kr/hwpml/2011/app",
	"http://www.hancom.co.kr/hwpml/2011/core",
	"http://www.hancom.co.kr/hwpml/2011/head",
	"http://www.hancom.co.kr/hwpml/2011/history",
	"http://www.hancom.co.kr/hwpml/2011/master-page",
	"http://www.hancom.co.kr/hwpml/2011/paragraph",
	"http://www.hancom.co.kr/hwpml/2011/section",
	"http://www.hancom.co.kr/hwpml/2011/version",
	"http://www.hancom.co.kr/hwpml/2016/HwpUnitChar",
	"http://www.hancom.co.kr/hwpml/2016/meta/pkg#",
	"http://www.hancom.co.kr/hwpml/2016/ooxmlchart",
	"http://www.hancom.co.kr/hwpml/2016/paragraph",
	"http://www.hancom.co.kr/schema/2011/hpf",
	"http://www.idpf.org/2007/opf/",
	"http://www.idpf.org/2007/ops",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://www.w3.org/2001/XMLSchema",
	"http://www.w3.org/2001/XMLSchema-instance",
	"urn:oasis:names:tc:opendocument:xmlns:config:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:container",
	"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
	"urn:schemas-microsoft-com:mac:vml",
	"urn:schemas-microsoft-com:office:office",
	"urn:schemas-microsoft-com:office:word",
	"urn:schemas-microsoft-com:vml",
};

static int compare_uri(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* 0: not yet checked; 1: the list is what it says; -1: it is not (and is not used). Threads
 * racing to check it all come to the same answer. */
static _Atomic int known_checked;

/* Whether libxml2's URI parser needs asking about a namespace name. */
static bool known_uri(const char *uri)
{
	int k = atomic_load_explicit(&known_checked, memory_order_relaxed);
	if (!k) {
		k = 1;
		for (size_t i = 0; i < sizeof known_uris / sizeof *known_uris; i++) {
			xmlURIPtr u = xmlParseURI(known_uris[i]);
			if (!u || !u->scheme || (i && strcmp(known_uris[i - 1], known_uris[i]) >= 0))
				k = -1;
			xmlFreeURI(u);
		}
		atomic_store_explicit(&known_checked, k, memory_order_relaxed);
	}
	return k > 0 && bsearch(uri, known_uris, sizeof known_uris / sizeof *known_uris,
	                        sizeof *known_uris, compare_uri) != NULL;
}

/* What libxml2 says of a namespace name that is no URI (recovered from). */
static void check_uri(cbi_xmlscan *s, const char *uri, const char *prefix, size_t plen,
                      unsigned long line)
{
	if (known_uri(uri))
		return;
	xmlURIPtr u = xmlParseURI(uri);
	if (!u) {
		if (plen)
			problem(s, false, line, "xmlns:%.*s: '%s' is not a valid URI", (int)plen, prefix,
			        uri);
		else
			problem(s, false, line, "xmlns: '%s' is not a valid URI", uri);
		return;
	}
	if (!plen && !u->scheme)
		problem(s, false, line, "xmlns: URI %s is not absolute", uri);
	xmlFreeURI(u);
}

/* A namespace declaration of the start tag (prefix NULL: xmlns=), as xmlParseStartTag2 takes
 * it: some are refused with a recovered error and not bound, a second one for a prefix the tag
 * has bound is fatal. first: the tag's first binding. */
static int declare(cbi_xmlscan *s, const char *prefix, size_t plen, const char *uri, size_t ulen,
                   size_t first, unsigned long line)
{
	if (prefix) {
		if (plen == 3 && memcmp(prefix, "xml", 3) == 0) {
			if (!uri_is(uri, ulen, XML_NS))
				problem(s, false, line, "xml namespace prefix mapped to wrong URI");
			return OK;
		}
		if (uri_is(uri, ulen, XML_NS)) {
			problem(s, false, line, "xml namespace URI mapped to wrong prefix");
			return OK;
		}
		if (plen == 5 && memcmp(prefix, "xmlns", 5) == 0) {
			problem(s, false, line, "redefinition of the xmlns prefix is forbidden");
			return OK;
		}
		if (uri_is(uri, ulen, XMLNS_NS)) {
			problem(s, false, line, "reuse of the xmlns namespace name is forbidden");
			return OK;
		}
		if (!ulen) {
			problem(s, false, line, "xmlns:%.*s: Empty XML namespace is not allowed", (int)plen,
			        prefix);
			return OK;
		}
		check_uri(s, uri, prefix, plen, line);
	} else if (ulen) {
		check_uri(s, uri, NULL, 0, line);
		if (uri_is(uri, ulen, XML_NS)) {
			problem(s, false, line, "xml namespace URI cannot be the default namespace");
			return OK;
		}
		if (uri_is(uri, ulen, XMLNS_NS)) {
			problem(s, false, line, "reuse of the xmlns namespace name is forbidden");
			return OK;
		}
	}
	if (!prefix)
		plen = 0;
	for (size_t i = first; i < s->nbinds; i++) {
		const struct binding *b = &s->binds[i];
		if (b->plen == plen && memcmp(s->ns.p + b->prefix, prefix ? prefix : "", plen) == 0) {
			if (prefix)
				problem(s, true, line, "Attribute xmlns:%.*s redefined", (int)plen, prefix);
			else
				problem(s, true, line, "Attribute xmlns redefined");
			return BAD;
		}
	}
	if (!grow(&s->binds, &s->bind_cap, s->nbinds + 1, sizeof *s->binds) ||
	    !reserve(&s->ns, plen + ulen + 2))
		return nomem(s);
	s->cached = false;
	struct binding *b = &s->binds[s->nbinds++];
	b->prefix = s->ns.len;
	b->plen = plen;
	append(&s->ns, prefix ? prefix : "", plen);
	s->ns.len++; /* keep the NUL */
	b->uri = s->ns.len;
	b->ulen = ulen;
	append(&s->ns, uri, ulen);
	s->ns.len++;
	return OK;
}

/* --- tags ------------------------------------------------------------------------------------ */

/* Bytes of an attribute value taken as they are: printable ASCII but for '<', '&' and quotes. */
static const unsigned char value_plain[256] = {
	[' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['('] = 1, [')'] = 1, ['*'] = 1,
	['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0' ... '9'] = 1, [':'] = 1,
	[';'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1, ['A' ... 'Z'] = 1, ['['] = 1,
	['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a' ... 'z'] = 1, ['{'] = 1,
	['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7F] = 1,
};

/* An attribute value from its opening quote at p: checks it, and finds its end. */
static int att_value(cbi_xmlscan *s, const char *p, const char *end, struct rawattr *a,
                     unsigned long *nl)
{
	char quote = *p++;
	a->value = (char *)p;
	a->decode = false;
	for (;;) {
		while (value_plain[(unsigned char)*p])
			p++;
		unsigned char c = (unsigned char)*p;
		if (c == (unsigned char)quote)
			break;
		if (c == '"' || c == '\'') {
			p++;
			continue;
		}
		if (c == '<') {
			problem(s, true, s->line + *nl, "Unescaped '<' not allowed in attributes values");
			return BAD;
		}
		if (c == '&') {
			char out[4];
			size_t olen;
			long n = reference(s, p, end, out, &olen, s->line + *nl);
			if (n <= 0)
				return (int)n;
			a->decode = true;
			p += n;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			*nl += c == '\n';
			a->decode = true;
			p++;
			continue;
		}
		if (c >= 0x80 && !s->ascii) {
			uint32_t cp;
			int n = utf8_at((const unsigned char *)p, (const unsigned char *)end, &cp);
			if (n == NEED)
				return NEED;
			if (n == BAD) {
				bad_char(s, s->line + *nl, (const unsigned char *)p, cp);
				return BAD;
			}
			p += n;
			continue;
		}
		if (p >= end)
			return NEED;
		bad_char(s, s->line + *nl, (const unsigned char *)p, 0);
		return BAD;
	}
	a->vlen = (size_t)(p - a->value);
	return OK;
}

/* Decodes an attribute value in place: references replaced, white space made spaces (a CR LF
 * pair one space), as attribute-value normalisation without a DTD asks. */
static void decode_value(cbi_xmlscan *s, struct rawattr *a)
{
	char *o = a->value;
	const char *p = a->value, *end = a->value + a->vlen;
	if (a->decode)
		while (p < end) {
			char c = *p;
			if (c == '&') {
				size_t olen;
				char out[4];
				long n = reference(s, p, end, out, &olen, 0);
				memcpy(o, out, olen);
				o += olen;
				p += n;
			} else if (c == '\r' || c == '\n' || c == '\t') {
				*o++ = ' ';
				p += c == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
			} else
				*o++ = *p++;
		}
	else
		o += a->vlen;
	*o = '\0';
	a->vlen = (size_t)(o - a->value);
}

/* The start tag at buf[pos] ('<' and a name start). */
static int start_tag(cbi_xmlscan *s)
{
	char *b = s->buf, *end = b + s->len;
	char *name = b + s->pos + 1;
	unsigned long nl = 0;
	struct colons ncolon;
	long nlen = need_name(s, name, end, s->line, &ncolon, "StartTag: invalid element name");
	if (nlen <= 0)
		return (int)nlen;
	char *p = name + nlen;
	bool empty, decls = false;
	s->nraw = 0;
	size_t blanks = 0;
	for (;;) {
		char *q = p;
		while (is_blank((unsigned char)*p))
			nl += *p++ == '\n';
		blanks += (size_t)(p - q);
		if (*p == '>') {
			empty = false;
			break;
		}
		if (*p == '/') {
			if (p + 1 >= end)
				return NEED;
			if (p[1] != '>') {
				problem(s, true, s->line + nl, "Couldn't find end of Start Tag %.*s",
				        (int)(nlen > 100 ? 100 : nlen), name);
				return BAD;
			}
			empty = true;
			p++;
			break;
		}
		if (p >= end)
			return NEED;
		if (s->nraw && !blanks) {
			problem(s, true, s->line + nl, "attributes construct error");
			return BAD;
		}
		if ((unsigned char)*p < 0x20) {
			problem(s, true, s->line + nl, "Couldn't find end of Start Tag %.*s",
			        (int)(nlen > 100 ? 100 : nlen), name);
			return BAD;
		}
		if (s->nraw == s->raw_cap && !grow(&s->raw, &s->raw_cap, s->nraw + 1, sizeof *s->raw))
			return nomem(s);
		struct rawattr *a = &s->raw[s->nraw];
		long an = need_name(s, p, end, s->line + nl, &a->colon, "error parsing attribute name");
		if (an <= 0)
			return (int)an;
		a->name = p;
		a->nlen = (size_t)an;
		decls |= *p == 'x';
		p += an;
		while (is_blank((unsigned char)*p))
			nl += *p++ == '\n';
		if (p >= end)
			return NEED;
		if (*p != '=') {
			problem(s, true, s->line + nl, "Specification mandates value for attribute %.*s",
			        (int)(an > 100 ? 100 : an), a->name);
			return BAD;
		}
		p++;
		while (is_blank((unsigned char)*p))
			nl += *p++ == '\n';
		if (p >= end)
			return NEED;
		if (*p != '"' && *p != '\'') {
			problem(s, true, s->line + nl, "AttValue: \" or ' expected");
			return BAD;
		}
		a->line = s->line + nl;
		int r = att_value(s, p, end, a, &nl);
		if (r != OK)
			return r;
		p = a->value + a->vlen + 1;
		s->nraw++;
		blanks = 0;
	}
	/* The whole tag is in the buffer: from here on it is taken. */
	unsigned long line = s->line + nl;
	char *gt = p;
	bool odd, bad;

	/* Namespace declarations first, in their order: the names are looked up once they are all
	 * bound. */
	size_t first = s->nbinds, nsbytes = s->ns.len;
	for (size_t i = 0; decls && i < s->nraw; i++) {
		struct rawattr *a = &s->raw[i];
		if (a->name[0] != 'x' || a->nlen < 5 || memcmp(a->name, "xmlns", 5) != 0 ||
		    (a->nlen > 5 && a->colon.first != 5))
			continue;
		size_t plen = qname_split(a->name, a->nlen, a->colon, &odd, &bad);
		if (plen != 5 && a->nlen != 5)
			continue; /* xmlns:1 and the like are attributes */
		if (split_name(s, a->name, a->nlen, a->colon, line, true) < 0)
			return BAD;
		decode_value(s, a);
		const char *uri = a->value;
		size_t ulen = a->vlen;
		if (memchr(uri, '&', ulen)) {
			/* libxml2 hands the namespace name over as its parser keeps it before SAX2 decodes
			 * attribute values: an '&' from a reference stays "&#38;". */
			s->scratch.len = 0;
			for (const char *c = uri, *e = uri + ulen; c < e; c++)
				if (!(*c == '&' ? append(&s->scratch, "&#38;", 5) : append(&s->scratch, c, 1)))
					return nomem(s);
			uri = s->scratch.p;
			ulen = s->scratch.len;
		}
		int r = plen ? declare(s, a->name + 6, a->nlen - 6, uri, ulen, first, a->line)
		             : declare(s, NULL, 0, uri, ulen, first, a->line);
		if (r != OK)
			return r;
		a->nlen = 0; /* not an attribute */
	}

	long split = split_name(s, name, (size_t)nlen, ncolon, line, false);
	if (split < 0)
		return BAD;
	size_t plen = (size_t)split;
	long ens = find_ns(s, plen ? name : "", plen);
	size_t local = plen ? plen + 1 : 0;
	if (plen && ens == NS_NONE) {
		problem(s, false, line, "Namespace prefix %.*s on %.*s is not defined", (int)plen, name,
		        (int)(nlen - (long)local), name + local);
		local = 0;
	}

	/* The attributes proper. */
	if (s->attr_cap < s->nraw && !grow(&s->attrs, &s->attr_cap, s->nraw, sizeof *s->attrs))
		return nomem(s);
	size_t na = 0;
	for (size_t i = 0; i < s->nraw; i++) {
		struct rawattr *a = &s->raw[i];
		if (!a->nlen)
			continue;
		split = split_name(s, a->name, a->nlen, a->colon, line, true);
		if (split < 0)
			return BAD;
		size_t ap = (size_t)split;
		a->ns = ap ? find_ns(s, a->name, ap) : NS_NONE;
		a->local = ap ? ap + 1 : 0;
		if (ap && a->ns == NS_NONE) {
			problem(s, false, line, "Namespace prefix %.*s for %.*s on %.*s is not defined",
			        (int)ap, a->name, (int)(a->nlen - a->local), a->name + a->local,
			        (int)(nlen - (long)(plen ? plen + 1 : 0)), name + (plen ? plen + 1 : 0));
		}
		/* A second attribute of the same name is fatal; of the same local name in the same
		 * namespace under another prefix, only an error libxml2 recovers from (and then it
		 * looks no further). */
		size_t llen = a->nlen - a->local;
		for (size_t j = 0; j < i; j++) {
			const struct rawattr *o = &s->raw[j];
			if (!o->nlen || o->nlen - o->local != llen ||
			    !same(o->name + o->local, a->name + a->local, llen))
				continue;
			if (o->nlen == a->nlen && same(o->name, a->name, a->nlen)) {
				problem(s, true, line, "Attribute %.*s redefined", (int)a->nlen, a->name);
				return BAD;
			}
			if (a->ns != NS_NONE && o->ns != NS_NONE &&
			    strcmp(ns_uri(s, o->ns), ns_uri(s, a->ns)) == 0) {
				problem(s, false, line, "Namespaced Attribute %.*s in '%s' redefined",
				        (int)llen, a->name + a->local, ns_uri(s, a->ns));
				break;
			}
		}
		decode_value(s, a);
		if (ap == 3 && a->nlen == 9 && memcmp(a->name, "xml:space", 9) == 0 &&
		    strcmp(a->value, "preserve") != 0 && strcmp(a->value, "default") != 0)
			problem(s, false, line,
			        "Invalid value \"%s\" for xml:space : \"default\" or \"preserve\" expected",
			        a->value);
		a->name[a->nlen] = '\0'; /* the '=' or a blank, read past by now */
		cbi_xml_attr *o = &s->attrs[na++];
		o->qname = a->name;
		o->local = a->name + (ap && a->ns == NS_NONE ? 0 : a->local);
		o->ns = ns_uri(s, a->ns);
		o->value = a->value;
	}

	/* The element is open. */
	if (!grow(&s->stack, &s->stack_cap, s->depth + 1, sizeof *s->stack) ||
	    !reserve(&s->names, (size_t)nlen + 1))
		return nomem(s);
	struct frame *f = &s->stack[s->depth];
	f->name = s->names.len;
	f->nlen = (size_t)nlen;
	f->local = f->name + local;
	f->ns = ens;
	f->nbind = first;
	f->nsbytes = nsbytes;
	f->line = line;
	memcpy(s->names.p + s->names.len, name, (size_t)nlen);
	s->names.len += (size_t)nlen;
	s->names.p[s->names.len++] = '\0';

	cbi_xml_node *n = &s->node;
	n->type = CBI_XML_START;
	n->qname = s->names.p + f->name;
	n->local = s->names.p + f->local;
	n->ns = ns_uri(s, ens);
	n->text = NULL;
	n->text_len = 0;
	n->depth = (unsigned)s->depth;
	n->empty = empty;
	n->attrs = na ? s->attrs : NULL;
	n->nattrs = na;
	n->line = line;
	s->depth++;
	s->pop = empty;
	s->line = line;
	s->pos = (size_t)(gt + 1 - b);
	return OK;
}

/* The end tag at buf[pos] ("</"): it must name the open element exactly. */
static int end_tag(cbi_xmlscan *s)
{
	const struct frame *f = &s->stack[s->depth - 1];
	const char *p = s->buf + s->pos + 2, *end = s->buf + s->len;
	const char *name = s->names.p + f->name;
	const char *local = s->names.p + f->local;
	if ((size_t)(end - p) <= f->nlen)
		return NEED;
	bool match = memcmp(p, name, f->nlen) == 0;
	const char *q = p + (match ? f->nlen : 0);
	if (match && !is_blank((unsigned char)*q) && *q != '>')
		match = false;
	if (!match) {
		struct colons colon;
		long n = name_at(s, (const unsigned char *)p, (const unsigned char *)end, s->line, &colon);
		if (n == NEED)
			return NEED;
		if (n == BAD - 1)
			return BAD;
		const char *what = n > 0 ? p : "unparseable";
		int wlen = n > 0 ? (int)(n > 100 ? 100 : n) : (int)strlen(what);
		bool odd, bad;
		size_t pl = n > 0 ? qname_split(p, (size_t)n, colon, &odd, &bad) : 0;
		if (n > 0 && pl) {
			what += pl + 1;
			wlen -= (int)(pl + 1);
		}
		problem(s, true, s->line, "Opening and ending tag mismatch: %s line %lu and %.*s", local,
		        f->line, wlen, what);
		return BAD;
	}
	unsigned long nl = 0;
	while (is_blank((unsigned char)*q))
		nl += *q++ == '\n';
	if (q >= end)
		return NEED;
	if (*q != '>') {
		problem(s, true, s->line + nl, "expected '>'");
		return BAD;
	}
	cbi_xml_node *n = &s->node;
	n->type = CBI_XML_END;
	n->qname = name;
	n->local = local;
	n->ns = ns_uri(s, f->ns);
	n->text = NULL;
	n->text_len = 0;
	n->depth = (unsigned)s->depth - 1;
	n->empty = false;
	n->attrs = NULL;
	n->nattrs = 0;
	n->line = f->line;
	s->pop = true;
	s->line += nl;
	s->pos = (size_t)(q + 1 - s->buf);
	return OK;
}

/* --- text ------------------------------------------------------------------------------------ */

/* Bytes of character data taken as they are: 1. Everything else needs a look: line ends,
 * references, '<', ']' (for "]]>"), other control characters and non-ASCII bytes. */
static const unsigned char plain[256] = {
	[' '] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['\''] = 1, ['('] = 1,
	[')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1,
	['0' ... '9'] = 1, [':'] = 1, [';'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1,
	['A' ... 'Z'] = 1, ['['] = 1, ['\\'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
	['a' ... 'z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7F] = 1, ['\t'] = 1,
};

/* libxml2 numbers a text node with the line its parser is at when it first hands characters
 * over: at the first '<', reference, CR or non-ASCII character after some text (or, when the
 * text begins with a lone CR or a non-ASCII character, after some 300 bytes or at the first
 * '<' or reference). */
static void text_flush(cbi_xmlscan *s)
{
	if (!s->text_line && (s->text_run || s->text_slow))
		s->text_line = s->line;
}

/* Reads character data at buf[pos] into the text until a '<': OK there, NEED at the end of
 * the buffer, BAD. */
static int char_data(cbi_xmlscan *s)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	const unsigned char *p = b + s->pos, *end = b + s->len;
	if (*p == '<' && p < end) /* between two tags, most often */
		return OK;
	for (;;) {
		const unsigned char *run = p;
		unsigned long nl = 0;
		for (;;) {
			/* Eight bytes at a time while they are printable ASCII other than '<', '&', ']'
			 * (which are all below 0x60 and are checked for by the table below). */
			while (end - p >= 8) {
				uint64_t w;
				memcpy(&w, p, 8);
				const uint64_t hi = 0x8080808080808080u, lo = 0x2020202020202020u;
				if ((w | (w - lo)) & hi)
					break;
				if (!(plain[p[0]] & plain[p[1]] & plain[p[2]] & plain[p[3]] & plain[p[4]] &
				      plain[p[5]] & plain[p[6]] & plain[p[7]]))
					break;
				p += 8;
			}
			while (plain[*p])
				p++;
			if (*p == '\n') {
				nl++;
				p++;
				continue;
			}
			break;
		}
		if (p > run) {
			if (*p == '<' && !s->text.len) {
				/* The whole text is this run: handed over from the buffer itself. */
				s->direct = (size_t)(run - b);
				s->direct_len = (size_t)(p - run);
				s->text_run = true;
				s->line += nl;
				s->pos = (size_t)(p - b);
				text_flush(s);
				return OK;
			}
			if (!append(&s->text, (const char *)run, (size_t)(p - run)))
				return nomem(s);
			if (s->text_slow) {
				s->text_slow += (size_t)(p - run);
				if (s->text_slow >= 300 && !s->text_line)
					s->text_line = s->line + nl;
			} else
				s->text_run = true;
			s->line += nl;
			s->pos = (size_t)(p - b);
		}
		unsigned char c = *p;
		if (c == '<') {
			text_flush(s);
			return OK;
		}
		if (c == '&') {
			if (!s->text_line)
				s->text_line = s->line;
			char out[4];
			size_t olen;
			long n = reference(s, (const char *)p, (const char *)end, out, &olen, s->line);
			if (n <= 0)
				return (int)n;
			if (!append(&s->text, out, olen))
				return nomem(s);
			p += n;
			s->pos = (size_t)(p - b);
			continue;
		}
		if (c == '\r') {
			if (p + 1 >= end)
				return NEED;
			if (!s->text_slow) {
				if (s->text_run)
					text_flush(s);
				else if (p[1] != '\n')
					s->text_slow = 1;
				else if (p + 2 >= end)
					return NEED;
				else {
					/* libxml2 goes on in its quick path only over plain ASCII. */
					s->text_run = (p[2] >= 0x20 && p[2] < 0x80) || p[2] == '\t' ||
					              p[2] == '\n';
					s->text_slow = !s->text_run;
				}
			}
			if (!append(&s->text, "\n", 1))
				return nomem(s);
			p += p[1] == '\n' ? 2 : 1;
			s->line += p[-1] == '\n';
			s->pos = (size_t)(p - b);
			continue;
		}
		if (c == ']') {
			if (end - p < 3)
				return NEED;
			if (p[1] == ']' && p[2] == '>') {
				problem(s, true, s->line, "Sequence ']]>' not allowed in content");
				return BAD;
			}
			if (!append(&s->text, "]", 1))
				return nomem(s);
			p++;
			s->text_run = s->text_run || !s->text_slow;
			s->pos = (size_t)(p - b);
			continue;
		}
		if (c >= 0x80 && !s->ascii) {
			if (!s->text_slow) {
				if (s->text_run)
					text_flush(s);
				else
					s->text_slow = 1;
			}
			const unsigned char *q = p;
			for (;;) {
				uint32_t cp;
				int n = utf8_at(q, end, &cp);
				if (n == NEED) {
					if (q > p)
						break;
					return NEED;
				}
				if (n == BAD) {
					bad_char(s, s->line, q, cp);
					return BAD;
				}
				q += n;
				if (*q < 0x80)
					break;
			}
			if (!append(&s->text, (const char *)p, (size_t)(q - p)))
				return nomem(s);
			if (s->text_slow) {
				s->text_slow += (size_t)(q - p);
				if (s->text_slow >= 300 && !s->text_line)
					s->text_line = s->line;
			}
			p = q;
			s->pos = (size_t)(p - b);
			continue;
		}
		if (p >= end)
			return NEED;
		bad_char(s, s->line, p, 0);
		return BAD;
	}
}

/* --- the stream ------------------------------------------------------------------------------ */

static void text_reset(cbi_xmlscan *s)
{
	s->text.len = 0;
	if (s->text.p)
		s->text.p[0] = '\0';
	s->text_line = 0;
	s->text_run = false;
	s->text_slow = 0;
	s->direct_len = 0;
}

/* Copies text left in the buffer into the text, before the buffer moves or more is added. */
static bool settle(cbi_xmlscan *s)
{
	bool ok = !s->direct_len || append(&s->text, s->buf + s->direct, s->direct_len);
	s->direct_len = 0;
	return ok;
}

static int deliver_text(cbi_xmlscan *s)
{
	cbi_xml_node *n = &s->node;
	n->type = CBI_XML_TEXT;
	n->local = n->qname = n->ns = NULL;
	if (s->direct_len) {
		/* NUL-terminated in place, over the '<' that follows: put back at the next call. */
		n->text = s->buf + s->direct;
		n->text_len = s->direct_len;
		s->buf[s->pos] = '\0';
		s->restore = true;
	} else {
		n->text = s->text.p;
		n->text_len = s->text.len;
	}
	n->depth = (unsigned)s->depth;
	n->empty = false;
	n->attrs = NULL;
	n->nattrs = 0;
	n->line = s->text_line ? s->text_line : s->line;
	return OK;
}

/* Runs parse (a construct at buf[pos]) until it has all it needs; at the end of the part,
 * reports what was left unfinished. */
static int whole(cbi_xmlscan *s, int (*parse)(cbi_xmlscan *), const char *unfinished)
{
	for (;;) {
		int r = parse(s);
		if (r != NEED)
			return r;
		int m = more(s);
		if (m < 0)
			return BAD;
		if (m == 0) {
			problem(s, true, s->line, "%s", unfinished);
			return BAD;
		}
	}
}

/* Makes at least n bytes available at buf[pos], if the part has them: false at its end or
 * after a failed pull (state says which). */
static bool have(cbi_xmlscan *s, size_t n)
{
	while (s->len - s->pos < n)
		if (more(s) <= 0)
			return false;
	return true;
}

static bool at_n(const cbi_xmlscan *s, const char *lit, size_t n)
{
	return s->len - s->pos >= n && memcmp(s->buf + s->pos, lit, n) == 0;
}

#define AT(s, lit) at_n(s, lit, sizeof lit - 1)

/* Between constructs outside the root element (before: in the prolog): passes over blanks,
 * comments and PIs; OK at the root's start tag, 0 at the end of the part, BAD. */
static int misc(cbi_xmlscan *s, bool before)
{
	for (;;) {
		const char *p = s->buf + s->pos, *end = s->buf + s->len;
		unsigned long nl = 0;
		while (is_blank((unsigned char)*p))
			nl += *p++ == '\n';
		s->line += nl;
		s->pos = (size_t)(p - s->buf);
		if (p == end) {
			int m = more(s);
			if (m < 0)
				return BAD;
			if (m > 0)
				continue;
			if (!before)
				return 0;
			problem(s, true, s->line, "Document is empty");
			return BAD;
		}
		if (!have(s, 9) && s->state == S_FAILED)
			return BAD;
		if (s->buf[s->pos] != '<') {
			problem(s, true, s->line,
			        before ? "Start tag expected, '<' not found"
			               : "Extra content at the end of the document");
			return BAD;
		}
		int r;
		if (AT(s, "<?"))
			r = whole(s, pi, "ParsePI: PI not terminated");
		else if (AT(s, "<!--"))
			r = whole(s, comment, "Comment not terminated");
		else if (AT(s, "<!DOCTYPE")) {
			problem(s, true, s->line, "document type declarations are not read here");
			r = BAD;
		} else if (before && starts_name(s->buf + s->pos + 1, s->buf + s->len, true))
			return OK;
		else {
			problem(s, true, s->line,
			        before ? "Start tag expected, '<' not found"
			               : "Extra content at the end of the document");
			r = BAD;
		}
		if (r != OK)
			return BAD;
	}
}

static int root(cbi_xmlscan *s)
{
	int r = whole(s, start_tag, "Couldn't find end of Start Tag");
	if (r != OK)
		return -1;
	s->state = S_CONTENT;
	return 1;
}

/* Content: text (CDATA merged in) up to the next tag, comment or PI. */
static int content(cbi_xmlscan *s)
{
	text_reset(s);
	for (;;) {
		int r = char_data(s);
		if (r == BAD)
			return -1;
		if (r == NEED) {
			int m = more(s);
			if (m < 0)
				return -1;
			if (m == 0) {
				const struct frame *f = &s->stack[s->depth - 1];
				problem(s, true, s->line, "Premature end of data in tag %s line %lu",
				        s->names.p + f->local, f->line);
				return -1;
			}
			continue;
		}
		/* At '<'. */
		if (s->len - s->pos < 9) {
			if (!settle(s))
				return nomem(s);
			if (!have(s, 9) && s->state == S_FAILED)
				return -1;
		}
		char next = s->buf[s->pos + 1];
		if (next == '!' && AT(s, "<![CDATA[")) {
			if (!settle(s))
				return nomem(s);
			if (whole(s, cdata, "CData section not finished") != OK)
				return -1;
			continue;
		}
		if (s->text.len || s->direct_len)
			return deliver_text(s);
		if (next == '/') {
			if (whole(s, end_tag, "expected '>'") != OK)
				return -1;
			return 1;
		}
		if ((name_class[(unsigned char)next] & START) ||
		    (next != '!' && next != '?' &&
		     starts_name(s->buf + s->pos + 1, s->buf + s->len, true))) {
			if (whole(s, start_tag, "Couldn't find end of Start Tag") != OK)
				return -1;
			return 1;
		}
		if (next == '!' && AT(s, "<!--")) {
			if (whole(s, comment, "Comment not terminated") != OK)
				return -1;
			text_reset(s);
			continue;
		}
		if (next == '?') {
			if (whole(s, pi, "ParsePI: PI not terminated") != OK)
				return -1;
			text_reset(s);
			continue;
		}
		problem(s, true, s->line, "StartTag: invalid element name");
		return -1;
	}
}

int cbi_xmlscan_next(cbi_xmlscan *s, const cbi_xml_node **node)
{
	if (s->restore) {
		s->buf[s->pos] = '<';
		s->restore = false;
	}
	if (s->pop) {
		s->pop = false;
		const struct frame *f = &s->stack[--s->depth];
		if (s->nbinds != f->nbind)
			s->cached = false;
		s->nbinds = f->nbind;
		s->ns.len = f->nsbytes;
		s->names.len = f->name;
		if (!s->depth)
			s->state = S_EPILOG;
	}
	for (;;) {
		int r;
		switch (s->state) {
		case S_START:
			if (!have(s, 6) && s->state == S_FAILED)
				return -1;
			if (AT(s, "\xEF\xBB\xBF")) {
				s->pos += 3;
				if (!have(s, 6) && s->state == S_FAILED)
					return -1;
			}
			if (s->len - s->pos >= 6 && memcmp(s->buf + s->pos, "<?xml", 5) == 0 &&
			    is_blank((unsigned char)s->buf[s->pos + 5])) {
				if (whole(s, xml_decl, "parsing XML declaration: '?>' expected") != OK)
					return -1;
			}
			s->state = S_PROLOG;
			continue;
		case S_PROLOG:
			r = misc(s, true);
			if (r != OK)
				return -1;
			r = root(s);
			break;
		case S_CONTENT:
			r = content(s);
			break;
		case S_EPILOG:
			r = misc(s, false);
			if (r == 0) {
				s->state = S_DONE;
				return 0;
			}
			return -1;
		case S_DONE:
			return 0;
		case S_FAILED:
		default:
			return -1;
		}
		if (r != 1)
			return -1;
		*node = &s->node;
		return 1;
	}
}

const char *cbi_xmlscan_lookup(const cbi_xmlscan *s, const char *prefix)
{
	if (!prefix) /* the default namespace, as libxml2 takes NULL */
		prefix = "";
	const char *uri = ns_uri(s, lookup_ns(s, prefix, strlen(prefix)));
	return uri && *uri ? uri : NULL;
}

/* --- making one ------------------------------------------------------------------------------ */

bool cbi_xmlscan_accepts(const char *head, size_t len)
{
	const unsigned char *h = (const unsigned char *)head;
	if (len >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		h += 3;
		len -= 3;
	}
	/* UTF-16 and UCS-4 show NUL bytes among the first characters (or their own marks). */
	if (len >= 2 && ((h[0] == 0xFE && h[1] == 0xFF) || (h[0] == 0xFF && h[1] == 0xFE)))
		return false;
	if (memchr(h, '\0', len < 4 ? len : 4))
		return false;
	/* Plausibly XML: markup or blanks first. */
	size_t i = 0;
	while (i < len && is_blank(h[i]))
		i++;
	if (i < len && h[i] != '<')
		return false;
	if (!(len >= 6 && memcmp(h, "<?xml", 5) == 0 && is_blank(h[5])))
		return true;
	/* The declaration's encoding, if it names one before its end. */
	const char *p = (const char *)h, *end = p + len;
	const char *close = memchr(p, '>', len);
	if (close)
		end = close;
	const char *e = NULL;
	for (const char *q = p; q + 8 <= end; q++)
		if (memcmp(q, "encoding", 8) == 0) {
			e = q + 8;
			break;
		}
	if (!e)
		return true;
	e = skip_blanks(e, end);
	if (e >= end || *e != '=')
		return true; /* malformed: the scanner says so as libxml2 would */
	e = skip_blanks(e + 1, end);
	if (e >= end || (*e != '"' && *e != '\''))
		return true;
	const char *v = e + 1, *vend = memchr(v, *e, (size_t)(end - v));
	if (!vend)
		return !close; /* cut off by the head: nothing to go on */
	size_t vlen = (size_t)(vend - v);
	return (vlen == 5 && strncasecmp(v, "UTF-8", 5) == 0) ||
	       (vlen == 8 && strncasecmp(v, "US-ASCII", 8) == 0);
}

cbi_xmlscan *cbi_xmlscan_new(const char *head, size_t len, cbi_xml_pull_fn pull, void *pull_ctx,
                             cbi_xml_problem_fn problem_fn, void *problem_ctx)
{
	cbi_xmlscan *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->cap = (len > CHUNK ? len : CHUNK) + CHUNK;
	s->buf = malloc(s->cap);
	if (!s->buf) {
		free(s);
		return NULL;
	}
	if (len)
		memcpy(s->buf, head, len);
	s->len = len;
	s->buf[len] = '\0';
	s->pull = pull;
	s->pull_ctx = pull_ctx;
	s->problem = problem_fn;
	s->problem_ctx = problem_ctx;
	s->line = 1;
	s->state = S_START;
	return s;
}

void cbi_xmlscan_free(cbi_xmlscan *s)
{
	if (!s)
		return;
	free(s->buf);
	free(s->text.p);
	free(s->scratch.p);
	free(s->stack);
	free(s->names.p);
	free(s->binds);
	free(s->ns.p);
	free(s->raw);
	free(s->attrs);
	free(s);
}
