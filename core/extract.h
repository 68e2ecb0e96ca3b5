/* Fields of a submission: from its label/value table, its "label: value" lines and its metadata,
 * in that order. Internal. */
#ifndef CB_EXTRACT_H
#define CB_EXTRACT_H

#include "blocks.h"
#include "profile.h"
#include "sections.h"

typedef enum cbi_source {
	CBI_SRC_NONE,
	CBI_SRC_TABLE,
	CBI_SRC_LINE,
	CBI_SRC_META,
	CBI_SRC_DERIVED
} cbi_source;

typedef struct cbi_value {
	char *text;     /* fully normalised; NULL when not found */
	char *original; /* lightly normalised: the school's own wording */
	cbi_source source;
} cbi_value;

/* What the fields were taken from, left out of the case's sections: (block, line) pairs, or a
 * whole block (line CBI_WHOLE). */
#define CBI_WHOLE ((size_t)-1)
typedef struct cbi_consumed {
	struct consumed_item {
		const cb_node *node;
		size_t line;
	} *items;
	size_t count;
} cbi_consumed;

bool cbi_consumed_has(const cbi_consumed *c, const cb_node *node, size_t line);
void cbi_consumed_free(cbi_consumed *c);

/* Finds every field the profile declares. Tables come first (2 or 4 columns, labels in any cell,
 * values to the right or, in a row of labels, below), then lines outside the profile's sections,
 * then tables inside them, then the document's metadata (title, creator). False when out of
 * memory. */
bool cbi_extract_fields(const cb_profile *p, const cb_document *doc, const cbi_blocks *blocks,
                        const cbi_outline *outline, cbi_value fields[CBI_F_COUNT],
                        cbi_consumed *consumed);
void cbi_values_free(cbi_value fields[CBI_F_COUNT]);

#endif
