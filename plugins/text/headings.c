/* Headings of plain-text submissions. Korean official documents number their sections with a
 * fixed series of markers (Ⅰ. 1. 가. 1) 가) (1) (가) ①), so a short line that starts with one of
 * them and does not read like a sentence is a heading; the marker tells its rank.
 *
 * The box bullet (□, ■) heads sections in many school and government reports, usually under a
 * numbered or Roman part and above 가. items, so it has its own rank between "1." and "가.".
 * Dense renumbering afterwards gives a document that uses only □ the top level. */
#include "config.h"

#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* A title holds at most this many characters after its marker; longer lines are prose. */
#define TITLE_MAX 50

/* The code point at s[*i] (s is valid UTF-8), advancing *i past it; 0 at the end. */
static uint32_t next_char(const char *s, size_t n, size_t *i)
{
	if (*i >= n)
		return 0;
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i;
	if (p[0] < 0x80 || left < 2) {
		*i += 1;
		return p[0] < 0x80 ? p[0] : 0xFFFD;
	}
	if (p[0] < 0xE0) {
		*i += 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0 && left >= 3) {
		*i += 3;
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	}
	if (left >= 4) {
		*i += 4;
		return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	}
	*i = n;
	return 0xFFFD;
}

/* The syllables Korean documents count with, in order: 가나다라마바사아자차카타파하. */
static bool is_hangul_counter(uint32_t c)
{
	static const uint32_t counters[] = {0xAC00, 0xB098, 0xB2E4, 0xB77C, 0xB9C8, 0xBC14, 0xC0AC,
	                                    0xC544, 0xC790, 0xCC28, 0xCE74, 0xD0C0, 0xD30C, 0xD558};
	for (size_t k = 0; k < sizeof counters / sizeof *counters; k++)
		if (c == counters[k])
			return true;
	return false;
}

/* One or two ASCII digits at s[*i]; a section number never runs to three, while years do. */
static bool number_at(const char *s, size_t n, size_t *i)
{
	size_t k = *i;
	while (k < n && k - *i < 3 && s[k] >= '0' && s[k] <= '9')
		k++;
	if (k == *i || k - *i > 2)
		return false;
	*i = k;
	return true;
}

/* An upper-case ASCII Roman numeral from I to XX at s[*i] (as typed where Ⅰ is hard to enter).
 * Only canonical spellings count, so that words such as "VIVID" never pass for numbers. */
static bool ascii_roman_at(const char *s, size_t n, size_t *i)
{
	static const char *const numerals[] = {
		"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
		"XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
	size_t len = 0;
	while (*i + len < n && s[*i + len] != '\0' && strchr("IVX", s[*i + len]))
		len++;
	for (size_t k = 0; k < sizeof numerals / sizeof *numerals; k++)
		if (strlen(numerals[k]) == len && memcmp(s + *i, numerals[k], len) == 0) {
			*i += len;
			return true;
		}
	return false;
}

/* The rank of the numbering marker that starts s, with *i set past it; 0 when there is none. */
static int marker(const char *s, size_t n, size_t *i)
{
	size_t k = 0;
	uint32_t c = next_char(s, n, &k);
	int rank = 0;
	if (c == '(') {
		if (number_at(s, n, &k))
			rank = TXT_RANK_PAREN_NUMBER;
		else if (is_hangul_counter(next_char(s, n, &k)))
			rank = TXT_RANK_PAREN_HANGUL;
		else
			return 0;
		if (k >= n || s[k] != ')')
			return 0;
		*i = k + 1;
		return rank;
	}
	if (c >= 0x2460 && c <= 0x2473) { /* ① to ⑳ */
		*i = k;
		return TXT_RANK_CIRCLED;
	}
	if (c == 0x25A1 || c == 0x25A0) { /* □ ■ */
		*i = k;
		return TXT_RANK_BOX;
	}
	int dot_rank = 0, paren_rank = 0;
	if (c >= '0' && c <= '9') {
		k = 0;
		if (!number_at(s, n, &k))
			return 0;
		dot_rank = TXT_RANK_NUMBER_DOT;
		paren_rank = TXT_RANK_NUMBER_PAREN;
	} else if (is_hangul_counter(c)) {
		dot_rank = TXT_RANK_HANGUL_DOT;
		paren_rank = TXT_RANK_HANGUL_PAREN;
	} else if (c >= 0x2160 && c <= 0x216B) { /* Ⅰ to Ⅻ */
		dot_rank = TXT_RANK_ROMAN;
	} else if (c == 'I' || c == 'V' || c == 'X') {
		k = 0;
		if (!ascii_roman_at(s, n, &k))
			return 0;
		dot_rank = TXT_RANK_ROMAN;
	} else {
		return 0;
	}
	if (k < n && s[k] == '.')
		rank = dot_rank;
	else if (k < n && s[k] == ')')
		rank = paren_rank;
	if (rank)
		*i = k + 1;
	return rank;
}

/* Sentences end in these; a title does not. '다' closes every plain Korean sentence ("...하였다"),
 * so a line ending in it is prose even when its final full stop was forgotten. */
static bool ends_sentence(uint32_t c)
{
	switch (c) {
	case '.': case '!': case '?': case ':': case ';':
	case 0x3002: /* 。 */
	case 0xFF01: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F: /* full-width ! . : ; ? */
	case 0xB2E4: /* 다 */
		return true;
	default:
		return false;
	}
}

/* A title: 1 to TITLE_MAX characters, not ending like a sentence. */
static bool looks_like_title(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t last = 0;
	while (i < n) {
		last = next_char(s, n, &i);
		if (++count > TITLE_MAX)
			return false;
	}
	return count > 0 && !ends_sentence(last);
}

int txt_heading_rank(const char *line, size_t len)
{
	size_t i = 0;
	int rank = marker(line, len, &i);
	if (!rank || i >= len)
		return 0;
	/* "1.5배", "I.e." and "3)번" continue the text rather than follow a marker: a marker is followed
	 * by white space, or by Hangul and other non-ASCII text as in "1.추진 배경". */
	unsigned char after = (unsigned char)line[i];
	if (after < 0x80 && after != ' ' && after != '\t')
		return 0;
	i = txt_skip_blanks(line, len, i);
	return looks_like_title(line + i, len - i) ? rank : 0;
}

void txt_renumber_headings(cb_document *doc)
{
	const cb_node *body = cb_document_body_const(doc);
	int level[TXT_RANK_MAX + 1] = {0};
	for (const cb_node *n = cb_node_first_child(body); n; n = cb_node_next(n))
		if (cb_node_get_kind(n) == CB_NODE_HEADING)
			level[cb_heading_level(n)] = 1;
	int next = 1;
	for (int rank = 1; rank <= TXT_RANK_MAX; rank++)
		if (level[rank])
			level[rank] = next++;
	for (const cb_node *n = cb_node_first_child(body); n; n = cb_node_next(n))
		if (cb_node_get_kind(n) == CB_NODE_HEADING)
			cb_heading_set_level(cb_node_mut(doc, n), level[cb_heading_level(n)]);
}
