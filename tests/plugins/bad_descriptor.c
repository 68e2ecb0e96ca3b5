/* A reader whose descriptor lacks its read callback. */
#include "refused.h"

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "halfdone",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a reader without a read callback",
	.kind = CB_PLUGIN_READER,
	.extensions = no_extensions,
	.media_types = no_extensions,
	.bid = never_bid,
	.read = NULL,
};
