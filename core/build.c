/* casebook build: every input through reading, extraction, privacy and validation, then
 * duplicates, then assembling, then the four outputs. Each input fails alone: the report says
 * why, and everything readable still becomes a case. */
#include "config.h"

#include "build_private.h"

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

static bool run_input(cb_context *ctx, cb_build *b, cbi_input *x)
{
	if (!(x->diags = cb_diags_new()))
		return false;
	x->c = cb_case_extract_file(ctx, b->profile, x->path, b->flags, x->diags);
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

cb_build *cb_build_run(cb_context *ctx, const cb_profile *p, const char *const *inputs,
                       size_t ninputs, unsigned flags, cb_diags *diags)
{
	cb_build *b = calloc(1, sizeof *b);
	if (!b)
		goto nomem;
	b->profile = p;
	b->flags = flags;
	if (!cbi_walk(inputs, ninputs, &b->in))
		goto nomem;
	if (flags & CB_BUILD_NO_REDACT)
		cb_diags_add(diags, CB_SEV_WARNING, CB_W_NOT_REDACTED, NULL, NULL, 0,
		             "privacy masking is off (--no-redact): student and guardian names, phone "
		             "numbers and other personal data will be written as they are");
	for (size_t i = 0; i < b->in.count; i++)
		if (b->in.items[i].status == CB_STATUS_OK && !run_input(ctx, b, &b->in.items[i]))
			goto nomem;
	cbi_find_duplicates(&b->in);
	/* One mask for every output: what any case found is masked in all of them. */
	if (!(b->mask = cbi_redactor_new(p, !(flags & CB_BUILD_NO_REDACT))))
		goto nomem;
	for (size_t i = 0; i < b->in.count; i++)
		if (b->in.items[i].c)
			cbi_redactor_merge(b->mask, b->in.items[i].c->redactor);
	if (!cbi_assemble(b))
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
