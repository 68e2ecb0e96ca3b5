/* The report: every input, what became of it and why, as report.json for scripts and report.txt
 * for the office. Both go through the build's masking like the casebook itself. */
#include "config.h"

#include "build_private.h"

#include <stdlib.h>
#include <string.h>

static const char *case_id(const cb_build *b, const cbi_input *x)
{
	if (x->status == CB_STATUS_DUPLICATE && x->dup_of != (size_t)-1)
		return b->in.items[x->dup_of].info->id;
	return x->info ? x->info->id : NULL;
}


/* The reader's messages and the case's, in that order. */
static void input_diagnostics(cbi_json *j, const cbi_input *x)
{
	cbi_json_begin_array(j);
	const cb_diags *lists[2] = {x->diags, cbi_input_case_diags(x)};
	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; lists[l] && i < cb_diags_count(lists[l]); i++) {
			const cb_diag *d = cb_diags_at(lists[l], i);
			cbi_json_begin_object(j);
			cbi_json_key(j, "severity");
			cbi_json_raw(j, cb_severity_name(cb_diag_severity(d)));
			cbi_json_key(j, "code");
			cbi_json_raw(j, cb_code_name(cb_diag_code(d)));
			if (cb_diag_part(d)) {
				cbi_json_key(j, "part");
				cbi_json_text(j, cb_diag_part(d));
			}
			if (cb_diag_line(d)) {
				cbi_json_key(j, "line");
				cbi_json_int(j, (long long)cb_diag_line(d));
			}
			cbi_json_key(j, "message");
			cbi_json_text(j, cb_diag_message(d));
			cbi_json_end_object(j);
		}
	}
	cbi_json_end_array(j);
}

bool cbi_report_json(const cb_build *b, cb_output *out)
{
	cbi_buf buf = CBI_BUF_INIT;
	cbi_json j;
	cbi_json_init(&j, &buf, cbi_redact_filter, b->mask);
	cbi_json_begin_object(&j);
	cbi_json_key(&j, "report");
	cbi_json_begin_object(&j);
	cbi_json_key(&j, "profile");
	cbi_json_raw(&j, b->profile->name);
	cbi_json_key(&j, "generator");
	cbi_json_raw(&j, cbi_generator());
	cbi_json_key(&j, "redacted");
	cbi_json_bool(&j, cbi_redactor_enabled(b->mask));
	cbi_json_end_object(&j);
	cbi_json_key(&j, "summary");
	cbi_json_begin_object(&j);
	cbi_json_key(&j, "inputs");
	cbi_json_int(&j, (long long)b->in.count);
	for (int s = CB_STATUS_OK; s <= CB_STATUS_SKIPPED; s++) {
		cbi_json_key(&j, cb_input_status_name((cb_input_status)s));
		cbi_json_int(&j, (long long)cb_build_status_count(b, (cb_input_status)s));
	}
	cbi_json_key(&j, "cases");
	cbi_json_int(&j, (long long)b->ncases);
	cbi_json_end_object(&j);
	cbi_json_key(&j, "inputs");
	cbi_json_begin_array(&j);
	bool ok = true;
	for (size_t i = 0; ok && i < b->in.count; i++) {
		const cbi_input *x = &b->in.items[i];
		ok = cbi_output_flush(out, &buf);
		cbi_json_begin_object(&j);
		cbi_json_key(&j, "path");
		cbi_json_text(&j, x->path);
		cbi_json_key(&j, "status");
		cbi_json_raw(&j, cb_input_status_name(x->status));
		cbi_json_key(&j, "format");
		cbi_json_raw(&j, x->format);
		cbi_json_key(&j, "case");
		cbi_json_raw(&j, case_id(b, x));
		cbi_json_key(&j, "reason");
		cbi_json_text(&j, x->reason);
		cbi_json_key(&j, "diagnostics");
		input_diagnostics(&j, x);
		cbi_json_end_object(&j);
	}
	cbi_json_end_array(&j);
	cbi_json_end_object(&j);
	cbi_json_finish(&j);
	ok = ok && cbi_output_flush(out, &buf);
	cbi_buf_free(&buf);
	return ok;
}

/* --- report.txt --------------------------------------------------------------------------- */

static void masked(cbi_buf *out, const cb_build *b, const char *s)
{
	char *m = cbi_redact(b->mask, s ? s : "");
	if (!m)
		out->failed = true;
	else
		cbi_buf_puts(out, m);
	free(m);
}

static void text_diags(cbi_buf *out, const cb_build *b, const cb_diags *d)
{
	for (size_t i = 0; d && i < cb_diags_count(d); i++) {
		const cb_diag *r = cb_diags_at(d, i);
		cbi_buf_printf(out, "           %s [%s] ", cb_severity_name(cb_diag_severity(r)),
		               cb_code_name(cb_diag_code(r)));
		if (cb_diag_part(r)) {
			masked(out, b, cb_diag_part(r));
			cbi_buf_puts(out, ": ");
		}
		if (cb_diag_line(r))
			cbi_buf_printf(out, "line %lu: ", cb_diag_line(r));
		masked(out, b, cb_diag_message(r));
		cbi_buf_putc(out, '\n');
	}
}

static void text_case_line(cbi_buf *out, const cb_build *b, const cbi_caseinfo *c)
{
	const char *school = c->school, *title = c->title;
	cbi_buf_printf(out, "           %s ", c->id);
	masked(out, b, school ? school : "(school unknown)");
	cbi_buf_puts(out, " · ");
	masked(out, b, title ? title : "(title unknown)");
	cbi_buf_printf(out, " (%s)\n", c->area ? c->area : "area unknown");
}

bool cbi_report_text(const cb_build *b, cb_output *dest)
{
	cbi_buf out = CBI_BUF_INIT;
	cbi_buf_puts(&out, "casebook build report\n");
	cbi_buf_printf(&out, "profile    %s (", b->profile->name);
	masked(&out, b, b->profile->title);
	cbi_buf_printf(&out, ")\ngenerator  %s\nprivacy    %s\n", cbi_generator(),
	               cbi_redactor_enabled(b->mask) ? "names and numbers masked"
	                                             : "OFF (--no-redact): nothing was masked");
	cbi_buf_printf(&out, "inputs     %zu: %zu ok, %zu warning, %zu failed, %zu duplicate, "
	                     "%zu skipped\ncases      %zu published\n\n",
	               b->in.count, cb_build_status_count(b, CB_STATUS_OK),
	               cb_build_status_count(b, CB_STATUS_WARNING),
	               cb_build_status_count(b, CB_STATUS_FAILED),
	               cb_build_status_count(b, CB_STATUS_DUPLICATE),
	               cb_build_status_count(b, CB_STATUS_SKIPPED), b->ncases);
	bool ok = true;
	for (size_t i = 0; ok && i < b->in.count; i++) {
		const cbi_input *x = &b->in.items[i];
		ok = cbi_output_flush(dest, &out);
		cbi_buf_printf(&out, "%-10s ", cb_input_status_name(x->status));
		masked(&out, b, x->path);
		if (x->format)
			cbi_buf_printf(&out, " [%s]", x->format);
		cbi_buf_putc(&out, '\n');
		if (x->reason) {
			cbi_buf_puts(&out, "           reason: ");
			masked(&out, b, x->reason);
			cbi_buf_putc(&out, '\n');
		}
		if (x->info)
			text_case_line(&out, b, x->info);
		text_diags(&out, b, x->diags);
		text_diags(&out, b, cbi_input_case_diags(x));
	}
	ok = ok && cbi_output_flush(dest, &out);
	cbi_buf_free(&out);
	return ok;
}
