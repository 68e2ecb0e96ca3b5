/* A bump allocator: many small allocations, one release. Each document owns one, so a tree of
 * any size is freed in a single call and allocation costs a pointer increment. Internal. */
#ifndef CB_ARENA_H
#define CB_ARENA_H

#include <stddef.h>

typedef struct cb_arena cb_arena;

/* NULL when out of memory. */
cb_arena *cbi_arena_new(void);
void cbi_arena_free(cb_arena *a);
/* Zeroed memory aligned for any type; NULL on overflow or when out of memory. */
void *cbi_arena_alloc(cb_arena *a, size_t size);
/* A NUL-terminated copy of the first len bytes of s. */
char *cbi_arena_strndup(cb_arena *a, const char *s, size_t len);
/* Bytes handed out so far (for limits and statistics). */
size_t cbi_arena_used(const cb_arena *a);

#endif
