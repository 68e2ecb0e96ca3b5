/* What the XML helper needs to know of a container. Internal. */
#ifndef CB_CONTAINER_PRIVATE_H
#define CB_CONTAINER_PRIVATE_H

#include <casebook/container.h>

/* The input the container was opened from (messages name it). */
cb_input *cbi_zip_input(const cb_zip *z);

#endif
