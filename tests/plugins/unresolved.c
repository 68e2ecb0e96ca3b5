/* A plugin that needs a symbol no library provides: the dynamic loader refuses it, and the host
 * must pass on the loader's reason instead of crashing later. */
#include "refused.h"

extern int cb_test_symbol_nobody_defines(void);

static int bid_needing_missing_symbol(const cb_probe *p)
{
	(void)p;
	return cb_test_symbol_nobody_defines();
}

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "unresolved",
	.version = "0.1",
	.licence = "MIT",
	.summary = "needs a symbol that does not exist",
	.kind = CB_PLUGIN_READER,
	.extensions = no_extensions,
	.media_types = no_extensions,
	.bid = bid_needing_missing_symbol,
	.read = never_read,
};
