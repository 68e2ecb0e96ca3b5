/* The text reader's internals shared between its files: line white space and the headings of
 * Korean official documents. Nothing here is exported from the plugin. */
#ifndef CB_TEXT_H
#define CB_TEXT_H

#include <casebook/plugin.h>

#include <stddef.h>

/* Heading ranks in the official order of Korean public documents (Ⅰ. > 1. > □ > 가. > 1) > 가) >
 * (1) > (가) > ①). A heading's level holds its rank while the input is read; the ranks the
 * document really uses are renumbered into dense levels afterwards. There are as many ranks as
 * heading levels, so a rank always fits in a level. */
enum {
	TXT_RANK_ROMAN = 1,        /* Ⅰ.  I. */
	TXT_RANK_NUMBER_DOT,       /* 1. */
	TXT_RANK_BOX,              /* □  ■ */
	TXT_RANK_HANGUL_DOT,       /* 가. */
	TXT_RANK_NUMBER_PAREN,     /* 1) */
	TXT_RANK_HANGUL_PAREN,     /* 가) */
	TXT_RANK_PAREN_NUMBER,     /* (1) */
	TXT_RANK_PAREN_HANGUL,     /* (가) */
	TXT_RANK_CIRCLED,          /* ① */
	TXT_RANK_MAX = TXT_RANK_CIRCLED
};

/* Whether the byte at s[i..n) starts line white space (ASCII blanks and control characters, and
 * U+3000 IDEOGRAPHIC SPACE, which Korean editors type for indentation); its length or 0. */
static inline size_t txt_blank_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c <= 0x20 || c == 0x7F)
		return 1;
	if (c == 0xE3 && n - i >= 3 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x80)
		return 3;
	return 0;
}

/* The offset of the first character of s[i..n) that is not white space (n if none is). */
static inline size_t txt_skip_blanks(const char *s, size_t n, size_t i)
{
	size_t k;
	while (i < n && (k = txt_blank_at(s, n, i)) > 0)
		i += k;
	return i;
}

/* The length of s without its trailing white space. s is valid UTF-8, so "E3 80 80" at the end
 * is always a whole U+3000 and never the tail of another character. */
static inline size_t txt_trim_end(const char *s, size_t n)
{
	for (;;) {
		if (n > 0 && ((unsigned char)s[n - 1] <= 0x20 || (unsigned char)s[n - 1] == 0x7F))
			n--;
		else if (n >= 3 && txt_blank_at(s, n, n - 3) == 3)
			n -= 3;
		else
			return n;
	}
}

/* The heading rank of a line (valid UTF-8, trimmed of white space at both ends), or 0 when the
 * line is not a heading. */
int txt_heading_rank(const char *line, size_t len);

/* Turns the ranks held in the levels of the body's top-level headings into dense levels: a
 * document that uses only "1." and "가." gets levels 1 and 2. */
void txt_renumber_headings(cb_document *doc);

#endif
