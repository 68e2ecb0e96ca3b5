/* A growing byte buffer for building text (JSON, reports, normalised strings). Internal.
 *
 * A buffer that fails to grow remembers it and ignores later appends, so builders append without
 * checking each call and look at `failed` once at the end. */
#ifndef CB_STRBUF_H
#define CB_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cbi_buf {
	char *data; /* NUL-terminated once anything was added */
	size_t len, cap;
	bool failed;
} cbi_buf;

#define CBI_BUF_INIT {NULL, 0, 0, false}

void cbi_buf_add(cbi_buf *b, const char *s, size_t len);
void cbi_buf_puts(cbi_buf *b, const char *s);
void cbi_buf_putc(cbi_buf *b, char c);
void cbi_buf_printf(cbi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents to the caller (free with free()); an empty buffer gives "". NULL when the
 * buffer failed; the buffer is empty afterwards either way. */
char *cbi_buf_steal(cbi_buf *b);
void cbi_buf_free(cbi_buf *b);

/* A NUL-terminated copy of s[0..len) (free with free()); NULL when out of memory. */
char *cbi_strndup(const char *s, size_t len);

#endif
