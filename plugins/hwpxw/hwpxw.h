/* The HWPX writer's files share this: the writer state and the shape tables of header.xml that
 * the sections refer to by id. */
#ifndef CB_HWPXW_H
#define CB_HWPXW_H

#include "../pkgw/pkgw.h"

#include <casebook/plugin.h>

/* Deeper trees than this are refused rather than risking the stack. */
#define HW_MAX_DEPTH 1000
/* An A4 page's text width with the margins of the sections' secPr, in HWPUNIT (1/7200 in). */
#define HW_TEXT_WIDTH 42520

/* Character shapes (hh:charPr ids). */
enum {
	CP_NORMAL = 0,  /* 10 pt 함초롬바탕 */
	CP_LABEL = 1,   /* 10 pt bold: the labels of field tables */
	CP_TITLE = 2,   /* the cover's title */
	CP_SUBTITLE = 3,
	CP_YEAR = 4,
	CP_HEADING = 5, /* 5 to 10: headings of levels 1 to 6, 함초롬돋움 bold */
	CP_MARKS = 11,  /* 11 + marks (CB_MARK_* combined): every combination of marks */
	CP_COUNT = CP_MARKS + 64
};

/* Paragraph shapes (hh:paraPr ids). */
enum {
	PP_BODY = 0,    /* justified, 160 % line spacing */
	PP_CENTER = 1,
	PP_COVER = 2,   /* centred, far down the page: the cover's first line */
	PP_HEADING = 3, /* 3 to 8: outline levels 1 to 6 */
	PP_LIST = 9,    /* 9 to 17: list items of nesting 0 to 8, hanging indent */
	PP_CELL = 18,   /* inside table cells */
	PP_TOC1 = 19,
	PP_TOC2 = 20,
	PP_COUNT = 21
};

/* Border fills (hh:borderFill ids). */
enum { BF_NONE = 1, BF_PARA = 2, BF_CELL = 3, BF_LABEL = 4 };

/* Styles (hh:style ids): 바탕글, then 개요 1 to 개요 6. */
enum { ST_NORMAL = 0, ST_OUTLINE = 1 };

typedef struct hw {
	cb_output *out;
	const cb_document *doc;
	pkgw_buf *secs;   /* Contents/sectionN.xml */
	size_t nsecs, capsecs;
	/* A casebook written a case at a time writes its sections to a spool as they grow, one
	 * after the other: the first spilled sections are there whole, at the extents given
	 * (offset, length), and their buffers are empty. */
	pkgw_spool *spool;
	uint64_t (*extents)[2];
	size_t spilled;
	pkgw_buf *cur;    /* the section being written */
	pkgw_buf sink;    /* where writing goes when a section could not be added */
	pkgw_buf preview; /* Preview/PrvText.txt: the start of the text */
	unsigned long next_id; /* paragraph and object ids */
	int pp;           /* the paragraph shape of plain paragraphs here (body, cell) */
	int min_level;    /* the least heading level: inside a case's section, below its heading */
	unsigned depth;
	bool warned_image;
	bool too_deep;
	bool nomem;
} hw;

/* --- section.c: blocks and inlines as OWPML paragraphs -------------------------------- */

/* Starts Contents/sectionN.xml: its first paragraph holds the page setup (A4) and, unless
 * cover, the page number at the bottom centre. Ends it. */
void hw_section_begin(hw *w, bool page_numbers);
void hw_section_end(hw *w);
/* With a spool, puts the rest of the last section in it: every section is then spilled. */
void hw_sections_spill(hw *w);
void hw_blocks(hw *w, const cb_node *parent, int level);
void hw_block(hw *w, const cb_node *n, int level);
/* A paragraph of one run of text (line feeds become line breaks). */
void hw_text_paragraph(hw *w, int para, int style, int chr, const char *text);
/* A heading of level 1 to 6 in the style 개요 N. */
void hw_heading(hw *w, int level, const char *text);
/* A bordered table of label | value rows, labels shaded. */
void hw_field_table(hw *w, const char *const *labels, const char *const *values, size_t n);

/* --- header.c ------------------------------------------------------------------------------ */

void hw_header_xml(pkgw_buf *b, size_t nsecs);

/* --- casebook.c ---------------------------------------------------------------------------- */

/* Cover, contents and statistics, one section per case, the index of schools. */
void hw_casebook(hw *w);
/* The same a case at a time (cb_write_stream), w->doc being the casebook's head: begin writes up
 * to the first case, case the next case from its full division and what follows it up to the
 * next, end the rest. The book holds nothing to free. */
typedef struct hw_book {
	hw *w;
	size_t ncases;
	const cb_node *next; /* the body's next node to write */
	const cb_node *area; /* an area's heading waiting for its first case */
	bool seen_block, open;
} hw_book;
void hw_casebook_begin(hw_book *b, hw *w);
void hw_casebook_case(hw_book *b, const cb_node *div);
void hw_casebook_end(hw_book *b);

#endif
