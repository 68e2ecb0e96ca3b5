/* casebook: the command. Global options, then a subcommand (like git). */
#include "config.h"

#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: casebook [--plugin-dir DIR]... COMMAND [OPTION]... [ARG]...\n"
	      "Turn school submissions into a structured, privacy-safe casebook.\n"
	      "\n"
	      "Commands:\n"
	      "  build      build the casebook and its report from submissions\n"
	      "  assemble   merge the shards of a build spread over machines\n"
	      "  check      check submissions before sending them: fields, sections, privacy\n"
	      "  extract    print the case one submission becomes, as JSON\n"
	      "  convert    convert documents from one format to another\n"
	      "  plugins    list the readers and writers found, and those refused\n"
	      "  help       show help for a command\n"
	      "\n"
	      "Options:\n"
	      "  --plugin-dir DIR  look for plugins in DIR first (repeatable)\n"
	      "  --version         print the version and exit\n"
	      "  --help            print this help and exit\n"
	      "\n"
	      "'casebook COMMAND --help' describes a command. Exit status: 0 success, 1 an input\n"
	      "failed (the others were still done), 2 usage error. See casebook(1).\n",
	      f);
}

typedef int (*command_fn)(cli *c, int argc, char **argv);

static command_fn find_command(const char *name)
{
	if (strcmp(name, "build") == 0)
		return cmd_build;
	if (strcmp(name, "assemble") == 0)
		return cmd_assemble;
	if (strcmp(name, "check") == 0)
		return cmd_check;
	if (strcmp(name, "extract") == 0)
		return cmd_extract;
	if (strcmp(name, "convert") == 0)
		return cmd_convert;
	if (strcmp(name, "plugins") == 0)
		return cmd_plugins;
	return NULL;
}

int main(int argc, char **argv)
{
	/* libzip turns each entry's DOS date into a time with mktime(), and with TZ unset glibc
	 * looks at /etc/localtime again on every call (a dozen system calls per document). Naming
	 * the same zone lets it read the file once. */
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);
	cli c = {0};
	c.ctx = cb_context_new();
	if (!c.ctx) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_INPUT;
	}
	int status = CLI_EXIT_USAGE;
	int i = 1;
	/* Global options before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0) {
			printf("casebook %s (plugin ABI %u)\n", cb_version(), CB_PLUGIN_ABI);
			status = CLI_EXIT_OK;
			goto done;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			status = CLI_EXIT_OK;
			goto done;
		} else if (strcmp(a, "--plugin-dir") == 0 && i + 1 < argc) {
			cb_context_add_plugin_dir(c.ctx, argv[++i]);
		} else if (strncmp(a, "--plugin-dir=", 13) == 0) {
			cb_context_add_plugin_dir(c.ctx, a + 13);
		} else {
			cli_error(NULL, "unknown option '%s' (see 'casebook --help')", a);
			goto done;
		}
	}
	if (i == argc) {
		usage(stderr);
		goto done;
	}
	const char *name = argv[i];
	if (strcmp(name, "help") == 0) {
		if (i + 1 < argc && find_command(argv[i + 1])) {
			char *help_argv[] = {argv[i + 1], "--help", NULL};
			status = find_command(argv[i + 1])(&c, 2, help_argv);
		} else if (i + 1 < argc) {
			cli_error(NULL, "unknown command '%s'", argv[i + 1]);
		} else {
			usage(stdout);
			status = CLI_EXIT_OK;
		}
		goto done;
	}
	command_fn cmd = find_command(name);
	if (!cmd) {
		cli_error(NULL, "unknown command '%s' (see 'casebook --help')", name);
		goto done;
	}
	status = cmd(&c, argc - i, argv + i);
done:
	cb_context_free(c.ctx);
	return status;
}
