/* casebook: ZIP containers for readers (DOCX, HWPX, ODT, ...).
 *
 * One bounded implementation for every ZIP-based format, so that each reader gets the same
 * protection: the entry count, the total bytes expanded from the container and each entry's
 * compression ratio are held to the limits the host configured (max-entries,
 * max-uncompressed-bytes, max-compression-ratio), whatever sizes the archive claims; CRC errors
 * and truncation are reported; every error is reported through the input with the entry's name as
 * the part. Nothing is ever extracted to the file system.
 *
 * For readers, inside their read callback: a container and its entries are tied to the input
 * they were opened from and must be closed before read returns. One container is used by one
 * thread at a time. Entry names are compared exactly (case matters, no leading "/" or "./").
 */
#ifndef CASEBOOK_CONTAINER_H
#define CASEBOOK_CONTAINER_H

#include <casebook/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cb_zip cb_zip;             /* an open container; the reader owns it */
typedef struct cb_zip_entry cb_zip_entry; /* an entry being read; owned by whoever opened it */

/* Opens the input as a ZIP container. NULL, with an error reported (not a ZIP archive, damaged or
 * truncated, more entries than max-entries), on failure. Close with cb_zip_close() (NULL is
 * allowed), after closing its entries and parsers. */
cb_zip *cb_zip_open(cb_input *in);
void cb_zip_close(cb_zip *z);

/* The number of entries (directories included). */
size_t cb_zip_count(const cb_zip *z);
/* The i-th entry's name (owned by the container), NULL past the end. */
const char *cb_zip_name(const cb_zip *z, size_t i);
/* Whether an entry of exactly that name exists. */
bool cb_zip_has(const cb_zip *z, const char *name);
/* Whether the entry is stored encrypted (ZIP encryption, not a format's own). */
bool cb_zip_is_encrypted(const cb_zip *z, const char *name);

/* Reads a whole entry into memory (NUL-terminated for convenience; *len excludes the NUL). The
 * caller frees it with free(). NULL, with an error naming the entry (missing, encrypted, damaged,
 * or over a limit), on failure. */
unsigned char *cb_zip_read(cb_zip *z, const char *name, size_t *len);

/* Streaming access for large parts: open (NULL, with the error reported, like cb_zip_read),
 * read into the caller's buffer until 0, close (NULL is allowed). Reading fails (returns -1, with
 * the error reported, and again on every later call) when a limit is reached or the data is
 * damaged. Bytes read count against max-uncompressed-bytes for the whole container. */
cb_zip_entry *cb_zip_entry_open(cb_zip *z, const char *name);
ssize_t cb_zip_entry_read(cb_zip_entry *e, void *buf, size_t len);
void cb_zip_entry_close(cb_zip_entry *e);

#ifdef __cplusplus
}
#endif
#endif
