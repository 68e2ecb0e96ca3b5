/* A string-keyed hash map whose memory lives in an arena, for the model's lookups by name
 * (metadata keys, media ids, div attributes): without it, a document with many of these costs
 * quadratic time to build. Internal. */
#ifndef CB_STRMAP_H
#define CB_STRMAP_H

#include <stddef.h>

#include "arena.h"

typedef struct cbi_map_slot {
	const char *key; /* NULL when empty */
	void *value;
} cbi_map_slot;

typedef struct cbi_map {
	cbi_map_slot *slots;
	size_t cap;   /* a power of two, or 0 before the first insertion */
	size_t count;
} cbi_map; /* zero-initialised is an empty map */

/* The value stored under key, or NULL. */
void *cbi_map_get(const cbi_map *m, const char *key);
/* Stores value under key (replacing any earlier value). key must live as long as the map (an
 * arena string). 0, or -1 when out of memory. */
int cbi_map_put(cb_arena *a, cbi_map *m, const char *key, void *value);

#endif
