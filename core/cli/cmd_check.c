/* casebook check: what a school runs before sending its submission. It shows what the office's
 * build will find: the fields, the sections, what is missing or unparsable, and how much privacy
 * would mask (counts only, never the values). */
#include "config.h"

#include "cli_pipeline.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: casebook check [OPTION]... FILE...\n"
	      "Check submissions before sending them: the fields and sections found, what is\n"
	      "missing or cannot be read, and how many items privacy would mask.\n"
	      "\n"
	      "      --profile FILE  use this profile instead of the default one\n"
	      "      --no-redact     show values unmasked (nothing would be masked)\n"
	      "      --limit NAME=N  change a limit (max-input-bytes, max-depth, max-nodes, ...)\n"
	      "      --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "  -q, --quiet         print only the files with problems\n"
	      "  -v, --verbose       print notes too\n"
	      "      --help          print this help and exit\n"
	      "\n"
	      "Exit status: 0 every file is complete, 1 a file failed or has warnings,\n"
	      "2 usage or profile error.\n",
	      f);
}

static const struct {
	const char *key, *label;
} shown[] = {
	{"school", "school"},     {"school_level", "level"}, {"officer", "officer"},
	{"title", "title"},       {"area", "area"},          {"area_original", "area as written"},
	{"target", "target"},     {"participants", "participants"},
	{"period.start", "from"}, {"period.end", "to"},      {"period.original", "period as written"},
	{"place", "place"},       {"budget_krw", "budget (won)"}, {"partners", "partners"},
	{"author", "author"},
};

static void print_case(const cli *c, const cb_case *k)
{
	puts("  fields:");
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		const char *v = cb_case_get(k, shown[i].key);
		printf("    %-18s %s\n", shown[i].label, v ? v : "(not found)");
	}
	puts("  sections:");
	const char *kind, *heading;
	for (size_t i = 0; cb_case_section_at(k, i, &kind, &heading); i++)
		printf("    %-18s %s\n", kind, heading ? heading : "(before the first heading)");
	if (!cb_case_section_count(k))
		puts("    (none found)");
	fputs("  would mask:", stdout);
	bool any = false;
	for (size_t i = 0; cb_redaction_kind(i); i++) {
		size_t n = cb_case_redactions(k, cb_redaction_kind(i));
		if (n)
			printf("%s %zu %s", any ? "," : "", n, cb_redaction_kind(i));
		any = any || n;
	}
	puts(any ? "" : " nothing");
	const cb_diags *d = cb_case_diags(k);
	for (size_t i = 0; i < cb_diags_count(d); i++) {
		const cb_diag *r = cb_diags_at(d, i);
		if (cb_diag_severity(r) == CB_SEV_NOTE && !c->verbose)
			continue;
		printf("  %s: %s [%s]\n", cb_severity_name(cb_diag_severity(r)), cb_diag_message(r),
		       cb_code_name(cb_diag_code(r)));
	}
}

/* Checks one file; false when it failed or has warnings. */
static bool check_one(cli *c, const cb_profile *p, const pipeline_opts *po, const char *path)
{
	cb_diags *d = cb_diags_new();
	if (!d) {
		cli_error(path, "out of memory");
		return false;
	}
	cb_case *k = cb_case_extract_file(c->ctx, p, path, po->flags, d);
	bool good = k && !cb_diags_count_at_least(d, CB_SEV_WARNING) &&
	            !cb_diags_count_at_least(cb_case_diags(k), CB_SEV_WARNING);
	if (!k) {
		printf("%s: failed\n", path);
		cli_print_diags(c, d);
	} else if (!good || !c->quiet) {
		printf("%s: %s\n", path, good ? "ok" : "warning");
		cli_print_diags(c, d);
		print_case(c, k);
	}
	cb_case_free(k);
	cb_diags_free(d);
	return good;
}

int cmd_check(cli *c, int argc, char **argv)
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
		cli_bad_option("check", optopt, argv[optind - 1]);
		bad = true;
	}
	if (!bad && optind >= argc) {
		cli_error(NULL, "check: no file to check");
		bad = true;
	}
	if (bad) {
		fputs("Try 'casebook check --help'.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	cb_profile *p = cli_load_profile(c, &po);
	if (!p)
		return CLI_EXIT_USAGE;
	cli_load_plugins(c);
	int problems = 0;
	for (int i = optind; i < argc; i++) {
		if (i > optind && !c->quiet)
			putchar('\n');
		problems += !check_one(c, p, &po, argv[i]);
	}
	cb_profile_free(p);
	return problems ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
