/* Inputs: files as given, folders read recursively in name order, so that a build over the same
 * folder lists its inputs the same way on every machine. What an office's folders also hold
 * (hidden files, Word's lock files, thumbnails databases, the output of an earlier build) is
 * listed as skipped with the reason, so that the report still accounts for it. */
#include "config.h"

#include "build_private.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 32

static bool add(cbi_inputs *in, const char *path, cb_input_status status, const char *reason)
{
	cbi_input *grown = realloc(in->items, (in->count + 1) * sizeof *grown);
	if (!grown)
		return false;
	in->items = grown;
	cbi_input *i = &in->items[in->count];
	*i = (cbi_input){strdup(path), status, reason ? strdup(reason) : NULL, NULL, NULL,
	                 (size_t)-1, NULL, NULL};
	if (!i->path || (reason && !i->reason)) {
		free(i->path);
		free(i->reason);
		return false;
	}
	in->count++;
	return true;
}

/* Why a file found in a folder is not read, or NULL. */
static const char *skip_reason(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return "hidden file";
	if (strncmp(name, "~$", 2) == 0)
		return "an office lock file";
	if (strcasecmp(name, "Thumbs.db") == 0 || strcasecmp(name, "desktop.ini") == 0)
		return "a system file";
	if (n && name[n - 1] == '~')
		return "a backup file";
	return NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *p;
	return asprintf(&p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name) < 0 ? NULL : p;
}

/* Whether dir holds a casebook build's output (casebook.json beside report.json). */
static bool is_build_output(const char *dir)
{
	char *a = join(dir, "casebook.json"), *b = join(dir, "report.json");
	struct stat st;
	bool yes = a && b && stat(a, &st) == 0 && stat(b, &st) == 0;
	free(a);
	free(b);
	return yes;
}

/* The folders being read, outermost first: a link back to one of them is not followed again. */
typedef struct ancestry {
	dev_t dev[MAX_DEPTH + 1];
	ino_t ino[MAX_DEPTH + 1];
} ancestry;

static bool walk_path(cbi_inputs *in, const char *path, bool named, int depth, ancestry *up);

static bool walk_dir(cbi_inputs *in, const char *dir, const struct stat *st, int depth,
                     ancestry *up)
{
	if (depth > MAX_DEPTH)
		return add(in, dir, CB_STATUS_SKIPPED, "folders nest too deep");
	for (int k = 0; k < depth; k++)
		if (up->dev[k] == st->st_dev && up->ino[k] == st->st_ino)
			return add(in, dir, CB_STATUS_SKIPPED, "a link to a folder already being read");
	up->dev[depth] = st->st_dev;
	up->ino[depth] = st->st_ino;
	if (depth > 0 && is_build_output(dir))
		return add(in, dir, CB_STATUS_SKIPPED, "the output of a casebook build");
	DIR *d = opendir(dir);
	if (!d) {
		char reason[256];
		snprintf(reason, sizeof reason, "cannot open the folder: %s", strerror(errno));
		return add(in, dir, CB_STATUS_FAILED, reason);
	}
	char **names = NULL;
	size_t count = 0;
	bool ok = true;
	struct dirent *e;
	while (ok && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char **grown = realloc(names, (count + 1) * sizeof *grown);
		ok = grown && (grown[count] = strdup(e->d_name));
		if (grown)
			names = grown;
		count += ok;
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof *names, compare_names);
	for (size_t i = 0; i < count; i++) {
		char *p = ok ? join(dir, names[i]) : NULL;
		const char *why = skip_reason(names[i]);
		if (!p)
			ok = false;
		else if (why)
			ok = add(in, p, CB_STATUS_SKIPPED, why);
		else
			ok = walk_path(in, p, false, depth + 1, up);
		free(p);
		free(names[i]);
	}
	free(names);
	return ok;
}

static bool walk_path(cbi_inputs *in, const char *path, bool named, int depth, ancestry *up)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		char reason[256];
		snprintf(reason, sizeof reason, "cannot open: %s", strerror(errno));
		return add(in, path, CB_STATUS_FAILED, reason);
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(in, path, &st, depth, up);
	if (!S_ISREG(st.st_mode) && !named)
		return add(in, path, CB_STATUS_SKIPPED, "not a regular file");
	return add(in, path, CB_STATUS_OK, NULL);
}

bool cbi_walk(const char *const *paths, size_t n, cbi_inputs *out)
{
	memset(out, 0, sizeof *out);
	ancestry up;
	for (size_t i = 0; i < n; i++)
		if (!walk_path(out, paths[i], true, 0, &up))
			return false;
	return true;
}

void cbi_inputs_free(cbi_inputs *in)
{
	for (size_t i = 0; i < in->count; i++) {
		cbi_input *x = &in->items[i];
		free(x->path);
		free(x->reason);
		free(x->format);
		cb_case_free(x->c);
		cbi_caseinfo_free(x->info);
		cb_diags_free(x->diags);
	}
	free(in->items);
	memset(in, 0, sizeof *in);
}
