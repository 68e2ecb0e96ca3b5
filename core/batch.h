/* The batch engine, as its files share it (batch.c, pool.c, worker.c, result.c, cache.c, lock.c,
 * shard.c). Internal.
 *
 * The parent walks the inputs, forks workers and hands each a path at a time; a worker reads the
 * input (or finds it in the cache) and answers with the input's result, a cbxml document: the
 * case's content as the body, everything else as metadata (result.c). The parent restores each
 * result into the build as it arrives, and assembles once all are in. */
#ifndef CB_BATCH_H
#define CB_BATCH_H

#include "build_private.h"

#include <stdint.h>
#include <sys/types.h>

/* --- results (result.c) ------------------------------------------------------------------- */

/* An input's result as bytes: status, reason, format, the reader's diagnostics and the case with
 * its unmasked fields, content, findings and diagnostics. *data is the caller's to free. False
 * when out of memory or when the cbxml writer failed (diags). */
bool cbi_result_encode(cb_context *ctx, const cbi_input *x, char **data, size_t *len,
                       cb_diags *diags);
/* Restores a result into x, whose path is kept (a result from the cache may have been made under
 * another path: the path it names is replaced by x's). flags must be the build's. False, with
 * the reason in diags, when the bytes are not a result. */
bool cbi_result_decode(cb_context *ctx, const cb_profile *p, unsigned flags, const char *data,
                       size_t len, cbi_input *x, cb_diags *diags);
/* Restores a result keeping the path it names (assembling shards): x->path is set from it. */
bool cbi_result_decode_as_stored(cb_context *ctx, const cb_profile *p, unsigned flags,
                                 const char *data, size_t len, cbi_input *x, cb_diags *diags);

/* --- the cache (cache.c) ------------------------------------------------------------------ */

#define CBI_SECRET_SIZE 32

/* A file's published digest (hex) and its secret: a second digest of its bytes, under another
 * prefix, that the cache derives its keys from. The published digest does not give the secret;
 * only the bytes do. False (errno set) when the file cannot be read. */
bool cbi_source_digests(const char *path, char sha256[CBI_SHA256_HEX],
                        uint8_t secret[CBI_SECRET_SIZE]);

typedef struct cbi_cache cbi_cache;
/* The cache in dir for this profile (its file's bytes), these flags and the context's limits;
 * the folder is made on first store. NULL when out of memory. */
cbi_cache *cbi_cache_new(const char *dir, const cb_profile *p, unsigned flags,
                         const cb_context *ctx);
void cbi_cache_free(cbi_cache *c);

/* An entry's file name (hex) and key, for one source read by one reader. */
typedef struct cbi_cache_key {
	char name[CBI_SHA256_HEX];
	uint8_t key[32];
} cbi_cache_key;
void cbi_cache_key_for(const cbi_cache *c, const uint8_t secret[CBI_SECRET_SIZE],
                       const cb_plugin *reader, cbi_cache_key *k);

typedef enum cbi_cache_found { CBI_CACHE_MISS, CBI_CACHE_HIT, CBI_CACHE_CORRUPT } cbi_cache_found;
/* Looks an entry up. A hit gives the result's bytes (*data, the caller's to free). An entry that
 * does not decrypt and verify (damaged, truncated, tampered with) is removed and reported as
 * corrupt, never used. */
cbi_cache_found cbi_cache_load(const cbi_cache *c, const cbi_cache_key *k, char **data,
                               size_t *len);
/* Stores an entry atomically (a temporary file renamed into place); false when it could not
 * (the build goes on without it). */
bool cbi_cache_store(const cbi_cache *c, const cbi_cache_key *k, const char *data, size_t len);
/* Removes every entry not named in keep (sorted with strcmp), and leftovers of runs that were
 * killed: after a complete run, what it did not use is stale. */
void cbi_cache_prune(const cbi_cache *c, char *const *keep, size_t nkeep);

/* --- the lock (lock.c) -------------------------------------------------------------------- */

typedef struct cbi_lock cbi_lock;
/* Locks dir/.casebook.lock for this process. NULL, with the reason in diags, when another
 * process holds it or it cannot be made. */
cbi_lock *cbi_lock_take(const char *dir, cb_diags *diags);
void cbi_lock_release(cbi_lock *l);
/* The descriptor of the lock file (workers close it). */
int cbi_lock_fd(const cbi_lock *l);

/* --- workers (worker.c: the child's side; pool.c: the parent's) --------------------------- */

/* What a worker needs to do its inputs. */
typedef struct cbi_stage {
	cb_context *ctx;
	const cb_profile *profile;
	unsigned flags;
	const cbi_cache *cache; /* NULL: no cache */
	uint64_t memory_limit;  /* bytes of address space; 0: none */
} cbi_stage;

/* Messages from a worker: a type byte, a 4-byte little-endian length, the body. */
enum {
	CBI_MSG_READING = 'R', /* body: the name of the reader about to run */
	CBI_MSG_DONE = 'D'     /* body: flags byte, entry name length byte, entry name, result */
};
/* The flags byte of a result. */
enum {
	CBI_DONE_CACHED = 1,  /* the result came from the cache */
	CBI_DONE_REBUILT = 2, /* the cache entry was corrupted and the input read again */
	CBI_DONE_MEMORY = 4   /* the memory limit was reached: the worker exits after this */
};
/* A job: a flags byte, the path's length (4 bytes, little-endian), the path. */
enum { CBI_JOB_NO_CACHE = 1 }; /* read the input even if the cache has it */

/* The worker's loop: jobs in and messages out through fd (its end of a socket pair), until the
 * parent closes its end. Sets up the process first (no core files, the memory limit, SIGINT
 * ignored: the parent decides when to stop). Never returns. */
void cbi_worker_main(const cbi_stage *s, int fd) __attribute__((noreturn));

typedef struct cbi_worker {
	pid_t pid;       /* 0: the slot is free */
	int fd;          /* the parent's end of the socket pair */
	size_t job;      /* the input being done, or (size_t)-1 */
	double started;  /* when it was given, on the monotonic clock */
	char reader[64]; /* the reader it said it runs; "" before */
	cbi_buf in;      /* bytes received */
	size_t taken;    /* bytes of the message last returned, dropped at the next call */
	bool eof;        /* the worker closed its end (it exited or died) */
	bool leaving;    /* it said it exits after its answer: no more jobs for it */
} cbi_worker;

typedef struct cbi_pool {
	cbi_worker *w;
	size_t n;
	const cbi_stage *stage;
	int keep_fd; /* the lock's descriptor, closed in children; -1: none */
} cbi_pool;

/* Starts worker i of the pool (its slot must be free). False when fork or socketpair failed. */
bool cbi_pool_start(cbi_pool *pool, size_t i);
/* Gives worker i input index (path). False when the worker cannot take it (it died). */
bool cbi_pool_send(cbi_pool *pool, size_t i, size_t index, const char *path, unsigned flags);
/* Reads what the worker has sent; sets eof when its end closed. False when out of memory. */
bool cbi_pool_read(cbi_worker *w);
/* Takes the worker's next complete message: its type, and its body (valid until the next call).
 * False when none is complete. */
bool cbi_pool_message(cbi_worker *w, int *type, const char **body, size_t *len);
/* Ends worker i (SIGKILL first when kill), reaps it and frees its slot; *status gets its wait
 * status and *maxrss_kb its peak resident memory (either may be NULL). */
void cbi_pool_stop(cbi_pool *pool, size_t i, bool kill, int *status, long *maxrss_kb);
/* Ends every worker: idle ones see their socket close and exit; hard kills them all first.
 * Returns the exit status of the last worker that left with one other than 0 (a sanitizer's
 * report, a plugin's exit handler gone wrong), or 0. */
int cbi_pool_close(cbi_pool *pool, bool hard);

/* Seconds on the monotonic clock. */
double cbi_now(void);

/* --- shards (shard.c) --------------------------------------------------------------------- */

/* Which shard (0 .. n-1) a path falls to: a hash of its bytes, the same on every machine. */
unsigned cbi_shard_of(const char *path, unsigned n);

/* What a shard's file says about the build it belongs to. */
typedef struct cbi_shard_info {
	unsigned k, n;     /* shard k (1-based) of n */
	unsigned flags;    /* the build's */
	size_t total;      /* inputs of the whole build */
	char profile[CBI_SHA256_HEX]; /* digest of the profile's file */
} cbi_shard_info;

/* The batch's output folder (owned by the batch). */
const char *cbi_batch_outdir(const cb_batch *bt);

/* Writes the shard's file into dir. */
cb_code cbi_shard_write(cb_context *ctx, const char *dir, const cbi_shard_info *info,
                        const cb_build *b, cb_diags *diags);

/* The digest of the profile's file (what shards and the cache compare); "" when unreadable. */
void cbi_profile_digest(const cb_profile *p, char hex[CBI_SHA256_HEX]);

#endif
