/* Text normalisation for extraction. Internal.
 *
 * Two levels, so that the school's own wording can be kept beside the canonical value:
 *   light  Unicode NFC (utf8proc), Hangul private-use glyphs mapped, other private-use and
 *          format characters dropped, every run of white space one space, lines trimmed, empty
 *          lines dropped (lines stay separated by '\n');
 *   full   light, then middle-dot, bullet and square variants and full-width ASCII mapped to one
 *          spelling each. This mapping replaces one character by one character, so an offset in
 *          the full text maps back to the same place in the light text (cbi_norm_light_slice).
 * Patterns of the profile match full text. */
#ifndef CB_NORMALISE_H
#define CB_NORMALISE_H

#include <stddef.h>
#include <stdint.h>

/* Light normalisation of len bytes of UTF-8 (ill-formed bytes become U+FFFD). Caller frees;
 * NULL when out of memory. */
char *cbi_norm_light(const char *s, size_t len);
/* Full normalisation of light text. Caller frees; NULL when out of memory. */
char *cbi_norm_full(const char *light);
/* Both steps at once. */
char *cbi_normalise(const char *s, size_t len);
/* The character a full normalisation maps c to (c itself when unchanged). */
uint32_t cbi_norm_char(uint32_t c);
/* The part of light that full[start..end) came from (full = cbi_norm_full(light)). Caller frees. */
char *cbi_norm_light_slice(const char *light, const char *full, size_t start, size_t end);

/* Decodes the code point at s[*i], advancing *i; an ill-formed byte is U+FFFD (one byte), and
 * at the terminating NUL it returns 0 without advancing. */
uint32_t cbi_utf8_next(const char *s, size_t *i);
/* Encodes c into out (at least 4 bytes); returns the length. */
size_t cbi_utf8_put(uint32_t c, char *out);
/* Whether c is a precomposed Hangul syllable (U+AC00..U+D7A3). */
static inline int cbi_is_syllable(uint32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

#endif
