/* casebook: conformance checks for plugins.
 *
 * What `casebook plugins --check` runs, offered to plugin authors for their own test suites:
 * sample inputs (ordinary documents of the bundled formats and hostile ones), reference documents
 * that use every node kind, a reader's raw bid, a reader run that also checks the reader kept its
 * contract, and a validator for the trees readers return.
 *
 * Nothing here prints, forks or catches a crash: a plugin that crashes here crashes the caller.
 * Isolation (a child process per input, a timeout, a memory limit) is the caller's business; the
 * command does it. Every function may be called from any thread for different contexts and
 * documents; none keeps state between calls.
 */
#ifndef CASEBOOK_CONFORMANCE_H
#define CASEBOOK_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>

#include <casebook/casebook.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How many built-in samples there are. */
size_t cb_conformance_sample_count(void);

/* Builds the i-th built-in sample in memory: empty input, random bytes, a truncated ZIP, a ZIP
 * bomb, deeply nested XML, a DTD declaring entities, PDF and JPEG signatures, text in UTF-8,
 * UTF-16 and CP949, and a small ordinary document of each bundled reader's format.
 *   *name   a file name for it, with the extension its format uses (static storage)
 *   *owner  the name of the bundled reader whose format it is ("text", "cbxml", "docx", "hwpx",
 *           "hwpml", "odt"), or NULL for an input that no reader should claim as its own
 *   *data   the bytes: the caller frees them with free()
 *   *len    their number
 * Returns CB_OK, CB_E_NOMEM, or CB_E_USAGE when i is past the end. On failure *data is NULL. */
cb_code cb_conformance_sample(size_t i, const char **name, const char **owner,
                              unsigned char **data, size_t *len);

/* How many reference documents there are. */
size_t cb_conformance_reference_count(void);

/* Builds the i-th reference document for writers: every node kind, mark and metadata key with
 * media; an empty document; awkward text (markup characters of every format, astral and
 * combining characters); deep nesting; irregular tables. *name (static storage, may be NULL)
 * gets a short name for it. Returns the document, which the caller frees with
 * cb_document_free(), or NULL when i is past the end or memory runs out. */
cb_document *cb_conformance_reference(size_t i, const char **name);

/* Checks a tree against what writers rely on beyond the content rules the builder already
 * enforces: known node kinds and marks, heading levels 1-9, cell spans of at least 1, non-empty
 * link targets and ids, image sources that name a media object of the document or an external
 * URI ("scheme:..."), note references whose note exists, note ids used once, media types of the
 * form "type/subtype". Each problem becomes a CB_E_INVALID error in problems, with name as its
 * path (may be NULL). Returns the number of problems found (records past the 20th are counted,
 * not stored). */
size_t cb_conformance_validate(const cb_document *doc, const char *name, cb_diags *problems);

/* The raw bid a reader makes on an input, as detection asks for it but not clamped to 0..100,
 * so that an out-of-range bid can be seen. The input is the file at path when path is not NULL
 * (data and len are then ignored), else the len bytes at data, named name in messages and in
 * cb_probe_name(). Returns CB_OK with *bid set, CB_E_USAGE when reader is not a reader, or the
 * code of the error (in diags) that kept the input from being probed. */
cb_code cb_conformance_bid(cb_context *ctx, const cb_plugin *reader, const char *path,
                           const char *name, const void *data, size_t len, int *bid,
                           cb_diags *diags);

/* Reads an input (path, or name/data/len, as for cb_conformance_bid) with this reader exactly as
 * cb_read_file and cb_read_memory do, with the context's limits, and also records in problems
 * (as CB_E_INVALID errors) where the reader broke its contract: it failed without reporting an
 * error that says why, reported an error yet returned success, or returned a value that is not a
 * status code. diags gets what the reader itself reported. Returns the document (free with
 * cb_document_free) or NULL when the reader failed or the input could not be opened. */
cb_document *cb_conformance_read(cb_context *ctx, const cb_plugin *reader, const char *path,
                                 const char *name, const void *data, size_t len,
                                 cb_diags *diags, cb_diags *problems);

#ifdef __cplusplus
}
#endif
#endif
