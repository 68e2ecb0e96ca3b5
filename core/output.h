/* Outputs as the core opens them for writers. Internal. */
#ifndef CB_OUTPUT_H
#define CB_OUTPUT_H

#include <casebook/casebook.h>

/* A writer's output goes to memory first: a failed writer then leaves nothing behind, and a file
 * is replaced only by a complete new one (see cb_write_file). */
struct cb_output {
	const char *name;
	char *data;
	size_t len, cap;
	bool failed;
	cb_diags *diags;
};

/* Replaces the file at path with data atomically: written to a temporary file beside it, synced
 * to the disk, then renamed over it (context.c). The build writes its own outputs with it;
 * cb_write_file does the same without the sync. */
cb_code cbi_replace_file(const char *path, const char *data, size_t len, cb_diags *diags);

#endif
