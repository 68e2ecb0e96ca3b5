/* The writer-facing side of outputs: an in-memory buffer that grows by doubling, or a file that
 * is renamed into place once complete. */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The process's umask, read once: reading it means setting it, which would race with threads
 * creating files (convert -j). casebook never changes it. */
static mode_t process_umask;

static void read_umask(void)
{
	process_umask = umask(0);
	umask(process_umask);
}

mode_t cbi_new_file_mode(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, read_umask);
	return 0666 & ~process_umask;
}

/* Appends to a streamed output's file; stdio's buffer keeps the writes large. */
static int write_file(cb_output *out, const void *data, size_t len)
{
	if (len && fwrite(data, 1, len, out->file) != len) {
		out->failed = true;
		cb_diags_add(out->diags, CB_SEV_ERROR, CB_E_IO, out->name, NULL, 0,
		             "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int cb_output_write(cb_output *out, const void *data, size_t len)
{
	if (out->failed)
		return -1;
	if (out->file)
		return write_file(out, data, len);
	if (!out->data || out->cap - out->len <= len) {
		size_t cap = out->cap ? out->cap : 4096;
		while (cap - out->len <= len) {
			if (cap > SIZE_MAX / 2) {
				out->failed = true;
				return -1;
			}
			cap *= 2;
		}
		char *grown = realloc(out->data, cap);
		if (!grown) {
			out->failed = true;
			cb_diags_add(out->diags, CB_SEV_ERROR, CB_E_NOMEM, out->name, NULL, 0,
			             "out of memory writing the output");
			return -1;
		}
		out->data = grown;
		out->cap = cap;
	}
	memcpy(out->data + out->len, data, len);
	out->len += len;
	out->data[out->len] = '\0'; /* room is kept for it: cap - len > write length */
	return 0;
}

int cb_output_puts(cb_output *out, const char *s)
{
	return cb_output_write(out, s, strlen(s));
}

int cb_output_printf(cb_output *out, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out->failed = true;
		return -1;
	}
	if ((size_t)n < sizeof small)
		return cb_output_write(out, small, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (!big) {
		out->failed = true;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int r = cb_output_write(out, big, (size_t)n);
	free(big);
	return r;
}

const char *cb_output_name(const cb_output *out) { return out->name; }

void cb_output_report(cb_output *out, cb_severity sev, cb_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(out->diags, sev, code, out->name, NULL, 0, fmt, ap);
	va_end(ap);
}

bool cbi_output_flush(cb_output *out, cbi_buf *buf)
{
	if (buf->failed)
		return false;
	bool ok = cb_output_write(out, buf->data, buf->len) == 0;
	buf->len = 0;
	return ok;
}

/* --- outputs streamed to their file ------------------------------------------------------ */

static void outfile_free(cbi_outfile *of)
{
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	of->out.file = NULL;
}

cb_code cbi_outfile_open(cbi_outfile *of, const char *path, cb_diags *diags)
{
	*of = (cbi_outfile){.out = {.name = path, .diags = diags}};
	struct stat st;
	/* A symbolic link is followed, so that the file it points at is replaced and the link stays;
	 * a device or a pipe is written in place (renaming over it would replace the node). */
	bool exists = lstat(path, &st) == 0;
	char *target = exists && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
	if (target && stat(target, &st) != 0) {
		free(target);
		target = NULL;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		free(target);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "is a directory");
		return CB_E_IO;
	}
	of->path = target ? target : strdup(path);
	if (!of->path) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	int fd;
	if (exists && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		fd = open(of->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	} else {
		const char *slash = strrchr(of->path, '/');
		int dirlen = slash ? (int)(slash - of->path + 1) : 0;
		if (asprintf(&of->tmp, "%.*s.%s.XXXXXX", dirlen, of->path,
		             slash ? slash + 1 : of->path) < 0) {
			of->tmp = NULL;
			outfile_free(of);
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
			return CB_E_NOMEM;
		}
		fd = mkstemp(of->tmp);
		if (fd >= 0 && fchmod(fd, cbi_new_file_mode()) != 0) {
			int saved = errno;
			close(fd);
			unlink(of->tmp);
			errno = saved;
			fd = -1;
		}
	}
	if (fd < 0 || !(of->out.file = fdopen(fd, "w"))) {
		int saved = errno;
		if (fd >= 0) {
			close(fd);
			if (of->tmp)
				unlink(of->tmp);
		}
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot create: %s",
		             strerror(saved));
		outfile_free(of);
		return CB_E_IO;
	}
	return CB_OK;
}

cb_code cbi_outfile_commit(cbi_outfile *of, bool sync)
{
	FILE *f = of->out.file;
	bool ok = !of->out.failed && fflush(f) == 0 && (!sync || !of->tmp || fsync(fileno(f)) == 0);
	int saved = errno;
	if (fclose(f) != 0 && ok) {
		saved = errno;
		ok = false;
	}
	if (ok && of->tmp && rename(of->tmp, of->path) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok && of->tmp)
		unlink(of->tmp);
	if (!ok && !of->out.failed)
		cb_diags_add(of->out.diags, CB_SEV_ERROR, CB_E_IO, of->out.name, NULL, 0,
		             "cannot write: %s", strerror(saved));
	outfile_free(of);
	return ok ? CB_OK : CB_E_IO;
}

void cbi_outfile_abort(cbi_outfile *of)
{
	if (!of->out.file)
		return;
	fclose(of->out.file);
	if (of->tmp)
		unlink(of->tmp);
	outfile_free(of);
}
