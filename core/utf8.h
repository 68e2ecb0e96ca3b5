/* UTF-8 checks the model builder and the CLI share. Internal. */
#ifndef CB_UTF8_H
#define CB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0 if it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are not well formed). */
size_t cbi_utf8_sequence(const unsigned char *s, size_t n);

/* Whether the text can go into the model as it is: well-formed UTF-8 with no control character
 * other than tab and line feed, and no noncharacter U+FFFE/U+FFFF. */
bool cbi_utf8_is_clean(const char *s, size_t n);

/* Copies s into out (which must hold 3 * n + 1 bytes), replacing each ill-formed byte with U+FFFD
 * and dropping other control characters and U+FFFE/U+FFFF. Returns the copied length; out is
 * NUL-terminated. */
size_t cbi_utf8_clean(const char *s, size_t n, char *out);

#endif
