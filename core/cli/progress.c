/* The progress bar and the batch's summary. The bar is one line on standard error, redrawn in
 * place at most ten times a second: done of total, failures, rate, elapsed and remaining time, and
 * the input being read, cut to the terminal's width. It is drawn only on a terminal (or when asked
 * with --progress=always), so logs and pipes get the summary alone. */
#include "config.h"

#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define SLOWEST 3
#define REDRAW 0.1 /* seconds between redraws */

typedef struct slow {
	char *path;
	double seconds;
} slow;

struct progress {
	bool bar, drawn;
	int verbose;
	double last_draw, elapsed;
	size_t total, done, failed, cached;
	char *current; /* the input most recently started */
	slow slowest[SLOWEST];
};

progress *progress_new(progress_mode mode, bool quiet, int verbose)
{
	progress *pr = calloc(1, sizeof *pr);
	if (!pr)
		return NULL;
	pr->bar = !quiet && (mode == PROGRESS_ALWAYS ||
	                     (mode == PROGRESS_AUTO && isatty(STDERR_FILENO)));
	pr->verbose = verbose;
	pr->last_draw = -1;
	return pr;
}

static int columns(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

static void clock_text(double seconds, char *buf, size_t size)
{
	long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

/* The end of path that fits in width columns (a Hangul syllable takes two), "..." before it
 * when cut. */
static const char *tail_fitting(const char *path, int width, bool *cut)
{
	int used = 0;
	size_t len = strlen(path), start = len;
	while (start > 0) {
		size_t s = start - 1;
		while (s > 0 && ((unsigned char)path[s] & 0xC0) == 0x80)
			s--;
		int w = (unsigned char)path[s] >= 0xE1 ? 2 : 1; /* CJK and Hangul are wide */
		if (used + w > width)
			break;
		used += w;
		start = s;
	}
	*cut = start > 0;
	return path + start;
}

static void draw(progress *pr)
{
	char left[32], took[32], rate[32] = "", bar[24];
	double per_second = pr->elapsed > 0 ? (double)pr->done / pr->elapsed : 0;
	clock_text(pr->elapsed, took, sizeof took);
	if (per_second > 0 && pr->done < pr->total)
		clock_text((double)(pr->total - pr->done) / per_second, left, sizeof left);
	else
		snprintf(left, sizeof left, "-:--");
	if (per_second > 0)
		snprintf(rate, sizeof rate, "  %.1f files/s", per_second);
	int fill = pr->total ? (int)(20 * pr->done / pr->total) : 20;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '-', (size_t)(20 - fill));
	bar[20] = '\0';
	char line[256];
	int n = snprintf(line, sizeof line, "[%s] %zu/%zu  %zu failed%s  %s elapsed  %s left", bar,
	                 pr->done, pr->total, pr->failed, rate, took, left);
	int room = columns() - 1 - n - 2;
	fprintf(stderr, "\r%s", line);
	if (pr->current && pr->done < pr->total && room > 8) {
		bool cut;
		const char *shown = tail_fitting(pr->current, room - 3, &cut);
		fprintf(stderr, "  %s%s", cut ? "..." : "", shown);
	}
	fputs("\033[K", stderr);
	fflush(stderr);
	pr->drawn = true;
}

static void clear_bar(progress *pr)
{
	if (pr->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		pr->drawn = false;
	}
}

static void note_slow(progress *pr, const char *path, double seconds)
{
	int at = SLOWEST;
	while (at > 0 && (!pr->slowest[at - 1].path || pr->slowest[at - 1].seconds < seconds))
		at--;
	if (at >= SLOWEST)
		return;
	char *copy = strdup(path);
	if (!copy)
		return;
	free(pr->slowest[SLOWEST - 1].path);
	memmove(pr->slowest + at + 1, pr->slowest + at, (SLOWEST - 1 - at) * sizeof *pr->slowest);
	pr->slowest[at] = (slow){copy, seconds};
}

void progress_event(const cb_batch_progress *p, void *data)
{
	progress *pr = data;
	pr->total = p->total;
	pr->done = p->done;
	pr->failed = p->failed;
	pr->cached = p->cached;
	pr->elapsed = p->elapsed;
	if (p->path && p->started) {
		free(pr->current);
		pr->current = strdup(p->path);
	} else if (p->path) {
		if (!p->from_cache)
			note_slow(pr, p->path, p->seconds);
		if (p->cache_rebuilt && pr->verbose) {
			clear_bar(pr);
			fprintf(stderr, "casebook: %s: note: its cache entry was damaged; read again\n",
			        p->path);
		}
	}
	bool last = p->total == p->done && p->path && !p->started;
	if (pr->bar && (last || p->elapsed - pr->last_draw >= REDRAW)) {
		pr->last_draw = p->elapsed;
		draw(pr);
	}
}

void progress_end(progress *pr)
{
	if (pr)
		clear_bar(pr);
}

void progress_summary(const progress *pr, const cb_batch *bt, FILE *f)
{
	size_t read = cb_batch_count(bt, CB_BATCH_READ), cached = cb_batch_count(bt, CB_BATCH_CACHED);
	fprintf(f, "casebook: %zu read, %zu from the cache", read, cached);
	if (cb_batch_count(bt, CB_BATCH_REBUILT))
		fprintf(f, " (%zu damaged entries read again)", cb_batch_count(bt, CB_BATCH_REBUILT));
	fprintf(f, "; %zu workers", cb_batch_count(bt, CB_BATCH_WORKERS));
	if (cb_batch_count(bt, CB_BATCH_RESTARTED))
		fprintf(f, " (%zu replaced)", cb_batch_count(bt, CB_BATCH_RESTARTED));
	fprintf(f, "; %.2f s", pr->elapsed);
	if (pr->elapsed > 0 && pr->done)
		fprintf(f, " (%.1f files/s)", (double)pr->done / pr->elapsed);
	fputc('\n', f);
	if (pr->slowest[0].path) {
		fputs("casebook: slowest:", f);
		for (int i = 0; i < SLOWEST && pr->slowest[i].path; i++)
			fprintf(f, "%s %.3f s %s", i ? "," : "", pr->slowest[i].seconds,
			        pr->slowest[i].path);
		fputc('\n', f);
	}
	if (pr->verbose) {
		struct rusage self, children;
		getrusage(RUSAGE_SELF, &self);
		getrusage(RUSAGE_CHILDREN, &children);
		fprintf(f, "casebook: peak memory: %.1f MB in this process, %.1f MB in the largest "
		           "worker\n",
		        (double)self.ru_maxrss / 1024, (double)children.ru_maxrss / 1024);
	}
}

void progress_free(progress *pr)
{
	if (!pr)
		return;
	free(pr->current);
	for (int i = 0; i < SLOWEST; i++)
		free(pr->slowest[i].path);
	free(pr);
}
