/* Duplicates. Schools resend a submission after a correction, or send the same file as HWPX and
 * as a Word export. The same normalised content is a duplicate whatever the format or encoding
 * (the case's content hash); the same school and title with different content may be a revised
 * version, so both stay published with a warning for the office to decide. */
#include "config.h"

#include "build_private.h"

#include <stdlib.h>
#include <string.h>

/* School or title without spaces, for comparison ("함께 크는 마을" = "함께크는 마을"). */
static char *squeezed(const char *s)
{
	char *t = s ? malloc(strlen(s) + 1) : NULL;
	if (!t)
		return NULL;
	size_t n = 0;
	for (; *s; s++)
		if (*s != ' ')
			t[n++] = *s;
	t[n] = '\0';
	return t;
}

static bool same_text(const char *a, const char *b)
{
	char *x = squeezed(a), *y = squeezed(b);
	bool same = x && y && *x && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

void cbi_find_duplicates(cbi_inputs *in)
{
	for (size_t i = 0; i < in->count; i++) {
		cbi_input *a = &in->items[i];
		const cbi_caseinfo *ai = a->info;
		if (!ai)
			continue;
		for (size_t k = 0; k < i; k++) {
			cbi_input *first = &in->items[k];
			const cbi_caseinfo *fi = first->info;
			if (!fi || first->status == CB_STATUS_DUPLICATE)
				continue;
			if (strcmp(ai->content_hash, fi->content_hash) == 0) {
				a->status = CB_STATUS_DUPLICATE;
				a->dup_of = k;
				cb_diags_add(ai->diags, CB_SEV_WARNING, CB_W_DUPLICATE, NULL, NULL, 0,
				             "the same content as %s (case %s): not published twice",
				             first->path, fi->id);
				break;
			}
			if (same_text(ai->school, fi->school) && same_text(ai->title, fi->title)) {
				cb_diags_add(ai->diags, CB_SEV_WARNING, CB_W_POSSIBLE_DUPLICATE, NULL, NULL,
				             0, "possibly a duplicate of %s (case %s): the same school and "
				                "title", first->path, fi->id);
				cb_diags_add(fi->diags, CB_SEV_WARNING, CB_W_POSSIBLE_DUPLICATE, NULL,
				             NULL, 0, "possibly a duplicate of %s (case %s): the same school "
				                      "and title", a->path, ai->id);
				a->status = first->status = CB_STATUS_WARNING;
			}
		}
	}
}
