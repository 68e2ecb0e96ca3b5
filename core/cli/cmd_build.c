/* casebook build: submissions in, casebook and report out (the main job). */
#include "config.h"

#include "cli_batch.h"
#include "cli_pipeline.h"
#include "progress.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: casebook build [OPTION]... INPUT... -o OUTDIR\n"
	      "Build the casebook from submissions: files, and folders read recursively.\n"
	      "\n"
	      "  -o, --output DIR    write casebook.json, casebook.xml, report.json and\n"
	      "                      report.txt into DIR (created if missing)\n"
	      "  -t, --to FORMATS    also publish these, comma-separated: html (casebook.html),\n"
	      "                      docx, hwpx, md (casebook.docx, .hwpx, .md), csv\n"
	      "                      (index.csv); json, xml (always written); default:\n"
	      "                      html,json,csv\n"
	      "      --profile FILE  use this profile instead of the default one\n"
	      "      --no-redact     keep names and numbers (a warning says so; for internal\n"
	      "                      review only, never for publication)\n"
	      "      --limit NAME=N  change a limit (max-input-bytes, max-depth, max-nodes, ...)\n"
	      "      --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "  -j, --jobs N        read with N worker processes (default: one per processor)\n"
	      "      --timeout SECONDS  give up on an input after SECONDS (default 60; 0: never)\n"
	      "      --memory-limit SIZE  memory of each worker, NUMBER[k|M|G] (default 2G;\n"
	      "                      0: none)\n"
	      "      --progress=WHEN  a progress bar on standard error: auto (on a terminal),\n"
	      "                      always or never\n"
	      "      --no-cache      read every input again; do not use or fill OUTDIR's cache\n"
	      "      --shard K/N     read only shard K of N and write it to OUTDIR for\n"
	      "                      'casebook assemble'\n"
	      "  -q, --quiet         print errors only\n"
	      "  -v, --verbose       print every input's status and the notes\n"
	      "      --help          print this help and exit\n"
	      "\n"
	      "Exit status: 0 every input became a case, 1 some failed (the others are still\n"
	      "written), 2 usage or profile error, or OUTDIR in use by another run; 130 stopped\n"
	      "by Ctrl-C (a partial report is written, the last casebook is kept).\n",
	      f);
}

/* Failures always, warnings unless quiet, every input when verbose. */
static void print_inputs(const cli *c, const cb_build *b)
{
	for (size_t i = 0; i < cb_build_input_count(b); i++) {
		const char *path, *reason;
		cb_input_status st;
		cb_build_input_at(b, i, &path, &st, &reason);
		if (st == CB_STATUS_FAILED) {
			cli_error(path, "failed: %s", reason ? reason : "unknown reason");
			continue;
		}
		if (c->verbose)
			fprintf(stderr, "casebook: %s: %s%s%s\n", path, cb_input_status_name(st),
			        reason ? ": " : "", reason ? reason : "");
		const cb_diags *d = cb_build_input_case_diags(b, i);
		for (size_t n = 0; d && n < cb_diags_count(d); n++) {
			const cb_diag *r = cb_diags_at(d, n);
			cb_severity sev = cb_diag_severity(r);
			if ((sev == CB_SEV_WARNING && !c->quiet) || (sev == CB_SEV_NOTE && c->verbose))
				fprintf(stderr, "casebook: %s: %s: %s [%s]\n", path, cb_severity_name(sev),
				        cb_diag_message(r), cb_code_name(cb_diag_code(r)));
		}
	}
}

static void print_summary(const cb_build *b, const char *outdir, const char *formats,
                          bool stopped, const batch_opts *bo)
{
	if (bo->nshards)
		printf("casebook: shard %u of %u: ", bo->shard, bo->nshards);
	else
		fputs("casebook: ", stdout);
	printf("%zu inputs: %zu ok, %zu warning, %zu failed, %zu duplicate, %zu skipped\n",
	       cb_build_input_count(b), cb_build_status_count(b, CB_STATUS_OK),
	       cb_build_status_count(b, CB_STATUS_WARNING),
	       cb_build_status_count(b, CB_STATUS_FAILED),
	       cb_build_status_count(b, CB_STATUS_DUPLICATE),
	       cb_build_status_count(b, CB_STATUS_SKIPPED));
	if (stopped)
		printf("casebook: interrupted: the inputs not done are reported as skipped in "
		       "%s/report.partial.json and report.partial.txt; the casebook in %s was left "
		       "as it was\n",
		       outdir, outdir);
	else if (bo->nshards)
		printf("casebook: shard written to %s/casebook.shard (not masked yet: keep it as "
		       "private as the submissions); merge the shards with 'casebook assemble'\n",
		       outdir);
	else
		printf("casebook: %zu cases written to %s (casebook.json, casebook.xml, report.json, "
		       "report.txt; published as %s)\n",
		       cb_build_case_count(b), outdir, formats ? formats : CB_BUILD_DEFAULT_FORMATS);
}

int cmd_build(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"to", required_argument, NULL, 't'},
		CLI_PIPELINE_LONG_OPTIONS,
		CLI_BATCH_LONG_OPTIONS,
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	pipeline_opts po = {0};
	batch_opts bo = BATCH_OPTS_INIT;
	const char *outdir = NULL;
	const char *formats = NULL; /* NULL: CB_BUILD_DEFAULT_FORMATS */
	bool bad = false;
	int opt;
	optind = 1;
	opterr = 0;
	/* No '+': options may follow the inputs, as in "build IN... -o OUTDIR". */
	while ((opt = getopt_long(argc, argv, "o:t:" CLI_BATCH_SHORT_OPTIONS CLI_COMMON_SHORT_OPTIONS,
	                          longopts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, &bad) || cli_pipeline_option(&po, opt, optarg) ||
		    cli_batch_option(&bo, opt, optarg, &bad))
			continue;
		if (opt == 'o') {
			outdir = optarg;
		} else if (opt == 't') {
			formats = optarg;
		} else if (opt == OPT_HELP) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			cli_bad_option("build", optopt, argv[optind - 1]);
			bad = true;
		}
	}
	if (!bad && !outdir) {
		cli_error(NULL, "build: no output folder: -o OUTDIR");
		bad = true;
	}
	if (!bad && cb_build_check_formats(formats, NULL) != CB_OK) {
		cli_error(NULL, "build: -t %s: expected formats among html, docx, hwpx, md, csv, json "
		                "and xml, separated by commas", formats);
		bad = true;
	}
	if (!bad && optind >= argc) {
		cli_error(NULL, "build: no input: give submission files or folders");
		bad = true;
	}
	if (bad) {
		fputs("Try 'casebook build --help'.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	cb_profile *profile = cli_load_profile(c, &po);
	if (!profile)
		return CLI_EXIT_USAGE;
	cli_load_plugins(c);
	cb_diags *d = cb_diags_new();
	cb_batch *bt = d ? cli_batch_open(&bo, outdir, d) : NULL;
	if (d && !bt) {
		/* The output folder cannot be made, or another run holds it: nothing was done. */
		cli_print_diags(c, d);
		cb_diags_free(d);
		cb_profile_free(profile);
		return CLI_EXIT_USAGE;
	}
	progress *pr = progress_new(bo.progress, c->quiet, c->verbose);
	if (pr)
		cb_batch_set_progress(bt, progress_event, pr);
	cli_batch_catch_signals(bt);
	cb_build *b = bt ? cb_batch_run(bt, c->ctx, profile, (const char *const *)argv + optind,
	                                (size_t)(argc - optind), po.flags, d)
	                 : NULL;
	cli_batch_release_signals();
	progress_end(pr);
	int status = CLI_EXIT_INPUT;
	if (b) {
		print_inputs(c, b);
		bool written, stopped = cb_batch_interrupted(bt);
		if (stopped) {
			written = cb_batch_write_partial(bt, b, d) == CB_OK;
		} else if (bo.nshards) {
			written = cb_batch_write_shard(bt, c->ctx, b, d) == CB_OK;
		} else {
			written = cb_build_write(c->ctx, b, outdir, d) == CB_OK;
			written = written && cb_build_publish(c->ctx, b, outdir, formats, d) == CB_OK;
		}
		cli_print_diags(c, d);
		if (written && !c->quiet) {
			print_summary(b, outdir, formats, stopped, &bo);
			if (pr)
				progress_summary(pr, bt, stdout);
		}
		if (stopped)
			status = 128 + cli_batch_signal();
		else if (written && cb_build_status_count(b, CB_STATUS_FAILED) == 0)
			status = CLI_EXIT_OK;
	} else {
		if (d)
			cli_print_diags(c, d);
		else
			cli_error(NULL, "out of memory");
	}
	cb_build_free(b);
	cb_batch_free(bt);
	progress_free(pr);
	cb_diags_free(d);
	cb_profile_free(profile);
	return status;
}
