/* SHA-256 digests of sources and of normalised content. Internal. */
#ifndef CB_DIGEST_H
#define CB_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#define CBI_SHA256_HEX 65 /* 64 hex digits and a NUL */

/* The digest of bytes in memory, as lower-case hex. */
void cbi_sha256_hex(const void *data, size_t len, char hex[CBI_SHA256_HEX]);
/* The digest of a file's bytes, read in chunks; false (errno set) when it cannot be read. */
bool cbi_sha256_file(const char *path, char hex[CBI_SHA256_HEX]);

#endif
