/* styles.xml: which paragraph styles are headings (and the title), which character styles carry
 * emphasis, and which paragraph styles number their paragraphs.
 *
 * A heading is known by its outline level (w:outlineLvl, 0 for level 1, 9 for body text) or,
 * when a style has none, by its name: Word writes the built-in English name ("heading 1") in any
 * UI language, but documents that went through other software carry localised names ("제목 1",
 * "Überschrift 1"). Both are inherited through w:basedOn. The part is small, so it is read
 * whole into a sorted table: by the scanner of stylescan.c when it can, else by libxml2. */
#include "config.h"

#include "docx.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* basedOn chains are short; a longer one is a loop. */
#define MAX_CHAIN 32

/* Heading style names as they appear in documents: "<word> N" or "<word>N". */
static const char *const heading_words[] = {
	"heading", "제목", "Überschrift", "überschrift", "titre", "titolo", "título", "titulo",
	"kop", "nagłówek", "заголовок", "見出し", "标题", "標題", "rubrik", "otsikko",
	"overskrift", "başlık", "nadpis", "címsor",
};
static const char *const title_names[] = {
	"title", "제목", "titel", "titre", "titolo", "título", "titulo", "название", "表題",
	"标题", "標題", "tytuł", "otsikko", "tittel", "titul",
};
static const char *const subtitle_names[] = {
	"subtitle", "부제", "부제목", "untertitel", "sous-titre", "sottotitolo", "subtítulo",
	"subtitulo", "副題", "副标题",
};

/* Whether two names can be equal ignoring ASCII case, by their first bytes (as strcasecmp folds
 * them): every style of a part is checked against every word below, and nearly all differ at
 * once, so this spares most of the calls. */
static bool same_first(const char *a, const char *b)
{
	unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
	if (x >= 'A' && x <= 'Z')
		x = (unsigned char)(x + 'a' - 'A');
	if (y >= 'A' && y <= 'Z')
		y = (unsigned char)(y + 'a' - 'A');
	return x == y;
}

int dx_heading_name_level(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < sizeof heading_words / sizeof *heading_words; i++) {
		size_t n = strlen(heading_words[i]);
		if (!same_first(name, heading_words[i]) || strncasecmp(name, heading_words[i], n) != 0)
			continue;
		const char *s = name + n;
		if (*s == ' ')
			s++;
		if (*s >= '1' && *s <= '9' && s[1] == '\0')
			return *s - '0';
	}
	return 0;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; name && i < n; i++)
		if (same_first(name, list[i]) && strcasecmp(name, list[i]) == 0)
			return true;
	return false;
}

bool dx_title_name(const char *name)
{
	return in_list(name, title_names, sizeof title_names / sizeof *title_names);
}

bool dx_subtitle_name(const char *name)
{
	return in_list(name, subtitle_names, sizeof subtitle_names / sizeof *subtitle_names);
}

unsigned dx_run_property(cb_xml *x, unsigned *set)
{
	const char *local = dx_local(x);
	unsigned mask = 0;
	bool on = true;
	char v[32] = "";
	if (strcmp(local, "b") == 0)
		mask = CB_MARK_BOLD, on = dx_on(x);
	else if (strcmp(local, "i") == 0)
		mask = CB_MARK_ITALIC, on = dx_on(x);
	else if (strcmp(local, "u") == 0)
		mask = CB_MARK_UNDERLINE, on = dx_on(x);
	else if (strcmp(local, "strike") == 0 || strcmp(local, "dstrike") == 0)
		mask = CB_MARK_STRIKE, on = dx_on(x);
	else if (strcmp(local, "vertAlign") == 0) {
		dx_attr_buf(x, DX_NS_W, "val", v, sizeof v);
		mask = CB_MARK_SUPERSCRIPT | CB_MARK_SUBSCRIPT;
		*set = strcmp(v, "superscript") == 0 ? CB_MARK_SUPERSCRIPT
		       : strcmp(v, "subscript") == 0 ? CB_MARK_SUBSCRIPT
		                                     : 0;
		return mask;
	}
	*set = on ? mask : 0;
	return mask;
}

static void style_free(dx_style *st)
{
	free(st->id);
	free(st->based_on);
	free(st->name);
}

void dx_styles_free(dx_styles *s)
{
	for (size_t i = 0; i < s->n; i++)
		style_free(&s->v[i]);
	free(s->v);
	free(s->language);
	*s = (dx_styles){0};
}

static int read_num_pr(cb_xml *x, dx_style *st)
{
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		char v[32];
		if (dx_node_ns(x) != DX_NS_W || !dx_attr_buf(x, DX_NS_W, "val", v, sizeof v))
			continue;
		if (strcmp(dx_local(x), "numId") == 0)
			st->num_id = strtol(v, NULL, 10);
		else if (strcmp(dx_local(x), "ilvl") == 0)
			st->num_level = (int)strtol(v, NULL, 10);
	}
	return rc;
}

static int read_ppr(cb_xml *x, dx_style *st)
{
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		if (dx_node_ns(x) != DX_NS_W)
			rc = dx_skip(x);
		else if (strcmp(dx_local(x), "outlineLvl") == 0) {
			char v[16];
			if (dx_attr_buf(x, DX_NS_W, "val", v, sizeof v)) {
				long lvl = strtol(v, NULL, 10);
				st->outline = lvl >= 0 && lvl <= 9 ? (int)lvl : 9;
			}
		} else if (strcmp(dx_local(x), "numPr") == 0)
			rc = read_num_pr(x, st);
		else
			rc = dx_skip(x);
		if (rc < 0)
			return rc;
	}
	return rc;
}

static int read_rpr(cb_xml *x, dx_style *st)
{
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		unsigned set = 0, mask = dx_node_ns(x) == DX_NS_W ? dx_run_property(x, &set) : 0;
		st->marks_on = (st->marks_on & ~mask) | set;
		st->marks_off = (st->marks_off & ~mask) | (mask & ~set);
		if ((rc = dx_skip(x)) < 0)
			return rc;
	}
	return rc;
}

static int read_style(cb_xml *x, dx_style *st)
{
	char type[32] = "paragraph", def[16] = "";
	dx_attr_buf(x, DX_NS_W, "type", type, sizeof type);
	dx_attr_buf(x, DX_NS_W, "default", def, sizeof def);
	*st = (dx_style){.id = dx_attr(x, DX_NS_W, "styleId"), .outline = -1, .num_id = -1,
	                 .num_level = -1};
	st->paragraph = strcmp(type, "paragraph") == 0;
	st->is_default = strcmp(def, "1") == 0 || strcmp(def, "true") == 0 ||
	                 strcmp(def, "on") == 0;
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		const char *local = dx_local(x);
		if (dx_node_ns(x) != DX_NS_W)
			rc = dx_skip(x);
		else if (strcmp(local, "name") == 0 && !st->name)
			st->name = dx_attr(x, DX_NS_W, "val");
		else if (strcmp(local, "basedOn") == 0 && !st->based_on)
			st->based_on = dx_attr(x, DX_NS_W, "val");
		else if (strcmp(local, "pPr") == 0)
			rc = read_ppr(x, st);
		else if (strcmp(local, "rPr") == 0)
			rc = read_rpr(x, st);
		else
			rc = dx_skip(x);
		if (rc < 0)
			break;
	}
	const char *name = st->name ? st->name : st->id;
	st->name_level = dx_heading_name_level(name);
	st->title = dx_title_name(name);
	st->subtitle = dx_subtitle_name(name);
	return rc;
}

/* docDefaults: only the default language is of interest. */
static int read_defaults(cb_xml *x, dx_styles *s)
{
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1)
		if (dx_node_ns(x) == DX_NS_W && strcmp(dx_local(x), "lang") == 0 && !s->language)
			s->language = dx_attr(x, DX_NS_W, "val");
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const dx_style *x = a, *y = b;
	return strcmp(x->id, y->id);
}

/* --- w:latentStyles ------------------------------------------------------------------------ */

/* Word writes into every styles.xml a w:latentStyles list, some 370 empty lsdException elements
 * telling its user interface which built-in styles to offer: nearly half of the part, and of the
 * time spent reading a small document, for nothing this reader uses. The part is small and read
 * whole, so when that element has exactly this shape it is blanked out (line breaks kept, so
 * messages keep their line numbers) before parsing; anything else about it, and the part is
 * parsed as it is. */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* Past the attributes of a tag, at its '>' (or at "/>"); NULL at the end of the text. A quote
 * opens a value that may hold '>' itself; the searches jump from one to the next. */
static const char *tag_end(const char *p, const char *end)
{
	for (;;) {
		const char *gt = memchr(p, '>', (size_t)(end - p));
		if (!gt)
			return NULL;
		const char *q1 = memchr(p, '"', (size_t)(gt - p)), *q2 = memchr(p, '\'', (size_t)(gt - p));
		const char *q = q1 && (!q2 || q1 < q2) ? q1 : q2;
		if (!q)
			return gt > p && gt[-1] == '/' ? gt - 1 : gt;
		const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
		if (!close)
			return NULL;
		p = close + 1;
	}
}

/* Whether p starts "<" prefix local followed by white space, '/' or '>'. */
static bool starts_tag(const char *p, const char *end, const char *prefix, size_t plen,
                       const char *local)
{
	size_t llen = strlen(local), need = 1 + plen + llen + 1;
	if ((size_t)(end - p) < need || p[0] != '<' || memcmp(p + 1, prefix, plen) != 0 ||
	    memcmp(p + 1 + plen, local, llen) != 0)
		return false;
	char c = p[1 + plen + llen];
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>';
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* The end of the latentStyles element starting at p (prefix "w:" or ""), or NULL when it is not
 * exactly a list of empty lsdException elements. */
static const char *latent_end(const char *p, const char *end, const char *prefix, size_t plen)
{
	const char *q = tag_end(p, end);
	if (!q)
		return NULL;
	if (*q == '/')
		return q + 2;
	for (p = q + 1;;) {
		p = skip_space(p, end);
		if (end - p >= 2 && p[0] == '<' && p[1] == '/') {
			if ((size_t)(end - p) < 2 + plen + 12 || memcmp(p + 2, prefix, plen) != 0 ||
			    memcmp(p + 2 + plen, "latentStyles", 12) != 0)
				return NULL;
			p = skip_space(p + 2 + plen + 12, end);
			return p < end && *p == '>' ? p + 1 : NULL;
		}
		if (!starts_tag(p, end, prefix, plen, "lsdException"))
			return NULL;
		if (!(q = tag_end(p, end)) || *q != '/')
			return NULL;
		p = q + 2;
	}
}

bool dx_latent_styles_span(const char *text, size_t len, const char **start, const char **stop)
{
	const char *end = text + len;
	const char *at = memmem(text, len, "latentStyles", 12);
	if (!at)
		return false;
	/* Back over an optional "prefix:" to the '<' of the tag. */
	const char *lt = at;
	if (lt > text && lt[-1] == ':') {
		lt--;
		while (lt > text && name_char(lt[-1]))
			lt--;
	}
	if (lt == text || lt[-1] != '<')
		return false;
	lt--;
	const char *prefix = lt + 1;
	size_t plen = (size_t)(at - prefix);
	if (!starts_tag(lt, end, prefix, plen, "latentStyles"))
		return false;
	const char *q = latent_end(lt, end, prefix, plen);
	if (!q)
		return false;
	*start = lt;
	*stop = q;
	return true;
}

static void blank_latent_styles(char *text, size_t len)
{
	const char *start, *stop;
	if (!dx_latent_styles_span(text, len, &start, &stop))
		return;
	for (char *c = text + (start - text); c < stop; c++)
		if (*c != '\n')
			*c = ' ';
}

/* Sorts the styles for dx_style_find and finds the default paragraph style. */
static int styles_index(dx_styles *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, by_id);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].paragraph && s->v[i].is_default && !s->default_para)
			s->default_para = &s->v[i];
	return 0;
}

int dx_styles_load(dx_reader *r, const char *part)
{
	dx_styles *s = &r->styles;
	size_t len;
	char *text = (char *)cb_zip_read(r->z, part, &len);
	if (!text)
		return dx_fail(r, CB_E_INVALID);
	/* Most parts are read by the fast scanner (stylescan.c); what it declines goes to libxml2.
	 * CASEBOOK_DOCX_SLOW_STYLES=1 sends every part there, to compare the two. */
	const char *slow = getenv("CASEBOOK_DOCX_SLOW_STYLES");
	int scanned = slow && *slow == '1' ? 0 : dx_styles_scan(r, text, len);
	if (scanned != 0) {
		free(text);
		return scanned < 0 ? dx_fail(r, CB_E_NOMEM) : styles_index(s);
	}
	blank_latent_styles(text, len);
	cb_xml *x = cb_xml_open_memory(r->in, part, text, len);
	if (!x) {
		free(text);
		return dx_fail(r, CB_E_SYNTAX);
	}
	size_t cap = 0;
	int rc;
	while ((rc = cb_xml_next(x)) == 1) {
		if (cb_xml_type(x) != CB_XML_START ||
		    dx_node_ns(x) != DX_NS_W)
			continue;
		const char *local = dx_local(x);
		if (strcmp(local, "docDefaults") == 0) {
			if ((rc = read_defaults(x, s)) < 0)
				break;
			continue;
		}
		if (strcmp(local, "style") != 0)
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			dx_style *grown = realloc(s->v, cap * sizeof *grown);
			if (!grown) {
				cb_xml_report(x, CB_SEV_ERROR, CB_E_NOMEM, "out of memory");
				cb_xml_close(x);
				free(text);
				return dx_fail(r, CB_E_NOMEM);
			}
			s->v = grown;
		}
		dx_style *st = &s->v[s->n];
		rc = read_style(x, st);
		if (st->id)
			s->n++;
		else
			style_free(st);
		if (rc < 0)
			break;
	}
	cb_xml_close(x);
	free(text);
	if (rc < 0)
		return dx_fail(r, CB_E_SYNTAX);
	return styles_index(s);
}

const dx_style *dx_style_find(const dx_styles *s, const char *id)
{
	if (!id || !s->n)
		return NULL;
	dx_style key = {.id = (char *)id};
	const dx_style *found = bsearch(&key, s->v, s->n, sizeof *s->v, by_id);
	/* qsort keeps duplicates next to each other: the first definition wins, as in Word. */
	while (found && found > s->v && strcmp(found[-1].id, id) == 0)
		found--;
	return found;
}

static const dx_style *parent(const dx_styles *s, const dx_style *st)
{
	return st->based_on ? dx_style_find(s, st->based_on) : NULL;
}

int dx_style_heading(const dx_styles *s, const dx_style *st)
{
	for (int i = 0; st && i < MAX_CHAIN; i++, st = parent(s, st)) {
		if (st->outline >= 0)
			return st->outline < 9 ? st->outline + 1 : 0;
		if (st->name_level)
			return st->name_level;
	}
	return 0;
}

bool dx_style_title(const dx_styles *s, const dx_style *st, bool subtitle)
{
	for (int i = 0; st && i < MAX_CHAIN; i++, st = parent(s, st))
		if (subtitle ? st->subtitle : st->title)
			return true;
	return false;
}

unsigned dx_style_marks(const dx_styles *s, const dx_style *st, unsigned marks)
{
	const dx_style *chain[MAX_CHAIN];
	int n = 0;
	for (; st && n < MAX_CHAIN; st = parent(s, st))
		chain[n++] = st;
	while (n-- > 0)
		marks = (marks | chain[n]->marks_on) & ~chain[n]->marks_off;
	return marks;
}

void dx_style_numbering(const dx_styles *s, const dx_style *st, long *num_id, int *level)
{
	*num_id = 0;
	*level = -1;
	for (int i = 0; st && i < MAX_CHAIN; i++, st = parent(s, st)) {
		if (*level < 0 && st->num_level >= 0)
			*level = st->num_level;
		if (st->num_id >= 0) {
			*num_id = st->num_id;
			break;
		}
	}
	if (*level < 0)
		*level = 0;
}
