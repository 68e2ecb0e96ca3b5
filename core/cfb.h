/* Stream names of an OLE compound file, for detection. Internal. */
#ifndef CB_CFB_H
#define CB_CFB_H

#include "input.h"

/* The names of the storages and streams in the input's CFB directory (malloc'd array of malloc'd
 * strings, set in *names; the caller frees both). 0 when the input is not a readable CFB file. */
size_t cbi_cfb_list(cb_input *in, char ***names);

#endif
