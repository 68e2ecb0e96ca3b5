/* Outputs as the core opens them for writers. Internal. */
#ifndef CB_OUTPUT_H
#define CB_OUTPUT_H

#include <casebook/casebook.h>

#include "strbuf.h"

#include <stdio.h>
#include <sys/types.h>

/* A writer's output goes to memory first, or to a temporary file beside the target (a casebook
 * written a case at a time, whose size must not be held): either way a failed writer leaves
 * nothing behind, and a file is replaced only by a complete new one (see cb_write_file). */
struct cb_output {
	const char *name;
	char *data;
	size_t len, cap;
	bool failed;
	cb_diags *diags;
	FILE *file; /* a streamed output's temporary file (cbi_outfile); NULL: memory */
};

/* An output written straight to its file as the writer goes, for outputs that grow with the
 * casebook. The bytes go to a temporary file beside the target (the target's own file when the
 * path is a symbolic link), renamed over it by cbi_outfile_commit; a device or a pipe is written
 * in place, as cb_write_file does. */
typedef struct cbi_outfile {
	cb_output out;
	char *path; /* the file written or replaced; owned */
	char *tmp;  /* the temporary file beside it, NULL when writing in place; owned */
} cbi_outfile;

/* Opens path for writing; out.name is path (not copied: it must outlive the output). CB_OK, or
 * the error in diags. */
cb_code cbi_outfile_open(cbi_outfile *of, const char *path, cb_diags *diags);
/* Ends a complete output: flushed, synced with sync, renamed into place. CB_OK, or the error in
 * the output's diags and the temporary file removed. Frees what of holds either way. */
cb_code cbi_outfile_commit(cbi_outfile *of, bool sync);
/* Ends a failed output: the temporary file is removed, the target left as it was. */
void cbi_outfile_abort(cbi_outfile *of);

/* Hands what buf holds to out and empties it, so that an output made piece by piece in a buffer
 * (JSON, the reports) never holds more than a piece. False when buf had failed (out of memory)
 * or the write did. */
bool cbi_output_flush(cb_output *out, cbi_buf *buf);

/* Replaces the file at path with data atomically: written to a temporary file beside it, synced
 * to the disk, then renamed over it (context.c). The build writes its own outputs with it;
 * cb_write_file does the same without the sync. */
cb_code cbi_replace_file(const char *path, const char *data, size_t len, cb_diags *diags);

/* The mode a new file gets: 0666 less the process's umask (read once, safe from threads). */
mode_t cbi_new_file_mode(void);

#endif
