/* casebook convert: one document at a time through detect → reader → writer, like pandoc -f/-t.
 * Several inputs with -o DIR/ are converted in one process, one output each, like LibreOffice's
 * --convert-to with --outdir; one input failing never stops the others. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_WRITER "markdown"

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
	char **written; /* output paths written so far in directory mode */
	size_t nwritten;
} job;

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

/* Converts one input; false when it failed (its messages are printed). */
static bool convert_one(cli *c, job *j, const char *input, const char *writer)
{
	cb_diags *diags = cb_diags_new();
	if (!diags) {
		cli_error(input, "out of memory");
		return false;
	}
	bool ok = false;
	char *target = NULL;
	cb_document *doc = cb_read_file(c->ctx, input, j->from, diags);
	if (!doc)
		goto out;
	if (j->to_dir) {
		const cb_plugin *w = cb_context_find_plugin(c->ctx, CB_PLUGIN_WRITER, writer);
		target = output_in_dir(j->output, input, cb_plugin_get_descriptor(w)->extensions[0]);
		if (!target) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, input, NULL, 0, "out of memory");
			goto out;
		}
		/* Two inputs named alike (a.txt, a.hwpx) would share an output: the first keeps it. */
		for (size_t i = 0; i < j->nwritten; i++)
			if (strcmp(j->written[i], target) == 0) {
				cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, input, NULL, 0,
				             "not converted: %s was already written from another input of "
				             "the same name",
				             target);
				goto out;
			}
	}
	const char *dest = target ? target : j->output ? j->output : "-";
	ok = cb_write_file(c->ctx, doc, writer, dest, diags) == CB_OK;
	if (ok && target) {
		char **w = realloc(j->written, (j->nwritten + 1) * sizeof *w);
		if (w) {
			j->written = w;
			j->written[j->nwritten++] = target;
			target = NULL;
		}
	}
out:
	cli_print_diags(c, diags);
	free(target);
	cb_document_free(doc);
	cb_diags_free(diags);
	return ok;
}

int cmd_convert(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	job j = {0};
	bool bad = false;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "f:t:o:" CLI_COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
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

	int failed = 0;
	for (int i = 0; i < ninputs; i++)
		failed += !convert_one(c, &j, inputs[i], writer);
	for (size_t i = 0; i < j.nwritten; i++)
		free(j.written[i]);
	free(j.written);
	if (failed && ninputs > 1 && !c->quiet)
		cli_error(NULL, "%d of %d inputs failed", failed, ninputs);
	return failed ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
