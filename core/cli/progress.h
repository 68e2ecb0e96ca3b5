/* What the build command shows of a batch while it runs (a progress bar on standard error) and
 * after it (the rate, the cache, the slowest files). */
#ifndef CB_CLI_PROGRESS_H
#define CB_CLI_PROGRESS_H

#include "cli_batch.h"

#include <stdio.h>

typedef struct progress progress;

/* A bar on standard error when mode says so (auto: only when it is a terminal), never when
 * quiet. verbose prints a note for each cache entry found corrupted. NULL when out of memory. */
progress *progress_new(progress_mode mode, bool quiet, int verbose);
/* The batch's progress callback (data is the progress). */
void progress_event(const cb_batch_progress *p, void *data);
/* Clears the bar. */
void progress_end(progress *pr);
/* The batch's lines of the summary on f: inputs read and from the cache, workers, time and rate,
 * the slowest inputs; with verbose, the peak memory of this process and of the largest worker. */
void progress_summary(const progress *pr, const cb_batch *bt, FILE *f);
void progress_free(progress *pr);

#endif
