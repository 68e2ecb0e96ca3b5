/* casebook plugins: what was found, what was refused and why (like gst-inspect). */
#include "config.h"

#include "cli.h"
#include "plugins_check.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: casebook plugins [--verbose] [--plugin-dir DIR]... [NAME]\n"
	      "   or: casebook plugins --check PLUGIN.so [--corpus DIR] [--timeout SECONDS]\n"
	      "List the readers and writers found, and the plugins refused with the reason.\n"
	      "\n"
	      "  -v, --verbose       show every field of each descriptor and where it came from\n"
	      "      --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "      --check PLUGIN.so  run the conformance checks on one plugin, loaded alone\n"
	      "      --corpus DIR    with --check: also feed a reader every file under DIR\n"
	      "      --timeout SECONDS  with --check: time allowed per input (default 10)\n"
	      "      --help          print this help and exit\n"
	      "\n"
	      "With NAME, show only the reader and writer of that name, in full.\n"
	      "Search order: --plugin-dir, then CASEBOOK_PLUGIN_PATH, then the system directory.\n"
	      "Exit status: 0 success (with --check: every check passed), 1 NAME not found or a\n"
	      "check failed, 2 usage error. See casebook-plugin(7).\n",
	      f);
}

static void print_list(const char *label, const char *const *items)
{
	printf("    %-12s", label);
	if (!items || !*items)
		fputs(" (none)", stdout);
	for (; items && *items; items++)
		printf(" %s", *items);
	putchar('\n');
}

static void print_verbose(const cb_plugin *p)
{
	const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
	printf("%s %s\n", d->kind == CB_PLUGIN_READER ? "reader" : "writer", d->name);
	printf("    %-12s %s\n", "summary", d->summary ? d->summary : "");
	printf("    %-12s %s\n", "version", d->version);
	printf("    %-12s %s\n", "licence", d->licence);
	printf("    %-12s %u\n", "abi", (unsigned)d->abi);
	print_list("extensions", d->extensions);
	print_list("media types", d->media_types);
	printf("    %-12s %s\n", "file", cb_plugin_path(p) ? cb_plugin_path(p) : "(built in)");
}

static void print_short(const cb_plugin *p)
{
	const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
	char exts[64] = "";
	size_t used = 0;
	for (const char *const *e = d->extensions; e && *e && used < sizeof exts; e++)
		used += (size_t)snprintf(exts + used, sizeof exts - used, "%s%s", used ? " " : "", *e);
	printf("  %-10s %-8s %-14s %s\n", d->name, d->version, exts, d->summary ? d->summary : "");
}

static void print_kind(cli *c, cb_plugin_kind kind, const char *title, const char *only)
{
	bool any = false;
	for (size_t i = 0; i < cb_context_plugin_count(c->ctx); i++) {
		const cb_plugin *p = cb_context_plugin_at(c->ctx, i);
		const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
		if (d->kind != kind || (only && strcmp(only, d->name) != 0))
			continue;
		if (!any && !c->verbose && !only)
			printf("%s:\n", title);
		any = true;
		if (c->verbose || only)
			print_verbose(p);
		else
			print_short(p);
	}
	if (!any && !only)
		printf("%s: none found\n", title);
}

int cmd_plugins(cli *c, int argc, char **argv)
{
	enum { OPT_CHECK = 0x200, OPT_CORPUS, OPT_TIMEOUT };
	static const struct option longopts[] = {CLI_COMMON_LONG_OPTIONS,
	                                         {"check", required_argument, NULL, OPT_CHECK},
	                                         {"corpus", required_argument, NULL, OPT_CORPUS},
	                                         {"timeout", required_argument, NULL, OPT_TIMEOUT},
	                                         {NULL, 0, NULL, 0}};
	const char *check = NULL, *corpus = NULL;
	unsigned timeout = CHECK_DEFAULT_TIMEOUT;
	bool bad = false;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, &bad))
			continue;
		if (opt == OPT_HELP) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		if (opt == OPT_CHECK || opt == OPT_CORPUS) {
			*(opt == OPT_CHECK ? &check : &corpus) = optarg;
			continue;
		}
		if (opt == OPT_TIMEOUT) {
			char *end;
			unsigned long t = strtoul(optarg, &end, 10);
			if (*end || !*optarg || t == 0 || t > 3600) {
				cli_error(NULL, "plugins: --timeout %s: expected 1 to 3600 seconds", optarg);
				bad = true;
			}
			timeout = (unsigned)t;
			continue;
		}
		if (opt == '?' && optopt >= OPT_CHECK) {
			cli_error(NULL, "plugins: option '%s' lacks its argument", argv[optind - 1]);
			bad = true;
			continue;
		}
		cli_error(NULL, "plugins: unknown option '%s'", argv[optind - 1]);
		bad = true;
	}
	if (!bad && !check && corpus) {
		cli_error(NULL, "plugins: --corpus goes with --check");
		bad = true;
	} else if (!bad && check && argc > optind) {
		cli_error(NULL, "plugins: --check takes no NAME");
		bad = true;
	}
	if (bad || argc - optind > 1) {
		if (!bad)
			cli_error(NULL, "plugins: at most one NAME");
		fputs("Try 'casebook plugins --help'.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	const char *only = optind < argc ? argv[optind] : NULL;
	cli_load_plugins(c);
	if (check)
		return cmd_plugins_check(c, check, corpus, timeout);
	if (only && !cb_context_find_plugin(c->ctx, CB_PLUGIN_READER, only) &&
	    !cb_context_find_plugin(c->ctx, CB_PLUGIN_WRITER, only)) {
		cli_error(NULL, "no plugin named '%s' (run 'casebook plugins' to list them)", only);
		return CLI_EXIT_INPUT;
	}
	print_kind(c, CB_PLUGIN_READER, "Readers", only);
	print_kind(c, CB_PLUGIN_WRITER, "Writers", only);
	if (only)
		return CLI_EXIT_OK;
	size_t n = cb_context_refused_count(c->ctx);
	if (n)
		printf("Refused:\n");
	for (size_t i = 0; i < n; i++) {
		const char *path, *reason;
		cb_code code;
		cb_context_refused_at(c->ctx, i, &path, &code, &reason);
		printf("  %s: %s", path, reason);
		if (c->verbose)
			printf(" [%s]", cb_code_name(code));
		putchar('\n');
	}
	return CLI_EXIT_OK;
}
