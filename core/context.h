/* The library context and what the core's files share about it. Internal. */
#ifndef CB_CONTEXT_H
#define CB_CONTEXT_H

#include <casebook/casebook.h>

#include "registry.h"

struct cb_context {
	cb_registry registry;
	uint64_t limits[CB_LIMIT_COUNT_];
};

/* Default limits (limits.c). */
void cbi_limits_init(uint64_t limits[CB_LIMIT_COUNT_]);

#endif

/* Bidding over the context's readers (detect.c). NULL, with the reason reported, when none bids. */
const cb_plugin *cbi_detect_input(cb_context *ctx, cb_input *in);
/* One reader's bid, as cbi_detect_input asks for it but not clamped (conformance.c judges the
 * range). false, with the reason reported, when the input cannot be probed. */
bool cbi_detect_bid(cb_input *in, const cb_plugin *reader, int *bid);
