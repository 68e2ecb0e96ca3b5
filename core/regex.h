/* The profile's patterns: PCRE2 with Unicode semantics and bounded matching. Internal.
 *
 * Profiles come from users, so a pattern may backtrack catastrophically. Every match runs with a
 * match limit, a depth limit and a heap limit; a pattern that reaches one is reported, never left
 * to run. Profile loading also tries each pattern on adversarial subjects built from its own
 * characters (cbi_regex_is_catastrophic), so most such patterns are refused with their line
 * before any submission is read. */
#ifndef CB_REGEX_H
#define CB_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cbi_regex cbi_regex;

#define CBI_REGEX_GROUPS 8 /* capture groups reported by a match (group 0 is the match) */

typedef struct cbi_match {
	size_t start, end;
	size_t group_start[CBI_REGEX_GROUPS], group_end[CBI_REGEX_GROUPS]; /* (size_t)-1: unset */
} cbi_match;

/* Compiles pattern (UTF-8; \s, \w, \d and case folding follow Unicode). NULL on error, with the
 * message in err and the offset of the error in *erroffset. */
cbi_regex *cbi_regex_new(const char *pattern, bool caseless, char *err, size_t errlen,
                         size_t *erroffset);
void cbi_regex_free(cbi_regex *re);

/* Searches s[from..len) (s must be valid UTF-8 and from on a character boundary). 1 when found
 * (m filled), 0 when not, -1 when a limit was reached or matching failed. */
int cbi_regex_find(const cbi_regex *re, const char *s, size_t len, size_t from, cbi_match *m);
/* The number of a named group, or -1. */
int cbi_regex_group(const cbi_regex *re, const char *name);
/* Whether the pattern reaches a limit on subjects made of its own characters. */
bool cbi_regex_is_catastrophic(const cbi_regex *re, const char *pattern);

/* The match limits of every later match (max-regex-steps and max-regex-depth; 0: PCRE2's own
 * maximum). Patterns start with the defaults of limits.c. */
void cbi_regex_set_limits(cbi_regex *re, uint64_t steps, uint64_t depth);
/* Where the pattern was written, for messages: its text as written (copied) and its line in
 * the profile. */
void cbi_regex_set_origin(cbi_regex *re, const char *written, unsigned long line);
const char *cbi_regex_written(const cbi_regex *re); /* NULL when never set */
unsigned long cbi_regex_line(const cbi_regex *re);

/* The first pattern that reached a limit in this thread since cbi_regex_limit_clear(), or NULL.
 * A match that reaches a limit counts as no match to its caller, which cannot tell a text from
 * a runaway pattern; whoever runs a profile over a submission clears this before and asks after,
 * and refuses results a runaway pattern may have changed. Per thread, since profiles are shared
 * and read-only. */
void cbi_regex_limit_clear(void);
const cbi_regex *cbi_regex_limit_hit(void);

#endif
