/* One submission becomes one case: sections, fields, values parsed by type, privacy, validation.
 * The case keeps its text normalised but unmasked, and masks at every way out (cb_case_get,
 * cb_case_to_json, the build's outputs), so that a build can mask each case again with what every
 * other case found. */
#include "config.h"

#include "case.h"

#include "normalise.h"
#include "strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys[CBI_KEY_COUNT] = {
	"id", "school", "school_level", "officer", "title", "area", "area_original", "target",
	"participants", "period.start", "period.end", "period.original", "place", "budget_krw",
	"partners", "author", "source.path", "source.format", "source.sha256"};

const char *cbi_officer_name(cbi_officer o)
{
	return o == CBI_OFFICER_ASSIGNED ? "assigned" : o == CBI_OFFICER_NONE ? "none" : "unknown";
}

/* --- the case's content ------------------------------------------------------------------- */

static char *normalise_line(const void *data, const char *text)
{
	(void)data;
	return cbi_normalise(text, strlen(text));
}

static bool skip_consumed(const void *data, const cb_node *block, size_t line)
{
	return cbi_consumed_has(data, block, line);
}

/* body > div.section[kind, heading] > the section's blocks, normalised, without what the fields
 * were taken from. */
static bool build_content(cb_case *c, const cbi_blocks *b, const cbi_outline *o,
                          const cbi_consumed *consumed)
{
	c->content = cb_document_new();
	if (!c->content)
		return false;
	cb_node *body = cb_document_body(c->content);
	cbi_copy how = {normalise_line, NULL, skip_consumed, consumed};
	for (size_t s = 0; s < o->count; s++) {
		const cbi_section *sec = &o->items[s];
		cb_node *div = cb_add_div(body, "section");
		if (!div || cb_div_set_attr(div, "kind", sec->kind) != 0 ||
		    (sec->heading && cb_div_set_attr(div, "heading", sec->heading) != 0))
			return false;
		for (size_t i = sec->first; i < sec->end && i < b->count; i++)
			if (!cbi_consumed_has(consumed, b->items[i], CBI_WHOLE) &&
			    !cbi_copy_block(div, b->items[i], &how))
				return false;
		/* What precedes the first heading, or a heading the profile does not know, is a
		 * section only when something of it is left once the fields are taken out ("1. 사례
		 * 개요" over the header lines). */
		if (strcmp(sec->kind, "other") == 0 && !cb_node_first_child(div))
			cb_node_unlink(div);
	}
	return true;
}

/* The normalised text of the whole submission: what duplicates are judged by, and what privacy
 * scans. */
static char *whole_text(const cbi_blocks *b)
{
	cbi_buf all = CBI_BUF_INIT;
	for (size_t i = 0; i < b->count; i++) {
		char *raw = cbi_node_text(b->items[i]);
		char *norm = raw ? cbi_normalise(raw, strlen(raw)) : NULL;
		if (!norm)
			all.failed = true;
		else if (*norm) {
			cbi_buf_puts(&all, norm);
			cbi_buf_putc(&all, '\n');
		}
		free(raw);
		free(norm);
	}
	return cbi_buf_steal(&all);
}

/* --- values ------------------------------------------------------------------------------- */

static void warn(cb_case *c, cb_code code, const char *fmt, ...) CB_PRINTF(3, 4);
static void warn(cb_case *c, cb_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) >= 0) {
		/* Messages quote values: mask them like everything else the case shows. */
		char *masked = cbi_redact(c->redactor, msg);
		cb_severity sev = code >= CB_N_SKIPPED ? CB_SEV_NOTE : CB_SEV_WARNING;
		cb_diags_add(c->diags, sev, code, NULL, NULL, 0, "%s", masked ? masked : msg);
		free(masked);
	}
	free(msg);
	va_end(ap);
}

/* "광주빛고을초등학교(교육복지우선지원)" names the school before its parenthesis. */
static void strip_school_note(cbi_value *v)
{
	char *vals[2] = {v->text, v->original};
	for (int k = 0; k < 2; k++) {
		char *s = vals[k];
		char *paren = s ? strchr(s, '(') : NULL;
		if (paren && paren > s) {
			*paren = '\0';
			size_t n = strlen(s);
			while (n && s[n - 1] == ' ')
				s[--n] = '\0';
		}
	}
}

/* The level whose pattern matches nearest the end of the name (중·고등학교 is a 고). */
static void find_level(cb_case *c)
{
	const cb_profile *p = c->profile;
	const char *school = c->fields[CBI_F_SCHOOL].text;
	size_t best_end = 0;
	c->level_index = (size_t)-1;
	for (size_t i = 0; school && i < p->nlevels; i++) {
		for (size_t k = 0; k < p->levels[i].patterns.count; k++) {
			cbi_match m;
			if (cbi_regex_find(p->levels[i].patterns.items[k].re, school, strlen(school), 0,
			                   &m) == 1 &&
			    (c->level_index == (size_t)-1 || m.end > best_end)) {
				c->level_index = i;
				best_end = m.end;
			}
		}
	}
	if (c->level_index != (size_t)-1)
		c->level = strdup(p->levels[c->level_index].name);
	else if (school)
		warn(c, CB_W_UNPARSABLE, "cannot tell the school level from the school's name '%s'",
		     school);
}

/* Whether text holds a word that reads like a Korean name: a surname and one or two syllables. */
static bool names_someone(const char *text)
{
	for (const char *s = text; *s;) {
		size_t n = strcspn(s, " ,/()·");
		size_t syllables = 0;
		for (size_t i = 0; i < n;)
			syllables += cbi_is_syllable(cbi_utf8_next(s, &i));
		if (n && syllables * 3 == n && syllables >= 2 && syllables <= 4 && cbi_surname_at(s))
			return true;
		s += n;
		while (*s && strchr(" ,/()·", *s))
			s++;
	}
	return false;
}

/* A field written as a row of check boxes keeps only the option checked ("■ 배치 □ 미배치"
 * would otherwise read as 미배치), in both its forms. */
static void take_checked_choice(cbi_value *v)
{
	size_t a, z;
	if (!v->text || !cbi_checked_choice(v->text, &a, &z))
		return;
	char *original = cbi_norm_light_slice(v->original, v->text, a, z);
	char *text = cbi_strndup(v->text + a, z - a);
	if (!original || !text) {
		free(original);
		free(text);
		return;
	}
	free(v->text);
	free(v->original);
	v->text = text;
	v->original = original;
}

static void find_officer(cb_case *c)
{
	const cb_profile *p = c->profile;
	take_checked_choice(&c->fields[CBI_F_OFFICER]);
	const char *v = c->fields[CBI_F_OFFICER].text;
	const char *author = c->fields[CBI_F_AUTHOR].text;
	if (v) {
		/* "none" first: 미배치 contains 배치. */
		if (cbi_patterns_find(&p->officer_none, v, NULL, NULL) >= 0)
			c->officer = CBI_OFFICER_NONE;
		else if (cbi_patterns_find(&p->officer_assigned, v, NULL, NULL) >= 0)
			c->officer = CBI_OFFICER_ASSIGNED;
		else if (names_someone(v)) {
			/* 교육복지사 | 김하늘: the school names its officer. */
			c->officer = CBI_OFFICER_ASSIGNED;
			warn(c, CB_N_DERIVED, "officer status taken as assigned: the field names someone");
		} else
			warn(c, CB_W_UNPARSABLE, "officer status '%s' is neither assigned nor none", v);
	} else if (author && strstr(author, "교육복지사")) {
		/* Only a school with an officer has one to write its case. */
		c->officer = CBI_OFFICER_ASSIGNED;
		warn(c, CB_N_DERIVED, "officer status taken as assigned: the author is an officer");
	}
}

/* The area whose variant matches earliest in the school's wording (then the longest, then the
 * profile's first). */
static void find_area(cb_case *c)
{
	const cb_profile *p = c->profile;
	take_checked_choice(&c->fields[CBI_F_AREA]);
	const char *v = c->fields[CBI_F_AREA].text;
	c->area_index = (size_t)-1;
	if (!v)
		return;
	size_t best_start = (size_t)-1, best_len = 0;
	for (size_t i = 0; i < p->nareas; i++) {
		for (size_t k = 0; k < p->areas[i].patterns.count; k++) {
			cbi_match m;
			if (cbi_regex_find(p->areas[i].patterns.items[k].re, v, strlen(v), 0, &m) != 1)
				continue;
			if (m.start < best_start || (m.start == best_start && m.end - m.start > best_len)) {
				c->area_index = i;
				best_start = m.start;
				best_len = m.end - m.start;
			}
		}
	}
	if (c->area_index != (size_t)-1)
		c->area = strdup(p->areas[c->area_index].name);
	else
		warn(c, CB_W_UNKNOWN_AREA, "area '%s' is none of the profile's areas", v);
}

static void parse_values(cb_case *c)
{
	const cbi_value *f = c->fields;
	if (f[CBI_F_TARGET].text)
		c->has_participants = cbi_parse_headcount(f[CBI_F_TARGET].text, &c->participants);
	/* 대상 | 4~6학년, 인원 | 12명: the count has a field of its own. */
	if (!c->has_participants && f[CBI_F_PARTICIPANTS].text)
		c->has_participants =
			cbi_parse_headcount(f[CBI_F_PARTICIPANTS].text, &c->participants);
	if (f[CBI_F_TARGET].text && !c->has_participants)
		warn(c, CB_N_DERIVED, "no head count in the target '%s'", f[CBI_F_TARGET].text);
	if (f[CBI_F_BUDGET].text && !(c->has_budget = cbi_parse_money(f[CBI_F_BUDGET].text,
	                                                              &c->budget)))
		warn(c, CB_W_UNPARSABLE, "budget '%s' is not an amount in won", f[CBI_F_BUDGET].text);
	if (f[CBI_F_PERIOD].text) {
		c->has_period = cbi_parse_period(f[CBI_F_PERIOD].text, c->profile->year, &c->period);
		if (!c->has_period)
			warn(c, CB_W_UNPARSABLE, "period '%s' is not a date or a range of dates",
			     f[CBI_F_PERIOD].text);
		else if (strcmp(c->period.end, c->period.start) < 0)
			warn(c, CB_W_UNPARSABLE, "period '%s' ends (%s) before it starts (%s)",
			     f[CBI_F_PERIOD].text, c->period.end, c->period.start);
	}
}

/* Privacy's view of the author: the names in it are kept (or, if the profile says so, masked),
 * and its phone number and e-mail address are never published. */
static void credit_author(cb_case *c)
{
	cbi_value *a = &c->fields[CBI_F_AUTHOR];
	if (!a->text)
		return;
	char *t = cbi_strip_contacts(c->profile, a->text);
	char *o = cbi_strip_contacts(c->profile, a->original);
	if (t && o) {
		free(a->text);
		free(a->original);
		a->text = t;
		a->original = o;
	} else {
		free(t);
		free(o);
	}
	/* Each word that begins with a surname and has two to four syllables may be a name. */
	for (const char *s = a->text; *s;) {
		size_t n = strcspn(s, " ,/()·");
		size_t syllables = 0;
		for (size_t i = 0; i < n;)
			syllables += cbi_is_syllable(cbi_utf8_next(s, &i));
		if (n && syllables * 3 == n && syllables >= 2 && syllables <= 4 && cbi_surname_at(s)) {
			char *name = cbi_strndup(s, n);
			if (name && c->profile->mask_author)
				cbi_redactor_add_name(c->redactor, CBI_P_AUTHOR, name);
			else if (name)
				cbi_redactor_keep(c->redactor, name);
			free(name);
		}
		s += n;
		while (*s && strchr(" ,/()·", *s))
			s++;
	}
}

static void validate(cb_case *c)
{
	static const char *const labels[CBI_F_COUNT] = {
		"학교명", "교육복지사 배치", "사례명", "영역", "대상", "기간", "장소", "예산",
		"협력기관", "담당자", "인원"};
	for (int f = 0; f < CBI_F_COUNT; f++) {
		const cbi_value *v = &c->fields[f];
		if (c->profile->fields[f].required && !v->text)
			warn(c, CB_W_MISSING_FIELD, "required field '%s' (%s) not found", cbi_field_name(f),
			     labels[f]);
		if (v->source == CBI_SRC_META)
			warn(c, CB_N_DERIVED, "%s taken from the document's metadata", cbi_field_name(f));
	}
}

/* --- masked views ------------------------------------------------------------------------- */

const char *cbi_case_raw(const cb_case *c, int key, char **tmp)
{
	*tmp = NULL;
	const cbi_value *f = c->fields;
	switch (key) {
	case CBI_KEY_ID: return c->id;
	case CBI_KEY_SCHOOL: return f[CBI_F_SCHOOL].text;
	case CBI_KEY_LEVEL: return c->level;
	case CBI_KEY_OFFICER: return cbi_officer_name(c->officer);
	case CBI_KEY_TITLE: return f[CBI_F_TITLE].text;
	case CBI_KEY_AREA: return c->area;
	case CBI_KEY_AREA_ORIGINAL: return f[CBI_F_AREA].original;
	case CBI_KEY_TARGET: return f[CBI_F_TARGET].text;
	case CBI_KEY_PARTICIPANTS:
		if (c->has_participants && asprintf(tmp, "%ld", c->participants) < 0)
			*tmp = NULL;
		return *tmp;
	case CBI_KEY_PERIOD_START: return c->has_period ? c->period.start : NULL;
	case CBI_KEY_PERIOD_END: return c->has_period ? c->period.end : NULL;
	case CBI_KEY_PERIOD_ORIGINAL: return f[CBI_F_PERIOD].original;
	case CBI_KEY_PLACE: return f[CBI_F_PLACE].text;
	case CBI_KEY_BUDGET:
		if (c->has_budget && asprintf(tmp, "%lld", c->budget) < 0)
			*tmp = NULL;
		return *tmp;
	case CBI_KEY_PARTNERS: return f[CBI_F_PARTNERS].text;
	case CBI_KEY_AUTHOR: return f[CBI_F_AUTHOR].text;
	case CBI_KEY_SOURCE_PATH: return c->path;
	case CBI_KEY_SOURCE_FORMAT: return c->format;
	case CBI_KEY_SOURCE_SHA256: return c->sha256[0] ? c->sha256 : NULL;
	default: return NULL;
	}
}

bool cbi_case_masked_views(cb_case *c)
{
	for (int k = 0; k < CBI_KEY_COUNT; k++) {
		char *tmp;
		const char *raw = cbi_case_raw(c, k, &tmp);
		if (raw && !(c->masked[k] = cbi_redact(c->redactor, raw))) {
			free(tmp);
			return false;
		}
		free(tmp);
	}
	const cb_node *body = cb_document_body_const(c->content);
	for (const cb_node *d = cb_node_first_child(body); d; d = cb_node_next(d))
		c->nsections++;
	c->sections = calloc(c->nsections ? c->nsections : 1, sizeof *c->sections);
	if (!c->sections)
		return false;
	size_t i = 0;
	for (const cb_node *d = cb_node_first_child(body); d; d = cb_node_next(d), i++) {
		const char *kind = cb_div_attr(d, "kind"), *heading = cb_div_attr(d, "heading");
		c->sections[i].kind = strcmp(kind, "other") == 0 ? "other" : kind;
		if (heading && !(c->sections[i].heading = cbi_redact(c->redactor, heading)))
			return false;
	}
	return true;
}

/* --- extraction --------------------------------------------------------------------------- */

static bool has_known_section(const cbi_outline *o)
{
	for (size_t i = 0; i < o->count; i++)
		if (cbi_section_is_known(&o->items[i]))
			return true;
	return false;
}

static bool any_field(const cbi_value *fields)
{
	for (int f = 0; f < CBI_F_COUNT; f++)
		if (fields[f].text)
			return true;
	return false;
}

static bool scan_privacy(cb_case *c, const char *text)
{
	credit_author(c);
	cbi_redactor_scan(c->redactor, text);
	for (int f = 0; f < CBI_F_COUNT; f++)
		if (c->fields[f].source == CBI_SRC_META)
			cbi_redactor_scan(c->redactor, c->fields[f].text);
	for (int k = 0; k < CBI_P_COUNT; k++)
		c->redactions[k] = cbi_redactor_count(c->redactor, (cbi_pkind)k);
	return true;
}

/* The case's id: stable across runs and machines, since it comes from the content. */
static void make_id(cb_case *c)
{
	snprintf(c->id, sizeof c->id, "case-%.12s", c->content_hash);
}

/* A pattern stopped at a limit somewhere in the extraction: a label, a heading or, worse, a name
 * or number to mask may have been missed, so the case is not published. The profile is to blame
 * (and its file and line are named), not the submission. */
static void refuse_runaway(cb_case *c, cb_diags *diags, const char *name)
{
	const cbi_regex *re = cbi_regex_limit_hit();
	cb_diags_add(diags, CB_SEV_ERROR, CB_E_PROFILE, c->profile->path, NULL, cbi_regex_line(re),
	             "pattern '%s' reached max-regex-steps or max-regex-depth on %s: its fields and "
	             "privacy masking cannot be trusted, so the case is refused (rewrite the pattern "
	             "or raise the limit)",
	             cbi_regex_written(re) ? cbi_regex_written(re) : "?", name);
	cb_case_free(c);
}

cb_case *cb_case_extract_document(const cb_profile *p, const cb_document *doc, const char *path,
                                  const char *format, const char *sha256, unsigned flags,
                                  cb_diags *diags)
{
	const char *name = path ? path : "-";
	cb_case *c = calloc(1, sizeof *c);
	cbi_blocks blocks = {0};
	cbi_outline outline = {0};
	cbi_consumed consumed = {0};
	char *text = NULL;
	bool ok = false;
	if (!c)
		goto out;
	cbi_regex_limit_clear();
	c->profile = p;
	c->diags = cb_diags_new();
	c->redactor = cbi_redactor_new(p, !(flags & CB_BUILD_NO_REDACT));
	c->path = path ? strdup(path) : NULL;
	c->format = format ? strdup(format) : NULL;
	snprintf(c->sha256, sizeof c->sha256, "%s", sha256 ? sha256 : "");
	if (!c->diags || !c->redactor || (path && !c->path) || (format && !c->format) ||
	    !cbi_blocks_collect(doc, &blocks) || !cbi_outline_find(p, &blocks, &outline) ||
	    !cbi_extract_fields(p, doc, &blocks, &outline, c->fields, &consumed) ||
	    !(text = whole_text(&blocks)))
		goto out;
	if (!any_field(c->fields) && !has_known_section(&outline)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOT_SUBMISSION, name, NULL, 0,
		             "not a submission: no field and no section of the profile found");
		cb_case_free(c);
		c = NULL;
		ok = true;
		goto out;
	}
	cbi_sha256_hex(text, strlen(text), c->content_hash);
	make_id(c);
	if (!build_content(c, &blocks, &outline, &consumed))
		goto out;
	if (c->fields[CBI_F_SCHOOL].text)
		strip_school_note(&c->fields[CBI_F_SCHOOL]);
	if (!scan_privacy(c, text))
		goto out;
	if (flags & CB_BUILD_NO_REDACT)
		warn(c, CB_W_NOT_REDACTED, "privacy masking is off (--no-redact): names and numbers "
		                           "are kept");
	find_level(c);
	find_officer(c);
	find_area(c);
	parse_values(c);
	validate(c);
	if (cbi_regex_limit_hit()) {
		refuse_runaway(c, diags, name);
		c = NULL;
		ok = true;
		goto out;
	}
	ok = cbi_case_masked_views(c);
out:
	if (!ok) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, name, NULL, 0, "out of memory");
		cb_case_free(c);
		c = NULL;
	}
	free(text);
	cbi_consumed_free(&consumed);
	cbi_outline_free(&outline);
	cbi_blocks_free(&blocks);
	return c;
}

cb_case *cb_case_extract_file(cb_context *ctx, const cb_profile *p, const char *path,
                              unsigned flags, cb_diags *diags)
{
	char sha[CBI_SHA256_HEX];
	if (!cbi_sha256_file(path, sha)) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0, "cannot open: %s",
		             strerror(errno));
		return NULL;
	}
	const cb_plugin *reader = cb_detect_file(ctx, path, diags);
	if (!reader)
		return NULL;
	const char *format = cb_plugin_get_descriptor(reader)->name;
	cb_document *doc = cb_read_file(ctx, path, format, diags);
	if (!doc)
		return NULL;
	cb_case *c = cb_case_extract_document(p, doc, path, format, sha, flags, diags);
	cb_document_free(doc);
	return c;
}

void cb_case_free(cb_case *c)
{
	if (!c)
		return;
	cbi_values_free(c->fields);
	free(c->level);
	free(c->area);
	free(c->path);
	free(c->format);
	cb_document_free(c->content);
	cbi_redactor_free(c->redactor);
	cb_diags_free(c->diags);
	for (int k = 0; k < CBI_KEY_COUNT; k++)
		free(c->masked[k]);
	for (size_t i = 0; i < c->nsections; i++)
		free(c->sections[i].heading);
	free(c->sections);
	free(c);
}

/* --- public accessors --------------------------------------------------------------------- */

const char *cb_case_get(const cb_case *c, const char *key)
{
	for (int k = 0; k < CBI_KEY_COUNT; k++)
		if (strcmp(key, keys[k]) == 0)
			return c->masked[k];
	return NULL;
}

size_t cb_case_section_count(const cb_case *c) { return c->nsections; }

bool cb_case_section_at(const cb_case *c, size_t i, const char **kind, const char **heading)
{
	if (i >= c->nsections)
		return false;
	*kind = c->sections[i].kind;
	*heading = c->sections[i].heading;
	return true;
}

size_t cb_case_redactions(const cb_case *c, const char *kind)
{
	for (int k = 0; k < CBI_P_COUNT; k++)
		if (strcmp(kind, cbi_pkind_name((cbi_pkind)k)) == 0)
			return c->redactions[k];
	return 0;
}

const cb_diags *cb_case_diags(const cb_case *c) { return c->diags; }

char *cb_case_to_json(const cb_case *c)
{
	cbi_buf b = CBI_BUF_INIT;
	cbi_json j;
	cbi_json_init(&j, &b, cbi_redact_filter, c->redactor);
	cbi_case_json(&j, c);
	cbi_json_finish(&j);
	return cbi_buf_steal(&b);
}
