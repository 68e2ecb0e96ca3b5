/* casebook: safe XML pull parsing for readers.
 *
 * Every XML-based reader parses with the same settings and limits: streaming (memory grows with
 * the depth of the document and its longest text, not its size), no network access, and no
 * document type declaration at all: the host refuses one in the bytes before any parser sees
 * them (CB_E_INVALID with its line), so no entity, external or internal, is ever declared,
 * fetched or expanded. Sizes stay bounded by max-input-bytes and max-uncompressed-bytes, element
 * nesting by max-depth. Parse errors are reported through the input as CB_E_SYNTAX with the part
 * and line, never printed; problems the parser recovers from (an undeclared namespace prefix)
 * as CB_W_RECOVERED warnings, a few per part.
 *
 * UTF-8 parts (nearly all) are read by casebook's own scanner; others (UTF-16 HWPML, legacy
 * encodings) by libxml2. Both give the same nodes: element starts, element ends and text.
 * Comments, processing instructions and the XML declaration are passed over.
 *
 * A parser is opened inside a read callback, used by one thread, and closed (cb_xml_close, NULL
 * allowed) before read returns and before the container it reads from. The usual loop:
 *
 *   cb_xml *x = cb_xml_open_zip_entry(z, "content.xml");
 *   int r;
 *   while (x && (r = cb_xml_next(x)) == 1)
 *       if (cb_xml_type(x) == CB_XML_START && strcmp(cb_xml_name(x), "p") == 0) ...
 *   cb_xml_close(x);            // r == 0: the end; r == -1 or x == NULL: already reported
 *
 * Every string the accessors return belongs to the parser and is valid until the next
 * cb_xml_next or cb_xml_close; copy what must outlive the node.
 */
#ifndef CASEBOOK_XML_H
#define CASEBOOK_XML_H

#include <casebook/container.h>
#include <casebook/plugin.h>

#include <stdbool.h>
#include <stddef.h>

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

/* The kinds of node cb_xml_next stops at. */
typedef enum cb_xml_node_type {
	CB_XML_START = 1, /* an element's start tag; an empty element (<a/>) has no CB_XML_END */
	CB_XML_TEXT = 3,  /* character data (text, CDATA, whitespace), references decoded */
	CB_XML_END = 15   /* an element's end tag */
} cb_xml_node_type;

/* The current node's kind. */
cb_xml_node_type cb_xml_type(const cb_xml *x);
/* START and END: the element's local name (a name whose prefix is undeclared keeps the prefix,
 * "p:a", and has no namespace). "" for text. */
const char *cb_xml_name(const cb_xml *x);
/* START and END: the element's name as written, prefix included. "" for text. */
const char *cb_xml_qname(const cb_xml *x);
/* START and END: the element's namespace URI, or NULL when it has none. */
const char *cb_xml_ns(const cb_xml *x);
/* The node's depth: 0 for the root element, 1 for its children and its text, ... */
unsigned cb_xml_depth(const cb_xml *x);
/* START: whether the element was written empty (<a/>), so that no END follows. */
bool cb_xml_is_empty(const cb_xml *x);
/* TEXT: the text (NUL-terminated) and, when len is not NULL, its length in bytes. NULL for other
 * nodes. */
const char *cb_xml_text(const cb_xml *x, size_t *len);
/* START: the value of the attribute with this namespace URI (NULL: an unprefixed attribute) and
 * local name, or NULL when the element has none. */
const char *cb_xml_attr(const cb_xml *x, const char *ns, const char *name);
/* START: how many attributes the element has, namespace declarations not counted (0 for other
 * nodes). */
size_t cb_xml_attr_count(const cb_xml *x);
/* START: the value of attribute i (0 <= i < cb_xml_attr_count), its namespace URI (or NULL) in
 * *ns and its local name in *name when those are not NULL. NULL when i is out of range. */
const char *cb_xml_attr_at(const cb_xml *x, size_t i, const char **ns, const char **name);
/* The namespace URI bound to a prefix ("" or NULL for the default namespace) at the current
 * node, or NULL when it is unbound. Valid until the next cb_xml_lookup_ns, cb_xml_next or
 * cb_xml_close. */
const char *cb_xml_lookup_ns(cb_xml *x, const char *prefix);
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
