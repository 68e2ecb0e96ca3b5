/* The HTML writer's files share this: the writer state, escaping, and the parts of a page. */
#ifndef CB_HTML_H
#define CB_HTML_H

#include <casebook/plugin.h>

#include <stdbool.h>
#include <stddef.h>

/* Deeper trees than this are refused rather than risking the stack (read documents stop at
 * max-depth, 256 by default, long before). */
#define HTML_MAX_DEPTH 1000

typedef struct html {
	cb_output *out;
	const cb_document *doc;
	int shift;      /* added to heading levels: 1 in a casebook, whose cover holds the h1 */
	int min_level;  /* the least heading level before the shift: inside a case's section, below
	                   the section's own heading whatever level the submission gave */
	unsigned depth; /* of the tree being written, for HTML_MAX_DEPTH */
	bool too_deep;
	bool nomem;
} html;

/* --- text.c: escaping and safe values ------------------------------------------------------- */

void html_raw(html *h, const char *s);
void html_rawn(html *h, const char *s, size_t len);
void html_printf(html *h, const char *fmt, ...) CB_PRINTF(2, 3);
/* Text as character data or a quoted attribute value: & < > " ' escaped, so that nothing from a
 * submission can open a tag, end an attribute or start a reference. */
void html_text(html *h, const char *s, size_t len);
void html_str(html *h, const char *s);
/* Text whose line feeds become <br>. */
void html_lines(html *h, const char *s);
/* An id= value made from any string: letters, digits and '-' are kept, every other byte is
 * written as '_' and two hex digits, so different strings give different ids and none can
 * leave the attribute. prefix is ASCII. */
void html_id(html *h, const char *prefix, const char *s);
/* Whether a link target may become an href: http, https and mailto URIs, and fragments
 * ("#..."). Everything else (javascript:, data:, vbscript:, relative paths that would fetch
 * from wherever the page lies) is written as text only. */
bool html_safe_href(const char *target);

/* --- blocks.c: the document tree, as any writer prints it ----------------------------------- */

void html_blocks(html *h, const cb_node *parent);
void html_block(html *h, const cb_node *n);
void html_inlines(html *h, const cb_node *parent);

/* --- casebook.c: what a casebook adds ---------------------------------------------------- */

/* The body of a casebook page: cover, contents, statistics, search, cases, school index. */
void html_casebook_body(html *h);
/* The same a case at a time (cb_write_stream), h->doc being the casebook's head: begin writes
 * up to the first case (NULL, with h->nomem set, when out of memory), case writes the next case
 * from its full division and what follows it up to the next, end writes the rest and frees the
 * page's state, free frees it without writing. */
typedef struct html_book html_book;
html_book *html_casebook_begin(html *h);
void html_casebook_case(html_book *b, const cb_node *div);
void html_casebook_end(html_book *b);
void html_casebook_free(html_book *b);

/* --- assets.c: the page's own style sheet and script ------------------------------------- */

extern const char html_css[];
extern const char html_js[];

#endif
