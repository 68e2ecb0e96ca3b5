/* The plain-text reader. School submissions arrive as UTF-8 (with or without a byte order mark),
 * as UTF-16 from Windows Notepad, or as CP949 from older Korean software; this reader finds out
 * which, decodes the input in chunks (its own memory stays bounded however large the file), and
 * builds paragraphs of lines and the headings of Korean official documents (headings.c).
 *
 * Decoding: UTF-16 and CP949 go through iconv. UTF-8 is checked here instead, because glibc's
 * UTF-8 decoder lets sequences past U+10FFFF through, and the model would then replace them
 * without the warning that names the line. */
#include "config.h"

#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Input is read this much at a time; the first chunk is also what the encoding is judged by. */
#define CHUNK (64u * 1024)
/* iconv writes this much UTF-8 at a time before it goes to the line splitter. */
#define OUT_CHUNK (16u * 1024)
/* A line longer than this cannot be a heading, so its text goes into the paragraph as it comes
 * rather than growing the line buffer without bound. */
#define SPILL (16u * 1024)
/* Encoding warnings after which the rest are counted out, so a binary file cannot flood the
 * report. */
#define WARN_MAX 20

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

typedef enum encoding {
	ENC_UTF8,
	ENC_UTF8_BOM,
	ENC_UTF8_FALLBACK, /* neither valid UTF-8 nor CP949: UTF-8 with replacements */
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_CP949
} encoding;

typedef struct reader {
	cb_input *in;
	cb_document *doc;
	cb_node *body;
	cb_node *para; /* the paragraph the next line joins, NULL after a blank line or heading */
	encoding enc;
	iconv_t cd;
	char *line; /* the current line's decoded text (not yet in the tree) */
	size_t line_len, line_cap;
	bool spilled;  /* part of the current line is already in para */
	bool after_cr; /* the last character was CR, so an LF next belongs to it */
	unsigned long lineno;      /* 1-based, of the line being decoded */
	unsigned long warned_line; /* the last line that got an encoding warning */
	unsigned warnings;
	cb_code status; /* why reading stopped; already reported */
	char buf[CHUNK];
	char out[OUT_CHUNK];
} reader;

/* --- UTF-8 ----------------------------------------------------------------------------- */

typedef enum utf8_state { UTF8_OK, UTF8_BAD, UTF8_SHORT } utf8_state;

/* Checks the sequence at s (n > 0 bytes). *len gets its length when it is well formed, the
 * length of its longest well-formed start when it is not (at least 1: that much becomes one
 * U+FFFD, as Unicode recommends), or what is there when the buffer ends inside it. Overlong
 * forms, surrogates and values past U+10FFFF are ill formed. */
static utf8_state utf8_check(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need;
	if (c < 0x80) {
		*len = 1;
		return UTF8_OK;
	}
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else {
		*len = 1;
		return UTF8_BAD;
	}
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (size_t k = 1; k < need; k++) {
		if (k == n) {
			*len = k;
			return UTF8_SHORT;
		}
		if (s[k] < (k == 1 ? lo : 0x80) || s[k] > (k == 1 ? hi : 0xBF)) {
			*len = k;
			return UTF8_BAD;
		}
	}
	*len = need;
	return UTF8_OK;
}

/* Whether s is UTF-8; a sequence cut by the end counts as valid when more input follows. */
static bool utf8_valid(const unsigned char *s, size_t n, bool cut)
{
	size_t i = 0, len;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		utf8_state st = utf8_check(s + i, n - i, &len);
		if (st == UTF8_BAD || (st == UTF8_SHORT && !cut))
			return false;
		i += len;
	}
	return true;
}

/* --- bidding --------------------------------------------------------------------------- */

/* Whether the text starts like XML or HTML: a declaration, doctype, comment or tag. Text that
 * opens with '<' and a Korean word ("<요약>") is not markup. */
static bool looks_like_markup(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (n - i < 2 || s[i] != '<')
		return false;
	unsigned char c = s[i + 1];
	if (c == '?' || c == '!')
		return n - i >= 3 && (s[i + 2] == '-' || ((s[i + 2] | 0x20) >= 'a' &&
		                                          (s[i + 2] | 0x20) <= 'z'));
	if (!(c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
		return false;
	for (i += 2; i < n; i++) {
		c = s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/')
			return true;
		if (!(c == '_' || c == '-' || c == '.' || c == ':' || (c >= '0' && c <= '9') ||
		      ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			return false;
	}
	return false;
}

/* The same for UTF-16: its ASCII characters, with anything else as a non-ASCII stand-in. */
static bool utf16_looks_like_markup(const unsigned char *s, size_t n, bool le)
{
	unsigned char ascii[256];
	size_t m = 0;
	for (size_t i = 0; i + 1 < n && m < sizeof ascii; i += 2) {
		unsigned unit = le ? s[i] | (unsigned)s[i + 1] << 8 : (unsigned)s[i] << 8 | s[i + 1];
		ascii[m++] = unit < 0x80 ? (unsigned char)unit : 0x80;
	}
	return looks_like_markup(ascii, m);
}

/* Whether a byte pair can be a CP949 character: the EUC-KR area (both bytes A1-FE) and the
 * Hangul that Microsoft's extension puts below it (lead 81-C6 with trail 41-5A, 61-7A, 81-FE). */
static bool cp949_pair(unsigned char lead, unsigned char trail)
{
	if (lead < 0x81 || lead == 0xFF)
		return false;
	if (trail >= 0xA1 && trail <= 0xFE)
		return true;
	return lead <= 0xC6 && ((trail >= 0x41 && trail <= 0x5A) || (trail >= 0x61 && trail <= 0x7A) ||
	                        (trail >= 0x81 && trail <= 0xA0));
}

/* Whether the bytes are shaped like CP949 (the bid must not run a decoder). */
static bool cp949_shaped(const unsigned char *s, size_t n, bool cut)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80)
			continue;
		if (i + 1 == n)
			return cut;
		if (!cp949_pair(s[i], s[i + 1]))
			return false;
		i++;
	}
	return true;
}

/* Text files have few control characters; binary data has many. */
static bool mostly_printable(const unsigned char *s, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') ||
		    s[i] == 0x7F)
			bad++;
	return bad * 20 <= n;
}

/* An empty input is an empty text when it is named as one (or has no name, or no extension):
 * an empty "report.docx" is a failed save, and saying "the file is empty" helps more than an
 * empty document would. */
static bool empty_is_text(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	return !dot || strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".text") == 0;
}

/* Scores, in the scale of plugin.h:
 *   100-60: 60 for a UTF-16 byte order mark; nothing else in the file is a signature of text.
 *   59-20:  40 for a UTF-8 byte order mark.
 *   19-1:   10 for valid UTF-8 or bytes shaped like CP949 (a sequence cut by the end of the head
 *           does not count against it); 5 for other mostly printable bytes, which read as UTF-8
 *           with replacements; 1 for an empty input named .txt (or without an extension), so
 *           that an empty .txt reads as an empty document rather than failing as unrecognised.
 *   0:      NUL bytes outside UTF-16 (binary data, see text_read), XML or HTML (behind any byte
 *           order mark) so that markup formats are never swallowed as text, RTF and PDF, which
 *           are ASCII but not text to read, UTF-32, and mostly unprintable bytes. */
static int text_bid(const cb_probe *probe)
{
	size_t n;
	const unsigned char *s = cb_probe_head(probe, &n);
	bool cut = n == CB_PROBE_HEAD;
	if (n == 0)
		return empty_is_text(cb_probe_name(probe)) ? 1 : 0;
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		if (n >= 4 && s[0] == 0xFF && s[2] == 0 && s[3] == 0)
			return 0;
		return utf16_looks_like_markup(s + 2, n - 2, s[0] == 0xFF) ? 0 : 60;
	}
	if (memchr(s, 0, n))
		return 0;
	bool bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
	if (looks_like_markup(s + (bom ? 3 : 0), n - (bom ? 3 : 0)))
		return 0;
	if ((n >= 5 && memcmp(s, "{\\rtf", 5) == 0) || (n >= 5 && memcmp(s, "%PDF-", 5) == 0))
		return 0;
	if (bom)
		return 40;
	if (utf8_valid(s, n, cut) || cp949_shaped(s, n, cut))
		return 10;
	return mostly_printable(s, n) ? 5 : 0;
}

/* --- building the tree ----------------------------------------------------------------- */

/* A builder call failed: the document says why (a limit, or memory). */
static bool builder_failed(reader *r)
{
	int code = cb_document_error_code(r->doc);
	const char *why = cb_document_error(r->doc);
	r->status = code ? (cb_code)code : CB_E_NOMEM;
	cb_input_report(r->in, CB_SEV_ERROR, r->status, NULL, r->lineno, "%s",
	                why ? why : "out of memory");
	return false;
}

static bool out_of_memory(reader *r)
{
	r->status = CB_E_NOMEM;
	cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, r->lineno, "out of memory");
	return false;
}

static bool add_text(reader *r, cb_node *parent, const char *s, size_t n)
{
	return n == 0 || cb_add_text(parent, s, n, 0) == 0 || builder_failed(r);
}

/* Starts the current line in the open paragraph (after a break), or a new paragraph. Lines stay
 * lines: submissions write "label: value" one to a line. */
static bool start_line(reader *r)
{
	if (r->para)
		return cb_add_break(r->para) || builder_failed(r);
	r->para = cb_add_paragraph(r->body);
	return r->para || builder_failed(r);
}

static bool add_heading(reader *r, int rank, const char *s, size_t n)
{
	r->para = NULL;
	cb_node *h = cb_add_heading(r->body, rank);
	return (h || builder_failed(r)) && add_text(r, h, s, n);
}

/* Moves the text of an overlong line into the paragraph, keeping trailing white space back in
 * case the line ends there. A white-space run longer than half the limit goes in as well: keeping
 * memory bounded matters more than trimming such a line. */
static bool spill(reader *r)
{
	size_t end = txt_trim_end(r->line, r->line_len);
	if (r->line_len - end > SPILL / 2)
		end = r->line_len;
	if (!r->spilled && !start_line(r))
		return false;
	r->spilled = true;
	if (!add_text(r, r->para, r->line, end))
		return false;
	memmove(r->line, r->line + end, r->line_len - end);
	r->line_len -= end;
	return true;
}

/* Adds decoded text to the current line. Indentation is dropped as it comes, so that however
 * much of it there is, the line buffer starts with the line's text and a heading after it is
 * still seen whole. */
static bool line_append(reader *r, const char *s, size_t n)
{
	if (r->line_len == 0 && !r->spilled) {
		size_t skip = txt_skip_blanks(s, n, 0);
		s += skip;
		n -= skip;
	}
	if (n == 0)
		return true;
	if (r->line_cap - r->line_len < n) {
		size_t cap = r->line_cap ? r->line_cap : 256;
		while (cap - r->line_len < n)
			cap *= 2;
		char *grown = realloc(r->line, cap);
		if (!grown)
			return out_of_memory(r);
		r->line = grown;
		r->line_cap = cap;
	}
	memcpy(r->line + r->line_len, s, n);
	r->line_len += n;
	return r->line_len <= SPILL || spill(r);
}

/* A line is complete: a blank one closes the paragraph, a heading stands alone, any other joins
 * the paragraph. */
static bool end_line(reader *r)
{
	const char *s = r->line;
	size_t n = txt_trim_end(r->line, r->line_len);
	bool ok;
	if (r->spilled)
		ok = add_text(r, r->para, s, n);
	else if (n == 0) {
		r->para = NULL;
		ok = true;
	} else {
		int rank = txt_heading_rank(s, n);
		ok = rank ? add_heading(r, rank, s, n) : start_line(r) && add_text(r, r->para, s, n);
	}
	r->line_len = 0;
	r->spilled = false;
	r->lineno++;
	return ok;
}

/* The input is binary data, not text: reading it as text would give garbage, so it fails. */
static bool binary(reader *r)
{
	r->status = CB_E_UNSUPPORTED;
	cb_input_report(r->in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, r->lineno,
	                "contains NUL bytes (binary data, not text)");
	return false;
}

/* Takes decoded UTF-8 (whole characters) and splits it into lines at CRLF, CR or LF. */
static bool feed(reader *r, const char *s, size_t n)
{
	while (n > 0) {
		size_t run = 0;
		while (run < n && s[run] != '\n' && s[run] != '\r' && s[run] != '\0')
			run++;
		if (run > 0) {
			r->after_cr = false;
			if (!line_append(r, s, run))
				return false;
			s += run;
			n -= run;
			continue;
		}
		char c = *s++;
		n--;
		if (c == '\0') {
			/* In UTF-16 a NUL is only a control character, which the model drops. */
			if (r->enc != ENC_UTF16LE && r->enc != ENC_UTF16BE)
				return binary(r);
			continue;
		}
		if (c == '\n' && r->after_cr) {
			r->after_cr = false;
			continue;
		}
		r->after_cr = c == '\r';
		if (!end_line(r))
			return false;
	}
	return true;
}

/* --- decoding -------------------------------------------------------------------------- */

static const char *encoding_name(encoding enc)
{
	switch (enc) {
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	case ENC_CP949:
		return "CP949";
	default:
		return "UTF-8";
	}
}

/* "byte 0xFF" or "sequence 0xE4 0xB8", for messages. */
static void describe_bytes(char *buf, size_t size, const unsigned char *s, size_t n)
{
	size_t used = (size_t)snprintf(buf, size, "%s", n == 1 ? "byte" : "sequence");
	for (size_t i = 0; i < n && i < 4 && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, " 0x%02X", s[i]);
}

/* Reports a replacement, once per line and WARN_MAX times in all. */
static void warn(reader *r, const char *fmt, ...) CB_PRINTF(2, 3);
static void warn(reader *r, const char *fmt, ...)
{
	if (r->lineno == r->warned_line || r->warnings > WARN_MAX)
		return;
	r->warned_line = r->lineno;
	if (r->warnings++ == WARN_MAX) {
		cb_input_report(r->in, CB_SEV_WARNING, CB_W_ENCODING, NULL, r->lineno,
		                "further invalid bytes not reported");
		return;
	}
	char what[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	cb_input_report(r->in, CB_SEV_WARNING, CB_W_ENCODING, NULL, r->lineno,
	                "%s replaced with U+FFFD", what);
}

/* Bytes that do not decode: warn and put U+FFFD in their place. */
static bool replace_bytes(reader *r, const unsigned char *s, size_t n, bool at_end)
{
	char what[64];
	describe_bytes(what, sizeof what, s, n);
	if (at_end)
		warn(r, "incomplete %s %s at the end of the input", encoding_name(r->enc), what);
	else
		warn(r, "invalid %s %s", encoding_name(r->enc), what);
	return feed(r, replacement, sizeof replacement - 1);
}

/* Decodes UTF-8 from s; *used gets how much was taken (a sequence cut by the end of the chunk
 * stays for the next one unless the input ends there). */
static bool decode_utf8(reader *r, const unsigned char *s, size_t n, bool eof, size_t *used)
{
	size_t i = 0, run = 0, len;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		utf8_state st = utf8_check(s + i, n - i, &len);
		if (st == UTF8_OK) {
			i += len;
			continue;
		}
		if (st == UTF8_SHORT && !eof)
			break;
		if (!feed(r, (const char *)s + run, i - run) ||
		    !replace_bytes(r, s + i, len, st == UTF8_SHORT))
			return false;
		i += len;
		run = i;
	}
	*used = i;
	return feed(r, (const char *)s + run, i - run);
}

/* Whether two bytes decode as one CP949 character by themselves. */
static bool cp949_decodes(iconv_t cd, const unsigned char *pair)
{
	char in[2] = {(char)pair[0], (char)pair[1]}, out[8];
	char *ip = in, *op = out;
	size_t il = 2, ol = sizeof out;
	size_t rc = iconv(cd, &ip, &il, &op, &ol);
	iconv(cd, NULL, NULL, NULL, NULL);
	return rc != (size_t)-1;
}

/* Where glibc's CP949 decoder failed at *p, how many bytes are bad and how many of them are
 * still ahead. glibc steps over an unassigned pair of the EUC-KR area before it fails, but stops
 * in front of other bad bytes; a pair behind the stop that does not decode by itself was such a
 * step (a pair that was decoded would decode again). Bad pairs become one U+FFFD, as in other
 * decoders; a bad lead byte alone becomes one and lets its trail byte decode on its own. */
static size_t cp949_bad(iconv_t cd, const unsigned char *start, const unsigned char **p,
                        size_t left, size_t *ahead)
{
	const unsigned char *s = *p;
	if (s - start >= 2 && s[-2] >= 0xA1 && s[-1] >= 0xA1 && !cp949_decodes(cd, s - 2)) {
		*p = s - 2;
		*ahead = 0;
		return 2;
	}
	*ahead = left >= 2 && cp949_pair(s[0], s[1]) ? 2 : 1;
	return *ahead;
}

/* Handles a decoding error of iconv at *ip: describes the bad bytes, replaces them and steps
 * over them. */
static bool iconv_bad(reader *r, const char *start, char **ip, size_t *left, bool at_end)
{
	const unsigned char *s = (const unsigned char *)*ip;
	if (at_end) {
		bool ok = replace_bytes(r, s, *left, true);
		*ip += *left;
		*left = 0;
		return ok;
	}
	size_t skip;
	if (r->enc == ENC_CP949) {
		size_t bad = cp949_bad(r->cd, (const unsigned char *)start, &s, *left, &skip);
		if (!replace_bytes(r, s, bad, false))
			return false;
	} else {
		/* UTF-16 decodes every code unit except a surrogate without its partner. */
		skip = *left >= 2 ? 2 : *left;
		unsigned unit = skip < 2 ? s[0] : r->enc == ENC_UTF16LE ? s[0] | (unsigned)s[1] << 8
		                                                        : (unsigned)s[0] << 8 | s[1];
		bool surrogate = unit >= 0xD800 && unit <= 0xDFFF;
		warn(r, "%s UTF-16 %s 0x%04X", surrogate ? "unpaired" : "invalid",
		     surrogate ? "surrogate" : "code unit", unit);
		if (!feed(r, replacement, sizeof replacement - 1))
			return false;
	}
	*ip += skip;
	*left -= skip;
	iconv(r->cd, NULL, NULL, NULL, NULL);
	return true;
}

/* Decodes s with iconv; as decode_utf8. */
static bool decode_iconv(reader *r, char *s, size_t n, bool eof, size_t *used)
{
	char *ip = s;
	size_t left = n;
	while (left > 0) {
		char *start = ip, *op = r->out;
		size_t room = sizeof r->out;
		size_t rc = iconv(r->cd, &ip, &left, &op, &room);
		int err = rc == (size_t)-1 ? errno : 0;
		if (!feed(r, r->out, (size_t)(op - r->out)))
			return false;
		if (!err || err == E2BIG)
			continue;
		if (err == EINVAL && !eof)
			break;
		if (!iconv_bad(r, start, &ip, &left, err == EINVAL))
			return false;
	}
	*used = n - left;
	return true;
}

/* Whether the first chunk reads as CP949 with few errors: at most one per ten non-ASCII
 * characters, so that a stray bad byte in a long Korean text does not push it to UTF-8, while
 * UTF-8 with a damaged byte (whose Korean would decode as CP949 garbage with many errors, and
 * whose ASCII has no non-ASCII characters at all) stays UTF-8. */
static bool cp949_plausible(reader *r, char *s, size_t n)
{
	size_t bad = 0, wide = 0, left = n;
	char *ip = s;
	while (left > 0) {
		char *start = ip, *op = r->out;
		size_t room = sizeof r->out;
		size_t rc = iconv(r->cd, &ip, &left, &op, &room);
		int err = rc == (size_t)-1 ? errno : 0;
		for (const char *c = r->out; c < op; c++)
			wide += (unsigned char)*c >= 0xC0;
		if (!err || err == E2BIG)
			continue;
		if (err == EINVAL) /* cut by the end of the chunk */
			break;
		bad++;
		const unsigned char *p = (const unsigned char *)ip;
		size_t ahead;
		cp949_bad(r->cd, (const unsigned char *)start, &p, left, &ahead);
		ip += ahead;
		left -= ahead;
		iconv(r->cd, NULL, NULL, NULL, NULL);
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	return bad * 10 <= wide;
}

static bool open_converter(reader *r, const char *from)
{
	r->cd = iconv_open("UTF-8", from);
	if (r->cd != (iconv_t)-1)
		return true;
	r->status = CB_E_UNSUPPORTED;
	cb_input_report(r->in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
	                "cannot decode %s: iconv has no converter (%s)", from, strerror(errno));
	return false;
}

/* Decides the encoding from the first chunk and opens its converter; *bom gets the length of
 * the byte order mark to skip. A file that is not valid UTF-8 is tried as CP949, the other
 * encoding Korean submissions come in; if that fails too, UTF-8 with replacements loses least. */
static bool detect(reader *r, size_t n, bool eof, size_t *bom)
{
	const unsigned char *s = (const unsigned char *)r->buf;
	*bom = 0;
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		r->enc = ENC_UTF16LE;
		*bom = 2;
	} else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		r->enc = ENC_UTF16BE;
		*bom = 2;
	} else if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		r->enc = ENC_UTF8_BOM;
		*bom = 3;
	} else if (utf8_valid(s, n, !eof)) {
		r->enc = ENC_UTF8;
	} else {
		r->cd = iconv_open("UTF-8", "CP949");
		if (r->cd != (iconv_t)-1 && cp949_plausible(r, r->buf, n)) {
			r->enc = ENC_CP949;
		} else {
			r->enc = ENC_UTF8_FALLBACK;
			if (r->cd != (iconv_t)-1)
				iconv_close(r->cd);
			r->cd = (iconv_t)-1;
		}
	}
	static const char *const notes[] = {
		[ENC_UTF8] = "UTF-8",
		[ENC_UTF8_BOM] = "UTF-8 (with byte order mark)",
		[ENC_UTF8_FALLBACK] = "UTF-8 (neither valid UTF-8 nor CP949; invalid bytes replaced)",
		[ENC_UTF16LE] = "UTF-16LE (with byte order mark)",
		[ENC_UTF16BE] = "UTF-16BE (with byte order mark)",
		[ENC_CP949] = "CP949",
	};
	cb_input_report(r->in, CB_SEV_NOTE, CB_N_DETECTED, NULL, 0, "encoding: %s", notes[r->enc]);
	bool utf16 = r->enc == ENC_UTF16LE || r->enc == ENC_UTF16BE;
	return !utf16 || open_converter(r, encoding_name(r->enc));
}

/* Fills buf up to CHUNK bytes from *have; *eof once the input has no more. */
static bool fill(reader *r, size_t *have, bool *eof)
{
	while (*have < CHUNK && !*eof) {
		ssize_t got = cb_input_read(r->in, r->buf + *have, CHUNK - *have);
		if (got < 0) {
			r->status = CB_E_IO; /* the host has reported it */
			return false;
		}
		if (got == 0)
			*eof = true;
		*have += (size_t)got;
	}
	return true;
}

static bool decode_all(reader *r)
{
	size_t have = 0, start, used;
	bool eof = false;
	if (!fill(r, &have, &eof) || !detect(r, have, eof, &start))
		return false;
	for (;;) {
		char *s = r->buf + start;
		size_t n = have - start;
		bool ok = r->cd == (iconv_t)-1
		                  ? decode_utf8(r, (const unsigned char *)s, n, eof, &used)
		                  : decode_iconv(r, s, n, eof, &used);
		if (!ok)
			return false;
		if (eof)
			break;
		/* Carry what ends inside a character to the front, so the next read completes it. */
		have = n - used;
		memmove(r->buf, s + used, have);
		start = 0;
		if (!fill(r, &have, &eof))
			return false;
	}
	return (r->line_len == 0 && !r->spilled) || end_line(r);
}

/* Reads the input into doc. The encoding is noted; every replaced byte is a warning naming its
 * line; NUL bytes outside UTF-16 mean binary data, which fails as unsupported. */
static cb_code text_read(cb_input *in, cb_document *doc)
{
	reader *r = calloc(1, sizeof *r);
	if (!r) {
		cb_input_report(in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	r->in = in;
	r->doc = doc;
	r->body = cb_document_body(doc);
	r->cd = (iconv_t)-1;
	r->lineno = 1;
	bool ok = decode_all(r);
	if (ok)
		txt_renumber_headings(doc);
	cb_code status = ok ? CB_OK : r->status;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->line);
	free(r);
	return status;
}

static const char *const extensions[] = {"txt", "text", NULL};
static const char *const media_types[] = {"text/plain", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "text",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "plain text (UTF-8, UTF-16, CP949) with the headings of Korean official documents",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = text_bid,
	.read = text_read,
};
