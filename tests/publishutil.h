/* What the publishing tests share (test-html, test-docx-writer, test-hwpx-writer, test-csv,
 * test-publish): building a casebook with the command, reading ZIP packages, and finding the
 * outside tools the checks drive. */
#ifndef CB_PUBLISHUTIL_H
#define CB_PUBLISHUTIL_H

#include "minijson.h"

#include <stdbool.h>
#include <stddef.h>

/* dir + "/" + name; caller frees. */
char *pub_join(const char *dir, const char *name);

/* Runs `casebook build INPUT -o DIR/out -t FORMATS` (formats NULL: no -t); the build must exit
 * 0. Returns DIR/out (caller frees). */
char *pub_build(const char *dir, const char *input, const char *formats);
/* The examples' casebook built once per test program into tests/tmp/NAME/out in every format;
 * returns that folder (caller frees) and, through *book (if not NULL), its casebook.json
 * parsed (caller frees with mj_free). */
char *pub_examples(const char *name, mj **book);

/* One entry of a ZIP file (NUL-terminated; *len its length), or NULL. Caller frees. */
char *pub_zip_entry(const char *zip, const char *name, size_t *len);
/* Every entry of a ZIP file, uncompressed and joined, for looking for text anywhere in a
 * package. Caller frees; NULL when it is not a ZIP. */
char *pub_zip_all(const char *zip);
/* The name of the i-th entry (caller frees), NULL past the end. */
char *pub_zip_name(const char *zip, size_t i);

/* Whether a program is on the PATH. */
bool pub_have(const char *program);
/* Runs a shell command with its output going to the file out (may be NULL: discarded) and
 * returns its exit status (-1 when it did not run or died). */
int pub_shell(const char *command, const char *out);
/* The node_modules folder with playwright-core and @ssabrojs/hwpxjs (tests/browser/npm-tools.sh
 * installs them into the build tree once), or NULL when node, npm or the registry is not there.
 * Caller frees. */
char *pub_node_modules(void);

/* A file's bytes are equal to another's. */
bool pub_same_file(const char *a, const char *b);

#endif
