/* A small streaming JSON writer for the build's own outputs (casebook.json, report.json and one
 * case for `casebook extract`). Internal.
 *
 * Output is indented with two spaces, one member or element a line, so that the files diff well
 * and two runs over the same inputs give the same bytes. Every string that may carry text from a
 * submission goes through cbi_json_text(), which passes it through the writer's filter (the
 * privacy redactor) first: identifiers, dates and codes use cbi_json_raw() instead. */
#ifndef CB_JSONW_H
#define CB_JSONW_H

#include "strbuf.h"

#include <stdbool.h>

/* Returns a filtered copy of s (caller frees) or NULL when out of memory. */
typedef char *(*cbi_text_filter)(const void *data, const char *s);

#define CBI_JSON_MAX_DEPTH 32

typedef struct cbi_json {
	cbi_buf *out;
	int depth;
	bool has_items[CBI_JSON_MAX_DEPTH];
	bool after_key;
	cbi_text_filter filter; /* NULL: strings go out as they are */
	const void *filter_data;
} cbi_json;

void cbi_json_init(cbi_json *j, cbi_buf *out, cbi_text_filter filter, const void *filter_data);
void cbi_json_begin_object(cbi_json *j);
void cbi_json_end_object(cbi_json *j);
void cbi_json_begin_array(cbi_json *j);
void cbi_json_end_array(cbi_json *j);
void cbi_json_key(cbi_json *j, const char *key);
/* Submission text, filtered; NULL writes null. */
void cbi_json_text(cbi_json *j, const char *s);
/* A string that never holds submission text; NULL writes null. */
void cbi_json_raw(cbi_json *j, const char *s);
void cbi_json_int(cbi_json *j, long long v);
void cbi_json_null(cbi_json *j);
void cbi_json_bool(cbi_json *j, bool v);
/* Ends the document with a line feed. */
void cbi_json_finish(cbi_json *j);

/* Appends s as a JSON string literal (quotes and escapes) to b. */
void cbi_json_quote(cbi_buf *b, const char *s);

#endif
