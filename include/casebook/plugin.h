/* casebook: the plugin API.
 *
 * A plugin is a shared object holding one reader or one writer. It exports exactly one symbol,
 * the data object `cb_plugin_entry`, a cb_plugin_descriptor (define it with CB_PLUGIN_EXPORT).
 * The host reads the descriptor's first field, the ABI number, before it calls any of the
 * plugin's functions, and refuses a plugin built for another ABI. The rules for what changes
 * the ABI are in docs/ABI.md and casebook-plugin(7), which also walks through writing a reader
 * and a writer.
 *
 * A plugin reaches the core only through this header and the ones it includes: tree building
 * (model.h), diagnostics (cb_input_report / cb_output_report, codes in diag.h) and limits
 * (cb_input_limit); container.h and xml.h add bounded ZIP access and safe XML parsing for
 * readers of ZIP- and XML-based formats.
 *
 * What the host guarantees:
 *   - No function of a plugin is called before its descriptor has passed every check (ABI,
 *     size, name, version, licence, kind, callbacks) and its name is unique for its kind.
 *   - A reader's bid is called with a probe of the input, read's document is new and empty with
 *     the node and depth limits already set, and write's document is complete and obeys the
 *     content rules of model.h. Every pointer passed in is valid, never NULL, and only for the
 *     duration of the call.
 *   - What a callback reports and returns is all the host uses: it discards a failed read's
 *     document and a failed write's output itself.
 *
 * What a plugin must do in return:
 *   - Keep no mutable global or static state: the host may call the same plugin for different
 *     inputs from several threads at once, and a worker process runs many inputs one after the
 *     other. Constant tables are fine.
 *   - Report problems through cb_input_report / cb_output_report, and never print, exit, abort,
 *     longjmp out of a callback, install signal handlers, or change process-wide state (locale,
 *     working directory, environment, umask).
 *   - Free what it allocates before returning, except what it put in the document (which the
 *     document's arena owns) and what a function below says the host frees.
 *
 * Thread-safety of the functions below: each may be called from any thread, on different objects
 * at the same time; one object (a probe, an input, an output, a document) is used by one thread
 * at a time.
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
#define CB_PLUGIN_ABI 2u
/* The name of the one symbol a plugin exports (CB_PLUGIN_EXPORT defines it). */
#define CB_PLUGIN_ENTRY_NAME "cb_plugin_entry"

/* What a plugin does: read one format into the model, or write the model out as one format. A
 * format read and written is two plugins (the text reader and the text writer share a name). */
typedef enum cb_plugin_kind {
	CB_PLUGIN_READER = 1,
	CB_PLUGIN_WRITER = 2
} cb_plugin_kind;

/* Opaque handles the host passes to callbacks. Each is owned by the host, valid only during the
 * callback it was passed to, and never to be kept, freed or used from another thread. */
typedef struct cb_probe cb_probe;   /* what a reader may look at to bid; owned by the host */
typedef struct cb_input cb_input;   /* the input being read; owned by the host */
typedef struct cb_output cb_output; /* where a writer writes; owned by the host */

/* Bids run on every input, so they must be cheap: look at the bytes and names the probe offers,
 * never read the input. Scale: 0 = not mine; 1-19 = could be read as a fallback (plain text);
 * 20-59 = the generic container or syntax matches; 60-100 = the format's own signature matches.
 * The highest bid wins; a tie goes to the reader claiming the file's extension. Bids outside
 * 0..100 are clamped (and fail `casebook plugins --check`). A reader must bid lower than a
 * format's own reader on that format's files. Each reader says in a comment how it derives its
 * scores. The probe is valid during the call only; the bid must not report diagnostics. */
typedef int (*cb_bid_fn)(const cb_probe *probe);
/* Read the whole input into doc (whose body is empty and whose node and depth limits are set).
 * Return CB_OK, or an error code after reporting at least one error with cb_input_report() that
 * says why; never report an error and return CB_OK. On error the host discards the document.
 * The reader may be called on any input, whatever it bid (the user can force it with -f), so it
 * must fail cleanly on bytes of another format. in is valid during the call only; doc belongs to
 * the host, and whatever the reader adds to it lives in the document's arena. */
typedef cb_code (*cb_read_fn)(cb_input *in, cb_document *doc);
/* Write doc to out. Return CB_OK, or an error code after reporting why with cb_output_report().
 * On error the host discards what was written and leaves any earlier output file untouched.
 * The same document must always give the same bytes (no dates, addresses or counters in the
 * output). doc is read-only and, like out, valid during the call only. */
typedef cb_code (*cb_write_fn)(const cb_document *doc, cb_output *out);

/* A writer's optional second way in, for documents too large to hold at once: a casebook written
 * a case at a time, so that the host never holds more than one case. A writer that offers it
 * still has write, which the host uses for any other document (and which must give the same
 * bytes as the stream for the same casebook).
 *
 * The host calls begin once with the head: the whole casebook document (see the casebook
 * document in casebook-plugin(7)) in which every division of class "case" carries only the
 * attributes id, school, school_level, officer, title, area and, when published, status, and has
 * no children (what a table of contents, an index or statistics need up front). Then add once
 * per case division of the head, in the head's order, with that case's full division (its
 * attributes and children), valid during the call only. Then end, whose return is the output's.
 * A writer that knows nothing of cases (Markdown) gets the casebook's reading copy this way:
 * the head has an empty division of class "case" where each case's blocks go, and add a
 * division holding them, to be written as if they stood in its place.
 * When add fails, or the host gives up for a reason of its own, the host calls cancel instead
 * of the calls left, and discards the output; a begin or end that fails has freed its state.
 * The head stays valid and unchanged from begin until end or cancel returns; out is the same in
 * every call. begin puts what the writer keeps between calls into *state (NULL is fine), which
 * end and cancel free. A writer reports errors as write does, and the same rules hold: the same
 * casebook gives the same bytes. */
typedef struct cb_write_stream {
	uint32_t size; /* sizeof(cb_write_stream) as the plugin was built */
	/* Starts the output from the head; a begin that fails frees what it made itself. */
	cb_code (*begin)(const cb_document *head, cb_output *out, void **state);
	/* Writes the next case: its whole division (read-only, valid during the call only). */
	cb_code (*add)(void *state, const cb_node *division, cb_output *out);
	/* Writes what follows the last case and frees state. */
	cb_code (*end)(void *state, cb_output *out);
	/* Frees state when the output is given up (nothing more is written). */
	void (*cancel)(void *state);
} cb_write_stream;

/* What a plugin is, as data the host can read without running any of the plugin's code. The
 * plugin owns it (static storage); every string and array it points to must be static too. Fields
 * a kind does not use are NULL. */
typedef struct cb_plugin_descriptor {
	uint32_t abi;  /* CB_PLUGIN_ABI; must stay the first field in every ABI */
	uint32_t size; /* sizeof(cb_plugin_descriptor) as the plugin was built */
	const char *name;    /* [a-z0-9_-]{1,32}; unique per kind; what -f/-t name */
	const char *version; /* the plugin's own version */
	const char *licence; /* SPDX identifier */
	const char *summary; /* one line */
	cb_plugin_kind kind; /* CB_PLUGIN_READER or CB_PLUGIN_WRITER */
	const char *const *extensions;  /* NULL-terminated, lower case, no dot; the first one is a
	                                   writer's default output extension */
	const char *const *media_types; /* NULL-terminated */
	cb_bid_fn bid;    /* readers */
	cb_read_fn read;  /* readers */
	cb_write_fn write; /* writers */
	const cb_write_stream *stream; /* writers, optional: a casebook a case at a time; NULL for
	                                  none (the writer then always gets the whole document) */
	void *reserved[7]; /* zero; room for growth without an ABI break */
} cb_plugin_descriptor;

/* Exports the descriptor under the name the host looks for, and nothing else visible. */
#define CB_PLUGIN_EXPORT                                                                    \
	__attribute__((visibility("default"))) extern const cb_plugin_descriptor cb_plugin_entry; \
	__attribute__((visibility("default"))) const cb_plugin_descriptor cb_plugin_entry

/* --- probing ----------------------------------------------------------------------------- */

/* The most bytes of an input's start that a probe holds. */
#define CB_PROBE_HEAD 4096u
/* The first bytes of the input (up to CB_PROBE_HEAD bytes, fewer for a shorter input; *len gets
 * how many, and may be 0). Owned by the probe. */
const unsigned char *cb_probe_head(const cb_probe *p, size_t *len);
/* The input's file name (last path component) or NULL for standard input. Owned by the probe. */
const char *cb_probe_name(const cb_probe *p);
/* Whether the input is a ZIP archive the host could list; then its entry names, in the order of
 * the central directory (the host stops listing at the entry limit). Names are owned by the
 * probe; cb_probe_zip_entry returns NULL past the end. */
bool cb_probe_is_zip(const cb_probe *p);
size_t cb_probe_zip_count(const cb_probe *p);
const char *cb_probe_zip_entry(const cb_probe *p, size_t i);
bool cb_probe_zip_has(const cb_probe *p, const char *name);
/* The content of a ZIP's `mimetype` entry (trimmed, at most 255 bytes) or NULL if it has none.
 * Owned by the probe. */
const char *cb_probe_zip_mimetype(const cb_probe *p);
/* Whether the input is an OLE compound file (HWP 5, Word 97-2003, encrypted Office documents);
 * then the names of its storages and streams (ASCII; other characters shown as '?'), owned by
 * the probe; cb_probe_cfb_entry returns NULL past the end. */
bool cb_probe_is_cfb(const cb_probe *p);
size_t cb_probe_cfb_count(const cb_probe *p);
const char *cb_probe_cfb_entry(const cb_probe *p, size_t i);
bool cb_probe_cfb_has(const cb_probe *p, const char *name);

/* --- reading ----------------------------------------------------------------------------- */

/* The name to show for the input: its path as given, or "-" for standard input. Owned by the
 * host, valid until read returns. */
const char *cb_input_name(const cb_input *in);
/* A file system path to open directly (e.g. with zip_open), or NULL (standard input, memory).
 * Owned by the host, valid until read returns. Prefer cb_zip_open, which applies the limits. */
const char *cb_input_path(const cb_input *in);
/* Read up to len bytes into buf (the caller's) sequentially from the start. Returns bytes read,
 * 0 at the end (and only there: a short read is not the end), -1 on error (reported). */
ssize_t cb_input_read(cb_input *in, void *buf, size_t len);
/* Start sequential reading again from the first byte. 0, or -1 on error (reported). */
int cb_input_rewind(cb_input *in);
/* The whole input in memory (read-only, owned by the host, valid until read returns; *len gets
 * its size). NULL, with an error reported, when it cannot be read or is larger than
 * CB_LIMIT_INPUT_BYTES. Does not disturb sequential reading. */
const void *cb_input_contents(cb_input *in, size_t *len);
/* Whether the input is an OLE compound file with a storage or stream of that name (ASCII), as the
 * probe's cb_probe_cfb_has() says at bidding time: a reader that bid on a compound file (to say
 * "this is HWP 5" or "this document is encrypted") tells which it was. The directory is read
 * once per input. Does not disturb sequential reading. */
bool cb_input_cfb_has(cb_input *in, const char *name);

/* Limits the host configured (from the command line or the profile). A reader enforces the ones
 * that concern it and names the limit in its error. */
typedef enum cb_limit {
	CB_LIMIT_INPUT_BYTES = 0,   /* bytes in one input file */
	CB_LIMIT_UNCOMPRESSED = 1,  /* bytes expanded from one container */
	CB_LIMIT_RATIO = 2,         /* compression ratio of one container entry */
	CB_LIMIT_ENTRIES = 3,       /* entries in one container */
	CB_LIMIT_DEPTH = 4,         /* nesting depth of markup and of the tree */
	CB_LIMIT_NODES = 5,         /* nodes in one document */
	CB_LIMIT_REGEX_STEPS = 6,   /* backtracking steps of one match of a profile pattern */
	CB_LIMIT_REGEX_DEPTH = 7,   /* nesting of backtracking in one match of a profile pattern */
	CB_LIMIT_COUNT_             /* not a limit */
} cb_limit;
/* The value of a limit for this input; 0 means unlimited. */
uint64_t cb_input_limit(const cb_input *in, cb_limit which);
/* The option name of a limit, e.g. "max-input-bytes" (as on the command line). Static storage. */
const char *cb_limit_name(cb_limit which);

/* Report a diagnostic about the input; the host adds the input's path. part names the member of a
 * container (e.g. "word/document.xml") or is NULL; line is 0 when unknown. fmt is printf-style;
 * the strings are copied. Errors say why the read fails; warnings (CB_W_*) what was recovered
 * or replaced; notes (CB_N_*) what was detected, shown only with -v. */
void cb_input_report(cb_input *in, cb_severity sev, cb_code code, const char *part,
                     unsigned long line, const char *fmt, ...) CB_PRINTF(6, 7);

/* --- writing ----------------------------------------------------------------------------- */

/* Append bytes to the output: len bytes of data, a NUL-terminated string, or printf-style text.
 * The bytes are copied (the host keeps the whole output, in memory or for a stream in a
 * temporary file, and puts it in place only when the writer succeeded). 0, or -1 once a write has failed (the host reports it; stop writing). */
int cb_output_write(cb_output *out, const void *data, size_t len);
int cb_output_puts(cb_output *out, const char *s);
int cb_output_printf(cb_output *out, const char *fmt, ...) CB_PRINTF(2, 3);
/* The output's name for messages: its path, or "-" for standard output. Owned by the host, valid
 * until write returns. */
const char *cb_output_name(const cb_output *out);
/* Report a diagnostic about the output; the host adds the output's name. Use CB_W_LOSSY for what
 * the format cannot represent exactly, an error code (CB_E_WRITE ...) for why writing failed. */
void cb_output_report(cb_output *out, cb_severity sev, cb_code code, const char *fmt, ...)
	CB_PRINTF(4, 5);

/* --- helpers formats share ------------------------------------------------------------- */

/* Standard base64 (RFC 4648, with padding, no line breaks) of len bytes at data (not kept).
 * Returns a NUL-terminated string the caller frees with free(), or NULL when out of memory;
 * *out_len (if not NULL) gets its length. Usable outside callbacks too. */
char *cb_base64_encode(const void *data, size_t len, size_t *out_len);
/* Decodes base64, skipping ASCII white space. Returns the bytes (caller frees with free()) or
 * NULL when the text is not base64 or memory runs out. */
unsigned char *cb_base64_decode(const char *text, size_t len, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
