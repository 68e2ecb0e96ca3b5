/* Placeholder until the scanner lands: it declines every part, so libxml2 reads them all. */
#include "config.h"

#include "xmlscan.h"

bool cbi_xmlscan_accepts(const char *head, size_t len)
{
	(void)head;
	(void)len;
	return false;
}

cbi_xmlscan *cbi_xmlscan_new(const char *head, size_t len, cbi_xml_pull_fn pull, void *pull_ctx,
                             cbi_xml_problem_fn problem, void *problem_ctx)
{
	(void)head, (void)len, (void)pull, (void)pull_ctx, (void)problem, (void)problem_ctx;
	return NULL;
}

void cbi_xmlscan_free(cbi_xmlscan *s) { (void)s; }

int cbi_xmlscan_next(cbi_xmlscan *s, const cbi_xml_node **node)
{
	(void)s;
	*node = NULL;
	return -1;
}

const char *cbi_xmlscan_lookup(const cbi_xmlscan *s, const char *prefix)
{
	(void)s;
	(void)prefix;
	return NULL;
}
