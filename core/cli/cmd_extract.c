/* casebook extract: one submission's case as JSON on standard output, for scripts. */
#include "config.h"

#include "cli_pipeline.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: casebook extract [OPTION]... FILE\n"
	      "Print the case one submission becomes as JSON (one entry of casebook.json).\n"
	      "\n"
	      "      --profile FILE  use this profile instead of the default one\n"
	      "      --no-redact     keep names and numbers (a warning says so)\n"
	      "      --limit NAME=N  change a limit (max-input-bytes, max-depth, max-nodes, ...)\n"
	      "      --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "  -q, --quiet         print errors only\n"
	      "  -v, --verbose       print notes too\n"
	      "      --help          print this help and exit\n"
	      "\n"
	      "Exit status: 0 success, 1 the file failed, 2 usage or profile error.\n",
	      f);
}

int cmd_extract(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_PIPELINE_LONG_OPTIONS,
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	pipeline_opts po = {0};
	bool bad = false;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, &bad) || cli_pipeline_option(&po, opt, optarg))
			continue;
		if (opt == OPT_HELP) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		cli_bad_option("extract", optopt, argv[optind - 1]);
		bad = true;
	}
	if (!bad && argc - optind != 1) {
		cli_error(NULL, "extract: exactly one FILE");
		bad = true;
	}
	if (bad) {
		fputs("Try 'casebook extract --help'.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	cb_profile *p = cli_load_profile(c, &po);
	if (!p)
		return CLI_EXIT_USAGE;
	cli_load_plugins(c);
	const char *path = argv[optind];
	cb_diags *d = cb_diags_new();
	cb_case *k = d ? cb_case_extract_file(c->ctx, p, path, po.flags, d) : NULL;
	int status = CLI_EXIT_INPUT;
	if (d)
		cli_print_diags(c, d);
	if (k) {
		/* The case's own warnings go to standard error, the case to standard output. */
		cli_print_diags(c, cb_case_diags(k));
		char *json = cb_case_to_json(k);
		if (json && fputs(json, stdout) >= 0 && fflush(stdout) == 0)
			status = CLI_EXIT_OK;
		else
			cli_error(path, "cannot write the case");
		free(json);
	}
	cb_case_free(k);
	cb_diags_free(d);
	cb_profile_free(p);
	return status;
}
