/* The cache: each input's result, kept under the output folder so that a second build reads only
 * what changed.
 *
 * An entry is found by a name derived from the submission's bytes, the reader that reads it (its
 * name, version and shared object), the profile (its file's bytes), the build's flags and limits
 * and this library (its version and shared object): change any of them and the entry is not
 * found, so a stale result is never used. The bytes are read anyway, to know the name.
 *
 * A result holds the case before the build's masking (which needs every case's findings), so an
 * entry must not be readable as it is: it is encrypted and authenticated (ChaCha20-Poly1305,
 * nettle's) with a key derived, like its name, from a secret that only the submission's bytes give
 * (a digest of them under a prefix of ours; not the SHA-256 the casebook publishes). Whoever can
 * decrypt an entry already holds the submission. The tag doubles as the entry's checksum: an
 * entry damaged in any byte, truncated or swapped for another fails it, and is removed and read
 * again rather than trusted.
 *
 * Layout of an entry: "CBCACHE1", a 12-byte random nonce, the ciphertext, the 16-byte tag. */
#include "config.h"

#include "batch.h"

#include "digest.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/chacha-poly1305.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "CBCACHE1"
#define MAGIC_LEN 8
#define NONCE_LEN CHACHA_POLY1305_NONCE_SIZE
#define TAG_LEN CHACHA_POLY1305_DIGEST_SIZE
/* Larger entries are not kept: a result is a case, far below this. */
#define MAX_ENTRY (256u << 20)

struct cbi_cache {
	char *dir;
	uint8_t params[SHA256_DIGEST_SIZE]; /* profile, flags, limits, library */
};

bool cbi_source_digests(const char *path, char sha256[CBI_SHA256_HEX],
                        uint8_t secret[CBI_SECRET_SIZE])
{
	static const char prefix[] = "casebook cache secret 1\n";
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return false;
	struct sha256_ctx pub, sec;
	sha256_init(&pub);
	sha256_init(&sec);
	sha256_update(&sec, sizeof prefix - 1, (const uint8_t *)prefix);
	uint8_t buf[64 * 1024];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return false;
		}
		sha256_update(&pub, (size_t)n, buf);
		sha256_update(&sec, (size_t)n, buf);
	}
	close(fd);
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&pub, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		sha256[2 * i] = digits[d[i] >> 4];
		sha256[2 * i + 1] = digits[d[i] & 15];
	}
	sha256[2 * sizeof d] = '\0';
	sha256_digest(&sec, CBI_SECRET_SIZE, secret);
	return true;
}

void cbi_profile_digest(const cb_profile *p, char hex[CBI_SHA256_HEX])
{
	if (!cbi_sha256_file(p->path, hex))
		hex[0] = '\0';
}

/* A shared object's identity: its size and modification time. A rebuilt reader or library makes
 * other results, possibly under the same version; this tells them apart. */
static void add_file_identity(struct sha256_ctx *h, const char *path)
{
	struct stat st;
	char id[96] = "";
	if (path && stat(path, &st) == 0)
		snprintf(id, sizeof id, "%lld %lld.%09ld", (long long)st.st_size,
		         (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	sha256_update(h, strlen(id) + 1, (const uint8_t *)id);
}

static void add_string(struct sha256_ctx *h, const char *s)
{
	s = s ? s : "";
	sha256_update(h, strlen(s) + 1, (const uint8_t *)s);
}

cbi_cache *cbi_cache_new(const char *dir, const cb_profile *p, unsigned flags,
                         const cb_context *ctx)
{
	cbi_cache *c = calloc(1, sizeof *c);
	if (!c || !(c->dir = strdup(dir))) {
		free(c);
		return NULL;
	}
	struct sha256_ctx h;
	sha256_init(&h);
	add_string(&h, "casebook cache 1");
	add_string(&h, CB_VERSION);
	Dl_info self;
	add_file_identity(&h, dladdr((void *)cbi_cache_new, &self) ? self.dli_fname : NULL);
	char profile[CBI_SHA256_HEX];
	cbi_profile_digest(p, profile);
	add_string(&h, profile);
	char num[64];
	snprintf(num, sizeof num, "%u", flags);
	add_string(&h, num);
	for (int i = 0; i < CB_LIMIT_COUNT_; i++) {
		snprintf(num, sizeof num, "%llu",
		         (unsigned long long)cb_context_limit(ctx, (cb_limit)i));
		add_string(&h, num);
	}
	sha256_digest(&h, sizeof c->params, c->params);
	return c;
}

void cbi_cache_free(cbi_cache *c)
{
	if (!c)
		return;
	free(c->dir);
	free(c);
}

void cbi_cache_key_for(const cbi_cache *c, const uint8_t secret[CBI_SECRET_SIZE],
                       const cb_plugin *reader, cbi_cache_key *k)
{
	const cb_plugin_descriptor *d = cb_plugin_get_descriptor(reader);
	struct sha256_ctx h;
	sha256_init(&h);
	sha256_update(&h, sizeof c->params, c->params);
	add_string(&h, d->name);
	add_string(&h, d->version);
	add_file_identity(&h, cb_plugin_path(reader));
	uint8_t material[SHA256_DIGEST_SIZE];
	sha256_digest(&h, sizeof material, material);
	/* Two keyed digests under the secret: the name says nothing of the key. */
	struct hmac_sha256_ctx mac;
	uint8_t name[SHA256_DIGEST_SIZE];
	hmac_sha256_set_key(&mac, CBI_SECRET_SIZE, secret);
	hmac_sha256_update(&mac, sizeof material, material);
	hmac_sha256_update(&mac, 5, (const uint8_t *)"name");
	hmac_sha256_digest(&mac, sizeof name, name);
	hmac_sha256_update(&mac, sizeof material, material);
	hmac_sha256_update(&mac, 4, (const uint8_t *)"key");
	hmac_sha256_digest(&mac, sizeof k->key, k->key);
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof name; i++) {
		k->name[2 * i] = digits[name[i] >> 4];
		k->name[2 * i + 1] = digits[name[i] & 15];
	}
	k->name[2 * sizeof name] = '\0';
}

static char *entry_path(const cbi_cache *c, const char *name)
{
	char *p;
	return asprintf(&p, "%s/%s", c->dir, name) < 0 ? NULL : p;
}

/* The whole file, or NULL (errno ENOENT when there is none). */
static uint8_t *read_entry(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	if (fd < 0)
		return NULL;
	uint8_t *buf = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= MAX_ENTRY &&
	    (buf = malloc((size_t)st.st_size + 1))) {
		size_t got = 0;
		while (got < (size_t)st.st_size) {
			ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		*len = got;
	}
	close(fd);
	if (!buf)
		errno = EIO;
	return buf;
}

static void crypt_setup(struct chacha_poly1305_ctx *ctx, const cbi_cache_key *k,
                        const uint8_t *nonce)
{
	chacha_poly1305_set_key(ctx, k->key);
	chacha_poly1305_set_nonce(ctx, nonce);
	/* The name is authenticated too: an entry copied under another name does not verify. */
	chacha_poly1305_update(ctx, sizeof k->name - 1, (const uint8_t *)k->name);
}

cbi_cache_found cbi_cache_load(const cbi_cache *c, const cbi_cache_key *k, char **data,
                               size_t *len)
{
	*data = NULL;
	*len = 0;
	char *path = entry_path(c, k->name);
	size_t n = 0;
	uint8_t *raw = path ? read_entry(path, &n) : NULL;
	if (!raw) {
		free(path);
		return CBI_CACHE_MISS;
	}
	cbi_cache_found found = CBI_CACHE_CORRUPT;
	if (n >= MAGIC_LEN + NONCE_LEN + TAG_LEN && memcmp(raw, MAGIC, MAGIC_LEN) == 0) {
		size_t clen = n - MAGIC_LEN - NONCE_LEN - TAG_LEN;
		char *plain = malloc(clen + 1);
		if (!plain) {
			free(raw);
			free(path);
			return CBI_CACHE_MISS;
		}
		struct chacha_poly1305_ctx ctx;
		uint8_t tag[TAG_LEN];
		crypt_setup(&ctx, k, raw + MAGIC_LEN);
		chacha_poly1305_decrypt(&ctx, clen, (uint8_t *)plain, raw + MAGIC_LEN + NONCE_LEN);
		chacha_poly1305_digest(&ctx, TAG_LEN, tag);
		if (memcmp(tag, raw + n - TAG_LEN, TAG_LEN) == 0) {
			plain[clen] = '\0';
			*data = plain;
			*len = clen;
			found = CBI_CACHE_HIT;
		} else {
			free(plain);
		}
	}
	if (found == CBI_CACHE_CORRUPT)
		unlink(path);
	free(raw);
	free(path);
	return found;
}

static void make_nonce(uint8_t nonce[NONCE_LEN])
{
	if (getrandom(nonce, NONCE_LEN, 0) == NONCE_LEN)
		return;
	/* No entropy source: the time and the process still make a nonce that does not repeat
	 * under one key in practice (a key is one source, reader and profile). */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint32_t parts[3] = {(uint32_t)ts.tv_sec, (uint32_t)ts.tv_nsec, (uint32_t)getpid()};
	memcpy(nonce, parts, NONCE_LEN);
}

static bool write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

bool cbi_cache_store(const cbi_cache *c, const cbi_cache_key *k, const char *data, size_t len)
{
	if (len > MAX_ENTRY || (mkdir(c->dir, 0700) != 0 && errno != EEXIST))
		return false;
	size_t n = MAGIC_LEN + NONCE_LEN + len + TAG_LEN;
	uint8_t *raw = malloc(n);
	char *tmp = NULL, *path = entry_path(c, k->name);
	if (!raw || !path || asprintf(&tmp, "%s/tmp.XXXXXX", c->dir) < 0) {
		free(raw);
		free(path);
		return false;
	}
	memcpy(raw, MAGIC, MAGIC_LEN);
	make_nonce(raw + MAGIC_LEN);
	struct chacha_poly1305_ctx ctx;
	crypt_setup(&ctx, k, raw + MAGIC_LEN);
	chacha_poly1305_encrypt(&ctx, len, raw + MAGIC_LEN + NONCE_LEN, (const uint8_t *)data);
	chacha_poly1305_digest(&ctx, TAG_LEN, raw + n - TAG_LEN);
	/* mkstemp makes the file readable by its owner only. No fsync: an entry torn by a power
	 * cut fails its tag and is read again, which costs less than a sync per input. */
	int fd = mkstemp(tmp);
	bool ok = fd >= 0 && write_all(fd, raw, n);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(raw);
	free(tmp);
	free(path);
	return ok;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_entry_name(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == CBI_SHA256_HEX - 1 && !s[n];
}

void cbi_cache_prune(const cbi_cache *c, char *const *keep, size_t nkeep)
{
	DIR *d = opendir(c->dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		bool stale = strncmp(name, "tmp.", 4) == 0;
		if (!stale && is_entry_name(name))
			stale = !nkeep || !bsearch(&name, keep, nkeep, sizeof *keep, compare_names);
		char *path = stale ? entry_path(c, name) : NULL;
		if (path)
			unlink(path);
		free(path);
	}
	closedir(d);
}
