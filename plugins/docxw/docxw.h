/* The DOCX writer's files share this: the writer state and the parts being written. */
#ifndef CB_DOCXW_H
#define CB_DOCXW_H

#include "../pkgw/pkgw.h"

#include <casebook/plugin.h>

/* Deeper trees than this are refused rather than risking the stack. */
#define DW_MAX_DEPTH 1000
/* The text width of an A4 page with the margins of sect_pr(), in twentieths of a point. */
#define DW_TEXT_WIDTH 9638

/* One numbering instance of numbering.xml: each list of the document gets its own, so that
 * every list counts from its own start. */
typedef struct dw_list {
	bool ordered;
	long start;
	/* The model's numbering style or bullet, copied: a casebook written a case at a time frees
	 * each case's document before numbering.xml is written. Longer styles keep their first 31
	 * bytes, which still name no known format and are still no bullet. */
	char style[32];
	bool has_style;
} dw_list;

/* One picture copied into word/media. */
typedef struct dw_image {
	const cb_media *media;
	char *part;      /* "media/image3.png" */
	unsigned rel;    /* its relationship id: rIdN */
	long cx, cy;     /* size in EMU */
} dw_image;

typedef struct dw {
	cb_output *out;
	const cb_document *doc;
	pkgw_buf body;       /* word/document.xml's body */
	pkgw_buf rels;       /* relationships of document.xml beyond the fixed ones */
	pkgw_buf footnotes;  /* the footnotes, written as their references are met */
	unsigned next_rel;   /* the next free rIdN */
	dw_list *lists;
	size_t nlists, caplists;
	dw_image *images;
	size_t nimages, capimages;
	const cb_node **notes; /* notes in document order; a footnote's number is its index + 1 */
	size_t nnotes, capnotes;
	unsigned next_drawing; /* ids of drawing objects */
	int item_num;        /* the numbering the next paragraph takes: a list item's first; 0 none */
	const char *pstyle;  /* the style of plain paragraphs here: NULL (Normal), in cells and notes
	                        their own */
	bool footnote_ref;   /* the next paragraph starts with a footnote's number */
	bool casebook;
	int min_level;       /* the least heading level: inside a case's section, below its heading */
	unsigned depth;
	bool too_deep;
	bool nomem;
} dw;

/* --- body.c: blocks and inlines as WordprocessingML --------------------------------------- */

/* Writes blocks; ilvl is the list level inside items (-1 outside lists). */
void dw_blocks(dw *w, const cb_node *parent, int ilvl);
void dw_block(dw *w, const cb_node *n, int ilvl);
/* A paragraph of one run of plain text in a paragraph style (NULL: Normal). */
void dw_text_paragraph(dw *w, const char *style, const char *text);
/* A run of plain text with optional run properties XML (NULL: none); line feeds become breaks. */
void dw_run(dw *w, const char *rpr, const char *text);
/* A bordered table of label | value rows (NULL values are left out). */
void dw_field_table(dw *w, const char *const *labels, const char *const *values, size_t n);
/* The section properties closing a section: new page, A4, page numbers in the footer (not on a
 * cover, whose page is centred vertically). last: the body's final properties, which stand
 * alone; any other closes its section with an empty paragraph that holds them. */
void dw_sect_pr(dw *w, bool cover, bool last);
/* footnotes.xml from the notes collected, after the body. */
void dw_footnotes(dw *w);
/* Collects the notes of the document (so references can number them) before the body. */
bool dw_collect_notes(dw *w, const cb_node *parent);

/* --- casebook.c ---------------------------------------------------------------------------- */

bool dw_is_casebook(const cb_document *doc);
/* Cover, contents, statistics, one section per case, the index of schools. */
void dw_casebook_body(dw *w);
/* The same a case at a time (cb_write_stream), w->doc being the casebook's head: begin writes up
 * to the first case, case the next case from its full division and what follows it up to the
 * next, end the rest. The book holds nothing to free. */
typedef struct dw_book {
	dw *w;
	size_t ncases;
	const cb_node *next; /* the body's next node to write */
	const cb_node *area; /* an area's heading waiting for its first case */
	bool seen_block;
} dw_book;
void dw_casebook_begin(dw_book *b, dw *w);
void dw_casebook_case(dw_book *b, const cb_node *div);
void dw_casebook_end(dw_book *b);

/* --- media.c ------------------------------------------------------------------------------- */

/* The picture for a media object, copied once; NULL when it is not a picture Word shows. */
const dw_image *dw_image_for(dw *w, const cb_media *m);

/* --- parts.c: the fixed parts of the package ----------------------------------------------- */

void dw_styles_xml(pkgw_buf *b);
void dw_numbering_xml(const dw *w, pkgw_buf *b);
void dw_settings_xml(const dw *w, pkgw_buf *b);
void dw_font_table_xml(pkgw_buf *b);
void dw_footer_xml(pkgw_buf *b);

#endif
