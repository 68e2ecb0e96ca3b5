/* Publishing's internal parts (publish.c, reading.c). Internal. */
#ifndef CB_PUBLISH_H
#define CB_PUBLISH_H

#include <casebook/model.h>

/* The casebook document (cases as divisions with their fields as attributes) rewritten for a
 * writer that knows nothing of cases, such as Markdown: the fields become a visible table under
 * each case's title, the statistics tables, and no division is left; the outline is the title,
 * then areas, cases, sections and what is inside them, each a level below. With outline, book
 * is the casebook's head (cbi_casebook_head) and each case stays an empty division of class
 * "case", where cbi_casebook_reading_case's blocks go. NULL when out of memory. Caller frees
 * with cb_document_free. */
cb_document *cbi_casebook_reading(const cb_document *book, bool outline);
/* The blocks the reading copy has for one case (its division in the casebook document), in a
 * division of class "case", alone in a document. NULL when out of memory. Caller frees. */
cb_document *cbi_casebook_reading_case(const cb_node *c);

#endif
