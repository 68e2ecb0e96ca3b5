/* Publishing: the assembled casebook in the formats an office puts on its website, prints and
 * edits, each written by the writer plugin of that name from the same casebook document that
 * casebook.xml is made of (cases as divisions of class "case", their fields as attributes).
 * Writers with a stream (cb_write_stream) get it a case at a time in one pass over the cases,
 * each case read back from the build's spool once for all of them; the others the whole
 * document, built for them.
 *
 * The writers get the document with two more metadata entries, so that a cover can show the
 * year and a package can carry a creation date without reading the clock: "year" (the profile's,
 * or SOURCE_DATE_EPOCH's when the profile has none) and "created" (SOURCE_DATE_EPOCH as an ISO
 * 8601 time, only when it is set); and each case its status in the report ("ok", "warning").
 * The same casebook and environment give the same bytes. */
#include "config.h"

#include "build_private.h"
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct format {
	const char *name;   /* as -t names it */
	const char *writer; /* the writer plugin; NULL for what cb_build_write always writes */
	const char *file;   /* in OUTDIR */
	bool generic;       /* a writer that knows nothing of cases: it gets the reading copy */
} format;

static const format formats[] = {
	{"html", "html", "casebook.html", false},
	{"docx", "docx", "casebook.docx", false},
	{"hwpx", "hwpx", "casebook.hwpx", false},
	{"md", "markdown", "casebook.md", true},
	{"markdown", "markdown", "casebook.md", true},
	{"csv", "csv", "index.csv", false},
	{"json", NULL, "casebook.json", false},
	{"xml", NULL, "casebook.xml", false},
	/* casebook.xml as cb_build_write writes it (never chosen by a list). */
	{"", "cbxml", "casebook.xml", false},
};
#define XML_WRITER 8
#define NFORMATS (sizeof formats / sizeof *formats)

static const format *find_format(const char *name, size_t len)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].name[0] && strlen(formats[i].name) == len &&
		    strncmp(formats[i].name, name, len) == 0)
			return &formats[i];
	return NULL;
}

/* Marks the formats a list names in chosen[] (by index in formats[]). */
static cb_code parse_formats(const char *list, bool chosen[NFORMATS], cb_diags *diags)
{
	memset(chosen, 0, NFORMATS * sizeof *chosen);
	const char *s = list;
	for (;;) {
		while (*s == ' ')
			s++;
		size_t len = strcspn(s, ", ");
		const format *f = find_format(s, len);
		if (!f) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, NULL, NULL, 0,
			             "unknown output format '%.*s' (formats: html, docx, hwpx, md, csv, "
			             "json, xml)",
			             (int)len, s);
			return CB_E_USAGE;
		}
		chosen[f - formats] = true;
		s += len;
		while (*s == ' ')
			s++;
		if (*s != ',')
			break;
		s++;
	}
	if (*s) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, NULL, NULL, 0,
		             "output formats are separated by commas: '%s'", list);
		return CB_E_USAGE;
	}
	return CB_OK;
}

cb_code cb_build_check_formats(const char *list, cb_diags *diags)
{
	bool chosen[NFORMATS];
	return parse_formats(list ? list : CB_BUILD_DEFAULT_FORMATS, chosen, diags);
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since 1970, decimal. False when unset or
 * not a number, which is then ignored as other tools ignore it. */
static bool source_date(struct tm *tm)
{
	const char *v = getenv("SOURCE_DATE_EPOCH");
	if (!v || !*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 12)
		return false;
	time_t t = (time_t)strtoll(v, NULL, 10);
	return gmtime_r(&t, tm) != NULL;
}

static bool add_dates(const cb_build *b, cb_document *doc)
{
	struct tm tm;
	bool have_date = source_date(&tm);
	char text[40];
	if (have_date) {
		strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (cb_document_set_meta(doc, "created", text) != 0)
			return false;
	}
	int year = b->profile->year ? b->profile->year : have_date ? tm.tm_year + 1900 : 0;
	if (!year)
		return true;
	snprintf(text, sizeof text, "%d", year);
	return cb_document_set_meta(doc, "year", text) == 0;
}

/* --- writing the casebook, a case at a time where the writer can ------------------------- */

/* One output of a pass over the casebook. */
typedef struct target {
	const format *f;
	char *path;
	const cb_plugin *plugin;
	const cb_write_stream *stream; /* NULL: the writer gets the whole document */
	cbi_outfile of;
	void *state;
	bool live; /* streaming, and nothing failed yet */
	cb_code code;
	size_t errors; /* errors in diags before this output began */
} target;

/* The writer's stream, when it offers one complete enough to use. */
static const cb_write_stream *stream_of(const cb_plugin *pl)
{
	const cb_write_stream *st = cb_plugin_get_descriptor(pl)->stream;
	if (!st || st->size < sizeof *st || !st->begin || !st->add || !st->end || !st->cancel)
		return NULL;
	return st;
}

/* Says why a target failed when the writer itself did not, as cb_write_file does. */
static void failed(target *t, cb_code code, cb_diags *diags)
{
	if (t->code == CB_OK)
		t->code = code;
	if (cb_diags_count_at_least(diags, CB_SEV_ERROR) == t->errors)
		cb_diags_add(diags, CB_SEV_ERROR, code, t->path, NULL, 0, "writer '%s' failed: %s",
		             t->f->writer, cb_code_describe(code));
}

static void give_up(target *t, cb_diags *diags, cb_code code)
{
	if (!t->live)
		return;
	t->stream->cancel(t->state);
	cbi_outfile_abort(&t->of);
	t->live = false;
	failed(t, code, diags);
}

/* Streams every live target: the head to begin, each case to add, then end. A writer that
 * knows nothing of cases gets the reading copy the same way: its head with an empty division
 * where each case's blocks go, and a division holding them. A case that cannot be read back
 * fails every output (each needs every case). */
static void stream_all(const cb_build *b, target *t, size_t n, bool published, cb_diags *diags)
{
	bool any = false, generic = false;
	for (size_t i = 0; i < n; i++) {
		any = any || t[i].live;
		generic = generic || (t[i].live && t[i].f->generic);
	}
	if (!any)
		return;
	cb_document *head = cbi_casebook_head(b, published), *reading = NULL;
	if (!head || (published && !add_dates(b, head)) ||
	    (generic && !(reading = cbi_casebook_reading(head, true)))) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
		for (size_t i = 0; i < n; i++)
			if (t[i].live) {
				cbi_outfile_abort(&t[i].of);
				t[i].live = false;
				t[i].code = CB_E_NOMEM;
			}
		cb_document_free(head);
		return;
	}
	const cb_document *heads[2] = {head, reading};
	for (size_t i = 0; i < n; i++) {
		if (!t[i].live)
			continue;
		t[i].errors = cb_diags_count_at_least(diags, CB_SEV_ERROR);
		cb_code code = t[i].stream->begin(heads[t[i].f->generic], &t[i].of.out, &t[i].state);
		if (code == CB_OK && t[i].of.out.failed)
			code = CB_E_WRITE;
		if (code != CB_OK) {
			/* A begin that fails has freed what it made: only the file is left. */
			cbi_outfile_abort(&t[i].of);
			t[i].live = false;
			failed(&t[i], code, diags);
		}
	}
	for (size_t k = 0; k < b->ncases; k++) {
		any = generic = false;
		for (size_t i = 0; i < n; i++) {
			any = any || t[i].live;
			generic = generic || (t[i].live && t[i].f->generic);
		}
		if (!any)
			break;
		const cbi_input *x = &b->in.items[b->cases[k]];
		cb_case *owned;
		const cb_case *c = cbi_build_case(b, x, &owned, diags);
		cb_document *part = c ? cbi_casebook_part(b, k, c, published) : NULL;
		cbi_build_release(owned);
		const cb_node *div = part ? cb_node_first_child(cb_document_body_const(part)) : NULL;
		cb_document *rpart = div && generic ? cbi_casebook_reading_case(div) : NULL;
		const cb_node *divs[2] = {div, rpart ? cb_node_first_child(cb_document_body_const(rpart))
		                                     : NULL};
		if ((!div || (generic && !rpart)) && c)
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
		for (size_t i = 0; i < n; i++) {
			if (!t[i].live)
				continue;
			const cb_node *d = divs[t[i].f->generic];
			if (!d) {
				give_up(&t[i], diags, c ? CB_E_NOMEM : CB_E_IO);
				continue;
			}
			t[i].errors = cb_diags_count_at_least(diags, CB_SEV_ERROR);
			cb_code code = t[i].stream->add(t[i].state, d, &t[i].of.out);
			if (code == CB_OK && t[i].of.out.failed)
				code = CB_E_WRITE;
			if (code != CB_OK)
				give_up(&t[i], diags, code);
		}
		cb_document_free(rpart);
		cb_document_free(part);
	}
	for (size_t i = 0; i < n; i++) {
		if (!t[i].live)
			continue;
		t[i].live = false;
		t[i].errors = cb_diags_count_at_least(diags, CB_SEV_ERROR);
		cb_code code = t[i].stream->end(t[i].state, &t[i].of.out);
		if (code == CB_OK && t[i].of.out.failed)
			code = CB_E_WRITE;
		if (code != CB_OK) {
			cbi_outfile_abort(&t[i].of);
			failed(&t[i], code, diags);
		} else {
			t[i].code = cbi_outfile_commit(&t[i].of, false);
		}
	}
	cb_document_free(reading);
	cb_document_free(head);
}

/* Writes the targets that take a whole document from one casebook document. Writers that know
 * cases get the casebook document; the others (Markdown) a reading copy in which the cases'
 * fields are tables rather than attributes they would leave out. */
static void write_whole(cb_context *ctx, const cb_build *b, target *t, size_t n, bool published,
                        cb_diags *diags)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any = any || (!t[i].stream && t[i].plugin);
	if (!any)
		return;
	cb_document *doc = cbi_casebook_document(b, published, diags);
	if (!doc || (published && !add_dates(b, doc))) {
		cb_document_free(doc);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
		for (size_t i = 0; i < n; i++)
			if (!t[i].stream && t[i].plugin)
				t[i].code = CB_E_NOMEM;
		return;
	}
	cb_document *reading = NULL;
	for (size_t i = 0; i < n; i++) {
		if (t[i].stream || !t[i].plugin)
			continue;
		if (t[i].f->generic && !reading && !(reading = cbi_casebook_reading(doc, false))) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, t[i].path, NULL, 0, "out of memory");
			t[i].code = CB_E_NOMEM;
			continue;
		}
		t[i].code = cb_write_file(ctx, t[i].f->generic ? reading : doc, t[i].f->writer,
		                          t[i].path, diags);
	}
	cb_document_free(reading);
	cb_document_free(doc);
}

/* Writes the formats chosen[] names into outdir, each once, from one pass over the cases for the
 * writers that stream and one casebook document for the others. */
static cb_code write_casebook(cb_context *ctx, const cb_build *b, const char *outdir,
                              const bool chosen[NFORMATS], bool published, cb_diags *diags)
{
	target t[NFORMATS];
	size_t n = 0;
	cb_code first = CB_OK;
	for (size_t i = 0; i < NFORMATS; i++) {
		/* "md" and "markdown" are one output: the first of them chosen writes it. */
		bool again = false;
		for (size_t k = 0; k < i; k++)
			again = again || (chosen[k] && strcmp(formats[k].file, formats[i].file) == 0);
		if (!chosen[i] || !formats[i].writer || again)
			continue;
		target *x = &t[n++];
		*x = (target){.f = &formats[i], .errors = cb_diags_count_at_least(diags, CB_SEV_ERROR)};
		if (asprintf(&x->path, "%s/%s", outdir, formats[i].file) < 0) {
			x->path = NULL;
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, outdir, NULL, 0, "out of memory");
			x->code = CB_E_NOMEM;
			continue;
		}
		if (!(x->plugin = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, formats[i].writer))) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NO_PLUGIN, x->path, NULL, 0,
			             "no writer named '%s' (see 'casebook plugins')", formats[i].writer);
			x->code = CB_E_NO_PLUGIN;
			continue;
		}
		if ((x->stream = stream_of(x->plugin))) {
			x->code = cbi_outfile_open(&x->of, x->path, diags);
			x->live = x->code == CB_OK;
		}
	}
	stream_all(b, t, n, published, diags);
	write_whole(ctx, b, t, n, published, diags);
	for (size_t i = 0; i < n; i++) {
		first = first ? first : t[i].code;
		free(t[i].path);
	}
	return first;
}

cb_code cbi_write_casebook_xml(cb_context *ctx, const cb_build *b, const char *outdir,
                               cb_diags *diags)
{
	bool chosen[NFORMATS] = {false};
	chosen[XML_WRITER] = true;
	return write_casebook(ctx, b, outdir, chosen, false, diags);
}

cb_code cb_build_publish(cb_context *ctx, const cb_build *b, const char *outdir,
                         const char *list, cb_diags *diags)
{
	bool chosen[NFORMATS];
	cb_code code = parse_formats(list ? list : CB_BUILD_DEFAULT_FORMATS, chosen, diags);
	if (code != CB_OK)
		return code;
	/* json and xml name what cb_build_write writes; the cbxml writer's entry is its alone. */
	chosen[XML_WRITER] = false;
	return write_casebook(ctx, b, outdir, chosen, true, diags);
}
