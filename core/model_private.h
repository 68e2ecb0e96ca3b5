/* The document model's structures, shared by the library's own files. Plugins and programs see
 * only the accessors in <casebook/model.h>, so these can change without breaking the ABI. */
#ifndef CB_MODEL_PRIVATE_H
#define CB_MODEL_PRIVATE_H

#include <casebook/diag.h>
#include <casebook/model.h>

#include "arena.h"
#include "strmap.h"

typedef struct cb_pair {
	const char *key;
	const char *value;
} cb_pair;

struct cb_node {
	cb_node_kind kind;
	unsigned depth; /* body is 0 */
	cb_document *doc;
	cb_node *parent, *first, *last, *next, *prev;
	/* What each field means depends on the kind (see model.h):
	 *   text:  TEXT content, LINK target, IMAGE source, NOTE/NOTEREF id, DIV class, LIST style
	 *   extra: IMAGE alt, NOTE kind */
	const char *text;
	size_t text_len;
	size_t text_cap; /* TEXT: bytes allocated for text, 0 while it is a fresh copy */
	const char *extra;
	unsigned marks;
	long number; /* HEADING level, LIST start */
	unsigned rowspan, colspan;
	bool flag; /* CELL header, LIST ordered */
	cb_pair *attrs; /* DIV: its attributes in order (see pair lists in model.c) */
	size_t attr_count, attr_cap;
	cbi_map *attr_index; /* made once a div has many attributes */
};

struct cb_media {
	const char *id;
	const char *type;
	const char *name;
	const unsigned char *data;
	size_t len;
};

struct cb_document {
	cb_arena *arena;
	cb_node *body;
	cb_pair *meta;
	size_t meta_count, meta_cap;
	cbi_map *meta_index;  /* key -> 1 + index into meta */
	cbi_map media_index; /* id -> 1 + index into media */
	cb_media *media;
	size_t media_count, media_cap;
	uint64_t nodes, max_nodes;
	unsigned max_depth;
	int error_code;
	const char *error;
	unsigned long media_serial;
};

#endif
