/* Growing text buffers. */
#include "config.h"

#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(cbi_buf *b, size_t more)
{
	if (b->failed)
		return false;
	if (more >= (size_t)-1 / 2 - b->len) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + more + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *d = realloc(b->data, cap);
	if (!d) {
		b->failed = true;
		return false;
	}
	b->data = d;
	b->cap = cap;
	return true;
}

void cbi_buf_add(cbi_buf *b, const char *s, size_t len)
{
	if (!reserve(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void cbi_buf_puts(cbi_buf *b, const char *s)
{
	cbi_buf_add(b, s, strlen(s));
}

void cbi_buf_putc(cbi_buf *b, char c)
{
	cbi_buf_add(b, &c, 1);
}

void cbi_buf_printf(cbi_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *cbi_buf_steal(cbi_buf *b)
{
	char *s = b->failed ? NULL : b->data ? b->data : calloc(1, 1);
	if (b->failed)
		free(b->data);
	*b = (cbi_buf)CBI_BUF_INIT;
	return s;
}

void cbi_buf_free(cbi_buf *b)
{
	free(b->data);
	*b = (cbi_buf)CBI_BUF_INIT;
}

char *cbi_strndup(const char *s, size_t len)
{
	char *d = malloc(len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}
