/* Open addressing with linear probing; the table doubles at half load. Old tables stay in the
 * arena until the document goes: the total is at most twice the final table. */
#include "config.h"

#include "strmap.h"

#include <stdint.h>
#include <string.h>

/* FNV-1a: short keys, no adversary who can see the process's memory, and no seed to manage. */
static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return (size_t)h;
}

static cbi_map_slot *find(cbi_map_slot *slots, size_t cap, const char *key)
{
	size_t i = hash(key) & (cap - 1);
	while (slots[i].key && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

void *cbi_map_get(const cbi_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	cbi_map_slot *s = find(m->slots, m->cap, key);
	return s->key ? s->value : NULL;
}

static int grow(cb_arena *a, cbi_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	if (cap > SIZE_MAX / sizeof(cbi_map_slot))
		return -1;
	cbi_map_slot *slots = cbi_arena_alloc(a, cap * sizeof *slots); /* zeroed: all empty */
	if (!slots)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find(slots, cap, m->slots[i].key) = m->slots[i];
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int cbi_map_put(cb_arena *a, cbi_map *m, const char *key, void *value)
{
	if ((m->count + 1) * 2 > m->cap && grow(a, m) != 0)
		return -1;
	cbi_map_slot *s = find(m->slots, m->cap, key);
	if (!s->key) {
		s->key = key;
		m->count++;
	}
	s->value = value;
	return 0;
}
