/* Privacy: finding what must not be published and masking it. Internal.
 *
 * A redactor is filled by scanning a case's text: the profile's contexts find student and guardian
 * names (김민준 학생, 보호자 박영희 씨, 민준이는), its patterns find phone numbers, e-mail
 * addresses, resident registration numbers and addresses. Masking then works on any text, not only
 * the text scanned: every full name found becomes 김○○ wherever it occurs, its given name is masked
 * where it stands as a name (민준이가), and the patterns are applied again, so a number written in
 * another way is still removed. A build merges every case's redactor into one and masks every
 * output with it, so a name found in one case leaks through no other. */
#ifndef CB_REDACT_H
#define CB_REDACT_H

#include "profile.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct cbi_redactor cbi_redactor;

/* A redactor for the profile's rules; enabled false makes one that masks nothing. NULL when out
 * of memory. The profile must outlive it. */
cbi_redactor *cbi_redactor_new(const cb_profile *p, bool enabled);
void cbi_redactor_free(cbi_redactor *r);
bool cbi_redactor_enabled(const cbi_redactor *r);

/* A name that is never masked (the case's author, when the profile keeps authors' names). */
void cbi_redactor_keep(cbi_redactor *r, const char *name);
/* Finds names and numbers in text (normalised) and remembers them. */
void cbi_redactor_scan(cbi_redactor *r, const char *text);
/* Remembers a full name of that kind found by other means (an author the profile masks). */
void cbi_redactor_add_name(cbi_redactor *r, cbi_pkind kind, const char *name);
/* Adds everything other has found to r (counts stay r's own). */
void cbi_redactor_merge(cbi_redactor *r, const cbi_redactor *other);
/* Distinct items of a kind found by scans of this redactor. */
size_t cbi_redactor_count(const cbi_redactor *r, cbi_pkind kind);

/* The i-th item remembered (what it masks, what it becomes, its kind, whether it is a given name
 * alone), in the redactor's order; false past the end. The strings are owned by r. With
 * cbi_redactor_restore it carries a case's findings to another process (a batch's parent). */
bool cbi_redactor_item(const cbi_redactor *r, size_t i, cbi_pkind *kind, const char **value,
                       const char **mask, bool *given);
/* Adds an item as cbi_redactor_item gave it. It counts for no kind: a restored case keeps the
 * counts it was extracted with. */
void cbi_redactor_restore(cbi_redactor *r, cbi_pkind kind, const char *value, const char *mask,
                          bool given);

/* A masked copy of text (caller frees), NULL when out of memory. */
char *cbi_redact(const cbi_redactor *r, const char *text);
/* The same as a cbi_text_filter (jsonw.h); data is the redactor. */
char *cbi_redact_filter(const void *r, const char *text);

/* A copy of s without the phone numbers and e-mail addresses the profile's patterns find, and
 * without what they leave behind (empty parentheses, "연락처:", trailing separators): how an
 * author is credited. Caller frees. */
char *cbi_strip_contacts(const cb_profile *p, const char *s);

/* Whether text begins with one of the surnames (1 or 2 syllables); its length in bytes or 0. */
size_t cbi_surname_at(const char *text);

#endif
