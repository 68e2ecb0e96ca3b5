/* One reader plugin over arbitrary bytes: CB_FUZZ_READER names it (docx, hwpx, ...), and an
 * empty name lets every reader bid, as `casebook convert` does without -f. The bytes are read
 * from memory, under a name with the reader's first extension, so that detection ties break as
 * they do for a real file. */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CB_FUZZ_READER
#error "CB_FUZZ_READER names the reader under test"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cb_context *ctx;
static const char *reader; /* NULL: bidding */
static char name[64] = "input";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	ctx = cbf_context((*argv)[0]);
	if (*CB_FUZZ_READER) {
		const cb_plugin *p = cb_context_find_plugin(ctx, CB_PLUGIN_READER, CB_FUZZ_READER);
		if (!p) {
			fprintf(stderr, "fuzz: no reader named '%s'\n", CB_FUZZ_READER);
			exit(2);
		}
		const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
		reader = CB_FUZZ_READER;
		if (d->extensions && d->extensions[0])
			snprintf(name, sizeof name, "input.%s", d->extensions[0]);
	}
	return 0;
}

/* For bidding, the name's extension comes from the input's last byte, so that ties between
 * readers are fuzzed too. */
static const char *const extensions[] = {"txt", "docx", "hwpx", "hml", "odt", "fodt", "cbxml",
                                         "xml", "hwp", "doc", "pdf", ""};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char bidding_name[32];
	const char *as = name;
	if (!reader) {
		size_t n = sizeof extensions / sizeof *extensions;
		const char *ext = extensions[size ? data[size - 1] % n : 0];
		snprintf(bidding_name, sizeof bidding_name, "input%s%s", *ext ? "." : "", ext);
		as = bidding_name;
	}
	cb_diags *d = cb_diags_new();
	if (!d)
		return 0;
	cb_document *doc = cb_read_memory(ctx, as, data, size, reader, d);
	cbf_check_read(ctx, doc, d, as);
	cb_document_free(doc);
	cb_diags_free(d);
	return 0;
}
