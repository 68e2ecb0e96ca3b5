/* A batch's worker process: takes a path at a time from its parent, does the per-input stage
 * (build.c) or finds its result in the cache, and answers with the result as a cbxml document.
 * Before a reader runs it names it, so that the parent can say which reader a crash or a hang was
 * in. Whatever a reader does to this process costs the parent one input, never the batch. */
#include "config.h"

#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* AddressSanitizer reserves terabytes of address space up front: a limit on it would stop the
 * sanitizer, not the reader, so sanitized builds run their workers without one. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifdef UNDER_ASAN
#include <sanitizer/lsan_interface.h>
#endif

/* Workers leave with _exit, which LeakSanitizer does not watch: under it, a worker checks for
 * leaks itself first, so that the sanitizer test run covers the per-input stage too. */
static void leave(int status) __attribute__((noreturn));
static void leave(int status)
{
#ifdef UNDER_ASAN
	if (__lsan_do_recoverable_leak_check())
		_exit(23);
#endif
	_exit(status);
}

bool cb_batch_memory_limited(void)
{
#ifdef UNDER_ASAN
	return false;
#else
	return true;
#endif
}

#ifndef UNDER_ASAN
/* This process's address space in bytes (Linux's /proc); 0 where it cannot be read. */
static uint64_t inherited_address_space(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long long pages = 0;
	if (f) {
		if (fscanf(f, "%llu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
}
#endif

static void setup_process(const cbi_stage *s)
{
	/* SIGINT is ignored already (pool.c): the parent decides what stops and kills. */
	signal(SIGPIPE, SIG_DFL); /* a parent gone: writing to it ends this process */
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none); /* a crash is a failed input, not a core file */
#ifndef UNDER_ASAN
	if (s->memory_limit) {
		/* The limit is on what the worker adds: a worker forked late in a long batch inherits
		 * the parent's larger address space (shared until written), which must not eat into
		 * the room a reader gets. */
		uint64_t limit = s->memory_limit + inherited_address_space();
		struct rlimit mem = {(rlim_t)limit, (rlim_t)limit};
		setrlimit(RLIMIT_AS, &mem);
	}
#endif
	/* Standard output is the command's; what a reader prints there is lost, not mixed in. */
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		close(null);
	}
}

static bool read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1); /* the parent is gone */
		p += n;
		len -= (size_t)n;
	}
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void send_message(int fd, int type, const void *head, size_t head_len, const void *body,
                         size_t len)
{
	unsigned char h[5];
	h[0] = (unsigned char)type;
	put32(h + 1, (uint32_t)(head_len + len));
	write_all(fd, h, sizeof h);
	write_all(fd, head, head_len);
	write_all(fd, body, len);
}

/* "2 GiB", "512 MiB" or "1000000 bytes". */
static void size_text(uint64_t bytes, char *buf, size_t size)
{
	if (bytes && bytes % (1u << 30) == 0)
		snprintf(buf, size, "%llu GiB", (unsigned long long)(bytes >> 30));
	else if (bytes && bytes % (1u << 20) == 0)
		snprintf(buf, size, "%llu MiB", (unsigned long long)(bytes >> 20));
	else
		snprintf(buf, size, "%llu bytes", (unsigned long long)bytes);
}

static bool has_code(const cb_diags *d, cb_code code)
{
	for (size_t i = 0; i < cb_diags_count(d); i++)
		if (cb_diag_code(cb_diags_at(d, i)) == code)
			return true;
	return false;
}

/* Under a memory limit, an input that ran out of memory hit the limit: say so, in the words of
 * the option, rather than "out of memory". */
static void blame_the_limit(const cbi_stage *s, cbi_input *x, const char *reader)
{
	char limit[48], why[160];
	size_text(s->memory_limit, limit, sizeof limit);
	snprintf(why, sizeof why, "exceeded the memory limit of %s in reader %s", limit, reader);
	cb_diags_add(x->diags, CB_SEV_ERROR, CB_E_LIMIT, x->path, NULL, 0,
	             "%s (--memory-limit)", why);
	char *reason = strdup(why);
	if (reason) {
		free(x->reason);
		x->reason = reason;
	}
}

static void clear(cbi_input *x)
{
	free(x->reason);
	free(x->format);
	cb_case_free(x->c);
	cb_diags_free(x->diags);
}

static void do_job(const cbi_stage *s, int fd, char *path, unsigned job_flags)
{
	cbi_input x = {path, CB_STATUS_OK, NULL, NULL, NULL, (size_t)-1, cb_diags_new(), NULL};
	unsigned char done = 0;
	cbi_cache_key key;
	bool keyed = false, memory = false;
	char *result = NULL;
	size_t len = 0;
	char sha[CBI_SHA256_HEX] = "";
	uint8_t secret[CBI_SECRET_SIZE];
	const cb_plugin *reader = NULL;
	if (!x.diags)
		_exit(3);
	if (!cbi_source_digests(path, sha, secret))
		cb_diags_add(x.diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot open: %s",
		             strerror(errno));
	else
		reader = cb_detect_file(s->ctx, path, x.diags);
	if (reader && s->cache) {
		cbi_cache_key_for(s->cache, secret, reader, &key);
		keyed = true;
		cbi_cache_found f = job_flags & CBI_JOB_NO_CACHE
		                        ? CBI_CACHE_MISS
		                        : cbi_cache_load(s->cache, &key, &result, &len);
		if (f == CBI_CACHE_HIT)
			done |= CBI_DONE_CACHED;
		else if (f == CBI_CACHE_CORRUPT)
			done |= CBI_DONE_REBUILT;
	}
	if (!(done & CBI_DONE_CACHED)) {
		const char *name = reader ? cb_plugin_get_descriptor(reader)->name : NULL;
		if (name)
			send_message(fd, CBI_MSG_READING, NULL, 0, name, strlen(name));
		bool ok = cbi_input_read(s->ctx, s->profile, s->flags, &x, reader, sha);
		memory = s->memory_limit && cb_batch_memory_limited() && has_code(x.diags, CB_E_NOMEM);
		if (ok && memory)
			blame_the_limit(s, &x, name ? name : "(none)");
		ok = ok && cbi_result_encode(s->ctx, &x, &result, &len, x.diags);
		if (!ok) {
			/* The case could not be sent: the input fails, with what can still be said. */
			clear(&x);
			x = (cbi_input){path, CB_STATUS_FAILED, strdup("out of memory in the worker"),
			                NULL, NULL, (size_t)-1, NULL, NULL};
			memory = true;
			if (!x.reason || !cbi_result_encode(s->ctx, &x, &result, &len, NULL))
				_exit(3);
		}
		if (memory)
			done |= CBI_DONE_MEMORY;
		/* Only what the input itself decides is kept: not a failure of this process, not a read
		 * error that may not happen again. */
		if (keyed && (memory || has_code(x.diags, CB_E_NOMEM) || has_code(x.diags, CB_E_IO) ||
		              !cbi_cache_store(s->cache, &key, result, len)))
			keyed = false;
	}
	unsigned char head[2 + CBI_SHA256_HEX];
	size_t name_len = keyed ? strlen(key.name) : 0;
	head[0] = done;
	head[1] = (unsigned char)name_len;
	memcpy(head + 2, keyed ? key.name : "", name_len);
	send_message(fd, CBI_MSG_DONE, head, 2 + name_len, result, len);
	free(result);
	x.path = NULL;
	clear(&x);
	if (memory)
		_exit(0); /* what the reader left allocated goes with the process: no leak check */
}

void cbi_worker_main(const cbi_stage *s, int fd)
{
	setup_process(s);
	for (;;) {
		unsigned char h[5];
		if (!read_all(fd, h, sizeof h))
			leave(0); /* the parent closed: no more work */
		uint32_t len = get32(h + 1);
		char *path = malloc((size_t)len + 1);
		if (!path || !read_all(fd, path, len))
			_exit(3);
		path[len] = '\0';
		do_job(s, fd, path, h[0]);
		free(path);
	}
}
