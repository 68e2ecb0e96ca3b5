/* Bump allocator over a chain of chunks. Chunks double in size up to a cap so that a small
 * document costs one small chunk and a large one few mallocs; a request larger than a chunk gets
 * a chunk of its own. */
#include "config.h"

#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct chunk {
	struct chunk *prev;
	size_t size; /* usable bytes after the header */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct cb_arena {
	struct chunk *head;
	size_t next_size;
	size_t used;
};

enum { FIRST_CHUNK = 4096, MAX_CHUNK = 1u << 20 };

cb_arena *cbi_arena_new(void)
{
	return calloc(1, sizeof(cb_arena));
}

void cbi_arena_free(cb_arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *prev = c->prev;
		free(c);
		c = prev;
	}
	free(a);
}

static struct chunk *new_chunk(cb_arena *a, size_t need)
{
	size_t size = a->next_size ? a->next_size : FIRST_CHUNK;
	if (size < need)
		size = need;
	if (size > SIZE_MAX - sizeof(struct chunk))
		return NULL;
	struct chunk *c = malloc(sizeof(struct chunk) + size);
	if (!c)
		return NULL;
	c->size = size;
	c->used = 0;
	c->prev = a->head;
	a->head = c;
	if (a->next_size < MAX_CHUNK)
		a->next_size = a->next_size ? a->next_size * 2 : FIRST_CHUNK * 2;
	return c;
}

void *cbi_arena_alloc(cb_arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - align)
		return NULL;
	size = (size + align - 1) & ~(align - 1);
	struct chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		c = new_chunk(a, size);
		if (!c)
			return NULL;
	}
	void *p = c->data + c->used;
	c->used += size;
	a->used += size;
	memset(p, 0, size);
	return p;
}

char *cbi_arena_strndup(cb_arena *a, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = cbi_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

size_t cbi_arena_used(const cb_arena *a)
{
	return a->used;
}
