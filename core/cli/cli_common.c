/* What the subcommands share: common options, messages, plugin loading. */
#include "config.h"

#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void cli_error(const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("casebook: ", stderr);
	if (file)
		fprintf(stderr, "%s: ", file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool cli_common_option(cli *c, int opt, const char *arg, bool *usage_error)
{
	switch (opt) {
	case OPT_PLUGIN_DIR:
		if (cb_context_add_plugin_dir(c->ctx, arg) != 0) {
			cli_error(NULL, "out of memory");
			*usage_error = true;
		}
		return true;
	case OPT_LIMIT:
		if (cb_context_set_limit_option(c->ctx, arg) != CB_OK) {
			char names[256] = "";
			size_t used = 0;
			for (int i = 0; i < CB_LIMIT_COUNT_ && used < sizeof names; i++)
				used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
				                         i ? ", " : "", cb_limit_name((cb_limit)i));
			cli_error(NULL, "--limit %s: expected NAME=NUMBER[k|M|G], where NAME is one of %s",
			          arg, names);
			*usage_error = true;
		}
		return true;
	case 'q':
		c->quiet = true;
		return true;
	case 'v':
		c->verbose++;
		return true;
	default:
		return false;
	}
}

void cli_print_diags(const cli *c, const cb_diags *diags)
{
	for (size_t i = 0; i < cb_diags_count(diags); i++) {
		const cb_diag *d = cb_diags_at(diags, i);
		cb_severity sev = cb_diag_severity(d);
		if ((sev == CB_SEV_WARNING && c->quiet) || (sev == CB_SEV_NOTE && !c->verbose))
			continue;
		char *line = cb_diag_format(d);
		fprintf(stderr, "casebook: %s\n", line ? line : cb_diag_message(d));
		free(line);
	}
	if (cb_diags_dropped(diags))
		cli_error(NULL, "%zu further messages were lost for lack of memory",
		          cb_diags_dropped(diags));
}

void cli_load_plugins(cli *c)
{
	cb_context_load_plugins(c->ctx);
}
