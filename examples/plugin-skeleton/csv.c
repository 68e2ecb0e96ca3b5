/* csv: a casebook reader for comma-separated values (RFC 4180). Each file becomes one table
 * whose first row is the header row: the lists of schools, budgets and participants that offices
 * keep in spreadsheets and save as CSV.
 *
 * A complete out-of-tree plugin, built against an installed casebook (`pkg-config casebook`):
 * copy this directory, rename the plugin and replace the format. casebook-plugin(7) explains
 * every part. It uses only <casebook/plugin.h>, and keeps no state outside one read call.
 */
#include <casebook/plugin.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* --- bidding --------------------------------------------------------------------------------- */

static bool named_csv(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 4)
		return false;
	const char *ext = name + n - 4;
	return ext[0] == '.' && (ext[1] | 0x20) == 'c' && (ext[2] | 0x20) == 's' &&
	       (ext[3] | 0x20) == 'v';
}

/* CSV has no signature, so the name decides, and the bid stays in the range of "the generic
 * syntax matches" (20-59) so that a format with a real signature always wins:
 *   40  named .csv, and the first bytes hold a comma
 *   20  named .csv without a comma yet (one column, or an empty file)
 *    0  anything else, and anything with NUL bytes, whatever its name (a spreadsheet saved
 *       as .xlsx and renamed, say) */
static int csv_bid(const cb_probe *probe)
{
	if (!named_csv(cb_probe_name(probe)))
		return 0;
	size_t len;
	const unsigned char *head = cb_probe_head(probe, &len);
	if (memchr(head, '\0', len))
		return 0;
	return memchr(head, ',', len) ? 40 : 20;
}

/* --- reading --------------------------------------------------------------------------------- */

/* The parser's state between chunks of input: the input is streamed, so memory grows with the
 * tree (which the host bounds with max-nodes), never with the size of the file. */
typedef struct csv {
	cb_input *in;
	cb_document *doc;
	cb_node *table, *row;
	char *field;        /* the field being read (malloc'd, grows) */
	size_t len, cap;
	bool quoted;        /* inside "..." */
	bool quote_seen;    /* just read a '"' that ended or doubles inside a quoted field */
	bool field_started; /* the current field has had a character, quoted or not */
	unsigned long rows, fields, line;
	cb_code failed;     /* CB_OK until something failed (and was reported) */
} csv;

/* A builder call returned NULL or -1: say why (cb_document_error has the reason, e.g. the node
 * limit) and stop. */
static void builder_failed(csv *c)
{
	int code = cb_document_error_code(c->doc);
	const char *why = cb_document_error(c->doc);
	c->failed = code ? (cb_code)code : CB_E_NOMEM;
	cb_input_report(c->in, CB_SEV_ERROR, c->failed, NULL, c->line, "%s",
	                why ? why : "out of memory");
}

static void append(csv *c, char ch)
{
	if (c->len + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char *grown = realloc(c->field, cap);
		if (!grown) {
			c->failed = CB_E_NOMEM;
			cb_input_report(c->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, c->line, "out of memory");
			return;
		}
		c->field = grown;
		c->cap = cap;
	}
	c->field[c->len++] = ch;
	c->field_started = true;
}

/* Ends a field: a cell in the current row (made on the row's first field). A line with nothing
 * on it makes no row. */
static void end_field(csv *c, bool end_of_line)
{
	bool blank_line = end_of_line && !c->row && !c->field_started && c->len == 0;
	if (!blank_line) {
		if (!c->table)
			c->table = cb_add_table(cb_document_body(c->doc));
		if (c->table && !c->row)
			c->row = cb_add_row(c->table);
		cb_node *cell = c->row ? cb_add_cell(c->row, 1, 1, c->rows == 0) : NULL;
		if (!cell) {
			builder_failed(c);
			return;
		}
		/* An empty field is an empty cell; text goes in a paragraph, as cells hold blocks. The
		 * builder replaces bytes that are not UTF-8 and drops control characters. */
		if (c->len) {
			cb_node *p = cb_add_paragraph(cell);
			if (!p || cb_add_text(p, c->field, c->len, 0) != 0) {
				builder_failed(c);
				return;
			}
		}
		c->fields++;
	}
	c->len = 0;
	c->field_started = false;
	if (end_of_line) {
		if (c->row)
			c->rows++;
		c->row = NULL;
	}
}

static void feed(csv *c, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && c->failed == CB_OK; i++) {
		char ch = buf[i];
		if (c->quoted) {
			if (ch == '"') {
				c->quoted = false;
				c->quote_seen = true;
			} else {
				if (ch == '\n')
					c->line++;
				append(c, ch);
			}
			continue;
		}
		if (c->quote_seen && ch == '"') { /* "" inside quotes is one quote */
			c->quote_seen = false;
			c->quoted = true;
			append(c, '"');
			continue;
		}
		c->quote_seen = false;
		if (ch == '"' && !c->field_started) {
			c->quoted = true;
			c->field_started = true;
		} else if (ch == ',')
			end_field(c, false);
		else if (ch == '\n') {
			end_field(c, true);
			c->line++;
		} else if (ch != '\r') /* CRLF line ends, as spreadsheets write them */
			append(c, ch);
	}
}

static cb_code csv_read(cb_input *in, cb_document *doc)
{
	csv c = {.in = in, .doc = doc, .line = 1};
	char buf[16384];
	ssize_t n;
	bool first = true;
	while (c.failed == CB_OK && (n = cb_input_read(in, buf, sizeof buf)) > 0) {
		size_t skip = 0;
		/* Excel's "CSV UTF-8" starts with a byte order mark. */
		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;
		first = false;
		feed(&c, buf + skip, (size_t)n - skip);
	}
	if (c.failed == CB_OK && n < 0)
		c.failed = CB_E_IO; /* the host reported the read error */
	if (c.failed == CB_OK && c.quoted)
		cb_input_report(in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, c.line,
		                "the file ends inside a quoted field: its text is kept");
	if (c.failed == CB_OK && (c.row || c.len || c.field_started))
		end_field(&c, true); /* a last line without its line feed */
	free(c.field);
	return c.failed;
}

/* --- the descriptor -------------------------------------------------------------------------- */

static const char *const extensions[] = {"csv", NULL};
static const char *const media_types[] = {"text/csv", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "csv",
	.version = "1.0.0",
	.licence = "MIT",
	.summary = "comma-separated values (RFC 4180) as one table, the first row its header",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = csv_bid,
	.read = csv_read,
};
