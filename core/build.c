/* casebook build: every input through reading, extraction, privacy and validation (the
 * per-input stage, which a batch runs in worker processes: batch.c), then duplicates, then
 * assembling, then the four outputs. Each input fails alone: the report says why, and everything
 * readable still becomes a case. Inputs are taken in the order of their paths, so that the
 * outputs do not depend on the order they were named in. */
#include "config.h"

#include "build_private.h"

#include "digest.h"
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *cb_input_status_name(cb_input_status s)
{
	static const char *const names[] = {"ok", "warning", "failed", "duplicate", "skipped"};
	return (unsigned)s <= CB_STATUS_SKIPPED ? names[s] : "unknown";
}

static bool has_warnings(const cb_diags *d)
{
	return d && cb_diags_count_at_least(d, CB_SEV_WARNING) > 0;
}

/* The first error's message: why an input failed. */
static char *first_error(const cb_diags *d)
{
	for (size_t i = 0; i < cb_diags_count(d); i++)
		if (cb_diag_severity(cb_diags_at(d, i)) == CB_SEV_ERROR)
			return strdup(cb_diag_message(cb_diags_at(d, i)));
	return strdup("the input could not be read");
}

bool cbi_input_read(cb_context *ctx, const cb_profile *p, unsigned flags, cbi_input *x,
                    const cb_plugin *reader, const char *sha256)
{
	if (reader) {
		const char *format = cb_plugin_get_descriptor(reader)->name;
		cb_document *doc = cb_read_file(ctx, x->path, format, x->diags);
		if (doc)
			x->c = cb_case_extract_document(p, doc, x->path, format, sha256, flags, x->diags);
		cb_document_free(doc);
	}
	if (!x->c) {
		x->status = CB_STATUS_FAILED;
		return (x->reason = first_error(x->diags)) != NULL;
	}
	if (x->c->format && !(x->format = strdup(x->c->format)))
		return false;
	x->status = has_warnings(x->diags) || has_warnings(x->c->diags) ? CB_STATUS_WARNING
	                                                                 : CB_STATUS_OK;
	return true;
}

/* The per-input stage in this process: what a batch's worker does, without the worker. */
static bool run_input(cb_context *ctx, cb_build *b, cbi_input *x)
{
	char sha[CBI_SHA256_HEX];
	if (!(x->diags = cb_diags_new()))
		return false;
	const cb_plugin *reader = NULL;
	if (!cbi_sha256_file(x->path, sha))
		cb_diags_add(x->diags, CB_SEV_ERROR, CB_E_IO, x->path, NULL, 0, "cannot open: %s",
		             strerror(errno));
	else
		reader = cb_detect_file(ctx, x->path, x->diags);
	return cbi_input_read(ctx, b->profile, b->flags, x, reader, sha);
}

/* Paths in the order of a folder's walk: component by component, so that "a/b/c" comes before
 * "a/b-c" as the walk of "a" lists them ('/' sorts before every other byte). */
static int compare_paths(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++) {
	}
	if (*a == *b)
		return 0;
	unsigned char x = *a == '/' ? 1 : *a ? (unsigned char)*a : 0;
	unsigned char y = *b == '/' ? 1 : *b ? (unsigned char)*b : 0;
	if (x == y) /* only a byte 1 against a '/' gets here */
		return *a == '/' ? -1 : 1;
	return x < y ? -1 : 1;
}

static void merge_sort(cbi_input *a, cbi_input *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t half = n / 2;
	merge_sort(a, tmp, half);
	merge_sort(a + half, tmp, n - half);
	size_t i = 0, k = half, o = 0;
	/* Ties take the left side first: the same file named twice keeps its order. */
	while (i < half && k < n)
		tmp[o++] = compare_paths(a[k].path, a[i].path) < 0 ? a[k++] : a[i++];
	while (i < half)
		tmp[o++] = a[i++];
	while (k < n)
		tmp[o++] = a[k++];
	memcpy(a, tmp, n * sizeof *a);
}

bool cbi_inputs_sort(cbi_inputs *in)
{
	cbi_input *tmp = malloc((in->count ? in->count : 1) * sizeof *tmp);
	if (!tmp)
		return false;
	merge_sort(in->items, tmp, in->count);
	free(tmp);
	return true;
}

cb_build *cbi_build_new(const cb_profile *p, unsigned flags, cb_diags *diags)
{
	cb_build *b = calloc(1, sizeof *b);
	if (!b) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
		return NULL;
	}
	b->profile = p;
	b->flags = flags;
	if (flags & CB_BUILD_NO_REDACT)
		cb_diags_add(diags, CB_SEV_WARNING, CB_W_NOT_REDACTED, NULL, NULL, 0,
		             "privacy masking is off (--no-redact): student and guardian names, phone "
		             "numbers and other personal data will be written as they are");
	return b;
}

bool cbi_build_walk(cb_build *b, const char *const *inputs, size_t ninputs)
{
	return cbi_walk(inputs, ninputs, &b->in) && cbi_inputs_sort(&b->in);
}

bool cbi_build_finish(cb_build *b)
{
	cbi_find_duplicates(&b->in);
	/* One mask for every output: what any case found is masked in all of them. */
	if (!(b->mask = cbi_redactor_new(b->profile, !(b->flags & CB_BUILD_NO_REDACT))))
		return false;
	for (size_t i = 0; i < b->in.count; i++)
		if (b->in.items[i].c)
			cbi_redactor_merge(b->mask, b->in.items[i].c->redactor);
	return cbi_assemble(b);
}

cb_build *cb_build_run(cb_context *ctx, const cb_profile *p, const char *const *inputs,
                       size_t ninputs, unsigned flags, cb_diags *diags)
{
	cb_build *b = cbi_build_new(p, flags, diags);
	if (!b)
		return NULL;
	if (!cbi_build_walk(b, inputs, ninputs))
		goto nomem;
	for (size_t i = 0; i < b->in.count; i++)
		if (b->in.items[i].status == CB_STATUS_OK && !run_input(ctx, b, &b->in.items[i]))
			goto nomem;
	if (!cbi_build_finish(b))
		goto nomem;
	return b;
nomem:
	cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
	cb_build_free(b);
	return NULL;
}

void cb_build_free(cb_build *b)
{
	if (!b)
		return;
	cbi_inputs_free(&b->in);
	free(b->cases);
	cbi_redactor_free(b->mask);
	free(b);
}

size_t cb_build_input_count(const cb_build *b) { return b->in.count; }

bool cb_build_input_at(const cb_build *b, size_t i, const char **path, cb_input_status *status,
                       const char **reason)
{
	if (i >= b->in.count)
		return false;
	*path = b->in.items[i].path;
	*status = b->in.items[i].status;
	*reason = b->in.items[i].reason;
	return true;
}

const cb_case *cb_build_input_case(const cb_build *b, size_t i)
{
	return i < b->in.count ? b->in.items[i].c : NULL;
}

size_t cb_build_status_count(const cb_build *b, cb_input_status s)
{
	size_t n = 0;
	for (size_t i = 0; i < b->in.count; i++)
		n += b->in.items[i].status == s;
	return n;
}

size_t cb_build_case_count(const cb_build *b) { return b->ncases; }

const cb_case *cb_build_case_at(const cb_build *b, size_t i)
{
	return i < b->ncases ? b->cases[i] : NULL;
}

/* --- outputs ------------------------------------------------------------------------------ */

/* mkdir -p */
static bool make_dirs(const char *path, cb_diags *diags)
{
	char *p = strdup(path);
	bool ok = p != NULL;
	for (char *s = p ? p + 1 : NULL; ok && s; s++) {
		bool end = *s == '\0';
		if (*s == '/' || end) {
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST)
				ok = false;
			*s = end ? '\0' : '/';
		}
		if (end)
			break;
	}
	struct stat st;
	if (!ok || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0,
		             "cannot create the output folder: %s", strerror(errno ? errno : ENOTDIR));
		ok = false;
	}
	free(p);
	return ok;
}

static cb_code write_text(const char *dir, const char *name, char *text, cb_diags *diags)
{
	char *path;
	if (!text || asprintf(&path, "%s/%s", dir, name) < 0) {
		free(text);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, dir, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	cb_code code = cbi_replace_file(path, text, strlen(text), diags);
	free(path);
	free(text);
	return code;
}

cb_code cb_build_write(cb_context *ctx, const cb_build *b, const char *outdir, cb_diags *diags)
{
	errno = 0;
	if (!make_dirs(outdir, diags))
		return CB_E_IO;
	cb_code first = write_text(outdir, "casebook.json", cbi_casebook_json(b), diags);
	cb_document *doc = cbi_casebook_document(b);
	char *xml_path = NULL;
	cb_code code;
	if (!doc || asprintf(&xml_path, "%s/casebook.xml", outdir) < 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, outdir, NULL, 0, "out of memory");
		code = CB_E_NOMEM;
		xml_path = NULL;
	} else {
		code = cb_write_file(ctx, doc, "cbxml", xml_path, diags);
	}
	first = first ? first : code;
	free(xml_path);
	cb_document_free(doc);
	code = write_text(outdir, "report.json", cbi_report_json(b), diags);
	first = first ? first : code;
	code = write_text(outdir, "report.txt", cbi_report_text(b), diags);
	return first ? first : code;
}
