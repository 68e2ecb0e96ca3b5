/* The plugin registry: finding, checking and holding plugins. Internal. */
#ifndef CB_REGISTRY_H
#define CB_REGISTRY_H

#include <casebook/casebook.h>

struct cb_plugin {
	const cb_plugin_descriptor *desc;
	char *path;   /* NULL when registered from memory */
	void *handle; /* dlopen handle, NULL when registered from memory */
};

typedef struct cb_refusal {
	char *path;
	cb_code code;
	char *reason;
} cb_refusal;

typedef struct cb_registry {
	char **dirs; /* added with cb_context_add_plugin_dir, in order */
	size_t ndirs;
	bool loaded;
	cb_plugin *plugins;
	size_t nplugins, cap_plugins;
	cb_refusal *refused;
	size_t nrefused, cap_refused;
} cb_registry;

void cbi_registry_release(cb_registry *reg);

/* Checks a descriptor the way every plugin is checked; on refusal returns the code and sets
 * *why to a malloc'd reason. */
cb_code cbi_registry_check(const cb_registry *reg, const cb_plugin_descriptor *desc,
                          const char *path, char **why);

#endif
