/* Sections. A heading is a heading node, or a short paragraph of one line (what Word and Hangul
 * users type with a number and bold text), whose text without its numbering matches one of the
 * profile's heading patterns. Numbering varies between schools (1. Ⅰ. 가. 1) □ or none), so it is
 * taken off before matching and kept only as a rank, which tells a sub-heading from a section. */
#include "config.h"

#include "sections.h"

#include "normalise.h"
#include "strbuf.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A heading holds at most this many characters; longer lines are prose. */
#define HEADING_MAX 30

static bool is_counter(uint32_t c)
{
	static const uint32_t counters[] = {0xAC00, 0xB098, 0xB2E4, 0xB77C, 0xB9C8, 0xBC14, 0xC0AC,
	                                    0xC544, 0xC790, 0xCC28, 0xCE74, 0xD0C0, 0xD30C, 0xD558};
	for (size_t k = 0; k < sizeof counters / sizeof *counters; k++)
		if (c == counters[k])
			return true;
	return false;
}

static bool is_bullet(uint32_t c)
{
	switch (c) {
	case 0x25CB: case 0x25CF: case 0x25E6: case 0x2022: case 0x00B7: case 0x203B: /* ○●◦•·※ */
	case 0x25B6: case 0x25B7: case 0x25BA: case 0x25C6: case 0x25C7: case 0x25C8: /* ▶▷►◆◇◈ */
	case 0x2756: case 0x2605: case 0x2606: case 0x2713: case 0x2714: case 0x27A2: /* ❖★☆✓✔➢ */
	case 0x27A4: case 0x2192: case 0x25CE: case 0x2023: case '*': /* ➤→◎‣* */
		return true;
	default:
		return false;
	}
}

static size_t digits_at(const char *s, size_t i)
{
	size_t k = i;
	while (s[k] >= '0' && s[k] <= '9' && k - i < 3)
		k++;
	return k - i <= 2 ? k - i : 0;
}

static size_t roman_at(const char *s, size_t i)
{
	static const char *const numerals[] = {"XVIII", "XVII", "XIII", "VIII", "XIV", "XVI", "XIX",
	                                       "III", "XII", "XV", "XI", "XX", "IV", "VI", "VII",
	                                       "IX", "II", "I", "V", "X"};
	for (size_t k = 0; k < sizeof numerals / sizeof *numerals; k++) {
		size_t n = strlen(numerals[k]);
		if (strncmp(s + i, numerals[k], n) == 0 && s[i + n] == '.')
			return n;
	}
	return 0;
}

size_t cbi_marker_length(const char *t, int *rank)
{
	size_t i = 0, k;
	uint32_t c = t[0] ? cbi_utf8_next(t, &i) : 0;
	int r = 0;
	size_t end = 0;
	if (c == '(') {
		size_t d = digits_at(t, i);
		size_t j = i;
		if (d && t[i + d] == ')') {
			r = 7;
			end = i + d + 1;
		} else if (t[j] && is_counter(cbi_utf8_next(t, &j)) && t[j] == ')') {
			r = 8;
			end = j + 1;
		}
	} else if (c >= 0x2460 && c <= 0x2473) {
		r = 9;
		end = i;
	} else if (c == 0x25A1 || c == 0x25A0) {
		r = 3;
		end = i;
	} else if (c >= 0x2160 && c <= 0x216B) {
		r = 1;
		end = t[i] == '.' ? i + 1 : i;
	} else if ((k = roman_at(t, 0))) {
		r = 1;
		end = k + 1;
	} else if ((k = digits_at(t, 0))) {
		if (t[k] == '.' && !(t[k + 1] >= '0' && t[k + 1] <= '9')) {
			r = 2;
			end = k + 1;
		} else if (t[k] == ')') {
			r = 5;
			end = k + 1;
		}
	} else if (is_counter(c) && (t[i] == '.' || t[i] == ')')) {
		r = t[i] == '.' ? 4 : 6;
		end = i + 1;
	} else if (is_bullet(c) || (c == '-' && t[i] == ' ')) {
		r = 10;
		end = i;
	}
	/* "1.추진 배경" and "1. 추진 배경" are the same; "1.5배" is not a marker. */
	if (r && r != 10 && t[end] && t[end] != ' ' && (unsigned char)t[end] < 0x80)
		r = 0;
	if (!r) {
		*rank = 0;
		return 0;
	}
	while (t[end] == ' ')
		end++;
	*rank = r;
	return end;
}

/* The heading's words: without numbering, brackets ([추진 배경], 【성과】, <운영 내용>) and a
 * trailing colon. Caller frees. */
static char *heading_words(const char *full, int *rank)
{
	size_t off = cbi_marker_length(full, rank);
	const char *s = full + off;
	size_t n = strlen(s);
	static const char *const pairs[][2] = {{"[", "]"}, {"【", "】"}, {"<", ">"}, {"〈", "〉"},
	                                       {"《", "》"}, {"「", "」"}, {"『", "』"}, {"(", ")"}};
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
		size_t a = strlen(pairs[k][0]), z = strlen(pairs[k][1]);
		if (n > a + z && strncmp(s, pairs[k][0], a) == 0 &&
		    strcmp(s + n - z, pairs[k][1]) == 0) {
			s += a;
			n -= a + z;
			if (!*rank)
				*rank = 3;
			break;
		}
	}
	while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
		n--;
	while (n && *s == ' ') {
		s++;
		n--;
	}
	return cbi_strndup(s, n);
}

static size_t char_count(const char *s)
{
	size_t n = 0;
	for (size_t i = 0; s[i];) {
		cbi_utf8_next(s, &i);
		n++;
	}
	return n;
}

const char *cbi_section_kind(const cb_profile *p, const char *h)
{
	size_t n = char_count(h);
	if (n == 0 || n > HEADING_MAX)
		return NULL;
	const char *best = NULL;
	size_t best_start = (size_t)-1, best_len = 0;
	for (size_t k = 0; k < p->nsections; k++) {
		for (size_t i = 0; i < p->sections[k].patterns.count; i++) {
			cbi_match m;
			if (cbi_regex_find(p->sections[k].patterns.items[i].re, h, strlen(h), 0, &m) != 1)
				continue;
			if (m.start < best_start || (m.start == best_start && m.end - m.start > best_len)) {
				best = p->sections[k].name;
				best_start = m.start;
				best_len = m.end - m.start;
			}
		}
	}
	return best;
}

/* Sentences end like this; a heading does not. */
static bool ends_like_sentence(const char *s)
{
	size_t n = strlen(s);
	if (n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?'))
		return true;
	return n >= 3 && (strcmp(s + n - 3, "다") == 0 || strcmp(s + n - 3, "요") == 0);
}

/* "□ 학교명: 빛고을초" is a field, even where a reader took the bullet for a heading's. */
static bool is_label_line(const cb_profile *p, const char *full)
{
	for (int f = 0; f < CBI_F_COUNT; f++)
		if (cbi_patterns_find(&p->fields[f].line, full, NULL, NULL) >= 0)
			return true;
	return false;
}

typedef struct candidate {
	const char *kind; /* NULL: a heading node that names no section */
	char *words;
	int key; /* lower is higher in the outline */
} candidate;

/* A heading drawn as a one-row table of a few short cells (a number box beside a title box):
 * its cells' text joined by spaces, or NULL. */
static char *boxed_heading(const cb_node *table)
{
	const cb_node *row = cb_node_first_child(table);
	if (!row || cb_node_next(row))
		return NULL;
	cbi_buf b = CBI_BUF_INIT;
	size_t cells = 0;
	for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
		char *t = cbi_node_text(cell);
		const char *s = t ? t : "";
		while (*s == '\n')
			s++;
		if (strchr(s, '\n') || ++cells > 3)
			b.failed = true;
		else if (*s) {
			if (b.len)
				cbi_buf_putc(&b, ' ');
			cbi_buf_puts(&b, s);
		}
		free(t);
	}
	if (cells < 2)
		b.failed = true;
	return cbi_buf_steal(&b);
}

/* Whether block n can head a section, and as what. */
static bool heading_candidate(const cb_profile *p, const cb_node *n, candidate *c)
{
	cb_node_kind k = cb_node_get_kind(n);
	if (k == CB_NODE_TABLE) {
		/* As a short one-line paragraph would be. */
		char *text = boxed_heading(n);
		bool ok = false;
		if (text) {
			cb_document *tmp = cb_document_new();
			cb_node *para = tmp ? cb_add_paragraph(cb_document_body(tmp)) : NULL;
			ok = para && cb_add_text(para, text, (size_t)-1, 0) == 0 &&
			     heading_candidate(p, para, c);
			cb_document_free(tmp);
		}
		free(text);
		return ok;
	}
	if (k != CB_NODE_HEADING && k != CB_NODE_PARAGRAPH)
		return false;
	char *raw = cbi_node_text(n);
	if (!raw)
		return false;
	bool one_line = !strchr(raw, '\n');
	char *full = cbi_normalise(raw, strlen(raw));
	free(raw);
	if (!full)
		return false;
	int rank = 0;
	c->words = heading_words(full, &rank);
	bool is_heading = k == CB_NODE_HEADING;
	bool ok = c->words && *c->words && !is_label_line(p, full);
	if (ok && !is_heading)
		ok = one_line && !strchr(c->words, ':') && !ends_like_sentence(c->words);
	c->kind = ok ? cbi_section_kind(p, c->words) : NULL;
	if (ok && !is_heading && !c->kind)
		ok = false;
	c->key = is_heading ? cb_heading_level(n) : 10 + (rank ? rank : 11);
	free(full);
	if (!ok) {
		free(c->words);
		c->words = NULL;
	}
	return ok;
}

static bool push_section(cbi_outline *o, const char *kind, char *heading, size_t block)
{
	cbi_section *grown = realloc(o->items, (o->count + 1) * sizeof *grown);
	if (!grown)
		return false;
	o->items = grown;
	o->items[o->count++] = (cbi_section){kind, heading, block, block + 1, block + 1};
	return true;
}

bool cbi_outline_find(const cb_profile *p, const cbi_blocks *blocks, cbi_outline *out)
{
	memset(out, 0, sizeof *out);
	if (!push_section(out, "other", NULL, (size_t)-1))
		return false;
	out->items[0].first = 0;
	bool *seen = calloc(p->nsections + 1, sizeof *seen);
	if (!seen)
		return false;
	int cur_key = INT_MAX;
	for (size_t i = 0; i < blocks->count; i++) {
		candidate c;
		if (!heading_candidate(p, blocks->items[i], &c))
			continue;
		size_t kind_index = p->nsections;
		for (size_t k = 0; c.kind && k < p->nsections; k++)
			if (p->sections[k].name == c.kind)
				kind_index = k;
		bool start;
		if (c.kind)
			start = !seen[kind_index] || c.key <= cur_key;
		else
			start = out->count == 1 || c.key <= cur_key;
		if (!start) {
			free(c.words);
			continue;
		}
		out->items[out->count - 1].end = i;
		if (!push_section(out, c.kind ? c.kind : "other", c.words, i)) {
			free(c.words);
			free(seen);
			return false;
		}
		seen[kind_index] = true;
		cur_key = c.key;
	}
	out->items[out->count - 1].end = blocks->count;
	free(seen);
	return true;
}

void cbi_outline_free(cbi_outline *o)
{
	for (size_t i = 0; i < o->count; i++)
		free(o->items[i].heading);
	free(o->items);
	memset(o, 0, sizeof *o);
}

size_t cbi_outline_section_of(const cbi_outline *o, size_t block)
{
	for (size_t i = o->count; i-- > 0;)
		if (o->items[i].heading_block == block ||
		    (block >= o->items[i].first && block < o->items[i].end))
			return i;
	return 0;
}

bool cbi_section_is_known(const cbi_section *s)
{
	return strcmp(s->kind, "other") != 0;
}
