/* Profiles: parsed with libxml2, validated against data/profile.rng, then compiled. Every error
 * names the profile and the line, whether libxml2 found it (malformed XML, a schema violation) or
 * we did (a pattern that does not compile or backtracks catastrophically), so that an office
 * editing its profile is told where to look. */
#include "config.h"

#include "profile.h"

#include "context.h"
#include "strbuf.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CB_PKGDATADIR
#define CB_PKGDATADIR "/usr/local/share/casebook"
#endif

#if LIBXML_VERSION >= 21200
typedef const xmlError *profile_error_ptr;
#else
typedef xmlErrorPtr profile_error_ptr;
#endif

#define NS "urn:casebook:profile:1"

/* Labels may be preceded by a bullet or a number (□ 학교명, 1. 사업명) and followed by a unit in
 * parentheses (예산(원), 대상(인원)). */
#define MARKER "(?:[□■○●◦•·※▶▷◆◇*-]|\\d{1,2}[.)]|[가-하][.)]|\\((?:\\d{1,2}|[가-하])\\)" \
	"|[①-⑳]|[Ⅰ-Ⅻ]\\.)?\\s*"
#define UNIT "\\s*(?:\\([^()]{0,20}\\))?\\s*"

static const char *const field_names[CBI_F_COUNT] = {
	[CBI_F_SCHOOL] = "school",     [CBI_F_OFFICER] = "officer", [CBI_F_TITLE] = "title",
	[CBI_F_AREA] = "area",         [CBI_F_TARGET] = "target",   [CBI_F_PERIOD] = "period",
	[CBI_F_PLACE] = "place",       [CBI_F_BUDGET] = "budget",   [CBI_F_PARTNERS] = "partners",
	[CBI_F_AUTHOR] = "author",     [CBI_F_PARTICIPANTS] = "participants",
};

/* The one value type each field has (profile.rng lists them). */
static const char *const field_types[CBI_F_COUNT] = {
	[CBI_F_SCHOOL] = "school",  [CBI_F_OFFICER] = "officer",   [CBI_F_TITLE] = "text",
	[CBI_F_AREA] = "area",      [CBI_F_TARGET] = "headcount",  [CBI_F_PERIOD] = "daterange",
	[CBI_F_PLACE] = "text",     [CBI_F_BUDGET] = "money",      [CBI_F_PARTNERS] = "text",
	[CBI_F_AUTHOR] = "person",  [CBI_F_PARTICIPANTS] = "headcount",
};

static const char *const pkind_names[CBI_P_COUNT] = {
	[CBI_P_STUDENT] = "student_name", [CBI_P_GUARDIAN] = "guardian_name",
	[CBI_P_AUTHOR] = "author_name",   [CBI_P_PHONE] = "phone",
	[CBI_P_EMAIL] = "email",          [CBI_P_RRN] = "rrn",
	[CBI_P_ADDRESS] = "address",
};

const char *cbi_field_name(cbi_field f)
{
	return (unsigned)f < CBI_F_COUNT ? field_names[f] : "unknown";
}

const char *cbi_pkind_name(cbi_pkind k)
{
	return (unsigned)k < CBI_P_COUNT ? pkind_names[k] : "unknown";
}

const char *cb_redaction_kind(size_t i)
{
	return i < CBI_P_COUNT ? pkind_names[i] : NULL;
}

const char *cb_data_dir(void)
{
	const char *dir = getenv("CASEBOOK_DATA_DIR");
	return dir && *dir ? dir : CB_PKGDATADIR;
}

char *cbi_data_file(const char *name)
{
	char *path;
	return asprintf(&path, "%s/%s", cb_data_dir(), name) < 0 ? NULL : path;
}

/* --- loading ------------------------------------------------------------------------------ */

typedef struct loader {
	cb_profile *p;
	cb_diags *diags;
	const char *path;
	bool failed;
	/* RelaxNG also reports a summary of each violation without a line ("Element field failed to
	 * validate attributes"); those are held back and shown only when no error had a line. */
	cbi_buf unlocated;
} loader;

static void report(loader *l, unsigned long line, const char *fmt, ...) CB_PRINTF(3, 4);
static void report(loader *l, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(l->diags, CB_SEV_ERROR, CB_E_PROFILE, l->path, NULL, line, fmt, ap);
	va_end(ap);
	l->failed = true;
}

/* libxml2's parser and RelaxNG errors, with their lines, as our diagnostics. */
static void on_xml_error(void *data, profile_error_ptr err)
{
	loader *l = data;
	if (!err || err->level == XML_ERR_WARNING)
		return;
	char msg[512];
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "XML error");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	unsigned long line = err->line > 0 ? (unsigned long)err->line : 0;
	if (!line && err->node)
		line = (unsigned long)xmlGetLineNo((xmlNodePtr)err->node);
	bool schema = err->domain == XML_FROM_RELAXNGV;
	if (schema && !line) {
		cbi_buf_printf(&l->unlocated, "%s%s", l->unlocated.len ? "; " : "", msg);
		return;
	}
	report(l, line, "%s%s", schema ? "does not follow the profile schema: " : "", msg);
}

/* The line of a document type declaration before the root element, or 0 when there is none.
 * Comments and processing instructions before the root are stepped over. */
static unsigned long doctype_line(const char *s, size_t n)
{
	unsigned long line = 1;
	for (size_t i = 0; i < n;) {
		if (s[i] == '\n')
			line++;
		if (s[i] != '<') {
			i++;
			continue;
		}
		const char *close = NULL;
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
			close = "-->";
		else if (n - i >= 2 && s[i + 1] == '?')
			close = "?>";
		else if (n - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0)
			return line;
		else
			return 0; /* the root element */
		const char *end = memmem(s + i, n - i, close, strlen(close));
		if (!end)
			return 0;
		for (const char *c = s + i; c < end; c++)
			line += *c == '\n';
		i = (size_t)(end - s) + strlen(close);
	}
	return 0;
}

static xmlDocPtr parse(loader *l)
{
	/* A profile needs no document type declaration, and entities (never loaded from outside,
	 * but expanded in place: a billion laughs) have no business in one. It is refused before
	 * libxml2 sees it, as in submissions. */
	FILE *f = fopen(l->path, "rb");
	if (!f) {
		report(l, 0, "cannot read the profile: %s", strerror(errno));
		return NULL;
	}
	cbi_buf text = CBI_BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len <= INT_MAX)
		cbi_buf_add(&text, chunk, got);
	bool failed = ferror(f) || text.failed || text.len > INT_MAX;
	fclose(f);
	if (failed) {
		report(l, 0, "cannot read the profile%s",
		       text.len > INT_MAX ? ": larger than 2 GiB" : text.failed ? ": out of memory" : "");
		cbi_buf_free(&text);
		return NULL;
	}
	unsigned long line = doctype_line(text.data ? text.data : "", text.len);
	if (line) {
		report(l, line, "document type declarations (DTDs) are not accepted in a profile");
		cbi_buf_free(&text);
		return NULL;
	}
	/* The parser reports through the thread's structured handler; put the caller's back after. */
	xmlStructuredErrorFunc saved = xmlStructuredError;
	void *saved_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(l, (xmlStructuredErrorFunc)on_xml_error);
	xmlDocPtr doc = xmlReadMemory(text.data ? text.data : "", (int)text.len, l->path, NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(saved_ctx, saved);
	cbi_buf_free(&text);
	if (!doc && !l->failed)
		report(l, 0, "cannot read the profile");
	return doc;
}

static bool validate(loader *l, xmlDocPtr doc)
{
	char *schema_path = cbi_data_file("profile.rng");
	if (!schema_path) {
		report(l, 0, "out of memory");
		return false;
	}
	xmlRelaxNGParserCtxtPtr pctx = xmlRelaxNGNewParserCtxt(schema_path);
	xmlRelaxNGPtr schema = NULL;
	if (pctx) {
		/* Errors in the schema itself are the installation's, not the profile's: say which. */
		loader schema_loader = {l->p, l->diags, schema_path, false, CBI_BUF_INIT};
		xmlRelaxNGSetParserStructuredErrors(pctx, (xmlStructuredErrorFunc)on_xml_error,
		                                    &schema_loader);
		schema = xmlRelaxNGParse(pctx);
		xmlRelaxNGFreeParserCtxt(pctx);
		cbi_buf_free(&schema_loader.unlocated);
	}
	bool ok = false;
	if (!schema) {
		report(l, 0, "cannot load the profile schema %s (set CASEBOOK_DATA_DIR?)", schema_path);
	} else {
		xmlRelaxNGValidCtxtPtr vctx = xmlRelaxNGNewValidCtxt(schema);
		if (vctx) {
			xmlRelaxNGSetValidStructuredErrors(vctx, (xmlStructuredErrorFunc)on_xml_error, l);
			ok = xmlRelaxNGValidateDoc(vctx, doc) == 0;
			xmlRelaxNGFreeValidCtxt(vctx);
		}
		if (!ok && !l->failed)
			report(l, 0, "does not follow the profile schema%s%s",
			       l->unlocated.len ? ": " : "", l->unlocated.len ? l->unlocated.data : "");
		xmlRelaxNGFree(schema);
	}
	free(schema_path);
	return ok;
}

/* --- reading the validated tree ------------------------------------------------------------ */

static bool is_element(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, NS) == 0 &&
	       (!name || strcmp((const char *)n->name, name) == 0);
}

/* The next element sibling (of any name) from n on, n included. */
static xmlNodePtr element_from(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

#define FOR_CHILDREN(child, parent, name)                                                     \
	for (xmlNodePtr child = element_from((parent)->children); child;                       \
	     child = element_from(child->next))                                                \
		if (is_element(child, name))

/* The element's text without surrounding white space. Caller frees. */
static char *text_of(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	if (!c)
		return NULL;
	const char *s = (const char *)c, *e = s + strlen(s);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	char *t = cbi_strndup(s, (size_t)(e - s));
	xmlFree(c);
	return t;
}

static char *attr_of(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

static unsigned long line_of(xmlNodePtr n)
{
	long line = xmlGetLineNo(n);
	return line > 0 ? (unsigned long)line : 0;
}

/* Compiles expr, which embeds the pattern written at node (checked for catastrophic
 * backtracking when check is set). Errors name the written pattern. */
static cbi_regex *compile_at(loader *l, xmlNodePtr node, const char *written, const char *expr,
                             bool check)
{
	char err[256];
	size_t off = 0;
	cbi_regex *re = cbi_regex_new(written, false, err, sizeof err, &off);
	if (!re) {
		report(l, line_of(node), "pattern '%s' does not compile: %s at offset %zu", written, err,
		       off);
		return NULL;
	}
	cbi_regex_set_origin(re, written, line_of(node));
	if (check && cbi_regex_is_catastrophic(re, written)) {
		report(l, line_of(node),
		       "pattern '%s' backtracks catastrophically: it reaches the match limit on a short "
		       "text (rewrite nested repetitions such as (a+)+)",
		       written);
		cbi_regex_free(re);
		return NULL;
	}
	if (expr == written)
		return re;
	cbi_regex_free(re);
	re = cbi_regex_new(expr, false, err, sizeof err, &off);
	if (!re)
		report(l, line_of(node), "pattern '%s' cannot be used here: %s", written, err);
	else
		cbi_regex_set_origin(re, written, line_of(node));
	return re;
}

static bool add_pattern(loader *l, cbi_patterns *ps, xmlNodePtr node, const char *written,
                        const char *expr, bool check)
{
	cbi_pattern *grown = realloc(ps->items, (ps->count + 1) * sizeof *grown);
	if (!grown) {
		report(l, line_of(node), "out of memory");
		return false;
	}
	ps->items = grown;
	cbi_regex *re = compile_at(l, node, written, expr, check);
	if (!re)
		return false;
	ps->items[ps->count++] = (cbi_pattern){re, line_of(node)};
	return true;
}

/* Every child element `name` of parent as a pattern. */
static void read_patterns(loader *l, xmlNodePtr parent, const char *name, cbi_patterns *ps)
{
	FOR_CHILDREN(c, parent, name) {
		char *t = text_of(c);
		if (t)
			add_pattern(l, ps, c, t, t, true);
		free(t);
	}
}

/* <area name="...">, <level name="...">, <section kind="...">: named pattern lists. */
static void read_named(loader *l, xmlNodePtr parent, const char *element, const char *attr,
                       const char *pattern_element, cbi_named **out, size_t *count)
{
	size_t n = 0;
	FOR_CHILDREN(c, parent, element)
		n++;
	*out = calloc(n ? n : 1, sizeof **out);
	if (!*out) {
		report(l, line_of(parent), "out of memory");
		return;
	}
	FOR_CHILDREN(c, parent, element) {
		cbi_named *named = &(*out)[(*count)++];
		named->name = attr_of(c, attr);
		read_patterns(l, c, pattern_element, &named->patterns);
	}
}

static void read_field(loader *l, xmlNodePtr node)
{
	char *name = attr_of(node, "name"), *type = attr_of(node, "type");
	char *required = attr_of(node, "required");
	int f = -1;
	for (int k = 0; k < CBI_F_COUNT && name; k++)
		if (strcmp(name, field_names[k]) == 0)
			f = k;
	if (f < 0 || !type) {
		report(l, line_of(node), "unknown field");
	} else if (strcmp(type, field_types[f]) != 0) {
		report(l, line_of(node), "field '%s' has the value type '%s', not '%s'", name,
		       field_types[f], type);
	} else if (l->p->fields[f].declared) {
		report(l, line_of(node), "field '%s' is declared twice", name);
	} else {
		l->p->fields[f].declared = true;
		l->p->fields[f].required =
			required && (strcmp(required, "true") == 0 || strcmp(required, "1") == 0);
		FOR_CHILDREN(c, node, "label") {
			char *t = text_of(c), *cell = NULL, *line = NULL;
			/* A line is "label: value", or "[label] value" with the label in brackets. */
			if (t && asprintf(&cell, "^" MARKER "(?:%s)" UNIT ":?\\s*$", t) >= 0 &&
			    asprintf(&line,
			             "^" MARKER "(?:(?:%s)" UNIT ":|[\\[【<〈]\\s*(?:%s)\\s*[\\]】>〉]"
			             "\\s*:?)\\s*(?<value>.*)$",
			             t, t) >= 0) {
				/* One check of what was written; the two uses embed it alike. */
				if (add_pattern(l, &l->p->fields[f].cell, c, t, cell, true))
					add_pattern(l, &l->p->fields[f].line, c, t, line, false);
			}
			free(cell);
			free(line);
			free(t);
		}
	}
	free(name);
	free(type);
	free(required);
}

/* {name} and {given} in a context become the named groups the redactor reads. */
static void read_name_rule(loader *l, xmlNodePtr node)
{
	char *kind = attr_of(node, "kind"), *t = text_of(node);
	const char *placeholder = NULL, *group = NULL;
	if (t && strstr(t, "{name}")) {
		placeholder = "{name}";
		group = "(?<name>[가-힣]{2,4})";
	} else if (t && strstr(t, "{given}")) {
		placeholder = "{given}";
		group = "(?<given>[가-힣]{2})";
	}
	if (!placeholder) {
		report(l, line_of(node), "a privacy context needs {name} or {given} in its pattern");
		goto out;
	}
	cbi_buf b = CBI_BUF_INIT;
	const char *at = strstr(t, placeholder);
	cbi_buf_add(&b, t, (size_t)(at - t));
	cbi_buf_puts(&b, group);
	cbi_buf_puts(&b, at + strlen(placeholder));
	char *expr = cbi_buf_steal(&b);
	cbi_name_rule *grown = expr ? realloc(l->p->names, (l->p->nnames + 1) * sizeof *grown) : NULL;
	if (!grown) {
		report(l, line_of(node), "out of memory");
		free(expr);
		goto out;
	}
	l->p->names = grown;
	cbi_regex *re = compile_at(l, node, expr, expr, true);
	free(expr);
	if (re) {
		bool given = strcmp(placeholder, "{given}") == 0;
		l->p->names[l->p->nnames++] = (cbi_name_rule){
			strcmp(kind, "guardian") == 0 ? CBI_P_GUARDIAN : CBI_P_STUDENT, re,
			cbi_regex_group(re, given ? "given" : "name"), given};
	}
out:
	free(kind);
	free(t);
}

static void read_removal(loader *l, xmlNodePtr node)
{
	char *kind = attr_of(node, "kind"), *t = text_of(node);
	cbi_removal *grown = realloc(l->p->removals, (l->p->nremovals + 1) * sizeof *grown);
	if (!grown || !kind || !t) {
		report(l, line_of(node), "out of memory");
		goto out;
	}
	l->p->removals = grown;
	cbi_regex *re = compile_at(l, node, t, t, true);
	if (re) {
		cbi_pkind k = strcmp(kind, "email") == 0 ? CBI_P_EMAIL
		              : strcmp(kind, "rrn") == 0 ? CBI_P_RRN
		              : strcmp(kind, "address") == 0 ? CBI_P_ADDRESS
		                                             : CBI_P_PHONE;
		l->p->removals[l->p->nremovals++] =
			(cbi_removal){k, re, attr_of(node, "replacement")};
	}
out:
	free(kind);
	free(t);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_not_names(loader *l, const char *words)
{
	cb_profile *p = l->p;
	for (const char *s = words; *s;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		size_t n = strcspn(s, " \t\n\r");
		if (!n)
			break;
		char **grown = realloc(p->not_names, (p->nnot_names + 1) * sizeof *grown);
		if (!grown || !(grown[p->nnot_names] = cbi_strndup(s, n))) {
			p->not_names = grown ? grown : p->not_names;
			report(l, 0, "out of memory");
			return;
		}
		p->not_names = grown;
		p->nnot_names++;
		s += n;
	}
	if (p->nnot_names)
		qsort(p->not_names, p->nnot_names, sizeof *p->not_names, compare_strings);
}

static void read_privacy(loader *l, xmlNodePtr node)
{
	char *mask_author = attr_of(node, "mask-author"), *mask = attr_of(node, "mask");
	l->p->mask_author = mask_author && (!strcmp(mask_author, "true") || !strcmp(mask_author, "1"));
	l->p->mask = mask ? mask : strdup("○");
	free(mask_author);
	FOR_CHILDREN(c, node, "context")
		read_name_rule(l, c);
	FOR_CHILDREN(c, node, "pattern")
		read_removal(l, c);
	FOR_CHILDREN(c, node, "not-names") {
		char *t = text_of(c);
		if (t)
			read_not_names(l, t);
		free(t);
	}
}

static void read_order(loader *l, xmlNodePtr node)
{
	static const char *const keys[] = {"area", "level", "school", "title"};
	FOR_CHILDREN(c, node, "key") {
		char *t = text_of(c);
		for (size_t k = 0; t && k < sizeof keys / sizeof *keys; k++)
			if (strcmp(t, keys[k]) == 0 && l->p->norder < 8)
				l->p->order[l->p->norder++] = (cbi_order_key)k;
		free(t);
	}
}

/* <limits max-input-bytes="64M" max-regex-steps="100000" .../>: the --limit options an office
 * wants for its submissions (the schema checks the names and the form of the values). */
static void read_limits(loader *l, xmlNodePtr node)
{
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		int which = cbi_limit_by_name(name, strlen(name));
		xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
		uint64_t value;
		if (which < 0 || !v || !cbi_limit_parse((const char *)v, &value)) {
			report(l, line_of(node), "limit %s=\"%s\": not a limit and a number", name,
			       v ? (const char *)v : "");
		} else {
			l->p->limits[which] = value;
			l->p->limit_given[which] = true;
		}
		xmlFree(v);
	}
}

static void read_profile(loader *l, xmlNodePtr root)
{
	cb_profile *p = l->p;
	p->name = attr_of(root, "name");
	FOR_CHILDREN(c, root, NULL) {
		const char *n = (const char *)c->name;
		if (strcmp(n, "title") == 0) {
			p->title = text_of(c);
		} else if (strcmp(n, "year") == 0) {
			char *t = text_of(c);
			p->year = t ? atoi(t) : 0;
			free(t);
		} else if (strcmp(n, "areas") == 0) {
			read_named(l, c, "area", "name", "variant", &p->areas, &p->nareas);
		} else if (strcmp(n, "fields") == 0) {
			FOR_CHILDREN(f, c, "field")
				read_field(l, f);
		} else if (strcmp(n, "officer") == 0) {
			read_patterns(l, c, "none", &p->officer_none);
			read_patterns(l, c, "assigned", &p->officer_assigned);
		} else if (strcmp(n, "levels") == 0) {
			read_named(l, c, "level", "name", "pattern", &p->levels, &p->nlevels);
		} else if (strcmp(n, "sections") == 0) {
			read_named(l, c, "section", "kind", "heading", &p->sections, &p->nsections);
		} else if (strcmp(n, "privacy") == 0) {
			read_privacy(l, c);
		} else if (strcmp(n, "order") == 0) {
			read_order(l, c);
		} else if (strcmp(n, "limits") == 0) {
			read_limits(l, c);
		}
	}
}

cb_profile *cb_profile_load(const char *path, cb_diags *diags)
{
	char *default_path = NULL;
	if (!path) {
		default_path = cbi_data_file("profile-default.xml");
		if (!default_path) {
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, NULL, NULL, 0, "out of memory");
			return NULL;
		}
		path = default_path;
	}
	cb_profile *p = calloc(1, sizeof *p);
	loader l = {p, diags, path, false, CBI_BUF_INIT};
	if (!p) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, path, NULL, 0, "out of memory");
		free(default_path);
		return NULL;
	}
	p->path = strdup(path);
	xmlDocPtr doc = parse(&l);
	if (doc && validate(&l, doc))
		read_profile(&l, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	cbi_buf_free(&l.unlocated);
	free(default_path);
	if (l.failed || !p->path || !p->name || !p->title || !p->mask) {
		if (!l.failed)
			report(&l, 0, "out of memory");
		cb_profile_free(p);
		return NULL;
	}
	return p;
}

static void free_patterns(cbi_patterns *ps)
{
	for (size_t i = 0; i < ps->count; i++)
		cbi_regex_free(ps->items[i].re);
	free(ps->items);
}

static void free_named(cbi_named *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++) {
		free(list[i].name);
		free_patterns(&list[i].patterns);
	}
	free(list);
}

void cb_profile_free(cb_profile *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->title);
	free(p->path);
	free_named(p->areas, p->nareas);
	for (int f = 0; f < CBI_F_COUNT; f++) {
		free_patterns(&p->fields[f].cell);
		free_patterns(&p->fields[f].line);
	}
	free_patterns(&p->officer_none);
	free_patterns(&p->officer_assigned);
	free_named(p->levels, p->nlevels);
	free_named(p->sections, p->nsections);
	free(p->mask);
	for (size_t i = 0; i < p->nnames; i++)
		cbi_regex_free(p->names[i].re);
	free(p->names);
	for (size_t i = 0; i < p->nremovals; i++) {
		cbi_regex_free(p->removals[i].re);
		free(p->removals[i].replacement);
	}
	free(p->removals);
	for (size_t i = 0; i < p->nnot_names; i++)
		free(p->not_names[i]);
	free(p->not_names);
	free(p);
}

/* Every pattern of the profile. */
static void set_regex_limits(cb_profile *p, uint64_t steps, uint64_t depth)
{
	cbi_patterns *lists[2 * CBI_F_COUNT + 2];
	size_t n = 0;
	for (int f = 0; f < CBI_F_COUNT; f++) {
		lists[n++] = &p->fields[f].cell;
		lists[n++] = &p->fields[f].line;
	}
	lists[n++] = &p->officer_none;
	lists[n++] = &p->officer_assigned;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < lists[i]->count; k++)
			cbi_regex_set_limits(lists[i]->items[k].re, steps, depth);
	const struct {
		cbi_named *v;
		size_t n;
	} named[] = {{p->areas, p->nareas}, {p->levels, p->nlevels}, {p->sections, p->nsections}};
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		for (size_t k = 0; k < named[i].n; k++)
			for (size_t m = 0; m < named[i].v[k].patterns.count; m++)
				cbi_regex_set_limits(named[i].v[k].patterns.items[m].re, steps, depth);
	for (size_t i = 0; i < p->nnames; i++)
		cbi_regex_set_limits(p->names[i].re, steps, depth);
	for (size_t i = 0; i < p->nremovals; i++)
		cbi_regex_set_limits(p->removals[i].re, steps, depth);
}

void cb_profile_apply_limits(cb_profile *p, cb_context *ctx)
{
	for (int i = 0; i < CB_LIMIT_COUNT_; i++)
		if (p->limit_given[i] && !ctx->limit_set[i])
			ctx->limits[i] = p->limits[i];
	set_regex_limits(p, ctx->limits[CB_LIMIT_REGEX_STEPS], ctx->limits[CB_LIMIT_REGEX_DEPTH]);
}

const char *cb_profile_name(const cb_profile *p) { return p->name; }
const char *cb_profile_title(const cb_profile *p) { return p->title; }

int cbi_patterns_find(const cbi_patterns *ps, const char *text, size_t *start, size_t *end)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < ps->count; i++) {
		cbi_match m;
		if (cbi_regex_find(ps->items[i].re, text, len, 0, &m) == 1) {
			if (start)
				*start = m.start;
			if (end)
				*end = m.end;
			return (int)i;
		}
	}
	return -1;
}

bool cbi_profile_not_name(const cb_profile *p, const char *word, size_t len)
{
	char buf[64];
	if (len >= sizeof buf || !p->nnot_names)
		return false;
	memcpy(buf, word, len);
	buf[len] = '\0';
	const char *key = buf;
	return bsearch(&key, p->not_names, p->nnot_names, sizeof *p->not_names, compare_strings);
}
