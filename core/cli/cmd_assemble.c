/* casebook assemble: the shards of a build spread over machines, merged into the casebook and
 * report a single run would have written (the reduce of build --shard's map). */
#include "config.h"

#include "cli_pipeline.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: casebook assemble [OPTION]... SHARDDIR... -o OUTDIR\n"
	      "Merge the shards written by 'casebook build --shard K/N' into one casebook, the\n"
	      "same, byte for byte, as a single build over all the inputs would write.\n"
	      "\n"
	      "  -o, --output DIR    write the casebook and its report into DIR\n"
	      "  -t, --to FORMATS    also publish these, as build does (default:\n"
	      "                      html,json,csv)\n"
	      "      --profile FILE  the profile the shards were built with (default: the\n"
	      "                      default profile)\n"
	      "      --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "  -q, --quiet         print errors only\n"
	      "  -v, --verbose       print the notes\n"
	      "      --help          print this help and exit\n"
	      "\n"
	      "Every shard of the build must be given, each once. Exit status: 0 every input\n"
	      "became a case, 1 some failed, 2 usage error, a shard missing or from another\n"
	      "build, or OUTDIR in use by another run.\n",
	      f);
}

static void print_failures(const cb_build *b)
{
	for (size_t i = 0; i < cb_build_input_count(b); i++) {
		const char *path, *reason;
		cb_input_status st;
		cb_build_input_at(b, i, &path, &st, &reason);
		if (st == CB_STATUS_FAILED)
			cli_error(path, "failed: %s", reason ? reason : "unknown reason");
	}
}

int cmd_assemble(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"to", required_argument, NULL, 't'},
		{"profile", required_argument, NULL, OPT_PROFILE},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	pipeline_opts po = {0};
	const char *outdir = NULL, *formats = NULL;
	bool bad = false;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:t:" CLI_COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, &bad) || cli_pipeline_option(&po, opt, optarg))
			continue;
		if (opt == 'o') {
			outdir = optarg;
		} else if (opt == 't') {
			formats = optarg;
		} else if (opt == OPT_HELP) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			cli_bad_option("assemble", optopt, argv[optind - 1]);
			bad = true;
		}
	}
	if (!bad && !outdir) {
		cli_error(NULL, "assemble: no output folder: -o OUTDIR");
		bad = true;
	}
	if (!bad && cb_build_check_formats(formats, NULL) != CB_OK) {
		cli_error(NULL, "assemble: -t %s: expected formats among html, docx, hwpx, md, csv, "
		                "json and xml, separated by commas", formats);
		bad = true;
	}
	if (!bad && optind >= argc) {
		cli_error(NULL, "assemble: no shard: give the folders 'build --shard' wrote");
		bad = true;
	}
	if (bad) {
		fputs("Try 'casebook assemble --help'.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	cb_profile *profile = cli_load_profile(c, &po);
	if (!profile)
		return CLI_EXIT_USAGE;
	cli_load_plugins(c);
	cb_diags *d = cb_diags_new();
	cb_batch *bt = d ? cb_batch_open(outdir, d) : NULL;
	cb_build *b = bt ? cb_batch_assemble(bt, c->ctx, profile, (const char *const *)argv + optind,
	                                     (size_t)(argc - optind), d)
	                 : NULL;
	int status = CLI_EXIT_USAGE;
	if (b) {
		print_failures(b);
		bool written = cb_build_write(c->ctx, b, outdir, d) == CB_OK;
		written = written && cb_build_publish(c->ctx, b, outdir, formats, d) == CB_OK;
		cli_print_diags(c, d);
		if (written && !c->quiet)
			printf("casebook: %zu shards, %zu inputs: %zu cases written to %s\n",
			       (size_t)(argc - optind), cb_build_input_count(b), cb_build_case_count(b),
			       outdir);
		status = !written                                           ? CLI_EXIT_INPUT
		         : cb_build_status_count(b, CB_STATUS_FAILED) == 0 ? CLI_EXIT_OK
		                                                           : CLI_EXIT_INPUT;
	} else if (d) {
		cli_print_diags(c, d);
	} else {
		cli_error(NULL, "out of memory");
	}
	cb_build_free(b);
	cb_batch_free(bt);
	cb_diags_free(d);
	cb_profile_free(profile);
	return status;
}
