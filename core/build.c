/* casebook build: every input through reading, extraction, privacy and validation (the
 * per-input stage, which a batch runs in worker processes: batch.c), then duplicates, then
 * assembling, then the four outputs. Each input fails alone: the report says why, and everything
 * readable still becomes a case. Inputs are taken in the order of their paths, so that the
 * outputs do not depend on the order they were named in. */
#include "config.h"

#include "build_private.h"

#include "batch.h"
#include "digest.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	b->spool = -1;
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

/* --- what the build keeps of each case, and the spool ------------------------------------ */

static char *dup_or_null(const char *s, bool *failed)
{
	char *copy = s ? strdup(s) : NULL;
	if (s && !copy)
		*failed = true;
	return copy;
}

void cbi_caseinfo_free(cbi_caseinfo *info)
{
	if (!info)
		return;
	free(info->school);
	free(info->title);
	free(info->findings);
	if (info->spooled)
		cb_diags_free(info->diags);
	free(info);
}

static cbi_caseinfo *info_of(const cb_case *c)
{
	cbi_caseinfo *info = calloc(1, sizeof *info);
	if (!info)
		return NULL;
	bool failed = false;
	memcpy(info->id, c->id, sizeof info->id);
	memcpy(info->content_hash, c->content_hash, sizeof info->content_hash);
	info->school = dup_or_null(c->fields[CBI_F_SCHOOL].text, &failed);
	info->title = dup_or_null(c->fields[CBI_F_TITLE].text, &failed);
	/* A case's level and area are the profile's names at its indexes (case.c): pointing at the
	 * profile's own copies saves two allocations a case. */
	const cb_profile *p = c->profile;
	info->level = c->level && c->level_index < p->nlevels ? p->levels[c->level_index].name
	                                                      : NULL;
	info->area = c->area && c->area_index < p->nareas ? p->areas[c->area_index].name : NULL;
	info->level_index = c->level_index;
	info->area_index = c->area_index;
	info->officer = c->officer;
	info->diags = c->diags;
	if (failed) {
		cbi_caseinfo_free(info);
		return NULL;
	}
	return info;
}

/* A case's findings as records, so that the mask can be merged in the order of the inputs (an
 * item found by two cases keeps the first one's kind and mask) without keeping the case. */
static bool keep_findings(cbi_caseinfo *info, const cbi_redactor *r)
{
	cbi_buf out = CBI_BUF_INIT;
	cbi_pkind kind;
	const char *value, *mask;
	bool given;
	for (size_t i = 0; cbi_redactor_item(r, i, &kind, &value, &mask, &given); i++) {
		cbi_buf_printf(&out, "%d %d", (int)kind, given ? 1 : 0);
		cbi_buf_add(&out, "", 1);
		cbi_buf_add(&out, value, strlen(value) + 1);
		cbi_buf_add(&out, mask, strlen(mask) + 1);
	}
	info->findings_len = out.len;
	if (!out.len) {
		cbi_buf_free(&out);
		return true;
	}
	return (info->findings = cbi_buf_steal(&out)) != NULL;
}

static void merge_findings(cbi_redactor *mask, const cbi_caseinfo *info)
{
	const char *s = info->findings, *end = s + info->findings_len;
	while (s && s < end) {
		int kind = 0, given = 0;
		sscanf(s, "%d %d", &kind, &given);
		const char *value = s + strlen(s) + 1;
		const char *m = value + strlen(value) + 1;
		cbi_redactor_restore(mask, (cbi_pkind)kind, value, m, given != 0);
		s = m + strlen(m) + 1;
	}
}

bool cbi_build_spool(cb_build *b, cb_context *ctx, const char *dir)
{
	char *path;
	if (asprintf(&path, "%s/.casebook.spool.XXXXXX", dir) < 0)
		return false;
	/* Unmasked cases: the file is its owner's only (mkstemp), and has no name from the start,
	 * so that a run killed at any moment leaves nothing of them behind. */
	int fd = mkstemp(path);
	if (fd >= 0) {
		unlink(path);
		b->spool = fd;
		b->spool_end = 0;
		b->ctx = ctx;
	}
	free(path);
	return fd >= 0;
}

/* All of len bytes at the spool's offset at, written from data (write) or read into it; false
 * on an error or, reading, at the end of the file. */
static bool spool_io(int fd, char *data, size_t len, uint64_t at, bool write)
{
	while (len) {
		ssize_t n = write ? pwrite(fd, data, len, (off_t)at) : pread(fd, data, len, (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
		at += (uint64_t)n;
	}
	return true;
}

bool cbi_build_keep(cb_build *b, cbi_input *x, const char *data, size_t len)
{
	if (!x->c)
		return true;
	cbi_caseinfo_free(x->info);
	if (!(x->info = info_of(x->c)))
		return false;
	if (b->spool < 0)
		return true;
	cbi_caseinfo *info = x->info;
	if (!keep_findings(info, x->c->redactor))
		return false;
	if (!spool_io(b->spool, (char *)data, len, b->spool_end, true)) {
		/* A full disk costs memory, not the case. */
		free(info->findings);
		info->findings = NULL;
		info->findings_len = 0;
		return true;
	}
	info->spooled = true;
	info->at = b->spool_end;
	info->len = len;
	b->spool_end += len;
	x->c->diags = NULL; /* info->diags, owned now */
	cb_case_free(x->c);
	x->c = NULL;
	return true;
}

cb_case *cbi_build_case(const cb_build *b, const cbi_input *x, cb_case **owned, cb_diags *diags)
{
	*owned = NULL;
	if (x->c || !x->info || !x->info->spooled)
		return x->c;
	char *data = malloc(x->info->len ? x->info->len : 1);
	if (!data) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, x->path, NULL, 0, "out of memory");
		return NULL;
	}
	errno = 0;
	if (!spool_io(b->spool, data, x->info->len, x->info->at, false)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, x->path, NULL, 0,
		             "cannot read the case back from the build's spool: %s",
		             errno ? strerror(errno) : "cut short");
		free(data);
		return NULL;
	}
	cbi_input tmp = {.path = x->path};
	bool ok = cbi_result_decode(b->ctx, b->profile, b->flags, data, x->info->len, &tmp, diags);
	free(data);
	free(tmp.reason);
	free(tmp.format);
	cb_diags_free(tmp.diags);
	if (!ok || !tmp.c) {
		cb_case_free(tmp.c);
		if (ok)
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, x->path, NULL, 0,
			             "the build's spool holds no case for this input");
		return NULL;
	}
	/* The diagnostics the build added since (duplicates) are in info's list. */
	cb_diags_free(tmp.c->diags);
	tmp.c->diags = x->info->diags;
	return *owned = tmp.c;
}

void cbi_build_release(cb_case *owned)
{
	if (!owned)
		return;
	owned->diags = NULL; /* the build's */
	cb_case_free(owned);
}

const cb_diags *cbi_input_case_diags(const cbi_input *x)
{
	return x->c ? x->c->diags : x->info ? x->info->diags : NULL;
}

bool cbi_build_finish(cb_build *b)
{
	for (size_t i = 0; i < b->in.count; i++) {
		cbi_input *x = &b->in.items[i];
		if (x->c && !x->info && !(x->info = info_of(x->c)))
			return false;
	}
	if (!cbi_find_duplicates(&b->in))
		return false;
	/* One mask for every output: what any case found is masked in all of them. */
	if (!(b->mask = cbi_redactor_new(b->profile, !(b->flags & CB_BUILD_NO_REDACT))))
		return false;
	for (size_t i = 0; i < b->in.count; i++) {
		const cbi_input *x = &b->in.items[i];
		if (x->c)
			cbi_redactor_merge(b->mask, x->c->redactor);
		else if (x->info)
			merge_findings(b->mask, x->info);
	}
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
	if (b->loaded)
		cbi_build_release(b->loaded);
	cbi_inputs_free(&b->in);
	free(b->cases);
	cbi_redactor_free(b->mask);
	if (b->spool >= 0)
		close(b->spool);
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
	if (i >= b->in.count)
		return NULL;
	const cbi_input *x = &b->in.items[i];
	if (x->c || !x->info)
		return x->c;
	/* A spooled case is read back into the build's one slot; the build is the caller's const
	 * object, but the slot is a cache, not part of what the build says. */
	cb_build *mut = (cb_build *)b;
	if (mut->loaded && mut->loaded_input == i)
		return mut->loaded;
	if (mut->loaded)
		cbi_build_release(mut->loaded);
	mut->loaded = NULL;
	cb_diags *why = cb_diags_new();
	cb_case *owned = NULL;
	if (why)
		cbi_build_case(b, x, &owned, why);
	cb_diags_free(why);
	mut->loaded = owned;
	mut->loaded_input = i;
	return owned;
}

const cb_diags *cb_build_input_case_diags(const cb_build *b, size_t i)
{
	return i < b->in.count ? cbi_input_case_diags(&b->in.items[i]) : NULL;
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
	return i < b->ncases ? cb_build_input_case(b, b->cases[i]) : NULL;
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

/* Writes OUTDIR/name as make writes it into the output, streamed to a temporary file that is
 * synced and renamed into place: the build's own outputs are the work of a season. */
static cb_code write_own(const char *dir, const char *name, const cb_build *b,
                         bool (*make)(const cb_build *, cb_output *, cb_diags *), cb_diags *diags)
{
	char *path;
	if (asprintf(&path, "%s/%s", dir, name) < 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, dir, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	cbi_outfile of;
	size_t errors = cb_diags_count_at_least(diags, CB_SEV_ERROR);
	cb_code code = cbi_outfile_open(&of, path, diags);
	if (code == CB_OK) {
		if (make(b, &of.out, diags) && !of.out.failed) {
			code = cbi_outfile_commit(&of, true);
		} else {
			/* A write or a case read back that failed has said why; otherwise memory ran out. */
			code = CB_E_WRITE;
			if (cb_diags_count_at_least(diags, CB_SEV_ERROR) == errors) {
				cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
				code = CB_E_NOMEM;
			}
			cbi_outfile_abort(&of);
		}
	}
	free(path);
	return code;
}

static bool report_json(const cb_build *b, cb_output *out, cb_diags *diags)
{
	(void)diags;
	return cbi_report_json(b, out);
}

static bool report_text(const cb_build *b, cb_output *out, cb_diags *diags)
{
	(void)diags;
	return cbi_report_text(b, out);
}

cb_code cb_build_write(cb_context *ctx, const cb_build *b, const char *outdir, cb_diags *diags)
{
	errno = 0;
	if (!make_dirs(outdir, diags))
		return CB_E_IO;
	cb_code first = write_own(outdir, "casebook.json", b, cbi_casebook_json, diags);
	cb_code code = cbi_write_casebook_xml(ctx, b, outdir, diags);
	first = first ? first : code;
	code = write_own(outdir, "report.json", b, report_json, diags);
	first = first ? first : code;
	code = write_own(outdir, "report.txt", b, report_text, diags);
	return first ? first : code;
}
