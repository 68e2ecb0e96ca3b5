/* Base64 for media embedded in text formats (cbxml, JSON). */
#include "config.h"

#include <casebook/plugin.h>

#include <stdint.h>
#include <stdlib.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *cb_base64_encode(const void *data, size_t len, size_t *out_len)
{
	if (len > (SIZE_MAX / 4) * 3 - 3)
		return NULL;
	size_t n = (len + 2) / 3 * 4;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	const unsigned char *s = data;
	size_t o = 0, i = 0;
	for (; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < len ? (uint32_t)s[i + 1] << 8 : 0);
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	if (out_len)
		*out_len = o;
	return out;
}

static int value_of(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

unsigned char *cb_base64_decode(const char *text, size_t len, size_t *out_len)
{
	unsigned char *out = malloc(len / 4 * 3 + 3);
	if (!out)
		return NULL;
	uint32_t acc = 0;
	int bits = 0, pad = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		int v = value_of(c);
		if (v < 0 || pad) { /* a character after padding is not base64 either */
			free(out);
			return NULL;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Left-over bits must be fewer than a byte and zero; padding must complete a quantum. */
	if (bits >= 6 || acc != 0 || pad > 2 || (pad && (bits / 2 != pad))) {
		free(out);
		return NULL;
	}
	if (out_len)
		*out_len = o;
	return out;
}
