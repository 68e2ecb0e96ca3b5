/* Streaming JSON output with stable formatting. */
#include "config.h"

#include "jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cbi_json_init(cbi_json *j, cbi_buf *out, cbi_text_filter filter, const void *filter_data)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->filter = filter;
	j->filter_data = filter_data;
}

void cbi_json_quote(cbi_buf *b, const char *s)
{
	cbi_buf_putc(b, '"');
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *esc = NULL;
		char hex[8];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		default:
			if (c < 0x20) {
				snprintf(hex, sizeof hex, "\\u%04x", c);
				esc = hex;
			}
		}
		if (esc) {
			cbi_buf_add(b, run, (size_t)(s - run));
			cbi_buf_puts(b, esc);
			run = s + 1;
		}
	}
	cbi_buf_add(b, run, (size_t)(s - run));
	cbi_buf_putc(b, '"');
}

static void indent(cbi_json *j)
{
	cbi_buf_putc(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		cbi_buf_puts(j->out, "  ");
}

/* Separates a value from the one before it, unless it follows its key. */
static void before_value(cbi_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->has_items[j->depth])
		cbi_buf_putc(j->out, ',');
	j->has_items[j->depth] = true;
	indent(j);
}

static void open_container(cbi_json *j, char c)
{
	before_value(j);
	cbi_buf_putc(j->out, c);
	if (j->depth + 1 >= CBI_JSON_MAX_DEPTH) {
		j->out->failed = true;
		return;
	}
	j->depth++;
	j->has_items[j->depth] = false;
}

static void close_container(cbi_json *j, char c)
{
	if (j->depth == 0)
		return;
	bool had = j->has_items[j->depth];
	j->depth--;
	if (had)
		indent(j);
	cbi_buf_putc(j->out, c);
}

void cbi_json_begin_object(cbi_json *j) { open_container(j, '{'); }
void cbi_json_end_object(cbi_json *j) { close_container(j, '}'); }
void cbi_json_begin_array(cbi_json *j) { open_container(j, '['); }
void cbi_json_end_array(cbi_json *j) { close_container(j, ']'); }

void cbi_json_key(cbi_json *j, const char *key)
{
	before_value(j);
	cbi_json_quote(j->out, key);
	cbi_buf_puts(j->out, ": ");
	j->after_key = true;
}

void cbi_json_raw(cbi_json *j, const char *s)
{
	before_value(j);
	if (s)
		cbi_json_quote(j->out, s);
	else
		cbi_buf_puts(j->out, "null");
}

void cbi_json_text(cbi_json *j, const char *s)
{
	if (!s || !j->filter) {
		cbi_json_raw(j, s);
		return;
	}
	char *f = j->filter(j->filter_data, s);
	if (!f) {
		j->out->failed = true;
		return;
	}
	cbi_json_raw(j, f);
	free(f);
}

void cbi_json_int(cbi_json *j, long long v)
{
	before_value(j);
	cbi_buf_printf(j->out, "%lld", v);
}

void cbi_json_null(cbi_json *j)
{
	before_value(j);
	cbi_buf_puts(j->out, "null");
}

void cbi_json_bool(cbi_json *j, bool v)
{
	before_value(j);
	cbi_buf_puts(j->out, v ? "true" : "false");
}

void cbi_json_finish(cbi_json *j)
{
	cbi_buf_putc(j->out, '\n');
}
