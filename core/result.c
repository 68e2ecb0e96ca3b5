/* An input's result as cbxml: what a worker sends its parent, what the cache keeps (encrypted)
 * and what a shard holds. Two documents, the second after a NUL byte (which cbxml never holds):
 * a head whose metadata says everything about the input, one entry a value, and for a case its
 * content exactly as extraction left it (sections of normalised, unmasked blocks). cbxml's
 * lossless promise carries the case across unchanged, and the parent masks it with what every
 * case found, as a single process would. The head is read and dropped: the parent keeps the
 * content as the case's own document, without the metadata (two thirds of a result).
 *
 * Keys: "cb.result" (the layout's version), "cb.path", "cb.status", "cb.reason", "cb.format";
 * "d.N" for the reader's N-th diagnostic ("SEVERITY CODE LINE WHERE", WHERE 0 for no path, 1 for
 * the input's, 2 for the one in "d.N.path"), with "d.N.part" and "d.N.msg"; for a case, "c.*" for
 * its scalars, "f.FIELD.text", "f.FIELD.original" and "f.FIELD.source" for its fields, "r.N"
 * ("KIND GIVEN"), "r.N.value" and "r.N.mask" for what privacy found, "cd.N..." for its own
 * diagnostics. An absent value is an absent key. */
#include "config.h"

#include "batch.h"

#include "case.h"
#include "context.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT "1"

/* --- encoding ----------------------------------------------------------------------------- */

typedef struct enc {
	cb_document *doc;
	bool failed;
} enc;

static void put(enc *e, const char *key, const char *value)
{
	if (value && !e->failed && cb_document_set_meta(e->doc, key, value) != 0)
		e->failed = true;
}

static void putf(enc *e, const char *value, const char *fmt, ...) CB_PRINTF(3, 4);
static void putf(enc *e, const char *value, const char *fmt, ...)
{
	char key[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(key, sizeof key, fmt, ap);
	va_end(ap);
	put(e, key, value);
}

static void put_number(enc *e, const char *key, long long v)
{
	char num[32];
	snprintf(num, sizeof num, "%lld", v);
	put(e, key, num);
}

static void put_diags(enc *e, const char *prefix, const cb_diags *d, const char *input)
{
	for (size_t i = 0; d && i < cb_diags_count(d); i++) {
		const cb_diag *r = cb_diags_at(d, i);
		const char *path = cb_diag_path(r);
		int where = !path ? 0 : input && strcmp(path, input) == 0 ? 1 : 2;
		char head[64];
		snprintf(head, sizeof head, "%d %d %lu %d", (int)cb_diag_severity(r),
		         (int)cb_diag_code(r), cb_diag_line(r), where);
		putf(e, head, "%s.%zu", prefix, i);
		if (where == 2)
			putf(e, path, "%s.%zu.path", prefix, i);
		putf(e, cb_diag_part(r), "%s.%zu.part", prefix, i);
		putf(e, cb_diag_message(r), "%s.%zu.msg", prefix, i);
	}
}

static void put_case(enc *e, const cb_case *c)
{
	put(e, "c.id", c->id);
	put(e, "c.hash", c->content_hash);
	put(e, "c.sha256", c->sha256[0] ? c->sha256 : NULL);
	put(e, "c.format", c->format);
	put(e, "c.level", c->level);
	if (c->level_index != (size_t)-1)
		put_number(e, "c.level-index", (long long)c->level_index);
	if (c->area_index != (size_t)-1)
		put_number(e, "c.area-index", (long long)c->area_index);
	put_number(e, "c.officer", (long long)c->officer);
	put(e, "c.area", c->area);
	if (c->has_participants)
		put_number(e, "c.participants", c->participants);
	if (c->has_budget)
		put_number(e, "c.budget", c->budget);
	if (c->has_period) {
		char period[32];
		snprintf(period, sizeof period, "%s %s", c->period.start, c->period.end);
		put(e, "c.period", period);
	}
	char counts[CBI_P_COUNT * 21 + 1] = "";
	for (int k = 0; k < CBI_P_COUNT; k++)
		snprintf(counts + strlen(counts), sizeof counts - strlen(counts), "%s%zu", k ? " " : "",
		         c->redactions[k]);
	put(e, "c.redactions", counts);
	for (int f = 0; f < CBI_F_COUNT; f++) {
		const cbi_value *v = &c->fields[f];
		const char *name = cbi_field_name((cbi_field)f);
		putf(e, v->text, "f.%s.text", name);
		putf(e, v->original, "f.%s.original", name);
		if (v->source != CBI_SRC_NONE) {
			char src[8];
			snprintf(src, sizeof src, "%d", (int)v->source);
			putf(e, src, "f.%s.source", name);
		}
	}
	cbi_pkind kind;
	const char *value, *mask;
	bool given;
	for (size_t i = 0; cbi_redactor_item(c->redactor, i, &kind, &value, &mask, &given); i++) {
		char head[16];
		snprintf(head, sizeof head, "%d %d", (int)kind, given ? 1 : 0);
		putf(e, head, "r.%zu", i);
		putf(e, value, "r.%zu.value", i);
		putf(e, mask, "r.%zu.mask", i);
	}
	put_diags(e, "cd", c->diags, NULL);
}

bool cbi_result_encode(cb_context *ctx, const cbi_input *x, char **data, size_t *len,
                       cb_diags *diags)
{
	*data = NULL;
	*len = 0;
	enc e = {cb_document_new(), false};
	if (!e.doc) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, x->path, NULL, 0, "out of memory");
		return false;
	}
	put(&e, "cb.result", LAYOUT);
	put(&e, "cb.path", x->path);
	put(&e, "cb.status", cb_input_status_name(x->status));
	put(&e, "cb.reason", x->reason);
	put(&e, "cb.format", x->format);
	put_diags(&e, "d", x->diags, x->path);
	if (x->c)
		put_case(&e, x->c);
	char *head = NULL, *body = NULL;
	size_t head_len = 0, body_len = 0;
	bool ok = !e.failed;
	if (!ok)
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, x->path, NULL, 0, "out of memory");
	ok = ok && cb_write_memory(ctx, e.doc, "cbxml", &head, &head_len, diags) == CB_OK;
	cb_document_free(e.doc);
	if (ok && x->c)
		ok = cb_write_memory(ctx, x->c->content, "cbxml", &body, &body_len, diags) == CB_OK;
	if (ok && x->c) {
		char *both = realloc(head, head_len + 1 + body_len + 1);
		if (both) {
			both[head_len] = '\0';
			memcpy(both + head_len + 1, body, body_len + 1);
			head = both;
			head_len += 1 + body_len;
		} else {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, x->path, NULL, 0, "out of memory");
			ok = false;
		}
	}
	free(body);
	if (!ok) {
		free(head);
		return false;
	}
	*data = head;
	*len = head_len;
	return true;
}

/* --- decoding ----------------------------------------------------------------------------- */

typedef struct dec {
	const cb_document *doc;
	const char *bad; /* the first key found wrong */
} dec;

static const char *get(const dec *d, const char *key) { return cb_document_meta(d->doc, key); }

static const char *getf(const dec *d, const char *fmt, ...) CB_PRINTF(2, 3);
static const char *getf(const dec *d, const char *fmt, ...)
{
	char key[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(key, sizeof key, fmt, ap);
	va_end(ap);
	return get(d, key);
}

/* A whole decimal number within [min, max]. */
static bool number(const char *s, long long min, long long max, long long *v)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (errno || *end || n < min || n > max)
		return false;
	*v = n;
	return true;
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *copy = s ? strdup(s) : NULL;
	if (s && !copy)
		*failed = true;
	return copy;
}

static bool get_diags(dec *d, const char *prefix, cb_diags *out, const char *input)
{
	for (size_t i = 0;; i++) {
		const char *head = getf(d, "%s.%zu", prefix, i);
		if (!head)
			return true;
		int sev, code, where, used = 0;
		unsigned long line;
		if (sscanf(head, "%d %d %lu %d%n", &sev, &code, &line, &where, &used) != 4 ||
		    head[used] || sev < CB_SEV_NOTE || sev > CB_SEV_ERROR || code < 0 ||
		    code >= CB_CODE_COUNT_ || where < 0 || where > 2) {
			d->bad = prefix;
			return false;
		}
		const char *path = where == 1 ? input : where == 2 ? getf(d, "%s.%zu.path", prefix, i)
		                                                   : NULL;
		const char *msg = getf(d, "%s.%zu.msg", prefix, i);
		if (!msg || (where == 2 && !path)) {
			d->bad = prefix;
			return false;
		}
		cb_diags_add(out, (cb_severity)sev, (cb_code)code, path,
		             getf(d, "%s.%zu.part", prefix, i), line, "%s", msg);
	}
}

static bool get_status(const char *s, cb_input_status *st)
{
	for (int k = CB_STATUS_OK; k <= CB_STATUS_SKIPPED; k++)
		if (s && strcmp(s, cb_input_status_name((cb_input_status)k)) == 0) {
			*st = (cb_input_status)k;
			return true;
		}
	return false;
}

static bool get_index(dec *d, const char *key, size_t count, size_t *out)
{
	long long v;
	const char *s = get(d, key);
	*out = (size_t)-1;
	if (!s)
		return true;
	if (!number(s, 0, (long long)count - 1, &v)) {
		d->bad = key;
		return false;
	}
	*out = (size_t)v;
	return true;
}

static bool get_fields(dec *d, cb_case *c, bool *nomem)
{
	for (int f = 0; f < CBI_F_COUNT; f++) {
		const char *name = cbi_field_name((cbi_field)f);
		cbi_value *v = &c->fields[f];
		v->text = dup_or_null(getf(d, "f.%s.text", name), nomem);
		v->original = dup_or_null(getf(d, "f.%s.original", name), nomem);
		const char *src = getf(d, "f.%s.source", name);
		long long n = CBI_SRC_NONE;
		if (src && !number(src, CBI_SRC_NONE, CBI_SRC_DERIVED, &n)) {
			d->bad = "f.*.source";
			return false;
		}
		v->source = (cbi_source)n;
	}
	return true;
}

static bool get_findings(dec *d, cb_case *c)
{
	const char *counts = get(d, "c.redactions");
	const char *s = counts;
	for (int k = 0; s && k < CBI_P_COUNT; k++) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(s, &end, 10);
		if (errno || end == s || (k + 1 < CBI_P_COUNT && *end != ' '))
			s = NULL;
		else {
			c->redactions[k] = (size_t)n;
			s = *end ? end + 1 : end;
		}
	}
	if (!s || *s) {
		d->bad = "c.redactions";
		return false;
	}
	for (size_t i = 0;; i++) {
		const char *head = getf(d, "r.%zu", i);
		if (!head)
			return true;
		int kind, given, used = 0;
		const char *value = getf(d, "r.%zu.value", i), *mask = getf(d, "r.%zu.mask", i);
		if (sscanf(head, "%d %d%n", &kind, &given, &used) != 2 || head[used] || kind < 0 ||
		    kind >= CBI_P_COUNT || given < 0 || given > 1 || !value || !*value || !mask) {
			d->bad = "r.*";
			return false;
		}
		cbi_redactor_restore(c->redactor, (cbi_pkind)kind, value, mask, given);
	}
}

static bool get_scalars(dec *d, cb_case *c)
{
	const cb_profile *p = c->profile;
	const char *id = get(d, "c.id"), *hash = get(d, "c.hash"), *sha = get(d, "c.sha256");
	if (!id || strlen(id) >= sizeof c->id || !hash || strlen(hash) != CBI_SHA256_HEX - 1 ||
	    (sha && strlen(sha) != CBI_SHA256_HEX - 1)) {
		d->bad = "c.id";
		return false;
	}
	memcpy(c->id, id, strlen(id) + 1);
	memcpy(c->content_hash, hash, CBI_SHA256_HEX);
	if (sha)
		memcpy(c->sha256, sha, CBI_SHA256_HEX);
	if (!get_index(d, "c.level-index", p->nlevels, &c->level_index) ||
	    !get_index(d, "c.area-index", p->nareas, &c->area_index))
		return false;
	long long v;
	if (!number(get(d, "c.officer"), CBI_OFFICER_UNKNOWN, CBI_OFFICER_NONE, &v)) {
		d->bad = "c.officer";
		return false;
	}
	c->officer = (cbi_officer)v;
	const char *s = get(d, "c.participants");
	if ((c->has_participants = s != NULL)) {
		if (!number(s, LONG_MIN, LONG_MAX, &v)) {
			d->bad = "c.participants";
			return false;
		}
		c->participants = (long)v;
	}
	if ((s = get(d, "c.budget")) && !number(s, LLONG_MIN, LLONG_MAX, &c->budget)) {
		d->bad = "c.budget";
		return false;
	}
	c->has_budget = s != NULL;
	if ((s = get(d, "c.period"))) {
		if (strlen(s) != 21 || s[10] != ' ') {
			d->bad = "c.period";
			return false;
		}
		memcpy(c->period.start, s, 10);
		memcpy(c->period.end, s + 11, 11);
		c->period.start[10] = '\0';
		c->has_period = true;
	}
	return true;
}

/* The case the head's metadata describes, with its content document (which it takes). NULL when
 * the metadata is wrong (d->bad) or out of memory (*nomem). */
static cb_case *get_case(dec *d, const cb_profile *p, unsigned flags, cb_document *doc,
                         const char *path, bool *nomem)
{
	cb_case *c = calloc(1, sizeof *c);
	if (!c) {
		*nomem = true;
		cb_document_free(doc);
		return NULL;
	}
	c->profile = p;
	c->content = doc;
	c->diags = cb_diags_new();
	c->redactor = cbi_redactor_new(p, !(flags & CB_BUILD_NO_REDACT));
	c->path = dup_or_null(path, nomem);
	c->format = dup_or_null(get(d, "c.format"), nomem);
	c->level = dup_or_null(get(d, "c.level"), nomem);
	c->area = dup_or_null(get(d, "c.area"), nomem);
	if (!c->diags || !c->redactor)
		*nomem = true;
	bool ok = !*nomem && get_scalars(d, c) && get_fields(d, c, nomem) && !*nomem &&
	          get_findings(d, c) && get_diags(d, "cd", c->diags, NULL);
	if (ok && !cbi_case_masked_views(c))
		*nomem = true;
	if (!ok || *nomem) {
		cb_case_free(c);
		return NULL;
	}
	return c;
}

/* One of a result's documents, read with the cbxml reader. The result is the engine's own: the
 * user's limits (--limit) are for submissions, and the content already passed them in the
 * worker. NULL, with the reason in diags, when it does not read. */
static cb_document *read_part(cb_context *ctx, const char *name, const char *data, size_t len,
                              cb_diags *diags)
{
	uint64_t saved[CB_LIMIT_COUNT_];
	for (int i = 0; i < CB_LIMIT_COUNT_; i++) {
		saved[i] = cb_context_limit(ctx, (cb_limit)i);
		if (i != CB_LIMIT_DEPTH)
			cb_context_set_limit(ctx, (cb_limit)i, 0);
	}
	cb_diags *read_diags = cb_diags_new();
	cb_document *doc = read_diags ? cb_read_memory(ctx, name, data, len, "cbxml", read_diags)
	                              : NULL;
	for (int i = 0; i < CB_LIMIT_COUNT_; i++)
		cb_context_set_limit(ctx, (cb_limit)i, saved[i]);
	if (!doc) {
		const cb_diag *first = read_diags ? cb_diags_at(read_diags, 0) : NULL;
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, name, NULL, 0,
		             "a worker's result cannot be read: %s",
		             first ? cb_diag_message(first) : "out of memory");
	}
	cb_diags_free(read_diags);
	return doc;
}

static bool decode(cb_context *ctx, const cb_profile *p, unsigned flags, const char *data,
                   size_t len, cbi_input *x, bool keep_path, cb_diags *diags)
{
	const char *name = x->path ? x->path : "(shard)";
	const char *nul = memchr(data, '\0', len);
	size_t head_len = nul ? (size_t)(nul - data) : len;
	cb_document *doc = read_part(ctx, name, data, head_len, diags);
	if (!doc)
		return false;
	dec d = {doc, NULL};
	bool nomem = false;
	const char *layout = get(&d, "cb.result"), *stored = get(&d, "cb.path");
	if (!layout || strcmp(layout, LAYOUT) != 0 || !stored) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, x->path, NULL, 0,
		             "not a casebook result of layout " LAYOUT);
		cb_document_free(doc);
		return false;
	}
	if (keep_path)
		x->path = dup_or_null(stored, &nomem);
	x->diags = cb_diags_new();
	x->reason = dup_or_null(get(&d, "cb.reason"), &nomem);
	x->format = dup_or_null(get(&d, "cb.format"), &nomem);
	x->dup_of = (size_t)-1;
	bool ok = !nomem && x->diags && get_status(get(&d, "cb.status"), &x->status);
	if (!ok && !nomem && x->diags)
		d.bad = "cb.status";
	ok = ok && get_diags(&d, "d", x->diags, x->path);
	if (ok && get(&d, "c.id")) {
		cb_document *content = nul ? read_part(ctx, name, nul + 1, len - head_len - 1, diags)
		                           : NULL;
		if (!nul)
			d.bad = "the case's content";
		if (content)
			x->c = get_case(&d, p, flags, content, x->path, &nomem);
		ok = x->c != NULL;
	}
	cb_document_free(doc);
	if (ok)
		return true;
	if (nomem || !x->diags)
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, x->path, NULL, 0, "out of memory");
	else
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, x->path, NULL, 0,
		             "a worker's result is malformed (at '%s')", d.bad ? d.bad : "?");
	/* Nothing half restored stays behind: the caller records the input as failed. */
	free(x->reason);
	free(x->format);
	cb_diags_free(x->diags);
	x->reason = x->format = NULL;
	x->diags = NULL;
	return false;
}

bool cbi_result_decode(cb_context *ctx, const cb_profile *p, unsigned flags, const char *data,
                       size_t len, cbi_input *x, cb_diags *diags)
{
	return decode(ctx, p, flags, data, len, x, false, diags);
}

bool cbi_result_decode_as_stored(cb_context *ctx, const cb_profile *p, unsigned flags,
                                 const char *data, size_t len, cbi_input *x, cb_diags *diags)
{
	x->path = NULL;
	return decode(ctx, p, flags, data, len, x, true, diags);
}
