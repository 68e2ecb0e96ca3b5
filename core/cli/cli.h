/* The casebook command: what its subcommands share. */
#ifndef CB_CLI_H
#define CB_CLI_H

#include <casebook/casebook.h>

#include <stdbool.h>

/* Documented in casebook(1). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_INPUT = 1, /* at least one input failed; the others were still done */
	CLI_EXIT_USAGE = 2  /* the command line was wrong; nothing was done */
};

typedef struct cli {
	cb_context *ctx;
	int verbose; /* show notes too */
	bool quiet;  /* errors only */
} cli;

/* Options every subcommand takes: --plugin-dir, --limit, -q, -v. Returns true when opt was one of
 * them (handled), and sets *usage_error when its argument was wrong. */
bool cli_common_option(cli *c, int opt, const char *arg, bool *usage_error);
/* getopt_long codes of the common long options, and their table entries. */
enum { OPT_PLUGIN_DIR = 0x100, OPT_LIMIT, OPT_HELP, OPT_VERBOSE_LONG };
#define CLI_COMMON_LONG_OPTIONS                                                                   \
	{"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},                                      \
		{"limit", required_argument, NULL, OPT_LIMIT}, {"quiet", no_argument, NULL, 'q'},         \
		{"verbose", no_argument, NULL, 'v'}, {"help", no_argument, NULL, OPT_HELP}
#define CLI_COMMON_SHORT_OPTIONS "qv"

/* "casebook: FILE: message" (FILE left out when NULL) on standard error. */
void cli_error(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints diagnostics on standard error: errors always, warnings unless quiet, notes when verbose.
 * Each line is "casebook: " + cb_diag_format(). */
void cli_print_diags(const cli *c, const cb_diags *diags);
/* Loads plugins once (after every --plugin-dir is known). */
void cli_load_plugins(cli *c);

int cmd_build(cli *c, int argc, char **argv);
int cmd_assemble(cli *c, int argc, char **argv);
int cmd_check(cli *c, int argc, char **argv);
int cmd_extract(cli *c, int argc, char **argv);
int cmd_convert(cli *c, int argc, char **argv);
int cmd_plugins(cli *c, int argc, char **argv);

#endif
