/* Normalisation: what makes text from different editors compare equal. HWP, Word and Notepad
 * spell the same middle dot, bullet and space with different characters, HWP conversions carry
 * glyphs from Hangul's private-use area, and macOS tools decompose Hangul syllables (NFD). */
#include "config.h"

#include "normalise.h"

#include "strbuf.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Decodes one character of NUL-terminated text. Model text is always well formed, but the value
 * parsers are also fed raw bytes (profiles, the fuzzers), so an ill-formed or truncated sequence
 * is taken as one byte of U+FFFD rather than read past: the NUL is never stepped over. */
uint32_t cbi_utf8_next(const char *s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	if (!p[0])
		return 0;
	size_t len = cbi_utf8_sequence(p, strnlen((const char *)p, 4));
	*i += len ? len : 1;
	switch (len) {
	case 1:
		return p[0];
	case 2:
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	case 3:
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	case 4:
		return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	default:
		return 0xFFFD;
	}
}

size_t cbi_utf8_put(uint32_t c, char *out)
{
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)out);
}

/* Hangul's private-use glyphs with a known meaning (DOMAIN.md); 0 for the others, which are
 * dropped: they render as nothing useful outside Hangul. */
static uint32_t private_use(uint32_t c)
{
	if (c >= 0xF02B1 && c <= 0xF02B3)
		return 0x2460 + (c - 0xF02B1); /* circled 1 to 3 */
	if (c == 0xF02EF)
		return 0x2022; /* a bullet */
	return 0;
}

static bool is_private_use(uint32_t c)
{
	return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
	       (c >= 0x100000 && c <= 0x10FFFD);
}

static bool is_space(uint32_t c)
{
	if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
		return true;
	return c >= 0x80 && utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ZS;
}

/* Characters that carry no text: format controls (zero-width spaces and joiners, the byte order
 * mark, soft hyphens, direction marks) and C0/C1 controls other than line feed. */
static bool is_invisible(uint32_t c)
{
	if (c < 0x20)
		return c != '\n' && !is_space(c);
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CC;
}

/* NFC of valid UTF-8; NULL when out of memory. */
static char *nfc(const char *s, size_t len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
	                                  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n < 0)
		return NULL;
	return (char *)out;
}

char *cbi_norm_light(const char *s, size_t len)
{
	char *clean = NULL;
	if (!cbi_utf8_is_clean(s, len)) {
		clean = malloc(3 * len + 1);
		if (!clean)
			return NULL;
		len = cbi_utf8_clean(s, len, clean);
		s = clean;
	}
	char *composed = nfc(s, len);
	free(clean);
	if (!composed)
		return NULL;
	cbi_buf b = CBI_BUF_INIT;
	bool pending_space = false, pending_newline = false, line_empty = true, any = false;
	for (size_t i = 0; composed[i];) {
		uint32_t c = cbi_utf8_next(composed, &i);
		if (is_private_use(c) && !(c = private_use(c)))
			continue;
		if (c == '\n') {
			pending_space = false;
			if (!line_empty)
				pending_newline = true;
			line_empty = true;
			continue;
		}
		if (is_space(c)) {
			pending_space = !line_empty;
			continue;
		}
		if (is_invisible(c))
			continue;
		if (pending_newline && any)
			cbi_buf_putc(&b, '\n');
		else if (pending_space)
			cbi_buf_putc(&b, ' ');
		pending_newline = pending_space = false;
		char enc[4];
		cbi_buf_add(&b, enc, cbi_utf8_put(c, enc));
		line_empty = false;
		any = true;
	}
	free(composed);
	return cbi_buf_steal(&b);
}

uint32_t cbi_norm_char(uint32_t c)
{
	switch (c) {
	/* Middle dots: the area names' separator (문화·체험) is typed with any of these. */
	case 0x318D: /* ㆍ HANGUL LETTER ARAEA, what Hangul users type */
	case 0x2027: /* ‧ */
	case 0x30FB: /* ・ */
	case 0xFF65: /* ･ */
	case 0x2219: /* ∙ */
	case 0x22C5: /* ⋅ */
		return 0x00B7;
	/* Filled round bullets. */
	case 0x25CF: /* ● */
	case 0x2981: /* ⦁ */
		return 0x2022;
	/* Hollow round bullets (the official ○ level). */
	case 0x274D: /* ❍ */
	case 0x25EF: /* ◯ */
	case 0x26AA: /* ⚪ */
	case 0x26AC: /* ⚬ */
		return 0x25CB;
	/* Hollow and filled squares (the □ level). */
	case 0x2610: /* ☐ */
	case 0x25FB: /* ◻ */
	case 0x2B1C: /* ⬜ */
	case 0x274F: /* ❏ */
	case 0x2751: /* ❑ */
		return 0x25A1;
	case 0x25FC: /* ◼ */
	case 0x2B1B: /* ⬛ */
		return 0x25A0;
	default:
		break;
	}
	if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII: １２명, （가）, ： */
		return c - 0xFF01 + 0x21;
	return c;
}

char *cbi_norm_full(const char *light)
{
	cbi_buf b = CBI_BUF_INIT;
	for (size_t i = 0; light[i];) {
		uint32_t c = cbi_norm_char(cbi_utf8_next(light, &i));
		char enc[4];
		cbi_buf_add(&b, enc, cbi_utf8_put(c, enc));
	}
	return cbi_buf_steal(&b);
}

char *cbi_normalise(const char *s, size_t len)
{
	char *light = cbi_norm_light(s, len);
	if (!light)
		return NULL;
	char *full = cbi_norm_full(light);
	free(light);
	return full;
}

/* The byte offset in light of the character at byte offset off in full. */
static size_t map_offset(const char *light, const char *full, size_t off)
{
	size_t f = 0, l = 0;
	while (f < off && full[f] && light[l]) {
		cbi_utf8_next(full, &f);
		cbi_utf8_next(light, &l);
	}
	return l;
}

char *cbi_norm_light_slice(const char *light, const char *full, size_t start, size_t end)
{
	size_t a = map_offset(light, full, start), z = map_offset(light, full, end);
	return cbi_strndup(light + a, z > a ? z - a : 0);
}
