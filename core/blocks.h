/* Reading a submission's document tree for the pipeline, and copying blocks out of it. Internal. */
#ifndef CB_BLOCKS_H
#define CB_BLOCKS_H

#include <casebook/model.h>

#include <stdbool.h>
#include <stddef.h>

/* The raw text of a node's subtree: text as it is, a line feed for each break and between blocks
 * (paragraphs of a cell, items of a list). Caller frees; NULL when out of memory. */
char *cbi_node_text(const cb_node *n);
/* The raw text of a paragraph's or heading's i-th line (lines end at breaks). Caller frees;
 * NULL past the last line. */
char *cbi_node_line(const cb_node *n, size_t i);

/* The blocks a case is read from, in order: the body's blocks, with divisions and one-column
 * tables opened (HWP authors draw a one-cell table around a heading or a whole form, or a
 * one-column table whose rows hold the parts of a form). */
typedef struct cbi_blocks {
	const cb_node **items;
	size_t count, cap;
} cbi_blocks;

bool cbi_blocks_collect(const cb_document *doc, cbi_blocks *out);
void cbi_blocks_free(cbi_blocks *b);

/* How cbi_copy_block rewrites what it copies. */
typedef struct cbi_copy {
	/* Each line of text becomes this (caller of the hook frees; NULL means out of memory); an
	 * empty result drops the line. */
	char *(*line)(const void *data, const char *text);
	const void *line_data;
	/* Lines to leave out (NULL: none): the i-th line of a paragraph or heading. */
	bool (*skip)(const void *data, const cb_node *block, size_t line);
	const void *skip_data;
} cbi_copy;

/* Appends a copy of the block src to dst_parent, rewriting its text. Images are left out (a photo
 * can identify a child), notes become their paragraphs, divisions are opened, empty paragraphs
 * and lists are dropped. False when the target document refused a node (out of memory, limits). */
bool cbi_copy_block(cb_node *dst_parent, const cb_node *src, const cbi_copy *how);

#endif
