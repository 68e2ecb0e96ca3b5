/* SHA-256 through nettle: a real, reviewed implementation rather than one of our own (see
 * configure.ac for why nettle). */
#include "config.h"

#include "digest.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>

static void to_hex(struct sha256_ctx *ctx, char hex[CBI_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

void cbi_sha256_hex(const void *data, size_t len, char hex[CBI_SHA256_HEX])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	to_hex(&ctx, hex);
}

bool cbi_sha256_file(const char *path, char hex[CBI_SHA256_HEX])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	uint8_t buf[64 * 1024];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&ctx, n, buf);
	bool ok = !ferror(f);
	int saved = errno;
	fclose(f);
	if (!ok) {
		errno = saved;
		return false;
	}
	to_hex(&ctx, hex);
	return true;
}
