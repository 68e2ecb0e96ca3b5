/* A plugin built for a future ABI: refused from its descriptor's first field alone. */
#include "refused.h"

CB_PLUGIN_EXPORT = {
	.abi = 999,
	.size = sizeof(cb_plugin_descriptor),
	.name = "future",
	.version = "9.9",
	.licence = "MIT",
	.summary = "built for another plugin ABI",
	.kind = CB_PLUGIN_READER,
	.extensions = no_extensions,
	.media_types = no_extensions,
	.bid = never_bid,
	.read = never_read,
};
