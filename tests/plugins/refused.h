/* Callbacks for test plugins that the host must refuse: if the host ever called one, the test
 * process would abort, so a passing test proves the plugin's code was never run. */
#ifndef CB_TEST_REFUSED_H
#define CB_TEST_REFUSED_H

#include <casebook/plugin.h>

#include <stdlib.h>

__attribute__((unused)) static int never_bid(const cb_probe *p)
{
	(void)p;
	abort();
}

__attribute__((unused)) static cb_code never_read(cb_input *in, cb_document *doc)
{
	(void)in;
	(void)doc;
	abort();
}

__attribute__((unused)) static const char *const no_extensions[] = {NULL};

#endif
