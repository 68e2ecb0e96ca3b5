/* The batch engine: a build's per-input stage in worker processes, the parent scheduling them
 * and restoring their results, then assembling as a single process would. The parent never
 * reads a submission, and does not keep the cases either: each case the worker sent goes to the
 * build's spool (build.c) as it arrives, and the parent keeps a small entry per input, so its
 * memory follows neither the size of what was read nor the number of cases much.
 *
 * Results are stored at their input's index, and inputs are in the order of their paths, so the
 * build does not depend on how many workers ran or which finished first. A worker that crashes,
 * hangs past the timeout or dies at the memory limit costs its input (failed, with the reason)
 * and is replaced. */
#include "config.h"

#include "batch.h"

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 60
#define DEFAULT_MEMORY (2ull << 30)
#define TICK 0.1 /* seconds between progress ticks */

struct cb_batch {
	char *outdir;
	cbi_lock *lock;
	unsigned jobs, timeout;
	uint64_t memory;
	bool cache;
	unsigned shard, nshards; /* shard 1..nshards; nshards 0: not sharded */
	const volatile sig_atomic_t *stop;
	cb_batch_progress_fn progress;
	void *progress_data;
	/* the last run */
	bool interrupted, sharded_build;
	unsigned flags;
	size_t total; /* inputs of the whole build, before sharding */
	size_t counts[CB_BATCH_WORKERS + 1];
};

/* --- the batch ---------------------------------------------------------------------------- */

/* mkdir -p, the folder readable by its owner and group as usual. */
static bool make_dirs(const char *path, cb_diags *diags)
{
	char *p = strdup(path);
	bool ok = p != NULL;
	for (char *s = p ? p + 1 : NULL; ok && s && *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			ok = false;
		*s = '/';
	}
	if (ok && mkdir(path, 0777) != 0 && errno != EEXIST)
		ok = false;
	struct stat st;
	if (!ok || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0,
		             "cannot create the output folder: %s", strerror(errno ? errno : ENOTDIR));
		ok = false;
	}
	free(p);
	return ok;
}

cb_batch *cb_batch_open(const char *outdir, cb_diags *diags)
{
	errno = 0;
	if (!make_dirs(outdir, diags))
		return NULL;
	cb_batch *bt = calloc(1, sizeof *bt);
	if (!bt || !(bt->outdir = strdup(outdir))) {
		free(bt);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, outdir, NULL, 0, "out of memory");
		return NULL;
	}
	if (!(bt->lock = cbi_lock_take(outdir, diags))) {
		free(bt->outdir);
		free(bt);
		return NULL;
	}
	bt->timeout = DEFAULT_TIMEOUT;
	bt->memory = DEFAULT_MEMORY;
	bt->cache = true;
	return bt;
}

void cb_batch_free(cb_batch *bt)
{
	if (!bt)
		return;
	cbi_lock_release(bt->lock);
	free(bt->outdir);
	free(bt);
}

void cb_batch_set_jobs(cb_batch *bt, unsigned jobs) { bt->jobs = jobs; }
void cb_batch_set_timeout(cb_batch *bt, unsigned seconds) { bt->timeout = seconds; }
void cb_batch_set_memory_limit(cb_batch *bt, uint64_t bytes) { bt->memory = bytes; }
void cb_batch_set_cache(cb_batch *bt, bool use) { bt->cache = use; }

cb_code cb_batch_set_shard(cb_batch *bt, unsigned k, unsigned n)
{
	if (n == 0 || k == 0 || k > n)
		return CB_E_USAGE;
	bt->shard = k;
	bt->nshards = n;
	return CB_OK;
}

void cb_batch_set_stop_flag(cb_batch *bt, const volatile sig_atomic_t *flag) { bt->stop = flag; }

void cb_batch_set_progress(cb_batch *bt, cb_batch_progress_fn fn, void *data)
{
	bt->progress = fn;
	bt->progress_data = data;
}

bool cb_batch_interrupted(const cb_batch *bt) { return bt->interrupted; }

const char *cbi_batch_outdir(const cb_batch *bt) { return bt->outdir; }

size_t cb_batch_count(const cb_batch *bt, cb_batch_counter which)
{
	return (unsigned)which <= CB_BATCH_WORKERS ? bt->counts[which] : 0;
}

/* --- one run ------------------------------------------------------------------------------ */

typedef struct run {
	cb_batch *bt;
	cb_context *ctx;
	const cb_profile *p;
	cb_build *b;
	size_t *queue; /* inputs to give out, in order; an input read again is queued again */
	size_t nqueue, next, cap;
	unsigned char *state; /* per input: DONE, NO_CACHE */
	size_t total, done, failed, cached;
	double start, last_tick;
	cbi_pool pool;
	char **entries; /* cache entries the run used */
	size_t nentries;
	bool nomem;
} run;

enum { ST_DONE = 1, ST_NO_CACHE = 2 };

static void emit(run *r, const cbi_input *x, bool started, double seconds, unsigned flags)
{
	if (!r->bt->progress)
		return;
	cb_batch_progress ev = {
		.total = r->total,
		.done = r->done,
		.failed = r->failed,
		.cached = r->cached,
		.elapsed = cbi_now() - r->start,
		.path = x ? x->path : NULL,
		.started = started,
		.status = x && !started ? x->status : CB_STATUS_OK,
		.reason = x && !started ? x->reason : NULL,
		.seconds = seconds,
		.from_cache = (flags & CBI_DONE_CACHED) != 0,
		.cache_rebuilt = (flags & CBI_DONE_REBUILT) != 0,
	};
	r->bt->progress(&ev, r->bt->progress_data);
	r->last_tick = cbi_now();
}

static bool enqueue(run *r, size_t index)
{
	if (r->nqueue == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		size_t *grown = realloc(r->queue, cap * sizeof *grown);
		if (!grown)
			return false;
		r->queue = grown;
		r->cap = cap;
	}
	r->queue[r->nqueue++] = index;
	return true;
}

static void forget(cbi_input *x)
{
	free(x->reason);
	free(x->format);
	cb_case_free(x->c);
	cbi_caseinfo_free(x->info);
	cb_diags_free(x->diags);
	x->reason = x->format = NULL;
	x->c = NULL;
	x->info = NULL;
	x->diags = NULL;
}

/* Records an input that failed in the parent's eyes (its worker crashed or was killed). */
static void fail_input(run *r, cbi_input *x, cb_code code, const char *why)
{
	forget(x);
	x->status = CB_STATUS_FAILED;
	x->diags = cb_diags_new();
	x->reason = strdup(why);
	if (!x->diags || !x->reason)
		r->nomem = true;
	else
		cb_diags_add(x->diags, CB_SEV_ERROR, code, x->path, NULL, 0, "%s", why);
}

static void finished(run *r, size_t index, double seconds, unsigned flags)
{
	const cbi_input *x = &r->b->in.items[index];
	r->state[index] |= ST_DONE;
	r->done++;
	r->failed += x->status == CB_STATUS_FAILED;
	if (flags & CBI_DONE_CACHED) {
		r->cached++;
		r->bt->counts[CB_BATCH_CACHED]++;
	} else if (x->format || x->c) {
		r->bt->counts[CB_BATCH_READ]++;
	}
	if (flags & CBI_DONE_REBUILT)
		r->bt->counts[CB_BATCH_REBUILT]++;
	emit(r, x, false, seconds, flags);
}

static void note_entry(run *r, const char *name, size_t len)
{
	char **grown = realloc(r->entries, (r->nentries + 1) * sizeof *grown);
	char *copy = grown ? cbi_strndup(name, len) : NULL;
	if (grown)
		r->entries = grown;
	if (copy)
		r->entries[r->nentries++] = copy;
}

static void give(run *r, size_t i);

/* A worker's answer: the input's result, restored into the build. The worker gets its next
 * input first, so that it reads while this process restores. */
static void take_result(run *r, size_t wi, const char *body, size_t len)
{
	cbi_worker *w = &r->pool.w[wi];
	size_t index = w->job;
	double seconds = cbi_now() - w->started;
	w->job = (size_t)-1;
	const unsigned char *u = (const unsigned char *)body;
	if (index == (size_t)-1)
		return;
	cbi_input *x = &r->b->in.items[index];
	if (len < 2 || len < 2u + u[1]) {
		fail_input(r, x, CB_E_INVALID, "the worker's answer was cut short");
		finished(r, index, seconds, 0);
		return;
	}
	unsigned flags = u[0];
	size_t name_len = u[1];
	if (flags & CBI_DONE_MEMORY) {
		w->leaving = true; /* it exits after this answer: its end of the socket is reaped */
		r->bt->counts[CB_BATCH_RESTARTED]++;
	}
	give(r, wi);
	cb_diags *why = cb_diags_new();
	if (!why) {
		r->nomem = true;
		return;
	}
	if (!cbi_result_decode(r->ctx, r->p, r->b->flags, body + 2 + name_len, len - 2 - name_len, x,
	                       why)) {
		/* A cached result that does not restore is read again, once, rather than trusted. */
		if ((flags & CBI_DONE_CACHED) && !(r->state[index] & ST_NO_CACHE)) {
			r->state[index] |= ST_NO_CACHE;
			if (!enqueue(r, index))
				r->nomem = true;
			cb_diags_free(why);
			return;
		}
		const cb_diag *d = cb_diags_at(why, 0);
		fail_input(r, x, CB_E_INVALID, d ? cb_diag_message(d) : "out of memory");
		flags &= ~(unsigned)CBI_DONE_CACHED;
	} else if (!cbi_build_keep(r->b, x, body + 2 + name_len, len - 2 - name_len)) {
		r->nomem = true;
	}
	cb_diags_free(why);
	if (name_len)
		note_entry(r, body + 2, name_len);
	finished(r, index, seconds, flags);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return " (SIGSEGV)";
	case SIGBUS: return " (SIGBUS)";
	case SIGILL: return " (SIGILL)";
	case SIGFPE: return " (SIGFPE)";
	case SIGABRT: return " (SIGABRT)";
	case SIGKILL: return " (SIGKILL)";
	case SIGTERM: return " (SIGTERM)";
	default: return "";
	}
}

static void size_text(uint64_t bytes, char *buf, size_t size)
{
	if (bytes % (1u << 30) == 0)
		snprintf(buf, size, "%llu GiB", (unsigned long long)(bytes >> 30));
	else
		snprintf(buf, size, "%llu MiB", (unsigned long long)(bytes >> 20));
}

/* A worker whose socket closed while it had an input (it crashed), or that ran past the
 * timeout (killed here). Its input fails with the reason; the slot is free for a new worker. The
 * messages are in English whatever the locale (strsignal's are not), so that every machine of a
 * sharded build writes the same report. */
static void lost_worker(run *r, size_t wi, bool timed_out)
{
	cbi_worker *w = &r->pool.w[wi];
	size_t index = w->job;
	double seconds = cbi_now() - w->started;
	char in_reader[96];
	if (w->reader[0])
		snprintf(in_reader, sizeof in_reader, "in reader %s", w->reader);
	else
		snprintf(in_reader, sizeof in_reader, "while detecting the format");
	int status = 0;
	long rss_kb = 0;
	cbi_pool_stop(&r->pool, wi, timed_out, &status, &rss_kb);
	if (index == (size_t)-1)
		return; /* it left between inputs (after the memory limit) */
	r->bt->counts[CB_BATCH_RESTARTED]++;
	char why[256];
	cb_code code = CB_E_CRASHED;
	if (timed_out) {
		snprintf(why, sizeof why, "timed out after %u s %s", r->bt->timeout, in_reader);
		code = CB_E_LIMIT;
	} else if (WIFSIGNALED(status)) {
		snprintf(why, sizeof why, "crashed with signal %d%s %s", WTERMSIG(status),
		         signal_name(WTERMSIG(status)), in_reader);
	} else {
		snprintf(why, sizeof why, "crashed (the worker exited with status %d) %s",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1, in_reader);
	}
	/* A reader that dies by a signal near the memory limit most likely died of it (a failed
	 * allocation it did not check). */
	uint64_t limit = r->bt->memory;
	if (!timed_out && limit && cb_batch_memory_limited() && (uint64_t)rss_kb * 1024 >= limit / 2) {
		char lim[48];
		size_text(limit, lim, sizeof lim);
		snprintf(why + strlen(why), sizeof why - strlen(why), " (near the memory limit of %s)",
		         lim);
	}
	fail_input(r, &r->b->in.items[index], code, why);
	finished(r, index, seconds, 0);
}

static bool stopped(const run *r) { return r->bt->stop && *r->bt->stop; }

/* Gives worker i, idle and alive, the next input if there is one. */
static void give(run *r, size_t i)
{
	cbi_worker *w = &r->pool.w[i];
	if (r->next >= r->nqueue || stopped(r) || !w->pid || w->job != (size_t)-1 || w->eof ||
	    w->leaving)
		return;
	size_t index = r->queue[r->next];
	unsigned flags = r->state[index] & ST_NO_CACHE ? CBI_JOB_NO_CACHE : 0;
	if (!cbi_pool_send(&r->pool, i, index, r->b->in.items[index].path, flags)) {
		w->eof = true; /* it died: reaped in the loop, the input goes to another */
		return;
	}
	r->next++;
	emit(r, &r->b->in.items[index], true, 0, 0);
}

/* Gives idle workers the next inputs, starting workers where slots are free. False when no
 * worker can be started at all. */
static bool hand_out(run *r, cb_diags *diags)
{
	for (size_t i = 0; i < r->pool.n && r->next < r->nqueue; i++) {
		if (!r->pool.w[i].pid && !cbi_pool_start(&r->pool, i)) {
			bool any = false;
			for (size_t k = 0; k < r->pool.n; k++)
				any = any || r->pool.w[k].pid;
			if (any)
				continue;
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, NULL, NULL, 0,
			             "cannot start a worker process: %s", strerror(errno));
			return false;
		}
		give(r, i);
	}
	return true;
}

static bool busy(const run *r)
{
	for (size_t i = 0; i < r->pool.n; i++)
		if (r->pool.w[i].job != (size_t)-1)
			return true;
	return false;
}

static void collect(run *r, size_t wi)
{
	cbi_worker *w = &r->pool.w[wi];
	if (!cbi_pool_read(w)) {
		r->nomem = true;
		return;
	}
	int type;
	const char *body;
	size_t len;
	while (w->pid && cbi_pool_message(w, &type, &body, &len)) {
		if (type == CBI_MSG_READING) {
			size_t n = len < sizeof w->reader - 1 ? len : sizeof w->reader - 1;
			memcpy(w->reader, body, n);
			w->reader[n] = '\0';
		} else if (type == CBI_MSG_DONE) {
			take_result(r, wi, body, len);
		}
	}
	if (w->eof)
		lost_worker(r, wi, false);
}

/* The scheduling loop: until every input is done, or the stop flag is seen. */
static bool schedule(run *r, cb_diags *diags)
{
	struct pollfd *pfd = calloc(r->pool.n, sizeof *pfd);
	size_t *which = calloc(r->pool.n, sizeof *which);
	bool ok = pfd && which;
	while (ok && !r->nomem && !stopped(r)) {
		if (!hand_out(r, diags)) {
			ok = false;
			break;
		}
		if (r->next >= r->nqueue && !busy(r))
			break;
		double now = cbi_now(), wait = TICK;
		nfds_t n = 0;
		for (size_t i = 0; i < r->pool.n; i++) {
			cbi_worker *w = &r->pool.w[i];
			if (!w->pid)
				continue;
			if (w->eof) { /* a send found it dead */
				collect(r, i);
				continue;
			}
			if (w->job != (size_t)-1 && r->bt->timeout) {
				double left = w->started + r->bt->timeout - now;
				wait = left < wait ? left : wait;
			}
			pfd[n] = (struct pollfd){.fd = w->fd, .events = POLLIN};
			which[n++] = i;
		}
		int ms = wait <= 0 ? 0 : (int)(wait * 1000) + 1;
		int got = n ? poll(pfd, n, ms) : 0;
		if (got < 0 && errno != EINTR) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, NULL, NULL, 0, "poll: %s",
			             strerror(errno));
			ok = false;
			break;
		}
		for (nfds_t k = 0; got > 0 && k < n; k++)
			if (pfd[k].revents && r->pool.w[which[k]].pid)
				collect(r, which[k]);
		now = cbi_now();
		for (size_t i = 0; i < r->pool.n && r->bt->timeout; i++) {
			cbi_worker *w = &r->pool.w[i];
			if (w->pid && w->job != (size_t)-1 && now - w->started >= r->bt->timeout)
				lost_worker(r, i, true);
		}
		if (now - r->last_tick >= TICK)
			emit(r, NULL, false, 0, 0);
	}
	free(pfd);
	free(which);
	return ok;
}

/* Keeps the inputs of this run's shard, and says how many the whole build has. */
static void keep_shard(cb_batch *bt, cb_build *b)
{
	bt->total = b->in.count;
	if (!bt->nshards)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < b->in.count; i++) {
		cbi_input *x = &b->in.items[i];
		if (cbi_shard_of(x->path, bt->nshards) == bt->shard - 1) {
			b->in.items[kept++] = *x;
		} else {
			forget(x);
			free(x->path);
		}
	}
	b->in.count = kept;
}

/* What a run killed at the wrong moment left in OUTDIR (temporary outputs that were never renamed
 * into place) and the partial report of an earlier stopped run go: under the lock, nothing else
 * can be writing them. */
static void tidy_outdir(const cb_batch *bt)
{
	DIR *d = opendir(bt->outdir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t n = strlen(name);
		bool temporary = name[0] == '.' && n > 8 && name[n - 7] == '.' &&
		                 (strncmp(name + 1, "casebook.", 9) == 0 ||
		                  strncmp(name + 1, "report.", 7) == 0 ||
		                  strncmp(name + 1, "index.", 6) == 0);
		bool partial = strcmp(name, "report.partial.json") == 0 ||
		               strcmp(name, "report.partial.txt") == 0;
		char *path = NULL;
		if ((temporary || partial) && asprintf(&path, "%s/%s", bt->outdir, name) >= 0)
			unlink(path);
		free(path);
	}
	closedir(d);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned processors(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static char *cache_dir(const cb_batch *bt)
{
	char *p;
	return asprintf(&p, "%s/.casebook-cache", bt->outdir) < 0 ? NULL : p;
}

/* Marks what the run did not get to. */
static void skip_the_rest(run *r)
{
	for (size_t i = 0; i < r->nqueue; i++) {
		size_t index = r->queue[i];
		cbi_input *x = &r->b->in.items[index];
		if (r->state[index] & ST_DONE)
			continue;
		forget(x);
		x->status = CB_STATUS_SKIPPED;
		if (!(x->reason = strdup("not read: the build was interrupted")))
			r->nomem = true;
		r->state[index] |= ST_DONE;
	}
}

/* A build that is written as a shard is not assembled; it gets an empty mask and no published
 * case, so that nothing that reads it can trip. */
static bool leave_unassembled(cb_build *b)
{
	b->mask = cbi_redactor_new(b->profile, !(b->flags & CB_BUILD_NO_REDACT));
	b->cases = calloc(1, sizeof *b->cases);
	b->ncases = 0;
	return b->mask && b->cases;
}

cb_build *cb_batch_run(cb_batch *bt, cb_context *ctx, const cb_profile *p,
                       const char *const *inputs, size_t ninputs, unsigned flags,
                       cb_diags *diags)
{
	memset(bt->counts, 0, sizeof bt->counts);
	bt->interrupted = false;
	bt->flags = flags;
	bt->sharded_build = bt->nshards != 0;
	if (!cb_context_find_plugin(ctx, CB_PLUGIN_READER, "cbxml") ||
	    !cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, "cbxml")) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NO_PLUGIN, NULL, NULL, 0,
		             "a batch needs the cbxml reader and writer (workers send their results "
		             "as cbxml): see 'casebook plugins'");
		return NULL;
	}
	cb_build *b = cbi_build_new(p, flags, diags);
	if (!b)
		return NULL;
	run r = {.bt = bt, .ctx = ctx, .p = p, .b = b};
	char *dir = bt->cache ? cache_dir(bt) : NULL;
	cbi_cache *cache = dir ? cbi_cache_new(dir, p, flags, ctx) : NULL;
	free(dir);
	cbi_stage stage = {ctx, p, flags, cache, bt->memory};
	bool ok = cbi_build_walk(b, inputs, ninputs) && (!bt->cache || cache);
	if (ok)
		keep_shard(bt, b);
	tidy_outdir(bt);
	/* The cases wait on disk until the casebook is written, so that this process's memory does
	 * not grow with them; without the spool they wait in memory. */
	if (ok)
		cbi_build_spool(b, ctx, bt->outdir);
	r.state = ok ? calloc(b->in.count + 1, 1) : NULL;
	ok = ok && r.state;
	for (size_t i = 0; ok && i < b->in.count; i++)
		if (b->in.items[i].status == CB_STATUS_OK)
			ok = enqueue(&r, i);
	r.total = r.nqueue;
	size_t jobs = bt->jobs ? bt->jobs : processors();
	r.pool = (cbi_pool){calloc(jobs, sizeof *r.pool.w), jobs, &stage, cbi_lock_fd(bt->lock)};
	ok = ok && r.pool.w;
	for (size_t i = 0; ok && i < jobs; i++)
		r.pool.w[i] = (cbi_worker){.fd = -1, .job = (size_t)-1};
	bt->counts[CB_BATCH_WORKERS] = jobs < r.nqueue ? jobs : r.nqueue;
	r.start = r.last_tick = cbi_now();
	if (ok)
		emit(&r, NULL, false, 0, 0);
	bool ran = ok && schedule(&r, diags);
	bt->interrupted = ran && stopped(&r) && (r.next < r.nqueue || busy(&r));
	int left_badly = r.pool.w ? cbi_pool_close(&r.pool, bt->interrupted || !ran) : 0;
	if (left_badly)
		cb_diags_add(diags, CB_SEV_WARNING, CB_E_IO, NULL, NULL, 0,
		             "a worker process ended with status %d after its last input (under a "
		             "sanitizer: see its report above)", left_badly);
	if (ran && bt->interrupted)
		skip_the_rest(&r);
	if (ran && !r.nomem && !bt->interrupted && cache) {
		if (r.nentries)
			qsort(r.entries, r.nentries, sizeof *r.entries, compare_names);
		cbi_cache_prune(cache, r.entries, r.nentries);
	}
	if (ran && !r.nomem)
		ran = bt->sharded_build && !bt->interrupted ? leave_unassembled(b) : cbi_build_finish(b);
	if (ok && (!ran || r.nomem) && !cb_diags_count_at_least(diags, CB_SEV_ERROR))
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
	else if (!ok && !cb_diags_count_at_least(diags, CB_SEV_ERROR))
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
	for (size_t i = 0; i < r.nentries; i++)
		free(r.entries[i]);
	free(r.entries);
	free(r.pool.w);
	free(r.queue);
	free(r.state);
	cbi_cache_free(cache);
	if (!ok || !ran || r.nomem) {
		cb_build_free(b);
		return NULL;
	}
	return b;
}

/* --- what a run leaves besides the casebook ----------------------------------------------- */

cb_code cb_batch_write_partial(cb_batch *bt, const cb_build *b, cb_diags *diags)
{
	const char *names[2] = {"report.partial.json", "report.partial.txt"};
	bool (*make[2])(const cb_build *, cb_output *) = {cbi_report_json, cbi_report_text};
	cb_code first = CB_OK;
	for (int i = 0; i < 2; i++) {
		char *path = NULL;
		cbi_outfile of;
		cb_code code;
		if (asprintf(&path, "%s/%s", bt->outdir, names[i]) < 0) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, bt->outdir, NULL, 0, "out of memory");
			code = CB_E_NOMEM;
			path = NULL;
		} else if ((code = cbi_outfile_open(&of, path, diags)) == CB_OK) {
			if (make[i](b, &of.out) && !of.out.failed) {
				code = cbi_outfile_commit(&of, true);
			} else {
				if (!of.out.failed)
					cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0,
					             "out of memory");
				code = of.out.failed ? CB_E_IO : CB_E_NOMEM;
				cbi_outfile_abort(&of);
			}
		}
		first = first ? first : code;
		free(path);
	}
	return first;
}

cb_code cb_batch_write_shard(cb_batch *bt, cb_context *ctx, const cb_build *b, cb_diags *diags)
{
	if (!bt->sharded_build || bt->interrupted) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, bt->outdir, NULL, 0,
		             "only a complete sharded run writes a shard");
		return CB_E_USAGE;
	}
	cbi_shard_info info = {bt->shard, bt->nshards, bt->flags, bt->total, ""};
	cbi_profile_digest(b->profile, info.profile);
	return cbi_shard_write(ctx, bt->outdir, &info, b, diags);
}
