/* The build command's batch options and the signals that stop a batch: the library only reads a
 * flag, so catching the signal that sets it is the command's job. */
#include "config.h"

#include "cli_batch.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* A whole number in [min, max], with an optional k, M or G (times 1024) when sized. */
static bool parse_number(const char *s, unsigned long long min, unsigned long long max,
                         bool sized, unsigned long long *out)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	unsigned shift = 0;
	if (sized && (*end == 'k' || *end == 'K'))
		shift = 10, end++;
	else if (sized && *end == 'M')
		shift = 20, end++;
	else if (sized && *end == 'G')
		shift = 30, end++;
	if (errno || *end || n > (max >> shift) || (n << shift) < min)
		return false;
	*out = n << shift;
	return true;
}

bool cli_batch_option(batch_opts *o, int opt, const char *arg, bool *usage_error)
{
	unsigned long long n;
	switch (opt) {
	case 'j':
		if (parse_number(arg, 1, 1024, false, &n))
			o->jobs = (unsigned)n;
		else {
			cli_error(NULL, "build: -j %s: expected a number of worker processes from 1 to "
			                "1024", arg);
			*usage_error = true;
		}
		return true;
	case OPT_TIMEOUT:
		if (parse_number(arg, 0, 7 * 24 * 3600, false, &n))
			o->timeout = (long)n;
		else {
			cli_error(NULL, "build: --timeout %s: expected seconds (0 for none)", arg);
			*usage_error = true;
		}
		return true;
	case OPT_MEMORY_LIMIT:
		if (parse_number(arg, 0, LLONG_MAX, true, &n) && (n == 0 || n >= (64u << 20)))
			o->memory = (long long)n;
		else {
			cli_error(NULL, "build: --memory-limit %s: expected a size of at least 64M "
			                "(NUMBER[k|M|G]; 0 for none)", arg);
			*usage_error = true;
		}
		return true;
	case OPT_PROGRESS:
		if (strcmp(arg, "auto") == 0)
			o->progress = PROGRESS_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->progress = PROGRESS_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->progress = PROGRESS_NEVER;
		else {
			cli_error(NULL, "build: --progress=%s: expected auto, always or never", arg);
			*usage_error = true;
		}
		return true;
	case OPT_NO_CACHE:
		o->no_cache = true;
		return true;
	case OPT_SHARD: {
		unsigned k = 0, total = 0;
		int used = 0;
		if (sscanf(arg, "%u/%u%n", &k, &total, &used) == 2 && !arg[used] && k >= 1 &&
		    k <= total && total <= 100000) {
			o->shard = k;
			o->nshards = total;
		} else {
			cli_error(NULL, "build: --shard %s: expected K/N with 1 <= K <= N (e.g. 2/4)", arg);
			*usage_error = true;
		}
		return true;
	}
	default:
		return false;
	}
}

cb_batch *cli_batch_open(const batch_opts *o, const char *outdir, cb_diags *diags)
{
	cb_batch *bt = cb_batch_open(outdir, diags);
	if (!bt)
		return NULL;
	cb_batch_set_jobs(bt, o->jobs);
	if (o->timeout >= 0)
		cb_batch_set_timeout(bt, (unsigned)o->timeout);
	if (o->memory >= 0)
		cb_batch_set_memory_limit(bt, (uint64_t)o->memory);
	cb_batch_set_cache(bt, !o->no_cache);
	if (o->nshards)
		cb_batch_set_shard(bt, o->shard, o->nshards);
	return bt;
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

void cli_batch_catch_signals(cb_batch *bt)
{
	/* No SA_RESTART: the batch's poll returns at once and sees the flag. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cb_batch_set_stop_flag(bt, &stop_signal);
}

void cli_batch_release_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

int cli_batch_signal(void) { return stop_signal; }
