/* Inputs as the core opens them for readers. Internal. */
#ifndef CB_INPUT_H
#define CB_INPUT_H

#include <casebook/casebook.h>

struct cb_input {
	char *name;         /* for messages: the path as given, or "-" */
	char *path;         /* NULL unless a regular file can be opened by path */
	int fd;             /* -1 when the bytes are in memory */
	uint64_t size;      /* total bytes */
	const unsigned char *mem; /* the bytes, once in memory */
	unsigned char *owned;     /* mem when we read it ourselves */
	uint64_t pos;             /* sequential reading position in memory */
	const uint64_t *limits;
	cb_diags *diags;
	char **cfb; /* compound-file stream names, once listed */
	size_t ncfb;
	bool cfb_listed;
	struct zip *probe_zip; /* the archive detection opened, for cb_zip_open to take over */
};

/* Opens path ("-" = standard input, read whole into memory). NULL with an error in diags. */
cb_input *cbi_input_open_file(const char *path, const uint64_t *limits, cb_diags *diags);
/* Wraps caller-owned memory, which must outlive the input. */
cb_input *cbi_input_open_memory(const char *name, const void *data, size_t len,
                               const uint64_t *limits, cb_diags *diags);
void cbi_input_close(cb_input *in);
/* Reads up to len bytes from offset without disturbing sequential reading. */
ssize_t cbi_input_pread(cb_input *in, void *buf, size_t len, uint64_t offset);

#endif
