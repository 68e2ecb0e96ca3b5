/* The library's entry points: contexts, reading with a reader plugin, writing with a writer. */
#include "config.h"

#include "context.h"
#include "input.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cb_version(void) { return CB_VERSION; }

cb_context *cb_context_new(void)
{
	/* libxml2 sets up its globals here, once, so that threads may parse side by side. */
	xmlInitParser();
	cb_context *ctx = calloc(1, sizeof *ctx);
	if (ctx)
		cbi_limits_init(ctx->limits);
	return ctx;
}

void cb_context_free(cb_context *ctx)
{
	if (!ctx)
		return;
	cbi_registry_release(&ctx->registry);
	free(ctx);
}

/* Runs a reader over an open input. The document gets the context's limits before any plugin
 * code sees it, so every reader is bounded the same way. */
static cb_document *read_input(cb_context *ctx, cb_input *in, const char *reader, cb_diags *diags)
{
	const cb_plugin *pl;
	if (reader) {
		pl = cb_context_find_plugin(ctx, CB_PLUGIN_READER, reader);
		if (!pl) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NO_PLUGIN, in->name, NULL, 0,
			             "no reader named '%s' (see 'casebook plugins')", reader);
			return NULL;
		}
	} else if (!(pl = cbi_detect_input(ctx, in)))
		return NULL;
	cb_document *doc = cb_document_new();
	if (!doc) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, in->name, NULL, 0, "out of memory");
		return NULL;
	}
	cb_document_set_node_limit(doc, ctx->limits[CB_LIMIT_NODES]);
	uint64_t depth = ctx->limits[CB_LIMIT_DEPTH];
	cb_document_set_depth_limit(doc, depth > 0xFFFFFFu ? 0xFFFFFFu : (unsigned)depth);
	size_t errors_before = cb_diags_count_at_least(diags, CB_SEV_ERROR);
	cb_code code = pl->desc->read(in, doc);
	if (code == CB_OK)
		return doc;
	/* A reader that failed without saying why still gets a message naming it. */
	if (cb_diags_count_at_least(diags, CB_SEV_ERROR) == errors_before) {
		const char *why = cb_document_error(doc);
		cb_diags_add(diags, CB_SEV_ERROR, code, in->name, NULL, 0, "reader '%s' failed: %s",
		             pl->desc->name, why ? why : cb_code_describe(code));
	}
	cb_document_free(doc);
	return NULL;
}

cb_document *cb_read_file(cb_context *ctx, const char *path, const char *reader, cb_diags *diags)
{
	cb_input *in = cbi_input_open_file(path, ctx->limits, diags);
	if (!in)
		return NULL;
	cb_document *doc = read_input(ctx, in, reader, diags);
	cbi_input_close(in);
	return doc;
}

cb_document *cb_read_memory(cb_context *ctx, const char *name, const void *data, size_t len,
                            const char *reader, cb_diags *diags)
{
	cb_input *in = cbi_input_open_memory(name, data, len, ctx->limits, diags);
	if (!in)
		return NULL;
	cb_document *doc = read_input(ctx, in, reader, diags);
	cbi_input_close(in);
	return doc;
}

const cb_plugin *cb_detect_file(cb_context *ctx, const char *path, cb_diags *diags)
{
	cb_input *in = cbi_input_open_file(path, ctx->limits, diags);
	if (!in)
		return NULL;
	const cb_plugin *pl = cbi_detect_input(ctx, in);
	cbi_input_close(in);
	return pl;
}

/* Runs the writer into memory. On success out holds the bytes (caller frees out->data). */
static cb_code run_writer(cb_context *ctx, const cb_document *doc, const char *writer,
                          const char *name, cb_output *out, cb_diags *diags)
{
	*out = (cb_output){.name = name, .diags = diags};
	const cb_plugin *pl = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, writer);
	if (!pl) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NO_PLUGIN, name, NULL, 0,
		             "no writer named '%s' (see 'casebook plugins')", writer);
		return CB_E_NO_PLUGIN;
	}
	size_t errors_before = cb_diags_count_at_least(diags, CB_SEV_ERROR);
	cb_code code = pl->desc->write(doc, out);
	if (code == CB_OK && out->failed)
		code = CB_E_WRITE;
	if (code == CB_OK && !out->data && !(out->data = calloc(1, 1)))
		code = CB_E_NOMEM;
	if (code != CB_OK) {
		if (cb_diags_count_at_least(diags, CB_SEV_ERROR) == errors_before)
			cb_diags_add(diags, CB_SEV_ERROR, code, name, NULL, 0, "writer '%s' failed: %s",
			             writer, cb_code_describe(code));
		free(out->data);
		out->data = NULL;
	}
	return code;
}

cb_code cb_write_memory(cb_context *ctx, const cb_document *doc, const char *writer, char **data,
                        size_t *len, cb_diags *diags)
{
	cb_output out;
	cb_code code = run_writer(ctx, doc, writer, "(memory)", &out, diags);
	*data = out.data;
	if (len)
		*len = code == CB_OK ? out.len : 0;
	return code;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to as it is: renaming a file
 * over it would replace the device node itself. */
static cb_code write_in_place(const char *path, const char *data, size_t len, cb_diags *diags)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	bool ok = fd >= 0 && write_all(fd, data, len);
	int saved = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		saved = errno;
		ok = false;
	}
	if (!ok)
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot write: %s",
		             strerror(saved));
	return ok ? CB_OK : CB_E_IO;
}

/* Writes to a temporary file beside the target, then renames it over the target: rename is
 * atomic within a file system, so readers of the target see the old file or the new one, never a
 * part, and a failure leaves the old one. The new file gets the permissions creat() would give.
 * With sync, the data reaches the disk before the rename, so that not even a power cut can leave
 * an empty file in place of a good one. */
static cb_code replace_atomically(const char *path, const char *data, size_t len, bool sync,
                                  cb_diags *diags)
{
	char *tmp = NULL;
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	if (asprintf(&tmp, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path) < 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot create: %s",
		             strerror(errno));
		free(tmp);
		return CB_E_IO;
	}
	bool ok = fchmod(fd, cbi_new_file_mode()) == 0 && write_all(fd, data, len) &&
	          (!sync || fsync(fd) == 0);
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot write: %s",
		             strerror(saved));
		unlink(tmp);
	}
	free(tmp);
	return ok ? CB_OK : CB_E_IO;
}

/* Writes an output the way the user means its path: a regular file (or a new one) is replaced
 * atomically; a symbolic link is followed, so the file it points at is replaced and the link
 * stays; a device or pipe is written to in place. */
static cb_code replace_file(const char *path, const char *data, size_t len, bool sync,
                            cb_diags *diags)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return replace_atomically(path, data, len, sync, diags);
	char *target = S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
	if (target && stat(target, &st) != 0) {
		free(target);
		target = NULL;
	}
	cb_code code;
	if (S_ISDIR(st.st_mode)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "is a directory");
		code = CB_E_IO;
	} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		code = replace_atomically(target ? target : path, data, len, sync, diags);
	else
		code = write_in_place(path, data, len, diags);
	free(target);
	return code;
}

/* A casebook, the work of a season, is synced to the disk before it replaces the last one. */
cb_code cbi_replace_file(const char *path, const char *data, size_t len, cb_diags *diags)
{
	return replace_file(path, data, len, true, diags);
}

cb_code cb_write_file(cb_context *ctx, const cb_document *doc, const char *writer,
                      const char *path, cb_diags *diags)
{
	bool to_stdout = strcmp(path, "-") == 0;
	cb_output out;
	cb_code code = run_writer(ctx, doc, writer, path, &out, diags);
	if (code != CB_OK)
		return code;
	if (to_stdout) {
		if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, "-", NULL, 0, "cannot write: %s",
			             strerror(errno));
			code = CB_E_IO;
		}
	} else
		/* A converted document is not synced: the rename still keeps a failed conversion from
		 * replacing a good output, and a conversion lost to a power cut is redone in a
		 * moment, while a sync per file cost a fifth of the time of a batch. */
		code = replace_file(path, out.data, out.len, false, diags);
	free(out.data);
	return code;
}
