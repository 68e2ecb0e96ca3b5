/* Duplicates. Schools resend a submission after a correction, or send the same file as HWPX and
 * as a Word export. The same normalised content is a duplicate whatever the format or encoding
 * (the case's content hash); the same school and title with different content may be a revised
 * version, so both stay published with a warning for the office to decide.
 *
 * Both are found through hash maps, an input at a time in input order, so that a season where
 * thousands of submissions share a school and title costs linear time. Two inputs with the same
 * school and title warn each other; a larger group warns each later member of the first, and the
 * first once, with how many others there are, so that the warnings stay linear as well. */
#include "config.h"

#include "build_private.h"
#include "strmap.h"

#include <stdio.h>
#include <string.h>

/* The inputs that take part in a possible duplicate through one school and title, in input
 * order: every input with that school and title that is not a duplicate and, from the first
 * such input on, every duplicate of a later one (a duplicate of the first is that input once
 * more, not a possible duplicate of it). */
typedef struct group {
	size_t first, second; /* the first two members (second once count >= 2) */
	size_t count;
	struct group *next; /* in the order the groups were made */
} group;

/* The length of s without its spaces, for comparison ("함께 크는 마을" = "함께크는 마을"). */
static size_t squeezed_len(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += *s != ' ';
	return n;
}

static char *squeeze_into(char *t, const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			*t++ = *s;
	return t;
}

/* The key of info's school and title, both without spaces, in a: "LENGTH:SCHOOLTITLE", the
 * length of the school keeping one pair of strings from reading as another. *key is NULL when
 * either is absent or nothing but spaces. False when out of memory. */
static bool group_key(cb_arena *a, const cbi_caseinfo *info, const char **key)
{
	*key = NULL;
	size_t ns = squeezed_len(info->school), nt = squeezed_len(info->title);
	if (!ns || !nt)
		return true;
	char prefix[24];
	int np = snprintf(prefix, sizeof prefix, "%zu:", ns);
	char *k = cbi_arena_alloc(a, (size_t)np + ns + nt + 1);
	if (!k)
		return false;
	memcpy(k, prefix, (size_t)np);
	*squeeze_into(squeeze_into(k + np, info->school), info->title) = '\0';
	*key = k;
	return true;
}

static void warn_possible(cbi_input *x, const cbi_input *of)
{
	cb_diags_add(x->info->diags, CB_SEV_WARNING, CB_W_POSSIBLE_DUPLICATE, NULL, NULL, 0,
	             "possibly a duplicate of %s (case %s): the same school and title", of->path,
	             of->info->id);
}

/* x joins g (made in a when NULL, for x's key) as its member at index i. False when out of
 * memory. */
static bool join(cb_arena *a, cbi_map *groups, group **last, const char *key, group *g,
                 cbi_inputs *in, size_t i)
{
	if (!g) {
		if (!(g = cbi_arena_alloc(a, sizeof *g)) || cbi_map_put(a, groups, key, g) != 0)
			return false;
		*last = (*last)->next = g;
	}
	cbi_input *x = &in->items[i];
	if (g->count == 0)
		g->first = i;
	else {
		if (g->count == 1)
			g->second = i;
		warn_possible(x, &in->items[g->first]);
		x->status = CB_STATUS_WARNING; /* a duplicate's status is set after */
	}
	g->count++;
	return true;
}

bool cbi_find_duplicates(cbi_inputs *in)
{
	cb_arena *a = cbi_arena_new();
	if (!a)
		return false;
	cbi_map by_hash = {0}, by_name = {0}; /* the first input of a content; a name's group */
	group head = {0}, *last = &head;
	bool ok = false;
	for (size_t i = 0; i < in->count; i++) {
		cbi_input *x = &in->items[i];
		const cbi_caseinfo *xi = x->info;
		if (!xi)
			continue;
		const cbi_input *original = cbi_map_get(&by_hash, xi->content_hash);
		const char *key;
		if (!group_key(a, xi, &key))
			goto out;
		group *g = key ? cbi_map_get(&by_name, key) : NULL;
		/* A duplicate is a member only when the group's first comes before its original. */
		bool member = original ? g && g->count && &in->items[g->first] < original
		                       : key != NULL;
		if (member && !join(a, &by_name, &last, key, g, in, i))
			goto out;
		if (original) {
			x->status = CB_STATUS_DUPLICATE;
			x->dup_of = (size_t)(original - in->items);
			cb_diags_add(xi->diags, CB_SEV_WARNING, CB_W_DUPLICATE, NULL, NULL, 0,
			             "the same content as %s (case %s): not published twice",
			             original->path, original->info->id);
		} else if (cbi_map_put(a, &by_hash, xi->content_hash, x) != 0)
			goto out;
	}
	for (const group *g = head.next; g; g = g->next) {
		if (g->count < 2)
			continue;
		cbi_input *first = &in->items[g->first];
		const cbi_input *second = &in->items[g->second];
		if (g->count == 2)
			warn_possible(first, second);
		else
			cb_diags_add(first->info->diags, CB_SEV_WARNING, CB_W_POSSIBLE_DUPLICATE, NULL,
			             NULL, 0, "possibly a duplicate of %s (case %s) and %zu other%s: the "
			                      "same school and title", second->path, second->info->id,
			             g->count - 2, g->count == 3 ? "" : "s");
		first->status = CB_STATUS_WARNING;
	}
	ok = true;
out:
	cbi_arena_free(a);
	return ok;
}
