/* casebook: safe XML pull parsing for readers (needs libxml2: pkg-config libxml-2.0).
 *
 * Every XML-based reader parses with the same settings: libxml2's streaming reader (memory grows
 * with the depth of the document, not its size), no network access, and no document type
 * declaration at all: the host refuses one in the bytes before the parser sees them (CB_E_INVALID
 * with its line), so no entity, external or internal, is ever declared, fetched or expanded.
 * Because of that the parser may run with XML_PARSE_HUGE, so one text node is not capped at
 * libxml2's 10 MB (base64 pictures in HWPML exceed it); sizes stay bounded by max-input-bytes and
 * max-uncompressed-bytes, and element nesting by max-depth. Parse errors are reported through the
 * input as CB_E_SYNTAX with the part and line, never printed.
 *
 * A parser is opened inside a read callback, used by one thread, and closed (cb_xml_close, NULL
 * allowed) before read returns and before the container it reads from. The usual loop:
 *
 *   cb_xml *x = cb_xml_open_zip_entry(z, "content.xml");
 *   int r;
 *   while (x && (r = cb_xml_next(x)) == 1) { ... cb_xml_reader(x) ... }
 *   cb_xml_close(x);            // r == 0: the end; r == -1 or x == NULL: already reported
 *
 * Strings libxml2's reader returns (xmlTextReaderConstLocalName, ...ConstValue) are valid until
 * the next cb_xml_next; those it allocates (xmlTextReaderGetAttributeNs) are freed with xmlFree.
 * Building against this header needs libxml2's flags: `pkg-config --cflags casebook` gives them.
 */
#ifndef CASEBOOK_XML_H
#define CASEBOOK_XML_H

#include <casebook/container.h>
#include <casebook/plugin.h>

#include <libxml/xmlreader.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cb_xml cb_xml; /* a parser; owned by whoever opened it */

/* Parses an entry of a container, streaming it; the entry's name is the part messages give.
 * NULL, with the error reported (no such entry, encrypted, over a limit), on failure. */
cb_xml *cb_xml_open_zip_entry(cb_zip *z, const char *name);
/* Parses the input itself, streaming it from its first byte (it rewinds the input). NULL, with
 * the error reported, on failure. */
cb_xml *cb_xml_open_input(cb_input *in);
/* Parses len bytes at data (the caller's, which must outlive the parser); part names them in
 * messages, or is NULL. NULL, with the error reported, on failure. */
cb_xml *cb_xml_open_memory(cb_input *in, const char *part, const void *data, size_t len);
void cb_xml_close(cb_xml *x);

/* Advances to the next node: 1 when there is one, 0 at the end of the document, -1 on an error
 * (already reported: syntax, depth limit, a DTD declaring entities, a read failure). After -1,
 * stop reading. */
int cb_xml_next(cb_xml *x);
/* The underlying libxml2 reader, for node type, names, attributes and values. Owned by x; do not
 * advance it with xmlTextReaderRead() directly (use cb_xml_next, which enforces the limits). */
xmlTextReaderPtr cb_xml_reader(cb_xml *x);
/* The current node's line in its part (0 if unknown). */
unsigned long cb_xml_line(cb_xml *x);
/* The part name given when opening (NULL for the input itself). */
const char *cb_xml_part(const cb_xml *x);
/* Report a diagnostic at the current node's line in this part. */
void cb_xml_report(cb_xml *x, cb_severity sev, cb_code code, const char *fmt, ...)
	CB_PRINTF(4, 5);

#ifdef __cplusplus
}
#endif
#endif
