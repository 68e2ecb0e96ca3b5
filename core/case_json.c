/* A case as JSON: the shape of one entry of casebook.json's "cases" (docs/casebook-json.md). */
#include "config.h"

#include "case.h"

#include "blocks.h"

#include <stdlib.h>
#include <string.h>

/* A block's text with its leading line feeds left off. */
static void block_text(cbi_json *j, const cb_node *n)
{
	char *t = cbi_node_text(n);
	const char *s = t ? t : "";
	while (*s == '\n')
		s++;
	cbi_json_text(j, s);
	free(t);
}

static void list_items(cbi_json *j, const cb_node *list)
{
	cbi_json_begin_array(j);
	for (const cb_node *it = cb_node_first_child(list); it; it = cb_node_next(it))
		block_text(j, it);
	cbi_json_end_array(j);
}

static void table_rows(cbi_json *j, const cb_node *table)
{
	cbi_json_begin_array(j);
	for (const cb_node *r = cb_node_first_child(table); r; r = cb_node_next(r)) {
		cbi_json_begin_array(j);
		for (const cb_node *c = cb_node_first_child(r); c; c = cb_node_next(c))
			block_text(j, c);
		cbi_json_end_array(j);
	}
	cbi_json_end_array(j);
}

static void block(cbi_json *j, const cb_node *n)
{
	cbi_json_begin_object(j);
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		cbi_json_key(j, "type");
		cbi_json_raw(j, "heading");
		cbi_json_key(j, "level");
		cbi_json_int(j, cb_heading_level(n));
		cbi_json_key(j, "text");
		block_text(j, n);
		break;
	case CB_NODE_LIST:
		cbi_json_key(j, "type");
		cbi_json_raw(j, "list");
		cbi_json_key(j, "ordered");
		cbi_json_bool(j, cb_list_ordered(n));
		cbi_json_key(j, "items");
		list_items(j, n);
		break;
	case CB_NODE_TABLE:
		cbi_json_key(j, "type");
		cbi_json_raw(j, "table");
		cbi_json_key(j, "rows");
		table_rows(j, n);
		break;
	default:
		cbi_json_key(j, "type");
		cbi_json_raw(j, "paragraph");
		cbi_json_key(j, "text");
		block_text(j, n);
		break;
	}
	cbi_json_end_object(j);
}

static void sections(cbi_json *j, const cb_case *c)
{
	cbi_json_begin_array(j);
	const cb_node *body = cb_document_body_const(c->content);
	for (const cb_node *d = cb_node_first_child(body); d; d = cb_node_next(d)) {
		cbi_json_begin_object(j);
		cbi_json_key(j, "kind");
		cbi_json_raw(j, cb_div_attr(d, "kind"));
		cbi_json_key(j, "heading");
		cbi_json_text(j, cb_div_attr(d, "heading"));
		cbi_json_key(j, "blocks");
		cbi_json_begin_array(j);
		for (const cb_node *b = cb_node_first_child(d); b; b = cb_node_next(b))
			block(j, b);
		cbi_json_end_array(j);
		cbi_json_end_object(j);
	}
	cbi_json_end_array(j);
}

static void text_member(cbi_json *j, const char *key, const char *value)
{
	cbi_json_key(j, key);
	cbi_json_text(j, value);
}

static void period(cbi_json *j, const cb_case *c)
{
	cbi_json_key(j, "period");
	const char *original = c->fields[CBI_F_PERIOD].original;
	if (!original) {
		cbi_json_null(j);
		return;
	}
	cbi_json_begin_object(j);
	cbi_json_key(j, "start");
	cbi_json_raw(j, c->has_period ? c->period.start : NULL);
	cbi_json_key(j, "end");
	cbi_json_raw(j, c->has_period ? c->period.end : NULL);
	text_member(j, "original", original);
	cbi_json_end_object(j);
}

static void number_member(cbi_json *j, const char *key, bool has, long long v)
{
	cbi_json_key(j, key);
	if (has)
		cbi_json_int(j, v);
	else
		cbi_json_null(j);
}

void cbi_diags_json(cbi_json *j, const cb_diags *d)
{
	cbi_json_begin_array(j);
	for (size_t i = 0; i < cb_diags_count(d); i++) {
		const cb_diag *r = cb_diags_at(d, i);
		cbi_json_begin_object(j);
		cbi_json_key(j, "severity");
		cbi_json_raw(j, cb_severity_name(cb_diag_severity(r)));
		cbi_json_key(j, "code");
		cbi_json_raw(j, cb_code_name(cb_diag_code(r)));
		if (cb_diag_part(r)) {
			cbi_json_key(j, "part");
			cbi_json_text(j, cb_diag_part(r));
		}
		if (cb_diag_line(r)) {
			cbi_json_key(j, "line");
			cbi_json_int(j, (long long)cb_diag_line(r));
		}
		text_member(j, "message", cb_diag_message(r));
		cbi_json_end_object(j);
	}
	cbi_json_end_array(j);
}

void cbi_case_json(cbi_json *j, const cb_case *c)
{
	const cbi_value *f = c->fields;
	cbi_json_begin_object(j);
	cbi_json_key(j, "id");
	cbi_json_raw(j, c->id);
	text_member(j, "school", f[CBI_F_SCHOOL].text);
	text_member(j, "school_level", c->level);
	cbi_json_key(j, "officer");
	cbi_json_raw(j, cbi_officer_name(c->officer));
	text_member(j, "title", f[CBI_F_TITLE].text);
	text_member(j, "area", c->area);
	text_member(j, "area_original", f[CBI_F_AREA].original);
	text_member(j, "target", f[CBI_F_TARGET].text);
	number_member(j, "participants", c->has_participants, c->participants);
	period(j, c);
	text_member(j, "place", f[CBI_F_PLACE].text);
	number_member(j, "budget_krw", c->has_budget, c->budget);
	text_member(j, "partners", f[CBI_F_PARTNERS].text);
	text_member(j, "author", f[CBI_F_AUTHOR].text);
	cbi_json_key(j, "sections");
	sections(j, c);
	cbi_json_key(j, "source");
	cbi_json_begin_object(j);
	text_member(j, "path", c->path);
	cbi_json_key(j, "format");
	cbi_json_raw(j, c->format);
	cbi_json_key(j, "sha256");
	cbi_json_raw(j, c->sha256[0] ? c->sha256 : NULL);
	cbi_json_end_object(j);
	cbi_json_key(j, "redactions");
	cbi_json_begin_object(j);
	for (int k = 0; k < CBI_P_COUNT; k++) {
		cbi_json_key(j, cbi_pkind_name((cbi_pkind)k));
		cbi_json_int(j, (long long)c->redactions[k]);
	}
	cbi_json_end_object(j);
	cbi_json_key(j, "diagnostics");
	cbi_diags_json(j, c->diags);
	cbi_json_end_object(j);
}
