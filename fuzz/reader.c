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

/* The DOCX reader reads styles.xml with its own scanner when it can (plugins/docx/stylescan.c)
 * and with libxml2 otherwise: both must give the same document and the same messages. */
static void same_without_fast_styles(const cb_document *doc, const cb_diags *d,
                                     const uint8_t *data, size_t size)
{
	cb_diags *slow_d = cb_diags_new();
	if (!slow_d)
		return;
	setenv("CASEBOOK_DOCX_SLOW_STYLES", "1", 1);
	cb_document *slow = cb_read_memory(ctx, name, data, size, reader, slow_d);
	unsetenv("CASEBOOK_DOCX_SLOW_STYLES");
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0, n = cb_diags_count(d);
	if (cb_diags_count(slow_d) != n)
		cbf_fail("the fast styles scanner and libxml2 report differently (%zu, %zu messages)",
		         n, cb_diags_count(slow_d));
	cb_diags *w = cb_diags_new();
	if (doc && w)
		cb_write_memory(ctx, doc, "cbxml", &a, &la, w);
	if (slow && w)
		cb_write_memory(ctx, slow, "cbxml", &b, &lb, w);
	cb_diags_free(w);
	if (!doc != !slow || la != lb || (la && memcmp(a, b, la) != 0))
		cbf_fail("the fast styles scanner and libxml2 read this DOCX differently");
	for (size_t i = 0; i < n; i++) {
		char *x = cb_diag_format(cb_diags_at(d, i)), *y = cb_diag_format(cb_diags_at(slow_d, i));
		if (!x || !y || strcmp(x, y) != 0)
			cbf_fail("the fast styles scanner and libxml2 report differently: '%s' / '%s'",
			         x ? x : "?", y ? y : "?");
		free(x);
		free(y);
	}
	free(a);
	free(b);
	cb_document_free(slow);
	cb_diags_free(slow_d);
}

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
	if (reader && strcmp(reader, "docx") == 0)
		same_without_fast_styles(doc, d, data, size);
	cb_document_free(doc);
	cb_diags_free(d);
	return 0;
}
