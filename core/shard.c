/* Shards: one build spread over machines. Each machine walks the same inputs and reads those
 * whose path falls to its shard; it writes their results, not yet masked, to
 * SHARDDIR/casebook.shard. Assembling reads every shard back into one build, in the order of the
 * paths, and finishes it (duplicates, the casebook-wide mask, the order of the cases) exactly as a
 * single run does after its workers: the same casebook, byte for byte.
 *
 * A shard's file: a header of "key value" lines ("casebook shard 1", generator, shard K N,
 * profile digest, flags, total inputs of the build, count of its own), then for each of its
 * inputs "input LENGTH", a line feed, the result (result.c) and a line feed, then "end". */
#include "config.h"

#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHARD_FILE "casebook.shard"
#define SHARD_MAGIC "casebook shard 1"

unsigned cbi_shard_of(const char *path, unsigned n)
{
	/* FNV-1a: small, and the same on every machine and byte order. */
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		h = (h ^ *s) * 0x100000001b3ull;
	return (unsigned)(h % n);
}

static bool write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Hands what out holds to fd and empties it. */
static bool flush_to(int fd, cbi_buf *out)
{
	bool ok = !out->failed && write_all(fd, out->data, out->len);
	out->len = 0;
	return ok;
}

/* Written like every output (a temporary file renamed into place), but readable by its owner
 * only: the cases in it are not masked yet. It is written an input at a time, each spooled case
 * read back for its result, so that a shard of any size never is in memory whole. */
cb_code cbi_shard_write(cb_context *ctx, const char *dir, const cbi_shard_info *info,
                        const cb_build *b, cb_diags *diags)
{
	char *tmp = NULL, *path = NULL;
	if (asprintf(&tmp, "%s/.%s.XXXXXX", dir, SHARD_FILE) < 0 ||
	    asprintf(&path, "%s/%s", dir, SHARD_FILE) < 0) {
		free(tmp);
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, dir, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	int fd = mkstemp(tmp);
	int saved = errno;
	cbi_buf out = CBI_BUF_INIT;
	cbi_buf_printf(&out, SHARD_MAGIC "\ngenerator %s\nshard %u %u\nprofile %s\nflags %u\n"
	                                 "total %zu\ncount %zu\n",
	               cbi_generator(), info->k, info->n, info->profile, info->flags, info->total,
	               b->in.count);
	cb_code code = fd < 0 ? CB_E_IO : CB_OK;
	for (size_t i = 0; code == CB_OK && i < b->in.count; i++) {
		if (!flush_to(fd, &out)) {
			code = out.failed ? CB_E_NOMEM : CB_E_IO;
			saved = errno;
			break;
		}
		char *data;
		size_t len;
		cbi_input x = b->in.items[i];
		cb_case *owned = NULL;
		bool ok = !x.info || (x.c = cbi_build_case(b, &b->in.items[i], &owned, diags));
		ok = ok && cbi_result_encode(ctx, &x, &data, &len, diags);
		cbi_build_release(owned);
		if (!ok) {
			code = CB_E_WRITE; /* diags says why */
			break;
		}
		cbi_buf_printf(&out, "input %zu\n", len);
		cbi_buf_add(&out, data, len);
		cbi_buf_putc(&out, '\n');
		free(data);
	}
	if (code == CB_OK) {
		cbi_buf_puts(&out, "end\n");
		if (out.failed)
			code = CB_E_NOMEM;
		else if (!flush_to(fd, &out) || fsync(fd) != 0)
			code = CB_E_IO;
		saved = errno;
	}
	if (fd >= 0 && close(fd) != 0 && code == CB_OK) {
		saved = errno;
		code = CB_E_IO;
	}
	if (code == CB_OK && rename(tmp, path) != 0) {
		saved = errno;
		code = CB_E_IO;
	}
	if (code == CB_E_NOMEM)
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, dir, NULL, 0, "out of memory");
	else if (code == CB_E_IO)
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot write: %s",
		             strerror(saved));
	if (code != CB_OK && fd >= 0)
		unlink(tmp);
	cbi_buf_free(&out);
	free(tmp);
	free(path);
	return code;
}

/* --- assembling --------------------------------------------------------------------------- */

/* A shard read a line or an input at a time, so that assembling holds one input's result, not
 * the shard. */
typedef struct reader {
	const char *path;
	FILE *f;
	uint64_t size; /* of the file, so that no length in it makes us allocate more */
	char *line, *data;
	size_t line_cap, data_cap;
} reader;

/* Opens the shard at path; false, with errno set, when it cannot be read. */
static bool reader_open(reader *r, const char *path)
{
	struct stat st;
	r->path = path;
	if (!(r->f = fopen(path, "rb")))
		return false;
	if (fstat(fileno(r->f), &st) != 0 || S_ISDIR(st.st_mode)) {
		int saved = S_ISDIR(st.st_mode) ? EISDIR : errno;
		fclose(r->f);
		r->f = NULL;
		errno = saved;
		return false;
	}
	r->size = (uint64_t)st.st_size;
	return true;
}

static void reader_close(reader *r)
{
	if (r->f)
		fclose(r->f);
	free(r->line);
	free(r->data);
	r->f = NULL;
	r->line = r->data = NULL;
}

/* The next line, without its line feed (valid until the next call), or NULL at the end (a last
 * line without its line feed included). */
static const char *next_line(reader *r)
{
	ssize_t n = getline(&r->line, &r->line_cap, r->f);
	if (n <= 0 || r->line[n - 1] != '\n')
		return NULL;
	r->line[n - 1] = '\0';
	return r->line;
}

/* The next len bytes and the line feed after them, into r->data. False when the file has fewer
 * (a damaged shard) or memory runs out (*nomem). */
static bool next_input(reader *r, size_t len, bool *nomem)
{
	off_t at = ftello(r->f);
	if (at < 0 || len >= r->size - (uint64_t)at)
		return false;
	if (len + 1 > r->data_cap) {
		char *grown = realloc(r->data, len + 1);
		if (!grown) {
			*nomem = true;
			return false;
		}
		r->data = grown;
		r->data_cap = len + 1;
	}
	return fread(r->data, 1, len + 1, r->f) == len + 1;
}

static bool header(reader *r, cbi_shard_info *info, size_t *count)
{
	const char *line = next_line(r);
	if (!line || strcmp(line, SHARD_MAGIC) != 0)
		return false;
	int used = 0;
	bool ok = (line = next_line(r)) && strncmp(line, "generator ", 10) == 0;
	ok = ok && (line = next_line(r)) &&
	     sscanf(line, "shard %u %u%n", &info->k, &info->n, &used) == 2 && !line[used];
	ok = ok && (line = next_line(r)) && strncmp(line, "profile ", 8) == 0 &&
	     strlen(line + 8) < CBI_SHA256_HEX;
	if (ok)
		strcpy(info->profile, line + 8);
	ok = ok && (line = next_line(r)) && sscanf(line, "flags %u%n", &info->flags, &used) == 1 &&
	     !line[used];
	ok = ok && (line = next_line(r)) && sscanf(line, "total %zu%n", &info->total, &used) == 1 &&
	     !line[used];
	ok = ok && (line = next_line(r)) && sscanf(line, "count %zu%n", count, &used) == 1 &&
	     !line[used];
	return ok && info->n > 0 && info->k > 0 && info->k <= info->n && *count <= info->total;
}

static bool add_input(cb_build *b)
{
	cbi_input *grown = realloc(b->in.items, (b->in.count + 1) * sizeof *grown);
	if (!grown)
		return false;
	b->in.items = grown;
	b->in.items[b->in.count++] = (cbi_input){.dup_of = (size_t)-1};
	return true;
}

/* Reads one shard's inputs into b. */
static bool read_inputs(cb_context *ctx, const cb_profile *p, reader *r, size_t count, cb_build *b,
                        cb_diags *diags)
{
	for (size_t i = 0; i < count; i++) {
		const char *line = next_line(r);
		size_t len;
		int used = 0;
		bool nomem = false;
		if (!line || sscanf(line, "input %zu%n", &len, &used) != 1 || line[used] ||
		    !next_input(r, len, &nomem)) {
			if (nomem)
				cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, r->path, NULL, 0,
				             "out of memory");
			else
				cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, r->path, NULL, 0,
				             "the shard is damaged (input %zu of %zu)", i + 1, count);
			return false;
		}
		if (!add_input(b)) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, r->path, NULL, 0, "out of memory");
			return false;
		}
		cbi_input *x = &b->in.items[b->in.count - 1];
		if (!cbi_result_decode_as_stored(ctx, p, b->flags, r->data, len, x, diags)) {
			b->in.count--;
			free(x->path);
			return false;
		}
		if (!cbi_build_keep(b, x, r->data, len)) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, r->path, NULL, 0, "out of memory");
			return false;
		}
	}
	const char *end = next_line(r);
	if (!end || strcmp(end, "end") != 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, r->path, NULL, 0,
		             "the shard is damaged (no end)");
		return false;
	}
	return true;
}

cb_build *cb_batch_assemble(cb_batch *bt, cb_context *ctx, const cb_profile *p,
                            const char *const *shards, size_t nshards, cb_diags *diags)
{
	/* bt's OUTDIR is locked for the caller's cb_build_write; the cases wait in its spool. */
	cb_build *b = NULL;
	cbi_shard_info first = {0};
	bool *seen = NULL;
	size_t inputs = 0;
	char profile[CBI_SHA256_HEX];
	cbi_profile_digest(p, profile);
	bool ok = nshards > 0;
	if (!ok)
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, NULL, NULL, 0, "no shard to assemble");
	for (size_t s = 0; ok && s < nshards; s++) {
		reader r = {0};
		char *path = NULL;
		if (asprintf(&path, "%s/" SHARD_FILE, shards[s]) < 0) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, shards[s], NULL, 0, "out of memory");
			break;
		}
		cbi_shard_info info = {0};
		size_t count = 0;
		if (!reader_open(&r, path)) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, shards[s], NULL, 0,
			             "not a shard: cannot read %s: %s (make it with 'casebook build "
			             "--shard K/N ... -o %s')", SHARD_FILE, strerror(errno), shards[s]);
			ok = false;
		} else if (!header(&r, &info, &count)) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, path, NULL, 0,
			             "not a casebook shard, or one from another version of casebook");
			ok = false;
		} else if (s == 0) {
			first = info;
			ok = (seen = calloc(info.n, sizeof *seen)) != NULL &&
			     (b = cbi_build_new(p, info.flags, diags)) != NULL;
			if (ok)
				cbi_build_spool(b, ctx, cbi_batch_outdir(bt));
			if (ok && strcmp(info.profile, profile) != 0) {
				cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, shards[s], NULL, 0,
				             "the shard was made with another profile than this one (give "
				             "the same --profile as its build)");
				ok = false;
			}
		} else if (info.n != first.n || info.flags != first.flags ||
		           info.total != first.total || strcmp(info.profile, first.profile) != 0) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, shards[s], NULL, 0,
			             "the shard belongs to another build than %s (shard %u of %u, %zu "
			             "inputs)", shards[0], info.k, info.n, info.total);
			ok = false;
		}
		if (ok && seen[info.k - 1]) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, shards[s], NULL, 0,
			             "shard %u of %u is given twice", info.k, info.n);
			ok = false;
		}
		if (ok) {
			seen[info.k - 1] = true;
			inputs += count;
			ok = read_inputs(ctx, p, &r, count, b, diags);
		}
		reader_close(&r);
		free(path);
	}
	for (unsigned k = 0; ok && k < first.n; k++)
		if (!seen[k]) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_USAGE, NULL, NULL, 0,
			             "shard %u of %u is missing", k + 1, first.n);
			ok = false;
		}
	if (ok && inputs != first.total) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_INVALID, NULL, NULL, 0,
		             "the shards hold %zu inputs, their build had %zu", inputs, first.total);
		ok = false;
	}
	if (ok) {
		if (!cbi_inputs_sort(&b->in) || !cbi_build_finish(b)) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
			ok = false;
		}
	}
	free(seen);
	if (!ok) {
		cb_build_free(b);
		return NULL;
	}
	return b;
}
