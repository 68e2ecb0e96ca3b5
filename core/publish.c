/* Publishing: the assembled casebook in the formats an office puts on its website, prints and
 * edits, each written by the writer plugin of that name from the same casebook document that
 * casebook.xml is made of (cases as divisions of class "case", their fields as attributes).
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
};
#define NFORMATS (sizeof formats / sizeof *formats)

static const format *find_format(const char *name, size_t len)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strlen(formats[i].name) == len && strncmp(formats[i].name, name, len) == 0)
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

/* Each case gets the status its input has in the report ("ok" or "warning"), which the index
 * shows beside it. */
static bool add_status(const cb_build *b, cb_document *doc)
{
	const cb_node *body = cb_document_body(doc);
	for (const cb_node *n = cb_node_first_child(body); n; n = cb_node_next(n)) {
		const char *id = cb_div_attr(n, "id"), *cls = cb_div_class(n);
		if (!id || !cls || strcmp(cls, "case") != 0)
			continue;
		for (size_t i = 0; i < b->in.count; i++) {
			const cbi_input *x = &b->in.items[i];
			if (x->c && strcmp(x->c->id, id) == 0 &&
			    (x->status == CB_STATUS_OK || x->status == CB_STATUS_WARNING)) {
				if (cb_div_set_attr(cb_node_mut(doc, n), "status",
				                    cb_input_status_name(x->status)) != 0)
					return false;
				break;
			}
		}
	}
	return true;
}

/* Writers that know cases get the casebook document; the others (Markdown) a reading copy in
 * which the cases' fields are tables rather than attributes they would leave out. */
static cb_code write_format(cb_context *ctx, const cb_document *doc, const format *f,
                            const char *path, cb_diags *diags)
{
	if (!f->generic)
		return cb_write_file(ctx, doc, f->writer, path, diags);
	cb_document *reading = cbi_casebook_reading(doc);
	if (!reading) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	cb_code code = cb_write_file(ctx, reading, f->writer, path, diags);
	cb_document_free(reading);
	return code;
}

cb_code cb_build_publish(cb_context *ctx, const cb_build *b, const char *outdir,
                         const char *list, cb_diags *diags)
{
	bool chosen[NFORMATS];
	cb_code code = parse_formats(list ? list : CB_BUILD_DEFAULT_FORMATS, chosen, diags);
	if (code != CB_OK)
		return code;
	bool any = false;
	for (size_t i = 0; i < NFORMATS; i++)
		any = any || (chosen[i] && formats[i].writer);
	if (!any)
		return CB_OK;
	cb_document *doc = cbi_casebook_document(b);
	if (!doc || !add_dates(b, doc) || !add_status(b, doc)) {
		cb_document_free(doc);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, outdir, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	cb_code first = CB_OK;
	for (size_t i = 0; i < NFORMATS; i++) {
		/* "md" and "markdown" are one output: the first of them chosen writes it. */
		bool again = false;
		for (size_t k = 0; k < i; k++)
			again = again || (chosen[k] && strcmp(formats[k].file, formats[i].file) == 0);
		if (!chosen[i] || !formats[i].writer || again)
			continue;
		char *path;
		if (asprintf(&path, "%s/%s", outdir, formats[i].file) < 0) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, outdir, NULL, 0, "out of memory");
			code = CB_E_NOMEM;
		} else {
			code = write_format(ctx, doc, &formats[i], path, diags);
			free(path);
		}
		first = first ? first : code;
	}
	cb_document_free(doc);
	return first;
}
