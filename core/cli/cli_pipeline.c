/* Options and profile loading for build, check and extract. */
#include "config.h"

#include "cli_pipeline.h"

#include <stdio.h>

bool cli_pipeline_option(pipeline_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_PROFILE:
		o->profile = arg;
		return true;
	case OPT_NO_REDACT:
		o->flags |= CB_BUILD_NO_REDACT;
		return true;
	default:
		return false;
	}
}

cb_profile *cli_load_profile(const cli *c, const pipeline_opts *o)
{
	cb_diags *d = cb_diags_new();
	if (!d) {
		cli_error(NULL, "out of memory");
		return NULL;
	}
	cb_profile *p = cb_profile_load(o->profile, d);
	if (p)
		cb_profile_apply_limits(p, c->ctx);
	cli_print_diags(c, d);
	if (!p && !cb_diags_count_at_least(d, CB_SEV_ERROR))
		cli_error(o->profile, "cannot load the profile");
	cb_diags_free(d);
	return p;
}

void cli_bad_option(const char *command, int optopt_value, const char *arg)
{
	if (optopt_value > 0 && optopt_value < 0x100)
		cli_error(NULL, "%s: option -%c is unknown or lacks its argument", command, optopt_value);
	else if (optopt_value)
		cli_error(NULL, "%s: option '%s' lacks its argument", command, arg);
	else
		cli_error(NULL, "%s: unknown option '%s'", command, arg);
}
