/* A second reader named "text": whichever of the two is found second is refused. */
#include "refused.h"

static int low_bid(const cb_probe *p)
{
	(void)p;
	return 0;
}

static cb_code fail_read(cb_input *in, cb_document *doc)
{
	(void)in;
	(void)doc;
	return CB_E_UNSUPPORTED;
}

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "text",
	.version = "0.0.1",
	.licence = "MIT",
	.summary = "a test reader that shares the text reader's name",
	.kind = CB_PLUGIN_READER,
	.extensions = no_extensions,
	.media_types = no_extensions,
	.bid = low_bid,
	.read = fail_read,
};
