/* What the DOCX and HWPX writers share: a growing byte buffer for one part, XML text escaping,
 * and a ZIP package assembled in memory. Built into each of those plugins (a convenience
 * library, not a plugin): they reach the core through the public plugin API only. */
#ifndef CB_PKGW_H
#define CB_PKGW_H

#include <casebook/plugin.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One part being written. A buffer that failed to grow keeps failed set and ignores later
 * writes, so a writer checks once, at the end. */
typedef struct pkgw_buf {
	char *data;
	size_t len, cap;
	bool failed;
	struct pkgw_spool *spill; /* where the bytes go once a few KB have gathered; NULL: none */
} pkgw_buf;

#define PKGW_BUF_INIT {NULL, 0, 0, false, NULL}

void pkgw_write(pkgw_buf *b, const void *data, size_t len);
void pkgw_puts(pkgw_buf *b, const char *s);
void pkgw_printf(pkgw_buf *b, const char *fmt, ...) CB_PRINTF(2, 3);
/* Text as XML character data or attribute value: & < > " escaped; a tab and a line feed are
 * kept (callers that give them a meaning split the text first). */
void pkgw_xml_text(pkgw_buf *b, const char *s, size_t len);
void pkgw_xml_str(pkgw_buf *b, const char *s);
void pkgw_buf_free(pkgw_buf *b);

/* A ZIP package built in memory. Entries keep the order they were added in (formats such as
 * HWPX need their mimetype first) and all carry the same fixed date (1980-01-01 00:00), so the
 * same parts give the same bytes. */
typedef struct pkgw_zip pkgw_zip;

/* NULL when out of memory. */
pkgw_zip *pkgw_zip_new(void);
/* Adds an entry, stored (store) or deflated, taking the buffer's bytes (the buffer is left
 * empty). False when the buffer had failed or the archive cannot take it. */
bool pkgw_zip_add(pkgw_zip *z, const char *name, pkgw_buf *part, bool store);
/* Closes the archive and appends its bytes to out; frees z whatever happens. CB_OK, or an error
 * reported on out. */
cb_code pkgw_zip_finish(pkgw_zip *z, cb_output *out);
/* Frees an archive that is not to be finished (NULL is allowed). */
void pkgw_zip_free(pkgw_zip *z);

/* --- parts too large to hold: a casebook written a case at a time ------------------------ */

/* A temporary file that parts are written to as they are made, so that a package of any size
 * holds none of them in memory: a part is a run of its bytes. The file has no name (tmpfile),
 * and goes when it is closed. */
typedef struct pkgw_spool {
	FILE *f;
	uint64_t len; /* bytes in it */
	bool failed;
} pkgw_spool;

/* Opens a spool; false (nothing to close) when no temporary file can be made. */
bool pkgw_spool_open(pkgw_spool *s);
/* Appends what b holds to the spool and empties b (keeping its memory for the next piece). A
 * buffer whose spill is the spool does so by itself whenever it holds 64 KB or more. */
void pkgw_spool_put(pkgw_spool *s, pkgw_buf *b);
void pkgw_spool_close(pkgw_spool *s);
/* An archive like pkgw_zip_new's whose bytes are assembled in a temporary file rather than in
 * memory; finished and freed the same way. The file is hidden beside the output out names
 * (".casebook.package.XXXXXX", which a batch removes when a killed run left it) or, when that
 * is no file, in TMPDIR. NULL when out of memory or no file can be made. */
pkgw_zip *pkgw_zip_new_on_disk(cb_output *out);
/* Adds an entry holding the spool's bytes [at, at + len), stored or deflated; the spool must
 * stay open until the archive is finished or freed. False when the archive cannot take it. */
bool pkgw_zip_add_spooled(pkgw_zip *z, const char *name, const pkgw_spool *s, uint64_t at,
                          uint64_t len, bool store);

#endif
