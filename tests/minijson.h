/* A small JSON reader for the tests: enough to read expected values and check the shape of
 * casebook.json and report.json. Strings keep \uXXXX escapes decoded to UTF-8. */
#ifndef CB_MINIJSON_H
#define CB_MINIJSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum mj_type { MJ_NULL, MJ_BOOL, MJ_NUMBER, MJ_STRING, MJ_ARRAY, MJ_OBJECT } mj_type;

typedef struct mj mj;
struct mj {
	mj_type type;
	bool boolean;
	double number;
	char *string;   /* MJ_STRING; also the number's text for MJ_NUMBER */
	char **keys;    /* MJ_OBJECT */
	mj **items;     /* MJ_ARRAY and MJ_OBJECT values */
	size_t count;
};

/* Parses a whole document; NULL on a syntax error. Free with mj_free. */
mj *mj_parse(const char *text);
void mj_free(mj *v);
/* The member of an object, or NULL (also when v is not an object). */
const mj *mj_get(const mj *v, const char *key);
/* The i-th element of an array, or NULL. */
const mj *mj_at(const mj *v, size_t i);
/* The value as text as cb_case_get would give it: strings as they are, integers in decimal,
 * NULL for null. Points into v or into buf. */
const char *mj_text(const mj *v, char *buf, size_t len);

#endif
