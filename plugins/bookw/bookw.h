/* What the casebook-aware writers (HTML, DOCX, HWPX) share: reading a casebook document. A
 * convenience library built into each of them; public plugin API only.
 *
 * A casebook document (see cbi_casebook_document and casebook.xml) is a title heading, a
 * division of class "statistics" whose attributes count cases by area ("area:학습") and by
 * level ("level:초"), then for each area a heading and its cases: divisions of class "case"
 * whose attributes are the case's fields and whose children are its title heading and its
 * sections (divisions of class "section"). */
#ifndef CB_BOOKW_H
#define CB_BOOKW_H

#include <casebook/model.h>

#include <stdbool.h>
#include <stddef.h>

/* Whether n is a division of that class. */
bool bookw_is_div(const cb_node *n, const char *cls);
/* Whether the document is a casebook: divisions of class "case" directly in its body. */
bool bookw_is_casebook(const cb_document *doc);
/* "초등학교" for "초" and so on; other levels as they are. Static storage or level itself. */
const char *bookw_level_name(const char *level);
/* The year to show on a cover: metadata "year", or the first four characters of "created";
 * NULL when neither. *len gets its length. Owned by the document. */
const char *bookw_year(const cb_document *doc, size_t *len);

/* One row of a case's field table. */
typedef struct bookw_field {
	const char *label; /* static */
	char *value;       /* formatted for people; the caller frees with bookw_fields_free */
} bookw_field;

#define BOOKW_MAX_FIELDS 10
/* The fields a case's table shows, in order (학교, 영역, 대상, 기간, 장소, 예산, 협력기관,
 * 교육복지사, 담당), the ones the case has only: dates in the official form (2026. 3. 2.), the
 * budget grouped in won (1,800,000원), the officer status in words, the area with the school's
 * own wording beside it when that differs. Returns how many, or -1 when out of memory. */
int bookw_case_fields(const cb_node *div, bookw_field out[BOOKW_MAX_FIELDS]);
void bookw_fields_free(bookw_field *f, int n);

/* Counts by name, in order. */
typedef struct bookw_counts {
	const char **names; /* owned by the document or static */
	size_t *counts;
	size_t count;
} bookw_counts;

/* Cases by area and by level (the statistics' keys first, in the profile's order, zero counts
 * included, then any other value a case has; 미분류 and 미상 for cases without), and by officer
 * (배치, 미배치, and 미상 when some case does not say). Levels are as the cases have them (초);
 * show them with bookw_level_name. False when out of memory; free with bookw_counts_free
 * either way. */
bool bookw_statistics(const cb_document *doc, bookw_counts *areas, bookw_counts *levels,
                      bookw_counts *officers);
void bookw_counts_free(bookw_counts *c);

/* The area and level a case is filed under (never NULL: 미분류, 미상 when it has none). */
const char *bookw_case_area(const cb_node *div);
const char *bookw_case_level(const cb_node *div);

#endif
