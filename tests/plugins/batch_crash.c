/* A reader that crashes (SIGSEGV) on the input it bids on, as a reader that trusts a broken
 * file's structure would: a batch must lose that input only. */
#include "batch_trigger.h"

#include <signal.h>

static int bid(const cb_probe *p)
{
	return batch_trigger_bid(p, "CASEBOOK-TEST-CRASH");
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	(void)in;
	(void)doc;
	raise(SIGSEGV);
	return CB_E_SYNTAX;
}

static const char *const extensions[] = {"crash-test", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "batch-crash",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test reader that crashes on inputs starting with CASEBOOK-TEST-CRASH",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.bid = bid,
	.read = read_doc,
};
