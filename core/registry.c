/* Finding and loading plugins.
 *
 * The order is the one users of GStreamer expect: directories given by the program (--plugin-dir),
 * then CASEBOOK_PLUGIN_PATH, then the system directory. The first plugin of a name and kind wins
 * and later ones are refused as duplicates, so a development build on the path shadows an
 * installed one and the refusal says where the winner came from.
 *
 * The descriptor is a data symbol, not a function: reading its ABI number runs none of the
 * plugin's code, so a plugin built for another ABI is refused before anything of it is called
 * (beyond what the dynamic loader itself runs). Files are visited in name order so that which
 * plugin wins never depends on the order of directory entries. */
#include "config.h"

#include "context.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void refuse(cb_registry *reg, const char *path, cb_code code, char *reason)
{
	if (reg->nrefused == reg->cap_refused) {
		size_t cap = reg->cap_refused ? reg->cap_refused * 2 : 4;
		cb_refusal *r = realloc(reg->refused, cap * sizeof *r);
		if (!r) {
			free(reason);
			return;
		}
		reg->refused = r;
		reg->cap_refused = cap;
	}
	char *p = strdup(path ? path : "(built in)");
	if (!p || !reason) {
		free(p);
		free(reason);
		return;
	}
	reg->refused[reg->nrefused++] = (cb_refusal){p, code, reason};
}

static char *fmt(const char *f, ...) CB_PRINTF(1, 2);
static char *fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	char *s;
	if (vasprintf(&s, f, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static bool valid_name(const char *name)
{
	if (!name || !*name || strlen(name) > 32)
		return false;
	for (const char *p = name; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '_'))
			return false;
	return true;
}

static const char *kind_word(cb_plugin_kind kind)
{
	return kind == CB_PLUGIN_READER ? "reader" : "writer";
}

cb_code cbi_registry_check(const cb_registry *reg, const cb_plugin_descriptor *d, const char *path,
                          char **why)
{
	if (d->abi != CB_PLUGIN_ABI) {
		*why = fmt("built for plugin ABI %u, but this casebook uses ABI %u: rebuild the plugin "
		           "against this version",
		           (unsigned)d->abi, CB_PLUGIN_ABI);
		return CB_E_PLUGIN_ABI;
	}
	/* A smaller descriptor than ours would mean reading past the plugin's object. */
	if (d->size < sizeof(cb_plugin_descriptor)) {
		*why = fmt("descriptor is %u bytes, expected at least %zu", (unsigned)d->size,
		           sizeof(cb_plugin_descriptor));
		return CB_E_PLUGIN_DESCRIPTOR;
	}
	if (!valid_name(d->name)) {
		*why = fmt("descriptor has no valid name (lower-case letters, digits, '-' or '_', at "
		           "most 32)");
		return CB_E_PLUGIN_DESCRIPTOR;
	}
	if (!d->version || !d->licence) {
		*why = fmt("plugin '%s' does not say its %s", d->name, !d->version ? "version" : "licence");
		return CB_E_PLUGIN_DESCRIPTOR;
	}
	if (d->kind == CB_PLUGIN_READER) {
		if (!d->bid || !d->read) {
			*why = fmt("reader '%s' lacks its %s callback", d->name, !d->bid ? "bid" : "read");
			return CB_E_PLUGIN_DESCRIPTOR;
		}
	} else if (d->kind == CB_PLUGIN_WRITER) {
		if (!d->write) {
			*why = fmt("writer '%s' lacks its write callback", d->name);
			return CB_E_PLUGIN_DESCRIPTOR;
		}
		if (!d->extensions || !d->extensions[0]) {
			*why = fmt("writer '%s' names no file extension", d->name);
			return CB_E_PLUGIN_DESCRIPTOR;
		}
	} else {
		*why = fmt("plugin '%s' is neither a reader nor a writer (kind %d)", d->name, (int)d->kind);
		return CB_E_PLUGIN_DESCRIPTOR;
	}
	for (size_t i = 0; i < reg->nplugins; i++) {
		const cb_plugin *p = &reg->plugins[i];
		if (p->desc->kind == d->kind && strcmp(p->desc->name, d->name) == 0) {
			*why = fmt("duplicate %s name '%s': already loaded from %s", kind_word(d->kind), d->name,
			           p->path ? p->path : "the program itself");
			return CB_E_PLUGIN_DUPLICATE;
		}
	}
	(void)path;
	return CB_OK;
}

static bool add(cb_registry *reg, const cb_plugin_descriptor *d, const char *path, void *handle)
{
	if (reg->nplugins == reg->cap_plugins) {
		size_t cap = reg->cap_plugins ? reg->cap_plugins * 2 : 8;
		cb_plugin *p = realloc(reg->plugins, cap * sizeof *p);
		if (!p)
			return false;
		reg->plugins = p;
		reg->cap_plugins = cap;
	}
	char *copy = NULL;
	if (path && !(copy = strdup(path)))
		return false;
	reg->plugins[reg->nplugins++] = (cb_plugin){d, copy, handle};
	return true;
}

static void load_one(cb_registry *reg, const char *path)
{
	/* RTLD_NOW: a plugin with an unresolved symbol is refused here, with the loader's reason,
	 * rather than crashing in the middle of a batch. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		refuse(reg, path, CB_E_PLUGIN_LOAD, fmt("cannot load: %s", e ? e : "unknown error"));
		return;
	}
	dlerror();
	const cb_plugin_descriptor *d = dlsym(h, CB_PLUGIN_ENTRY_NAME);
	if (!d) {
		refuse(reg, path, CB_E_PLUGIN_ENTRY,
		       fmt("no entry symbol '%s': not a casebook plugin", CB_PLUGIN_ENTRY_NAME));
		dlclose(h);
		return;
	}
	char *why = NULL;
	cb_code code = cbi_registry_check(reg, d, path, &why);
	if (code != CB_OK || !add(reg, d, path, h)) {
		refuse(reg, path, code != CB_OK ? code : CB_E_NOMEM, why ? why : fmt("out of memory"));
		dlclose(h);
		return;
	}
}

cb_code cb_context_load_plugin_file(cb_context *ctx, const char *path, cb_diags *diags)
{
	cb_registry *reg = &ctx->registry;
	size_t loaded = reg->nplugins, refused = reg->nrefused;
	load_one(reg, path);
	if (reg->nplugins > loaded)
		return CB_OK;
	if (reg->nrefused == refused) { /* the refusal itself could not be recorded */
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
		return CB_E_NOMEM;
	}
	const cb_refusal *r = &reg->refused[reg->nrefused - 1];
	cb_diags_add(diags, CB_SEV_ERROR, r->code, path, NULL, 0, "plugin refused: %s", r->reason);
	return r->code;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_module(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcmp(name + n - 3, ".so") == 0 && name[0] != '.';
}

static void scan_dir(cb_registry *reg, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return; /* a missing directory on a search path is normal */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_module(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **grown = realloc(names, cap * sizeof *names);
			if (!grown)
				break;
			names = grown;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char *path = fmt("%s/%s", dir, names[i]);
		if (path)
			load_one(reg, path);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* Each directory of a colon-separated list; empty elements are skipped. */
static void scan_path_list(cb_registry *reg, const char *list)
{
	char *copy = strdup(list);
	if (!copy)
		return;
	char *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		scan_dir(reg, dir);
	free(copy);
}

const char *cb_plugin_system_dir(void)
{
	return CB_PLUGINSDIR;
}

size_t cb_context_load_plugins(cb_context *ctx)
{
	cb_registry *reg = &ctx->registry;
	if (reg->loaded)
		return reg->nplugins;
	reg->loaded = true;
	for (size_t i = 0; i < reg->ndirs; i++)
		scan_dir(reg, reg->dirs[i]);
	const char *env = getenv("CASEBOOK_PLUGIN_PATH");
	if (env)
		scan_path_list(reg, env);
	const char *sys = getenv("CASEBOOK_PLUGIN_SYSTEM_PATH");
	scan_path_list(reg, sys ? sys : CB_PLUGINSDIR);
	return reg->nplugins;
}

int cb_context_add_plugin_dir(cb_context *ctx, const char *dir)
{
	cb_registry *reg = &ctx->registry;
	char **dirs = realloc(reg->dirs, (reg->ndirs + 1) * sizeof *dirs);
	if (!dirs)
		return -1;
	reg->dirs = dirs;
	if (!(dirs[reg->ndirs] = strdup(dir)))
		return -1;
	reg->ndirs++;
	return 0;
}

cb_code cb_context_register(cb_context *ctx, const cb_plugin_descriptor *desc, cb_diags *diags)
{
	char *why = NULL;
	cb_code code = cbi_registry_check(&ctx->registry, desc, NULL, &why);
	if (code == CB_OK && !add(&ctx->registry, desc, NULL, NULL))
		code = CB_E_NOMEM;
	if (code != CB_OK)
		cb_diags_add(diags, CB_SEV_ERROR, code, NULL, NULL, 0, "plugin refused: %s",
		             why ? why : "out of memory");
	free(why);
	return code;
}

void cbi_registry_release(cb_registry *reg)
{
	for (size_t i = 0; i < reg->nplugins; i++) {
		free(reg->plugins[i].path);
		if (reg->plugins[i].handle)
			dlclose(reg->plugins[i].handle);
	}
	free(reg->plugins);
	for (size_t i = 0; i < reg->nrefused; i++) {
		free(reg->refused[i].path);
		free(reg->refused[i].reason);
	}
	free(reg->refused);
	for (size_t i = 0; i < reg->ndirs; i++)
		free(reg->dirs[i]);
	free(reg->dirs);
	memset(reg, 0, sizeof *reg);
}

size_t cb_context_plugin_count(const cb_context *ctx) { return ctx->registry.nplugins; }

const cb_plugin *cb_context_plugin_at(const cb_context *ctx, size_t i)
{
	return i < ctx->registry.nplugins ? &ctx->registry.plugins[i] : NULL;
}

const cb_plugin *cb_context_find_plugin(const cb_context *ctx, cb_plugin_kind kind,
                                        const char *name)
{
	for (size_t i = 0; i < ctx->registry.nplugins; i++) {
		const cb_plugin *p = &ctx->registry.plugins[i];
		if (p->desc->kind == kind && strcmp(p->desc->name, name) == 0)
			return p;
	}
	return NULL;
}

const cb_plugin *cb_context_find_writer_for_extension(const cb_context *ctx, const char *ext)
{
	for (size_t i = 0; i < ctx->registry.nplugins; i++) {
		const cb_plugin *p = &ctx->registry.plugins[i];
		if (p->desc->kind != CB_PLUGIN_WRITER || !p->desc->extensions)
			continue;
		for (const char *const *e = p->desc->extensions; *e; e++)
			if (strcasecmp(*e, ext) == 0)
				return p;
	}
	return NULL;
}

size_t cb_context_refused_count(const cb_context *ctx) { return ctx->registry.nrefused; }

bool cb_context_refused_at(const cb_context *ctx, size_t i, const char **path, cb_code *code,
                           const char **reason)
{
	if (i >= ctx->registry.nrefused)
		return false;
	const cb_refusal *r = &ctx->registry.refused[i];
	if (path)
		*path = r->path;
	if (code)
		*code = r->code;
	if (reason)
		*reason = r->reason;
	return true;
}

const cb_plugin_descriptor *cb_plugin_get_descriptor(const cb_plugin *p) { return p->desc; }
const char *cb_plugin_path(const cb_plugin *p) { return p->path; }
