/* Sections of a submission: background, goals, activities, outcomes, reflections, found by the
 * profile's heading patterns under any numbering style. Internal. */
#ifndef CB_SECTIONS_H
#define CB_SECTIONS_H

#include "blocks.h"
#include "profile.h"

typedef struct cbi_section {
	const char *kind; /* a kind of the profile, or "other"; static or the profile's */
	char *heading;    /* normalised, without its numbering; NULL for what precedes any heading */
	size_t heading_block; /* the block holding the heading; (size_t)-1 for none */
	size_t first, end;    /* the section's blocks after its heading: [first, end) */
} cbi_section;

typedef struct cbi_outline {
	cbi_section *items;
	size_t count;
} cbi_outline;

/* Splits the blocks into sections. The first section is the preamble (kind "other", no heading;
 * possibly empty). False when out of memory. */
bool cbi_outline_find(const cb_profile *p, const cbi_blocks *blocks, cbi_outline *out);
void cbi_outline_free(cbi_outline *o);
/* The section holding block i (an index into items). */
size_t cbi_outline_section_of(const cbi_outline *o, size_t block);
/* Whether a section is one of the profile's kinds (not the preamble nor an "other" one). */
bool cbi_section_is_known(const cbi_section *s);

/* The length of the numbering or bullet at the start of text (full normalisation) with the space
 * after it, and its rank in the official order (1 for Ⅰ. ... 9 for ①, 10 for a bullet; 0 and a
 * length of 0 when there is none). Headings in brackets ([추진 배경], 【성과】) count as rank 3. */
size_t cbi_marker_length(const char *text, int *rank);
/* The profile's section kind for a heading's text (without its numbering), or NULL. */
const char *cbi_section_kind(const cb_profile *p, const char *heading);

#endif
