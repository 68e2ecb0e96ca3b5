/* casebook's own XML scanner: the fast path behind <casebook/xml.h>.
 *
 * libxml2's pull reader builds and frees a tree node for every node it hands over; for the
 * readers' body parts (document.xml, HWPX sections) that was most of a conversion's time. This
 * scanner tokenises UTF-8 XML in place, in chunks pulled from the container, and hands over the
 * same nodes libxml2's reader would: element starts (with their attributes, namespace
 * declarations left out), element ends (none after an empty element), and text (character data,
 * CDATA and whitespace alike, references decoded, line ends and attribute values normalised as
 * XML requires). Comments, processing instructions and the XML declaration are passed over.
 *
 * It takes only what it reads exactly as libxml2 would: cbi_xmlscan_accepts() decides from the
 * first bytes (UTF-8, or a declaration naming UTF-8 or US-ASCII, and no byte order mark other
 * than UTF-8's); anything else goes to libxml2. Once accepted, every well-formedness error it
 * finds is fatal and reported, the way libxml2 reports it; the problems libxml2 recovers from
 * (an undeclared prefix) are reported as recovered, and the node is given as libxml2 gives it.
 * fuzz/xml.c reads every input both ways and fails on any difference.
 *
 * Document type declarations never reach it: core/xml.c cuts the input off at one. */
#ifndef CB_XMLSCAN_H
#define CB_XMLSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Node types, numbered as libxml2's reader numbers them. */
enum { CBI_XML_START = 1, CBI_XML_TEXT = 3, CBI_XML_END = 15 };

/* One attribute of a start tag. Strings belong to the scanner, valid until the next node. */
typedef struct cbi_xml_attr {
	const char *ns;    /* namespace URI; NULL for an unprefixed (or undeclared-prefix) name */
	const char *local; /* local name; the qualified name when the prefix is undeclared */
	const char *qname; /* as written */
	const char *value; /* references decoded, whitespace normalised as XML requires */
} cbi_xml_attr;

/* The node the scanner stopped at. Strings belong to the scanner, valid until the next node. */
typedef struct cbi_xml_node {
	int type;                   /* CBI_XML_START, CBI_XML_TEXT or CBI_XML_END */
	const char *local, *qname;  /* START and END: as for attributes */
	const char *ns;             /* START and END: namespace URI, or NULL */
	const char *text;           /* TEXT: the text, NUL-terminated (it may hold no NUL itself) */
	size_t text_len;            /* TEXT: its length in bytes */
	unsigned depth;             /* as xmlTextReaderDepth: the root 0, its children and text 1 */
	bool empty;                 /* START: written <a/>, so no END follows */
	const cbi_xml_attr *attrs;  /* START: its attributes, namespace declarations left out */
	size_t nattrs;
	unsigned long line;         /* where the node is, as libxml2 numbers it (1-based) */
} cbi_xml_node;

/* Pulls up to len more bytes of the part into buf: the count, 0 at its end, -1 on a failure
 * (already reported by the puller). */
typedef ssize_t (*cbi_xml_pull_fn)(void *ctx, char *buf, size_t len);
/* A problem in the XML at a line: fatal (reading stops) or recovered from (reading goes on).
 * msg is the scanner's, valid during the call only. */
typedef void (*cbi_xml_problem_fn)(void *ctx, bool fatal, unsigned long line, const char *msg);

typedef struct cbi_xmlscan cbi_xmlscan; /* owned by whoever made it; cbi_xmlscan_free */

/* Whether the scanner reads a part beginning with these bytes (all of the part when it is
 * shorter than 4096 bytes, else at least its first 4096). */
bool cbi_xmlscan_accepts(const char *head, size_t len);
/* A scanner over a part whose first len bytes are head (copied) and the rest comes from pull.
 * NULL when out of memory. */
cbi_xmlscan *cbi_xmlscan_new(const char *head, size_t len, cbi_xml_pull_fn pull, void *pull_ctx,
                             cbi_xml_problem_fn problem, void *problem_ctx);
void cbi_xmlscan_free(cbi_xmlscan *s);
/* Advances to the next node: 1 and *node set (the scanner's, valid until the next call), 0 at
 * the end of a well-formed part, -1 after a fatal problem (reported) or a failed pull. */
int cbi_xmlscan_next(cbi_xmlscan *s, const cbi_xml_node **node);
/* The namespace URI a prefix ("" or NULL for the default namespace) is bound to at the
 * current node, or NULL. */
const char *cbi_xmlscan_lookup(const cbi_xmlscan *s, const char *prefix);

#endif
