/* The Open Packaging Conventions side of DOCX: part names, relationships, content types.
 *
 * A Word document is a set of parts tied together by relationships, not by fixed paths: the
 * package's _rels/.rels names the main document part, whose own .rels names its styles,
 * numbering, notes, images and link targets. Part names are case-insensitive URIs, so a target
 * is resolved against its source's directory, normalised and percent-decoded, and looked up in
 * the ZIP exactly first and then without regard to case. */
#include "config.h"

#include "docx.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *dx_rels_name(const char *part)
{
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
	const char *base = part + dir;
	size_t n = dir + strlen("_rels/") + strlen(base) + strlen(".rels") + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%.*s_rels/%s.rels", (int)dir, part, base);
	return s;
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends the segment s[0..len) to out (of used bytes), applying "." and "..". */
static size_t push_segment(char *out, size_t used, const char *s, size_t len)
{
	if (len == 0 || (len == 1 && s[0] == '.'))
		return used;
	if (len == 2 && s[0] == '.' && s[1] == '.') {
		while (used > 0 && out[used - 1] != '/')
			used--;
		return used > 0 ? used - 1 : 0;
	}
	if (used > 0)
		out[used++] = '/';
	for (size_t i = 0; i < len; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < len && (h = hex((unsigned char)s[i + 1])) >= 0 &&
		    (l = hex((unsigned char)s[i + 2])) >= 0 && h + l > 0) {
			out[used++] = (char)(h * 16 + l);
			i += 2;
		} else
			out[used++] = s[i];
	}
	return used;
}

char *dx_resolve(const char *source, const char *target)
{
	size_t n = strlen(source) + strlen(target) + 2;
	char *joined = malloc(n), *out = malloc(n);
	if (!joined || !out) {
		free(joined);
		free(out);
		return NULL;
	}
	if (target[0] == '/')
		snprintf(joined, n, "%s", target);
	else {
		const char *slash = strrchr(source, '/');
		int dir = slash ? (int)(slash - source) : 0;
		snprintf(joined, n, "%.*s/%s", dir, source, target);
	}
	/* A fragment or query names a place inside the part, not a part. */
	joined[strcspn(joined, "#?")] = '\0';
	size_t used = 0;
	for (const char *s = joined; *s;) {
		size_t len = strcspn(s, "/");
		used = push_segment(out, used, s, len);
		s += len;
		if (*s == '/')
			s++;
	}
	out[used] = '\0';
	free(joined);
	return out;
}

/* The ZIP's own name for part, or NULL when the package has no such part. */
static const char *find_part(cb_zip *z, const char *part)
{
	if (!*part)
		return NULL;
	if (cb_zip_has(z, part)) {
		for (size_t i = 0; i < cb_zip_count(z); i++) {
			const char *name = cb_zip_name(z, i);
			if (name && strcmp(name, part) == 0)
				return name;
		}
	}
	for (size_t i = 0; i < cb_zip_count(z); i++) {
		const char *name = cb_zip_name(z, i);
		if (name && strcasecmp(name, part) == 0)
			return name;
	}
	return NULL;
}

void dx_rels_free(dx_rels *rels)
{
	for (size_t i = 0; i < rels->n; i++) {
		free(rels->v[i].id);
		free(rels->v[i].type);
		free(rels->v[i].target);
	}
	free(rels->v);
	free(rels->source);
	*rels = (dx_rels){0};
}

static int add_rel(dx_reader *r, cb_xml *x, dx_rels *rels)
{
	dx_rel rel = {
		.id = dx_attr(x, DX_NS_NONE, "Id"),
		.type = dx_attr(x, DX_NS_NONE, "Type"),
		.target = dx_attr(x, DX_NS_NONE, "Target"),
	};
	char mode[16] = "";
	dx_attr_buf(x, DX_NS_NONE, "TargetMode", mode, sizeof mode);
	rel.external = strcasecmp(mode, "External") == 0;
	if (!rel.id || !rel.type || !rel.target) {
		dx_warn(r, cb_xml_part(x), cb_xml_line(x),
		        "a relationship without Id, Type or Target was ignored");
		free(rel.id);
		free(rel.type);
		free(rel.target);
		return 0;
	}
	dx_rel *grown = realloc(rels->v, (rels->n + 1) * sizeof *grown);
	if (!grown) {
		free(rel.id);
		free(rel.type);
		free(rel.target);
		cb_xml_report(x, CB_SEV_ERROR, CB_E_NOMEM, "out of memory");
		return dx_fail(r, CB_E_NOMEM);
	}
	rels->v = grown;
	rels->v[rels->n++] = rel;
	return 0;
}

int dx_rels_load(dx_reader *r, const char *part, dx_rels *out)
{
	*out = (dx_rels){.source = strdup(part)};
	char *name = dx_rels_name(part);
	if (!out->source || !name) {
		free(name);
		cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, part, 0, "out of memory");
		return dx_fail(r, CB_E_NOMEM);
	}
	const char *entry = find_part(r->z, name);
	free(name);
	if (!entry)
		return 0;
	cb_xml *x = cb_xml_open_zip_entry(r->z, entry);
	if (!x)
		return dx_fail(r, CB_E_SYNTAX);
	int rc;
	while ((rc = cb_xml_next(x)) == 1) {
		if (cb_xml_type(x) == CB_XML_START &&
		    dx_node_ns(x) == DX_NS_REL && strcmp(dx_local(x), "Relationship") == 0 &&
		    add_rel(r, x, out) < 0)
			break;
	}
	cb_xml_close(x);
	return rc < 0 ? dx_fail(r, CB_E_SYNTAX) : r->status == CB_OK ? 0 : -1;
}

const dx_rel *dx_rels_find(const dx_rels *rels, const char *id)
{
	for (size_t i = 0; id && i < rels->n; i++)
		if (strcmp(rels->v[i].id, id) == 0)
			return &rels->v[i];
	return NULL;
}

const dx_rel *dx_rels_by_type(const dx_rels *rels, const char *suffix)
{
	size_t n = strlen(suffix);
	for (size_t i = 0; i < rels->n; i++) {
		const char *t = rels->v[i].type;
		size_t len = strlen(t);
		if (len > n && t[len - n - 1] == '/' && strcmp(t + len - n, suffix) == 0)
			return &rels->v[i];
	}
	return NULL;
}

char *dx_rel_part(dx_reader *r, const dx_rels *rels, const dx_rel *rel)
{
	if (!rel || rel->external)
		return NULL;
	char *resolved = dx_resolve(rels->source, rel->target);
	if (!resolved)
		return NULL;
	const char *name = find_part(r->z, resolved);
	free(resolved);
	return name ? strdup(name) : NULL;
}

/* --- content types ----------------------------------------------------------------------- */

void dx_types_free(dx_types *t)
{
	for (size_t i = 0; i < t->ndefaults; i++) {
		free(t->defaults[i].key);
		free(t->defaults[i].type);
	}
	for (size_t i = 0; i < t->noverrides; i++) {
		free(t->overrides[i].key);
		free(t->overrides[i].type);
	}
	free(t->defaults);
	free(t->overrides);
	*t = (dx_types){0};
}

static int add_type(dx_type **v, size_t *n, char *key, char *type)
{
	dx_type *grown = key && type ? realloc(*v, (*n + 1) * sizeof *grown) : NULL;
	if (!grown) {
		free(key);
		free(type);
		return -1;
	}
	*v = grown;
	(*v)[(*n)++] = (dx_type){key, type};
	return 0;
}

int dx_types_need(dx_reader *r)
{
	if (r->types_loaded)
		return 0;
	r->types_loaded = true;
	const char *entry = find_part(r->z, "[Content_Types].xml");
	if (!entry) {
		dx_warn(r, NULL, 0,
		        "the package has no [Content_Types].xml; media types are guessed");
		return 0;
	}
	cb_xml *x = cb_xml_open_zip_entry(r->z, entry);
	if (!x)
		return dx_fail(r, CB_E_SYNTAX);
	int rc;
	while ((rc = cb_xml_next(x)) == 1) {
		if (cb_xml_type(x) != CB_XML_START ||
		    dx_node_ns(x) != DX_NS_CT)
			continue;
		const char *local = dx_local(x);
		int added = 0;
		if (strcmp(local, "Default") == 0) {
			char *ext = dx_attr(x, DX_NS_NONE, "Extension");
			for (char *c = ext; c && *c; c++)
				*c = (char)tolower((unsigned char)*c);
			added = add_type(&r->types.defaults, &r->types.ndefaults, ext,
			                 dx_attr(x, DX_NS_NONE, "ContentType"));
		} else if (strcmp(local, "Override") == 0) {
			char *name = dx_attr(x, DX_NS_NONE, "PartName");
			if (name && name[0] == '/')
				memmove(name, name + 1, strlen(name));
			added = add_type(&r->types.overrides, &r->types.noverrides, name,
			                 dx_attr(x, DX_NS_NONE, "ContentType"));
		}
		if (added < 0)
			dx_warn(r, entry, cb_xml_line(x), "a content type was ignored");
	}
	cb_xml_close(x);
	return rc < 0 ? dx_fail(r, CB_E_SYNTAX) : 0;
}

/* For images named by extension when the package does not say. */
static const struct {
	const char *ext, *type;
} known_types[] = {
	{"png", "image/png"},   {"jpg", "image/jpeg"},    {"jpeg", "image/jpeg"},
	{"gif", "image/gif"},   {"bmp", "image/bmp"},     {"tif", "image/tiff"},
	{"tiff", "image/tiff"}, {"svg", "image/svg+xml"}, {"emf", "image/x-emf"},
	{"wmf", "image/x-wmf"}, {"webp", "image/webp"},
};

const char *dx_types_of(const dx_types *t, const char *part)
{
	for (size_t i = 0; i < t->noverrides; i++)
		if (strcasecmp(t->overrides[i].key, part) == 0)
			return t->overrides[i].type;
	const char *dot = strrchr(part, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < t->ndefaults; i++)
		if (strcasecmp(t->defaults[i].key, dot + 1) == 0)
			return t->defaults[i].type;
	for (size_t i = 0; i < sizeof known_types / sizeof *known_types; i++)
		if (strcasecmp(known_types[i].ext, dot + 1) == 0)
			return known_types[i].type;
	return NULL;
}

const char *dx_types_find_part(const dx_types *t, const char *type)
{
	for (size_t i = 0; i < t->noverrides; i++)
		if (strcmp(t->overrides[i].type, type) == 0)
			return t->overrides[i].key;
	return NULL;
}
