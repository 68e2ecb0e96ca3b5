/* casebook convert: one document at a time through detect → reader → writer, like pandoc -f/-t.
 * Several inputs with -o DIR/ are converted in one process, one output each, like LibreOffice's
 * --convert-to with --outdir; one input failing never stops the others. Those inputs are shared
 * among threads (-j, one per processor by default: plugins are bound to be reentrant), and their
 * messages are printed in the order of the inputs, whatever order they finish in. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_WRITER "markdown"
#define MAX_JOBS 1024
/* Readers follow nesting on the stack; threads get room for the deepest they allow. */
#define THREAD_STACK (16u << 20)

static void usage(FILE *f)
{
	fputs("Usage: casebook convert [-f FORMAT] [-t FORMAT] [-o OUTPUT|DIR/|-] [INPUT|-]...\n"
	      "Convert documents with a reader and a writer plugin.\n"
	      "\n"
	      "  -f, --from FORMAT   reader to use (default: detected from the content)\n"
	      "  -t, --to FORMAT     writer to use (default: guessed from OUTPUT's extension,\n"
	      "                      else " DEFAULT_WRITER ")\n"
	      "  -o, --output OUT    write to OUT; '-' is standard output (the default); a name\n"
	      "                      ending in '/' or an existing directory gets one output per\n"
	      "                      input, named after it with the writer's extension\n"
	      "  -j, --jobs N        convert N inputs at a time (default: one per processor)\n"
	      "      --limit NAME=N  change a limit (max-input-bytes, max-depth, max-nodes, ...)\n"
	      "      --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "  -q, --quiet         print errors only\n"
	      "  -v, --verbose       print notes too (e.g. the detected encoding)\n"
	      "      --help          print this help and exit\n"
	      "\n"
	      "With no INPUT, or when INPUT is -, read standard input.\n"
	      "Exit status: 0 success, 1 an input failed, 2 usage error.\n",
	      f);
}

typedef struct job {
	const char *from, *to, *output;
	bool to_dir;
	unsigned jobs; /* 0: one per processor */
} job;

/* One input: converted by whichever thread takes it, reported by the main thread in order. */
typedef struct item {
	const char *input;
	char *target;  /* directory mode: its output file (owned) */
	bool shared;   /* an earlier input has the same output: converted in order, by the main
	                  thread, so that the first one converted keeps it */
	bool done, ok;
	cb_diags *diags; /* owned until printed */
} item;

typedef struct pool {
	cli *c;
	const job *j;
	const char *writer;
	item *items;
	size_t n, next; /* next: the first input no thread has taken */
	pthread_mutex_t lock;
	pthread_cond_t done;
} pool;

static bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p */
static bool make_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return false;
	bool ok = true;
	for (char *s = p + 1; ok; s++) {
		bool end = *s == '\0';
		if (*s == '/' || end) {
			char saved = *s;
			*s = '\0';
			if (*p && mkdir(p, 0777) != 0 && errno != EEXIST)
				ok = false;
			*s = saved;
		}
		if (end)
			break;
	}
	free(p);
	return ok && is_directory(path);
}

static const char *extension_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : NULL;
}

/* DIR/BASE.EXT for an input: its last path component without its extension. */
static char *output_in_dir(const char *dir, const char *input, const char *ext)
{
	const char *slash = strrchr(input, '/');
	const char *base = strcmp(input, "-") == 0 ? "stdin" : slash ? slash + 1 : input;
	const char *dot = strrchr(base, '.');
	int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
	size_t dlen = strlen(dir);
	const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
	char *out;
	return asprintf(&out, "%s%s%.*s.%s", dir, sep, len, base, ext) < 0 ? NULL : out;
}

/* Picks the writer: -t, else -o's extension, else the default. NULL after a usage message. */
static const char *choose_writer(cli *c, const job *j)
{
	if (j->to) {
		if (!cb_context_find_plugin(c->ctx, CB_PLUGIN_WRITER, j->to)) {
			cli_error(NULL, "no writer named '%s' (see 'casebook plugins')", j->to);
			return NULL;
		}
		return j->to;
	}
	if (j->output && !j->to_dir && strcmp(j->output, "-") != 0) {
		const char *ext = extension_of(j->output);
		const cb_plugin *p = ext ? cb_context_find_writer_for_extension(c->ctx, ext) : NULL;
		if (!p) {
			cli_error(NULL, "cannot tell the output format from '%s': use -t FORMAT", j->output);
			return NULL;
		}
		return cb_plugin_get_descriptor(p)->name;
	}
	if (!cb_context_find_plugin(c->ctx, CB_PLUGIN_WRITER, DEFAULT_WRITER)) {
		cli_error(NULL, "the default writer '%s' is not installed: use -t FORMAT", DEFAULT_WRITER);
		return NULL;
	}
	return DEFAULT_WRITER;
}

/* Converts one input into it->diags; false when it failed. Touches nothing shared but the
 * read-only context, so threads run it side by side. */
static bool convert_one(cli *c, const job *j, item *it, const char *writer)
{
	cb_diags *diags = it->diags;
	cb_document *doc = cb_read_file(c->ctx, it->input, j->from, diags);
	if (!doc)
		return false;
	const char *dest = it->target ? it->target : j->output ? j->output : "-";
	bool ok = cb_write_file(c->ctx, doc, writer, dest, diags) == CB_OK;
	cb_document_free(doc);
	return ok;
}

/* Takes inputs until none is left; shared ones are the main thread's. */
static void *convert_thread(void *arg)
{
	pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->next < p->n && p->items[p->next].shared)
			p->next++;
		item *it = p->next < p->n ? &p->items[p->next++] : NULL;
		pthread_mutex_unlock(&p->lock);
		if (!it)
			return NULL;
		bool ok = convert_one(p->c, p->j, it, p->writer);
		pthread_mutex_lock(&p->lock);
		it->ok = ok;
		it->done = true;
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

/* Whether an earlier input has already been converted to this one's output. */
static bool already_written(const pool *p, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (p->items[i].ok && strcmp(p->items[i].target, p->items[k].target) == 0)
			return true;
	return false;
}

/* The main thread's part of input k: waits for the thread that took it, or converts it itself
 * (a shared output, or no thread left to take it); then prints its messages. */
static bool finish(pool *p, size_t k, size_t nthreads)
{
	item *it = &p->items[k];
	if (!it->shared && nthreads > 0) {
		pthread_mutex_lock(&p->lock);
		while (!it->done)
			pthread_cond_wait(&p->done, &p->lock);
		pthread_mutex_unlock(&p->lock);
	} else if (it->shared && already_written(p, k))
		cb_diags_add(it->diags, CB_SEV_ERROR, CB_E_USAGE, it->input, NULL, 0,
		             "not converted: %s was already written from another input of the same "
		             "name",
		             it->target);
	else
		it->ok = convert_one(p->c, p->j, it, p->writer);
	cli_print_diags(p->c, it->diags);
	cb_diags_free(it->diags);
	it->diags = NULL;
	return it->ok;
}

static int by_target(const void *a, const void *b)
{
	const item *const *x = a, *const *y = b;
	int d = strcmp((*x)->target, (*y)->target);
	return d ? d : (*x < *y ? -1 : *x > *y);
}

/* Outputs for every input in directory mode, and which of them an earlier input shares. */
static bool plan(cli *c, const job *j, pool *p)
{
	const cb_plugin *w = cb_context_find_plugin(c->ctx, CB_PLUGIN_WRITER, p->writer);
	const char *ext = cb_plugin_get_descriptor(w)->extensions[0];
	for (size_t i = 0; i < p->n; i++) {
		item *it = &p->items[i];
		if (!(it->diags = cb_diags_new()))
			return false;
		if (j->to_dir && !(it->target = output_in_dir(j->output, it->input, ext)))
			return false;
	}
	if (!j->to_dir || p->n < 2)
		return true;
	item **order = malloc(p->n * sizeof *order);
	if (!order)
		return false;
	for (size_t i = 0; i < p->n; i++)
		order[i] = &p->items[i];
	qsort(order, p->n, sizeof *order, by_target);
	for (size_t i = 1; i < p->n; i++)
		order[i]->shared = strcmp(order[i]->target, order[i - 1]->target) == 0;
	free(order);
	return true;
}

static unsigned processors(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

/* Converts every input, in parallel where there are several; the number that failed. */
static int convert_all(cli *c, const job *j, char **inputs, size_t n, const char *writer)
{
	pool p = {.c = c, .j = j, .writer = writer, .n = n, .items = calloc(n, sizeof *p.items)};
	if (!p.items) {
		cli_error(NULL, "out of memory");
		return (int)n;
	}
	for (size_t i = 0; i < n; i++)
		p.items[i].input = inputs[i];
	int failed = 0;
	if (!plan(c, j, &p)) {
		cli_error(NULL, "out of memory");
		failed = (int)n;
		goto out;
	}
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.done, NULL);
	size_t want = j->jobs ? j->jobs : processors();
	if (want > n)
		want = n;
	pthread_t *threads = want > 1 ? calloc(want, sizeof *threads) : NULL;
	size_t nthreads = 0;
	pthread_attr_t attr;
	if (threads && pthread_attr_init(&attr) == 0) {
		pthread_attr_setstacksize(&attr, THREAD_STACK);
		while (nthreads < want && pthread_create(&threads[nthreads], &attr, convert_thread,
		                                         &p) == 0)
			nthreads++;
		pthread_attr_destroy(&attr);
	}
	for (size_t k = 0; k < n; k++)
		failed += !finish(&p, k, nthreads);
	for (size_t t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.lock);
out:
	for (size_t i = 0; i < n; i++) {
		free(p.items[i].target);
		cb_diags_free(p.items[i].diags);
	}
	free(p.items);
	return failed;
}

int cmd_convert(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	job j = {0};
	bool bad = false;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "f:t:o:j:" CLI_COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, &bad))
			continue;
		switch (opt) {
		case 'f':
			j.from = optarg;
			break;
		case 't':
			j.to = optarg;
			break;
		case 'o':
			j.output = optarg;
			break;
		case 'j': {
			char *end;
			errno = 0;
			unsigned long n = strtoul(optarg, &end, 10);
			if (errno || *end || optarg[0] < '0' || optarg[0] > '9' || n < 1 || n > MAX_JOBS) {
				cli_error(NULL, "convert: -j %s: expected a number of inputs at a time from 1 "
				                "to %d", optarg, MAX_JOBS);
				bad = true;
			} else
				j.jobs = (unsigned)n;
			break;
		}
		case OPT_HELP:
			usage(stdout);
			return CLI_EXIT_OK;
		case '?':
		default:
			if (optopt)
				cli_error(NULL, "convert: option -%c is unknown or lacks its argument", optopt);
			else
				cli_error(NULL, "convert: unknown option '%s'", argv[optind - 1]);
			bad = true;
		}
	}
	if (bad) {
		fputs("Try 'casebook convert --help'.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	char *stdin_only[] = {"-"};
	char **inputs = optind < argc ? argv + optind : stdin_only;
	int ninputs = optind < argc ? argc - optind : 1;

	int stdin_uses = 0;
	for (int i = 0; i < ninputs; i++)
		stdin_uses += strcmp(inputs[i], "-") == 0;
	if (stdin_uses > 1) {
		cli_error(NULL, "convert: standard input ('-') can be read only once");
		return CLI_EXIT_USAGE;
	}
	if (j.output && strcmp(j.output, "-") != 0) {
		size_t n = strlen(j.output);
		j.to_dir = (n && j.output[n - 1] == '/') || is_directory(j.output);
	}
	if (ninputs > 1 && !j.to_dir) {
		cli_error(NULL, "convert: %d inputs need an output directory: -o DIR/", ninputs);
		return CLI_EXIT_USAGE;
	}

	cli_load_plugins(c);
	if (j.from && !cb_context_find_plugin(c->ctx, CB_PLUGIN_READER, j.from)) {
		cli_error(NULL, "no reader named '%s' (see 'casebook plugins')", j.from);
		return CLI_EXIT_USAGE;
	}
	const char *writer = choose_writer(c, &j);
	if (!writer)
		return CLI_EXIT_USAGE;
	if (j.to_dir && !make_dirs(j.output)) {
		cli_error(j.output, "cannot create the output directory: %s", strerror(errno));
		return CLI_EXIT_INPUT;
	}

	int failed = convert_all(c, &j, inputs, (size_t)ninputs, writer);
	if (failed && ninputs > 1 && !c->quiet)
		cli_error(NULL, "%d of %d inputs failed", failed, ninputs);
	return failed ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
