/* Helpers shared by the test programs. */
#ifndef CB_TESTUTIL_H
#define CB_TESTUTIL_H

#include <casebook/casebook.h>

#include <stdbool.h>
#include <stddef.h>

/* The source and build trees (from the test environment; the current directory otherwise).
 * Static storage. */
const char *cbt_srcdir(void);
const char *cbt_builddir(void);
/* srcdir + "/" + rel; caller frees. */
char *cbt_src_path(const char *rel);

/* A fresh empty directory for one test under the build tree; caller frees the path (the
 * directory stays for inspection after a failure; `make clean` removes tests/tmp). */
char *cbt_tmpdir(const char *test_name);

/* Whole file into memory, NUL-terminated; NULL if it cannot be read. Caller frees. */
char *cbt_read_file(const char *path, size_t *len);
/* Writes bytes to a file; false on failure. */
bool cbt_write_file(const char *path, const void *data, size_t len);

/* An entry of a ZIP that cbt_write_zip writes: its name exactly as given ("../x" and "/x"
 * included), its bytes (len 0: strlen(data)) and whether it is stored rather than deflated. */
typedef struct cbt_entry {
	const char *name;
	const void *data;
	size_t len;
	bool stored;
} cbt_entry;
/* Writes a ZIP of the entries (in order; a later entry of a name replaces an earlier one) to
 * path; false on failure. */
bool cbt_write_zip(const char *path, const cbt_entry *entries, size_t n);
/* A minimal OLE compound file (header, one FAT sector, one directory sector) whose directory
 * lists the streams named (at most 3, NULL-terminated) after the root; 3 * 512 bytes into buf,
 * which it returns the length of. */
size_t cbt_make_cfb(unsigned char *buf, const char *const *streams);

/* A context with the build tree's plugins loaded (through CASEBOOK_PLUGIN_PATH). Caller frees. */
cb_context *cbt_context(void);

/* Prints every record of diags to stderr (for failing tests). */
void cbt_print_diags(const cb_diags *diags);
/* Whether diags has a record with this code whose message contains the text. */
bool cbt_has_diag(const cb_diags *diags, cb_code code, const char *text);

/* A document that uses every node kind, mark and attribute of the model, with Korean text, for
 * writer and round-trip tests. Caller frees with cb_document_free. */
cb_document *cbt_sample_document(void);

/* Compares output with the golden file tests/golden/NAME. With CB_UPDATE_GOLDEN=1 in the
 * environment it rewrites the golden file instead (review the diff before committing). Returns
 * true when equal (or updated); prints a unified diff hint otherwise. */
bool cbt_golden(const char *name, const char *data, size_t len);

/* Runs the casebook command (CB_TEST_CLI) with argv (NULL-terminated, without argv[0]),
 * feeding stdin_data (may be NULL) and capturing stdout and stderr (caller frees both).
 * Returns the exit status, or -signal if it died of a signal. */
int cbt_run_cli(const char *const *argv, const char *stdin_data, size_t stdin_len, char **out,
                size_t *out_len, char **err);

#endif
