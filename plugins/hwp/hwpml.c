/* Placeholder while the hwpml reader is written: bids 0 on everything, so it changes nothing. */
#include <casebook/plugin.h>

static int bid(const cb_probe *p)
{
	(void)p;
	return 0;
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	(void)doc;
	cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0, "the hwpml reader is not built yet");
	return CB_E_UNSUPPORTED;
}

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "hwpml",
	.version = "0.0.0",
	.licence = "MIT",
	.summary = "placeholder",
	.kind = CB_PLUGIN_READER,
	.bid = bid,
	.read = read_doc,
};
