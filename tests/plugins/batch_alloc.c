/* A reader that allocates without end on the input it bids on (a length field read from a
 * hostile file, trusted), checking each allocation as a careful reader does: under a batch's
 * memory limit an allocation fails, and the input must fail with the limit named. The pages are
 * not touched: the limit is on address space, so the test costs no real memory. */
#include "batch_trigger.h"

#include <stdlib.h>

/* A stop far past any limit a test sets, so that a run without one cannot take the machine. */
#define SAFETY_STOP (64ull << 30)

static int bid(const cb_probe *p)
{
	return batch_trigger_bid(p, "CASEBOOK-TEST-ALLOC");
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	(void)doc;
	unsigned long long total = 0;
	void **keep = NULL;
	size_t n = 0;
	for (;;) {
		void *chunk = total < SAFETY_STOP ? malloc(16u << 20) : NULL;
		void **grown = chunk ? realloc(keep, (n + 1) * sizeof *keep) : NULL;
		if (!grown) {
			free(chunk);
			break;
		}
		keep = grown;
		keep[n++] = chunk;
		total += 16u << 20;
	}
	/* Handing the memory back lets the host tell its story; a real leak is the worker's to
	 * take away when it exits. */
	for (size_t i = 0; i < n; i++)
		free(keep[i]);
	free(keep);
	cb_input_report(in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory after %llu MiB",
	                total >> 20);
	return CB_E_NOMEM;
}

static const char *const extensions[] = {"alloc-test", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "batch-alloc",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test reader that allocates without end on inputs starting with "
	           "CASEBOOK-TEST-ALLOC",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.bid = bid,
	.read = read_doc,
};
