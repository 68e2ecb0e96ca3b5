/* casebook: the plugin API.
 *
 * A plugin is a shared object holding one reader or one writer. It exports exactly one symbol,
 * the data object `cb_plugin_entry`, a cb_plugin_descriptor (define it with CB_PLUGIN_EXPORT).
 * The host reads the descriptor's first field, the ABI number, before it calls any of the
 * plugin's functions, and refuses a plugin built for another ABI. The rules for what changes
 * the ABI are in docs/ABI.md.
 *
 * A plugin reaches the core only through this header and the ones it includes: tree building
 * (model.h), diagnostics (cb_input_report / cb_output_report) and limits (cb_input_limit).
 *
 * Threading: the host calls a plugin from one thread at a time per input or output; a plugin
 * must keep no mutable global state between calls (worker processes may run many inputs).
 */
#ifndef CASEBOOK_PLUGIN_H
#define CASEBOOK_PLUGIN_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <casebook/diag.h>
#include <casebook/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The plugin ABI this header describes. A plugin whose descriptor says otherwise is refused. */
#define CB_PLUGIN_ABI 1u
#define CB_PLUGIN_ENTRY_NAME "cb_plugin_entry"

typedef enum cb_plugin_kind {
	CB_PLUGIN_READER = 1,
	CB_PLUGIN_WRITER = 2
} cb_plugin_kind;

typedef struct cb_probe cb_probe;   /* what a reader may look at to bid; owned by the host */
typedef struct cb_input cb_input;   /* the input being read; owned by the host */
typedef struct cb_output cb_output; /* where a writer writes; owned by the host */

/* Bids run on every input, so they must be cheap: look at the bytes and names the probe offers,
 * never read the input. Scale: 0 = not mine; 1-19 = could be read as a fallback (plain text);
 * 20-59 = the generic container or syntax matches; 60-100 = the format's own signature matches.
 * Each reader says in a comment how it derives its scores. */
typedef int (*cb_bid_fn)(const cb_probe *probe);
/* Read the whole input into doc (whose body is empty). Return CB_OK, or an error code after
 * reporting at least one error with cb_input_report() that says why. On error the host discards
 * the document. */
typedef cb_code (*cb_read_fn)(cb_input *in, cb_document *doc);
/* Write doc to out. Return CB_OK, or an error code after reporting why with cb_output_report().
 * On error the host discards what was written and leaves any earlier output file untouched. */
typedef cb_code (*cb_write_fn)(const cb_document *doc, cb_output *out);

typedef struct cb_plugin_descriptor {
	uint32_t abi;  /* CB_PLUGIN_ABI; must stay the first field in every ABI */
	uint32_t size; /* sizeof(cb_plugin_descriptor) as the plugin was built */
	const char *name;    /* [a-z0-9_-]{1,32}; unique per kind; what -f/-t name */
	const char *version; /* the plugin's own version */
	const char *licence; /* SPDX identifier */
	const char *summary; /* one line */
	cb_plugin_kind kind;
	const char *const *extensions;  /* NULL-terminated, lower case, no dot; the first one is a
	                                   writer's default output extension */
	const char *const *media_types; /* NULL-terminated */
	cb_bid_fn bid;    /* readers */
	cb_read_fn read;  /* readers */
	cb_write_fn write; /* writers */
	void *reserved[8]; /* zero; room for growth without an ABI break */
} cb_plugin_descriptor;

/* Exports the descriptor under the name the host looks for, and nothing else visible. */
#define CB_PLUGIN_EXPORT                                                                    \
	__attribute__((visibility("default"))) extern const cb_plugin_descriptor cb_plugin_entry; \
	__attribute__((visibility("default"))) const cb_plugin_descriptor cb_plugin_entry

/* --- probing ----------------------------------------------------------------------------- */

/* The first bytes of the input (up to CB_PROBE_HEAD bytes, fewer for a shorter input). */
#define CB_PROBE_HEAD 4096u
const unsigned char *cb_probe_head(const cb_probe *p, size_t *len);
/* The input's file name (last path component) or NULL for standard input. */
const char *cb_probe_name(const cb_probe *p);
/* Whether the input is a ZIP archive the host could list; then its entry names, in the order of
 * the central directory (the host stops listing at the entry limit). */
bool cb_probe_is_zip(const cb_probe *p);
size_t cb_probe_zip_count(const cb_probe *p);
const char *cb_probe_zip_entry(const cb_probe *p, size_t i);
bool cb_probe_zip_has(const cb_probe *p, const char *name);
/* The content of a ZIP's `mimetype` entry (trimmed, at most 255 bytes) or NULL if it has none. */
const char *cb_probe_zip_mimetype(const cb_probe *p);
/* Whether the input is an OLE compound file (HWP 5, Word 97-2003, encrypted Office documents);
 * then the names of its storages and streams (ASCII; other characters shown as '?'). */
bool cb_probe_is_cfb(const cb_probe *p);
size_t cb_probe_cfb_count(const cb_probe *p);
const char *cb_probe_cfb_entry(const cb_probe *p, size_t i);
bool cb_probe_cfb_has(const cb_probe *p, const char *name);

/* --- reading ----------------------------------------------------------------------------- */

/* The name to show for the input: its path as given, or "-" for standard input. */
const char *cb_input_name(const cb_input *in);
/* A file system path to open directly (e.g. with zip_open), or NULL (standard input, memory). */
const char *cb_input_path(const cb_input *in);
/* Read sequentially from the start. Returns bytes read, 0 at the end, -1 on error (reported). */
ssize_t cb_input_read(cb_input *in, void *buf, size_t len);
/* Start sequential reading again from the first byte. 0, or -1 on error (reported). */
int cb_input_rewind(cb_input *in);
/* The whole input in memory (read-only, owned by the host, valid until read returns). NULL, with
 * an error reported, when it cannot be read or is larger than CB_LIMIT_INPUT_BYTES. */
const void *cb_input_contents(cb_input *in, size_t *len);

/* Limits the host configured (from the command line or the profile). A reader enforces the ones
 * that concern it and names the limit in its error. */
typedef enum cb_limit {
	CB_LIMIT_INPUT_BYTES = 0,   /* bytes in one input file */
	CB_LIMIT_UNCOMPRESSED = 1,  /* bytes expanded from one container */
	CB_LIMIT_RATIO = 2,         /* compression ratio of one container entry */
	CB_LIMIT_ENTRIES = 3,       /* entries in one container */
	CB_LIMIT_DEPTH = 4,         /* nesting depth of markup and of the tree */
	CB_LIMIT_NODES = 5,         /* nodes in one document */
	CB_LIMIT_COUNT_             /* not a limit */
} cb_limit;
uint64_t cb_input_limit(const cb_input *in, cb_limit which);
/* The option name of a limit, e.g. "max-input-bytes" (as on the command line). Static storage. */
const char *cb_limit_name(cb_limit which);

/* Report a diagnostic about the input; the host adds the input's path. part names the member of a
 * container (e.g. "word/document.xml") or is NULL; line is 0 when unknown. */
void cb_input_report(cb_input *in, cb_severity sev, cb_code code, const char *part,
                     unsigned long line, const char *fmt, ...) CB_PRINTF(6, 7);

/* --- writing ----------------------------------------------------------------------------- */

/* Append bytes to the output. 0, or -1 once a write has failed (the host reports it). */
int cb_output_write(cb_output *out, const void *data, size_t len);
int cb_output_puts(cb_output *out, const char *s);
int cb_output_printf(cb_output *out, const char *fmt, ...) CB_PRINTF(2, 3);
/* The output's name for messages: its path, or "-" for standard output. */
const char *cb_output_name(const cb_output *out);
void cb_output_report(cb_output *out, cb_severity sev, cb_code code, const char *fmt, ...)
	CB_PRINTF(4, 5);

/* --- helpers formats share ------------------------------------------------------------- */

/* Standard base64 (RFC 4648, with padding, no line breaks). Returns a NUL-terminated string the
 * caller frees with free(), or NULL when out of memory; *out_len (if not NULL) gets its length. */
char *cb_base64_encode(const void *data, size_t len, size_t *out_len);
/* Decodes base64, skipping ASCII white space. Returns the bytes (caller frees with free()) or
 * NULL when the text is not base64 or memory runs out. */
unsigned char *cb_base64_decode(const char *text, size_t len, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
