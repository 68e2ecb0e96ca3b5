/* The document model: content rules, canonical text runs, cleaning, limits, metadata, media. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <casebook/casebook.h>

static void content_rules_are_enforced(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_node *p = cb_add_paragraph(body);
	assert_non_null(p);
	/* Blocks inside inline containers, inlines in the body, items outside lists: all refused. */
	assert_null(cb_add_paragraph(p));
	assert_int_equal(cb_document_error_code(doc), CB_E_USAGE);
	assert_null(cb_add_break(body));
	assert_int_equal(cb_add_text(body, "x", 1, 0), -1);
	assert_null(cb_add_item(body));
	assert_null(cb_add_row(body));
	cb_node *t = cb_add_table(body);
	assert_null(cb_add_cell(t, 1, 1, false));
	cb_node *link = cb_add_link(p, "https://example.org");
	assert_null(cb_add_link(link, "https://nested.example")); /* no links in links */
	assert_non_null(cb_add_noteref(link, "n1"));
	/* Images go both where blocks and where inlines go. */
	assert_non_null(cb_add_image(body, "m1", NULL));
	assert_non_null(cb_add_image(p, "m1", "alt"));
	assert_null(cb_add_image(body, NULL, "no source"));
	assert_true(cb_node_is_block(cb_node_last_child(body)));
	assert_true(cb_node_is_inline(cb_node_last_child(p)));
	assert_int_equal(cb_document_node_count(doc), 6);
	cb_document_free(doc);
}

static void adjacent_text_with_equal_marks_joins(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(cb_add_text(p, "가나", (size_t)-1, 0), 0);
	cb_add_text(p, "굵게", (size_t)-1, CB_MARK_BOLD);
	cb_add_text(p, "더", (size_t)-1, CB_MARK_BOLD);
	cb_add_text(p, "", 0, CB_MARK_ITALIC); /* empty text adds nothing */
	const cb_node *first = cb_node_first_child(p);
	size_t len;
	const char *s = cb_text_get(first, &len);
	assert_int_equal(len, 6000);
	assert_int_equal(strlen(s), 6000);
	assert_memory_equal(s + 5994, "가나", 6);
	const cb_node *second = cb_node_next(first);
	assert_string_equal(cb_text_get(second, NULL), "굵게더");
	assert_int_equal(cb_text_marks(second), CB_MARK_BOLD);
	assert_null(cb_node_next(second));
	assert_int_equal(cb_document_node_count(doc), 3);
	cb_document_free(doc);
}

static void text_is_cleaned_to_valid_utf8(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	/* An invalid byte, a surrogate, an overlong slash, controls (kept: tab, LF), a BOM-like
	 * noncharacter and a C1 control. */
	const char in[] = "a\xFF" "b\xED\xA0\x80" "c\xC0\xAF" "d\t\n\r\x01\x7F" "e\xEF\xBF\xBE\xC2\x85" "f";
	cb_add_text(p, in, sizeof in - 1, 0);
	assert_string_equal(cb_text_get(cb_node_first_child(p), NULL),
	                    "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	                    "c\xEF\xBF\xBD\xEF\xBF\xBD" "d\t\ne" "f");
	/* Only unwanted characters: no node at all. */
	cb_node *q = cb_add_paragraph(cb_document_body(doc));
	assert_int_equal(cb_add_text(q, "\x01\x02", 2, 0), 0);
	assert_null(cb_node_first_child(q));
	cb_document_free(doc);
}

static void node_and_depth_limits_stop_the_builder(void **state)
{
	cb_document *doc = cb_document_new();
	cb_document_set_node_limit(doc, 3);
	cb_node *body = cb_document_body(doc);
	assert_non_null(cb_add_paragraph(body));
	assert_non_null(cb_add_paragraph(body));
	assert_non_null(cb_add_paragraph(body));
	assert_null(cb_add_paragraph(body));
	assert_int_equal(cb_document_error_code(doc), CB_E_LIMIT);
	assert_non_null(strstr(cb_document_error(doc), "max-nodes"));
	cb_document_free(doc);

	doc = cb_document_new();
	cb_document_set_depth_limit(doc, 4);
	cb_node *n = cb_document_body(doc);
	for (int i = 0; i < 4; i++)
		assert_non_null(n = cb_add_div(n, NULL));
	assert_null(cb_add_div(n, NULL));
	assert_non_null(strstr(cb_document_error(doc), "max-depth"));
	cb_document_free(doc);
}

static void metadata_keeps_order_and_replaces(void **state)
{
	cb_document *doc = cb_document_new();
	assert_int_equal(cb_document_set_meta(doc, "title", "첫 제목"), 0);
	assert_int_equal(cb_document_set_meta(doc, "creator", "작성자"), 0);
	assert_int_equal(cb_document_set_meta(doc, "title", "바뀐 제목"), 0);
	assert_int_equal(cb_document_set_meta(doc, "", "x"), -1);
	assert_int_equal(cb_document_meta_count(doc), 2);
	const char *k, *v;
	assert_true(cb_document_meta_at(doc, 0, &k, &v));
	assert_string_equal(k, "title");
	assert_string_equal(v, "바뀐 제목");
	assert_true(cb_document_meta_at(doc, 1, &k, &v));
	assert_string_equal(k, "creator");
	assert_false(cb_document_meta_at(doc, 2, &k, &v));
	assert_null(cb_document_meta(doc, "subject"));
	/* Past the size where lookups go through an index, order and replacement still hold. */
	char key[16], value[16];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(value, sizeof value, "v%d", i);
		assert_int_equal(cb_document_set_meta(doc, key, value), 0);
	}
	assert_int_equal(cb_document_set_meta(doc, "k50", "replaced"), 0);
	assert_int_equal(cb_document_set_meta(doc, "title", "again"), 0);
	assert_int_equal(cb_document_meta_count(doc), 102);
	assert_true(cb_document_meta_at(doc, 52, &k, &v));
	assert_string_equal(k, "k50");
	assert_string_equal(v, "replaced");
	assert_string_equal(cb_document_meta(doc, "title"), "again");
	assert_string_equal(cb_document_meta(doc, "k99"), "v99");
	assert_null(cb_document_meta(doc, "k100"));
	cb_node *div = cb_add_div(cb_document_body(doc), NULL);
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "a%d", i);
		assert_int_equal(cb_div_set_attr(div, key, key), 0);
	}
	assert_int_equal(cb_div_set_attr(div, "a3", "x"), 0);
	assert_int_equal(cb_div_attr_count(div), 100);
	assert_string_equal(cb_div_attr(div, "a3"), "x");
	assert_true(cb_div_attr_at(div, 99, &k, &v));
	assert_string_equal(k, "a99");
	cb_document_free(doc);
}

static void media_ids_are_unique(void **state)
{
	cb_document *doc = cb_document_new();
	const unsigned char bytes[] = {1, 2, 3};
	const char *a = cb_document_add_media(doc, "img", "image/png", "a.png", bytes, 3);
	const char *b = cb_document_add_media(doc, "img", "image/png", NULL, bytes, 2);
	const char *c = cb_document_add_media(doc, NULL, "image/jpeg", NULL, bytes, 1);
	const char *d = cb_document_add_media(doc, NULL, "image/jpeg", NULL, NULL, 0);
	assert_string_equal(a, "img");
	assert_string_equal(b, "img-2");
	assert_string_equal(c, "media1");
	assert_string_equal(d, "media2");
	assert_null(cb_document_add_media(doc, "x", NULL, NULL, bytes, 1));
	assert_int_equal(cb_document_media_count(doc), 4);
	const cb_media *m = cb_document_find_media(doc, "img-2");
	size_t len;
	assert_memory_equal(cb_media_data(m, &len), bytes, 2);
	assert_int_equal(len, 2);
	assert_null(cb_media_name(m));
	assert_string_equal(cb_media_name(cb_document_media_at(doc, 0)), "a.png");
	assert_null(cb_document_media_at(doc, 4));
	cb_document_free(doc);
}

static void accessors_answer_for_their_kind_only(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_node *h = cb_add_heading(body, 12);
	assert_int_equal(cb_heading_level(h), 9); /* clamped to 1..9 */
	cb_heading_set_level(h, 0);
	assert_int_equal(cb_heading_level(h), 1);
	cb_node *list = cb_add_list(body, true, 3, "hangul");
	assert_true(cb_list_ordered(list));
	assert_int_equal(cb_list_start(list), 3);
	assert_string_equal(cb_list_style(list), "hangul");
	cb_node *cell = cb_add_cell(cb_add_row(cb_add_table(body)), 0, 3, true);
	assert_int_equal(cb_cell_rowspan(cell), 1);
	assert_int_equal(cb_cell_colspan(cell), 3);
	assert_true(cb_cell_header(cell));
	cb_node *div = cb_add_div(body, "case");
	cb_div_set_attr(div, "school", "빛고을초");
	cb_div_set_attr(div, "area", "학습");
	cb_div_set_attr(div, "school", "빛고을초등학교");
	assert_int_equal(cb_div_attr_count(div), 2);
	assert_string_equal(cb_div_attr(div, "school"), "빛고을초등학교");
	assert_int_equal(cb_div_set_attr(h, "k", "v"), -1);
	cb_node *note = cb_add_note(body, "n1", "endnote");
	assert_string_equal(cb_note_id(note), "n1");
	assert_string_equal(cb_note_kind(note), "endnote");
	assert_null(cb_add_note(body, "", NULL));
	/* Wrong kinds get neutral answers, never a crash. */
	assert_int_equal(cb_heading_level(list), 0);
	assert_null(cb_text_get(h, NULL));
	assert_null(cb_link_target(h));
	assert_null(cb_div_class(h));
	assert_int_equal(cb_cell_colspan(h), 0);
	assert_false(cb_cell_header(h));
	cb_document_free(doc);
}

static void unlink_removes_a_subtree(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_node *a = cb_add_paragraph(body), *b = cb_add_paragraph(body), *c = cb_add_paragraph(body);
	cb_node_unlink(b);
	assert_ptr_equal(cb_node_next(a), c);
	assert_ptr_equal(cb_node_prev(c), a);
	cb_node_unlink(a);
	cb_node_unlink(c);
	assert_null(cb_node_first_child(body));
	assert_null(cb_node_last_child(body));
	assert_ptr_equal(cb_node_mut(doc, cb_document_body_const(doc)), body);
	cb_document_free(doc);
}

static void names_round_trip(void **state)
{
	for (int k = CB_NODE_BODY; k < CB_NODE_KIND_END_; k++)
		assert_int_equal(cb_node_kind_from_name(cb_node_kind_name((cb_node_kind)k)), k);
	for (unsigned m = 1; m <= CB_MARK_SUBSCRIPT; m <<= 1)
		assert_int_equal(cb_mark_from_name(cb_mark_name(m)), m);
	assert_null(cb_mark_name(CB_MARK_BOLD | CB_MARK_ITALIC));
	assert_int_equal(cb_node_kind_from_name("nonsense"), 0);
	assert_string_equal(cb_node_kind_name(CB_NODE_PARAGRAPH), "paragraph");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(content_rules_are_enforced),
		cmocka_unit_test(adjacent_text_with_equal_marks_joins),
		cmocka_unit_test(text_is_cleaned_to_valid_utf8),
		cmocka_unit_test(node_and_depth_limits_stop_the_builder),
		cmocka_unit_test(metadata_keeps_order_and_replaces),
		cmocka_unit_test(media_ids_are_unique),
		cmocka_unit_test(accessors_answer_for_their_kind_only),
		cmocka_unit_test(unlink_removes_a_subtree),
		cmocka_unit_test(names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
