/* casebook: the library API.
 *
 * A cb_context holds the loaded plugins and the limits. Documents are read with a reader plugin
 * (named, or chosen by bidding) and written with a writer plugin. Nothing here prints; every
 * problem becomes a record in the cb_diags list the caller passes.
 *
 *   cb_context *ctx = cb_context_new();
 *   cb_context_load_plugins(ctx);
 *   cb_diags *d = cb_diags_new();
 *   cb_document *doc = cb_read_file(ctx, "in.txt", NULL, d);
 *   if (doc) cb_write_file(ctx, doc, "markdown", "out.md", d);
 *   cb_document_free(doc); cb_diags_free(d); cb_context_free(ctx);
 */
#ifndef CASEBOOK_CASEBOOK_H
#define CASEBOOK_CASEBOOK_H

#include <stdbool.h>
#include <stdint.h>

#include <casebook/diag.h>
#include <casebook/model.h>
#include <casebook/plugin.h>
#include <casebook/version.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cb_context cb_context;
typedef struct cb_plugin cb_plugin; /* a loaded plugin, owned by its context */

/* The library's version string, e.g. "0.1.0". Static storage. */
const char *cb_version(void);

/* A new context with default limits and no plugins. Free with cb_context_free(). */
cb_context *cb_context_new(void);
void cb_context_free(cb_context *ctx);

/* Plugin search order: the directories added here (in order), then each directory of the
 * environment variable CASEBOOK_PLUGIN_PATH (colon-separated), then the system directory: the
 * configured one, or CASEBOOK_PLUGIN_SYSTEM_PATH when that is set (empty for none). The first
 * plugin of a given name and kind wins; later ones are refused as duplicates. */
int cb_context_add_plugin_dir(cb_context *ctx, const char *dir);
/* Load every plugin found. Returns how many were loaded; refusals are kept for
 * cb_context_refused_at(), never fatal. Calling it again does nothing. */
size_t cb_context_load_plugins(cb_context *ctx);
/* The configured system plugin directory. Static storage. */
const char *cb_plugin_system_dir(void);

size_t cb_context_plugin_count(const cb_context *ctx);
const cb_plugin *cb_context_plugin_at(const cb_context *ctx, size_t i);
/* The plugin of that kind and name, or NULL. */
const cb_plugin *cb_context_find_plugin(const cb_context *ctx, cb_plugin_kind kind,
                                        const char *name);
/* The writer claiming a file extension (case-insensitive, without dot), or NULL. */
const cb_plugin *cb_context_find_writer_for_extension(const cb_context *ctx, const char *ext);

/* A shared object that was found but refused: its path, the reason and the code. */
size_t cb_context_refused_count(const cb_context *ctx);
bool cb_context_refused_at(const cb_context *ctx, size_t i, const char **path, cb_code *code,
                           const char **reason);

const cb_plugin_descriptor *cb_plugin_get_descriptor(const cb_plugin *p);
/* The shared object it was loaded from (NULL for a plugin registered from memory). */
const char *cb_plugin_path(const cb_plugin *p);
/* Register a plugin linked into the program rather than loaded; the same checks as a loaded one.
 * The descriptor must outlive the context. Returns CB_OK or the refusal's code. */
cb_code cb_context_register(cb_context *ctx, const cb_plugin_descriptor *desc, cb_diags *diags);
/* Load one shared object as a plugin, outside the search path (what `casebook plugins --check`
 * does to try a plugin in isolation): the same checks as a plugin found on the path. Returns
 * CB_OK, or the refusal's code with the reason in diags (and in cb_context_refused_at()). */
cb_code cb_context_load_plugin_file(cb_context *ctx, const char *path, cb_diags *diags);

/* Limits (cb_limit in plugin.h); 0 means unlimited. */
void cb_context_set_limit(cb_context *ctx, cb_limit which, uint64_t value);
uint64_t cb_context_limit(const cb_context *ctx, cb_limit which);
/* Parse "NAME=VALUE" (VALUE may end in k, M or G) and set it. CB_OK or CB_E_USAGE. */
cb_code cb_context_set_limit_option(cb_context *ctx, const char *option);

/* Which reader would read this input, by bidding. Returns the winner or NULL with an
 * "unrecognised format" error that says what was seen. path "-" is standard input (which this
 * consumes; use cb_read_file for standard input instead). */
const cb_plugin *cb_detect_file(cb_context *ctx, const char *path, cb_diags *diags);

/* Read one input. path "-" means standard input. reader is a reader's name or NULL to choose by
 * bidding. Returns the document (free with cb_document_free) or NULL, with the reasons in diags. */
cb_document *cb_read_file(cb_context *ctx, const char *path, const char *reader, cb_diags *diags);
/* The same from memory; name is what messages call it. The bytes must outlive the call only. */
cb_document *cb_read_memory(cb_context *ctx, const char *name, const void *data, size_t len,
                            const char *reader, cb_diags *diags);

/* Write doc with the named writer. path "-" means standard output. A file is written to a temporary
 * name beside it and renamed into place only when the writer succeeded, so a failed write never
 * replaces an earlier good output. CB_OK or the error's code (with the reasons in diags). */
cb_code cb_write_file(cb_context *ctx, const cb_document *doc, const char *writer,
                      const char *path, cb_diags *diags);
/* The same into memory: *data (NUL-terminated, caller frees with free()) and *len. */
cb_code cb_write_memory(cb_context *ctx, const cb_document *doc, const char *writer, char **data,
                        size_t *len, cb_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
