/* Inputs: files are read in place (sequentially, or whole when a reader wants it all at once);
 * standard input is read into memory once, since detection must look at it before a reader does. */
#include "config.h"

#include "cfb.h"
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static cb_input *input_new(const char *name, const uint64_t *limits, cb_diags *diags)
{
	cb_input *in = calloc(1, sizeof *in);
	if (!in || !(in->name = strdup(name))) {
		free(in);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, name, NULL, 0, "out of memory");
		return NULL;
	}
	in->fd = -1;
	in->limits = limits;
	in->diags = diags;
	return in;
}

static bool over_limit(cb_input *in, uint64_t size)
{
	uint64_t max = in->limits[CB_LIMIT_INPUT_BYTES];
	if (!max || size <= max)
		return false;
	cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_LIMIT, in->name, NULL, 0,
	             "input is larger than %s (%llu bytes); raise the limit to read it",
	             cb_limit_name(CB_LIMIT_INPUT_BYTES), (unsigned long long)max);
	return true;
}

static cb_input *open_stdin(const uint64_t *limits, cb_diags *diags)
{
	cb_input *in = input_new("-", limits, diags);
	if (!in)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, "-", NULL, 0, "out of memory");
			cbi_input_close(in);
			return NULL;
		}
		ssize_t n = read(STDIN_FILENO, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, "-", NULL, 0, "cannot read: %s",
			             strerror(errno));
			free(buf);
			cbi_input_close(in);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (over_limit(in, len)) {
			free(buf);
			cbi_input_close(in);
			return NULL;
		}
		if (len == cap) {
			unsigned char *grown = realloc(buf, cap * 2);
			if (!grown)
				free(buf);
			buf = grown;
			cap *= 2;
		}
	}
	in->owned = buf;
	in->mem = buf;
	in->size = len;
	return in;
}

cb_input *cbi_input_open_file(const char *path, const uint64_t *limits, cb_diags *diags)
{
	if (strcmp(path, "-") == 0)
		return open_stdin(limits, diags);
	cb_input *in = input_new(path, limits, diags);
	if (!in)
		return NULL;
	/* Non-blocking, so that opening a FIFO nobody writes to does not hang the batch: the type
	 * is checked below, and a regular file's reads are not affected by the flag. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot open: %s",
		             strerror(errno));
		if (fd >= 0)
			close(fd);
		cbi_input_close(in);
		return NULL;
	}
	in->fd = fd;
	if (S_ISDIR(st.st_mode)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "is a directory");
		cbi_input_close(in);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		/* A pipe or device: read it like standard input. */
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0,
		             "not a regular file (pipes and devices are read through '-')");
		cbi_input_close(in);
		return NULL;
	}
	if (over_limit(in, (uint64_t)st.st_size)) {
		cbi_input_close(in);
		return NULL;
	}
	in->size = (uint64_t)st.st_size;
	if (!(in->path = strdup(path))) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
		cbi_input_close(in);
		return NULL;
	}
	return in;
}

cb_input *cbi_input_open_memory(const char *name, const void *data, size_t len,
                               const uint64_t *limits, cb_diags *diags)
{
	cb_input *in = input_new(name, limits, diags);
	if (!in)
		return NULL;
	if (over_limit(in, len)) {
		cbi_input_close(in);
		return NULL;
	}
	in->mem = data;
	in->size = len;
	return in;
}

void cbi_input_close(cb_input *in)
{
	if (!in)
		return;
	if (in->fd >= 0)
		close(in->fd);
	for (size_t i = 0; i < in->ncfb; i++)
		free(in->cfb[i]);
	free(in->cfb);
	if (in->probe_zip)
		zip_discard(in->probe_zip);
	free(in->owned);
	free(in->name);
	free(in->path);
	free(in);
}

const char *cb_input_name(const cb_input *in) { return in->name; }
const char *cb_input_path(const cb_input *in) { return in->path; }

uint64_t cb_input_limit(const cb_input *in, cb_limit which)
{
	return (unsigned)which < CB_LIMIT_COUNT_ ? in->limits[which] : 0;
}

void cb_input_report(cb_input *in, cb_severity sev, cb_code code, const char *part,
                     unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(in->diags, sev, code, in->name, part, line, fmt, ap);
	va_end(ap);
}

static void read_failed(cb_input *in)
{
	cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_IO, in->name, NULL, 0, "cannot read: %s",
	             strerror(errno));
}

ssize_t cbi_input_pread(cb_input *in, void *buf, size_t len, uint64_t offset)
{
	if (in->mem) {
		if (offset >= in->size)
			return 0;
		if (len > in->size - offset)
			len = (size_t)(in->size - offset);
		memcpy(buf, in->mem + offset, len);
		return (ssize_t)len;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t n = pread(in->fd, (char *)buf + done, len - done, (off_t)(offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			read_failed(in);
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* A file is read as it was when opened: no further than the size it had then, and a file that
 * ends before that size was cut short by another program saving it meanwhile. */
ssize_t cb_input_read(cb_input *in, void *buf, size_t len)
{
	if (!in->mem) {
		if (in->pos >= in->size)
			return 0;
		if (len > in->size - in->pos)
			len = (size_t)(in->size - in->pos);
	}
	ssize_t n = cbi_input_pread(in, buf, len, in->pos);
	if (n == 0 && len > 0 && !in->mem) {
		cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_IO, in->name, NULL, 0,
		             "the file changed while it was being read: it ends at byte %llu, not at "
		             "%llu as when it was opened",
		             (unsigned long long)in->pos, (unsigned long long)in->size);
		return -1;
	}
	if (n > 0)
		in->pos += (uint64_t)n;
	return n;
}

int cb_input_rewind(cb_input *in)
{
	in->pos = 0;
	return 0;
}

bool cb_input_cfb_has(cb_input *in, const char *name)
{
	if (!in->cfb_listed) {
		in->ncfb = cbi_cfb_list(in, &in->cfb);
		in->cfb_listed = true;
	}
	for (size_t i = 0; i < in->ncfb; i++)
		if (strcmp(in->cfb[i], name) == 0)
			return true;
	return false;
}

/* Read into memory rather than mapped: a mapped file that shrinks under us (another program
 * saving it) would kill the process with SIGBUS, and a batch must survive that. */
const void *cb_input_contents(cb_input *in, size_t *len)
{
	if (!in->mem && in->size > 0) {
		if (in->size > SIZE_MAX) {
			over_limit(in, in->size);
			return NULL;
		}
		unsigned char *buf = malloc((size_t)in->size);
		if (!buf) {
			cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_NOMEM, in->name, NULL, 0,
			             "out of memory reading %llu bytes", (unsigned long long)in->size);
			return NULL;
		}
		ssize_t n = cbi_input_pread(in, buf, (size_t)in->size, 0);
		if (n < 0 || (uint64_t)n != in->size) {
			if (n >= 0)
				cb_diags_add(in->diags, CB_SEV_ERROR, CB_E_IO, in->name, NULL, 0,
				             "the file changed while it was being read");
			free(buf);
			return NULL;
		}
		in->owned = buf;
		in->mem = buf;
	}
	if (len)
		*len = (size_t)in->size;
	return in->mem ? (const void *)in->mem : (const void *)"";
}
