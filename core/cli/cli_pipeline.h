/* What build, check and extract share: the profile and privacy options. */
#ifndef CB_CLI_PIPELINE_H
#define CB_CLI_PIPELINE_H

#include "cli.h"

#include <casebook/build.h>

/* getopt_long codes of --profile and --no-redact (after the common options' codes). */
enum { OPT_PROFILE = 0x180, OPT_NO_REDACT };
#define CLI_PIPELINE_LONG_OPTIONS                                                               \
	{"profile", required_argument, NULL, OPT_PROFILE},                                          \
		{"no-redact", no_argument, NULL, OPT_NO_REDACT}

typedef struct pipeline_opts {
	const char *profile; /* NULL: the default profile */
	unsigned flags;      /* CB_BUILD_NO_REDACT */
} pipeline_opts;

/* Handles --profile and --no-redact; true when opt was one of them. */
bool cli_pipeline_option(pipeline_opts *o, int opt, const char *arg);
/* Loads the profile, printing its errors (file:line: message). NULL on failure. */
cb_profile *cli_load_profile(const cli *c, const pipeline_opts *o);
/* Prints the unknown-option message of a command and the hint to its --help. */
void cli_bad_option(const char *command, int optopt_value, const char *arg);

#endif
