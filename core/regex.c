/* Bounded PCRE2 matching. */
#include "config.h"

#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The defaults of max-regex-steps and max-regex-depth (limits.c), until the profile's or the
 * command line's are set; the catastrophic-backtracking check at load always uses these. */
#define MATCH_LIMIT 200000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KIB 16384u

struct cbi_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	pcre2_match_context *check_mctx; /* the defaults, for cbi_regex_is_catastrophic */
	char *written;
	unsigned long line;
};

static _Thread_local const cbi_regex *limit_hit;

void cbi_regex_limit_clear(void) { limit_hit = NULL; }
const cbi_regex *cbi_regex_limit_hit(void) { return limit_hit; }

cbi_regex *cbi_regex_new(const char *pattern, bool caseless, char *err, size_t errlen,
                         size_t *erroffset)
{
	int code;
	PCRE2_SIZE off = 0;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0);
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code, &off,
	                              NULL);
	if (!c) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errlen, "%s", (const char *)msg);
		*erroffset = off;
		return NULL;
	}
	cbi_regex *re = calloc(1, sizeof *re);
	pcre2_match_context *m = pcre2_match_context_create(NULL);
	pcre2_match_context *check = pcre2_match_context_create(NULL);
	if (!re || !m || !check) {
		free(re);
		pcre2_match_context_free(m);
		pcre2_match_context_free(check);
		pcre2_code_free(c);
		snprintf(err, errlen, "out of memory");
		*erroffset = 0;
		return NULL;
	}
	pcre2_set_heap_limit(m, HEAP_LIMIT_KIB);
	pcre2_set_heap_limit(check, HEAP_LIMIT_KIB);
	pcre2_set_match_limit(check, MATCH_LIMIT);
	pcre2_set_depth_limit(check, DEPTH_LIMIT);
	re->code = c;
	re->mctx = m;
	re->check_mctx = check;
	cbi_regex_set_limits(re, MATCH_LIMIT, DEPTH_LIMIT);
	return re;
}

void cbi_regex_set_limits(cbi_regex *re, uint64_t steps, uint64_t depth)
{
	pcre2_set_match_limit(re->mctx, steps && steps < UINT32_MAX ? (uint32_t)steps : UINT32_MAX);
	pcre2_set_depth_limit(re->mctx, depth && depth < UINT32_MAX ? (uint32_t)depth : UINT32_MAX);
}

void cbi_regex_set_origin(cbi_regex *re, const char *written, unsigned long line)
{
	free(re->written);
	re->written = written ? strdup(written) : NULL;
	re->line = line;
}

const char *cbi_regex_written(const cbi_regex *re) { return re->written; }
unsigned long cbi_regex_line(const cbi_regex *re) { return re->line; }

void cbi_regex_free(cbi_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_match_context_free(re->check_mctx);
	pcre2_code_free(re->code);
	free(re->written);
	free(re);
}

int cbi_regex_find(const cbi_regex *re, const char *s, size_t len, size_t from, cbi_match *m)
{
	pcre2_match_data *md = pcre2_match_data_create(CBI_REGEX_GROUPS, NULL);
	if (!md)
		return -1;
	/* The callers pass text the model or the normaliser has already checked. */
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, md, re->mctx);
	int result;
	if (rc == PCRE2_ERROR_NOMATCH)
		result = 0;
	else if (rc < 0) {
		if (!limit_hit && (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		                   rc == PCRE2_ERROR_HEAPLIMIT))
			limit_hit = re;
		result = -1;
	}
	else {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t pairs = pcre2_get_ovector_count(md);
		m->start = ov[0];
		m->end = ov[1];
		for (uint32_t i = 0; i < CBI_REGEX_GROUPS; i++) {
			/* pcre2_match sets the pairs past the last matched group to PCRE2_UNSET. */
			bool set = i < pairs && ov[2 * i] != PCRE2_UNSET;
			m->group_start[i] = set ? ov[2 * i] : (size_t)-1;
			m->group_end[i] = set ? ov[2 * i + 1] : (size_t)-1;
		}
		/* \K can put the start after the end; treat the match as empty there. */
		if (m->start > m->end)
			m->start = m->end;
		result = 1;
	}
	pcre2_match_data_free(md);
	return result;
}

int cbi_regex_group(const cbi_regex *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
	return n < 0 || n >= CBI_REGEX_GROUPS ? -1 : n;
}

/* Whether matching at the subject's start stops at a limit rather than failing or matching. */
static bool hits_limit(pcre2_code *code, pcre2_match_context *mctx, const char *subject,
                       size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (!md)
		return false;
	int rc = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, PCRE2_ANCHORED, md, mctx);
	pcre2_match_data_free(md);
	return rc < 0 && rc != PCRE2_ERROR_NOMATCH;
}

/* 48 copies of one character, a character the pattern is unlikely to accept, then every
 * character of the pattern: the shape that makes nested quantifiers backtrack exponentially,
 * with whatever characters the pattern requires present somewhere. */
static bool try_run(pcre2_code *code, pcre2_match_context *mctx, const char *pattern,
                    const char *ch, size_t chlen)
{
	size_t plen = strlen(pattern), cap = 48 * chlen + plen + 2;
	char *buf = malloc(cap);
	if (!buf)
		return false;
	size_t n = 0;
	for (unsigned i = 0; i < 48; i++, n += chlen)
		memcpy(buf + n, ch, chlen);
	buf[n++] = '\x01';
	memcpy(buf + n, pattern, plen);
	n += plen;
	buf[n] = '\0';
	bool hit = hits_limit(code, mctx, buf, n);
	free(buf);
	return hit;
}

/* Catastrophic backtracking is judged without PCRE2's start-up optimisations (which fail fast
 * on a subject lacking a required character, hiding the problem until a real text has it) and
 * without auto-possessification. */
bool cbi_regex_is_catastrophic(const cbi_regex *re, const char *pattern)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                              PCRE2_UTF | PCRE2_UCP | PCRE2_NO_START_OPTIMIZE |
	                                      PCRE2_NO_AUTO_POSSESS,
	                              &code, &off, NULL);
	if (!c)
		return false;
	static const char *const fixed[] = {"a", " ", "1", "\xEA\xB0\x80" /* 가 */, "."};
	bool hit = false;
	for (size_t i = 0; !hit && i < sizeof fixed / sizeof *fixed; i++)
		hit = try_run(c, re->check_mctx, pattern, fixed[i], strlen(fixed[i]));
	const unsigned char *p = (const unsigned char *)pattern;
	for (size_t i = 0; !hit && p[i];) {
		size_t len = p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
		if (strnlen((const char *)p + i, len) < len)
			break;
		hit = try_run(c, re->check_mctx, pattern, (const char *)p + i, len);
		i += len;
	}
	pcre2_code_free(c);
	return hit;
}
