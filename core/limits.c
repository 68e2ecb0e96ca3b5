/* Limits: their defaults, their option names, and parsing "NAME=VALUE". The defaults are generous
 * for real submissions (the largest real HWPX seen is a few MB) and small enough that one hostile
 * file cannot take the machine. */
#include "config.h"

#include "context.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint64_t fallback;
} table[CB_LIMIT_COUNT_] = {
	[CB_LIMIT_INPUT_BYTES] = {"max-input-bytes", 512ull << 20},
	[CB_LIMIT_UNCOMPRESSED] = {"max-uncompressed-bytes", 1ull << 30},
	[CB_LIMIT_RATIO] = {"max-compression-ratio", 200},
	[CB_LIMIT_ENTRIES] = {"max-entries", 10000},
	[CB_LIMIT_DEPTH] = {"max-depth", 256},
	[CB_LIMIT_NODES] = {"max-nodes", 20000000},
	/* Enough for every pattern a profile needs on a submission's paragraph, small enough that a
	 * runaway pattern stops within milliseconds (PCRE2's match and depth limits). */
	[CB_LIMIT_REGEX_STEPS] = {"max-regex-steps", 200000},
	[CB_LIMIT_REGEX_DEPTH] = {"max-regex-depth", 10000},
};

void cbi_limits_init(uint64_t limits[CB_LIMIT_COUNT_])
{
	for (int i = 0; i < CB_LIMIT_COUNT_; i++)
		limits[i] = table[i].fallback;
}

const char *cb_limit_name(cb_limit which)
{
	return (unsigned)which < CB_LIMIT_COUNT_ ? table[which].name : "unknown";
}

void cb_context_set_limit(cb_context *ctx, cb_limit which, uint64_t value)
{
	if ((unsigned)which < CB_LIMIT_COUNT_) {
		ctx->limits[which] = value;
		ctx->limit_set[which] = true;
	}
}

uint64_t cb_context_limit(const cb_context *ctx, cb_limit which)
{
	return (unsigned)which < CB_LIMIT_COUNT_ ? ctx->limits[which] : 0;
}

int cbi_limit_by_name(const char *name, size_t len)
{
	for (int i = 0; i < CB_LIMIT_COUNT_; i++)
		if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
			return i;
	return -1;
}

bool cbi_limit_parse(const char *v, uint64_t *value)
{
	if (*v < '0' || *v > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	unsigned shift = 0;
	if (*end == 'k' || *end == 'K')
		shift = 10, end++;
	else if (*end == 'M')
		shift = 20, end++;
	else if (*end == 'G')
		shift = 30, end++;
	if (errno || *end || (shift && n > (UINT64_MAX >> shift)))
		return false;
	*value = (uint64_t)n << shift;
	return true;
}

cb_code cb_context_set_limit_option(cb_context *ctx, const char *option)
{
	const char *eq = strchr(option, '=');
	int which = eq ? cbi_limit_by_name(option, (size_t)(eq - option)) : -1;
	uint64_t value;
	if (which < 0 || !cbi_limit_parse(eq + 1, &value))
		return CB_E_USAGE;
	cb_context_set_limit(ctx, (cb_limit)which, value);
	return CB_OK;
}
