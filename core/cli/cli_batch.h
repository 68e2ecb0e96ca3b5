/* The build command's batch options (-j, --timeout, --memory-limit, --progress, --no-cache,
 * --shard) and the signals that stop a batch cleanly. */
#ifndef CB_CLI_BATCH_H
#define CB_CLI_BATCH_H

#include "cli.h"

#include <casebook/build.h>

/* getopt_long codes (after the pipeline options' codes); -j is its own short option. */
enum { OPT_TIMEOUT = 0x1c0, OPT_MEMORY_LIMIT, OPT_PROGRESS, OPT_NO_CACHE, OPT_SHARD };
#define CLI_BATCH_LONG_OPTIONS                                                                  \
	{"jobs", required_argument, NULL, 'j'}, {"timeout", required_argument, NULL, OPT_TIMEOUT}, \
		{"memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT},                            \
		{"progress", required_argument, NULL, OPT_PROGRESS},                                    \
		{"no-cache", no_argument, NULL, OPT_NO_CACHE},                                          \
		{"shard", required_argument, NULL, OPT_SHARD}
#define CLI_BATCH_SHORT_OPTIONS "j:"

typedef enum progress_mode { PROGRESS_AUTO, PROGRESS_ALWAYS, PROGRESS_NEVER } progress_mode;

typedef struct batch_opts {
	unsigned jobs;         /* 0: one per processor */
	long timeout;          /* seconds; -1: the default */
	long long memory;      /* bytes; -1: the default */
	progress_mode progress;
	bool no_cache;
	unsigned shard, nshards; /* nshards 0: not sharded */
} batch_opts;

#define BATCH_OPTS_INIT {0, -1, -1, PROGRESS_AUTO, false, 0, 0}

/* Handles the batch options; true when opt was one of them. A wrong argument is reported and
 * sets *usage_error. */
bool cli_batch_option(batch_opts *o, int opt, const char *arg, bool *usage_error);
/* Opens OUTDIR for the batch with the options applied; NULL with the reason in diags. */
cb_batch *cli_batch_open(const batch_opts *o, const char *outdir, cb_diags *diags);

/* From now on SIGINT and SIGTERM stop bt cleanly instead of ending the process. */
void cli_batch_catch_signals(cb_batch *bt);
/* Gives SIGINT and SIGTERM back their default action (a second Ctrl-C while the outputs are
 * written ends the process at once; every output is replaced atomically). */
void cli_batch_release_signals(void);
/* The signal that stopped the batch, or 0. */
int cli_batch_signal(void);

#endif
