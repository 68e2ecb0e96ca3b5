/* The Markdown writer: GitHub-flavoured Markdown (CommonMark with tables, strikethrough and
 * footnotes), written so that it parses back to what the document says.
 *
 *   headings     "#" to "######"; levels 7 to 9 are written as "######" after a comment line
 *                "<!-- heading level N -->" that keeps the real level
 *   paragraphs   separated by blank lines; a line break is a backslash at the end of the line
 *                (a break at the end of a paragraph, where a backslash would be literal, is <br>)
 *   marks        bold **, italic *, strike ~~ where CommonMark's flanking rules let those
 *                delimiters work next to the neighbouring characters; otherwise (and always for
 *                underline, superscript, subscript) the HTML elements <strong>, <em>, <del>, <u>,
 *                <sup>, <sub>. Marks nest outer to inner in bit order; white space at the edges
 *                of a marked run is written outside the markers
 *   links        [text](target), the target in <...> when it holds white space
 *   notes        references [^id]; a note is a footnote definition "[^id]: " whose further
 *                lines are indented four spaces. Ids are written with white space and brackets
 *                replaced by '-', which GFM labels cannot hold
 *   images       ![alt](src)
 *   lists        "-" or "N." (GFM only numbers in decimal, so other styles still use N.); a
 *                list directly after another of the same kind uses "*" or "N)" so the two stay
 *                apart. Lists are tight where CommonMark allows it, loose otherwise
 *   tables       a pipe table when every cell spans one row and column and holds at most one
 *                paragraph without line breaks (the first row is the header row, which GFM
 *                requires); otherwise an HTML <table> with rowspan, colspan and <th>
 *   divs         <div class="..." data-KEY="..."> and </div> around the content
 *
 * Metadata is not written: GFM has no front matter, and a YAML block would show up as text on
 * GitHub. White space at the start and end of lines is dropped (Markdown ignores it, and leading
 * spaces could turn a paragraph into code); everything else is escaped as needed so that text
 * reads back literally. Hangul and other non-ASCII text is never escaped.
 */
#include "config.h"

#include <casebook/plugin.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper trees than this are refused rather than risking the stack (read documents stop at
 * max-depth, 256 by default, long before). */
#define MD_MAX_DEPTH 1000
/* CommonMark list numbers have at most nine digits. */
#define MD_MAX_NUMBER 999999999L

/* What is on either side of an emphasis delimiter, as CommonMark's flanking rules see it.
 * UNSURE is a character this writer does not classify; delimiters next to one fall back to HTML. */
enum cls { CL_BOUND, CL_SPACE, CL_PUNCT, CL_WORD, CL_UNSURE };

/* How one mark of a text run is written. */
enum rep { REP_HTML, REP_STAR, REP_UNDERSCORE, REP_TILDE };

#define MARK_COUNT 6
static const char *const html_open[MARK_COUNT] = {"<strong>", "<em>", "<u>",
                                                  "<del>",    "<sup>", "<sub>"};
static const char *const html_close[MARK_COUNT] = {"</strong>", "</em>", "</u>",
                                                   "</del>",    "</sup>", "</sub>"};

/* A list item's or note's marker, written at the start of the first line with content (so that
 * an item whose first block is a list puts both markers on one line). */
typedef struct marker {
	const char *text;
	size_t base; /* indentation of the line the marker starts */
	const struct marker *outer;
} marker;

typedef struct md {
	cb_output *out;
	size_t indent;        /* indentation of continuation lines */
	const marker *pend;   /* innermost pending marker */
	int want;             /* line ends owed before the next content: 0, 1 or 2 (blank line) */
	bool any;             /* anything written yet */
	bool line_content;    /* content on the current line after its indentation */
	char *ws;             /* white space held back until content follows on the same line */
	size_t ws_len, ws_cap;
	int last;             /* class of the last character written */
	char last_delim;      /* the output ends with this emphasis delimiter ('*', '_', '~') */
	bool after_ref;       /* the output ends with a note reference "[^id]" */
	bool heading;         /* inside an ATX heading: one line, '#' escaped */
	bool html;            /* inside an HTML table: HTML, not Markdown */
	unsigned long writes; /* content writes so far, to tell whether a block wrote anything */
	bool warned_attr, warned_start;
	unsigned depth;
	bool too_deep;
	bool nomem;
} md;

/* --- characters ------------------------------------------------------------------------- */

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* The code point of the well-formed UTF-8 sequence at s (the model guarantees well-formed). */
static uint32_t decode(const unsigned char *s)
{
	if (s[0] < 0x80)
		return s[0];
	if (s[0] < 0xE0)
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	if (s[0] < 0xF0)
		return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* Only what the flanking rules need, and only where this writer is sure: Unicode white space,
 * ASCII punctuation, and letters of the scripts casebook's documents are written in. */
static int classify(uint32_t c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000)
		return CL_SPACE;
	if (c < 0x80)
		return is_alnum((unsigned char)c) ? CL_WORD : c > 0x20 && c < 0x7F ? CL_PUNCT : CL_UNSURE;
	if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || /* Latin letters */
	    (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x4FF) || /* Greek, Cyrillic */
	    (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) || /* Hangul jamo */
	    (c >= 0xAC00 && c <= 0xD7A3) || /* Hangul syllables */
	    (c >= 0x3041 && c <= 0x30FF) || /* kana */
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)) /* CJK ideographs */
		return CL_WORD;
	return CL_UNSURE;
}

static int first_class(const char *s, size_t len)
{
	return len ? classify(decode((const unsigned char *)s)) : CL_BOUND;
}

static int last_class(const char *s, size_t len)
{
	if (!len)
		return CL_BOUND;
	size_t i = len - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return classify(decode((const unsigned char *)s + i));
}

/* "&name;" or "&#123;": text that a Markdown reader would turn into another character. */
static bool entity_like(const char *s, size_t len)
{
	size_t i = 1;
	while (i < len && i <= 32 && (is_alnum((unsigned char)s[i]) || s[i] == '#'))
		i++;
	return i > 1 && i < len && s[i] == ';';
}

/* --- the line emitter --------------------------------------------------------------------- */

static bool at_line_start(const md *m) { return m->want > 0 || !m->line_content; }

static void spaces(md *m, size_t n)
{
	static const char blank[] = "                                ";
	while (n > 0) {
		size_t chunk = n < sizeof blank - 1 ? n : sizeof blank - 1;
		cb_output_write(m->out, blank, chunk);
		n -= chunk;
	}
}

static void put_markers(md *m, const marker *mk, bool trim)
{
	if (mk->outer)
		put_markers(m, mk->outer, false);
	else
		spaces(m, mk->base);
	size_t len = strlen(mk->text);
	if (trim) /* a marker alone on its line gets no trailing space */
		while (len > 0 && mk->text[len - 1] == ' ')
			len--;
	cb_output_write(m->out, mk->text, len);
}

/* Ends the lines owed and writes the indentation, or the pending markers. */
static void begin_line(md *m, bool trim)
{
	if (m->any)
		for (int i = 0; i < m->want; i++)
			cb_output_write(m->out, "\n", 1);
	m->want = 0;
	m->any = true;
	m->line_content = false;
	if (m->pend) {
		put_markers(m, m->pend, trim);
		m->pend = NULL;
		m->line_content = trim;
	} else
		spaces(m, m->indent);
}

static void begin_content(md *m)
{
	if (at_line_start(m)) {
		m->ws_len = 0; /* white space at the start of a line means nothing in Markdown */
		if (m->want > 0 || !m->any || m->pend)
			begin_line(m, false);
	} else if (m->ws_len) {
		cb_output_write(m->out, m->ws, m->ws_len);
		m->ws_len = 0;
	}
	m->writes++;
}

/* Writes bytes with no line feed in them; cls and delim describe how they end. */
static void put(md *m, const char *s, size_t len, int cls, char delim)
{
	if (len == 0)
		return;
	begin_content(m);
	cb_output_write(m->out, s, len);
	m->line_content = true;
	m->last = cls;
	m->last_delim = delim;
	m->after_ref = false;
}

static void put_str(md *m, const char *s) { put(m, s, strlen(s), CL_PUNCT, 0); }

static void put_escaped(md *m, char c)
{
	char two[2] = {'\\', c};
	put(m, two, 2, CL_PUNCT, 0);
}

/* White space is held back: at the end of a line it would be trailing (two spaces make a hard
 * break), at the start it is dropped. */
static void hold_space(md *m, char c)
{
	if (at_line_start(m))
		return;
	if (m->ws_len == m->ws_cap) {
		size_t cap = m->ws_cap ? m->ws_cap * 2 : 32;
		char *grown = realloc(m->ws, cap);
		if (!grown) {
			m->nomem = true;
			return;
		}
		m->ws = grown;
		m->ws_cap = cap;
	}
	m->ws[m->ws_len++] = c;
}

/* A soft line end inside a block; more than one in a row would end the paragraph. */
static void soft_newline(md *m)
{
	if (m->line_content && m->want < 1)
		m->want = 1;
}

/* Asks for a line end (1) or a blank line (2) before the next content. */
static void separate(md *m, int lines)
{
	if (m->want < lines)
		m->want = lines;
}

/* The class of the character the next output will be next to, as flanking sees it. */
static int left_class(const md *m)
{
	if (at_line_start(m))
		return CL_BOUND;
	if (m->ws_len)
		return CL_SPACE;
	/* what is before a "~~" is not known here, and '*' would look through it (see beside) */
	return m->last_delim == '~' ? CL_UNSURE : m->last;
}

static char left_delim(const md *m)
{
	return at_line_start(m) || m->ws_len ? 0 : m->last_delim;
}

/* --- text ------------------------------------------------------------------------------- */

/* Markdown text. bang: escape a final '!', which a following link would turn into an image. */
static void md_text(md *m, const char *s, size_t len, bool bang)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t') {
			hold_space(m, (char)c);
			i++;
			continue;
		}
		if (c == '\n') {
			if (m->heading)
				hold_space(m, ' ');
			else
				soft_newline(m);
			i++;
			continue;
		}
		bool ls = at_line_start(m);
		if (ls && is_digit(c)) { /* "1." or "1)" would start an ordered list */
			size_t j = i;
			while (j < len && is_digit((unsigned char)s[j]))
				j++;
			if (j < len && (s[j] == '.' || s[j] == ')') &&
			    (j + 1 == len || is_blank((unsigned char)s[j + 1]))) {
				put(m, s + i, j - i, CL_WORD, 0);
				put_escaped(m, s[j]);
				i = j + 1;
				continue;
			}
		}
		if (c >= 0x80 || is_alnum(c)) {
			size_t j = i;
			while (j < len && ((unsigned char)s[j] >= 0x80 || is_alnum((unsigned char)s[j])))
				j++;
			put(m, s + i, j - i, last_class(s + i, j - i), 0);
			i = j;
			continue;
		}
		bool esc = strchr("\\`*_[]<>~|", c) || (c == '#' && (m->heading || ls)) ||
		           (ls && strchr("-+=", c)) || (c == '&' && entity_like(s + i, len - i)) ||
		           (m->after_ref && (c == '(' || c == ':')) || (bang && c == '!' && i + 1 == len);
		if (esc)
			put_escaped(m, (char)c);
		else
			put(m, s + i, 1, CL_PUNCT, 0);
		i++;
	}
}

/* Text inside HTML (table cells of an HTML table, attribute values). A line feed becomes a
 * character reference: a blank line would end the HTML block. */
static void html_text(md *m, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = s[i] == '&'    ? "&amp;"
		                  : s[i] == '<'  ? "&lt;"
		                  : s[i] == '>'  ? "&gt;"
		                  : s[i] == '"'  ? "&quot;"
		                  : s[i] == '\n' ? "&#10;"
		                                 : NULL;
		if (!esc)
			continue;
		put(m, s + run, i - run, CL_PUNCT, 0);
		put_str(m, esc);
		run = i + 1;
	}
	put(m, s + run, len - run, CL_PUNCT, 0);
}

static void html_attr(md *m, const char *name, const char *value)
{
	put_str(m, " ");
	put_str(m, name);
	put_str(m, "=\"");
	html_text(m, value, strlen(value));
	put_str(m, "\"");
}

/* A link or image target: <...> when it holds white space (or is empty), bare otherwise. Either
 * way backslash escapes keep it exact; a line feed, which neither form can hold, is %0A. '|' is
 * escaped so that a target inside a pipe table does not split the cell. An '&' that starts an
 * entity is written as "&amp;": cmark decodes entities in targets even after a backslash. */
static void put_destination(md *m, const char *url)
{
	size_t len = strlen(url);
	bool pointy = len == 0 || strpbrk(url, " \t") != NULL;
	if (pointy)
		put_str(m, "<");
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		char c = url[i];
		bool esc = c == '\\' || c == '|' || (pointy ? c == '<' || c == '>' : c == '(' || c == ')');
		bool entity = c == '&' && entity_like(url + i, len - i);
		if (!esc && !entity && c != '\n')
			continue;
		put(m, url + run, i - run, CL_PUNCT, 0);
		if (entity)
			put_str(m, "&amp;");
		else if (c == '\n')
			put_str(m, "%0A");
		else
			put_escaped(m, c);
		run = i + 1;
	}
	put(m, url + run, len - run, CL_PUNCT, 0);
	if (pointy)
		put_str(m, ">");
}

/* "[^" id "]" suffix, with the characters a GFM footnote label cannot hold replaced. */
static char *note_label(md *m, const char *id, const char *suffix)
{
	size_t len = strlen(id), slen = strlen(suffix);
	char *label = malloc(len + slen + 4);
	if (!label) {
		m->nomem = true;
		return NULL;
	}
	memcpy(label, "[^", 2);
	for (size_t i = 0; i < len; i++)
		label[2 + i] = strchr(" \t\n[]\\|", id[i]) ? '-' : id[i];
	label[2 + len] = ']';
	memcpy(label + 3 + len, suffix, slen + 1);
	return label;
}

/* --- inlines ------------------------------------------------------------------------------- */

static bool known_inline(cb_node_kind kind)
{
	return kind == CB_NODE_TEXT || kind == CB_NODE_BREAK || kind == CB_NODE_LINK ||
	       kind == CB_NODE_NOTEREF || kind == CB_NODE_IMAGE;
}

static bool all_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_blank((unsigned char)s[i]))
			return false;
	return true;
}

/* Whether an inline writes something visible: text with more than white space, a link, a
 * reference or an image. */
static bool is_visible(const cb_node *n)
{
	size_t len;
	const char *s = cb_text_get(n, &len);
	cb_node_kind kind = cb_node_get_kind(n);
	if (kind == CB_NODE_TEXT)
		return !all_blank(s, len);
	return kind != CB_NODE_BREAK && known_inline(kind);
}

static const cb_node *next_visible(const cb_node *n)
{
	for (n = cb_node_next(n); n; n = cb_node_next(n))
		if (is_visible(n))
			return n;
	return NULL;
}

static unsigned lowest_mark(unsigned marks) { return marks & (~marks + 1); }

/* The class of what follows n in its parent: what a closing delimiter at n's end will touch. */
static int next_class(const md *m, const cb_node *n, int end)
{
	for (n = cb_node_next(n); n; n = cb_node_next(n)) {
		size_t len;
		const char *s;
		switch (cb_node_get_kind(n)) {
		case CB_NODE_TEXT:
			s = cb_text_get(n, &len);
			if (is_blank((unsigned char)s[0]))
				return CL_SPACE;
			/* a marked run starts with its opening marker: punctuation, unless it may be
			 * "~~" (strike is its outermost mark), which '*' looks through (see beside);
			 * text with a character to escape starts with a backslash: punctuation too */
			if (!cb_text_marks(n))
				return first_class(s, len);
			return lowest_mark(cb_text_marks(n)) == CB_MARK_STRIKE ? CL_UNSURE : CL_PUNCT;
		case CB_NODE_BREAK:
			return m->heading ? CL_SPACE : CL_PUNCT;
		case CB_NODE_LINK:
		case CB_NODE_NOTEREF:
		case CB_NODE_IMAGE:
			return CL_PUNCT;
		default:
			break;
		}
	}
	return end;
}

static bool can_open(int rep, int l, int r)
{
	bool left_flanking = r == CL_WORD ||
	                     (r == CL_PUNCT && (l == CL_BOUND || l == CL_SPACE || l == CL_PUNCT));
	if (rep == REP_UNDERSCORE) /* and not right-flanking, or after punctuation */
		return left_flanking && (l == CL_BOUND || l == CL_SPACE || l == CL_PUNCT);
	return left_flanking;
}

static bool can_close(int rep, int l, int r)
{
	bool right_flanking = l == CL_WORD ||
	                      (l == CL_PUNCT && (r == CL_BOUND || r == CL_SPACE || r == CL_PUNCT));
	if (rep == REP_UNDERSCORE)
		return right_flanking && (r == CL_BOUND || r == CL_SPACE || r == CL_PUNCT);
	return right_flanking;
}

static char rep_char(int rep)
{
	return rep == REP_STAR ? '*' : rep == REP_UNDERSCORE ? '_' : rep == REP_TILDE ? '~' : 0;
}

static const char *rep_text(unsigned bit, int rep, bool closing)
{
	switch (rep) {
	case REP_STAR:
		return bit == 0 ? "**" : "*";
	case REP_UNDERSCORE:
		return "_";
	case REP_TILDE:
		return "~~";
	default:
		return closing ? html_close[bit] : html_open[bit];
	}
}

/* The class next to mark i's marker in direction dir (-1 outwards, +1 inwards) as its flanking
 * rules see it: another marker is punctuation, past the run it is outer or inner. cmark-gfm's
 * emphasis looks through the strikethrough delimiter "~~" to the character beyond it
 * ("*(a)*~~(b)~~" is emphasis, "*(a)*~~b~~" is not), so for '*' and '_' a "~~" does not count. */
static int beside(const int *rep, int k, int i, int dir, int outer, int inner)
{
	for (int j = i + dir; j >= 0 && j < k; j += dir)
		if (rep[i] == REP_TILDE || rep[j] != REP_TILDE)
			return CL_PUNCT;
	return dir < 0 ? outer : inner;
}

/* Chooses how each mark of a run is written. Delimiters are tried first; one whose opening or
 * closing would not be recognised by CommonMark's flanking rules (next to punctuation, say, or
 * inside a word after a bracket), or that would run into a delimiter of the same character,
 * becomes HTML (italic tries '_' first, which may sit next to '**'). Each change only removes
 * delimiters, so this settles within a few rounds. */
static void choose_reps(const unsigned *bits, int *rep, int k, int l, char ldelim, int first,
                        int last, int r)
{
	bool changed;
	do {
		changed = false;
		for (int i = 0; i < k; i++) {
			if (rep[i] == REP_HTML)
				continue;
			char c = rep_char(rep[i]);
			char outer = i > 0 ? rep_char(rep[i - 1]) : ldelim;
			char inner = i + 1 < k ? rep_char(rep[i + 1]) : 0;
			int open_l = beside(rep, k, i, -1, l, 0), open_r = beside(rep, k, i, 1, 0, first);
			int close_l = beside(rep, k, i, 1, 0, last), close_r = beside(rep, k, i, -1, r, 0);
			if (inner == c && bits[i + 1] == 1 && rep[i + 1] == REP_STAR) {
				/* "**" around "*": the italic gives way, "**_x_**" parses where "***x***"
				 * is ambiguous */
				rep[i + 1] = REP_UNDERSCORE;
				changed = true;
				continue;
			}
			if (outer == c || inner == c || !can_open(rep[i], open_l, open_r) ||
			    !can_close(rep[i], close_l, close_r)) {
				rep[i] = rep[i] == REP_STAR && bits[i] == 1 ? REP_UNDERSCORE : REP_HTML;
				changed = true;
			}
		}
	} while (changed);
}

static void write_marked_text(md *m, const char *s, size_t len, unsigned marks, int r, bool bang)
{
	/* White space at the edges goes outside the markers: "** x**" does not parse as bold. */
	size_t a = 0, b = len;
	while (a < b && is_blank((unsigned char)s[a]))
		a++;
	while (b > a && is_blank((unsigned char)s[b - 1]))
		b--;
	if (a == b) {
		md_text(m, s, len, false);
		return;
	}
	md_text(m, s, a, false);
	unsigned bits[MARK_COUNT];
	int rep[MARK_COUNT], k = 0;
	for (unsigned bit = 0; bit < MARK_COUNT; bit++)
		if (marks & (1u << bit)) {
			bits[k] = bit;
			rep[k++] = bit <= 1 ? REP_STAR : (1u << bit) == CB_MARK_STRIKE ? REP_TILDE : REP_HTML;
		}
	choose_reps(bits, rep, k, left_class(m), left_delim(m), first_class(s + a, b - a),
	            last_class(s + a, b - a), b < len ? CL_SPACE : r);
	for (int i = 0; i < k; i++)
		put(m, rep_text(bits[i], rep[i], false), strlen(rep_text(bits[i], rep[i], false)),
		    CL_PUNCT, rep_char(rep[i]));
	md_text(m, s + a, b - a, bang && b == len);
	for (int i = k - 1; i >= 0; i--)
		put(m, rep_text(bits[i], rep[i], true), strlen(rep_text(bits[i], rep[i], true)),
		    CL_PUNCT, rep_char(rep[i]));
	md_text(m, s + b, len - b, false);
}

static void html_marked_text(md *m, const char *s, size_t len, unsigned marks)
{
	for (unsigned bit = 0; bit < MARK_COUNT; bit++)
		if (marks & (1u << bit))
			put_str(m, html_open[bit]);
	html_text(m, s, len);
	for (unsigned bit = MARK_COUNT; bit-- > 0;)
		if (marks & (1u << bit))
			put_str(m, html_close[bit]);
}

static void write_inlines(md *m, const cb_node *parent, int end, bool top);

static void write_image(md *m, const cb_node *img)
{
	const char *alt = cb_image_alt(img);
	if (m->html) {
		put_str(m, "<img");
		html_attr(m, "src", cb_image_source(img));
		if (alt)
			html_attr(m, "alt", alt);
		put_str(m, ">");
		return;
	}
	put_str(m, "![");
	if (alt)
		md_text(m, alt, strlen(alt), false);
	put_str(m, "](");
	put_destination(m, cb_image_source(img));
	put_str(m, ")");
}

static void write_link(md *m, const cb_node *link)
{
	if (m->html) {
		put_str(m, "<a");
		html_attr(m, "href", cb_link_target(link));
		put_str(m, ">");
		write_inlines(m, link, CL_PUNCT, false);
		put_str(m, "</a>");
		return;
	}
	put_str(m, "[");
	write_inlines(m, link, CL_PUNCT, false);
	put_str(m, "](");
	put_destination(m, cb_link_target(link));
	put_str(m, ")");
}

static void write_noteref(md *m, const cb_node *ref)
{
	char *label = note_label(m, cb_note_id(ref), "");
	if (!label)
		return;
	if (m->html)
		html_text(m, label, strlen(label));
	else {
		put_str(m, label);
		m->after_ref = true; /* "[^id](" and "[^id]:" would be read as something else */
	}
	free(label);
}

static void write_break(md *m, const cb_node *br, bool top)
{
	if (m->html)
		put_str(m, "<br>");
	else if (m->heading)
		hold_space(m, ' ');
	else if (top && !next_visible(br))
		put_str(m, "<br>"); /* a backslash ending a paragraph would be a literal backslash */
	else {
		put_str(m, "\\");
		soft_newline(m);
	}
}

static void write_text(md *m, const cb_node *n, int end)
{
	size_t len;
	const char *s = cb_text_get(n, &len);
	unsigned marks = cb_text_marks(n) & CB_MARK_ALL_;
	if (m->html) {
		html_marked_text(m, s, len, marks);
		return;
	}
	const cb_node *next = next_visible(n);
	bool bang = next && (cb_node_get_kind(next) == CB_NODE_LINK ||
	                     cb_node_get_kind(next) == CB_NODE_NOTEREF);
	if (marks)
		write_marked_text(m, s, len, marks, next_class(m, n, end), bang);
	else
		md_text(m, s, len, bang);
}

/* Inline content; end is the class of what follows it (a bracket after link text, the end of the
 * block otherwise) and top says whether the block ends right after it. */
static void write_inlines(md *m, const cb_node *parent, int end, bool top)
{
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c)) {
		switch (cb_node_get_kind(c)) {
		case CB_NODE_TEXT:
			write_text(m, c, end);
			break;
		case CB_NODE_BREAK:
			write_break(m, c, top);
			break;
		case CB_NODE_LINK:
			write_link(m, c);
			break;
		case CB_NODE_NOTEREF:
			write_noteref(m, c);
			break;
		case CB_NODE_IMAGE:
			write_image(m, c);
			break;
		default: /* a kind newer than this writer */
			break;
		}
	}
}

/* --- blocks -------------------------------------------------------------------------------- */

static void write_blocks(md *m, const cb_node *parent, int gap);
static void html_blocks(md *m, const cb_node *parent);

static bool enter(md *m)
{
	if (m->depth >= MD_MAX_DEPTH) {
		m->too_deep = true;
		return false;
	}
	m->depth++;
	return true;
}

static void write_heading(md *m, const cb_node *h)
{
	int level = cb_heading_level(h);
	if (level > 6) {
		char comment[48];
		snprintf(comment, sizeof comment, "<!-- heading level %d -->", level);
		put_str(m, comment);
		separate(m, 1);
		level = 6;
	}
	put_str(m, &"######"[6 - (level < 1 ? 1 : level)]);
	hold_space(m, ' '); /* written only if the heading has text */
	m->heading = true;
	write_inlines(m, h, CL_BOUND, true);
	m->heading = false;
}

/* Blocks with a marker in front (list items, notes), indented by indent on later lines. */
static void write_marked(md *m, const cb_node *n, const char *text, size_t indent, int gap)
{
	marker mk = {.text = text, .base = m->indent, .outer = m->pend};
	size_t saved = m->indent;
	m->pend = &mk;
	m->indent += indent;
	write_blocks(m, n, gap);
	if (m->pend == &mk) /* nothing inside: the marker gets a line of its own */
		begin_line(m, true);
	m->indent = saved;
}

static const cb_node *first_item(const cb_node *list)
{
	for (const cb_node *c = cb_node_first_child(list); c; c = cb_node_next(c))
		if (cb_node_get_kind(c) == CB_NODE_ITEM)
			return c;
	return NULL;
}

/* Whether a list can start on the line after a paragraph line without a blank line between:
 * CommonMark lets only a bulleted list or one starting at 1 interrupt a paragraph, and only when
 * its first item has text on its first line. */
static bool can_interrupt(const cb_node *list)
{
	if (cb_list_ordered(list) && cb_list_start(list) != 1)
		return false;
	const cb_node *item = first_item(list);
	const cb_node *p = item ? cb_node_first_child(item) : NULL;
	if (!p || cb_node_get_kind(p) != CB_NODE_PARAGRAPH)
		return false;
	for (const cb_node *c = cb_node_first_child(p); c; c = cb_node_next(c))
		if (is_visible(c))
			return true;
	return false;
}

/* A list is written tight (no blank lines) when every item is at most one paragraph followed by
 * lists that can each start right below the line before; anything else needs blank lines, and
 * CommonMark then renders the whole list loose. */
static bool list_is_tight(const cb_node *list)
{
	for (const cb_node *item = cb_node_first_child(list); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		size_t i = 0;
		for (const cb_node *c = cb_node_first_child(item); c; c = cb_node_next(c), i++) {
			cb_node_kind kind = cb_node_get_kind(c);
			if (kind == CB_NODE_PARAGRAPH && i == 0)
				continue;
			if (kind != CB_NODE_LIST || (i > 0 && !can_interrupt(c)))
				return false;
		}
	}
	return true;
}

/* Writes a list; prev is the marker character of a list right before it (0 if none), which
 * this one must not reuse or CommonMark would join the two. Returns the character used. */
static char write_list(md *m, const cb_node *list, char prev)
{
	bool ordered = cb_list_ordered(list);
	char delim = ordered ? (prev == '.' ? ')' : '.') : (prev == '-' ? '*' : '-');
	long number = cb_list_start(list);
	if (ordered && (number < 0 || number > MD_MAX_NUMBER)) {
		if (!m->warned_start)
			cb_output_report(m->out, CB_SEV_WARNING, CB_W_LOSSY,
			                 "Markdown cannot number a list from %ld; numbered from %ld instead",
			                 number, number < 0 ? 0L : MD_MAX_NUMBER);
		m->warned_start = true;
		number = number < 0 ? 0 : MD_MAX_NUMBER;
	}
	int gap = list_is_tight(list) ? 1 : 2;
	bool first = true;
	for (const cb_node *item = cb_node_first_child(list); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		if (!first)
			separate(m, gap);
		first = false;
		char buf[24];
		if (ordered)
			snprintf(buf, sizeof buf, "%ld%c ", number, delim);
		else
			snprintf(buf, sizeof buf, "%c ", delim);
		if (number < MD_MAX_NUMBER) /* only the first number counts; later ones stay valid */
			number++;
		write_marked(m, item, buf, strlen(buf), gap);
	}
	return delim;
}

/* Whether inline content fits on one line of a pipe table. */
static bool inlines_fit_cell(const cb_node *parent)
{
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c)) {
		cb_node_kind kind = cb_node_get_kind(c);
		const char *s = cb_text_get(c, NULL);
		if (kind == CB_NODE_BREAK || (s && strchr(s, '\n')) ||
		    (kind == CB_NODE_LINK && !inlines_fit_cell(c)))
			return false;
	}
	return true;
}

/* Whether the table can be a GFM pipe table; *ncols gets its widest row. */
static bool pipe_table_ok(const cb_node *table, size_t *ncols)
{
	bool ok = true;
	*ncols = 0;
	for (const cb_node *row = cb_node_first_child(table); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		size_t n = 0;
		for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
			if (cb_node_get_kind(cell) != CB_NODE_CELL)
				continue;
			n++;
			const cb_node *p = cb_node_first_child(cell);
			if (cb_cell_rowspan(cell) != 1 || cb_cell_colspan(cell) != 1 ||
			    (p && (cb_node_next(p) || cb_node_get_kind(p) != CB_NODE_PARAGRAPH ||
			           !inlines_fit_cell(p))))
				ok = false;
		}
		if (n > *ncols)
			*ncols = n;
	}
	return ok;
}

static void pipe_row(md *m, const cb_node *row, size_t ncols)
{
	size_t n = 0;
	separate(m, 1);
	put_str(m, "|");
	for (const cb_node *cell = row ? cb_node_first_child(row) : NULL; cell;
	     cell = cb_node_next(cell)) {
		if (cb_node_get_kind(cell) != CB_NODE_CELL)
			continue;
		hold_space(m, ' ');
		const cb_node *p = cb_node_first_child(cell);
		if (p)
			write_inlines(m, p, CL_BOUND, true);
		m->ws_len = 0;
		put_str(m, " |");
		n++;
	}
	for (; n < ncols; n++)
		put_str(m, " |");
}

static void write_pipe_table(md *m, const cb_node *table, size_t ncols)
{
	bool header = true;
	for (const cb_node *row = cb_node_first_child(table); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		pipe_row(m, row, ncols);
		if (header) {
			separate(m, 1);
			put_str(m, "|");
			for (size_t i = 0; i < ncols; i++)
				put_str(m, " --- |");
			header = false;
		}
	}
}

static void html_cell(md *m, const cb_node *cell)
{
	const char *tag = cb_cell_header(cell) ? "th" : "td";
	char buf[32];
	put_str(m, "<");
	put_str(m, tag);
	if (cb_cell_rowspan(cell) != 1) {
		snprintf(buf, sizeof buf, "%u", cb_cell_rowspan(cell));
		html_attr(m, "rowspan", buf);
	}
	if (cb_cell_colspan(cell) != 1) {
		snprintf(buf, sizeof buf, "%u", cb_cell_colspan(cell));
		html_attr(m, "colspan", buf);
	}
	put_str(m, ">");
	html_blocks(m, cell);
	put_str(m, "</");
	put_str(m, tag);
	put_str(m, ">");
}

/* An HTML table; lines is whether rows and cells get lines of their own (not inside a cell of
 * an HTML table, where everything stays on the cell's line). */
static void html_table(md *m, const cb_node *table, bool lines)
{
	bool html = m->html;
	m->html = true;
	put_str(m, "<table>");
	for (const cb_node *row = cb_node_first_child(table); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		if (lines)
			separate(m, 1);
		put_str(m, "<tr>");
		for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
			if (cb_node_get_kind(cell) != CB_NODE_CELL)
				continue;
			if (lines)
				separate(m, 1);
			html_cell(m, cell);
		}
		if (lines)
			separate(m, 1);
		put_str(m, "</tr>");
	}
	if (lines)
		separate(m, 1);
	put_str(m, "</table>");
	m->html = html;
}

static void write_table(md *m, const cb_node *table)
{
	size_t ncols;
	bool pipe = pipe_table_ok(table, &ncols);
	if (ncols == 0) /* no cells at all: nothing to show */
		return;
	if (pipe)
		write_pipe_table(m, table, ncols);
	else
		html_table(m, table, true);
}

/* A div's start tag: class, and attributes as data-KEY when KEY is a valid lower-case name. */
static void div_start(md *m, const cb_node *div)
{
	put_str(m, "<div");
	if (cb_div_class(div))
		html_attr(m, "class", cb_div_class(div));
	const char *key, *value;
	for (size_t i = 0; cb_div_attr_at(div, i, &key, &value); i++) {
		size_t n = strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (n == 0 || key[n] != '\0') {
			if (!m->warned_attr)
				cb_output_report(m->out, CB_SEV_WARNING, CB_W_LOSSY,
				                 "div attribute '%s' is not a valid data- attribute name; left "
				                 "out of the Markdown",
				                 key);
			m->warned_attr = true;
			continue;
		}
		char *name = malloc(strlen(key) + 6);
		if (!name) {
			m->nomem = true;
			return;
		}
		memcpy(name, "data-", 5);
		strcpy(name + 5, key);
		html_attr(m, name, value);
		free(name);
	}
	put_str(m, ">");
}

static void write_div(md *m, const cb_node *div)
{
	div_start(m, div);
	separate(m, 2); /* blank lines end the HTML block, so the content is Markdown again */
	write_blocks(m, div, 2);
	separate(m, 2);
	put_str(m, "</div>");
}

static void write_note(md *m, const cb_node *note)
{
	char *label = note_label(m, cb_note_id(note), ": ");
	if (label)
		write_marked(m, note, label, 4, 2);
	free(label);
}

static char write_block(md *m, const cb_node *n, char prev_list)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		write_heading(m, n);
		break;
	case CB_NODE_PARAGRAPH:
		write_inlines(m, n, CL_BOUND, true);
		break;
	case CB_NODE_LIST:
		return write_list(m, n, prev_list);
	case CB_NODE_TABLE:
		write_table(m, n);
		break;
	case CB_NODE_IMAGE:
		write_image(m, n);
		break;
	case CB_NODE_NOTE:
		write_note(m, n);
		break;
	case CB_NODE_DIV:
		write_div(m, n);
		break;
	default: /* a kind newer than this writer */
		break;
	}
	return 0;
}

/* Where a run of sibling blocks has got to: whether one was written, and the kind of list the
 * last one that wrote anything was. */
typedef struct run {
	char prev_list;
	bool first;
} run;

/* The next block of a run, separated from the last by gap line ends. */
static void run_block(md *m, run *r, const cb_node *c, int gap)
{
	/* Not before the first block, which goes on its item's or note's marker line. */
	if (!r->first)
		separate(m, gap);
	r->first = false;
	unsigned long before = m->writes;
	char used = write_block(m, c, r->prev_list);
	if (m->writes != before) /* a block that wrote nothing leaves its neighbours adjacent */
		r->prev_list = used;
}

static void write_blocks(md *m, const cb_node *parent, int gap)
{
	if (!enter(m))
		return;
	run r = {0, true};
	for (const cb_node *c = cb_node_first_child(parent); c && !m->nomem; c = cb_node_next(c))
		run_block(m, &r, c, gap);
	m->depth--;
}

/* --- blocks inside HTML table cells ------------------------------------------------------- */

static void html_list(md *m, const cb_node *list)
{
	bool ordered = cb_list_ordered(list);
	if (ordered) {
		put_str(m, "<ol");
		if (cb_list_start(list) != 1) {
			char buf[24];
			snprintf(buf, sizeof buf, "%ld", cb_list_start(list));
			html_attr(m, "start", buf);
		}
		put_str(m, ">");
	} else
		put_str(m, "<ul>");
	for (const cb_node *item = cb_node_first_child(list); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		put_str(m, "<li>");
		html_blocks(m, item);
		put_str(m, "</li>");
	}
	put_str(m, ordered ? "</ol>" : "</ul>");
}

/* Whether a block is written as running text in a cell, so that two in a row need a <br>. */
static bool html_runs_in_text(cb_node_kind kind)
{
	return kind == CB_NODE_PARAGRAPH || kind == CB_NODE_HEADING || kind == CB_NODE_IMAGE ||
	       kind == CB_NODE_NOTE;
}

static void html_block(md *m, const cb_node *n)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_PARAGRAPH:
		write_inlines(m, n, CL_BOUND, true);
		break;
	case CB_NODE_HEADING:
		put_str(m, "<strong>");
		write_inlines(m, n, CL_BOUND, true);
		put_str(m, "</strong>");
		break;
	case CB_NODE_LIST:
		html_list(m, n);
		break;
	case CB_NODE_TABLE:
		html_table(m, n, false);
		break;
	case CB_NODE_IMAGE:
		write_image(m, n);
		break;
	case CB_NODE_NOTE: {
		char *label = note_label(m, cb_note_id(n), ": ");
		if (label)
			html_text(m, label, strlen(label));
		free(label);
		html_blocks(m, n);
		break;
	}
	case CB_NODE_DIV:
		div_start(m, n);
		html_blocks(m, n);
		put_str(m, "</div>");
		break;
	default:
		break;
	}
}

static void html_blocks(md *m, const cb_node *parent)
{
	if (!enter(m))
		return;
	bool prev_text = false;
	for (const cb_node *c = cb_node_first_child(parent); c && !m->nomem; c = cb_node_next(c)) {
		cb_node_kind kind = cb_node_get_kind(c);
		bool text = html_runs_in_text(kind);
		unsigned long before = m->writes;
		if (text && prev_text)
			put_str(m, "<br>");
		html_block(m, c);
		if (m->writes != before) /* unknown kinds write nothing and change nothing */
			prev_text = text;
	}
	m->depth--;
}

/* --- the plugin ------------------------------------------------------------------------------ */

/* What went wrong, once, as the writer's result. */
static cb_code outcome(md *m)
{
	if (m->nomem) {
		cb_output_report(m->out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing Markdown");
		return CB_E_NOMEM;
	}
	if (m->too_deep) {
		cb_output_report(m->out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", MD_MAX_DEPTH);
		return CB_E_LIMIT;
	}
	return CB_OK;
}

static cb_code markdown_write(const cb_document *doc, cb_output *out)
{
	md m = {.out = out, .last = CL_BOUND};
	write_blocks(&m, cb_document_body_const(doc), 2);
	if (m.any)
		cb_output_write(out, "\n", 1);
	free(m.ws);
	return outcome(&m);
}

/* --- a casebook a case at a time (cb_write_stream) ---------------------------------------- */

/* This writer knows nothing of cases: the host gives it a casebook's reading copy, whose head
 * has an empty division of class "case" where each case's blocks go, and each add a division
 * holding them. The blocks are written as the body's own, one run from the head's first block
 * to its last, so the bytes are write's for the whole reading copy. */
typedef struct stream {
	md m;
	run r;
	const cb_node *next; /* the head's next body block */
	bool entered;        /* the body's level was entered (as write_blocks does) */
} stream;

static bool is_case(const cb_node *n)
{
	const char *cls = cb_node_get_kind(n) == CB_NODE_DIV ? cb_div_class(n) : NULL;
	return cls && strcmp(cls, "case") == 0;
}

/* The head's blocks up to the next case's place. */
static void until_case(stream *s)
{
	while (s->entered && s->next && !is_case(s->next) && !s->m.nomem) {
		run_block(&s->m, &s->r, s->next, 2);
		s->next = cb_node_next(s->next);
	}
}

static void stream_free(stream *s)
{
	free(s->m.ws);
	free(s);
}

static cb_code stream_begin(const cb_document *head, cb_output *out, void **state)
{
	stream *s = calloc(1, sizeof *s);
	if (!s) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing Markdown");
		return CB_E_NOMEM;
	}
	s->m = (md){.out = out, .last = CL_BOUND};
	s->r = (run){0, true};
	s->entered = enter(&s->m);
	s->next = cb_node_first_child(cb_document_body_const(head));
	until_case(s);
	cb_code code = outcome(&s->m);
	if (code != CB_OK)
		stream_free(s);
	else
		*state = s;
	return code;
}

static cb_code stream_add(void *state, const cb_node *division, cb_output *out)
{
	stream *s = state;
	s->m.out = out;
	for (const cb_node *c = cb_node_first_child(division); s->entered && c && !s->m.nomem;
	     c = cb_node_next(c))
		run_block(&s->m, &s->r, c, 2);
	if (s->next)
		s->next = cb_node_next(s->next); /* the place these blocks took */
	until_case(s);
	return outcome(&s->m);
}

static cb_code stream_end(void *state, cb_output *out)
{
	stream *s = state;
	s->m.out = out;
	until_case(s);
	if (s->entered)
		s->m.depth--;
	if (s->m.any)
		cb_output_write(out, "\n", 1);
	cb_code code = outcome(&s->m);
	stream_free(s);
	return code;
}

static void stream_cancel(void *state) { stream_free(state); }

static const cb_write_stream md_stream = {
	.size = sizeof(cb_write_stream),
	.begin = stream_begin,
	.add = stream_add,
	.end = stream_end,
	.cancel = stream_cancel,
};

static const char *const md_extensions[] = {"md", "markdown", NULL};
static const char *const md_media_types[] = {"text/markdown", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "markdown",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "GitHub-flavoured Markdown, with HTML where Markdown has no syntax",
	.kind = CB_PLUGIN_WRITER,
	.extensions = md_extensions,
	.media_types = md_media_types,
	.write = markdown_write,
	.stream = &md_stream,
};
