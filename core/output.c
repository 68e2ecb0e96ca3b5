/* The writer-facing side of outputs: an in-memory buffer that grows by doubling. */
#include "config.h"

#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cb_output_write(cb_output *out, const void *data, size_t len)
{
	if (out->failed)
		return -1;
	if (!out->data || out->cap - out->len <= len) {
		size_t cap = out->cap ? out->cap : 4096;
		while (cap - out->len <= len) {
			if (cap > SIZE_MAX / 2) {
				out->failed = true;
				return -1;
			}
			cap *= 2;
		}
		char *grown = realloc(out->data, cap);
		if (!grown) {
			out->failed = true;
			cb_diags_add(out->diags, CB_SEV_ERROR, CB_E_NOMEM, out->name, NULL, 0,
			             "out of memory writing the output");
			return -1;
		}
		out->data = grown;
		out->cap = cap;
	}
	memcpy(out->data + out->len, data, len);
	out->len += len;
	out->data[out->len] = '\0'; /* room is kept for it: cap - len > write length */
	return 0;
}

int cb_output_puts(cb_output *out, const char *s)
{
	return cb_output_write(out, s, strlen(s));
}

int cb_output_printf(cb_output *out, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out->failed = true;
		return -1;
	}
	if ((size_t)n < sizeof small)
		return cb_output_write(out, small, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (!big) {
		out->failed = true;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int r = cb_output_write(out, big, (size_t)n);
	free(big);
	return r;
}

const char *cb_output_name(const cb_output *out) { return out->name; }

void cb_output_report(cb_output *out, cb_severity sev, cb_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(out->diags, sev, code, out->name, NULL, 0, fmt, ap);
	va_end(ap);
}
