/* casebook plugins --check: a conformance run for one plugin (cmd_plugins_check.c). */
#ifndef CB_CLI_PLUGINS_CHECK_H
#define CB_CLI_PLUGINS_CHECK_H

#include "cli.h"

/* Seconds a plugin gets for one input or one document before it is taken to hang. */
#define CHECK_DEFAULT_TIMEOUT 10u

/* Loads the shared object at plugin alone, checks its descriptor, and runs it over the built-in
 * samples (and every file under corpus, when not NULL) or reference documents, each in a child
 * process with a timeout of timeout seconds. c's context (the search path) supplies the other
 * readers that bids are compared with. Prints a table; returns CLI_EXIT_OK when every check
 * passed, CLI_EXIT_INPUT otherwise. */
int cmd_plugins_check(cli *c, const char *plugin, const char *corpus, unsigned timeout);

#endif
