/* The CSV writer: index.csv, one row per case of a casebook, for the office's spreadsheets.
 *
 *   encoding   UTF-8 with a byte order mark, which is how Excel knows the file is UTF-8 and
 *              shows Korean text instead of mojibake
 *   records    end in CRLF; a field holding a comma, a double quote, CR or LF is quoted and its
 *              quotes doubled (RFC 4180); the first record names the columns
 *   columns    학교, 학교급, 교육복지사, 영역, 사례명, 참여 인원, 시작일, 종료일, 예산(원), 원본 파일,
 *              상태: numbers as plain digits and dates as YYYY-MM-DD so that a spreadsheet reads
 *              them as numbers and dates; an unknown value is an empty field
 *
 * A text field that starts with =, +, -, @, a tab or CR would be run as a formula by Excel and
 * its kind, however it is quoted, so such a field gets a leading apostrophe, which spreadsheets
 * take as "this is text" (OWASP's advice on CSV injection). A document without cases gives the
 * header alone, with a warning. */
#include "config.h"

#include <casebook/plugin.h>

#include <string.h>

typedef struct column {
	const char *title;
	const char *key; /* the case division's attribute */
	bool text;       /* free text from a submission, which formula protection applies to */
} column;

static const column columns[] = {
	{"학교", "school", true},          {"학교급", "school_level", false},
	{"교육복지사", "officer", false},  {"영역", "area", false},
	{"사례명", "title", true},         {"참여 인원", "participants", false},
	{"시작일", "period_start", false}, {"종료일", "period_end", false},
	{"예산(원)", "budget_krw", false}, {"원본 파일", "source_path", true},
	{"상태", "status", false},
};
#define NCOLUMNS (sizeof columns / sizeof *columns)

static void field(cb_output *out, const char *value, bool text)
{
	if (!value)
		return;
	bool formula = text && value[0] && strchr("=+-@\t\r", value[0]);
	bool quote = formula || strpbrk(value, ",\"\r\n") != NULL;
	if (quote)
		cb_output_write(out, "\"", 1);
	if (formula)
		cb_output_write(out, "'", 1);
	for (const char *q; quote && (q = strchr(value, '"')); value = q + 1) {
		cb_output_write(out, value, (size_t)(q - value));
		cb_output_write(out, "\"\"", 2);
	}
	cb_output_puts(out, value);
	if (quote)
		cb_output_write(out, "\"", 1);
}

/* Values in words where the attribute is a code. */
static const char *value_of(const cb_node *c, const column *col)
{
	const char *v = cb_div_attr(c, col->key);
	if (!v)
		return NULL;
	if (strcmp(col->key, "officer") == 0)
		return strcmp(v, "assigned") == 0 ? "배치" : strcmp(v, "none") == 0 ? "미배치" : NULL;
	if (strcmp(col->key, "status") == 0)
		return strcmp(v, "ok") == 0 ? "정상" : strcmp(v, "warning") == 0 ? "경고" : v;
	return v;
}

static bool is_case(const cb_node *n)
{
	const char *cls = cb_div_class(n);
	return cb_node_get_kind(n) == CB_NODE_DIV && cls && strcmp(cls, "case") == 0;
}

static void header(cb_output *out)
{
	cb_output_write(out, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (i)
			cb_output_write(out, ",", 1);
		field(out, columns[i].title, false);
	}
	cb_output_write(out, "\r\n", 2);
}

static cb_code row(const cb_node *c, cb_output *out)
{
	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (i)
			cb_output_write(out, ",", 1);
		field(out, value_of(c, &columns[i]), columns[i].text);
	}
	return cb_output_write(out, "\r\n", 2) != 0 ? CB_E_NOMEM : CB_OK;
}

static void no_rows(cb_output *out)
{
	cb_output_report(out, CB_SEV_WARNING, CB_W_LOSSY,
	                 "the document holds no cases (divisions of class \"case\"): the index "
	                 "has its header only");
}

static cb_code csv_write(const cb_document *doc, cb_output *out)
{
	header(out);
	size_t rows = 0;
	const cb_node *body = cb_document_body_const(doc);
	for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c)) {
		if (!is_case(c))
			continue;
		if (row(c, out) != CB_OK)
			return CB_E_NOMEM;
		rows++;
	}
	if (!rows)
		no_rows(out);
	return CB_OK;
}

/* A case at a time: the header first, then a row per case; nothing is kept in between. The
 * head's outlines say up front whether any row will come. */
static cb_code stream_begin(const cb_document *head, cb_output *out, void **state)
{
	header(out);
	*state = NULL;
	const cb_node *c = cb_node_first_child(cb_document_body_const(head));
	while (c && !is_case(c))
		c = cb_node_next(c);
	if (!c)
		no_rows(out);
	return CB_OK;
}

static cb_code stream_add(void *state, const cb_node *division, cb_output *out)
{
	(void)state;
	return row(division, out);
}

static cb_code stream_end(void *state, cb_output *out)
{
	(void)state;
	(void)out;
	return CB_OK;
}

static void stream_cancel(void *state) { (void)state; }

static const cb_write_stream csv_stream = {
	.size = sizeof(cb_write_stream),
	.begin = stream_begin,
	.add = stream_add,
	.end = stream_end,
	.cancel = stream_cancel,
};

static const char *const csv_extensions[] = {"csv", NULL};
static const char *const csv_media_types[] = {"text/csv", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "csv",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "a casebook's index: one row per case, UTF-8 with BOM and CRLF for Excel",
	.kind = CB_PLUGIN_WRITER,
	.extensions = csv_extensions,
	.media_types = csv_media_types,
	.write = csv_write,
	.stream = &csv_stream,
};
