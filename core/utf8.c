/* Well-formedness per Unicode's table 3-7, written out so that the model's one hot path (every
 * text run of every document passes through it) needs no conversion library call. */
#include "config.h"

#include "utf8.h"

#include <string.h>

size_t cbi_utf8_sequence(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Characters the model never holds, given the sequence at s of length len. */
static bool unwanted(const unsigned char *s, size_t len)
{
	if (len == 1)
		return (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n') || s[0] == 0x7F;
	if (len == 2)
		return s[0] == 0xC2 && s[1] < 0xA0; /* C1 controls U+0080..U+009F */
	return len == 3 && s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF);
}

bool cbi_utf8_is_clean(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x7F) { /* the common case first */
			i++;
			continue;
		}
		/* Then Hangul and the rest of U+1000..U+CFFF: lead bytes E1..EC take any two
		 * continuation bytes, and none of them is unwanted. */
		if (s[i] - 0xE1u <= 0xECu - 0xE1u && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		size_t len = cbi_utf8_sequence(s + i, n - i);
		if (len == 0 || unwanted(s + i, len))
			return false;
		i += len;
	}
	return true;
}

size_t cbi_utf8_clean(const char *str, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0;
	while (i < n) {
		size_t len = cbi_utf8_sequence(s + i, n - i);
		if (len == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		if (!unwanted(s + i, len)) {
			memcpy(out + o, s + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return o;
}
