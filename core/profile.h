/* The loaded profile, as the pipeline's files use it. Internal. */
#ifndef CB_PROFILE_H
#define CB_PROFILE_H

#include <casebook/build.h>

#include "regex.h"

/* The fields of a case, in the order casebook.json lists them. */
typedef enum cbi_field {
	CBI_F_SCHOOL,
	CBI_F_OFFICER,
	CBI_F_TITLE,
	CBI_F_AREA,
	CBI_F_TARGET,
	CBI_F_PERIOD,
	CBI_F_PLACE,
	CBI_F_BUDGET,
	CBI_F_PARTNERS,
	CBI_F_AUTHOR,
	CBI_F_PARTICIPANTS, /* a head count of its own (인원), when the target gives none */
	CBI_F_COUNT
} cbi_field;

/* "school", "officer", ... Static storage. */
const char *cbi_field_name(cbi_field f);

typedef struct cbi_pattern {
	cbi_regex *re;
	unsigned long line; /* in the profile, for messages */
} cbi_pattern;

typedef struct cbi_patterns {
	cbi_pattern *items;
	size_t count;
} cbi_patterns;

/* An area, a school level or a section kind: a name and the patterns that recognise it. */
typedef struct cbi_named {
	char *name;
	cbi_patterns patterns;
} cbi_named;

/* What privacy masks; the names are the keys of a case's "redactions". */
typedef enum cbi_pkind {
	CBI_P_STUDENT,
	CBI_P_GUARDIAN,
	CBI_P_AUTHOR,
	CBI_P_PHONE,
	CBI_P_EMAIL,
	CBI_P_RRN,
	CBI_P_ADDRESS,
	CBI_P_COUNT
} cbi_pkind;

/* A context that finds a name: the regex has a group "name" (a full name) or "given". */
typedef struct cbi_name_rule {
	cbi_pkind kind;
	cbi_regex *re;
	int group;
	bool given;
} cbi_name_rule;

/* A pattern whose matches are removed and replaced by a fixed text. */
typedef struct cbi_removal {
	cbi_pkind kind;
	cbi_regex *re;
	char *replacement;
} cbi_removal;

typedef enum cbi_order_key { CBI_K_AREA, CBI_K_LEVEL, CBI_K_SCHOOL, CBI_K_TITLE } cbi_order_key;

struct cb_profile {
	char *name, *title, *path;
	int year; /* 0 when the profile gives none */
	cbi_named *areas;
	size_t nareas;
	struct {
		bool declared, required;
		cbi_patterns cell; /* the whole of a table cell is the label */
		cbi_patterns line; /* "label: value" in a line; the group "value" is the value */
	} fields[CBI_F_COUNT];
	cbi_patterns officer_none, officer_assigned;
	cbi_named *levels;
	size_t nlevels;
	cbi_named *sections; /* name = the kind */
	size_t nsections;
	bool mask_author;
	char *mask; /* the character a masked syllable becomes */
	cbi_name_rule *names;
	size_t nnames;
	cbi_removal *removals;
	size_t nremovals;
	char **not_names; /* sorted, for bsearch */
	size_t nnot_names;
	cbi_order_key order[8];
	size_t norder;
	uint64_t limits[CB_LIMIT_COUNT_]; /* <limits>: those given, the others 0 */
	bool limit_given[CB_LIMIT_COUNT_];
};

/* The name of a privacy kind ("student_name", "phone", ...). Static storage. */
const char *cbi_pkind_name(cbi_pkind k);

/* The first pattern of the list that matches text (search, not anchored): its index, or -1.
 * *start and *end (if not NULL) get the match. */
int cbi_patterns_find(const cbi_patterns *ps, const char *text, size_t *start, size_t *end);

/* Whether word is in the profile's not-names list. */
bool cbi_profile_not_name(const cb_profile *p, const char *word, size_t len);

/* $CASEBOOK_DATA_DIR/name or $(pkgdatadir)/name. Caller frees. */
char *cbi_data_file(const char *name);

#endif
