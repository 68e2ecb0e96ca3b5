/* A reader that never returns on the input it bids on (a loop waiting for data that never
 * comes): a batch must kill it at the timeout and go on. */
#define _POSIX_C_SOURCE 200809L /* nanosleep under -std=c11 */

#include "batch_trigger.h"

#include <time.h>

static int bid(const cb_probe *p)
{
	return batch_trigger_bid(p, "CASEBOOK-TEST-HANG");
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	(void)in;
	(void)doc;
	for (;;)
		nanosleep(&(struct timespec){0, 50000000}, NULL);
	return CB_E_SYNTAX;
}

static const char *const extensions[] = {"hang-test", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "batch-hang",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test reader that never returns on inputs starting with CASEBOOK-TEST-HANG",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.bid = bid,
	.read = read_doc,
};
