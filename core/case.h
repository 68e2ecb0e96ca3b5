/* A case as the build's files see it. Internal. */
#ifndef CB_CASE_H
#define CB_CASE_H

#include <casebook/build.h>

#include "digest.h"
#include "extract.h"
#include "jsonw.h"
#include "redact.h"
#include "values.h"

typedef enum cbi_officer {
	CBI_OFFICER_UNKNOWN,
	CBI_OFFICER_ASSIGNED,
	CBI_OFFICER_NONE
} cbi_officer;

/* The keys of cb_case_get, in its documented order. */
enum {
	CBI_KEY_ID, CBI_KEY_SCHOOL, CBI_KEY_LEVEL, CBI_KEY_OFFICER, CBI_KEY_TITLE, CBI_KEY_AREA,
	CBI_KEY_AREA_ORIGINAL, CBI_KEY_TARGET, CBI_KEY_PARTICIPANTS, CBI_KEY_PERIOD_START,
	CBI_KEY_PERIOD_END, CBI_KEY_PERIOD_ORIGINAL, CBI_KEY_PLACE, CBI_KEY_BUDGET, CBI_KEY_PARTNERS,
	CBI_KEY_AUTHOR, CBI_KEY_SOURCE_PATH, CBI_KEY_SOURCE_FORMAT, CBI_KEY_SOURCE_SHA256,
	CBI_KEY_COUNT
};

typedef struct cbi_case_section {
	const char *kind; /* static or the profile's */
	char *heading;    /* masked with the case's redactor; NULL for none */
} cbi_case_section;

struct cb_case {
	const cb_profile *profile;
	char id[24];
	cbi_value fields[CBI_F_COUNT];
	char *level;  /* the profile's level name; NULL when the name does not tell */
	size_t level_index, area_index; /* positions in the profile, for ordering; -1: unknown */
	cbi_officer officer;
	char *area;   /* the profile's canonical area; NULL when unknown */
	bool has_participants, has_budget, has_period;
	long participants;
	long long budget;
	cbi_period period;
	char *path, *format;
	char sha256[CBI_SHA256_HEX];       /* of the source's bytes; "" when unknown */
	char content_hash[CBI_SHA256_HEX]; /* of the normalised text: equal for the same content */
	cb_document *content; /* body > div.section[kind, heading] > blocks: normalised, not masked */
	cbi_redactor *redactor;
	size_t redactions[CBI_P_COUNT];
	cb_diags *diags;
	char *masked[CBI_KEY_COUNT];
	cbi_case_section *sections;
	size_t nsections;
};

/* "assigned", "none" or "unknown". Static storage. */
const char *cbi_officer_name(cbi_officer o);
/* An unmasked field of the case as cb_case_get would give it masked (participants and budget in
 * decimal); the returned string is owned by buf's caller through *tmp (free it). */
const char *cbi_case_raw(const cb_case *c, int key, char **tmp);
/* Fills the case's masked views (cb_case_get, its sections' headings) from its fields, content
 * and redactor: the last step of extraction, and of restoring a case a worker process sent.
 * False when out of memory. */
bool cbi_case_masked_views(cb_case *c);
/* Writes the case as a JSON object; strings go through j's filter. */
void cbi_case_json(cbi_json *j, const cb_case *c);
/* Writes diagnostics as a JSON array of {severity, code, [part, line,] message}. */
void cbi_diags_json(cbi_json *j, const cb_diags *d);

#endif
