/* What the XML helper needs to know of a container. Internal. */
#ifndef CB_CONTAINER_PRIVATE_H
#define CB_CONTAINER_PRIVATE_H

#include <casebook/container.h>

/* The input the container was opened from (messages name it). */
cb_input *cbi_zip_input(const cb_zip *z);

struct zip_source;
struct zip_error;
/* A libzip source over the input: its bytes in memory when it is small (read with one call, where
 * a file source seeks and reads again for every entry), else the file. NULL, with err set or the
 * input's failure reported, on failure. The memory stays the input's. */
struct zip_source *cbi_zip_source(cb_input *in, struct zip_error *err);

#endif
