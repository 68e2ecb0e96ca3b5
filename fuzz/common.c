/* What the fuzz targets share: the context, and the checks every successful read goes through.
 *
 * A read is judged beyond "did not crash": the tree it returns must pass the validator writers
 * rely on, every bundled writer must write it, and the cbxml writer and reader must carry it
 * through unchanged (the lossless promise of docs/cbxml.md). A failure of any of these aborts,
 * so libFuzzer keeps the input. */
#include "config.h"

#include "fuzz.h"

#include <casebook/conformance.h>

#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cbf_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static void print_diags(const cb_diags *d)
{
	for (size_t i = 0; d && i < cb_diags_count(d); i++) {
		char *s = cb_diag_format(cb_diags_at(d, i));
		fprintf(stderr, "  %s\n", s ? s : "?");
		free(s);
	}
}

cb_context *cbf_context(const char *argv0)
{
	cb_context *ctx = cb_context_new();
	if (!ctx)
		cbf_fail("out of memory");
	const char *env = getenv("CASEBOOK_PLUGIN_PATH");
	if (!env || !*env) {
		char *copy = strdup(argv0), *dir = NULL;
		if (!copy || asprintf(&dir, "%s/../plugins/.libs", dirname(copy)) < 0)
			cbf_fail("out of memory");
		cb_context_add_plugin_dir(ctx, dir);
		free(dir);
		free(copy);
	}
	/* No installed plugin may stand in for the fuzz build's instrumented ones. */
	setenv("CASEBOOK_PLUGIN_SYSTEM_PATH", "", 1);
	cb_context_load_plugins(ctx);
	size_t readers = 0;
	for (size_t i = 0; i < cb_context_plugin_count(ctx); i++)
		readers += cb_plugin_get_descriptor(cb_context_plugin_at(ctx, i))->kind ==
		           CB_PLUGIN_READER;
	if (!readers) {
		fprintf(stderr, "fuzz: no reader plugin found (set CASEBOOK_PLUGIN_PATH)\n");
		exit(2);
	}
	/* Bombs and floods are the limits' business (tests/test-hostile); here they would only make
	 * single inputs slow. Lowered, they are still exercised. */
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 64u << 20);
	cb_context_set_limit(ctx, CB_LIMIT_NODES, 500000);
	return ctx;
}

static const char *const writers[] = {"markdown", "text", "json", "cbxml"};

void cbf_check_read(cb_context *ctx, const cb_document *doc, const cb_diags *diags,
                    const char *what)
{
	size_t errors = cb_diags_count_at_least(diags, CB_SEV_ERROR);
	if (!doc) {
		if (!errors)
			cbf_fail("%s: the read failed without an error saying why", what);
		return;
	}
	if (errors) {
		print_diags(diags);
		cbf_fail("%s: an error was reported, yet a document returned", what);
	}
	cb_diags *d = cb_diags_new();
	if (!d)
		return;
	if (cb_conformance_validate(doc, what, d)) {
		print_diags(d);
		cbf_fail("%s: the tree breaks the model's rules", what);
	}
	char *out[sizeof writers / sizeof *writers] = {NULL};
	size_t len[sizeof writers / sizeof *writers] = {0};
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++) {
		cb_diags_clear(d);
		cb_code code = cb_write_memory(ctx, doc, writers[i], &out[i], &len[i], d);
		/* A writer may refuse what its format cannot hold (a limit), never fail otherwise. */
		if (code != CB_OK && code != CB_E_LIMIT && code != CB_E_NOMEM) {
			print_diags(d);
			cbf_fail("%s: the %s writer failed on a valid tree", what, writers[i]);
		}
	}
	/* Lossless: what the cbxml writer wrote reads back to a tree the other writers write
	 * exactly as they wrote the original. */
	const size_t cbxml = 3;
	if (out[cbxml]) {
		cb_diags_clear(d);
		cb_document *back = cb_read_memory(ctx, "roundtrip.cbxml", out[cbxml], len[cbxml],
		                                   "cbxml", d);
		if (!back) {
			print_diags(d);
			cbf_fail("%s: the cbxml writer's output does not read back", what);
		}
		for (size_t i = 0; i < cbxml; i++) {
			char *again = NULL;
			size_t again_len = 0;
			cb_diags_clear(d);
			if (!out[i] || cb_write_memory(ctx, back, writers[i], &again, &again_len, d))
				continue;
			if (again_len != len[i] || memcmp(again, out[i], len[i]) != 0)
				cbf_fail("%s: the cbxml round trip changed the %s output", what,
				         writers[i]);
			free(again);
		}
		cb_document_free(back);
	}
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
		free(out[i]);
	cb_diags_free(d);
}
