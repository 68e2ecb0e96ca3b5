/* The library context and what the core's files share about it. Internal. */
#ifndef CB_CONTEXT_H
#define CB_CONTEXT_H

#include <casebook/casebook.h>

#include "registry.h"

struct cb_context {
	cb_registry registry;
	uint64_t limits[CB_LIMIT_COUNT_];
	bool limit_set[CB_LIMIT_COUNT_]; /* set by the caller (the command line), not a default */
};

/* Default limits (limits.c). */
void cbi_limits_init(uint64_t limits[CB_LIMIT_COUNT_]);
/* The limit of that option name (name[0..len)), or -1. */
int cbi_limit_by_name(const char *name, size_t len);
/* A limit's value as written on the command line or in a profile: digits, optionally followed
 * by k, M or G. False when it is not one. */
bool cbi_limit_parse(const char *text, uint64_t *value);

#endif

/* Bidding over the context's readers (detect.c). NULL, with the reason reported, when none bids. */
const cb_plugin *cbi_detect_input(cb_context *ctx, cb_input *in);
/* One reader's bid, as cbi_detect_input asks for it but not clamped (conformance.c judges the
 * range). false, with the reason reported, when the input cannot be probed. */
bool cbi_detect_bid(cb_input *in, const cb_plugin *reader, int *bid);
