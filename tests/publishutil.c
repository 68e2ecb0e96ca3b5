/* Helpers of the publishing tests (see publishutil.h). */
#include "config.h"

#include "publishutil.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

char *pub_join(const char *dir, const char *name)
{
	char *p;
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

char *pub_build(const char *dir, const char *input, const char *formats)
{
	char *out = pub_join(dir, "out"), *o = NULL, *e = NULL;
	const char *argv[] = {"build", input, "-o", out, formats ? "-t" : NULL, formats, NULL};
	int status = cbt_run_cli(argv, NULL, 0, &o, NULL, &e);
	if (status != 0) {
		fprintf(stderr, "casebook build %s -o %s -t %s: exit %d\n%s", input, out,
		        formats ? formats : "(default)", status, e ? e : "");
		free(out);
		out = NULL;
	}
	free(o);
	free(e);
	return out;
}

char *pub_examples(const char *name, mj **book)
{
	char *dir = cbt_tmpdir(name), *in = cbt_src_path("examples/submissions");
	char *out = dir && in ? pub_build(dir, in, "html,docx,hwpx,md,csv") : NULL;
	free(in);
	free(dir);
	if (out && book) {
		char *path = pub_join(out, "casebook.json");
		char *text = path ? cbt_read_file(path, NULL) : NULL;
		*book = text ? mj_parse(text) : NULL;
		free(text);
		free(path);
	}
	return out;
}

static zip_t *open_zip(const char *path)
{
	int err;
	return zip_open(path, ZIP_RDONLY, &err);
}

static char *read_entry(zip_t *z, zip_uint64_t i, size_t *len)
{
	zip_stat_t st;
	if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
		return NULL;
	zip_file_t *f = zip_fopen_index(z, i, 0);
	char *buf = f ? malloc(st.size + 1) : NULL;
	if (buf && zip_fread(f, buf, st.size) != (zip_int64_t)st.size) {
		free(buf);
		buf = NULL;
	}
	if (buf) {
		buf[st.size] = '\0';
		if (len)
			*len = st.size;
	}
	if (f)
		zip_fclose(f);
	return buf;
}

char *pub_zip_entry(const char *path, const char *name, size_t *len)
{
	zip_t *z = open_zip(path);
	if (!z)
		return NULL;
	zip_int64_t i = zip_name_locate(z, name, 0);
	char *data = i >= 0 ? read_entry(z, (zip_uint64_t)i, len) : NULL;
	zip_discard(z);
	return data;
}

char *pub_zip_all(const char *path)
{
	zip_t *z = open_zip(path);
	if (!z)
		return NULL;
	char *all = calloc(1, 1);
	size_t total = 0;
	for (zip_int64_t i = 0; all && i < zip_get_num_entries(z, 0); i++) {
		size_t len;
		char *part = read_entry(z, (zip_uint64_t)i, &len);
		char *grown = part ? realloc(all, total + len + 2) : NULL;
		if (!grown) {
			free(part);
			free(all);
			all = NULL;
			break;
		}
		all = grown;
		memcpy(all + total, part, len);
		total += len;
		all[total++] = '\n';
		all[total] = '\0';
		free(part);
	}
	zip_discard(z);
	return all;
}

char *pub_zip_name(const char *path, size_t i)
{
	zip_t *z = open_zip(path);
	if (!z)
		return NULL;
	const char *name = (zip_int64_t)i < zip_get_num_entries(z, 0)
	                           ? zip_get_name(z, (zip_uint64_t)i, 0)
	                           : NULL;
	char *copy = name ? strdup(name) : NULL;
	zip_discard(z);
	return copy;
}

bool pub_have(const char *program)
{
	char *cmd;
	if (asprintf(&cmd, "command -v '%s' >/dev/null 2>&1", program) < 0)
		return false;
	bool ok = system(cmd) == 0;
	free(cmd);
	return ok;
}

int pub_shell(const char *command, const char *out)
{
	char *cmd;
	if (asprintf(&cmd, "%s >'%s' 2>&1", command, out ? out : "/dev/null") < 0)
		return -1;
	int st = system(cmd);
	free(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *pub_node_modules(void)
{
	char *script = cbt_src_path("tests/browser/npm-tools.sh"), *cmd = NULL;
	/* One log per process: two tests may ask at once. */
	char *log = NULL, *tmp = pub_join(cbt_builddir(), "tests/tmp");
	if (tmp)
		mkdir(tmp, 0777); /* it may be there already */
	free(tmp);
	if (asprintf(&log, "%s/tests/tmp/npm-tools.%ld.out", cbt_builddir(), (long)getpid()) < 0)
		log = NULL;
	bool ok = script && log && asprintf(&cmd, "sh '%s'", script) >= 0 &&
	          pub_shell(cmd, log) == 0;
	char *text = ok ? cbt_read_file(log, NULL) : NULL;
	/* The script's last line is the folder; npm's own messages come before it. */
	char *dir = NULL;
	if (text) {
		size_t n = strlen(text);
		while (n && text[n - 1] == '\n')
			text[--n] = '\0';
		char *last = strrchr(text, '\n');
		struct stat st;
		last = last ? last + 1 : text;
		if (*last && stat(last, &st) == 0 && S_ISDIR(st.st_mode))
			dir = strdup(last);
	} else if (log) {
		char *why = cbt_read_file(log, NULL);
		fprintf(stderr, "node tools not available: %s", why ? why : "?\n");
		free(why);
	}
	free(text);
	free(cmd);
	free(log);
	free(script);
	return dir;
}

bool pub_same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = cbt_read_file(a, &la), *y = cbt_read_file(b, &lb);
	bool same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}
