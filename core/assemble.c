/* Assembling: the published cases in the profile's order (area, then school level 초 → 중 → 고 →
 * 특수, then school name in 가나다 order: Hangul syllables are encoded in that order, so byte
 * order is 가나다 order), statistics, and the two forms of the casebook: casebook.json and a
 * document whose cases are divisions of class "case", which the cbxml writer serialises. */
#include "config.h"

#include "build_private.h"

#include "blocks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cbi_generator(void)
{
	return "casebook " CB_VERSION;
}

static int compare_index(size_t a, size_t b)
{
	/* Unknown ((size_t)-1) sorts last. */
	return a < b ? -1 : a > b ? 1 : 0;
}

static int compare_text(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : a ? -1 : 1;
	return strcmp(a, b);
}

static int compare_cases(const cb_profile *p, const cbi_caseinfo *a, const cbi_caseinfo *b)
{
	for (size_t k = 0; k < p->norder; k++) {
		int d = 0;
		switch (p->order[k]) {
		case CBI_K_AREA: d = compare_index(a->area_index, b->area_index); break;
		case CBI_K_LEVEL: d = compare_index(a->level_index, b->level_index); break;
		case CBI_K_SCHOOL: d = compare_text(a->school, b->school); break;
		case CBI_K_TITLE: d = compare_text(a->title, b->title); break;
		}
		if (d)
			return d;
	}
	/* Ties are broken by everything else that tells cases apart, so the order never depends on
	 * the order of the inputs. */
	int d = compare_text(a->title, b->title);
	return d ? d : strcmp(a->id, b->id);
}

static const cbi_caseinfo *info_at(const cb_build *b, size_t k)
{
	return b->in.items[b->cases[k]].info;
}

/* qsort takes no context in C11, and the order needs the profile: a merge sort does. */
static void merge_sort(const cb_build *b, size_t *a, size_t *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t half = n / 2;
	merge_sort(b, a, tmp, half);
	merge_sort(b, a + half, tmp, n - half);
	size_t i = 0, k = half, o = 0;
	const cbi_input *in = b->in.items;
	while (i < half && k < n)
		tmp[o++] = compare_cases(b->profile, in[a[k]].info, in[a[i]].info) < 0 ? a[k++] : a[i++];
	while (i < half)
		tmp[o++] = a[i++];
	while (k < n)
		tmp[o++] = a[k++];
	memcpy(a, tmp, n * sizeof *a);
}

bool cbi_assemble(cb_build *b)
{
	b->ncases = 0;
	b->cases = calloc(b->in.count ? b->in.count : 1, sizeof *b->cases);
	if (!b->cases)
		return false;
	for (size_t i = 0; i < b->in.count; i++) {
		const cbi_input *x = &b->in.items[i];
		if (x->info && (x->status == CB_STATUS_OK || x->status == CB_STATUS_WARNING))
			b->cases[b->ncases++] = i;
	}
	size_t *tmp = malloc((b->ncases ? b->ncases : 1) * sizeof *tmp);
	if (!tmp)
		return false;
	merge_sort(b, b->cases, tmp, b->ncases);
	free(tmp);
	return true;
}

/* --- casebook.json ------------------------------------------------------------------------ */

static void count_member(cbi_json *j, const char *key, size_t n)
{
	cbi_json_key(j, key);
	cbi_json_int(j, (long long)n);
}

static void statistics(cbi_json *j, const cb_build *b)
{
	const cb_profile *p = b->profile;
	cbi_json_key(j, "statistics");
	cbi_json_begin_object(j);
	count_member(j, "cases", b->ncases);
	cbi_json_key(j, "by_area");
	cbi_json_begin_object(j);
	size_t unknown = b->ncases;
	for (size_t a = 0; a < p->nareas; a++) {
		size_t n = 0;
		for (size_t i = 0; i < b->ncases; i++)
			n += info_at(b, i)->area_index == a;
		count_member(j, p->areas[a].name, n);
		unknown -= n;
	}
	if (unknown)
		count_member(j, "unknown", unknown);
	cbi_json_end_object(j);
	cbi_json_key(j, "by_level");
	cbi_json_begin_object(j);
	unknown = b->ncases;
	for (size_t l = 0; l < p->nlevels; l++) {
		size_t n = 0;
		for (size_t i = 0; i < b->ncases; i++)
			n += info_at(b, i)->level_index == l;
		count_member(j, p->levels[l].name, n);
		unknown -= n;
	}
	if (unknown)
		count_member(j, "unknown", unknown);
	cbi_json_end_object(j);
	cbi_json_key(j, "by_officer");
	cbi_json_begin_object(j);
	const cbi_officer officers[] = {CBI_OFFICER_ASSIGNED, CBI_OFFICER_NONE, CBI_OFFICER_UNKNOWN};
	for (size_t o = 0; o < 3; o++) {
		size_t n = 0;
		for (size_t i = 0; i < b->ncases; i++)
			n += info_at(b, i)->officer == officers[o];
		count_member(j, cbi_officer_name(officers[o]), n);
	}
	cbi_json_end_object(j);
	cbi_json_end_object(j);
}

bool cbi_casebook_json(const cb_build *b, cb_output *out, cb_diags *diags)
{
	cbi_buf buf = CBI_BUF_INIT;
	cbi_json j;
	cbi_json_init(&j, &buf, cbi_redact_filter, b->mask);
	cbi_json_begin_object(&j);
	cbi_json_key(&j, "casebook");
	cbi_json_begin_object(&j);
	cbi_json_key(&j, "title");
	cbi_json_text(&j, b->profile->title);
	cbi_json_key(&j, "profile");
	cbi_json_raw(&j, b->profile->name);
	cbi_json_key(&j, "generator");
	cbi_json_raw(&j, cbi_generator());
	cbi_json_key(&j, "redacted");
	cbi_json_bool(&j, cbi_redactor_enabled(b->mask));
	cbi_json_end_object(&j);
	statistics(&j, b);
	cbi_json_key(&j, "cases");
	cbi_json_begin_array(&j);
	bool ok = cbi_output_flush(out, &buf);
	for (size_t i = 0; ok && i < b->ncases; i++) {
		const cbi_input *x = &b->in.items[b->cases[i]];
		cb_case *owned;
		const cb_case *c = cbi_build_case(b, x, &owned, diags);
		if (c)
			cbi_case_json(&j, c);
		cbi_build_release(owned);
		ok = c && cbi_output_flush(out, &buf);
	}
	cbi_json_end_array(&j);
	cbi_json_end_object(&j);
	cbi_json_finish(&j);
	ok = ok && cbi_output_flush(out, &buf);
	cbi_buf_free(&buf);
	return ok;
}

/* --- the casebook as a document ----------------------------------------------------------- */

static char *mask_line(const void *data, const char *text)
{
	return cbi_redact(data, text);
}

/* Sets a masked attribute; a NULL value sets none, so that absent stays absent. */
static bool set_attr(const cb_build *b, cb_node *div, const char *key, const char *value)
{
	if (!value)
		return true;
	char *m = cbi_redact(b->mask, value);
	bool ok = m && cb_div_set_attr(div, key, m) == 0;
	free(m);
	return ok;
}

/* Sets an attribute as it is (casebook's own values); NULL sets none. */
static bool set_plain(cb_node *div, const char *key, const char *value)
{
	return !value || cb_div_set_attr(div, key, value) == 0;
}

static bool add_masked_text(const cb_build *b, cb_node *parent, const char *text)
{
	char *m = cbi_redact(b->mask, text);
	bool ok = m && cb_add_text(parent, m, (size_t)-1, 0) == 0;
	free(m);
	return ok;
}

/* The status a published case's input has in the report. */
static bool add_status(cb_node *div, const cbi_input *x)
{
	return cb_div_set_attr(div, "status", cb_input_status_name(x->status)) == 0;
}

/* Attributes made by casebook itself (the id and the source's hash, from its bytes; numbers and
 * dates it parsed; names it chose), never a school's words: they go out unmasked, as
 * casebook.json gives them. Masked, a hash's run of digits could be taken for a phone number,
 * and the case's id in casebook.xml, the web page's links and the index would no longer be the
 * one the report and casebook.json give. */
static bool generated_key(int k)
{
	return k == CBI_KEY_ID || k == CBI_KEY_OFFICER || k == CBI_KEY_PARTICIPANTS ||
	       k == CBI_KEY_PERIOD_START || k == CBI_KEY_PERIOD_END || k == CBI_KEY_BUDGET ||
	       k == CBI_KEY_SOURCE_FORMAT || k == CBI_KEY_SOURCE_SHA256;
}

/* The case's division; with x (a published casebook), the status its input has in the report
 * ("ok" or "warning"), which an index shows beside it. */
static bool add_case(const cb_build *b, cb_node *parent, const cb_case *c, const cbi_input *x)
{
	static const char *const attrs[CBI_KEY_COUNT] = {
		"id", "school", "school_level", "officer", "title", "area", "area_original", "target",
		"participants", "period_start", "period_end", "period_original", "place", "budget_krw",
		"partners", "author", "source_path", "source_format", "source_sha256"};
	cb_node *div = cb_add_div(parent, "case");
	if (!div)
		return false;
	for (int k = 0; k < CBI_KEY_COUNT; k++) {
		char *tmp;
		const char *raw = cbi_case_raw(c, k, &tmp);
		bool ok = generated_key(k) ? set_plain(div, attrs[k], raw)
		                           : set_attr(b, div, attrs[k], raw);
		free(tmp);
		if (!ok)
			return false;
	}
	if (x && !add_status(div, x))
		return false;
	const char *title = c->fields[CBI_F_TITLE].text;
	cb_node *h = cb_add_heading(div, 2);
	if (!h || !add_masked_text(b, h, title ? title : c->id))
		return false;
	cbi_copy how = {mask_line, b->mask, NULL, NULL};
	const cb_node *body = cb_document_body_const(c->content);
	for (const cb_node *s = cb_node_first_child(body); s; s = cb_node_next(s)) {
		cb_node *sec = cb_add_div(div, "section");
		const char *heading = cb_div_attr(s, "heading");
		if (!sec || !set_attr(b, sec, "kind", cb_div_attr(s, "kind")) ||
		    !set_attr(b, sec, "heading", heading))
			return false;
		if (heading) {
			cb_node *sh = cb_add_heading(sec, 3);
			if (!sh || !add_masked_text(b, sh, heading))
				return false;
		}
		for (const cb_node *blk = cb_node_first_child(s); blk; blk = cb_node_next(blk))
			if (!cbi_copy_block(sec, blk, &how))
				return false;
	}
	return true;
}

/* Statistics as a division's attributes ("area:학습" = "3", ...), for generic writers. */
static bool add_statistics(const cb_build *b, cb_node *body)
{
	cb_node *div = cb_add_div(body, "statistics");
	if (!div)
		return false;
	char num[32], key[256];
	snprintf(num, sizeof num, "%zu", b->ncases);
	bool ok = cb_div_set_attr(div, "cases", num) == 0;
	const cb_profile *p = b->profile;
	for (size_t a = 0; ok && a < p->nareas; a++) {
		size_t n = 0;
		for (size_t i = 0; i < b->ncases; i++)
			n += info_at(b, i)->area_index == a;
		snprintf(num, sizeof num, "%zu", n);
		snprintf(key, sizeof key, "area:%s", p->areas[a].name);
		ok = cb_div_set_attr(div, key, num) == 0;
	}
	for (size_t l = 0; ok && l < p->nlevels; l++) {
		size_t n = 0;
		for (size_t i = 0; i < b->ncases; i++)
			n += info_at(b, i)->level_index == l;
		snprintf(num, sizeof num, "%zu", n);
		snprintf(key, sizeof key, "level:%s", p->levels[l].name);
		ok = cb_div_set_attr(div, key, num) == 0;
	}
	return ok;
}

/* A case's attributes as the head has them: what contents, indexes and statistics show, in the
 * order the full division has them. */
static bool add_outline(const cb_build *b, cb_node *parent, size_t k, bool published)
{
	const cbi_input *x = &b->in.items[b->cases[k]];
	const cbi_caseinfo *info = x->info;
	cb_node *div = cb_add_div(parent, "case");
	/* The id and the officer are casebook's own, unmasked as in the full division. */
	return div && set_plain(div, "id", info->id) && set_attr(b, div, "school", info->school) &&
	       set_attr(b, div, "school_level", info->level) &&
	       set_plain(div, "officer", cbi_officer_name(info->officer)) &&
	       set_attr(b, div, "title", info->title) && set_attr(b, div, "area", info->area) &&
	       (!published || add_status(div, x));
}

/* The title, the statistics and, for each case in order, the heading of its area when the
 * casebook is grouped by area and then the case: all of it (full) or its outline. */
static cb_document *casebook(const cb_build *b, bool full, bool published, cb_diags *diags)
{
	cb_document *doc = cb_document_new();
	if (!doc)
		return NULL;
	const cb_profile *p = b->profile;
	bool ok = cb_document_set_meta(doc, "title", p->title) == 0 &&
	          cb_document_set_meta(doc, "language", "ko") == 0 &&
	          cb_document_set_meta(doc, "producer", cbi_generator()) == 0;
	cb_node *body = cb_document_body(doc);
	cb_node *h = ok ? cb_add_heading(body, 1) : NULL;
	ok = h && cb_add_text(h, p->title, (size_t)-1, 0) == 0 && add_statistics(b, body);
	/* A heading for each area when the casebook is grouped by area. */
	bool by_area = p->norder && p->order[0] == CBI_K_AREA;
	size_t group = (size_t)-2;
	for (size_t i = 0; ok && i < b->ncases; i++) {
		const cbi_input *x = &b->in.items[b->cases[i]];
		if (by_area && x->info->area_index != group) {
			group = x->info->area_index;
			cb_node *gh = cb_add_heading(body, 1);
			ok = gh && cb_add_text(gh, x->info->area ? x->info->area : "미분류", (size_t)-1,
			                       0) == 0;
		}
		if (!ok || !full) {
			ok = ok && add_outline(b, body, i, published);
			continue;
		}
		cb_case *owned;
		const cb_case *c = cbi_build_case(b, x, &owned, diags);
		ok = c && add_case(b, body, c, published ? x : NULL);
		cbi_build_release(owned);
	}
	if (!ok) {
		cb_document_free(doc);
		return NULL;
	}
	return doc;
}

cb_document *cbi_casebook_document(const cb_build *b, bool published, cb_diags *diags)
{
	return casebook(b, true, published, diags);
}

cb_document *cbi_casebook_head(const cb_build *b, bool published)
{
	return casebook(b, false, published, NULL);
}

cb_document *cbi_casebook_part(const cb_build *b, size_t k, const cb_case *c, bool published)
{
	cb_document *doc = cb_document_new();
	const cbi_input *x = &b->in.items[b->cases[k]];
	if (doc && !add_case(b, cb_document_body(doc), c, published ? x : NULL)) {
		cb_document_free(doc);
		return NULL;
	}
	return doc;
}
