/* The Hangul readers, hwpx and hwpml, on small documents made here: HWPX packages written with
 * libzip, HWPML as strings in UTF-8 with a byte order mark, UTF-16 and with no declaration at
 * all. Each test checks one behaviour through the public API: what detection chooses, the tree
 * the reader builds (as cbxml), its plain text, metadata, media, and the messages bad input
 * gets. Real files are tested in corpus-hwp.c. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <cmocka.h>

#include "testutil.h"

static cb_context *ctx;
static cb_diags *diags;

static int setup(void **state)
{
	ctx = cbt_context();
	diags = cb_diags_new();
	return !ctx || !diags || !cb_context_find_plugin(ctx, CB_PLUGIN_READER, "hwpx") ||
	       !cb_context_find_plugin(ctx, CB_PLUGIN_READER, "hwpml");
}

static int teardown(void **state)
{
	cb_diags_free(diags);
	cb_context_free(ctx);
	return 0;
}

/* --- making packages ------------------------------------------------------------------------ */

#define NS_2011                                                                              \
	"xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "                              \
	"xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\" "                            \
	"xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\" "                                 \
	"xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\""
#define NS_2024                                                                              \
	"xmlns:hs=\"http://www.owpml.org/owpml/2024/section\" "                                 \
	"xmlns:hp=\"http://www.owpml.org/owpml/2024/paragraph\" "                               \
	"xmlns:hc=\"http://www.owpml.org/owpml/2024/core\" "                                    \
	"xmlns:hh=\"http://www.owpml.org/owpml/2024/head\""
#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
#define SEC(body) DECL "<hs:sec " NS_2011 ">" body "</hs:sec>"
#define SEC_NS(ns, body) DECL "<hs:sec " ns ">" body "</hs:sec>"
/* A paragraph of the given paragraph shape with one run of text. */
#define P(shape, text)                                                                       \
	"<hp:p id=\"0\" paraPrIDRef=\"" shape "\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\">"  \
	"<hp:t>" text "</hp:t></hp:run><hp:linesegarray><hp:lineseg textpos=\"0\"/>"            \
	"</hp:linesegarray></hp:p>"
#define RUN(content) "<hp:p paraPrIDRef=\"0\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\">" \
	content "</hp:run></hp:p>"

/* Paragraph shapes: 0 plain, 1-2 outline levels 1-2, 3-4 numbered levels 1-2 (numbering 1),
 * 5 bulleted (bullet 1, a Symbol-font bullet), 6 plain again (style 1, "개요 3", has it).
 * Character shapes: 0 plain, 1 bold, 2 italic and underlined; the header's switch gives shape
 * 3 its case only. */
static const char header_xml[] =
	DECL "<hh:head " NS_2011 " version=\"1.5\" secCnt=\"1\"><hh:refList>"
	"<hh:charProperties itemCnt=\"4\">"
	"<hh:charPr id=\"0\" height=\"1000\"><hh:underline type=\"NONE\" shape=\"SOLID\"/>"
	"<hh:strikeout shape=\"3D\"/></hh:charPr>"
	"<hh:charPr id=\"1\" height=\"1000\"><hh:bold/><hh:strikeout shape=\"NONE\"/></hh:charPr>"
	"<hh:charPr id=\"2\" height=\"1000\"><hh:italic/><hh:underline type=\"BOTTOM\"/>"
	"</hh:charPr>"
	"<hh:charPr id=\"3\" height=\"1000\"><hp:switch><hp:case hp:required-namespace="
	"\"http://www.hancom.co.kr/hwpml/2016/HwpUnitChar\"><hh:bold/></hp:case><hp:default>"
	"<hh:italic/></hp:default></hp:switch></hh:charPr>"
	"</hh:charProperties>"
	"<hh:numberings itemCnt=\"1\"><hh:numbering id=\"1\" start=\"0\">"
	"<hh:paraHead start=\"1\" level=\"1\" numFormat=\"DIGIT\">^1.</hh:paraHead>"
	"<hh:paraHead start=\"3\" level=\"2\" numFormat=\"HANGUL_SYLLABLE\">^2.</hh:paraHead>"
	"</hh:numbering></hh:numberings>"
	"<hh:bullets itemCnt=\"1\"><hh:bullet id=\"1\" char=\"\xEF\x81\xAC\" useImage=\"0\">"
	"<hh:paraHead level=\"0\" numFormat=\"DIGIT\"/></hh:bullet></hh:bullets>"
	"<hh:paraProperties itemCnt=\"7\">"
	"<hh:paraPr id=\"0\"><hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
	"<hh:paraPr id=\"1\"><hh:heading type=\"OUTLINE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
	"<hh:paraPr id=\"2\"><hh:heading type=\"OUTLINE\" idRef=\"0\" level=\"1\"/></hh:paraPr>"
	"<hh:paraPr id=\"3\"><hh:heading type=\"NUMBER\" idRef=\"1\" level=\"0\"/></hh:paraPr>"
	"<hh:paraPr id=\"4\"><hh:heading type=\"NUMBER\" idRef=\"1\" level=\"1\"/></hh:paraPr>"
	"<hh:paraPr id=\"5\"><hh:heading type=\"BULLET\" idRef=\"1\" level=\"0\"/></hh:paraPr>"
	"<hh:paraPr id=\"6\"><hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
	"</hh:paraProperties>"
	"<hh:styles itemCnt=\"2\">"
	"<hh:style id=\"0\" type=\"PARA\" name=\"바탕글\" engName=\"Normal\" paraPrIDRef=\"0\" "
	"charPrIDRef=\"0\"/>"
	"<hh:style id=\"1\" type=\"PARA\" name=\"개요 3\" engName=\"Outline 3\" paraPrIDRef=\"6\" "
	"charPrIDRef=\"0\"/>"
	"</hh:styles></hh:refList></hh:head>";

static const char version_xml[] =
	DECL "<hv:HCFVersion xmlns:hv=\"http://www.hancom.co.kr/hwpml/2011/version\" "
	"tagetApplication=\"WORDPROCESSOR\" major=\"5\" minor=\"1\" micro=\"0\" buildNumber=\"1\" "
	"os=\"1\" xmlVersion=\"1.5\" application=\"Hancom Office Hangul\" "
	"appVersion=\"12, 0, 0, 535 WIN32LEWindows_10\"/>";

static const char container_xml[] =
	DECL "<ocf:container xmlns:ocf=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
	"<ocf:rootfiles><ocf:rootfile full-path=\"Contents/content.hpf\" "
	"media-type=\"application/hwpml-package+xml\"/></ocf:rootfiles></ocf:container>";

static const char empty_manifest[] =
	DECL "<odf:manifest xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>";

typedef struct part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen(data) */
	bool store;
} part;

/* Writes a ZIP of the parts (mimetype first and stored, as Hangul does) into the test's
 * directory; returns its path (caller frees). */
static char *write_zip(const char *test, const char *file, const part *parts, size_t n)
{
	char *dir = cbt_tmpdir(test), *path;
	assert_non_null(dir);
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	free(dir);
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);
		zip_int64_t idx = zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE);
		assert_true(idx >= 0);
		if (parts[i].store)
			zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

/* content.hpf with metadata, a manifest of header, sections and extra items, and a spine. */
static char *content_hpf(const char *metadata, const char *items, const char *spine)
{
	char *s;
	assert_true(asprintf(&s, DECL "<opf:package xmlns:opf=\"http://www.idpf.org/2007/opf/\" "
	                             "version=\"\" unique-identifier=\"\" id=\"\"><opf:metadata>%s"
	                             "</opf:metadata><opf:manifest><opf:item id=\"header\" "
	                             "href=\"Contents/header.xml\" media-type=\"application/xml\"/>%s"
	                             "</opf:manifest><opf:spine><opf:itemref idref=\"header\" "
	                             "linear=\"yes\"/>%s</opf:spine></opf:package>",
	                    metadata, items, spine) > 0);
	return s;
}

static const char section_items[] =
	"<opf:item id=\"section0\" href=\"Contents/section0.xml\" media-type=\"application/xml\"/>"
	"<opf:item id=\"section1\" href=\"Contents/section1.xml\" media-type=\"application/xml\"/>";

static cb_document *read_path(const char *path)
{
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, NULL, diags);
	if (!doc)
		cbt_print_diags(diags);
	return doc;
}

/* A whole Hangul-like package with one section (and the extra parts given). */
static cb_document *read_hwpx_with(const char *test, const char *section, const char *items,
                                   const part *extra, size_t nextra)
{
	char *hpf = content_hpf("<opf:title>t</opf:title>", items ? items : section_items,
	                        "<opf:itemref idref=\"section0\" linear=\"yes\"/>");
	part parts[16] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"version.xml", version_xml, 0, true},
		{"Contents/header.xml", header_xml, 0, false},
		{"Contents/section0.xml", section, 0, false},
		{"Contents/content.hpf", hpf, 0, false},
		{"META-INF/container.xml", container_xml, 0, false},
		{"META-INF/manifest.xml", empty_manifest, 0, false},
	};
	size_t n = 7;
	for (size_t i = 0; i < nextra && n < 16; i++)
		parts[n++] = extra[i];
	char *path = write_zip(test, "doc.hwpx", parts, n);
	cb_document *doc = read_path(path);
	free(path);
	free(hpf);
	return doc;
}

static cb_document *read_hwpx(const char *test, const char *section)
{
	return read_hwpx_with(test, section, NULL, NULL, 0);
}

/* The document as cbxml, from the line after <body> to the line before </body>. */
static char *body_of(cb_document *doc)
{
	char *xml;
	size_t len;
	assert_int_equal(cb_write_memory(ctx, doc, "cbxml", &xml, &len, diags), CB_OK);
	char *start = strstr(xml, "  <body>\n");
	char *end = strstr(xml, "  </body>\n");
	char *body = start && end ? strndup(start + 9, (size_t)(end - start - 9)) : strdup("");
	free(xml);
	return body;
}

static void assert_body(cb_document *doc, const char *expected)
{
	assert_non_null(doc);
	char *body = body_of(doc);
	if (strcmp(body, expected) != 0)
		fprintf(stderr, "body was:\n%s\nexpected:\n%s\n", body, expected);
	assert_string_equal(body, expected);
	free(body);
}

static char *text_of(cb_document *doc)
{
	char *text;
	size_t len;
	assert_int_equal(cb_write_memory(ctx, doc, "text", &text, &len, diags), CB_OK);
	return text;
}

static const char *reader_of(const char *path)
{
	cb_diags_clear(diags);
	const cb_plugin *p = cb_detect_file(ctx, path, diags);
	return p ? cb_plugin_get_descriptor(p)->name : NULL;
}

/* --- detection ------------------------------------------------------------------------------ */

/* A minimal OLE compound file holding streams of the given names (HWP 5 has FileHeader and
 * BodyText): a header, one FAT sector, one directory sector. Caller frees. */
static unsigned char *cfb_with(const char *const *names, size_t *len)
{
	*len = 512 * 3;
	unsigned char *b = calloc(1, *len);
	memcpy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	b[0x18] = 0x3E, b[0x1A] = 3, b[0x1C] = 0xFE, b[0x1D] = 0xFF, b[0x1E] = 9, b[0x20] = 6;
	b[0x2C] = 1;                                /* one FAT sector ... */
	memset(b + 0x4C, 0xFF, 436);                /* ... listed first in the DIFAT */
	b[0x4C] = 0, b[0x4D] = 0, b[0x4E] = 0, b[0x4F] = 0;
	b[0x30] = 1;                                /* the directory is sector 1 */
	unsigned char *fat = b + 512;
	memset(fat, 0xFF, 512);
	memcpy(fat, "\xFD\xFF\xFF\xFF\xFE\xFF\xFF\xFF", 8);
	unsigned char *dir = b + 1024;
	const char *root = "Root Entry";
	for (size_t i = 0; root[i]; i++)
		dir[2 * i] = (unsigned char)root[i];
	dir[0x40] = (unsigned char)(2 * strlen(root) + 2);
	dir[0x42] = 5;
	for (size_t k = 0; names[k] && k < 3; k++) {
		unsigned char *e = dir + 128 * (k + 1);
		for (size_t i = 0; names[k][i]; i++)
			e[2 * i] = (unsigned char)names[k][i];
		e[0x40] = (unsigned char)(2 * strlen(names[k]) + 2);
		e[0x42] = strcmp(names[k], "BodyText") == 0 ? 1 : 2;
	}
	return b;
}

static void packages_and_hangul_files_are_bid_on(void **state)
{
	part hwpx[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"Contents/section0.xml", SEC(P("0", "x")), 0, false},
	};
	char *path = write_zip("hwp-bid", "a.zip", hwpx, 2);
	assert_string_equal(reader_of(path), "hwpx");
	free(path);
	/* Rewritten by another tool: no mimetype, but OWPML's part names. */
	part rewritten[] = {
		{"version.xml", version_xml, 0, false},
		{"Contents/section0.xml", SEC(P("0", "x")), 0, false},
	};
	path = write_zip("hwp-bid", "b.zip", rewritten, 2);
	assert_string_equal(reader_of(path), "hwpx");
	free(path);
	/* A ZIP of something else is not Hangul's. */
	part other[] = {{"word/document.xml", "<w/>", 0, false}};
	path = write_zip("hwp-bid", "c.hwpx", other, 1);
	const char *who = reader_of(path);
	assert_true(!who || strcmp(who, "hwpx") != 0);
	free(path);

	/* HWPML: the root element decides, in any encoding and under any name. */
	static const char *const hml[] = {
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\" ?><HWPML "
		"Style=\"embed\" Version=\"2.9\"><BODY/></HWPML>",
		"<HWPML Style=\"embed\"><BODY/></HWPML>",
		"<!-- made by hand -->\n<HWPML>\n</HWPML>",
	};
	char *dir = cbt_tmpdir("hwp-bid-hml");
	for (size_t i = 0; i < sizeof hml / sizeof hml[0]; i++) {
		assert_true(asprintf(&path, "%s/form%zu.hwp", dir, i) > 0);
		assert_true(cbt_write_file(path, hml[i], strlen(hml[i])));
		assert_string_equal(reader_of(path), "hwpml");
		free(path);
	}
	/* UTF-16LE with its byte order mark. */
	const char le[] = "\xFF\xFE<\0H\0W\0P\0M\0L\0 \0/\0>\0";
	assert_true(asprintf(&path, "%s/utf16.hml", dir) > 0);
	assert_true(cbt_write_file(path, le, sizeof le - 1));
	assert_string_equal(reader_of(path), "hwpml");
	free(path);
	const char not_hwpml[] = "<HWPMLX/>";
	assert_true(asprintf(&path, "%s/x.hml", dir) > 0);
	assert_true(cbt_write_file(path, not_hwpml, sizeof not_hwpml - 1));
	who = reader_of(path);
	assert_true(!who || strcmp(who, "hwpml") != 0);
	free(path);
	free(dir);
}

static void binary_hangul_documents_are_refused_with_advice(void **state)
{
	static const char *const hwp5[] = {"FileHeader", "BodyText", "DocInfo", NULL};
	size_t len;
	unsigned char *cfb = cfb_with(hwp5, &len);
	/* Whatever the name says, the message says what it is and what to do. */
	static const char *const names[] = {"report.hwpx", "report.hwp", "report.docx", "report"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		cb_diags_clear(diags);
		assert_null(cb_read_memory(ctx, names[i], cfb, len, NULL, diags));
		assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED,
		                         "HWP 5 binary document: not supported yet; save it as HWPX"));
		assert_false(cbt_has_diag(diags, CB_E_UNRECOGNISED, NULL));
	}
	free(cfb);
	/* A Word 97 file is a compound file too, but not Hangul's: nobody here bids on it. */
	static const char *const word[] = {"WordDocument", NULL};
	cfb = cfb_with(word, &len);
	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "old.doc", cfb, len, NULL, diags));
	assert_false(cbt_has_diag(diags, CB_E_UNSUPPORTED, "HWP 5"));
	free(cfb);

	const char hwp3[] = "HWP Document File V3.00 \x1A\x01\x02\x03\x04\x05 and more bytes";
	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "old.hwp", hwp3, sizeof hwp3 - 1, NULL, diags));
	assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED,
	                         "HWP 3 binary document: not supported yet; save it as HWPX"));
}

/* --- sections -------------------------------------------------------------------------------- */

static void sections_follow_the_spine_not_file_names(void **state)
{
	/* The spine puts section1 first. */
	char *hpf = content_hpf("", section_items,
	                        "<opf:itemref idref=\"section1\" linear=\"yes\"/>"
	                        "<opf:itemref idref=\"section0\" linear=\"yes\"/>");
	part parts[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"Contents/header.xml", header_xml, 0, false},
		{"Contents/section0.xml", SEC(P("0", "second")), 0, false},
		{"Contents/section1.xml", SEC(P("0", "first")), 0, false},
		{"Contents/content.hpf", hpf, 0, false},
		{"META-INF/container.xml", container_xml, 0, false},
	};
	char *path = write_zip("hwp-spine", "doc.hwpx", parts, 6);
	cb_document *doc = read_path(path);
	assert_body(doc, "    <p>first</p>\n    <p>second</p>\n");
	assert_int_equal(cb_diags_count(diags), 0);
	cb_document_free(doc);
	free(path);
	free(hpf);
}

static void without_a_manifest_sections_go_by_number(void **state)
{
	/* Neither content.hpf nor container.xml: section2 comes before section10, which file-name
	 * order would get wrong. */
	part parts[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"version.xml", version_xml, 0, false},
		{"Contents/header.xml", header_xml, 0, false},
		{"Contents/section10.xml", SEC(P("0", "ten")), 0, false},
		{"Contents/section2.xml", SEC(P("0", "two")), 0, false},
		{"Contents/section1.xml", SEC(P("0", "one")), 0, false},
	};
	char *path = write_zip("hwp-numbers", "doc.hwpx", parts, 6);
	cb_document *doc = read_path(path);
	assert_body(doc, "    <p>one</p>\n    <p>two</p>\n    <p>ten</p>\n");
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "no META-INF/container.xml"));
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "in the order of their numbers"));
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_ERROR), 0);
	assert_string_equal(cb_document_meta(doc, "producer"),
	                    "Hancom Office Hangul 12, 0, 0, 535 WIN32LEWindows_10");
	cb_document_free(doc);
	free(path);
}

static void both_namespace_sets_read_alike(void **state)
{
	cb_document *a = read_hwpx("hwp-ns2011", SEC_NS(NS_2011, P("1", "제목") P("0", "본문")));
	assert_int_equal(cb_diags_count(diags), 0);
	cb_document *b = read_hwpx("hwp-ns2024", SEC_NS(NS_2024, P("1", "제목") P("0", "본문")));
	assert_int_equal(cb_diags_count(diags), 0);
	char *ba = body_of(a), *bb = body_of(b);
	assert_string_equal(ba, "    <heading level=\"1\">제목</heading>\n    <p>본문</p>\n");
	assert_string_equal(ba, bb);
	free(ba);
	free(bb);
	cb_document_free(a);
	cb_document_free(b);
}

static void undeclared_prefixes_are_recovered_with_a_warning(void **state)
{
	/* hp is never declared: the names still say what the elements are. */
	cb_document *doc = read_hwpx(
		"hwp-prefix", DECL "<hs:sec xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\">"
		              P("0", "살아남은 글") "</hs:sec>");
	assert_body(doc, "    <p>살아남은 글</p>\n");
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "prefix hp"));
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_ERROR), 0);
	cb_document_free(doc);
}

static void text_keeps_its_inline_characters(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-inline",
		SEC(RUN("<hp:t>  탭<hp:tab width=\"16\" leader=\"0\" type=\"1\"/>줄<hp:lineBreak/>묶음"
		        "<hp:nbSpace/>고정<hp:fwSpace/>하이픈<hp:hyphen/>끝</hp:t>")
		    RUN("<hp:t><hp:markpenBegin color=\"#FFFF00\"/>형광<hp:markpenEnd/> "
		        "변경<hp:deleteBegin Id=\"2\" TcId=\"2\"/> 지운 글<hp:deleteEnd Id=\"2\" "
		        "TcId=\"2\" paraend=\"0\"/> <hp:insertBegin Id=\"1\" TcId=\"1\"/>넣은 글"
		        "<hp:insertEnd Id=\"1\" TcId=\"1\" paraend=\"0\"/></hp:t>")
		    RUN("<hp:t>   </hp:t>") /* white space only: no paragraph */
		    RUN("<hp:t>가</hp:t></hp:run><hp:run charPrIDRef=\"1\"><hp:t>나</hp:t></hp:run>"
		        "<hp:run charPrIDRef=\"2\"><hp:t>다</hp:t></hp:run><hp:run charPrIDRef=\"3\">"
		        "<hp:t>라</hp:t>")));
	assert_body(doc, "    <p>  탭\t줄<br/>묶음\xC2\xA0고정\xE2\x80\x87하이픈-끝</p>\n"
	                 "    <p>형광 변경 넣은 글</p>\n"
	                 "    <p>가<t m=\"bold\">나</t><t m=\"italic underline\">다</t>"
	                 "<t m=\"bold\">라</t></p>\n");
	cb_document_free(doc);
}

static void outline_shapes_and_styles_make_headings(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-outline",
		SEC(P("1", "Ⅰ. 추진 배경") P("0", "본문") P("2", "1. 목표")
		    "<hp:p paraPrIDRef=\"6\" styleIDRef=\"1\"><hp:run charPrIDRef=\"0\"><hp:t>개요 "
		    "스타일</hp:t></hp:run></hp:p>"
		    /* A style named 개요 N decides when the paragraph shape is unknown too. */
		    "<hp:p paraPrIDRef=\"99\" styleIDRef=\"1\"><hp:run charPrIDRef=\"0\"><hp:t>셋째"
		    "</hp:t></hp:run></hp:p>"));
	assert_body(doc, "    <heading level=\"1\">Ⅰ. 추진 배경</heading>\n"
	                 "    <p>본문</p>\n"
	                 "    <heading level=\"2\">1. 목표</heading>\n"
	                 "    <heading level=\"3\">개요 스타일</heading>\n"
	                 "    <heading level=\"3\">셋째</heading>\n");
	cb_document_free(doc);
}

static void numbering_and_bullets_make_lists(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-lists", SEC(P("3", "하나") P("4", "가나") P("4", "가다") P("3", "둘") P("0", "사이")
		                 P("3", "셋, 이어서") P("5", "점") P("5", "점 둘")
		                 P("0", "1) 손으로 쓴 번호는 그대로")));
	assert_body(doc,
	            "    <list ordered=\"true\" start=\"1\" style=\"decimal\">\n"
	            "      <item>\n"
	            "        <p>하나</p>\n"
	            "        <list ordered=\"true\" start=\"3\" style=\"hangul\">\n"
	            "          <item>\n"
	            "            <p>가나</p>\n"
	            "          </item>\n"
	            "          <item>\n"
	            "            <p>가다</p>\n"
	            "          </item>\n"
	            "        </list>\n"
	            "      </item>\n"
	            "      <item>\n"
	            "        <p>둘</p>\n"
	            "      </item>\n"
	            "    </list>\n"
	            "    <p>사이</p>\n"
	            "    <list ordered=\"true\" start=\"3\" style=\"decimal\">\n"
	            "      <item>\n"
	            "        <p>셋, 이어서</p>\n"
	            "      </item>\n"
	            "    </list>\n"
	            "    <list ordered=\"false\" start=\"1\" style=\"●\">\n"
	            "      <item>\n"
	            "        <p>점</p>\n"
	            "      </item>\n"
	            "      <item>\n"
	            "        <p>점 둘</p>\n"
	            "      </item>\n"
	            "    </list>\n"
	            "    <p>1) 손으로 쓴 번호는 그대로</p>\n");
	cb_document_free(doc);
}

static void a_switch_is_read_once(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-switch",
		SEC(RUN("<hp:switch><hp:case hp:required-namespace=\"http://www.hancom.co.kr/hwpml/2016/"
		        "HwpUnitChar\"><hp:t>case</hp:t></hp:case><hp:default><hp:t>default</hp:t>"
		        "</hp:default></hp:switch>")
		    RUN("<hp:switch><hp:case hp:required-namespace=\"urn:unknown\"><hp:t>unknown</hp:t>"
		        "</hp:case><hp:default><hp:t>fallback</hp:t></hp:default></hp:switch>")));
	assert_body(doc, "    <p>case</p>\n    <p>fallback</p>\n");
	cb_document_free(doc);
}

/* --- tables ------------------------------------------------------------------------------- */

#define TC(col, row, cs, rs, header, text)                                               \
	"<hp:tc name=\"\" header=\"" header "\" borderFillIDRef=\"3\">"                     \
	"<hp:subList vertAlign=\"CENTER\">" P("0", text) "</hp:subList>"                      \
	"<hp:cellAddr colAddr=\"" col "\" rowAddr=\"" row "\"/>"                            \
	"<hp:cellSpan colSpan=\"" cs "\" rowSpan=\"" rs "\"/>"                              \
	"<hp:cellSz width=\"100\" height=\"100\"/></hp:tc>"

static void cells_are_placed_by_address(void **state)
{
	/* A 2x3 table as Hangul writes it: covered cells left out, a row span and a column span;
	 * here also the second row's cells in the wrong order, and a header cell. */
	cb_document *doc = read_hwpx(
		"hwp-table",
		SEC(RUN("<hp:t>앞</hp:t><hp:tbl rowCnt=\"2\" colCnt=\"3\"><hp:sz width=\"1\"/>"
		        "<hp:tr>" TC("0", "0", "1", "1", "1", "A") TC("1", "0", "1", "1", "0", "B")
		        TC("2", "0", "1", "2", "0", "C") "</hp:tr>"
		        "<hp:tr>" TC("0", "1", "2", "1", "0", "D") "</hp:tr></hp:tbl><hp:t>뒤</hp:t>")));
	assert_body(doc, "    <p>앞</p>\n"
	                 "    <table>\n"
	                 "      <row>\n"
	                 "        <cell header=\"true\">\n"
	                 "          <p>A</p>\n"
	                 "        </cell>\n"
	                 "        <cell>\n"
	                 "          <p>B</p>\n"
	                 "        </cell>\n"
	                 "        <cell rowspan=\"2\">\n"
	                 "          <p>C</p>\n"
	                 "        </cell>\n"
	                 "      </row>\n"
	                 "      <row>\n"
	                 "        <cell colspan=\"2\">\n"
	                 "          <p>D</p>\n"
	                 "        </cell>\n"
	                 "      </row>\n"
	                 "    </table>\n"
	                 "    <p>뒤</p>\n");
	cb_document_free(doc);

	/* The same cells in another order, and a nested table in a cell. */
	doc = read_hwpx(
		"hwp-table-order",
		SEC(RUN("<hp:tbl rowCnt=\"2\" colCnt=\"2\"><hp:tr>" TC("1", "1", "1", "1", "0", "d")
		        TC("0", "1", "1", "1", "0", "c") "</hp:tr><hp:tr>"
		        "<hp:tc><hp:subList>"
		        RUN("<hp:tbl rowCnt=\"1\" colCnt=\"2\"><hp:tr>"
		            TC("1", "0", "1", "1", "0", "in2") TC("0", "0", "1", "1", "0", "in1")
		            "</hp:tr></hp:tbl>")
		        "</hp:subList><hp:cellAddr colAddr=\"0\" rowAddr=\"0\"/>"
		        "<hp:cellSpan colSpan=\"2\" rowSpan=\"1\"/></hp:tc></hp:tr></hp:tbl>")));
	char *text = text_of(doc);
	assert_string_equal(text, "in1 | in2\t\nc\td\n");
	free(text);
	char *body = body_of(doc);
	assert_non_null(strstr(body, "<cell colspan=\"2\">\n          <table>"));
	free(body);
	cb_document_free(doc);
}

/* --- pictures, equations, notes, fields ----------------------------------------------------- */

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
};

#define PIC(ref, comment)                                                                    \
	"<hp:pic id=\"1\" numberingType=\"PICTURE\"><hp:offset x=\"0\" y=\"0\"/><hc:img "        \
	"binaryItemIDRef=\"" ref "\" bright=\"0\" effect=\"REAL_PIC\" alpha=\"0\"/><hp:sz "      \
	"width=\"1\"/>" comment "</hp:pic>"

static void pictures_go_to_the_media_store(void **state)
{
	static const char items[] =
		"<opf:item id=\"image1\" href=\"BinData/image1.png\" media-type=\"image/png\" "
		"isEmbeded=\"1\"/><opf:item id=\"image2\" href=\"BinData/image2.jpg\" "
		"media-type=\"image/jpg\" isEmbeded=\"1\"/><opf:item id=\"section0\" "
		"href=\"Contents/section0.xml\" media-type=\"application/xml\"/>";
	part bindata[] = {
		{"BinData/image1.png", (const char *)png, sizeof png, true},
		{"BinData/image2.jpg", "not a real jpeg", 0, true},
	};
	cb_document *doc = read_hwpx_with(
		"hwp-pictures",
		SEC(RUN("<hp:t>그림: </hp:t>" PIC("image1", "<hp:shapeComment>그림입니다.\r\n원본 "
		                                             "그림의 이름: 운동회.png\r\n원본 그림의 크기: "
		                                             "가로 1pixel</hp:shapeComment>"))
		    RUN(PIC("image2", "<hp:shapeComment>학생들이 달리는 모습</hp:shapeComment>"))
		    RUN(PIC("image1", "")) RUN(PIC("missing", ""))),
		items, bindata, 2);
	assert_body(doc, "    <p>그림: <image src=\"image1\"/></p>\n"
	                 "    <p><image src=\"image2\" alt=\"학생들이 달리는 모습\"/></p>\n"
	                 "    <p><image src=\"image1\"/></p>\n");
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "picture 'missing' is not in the package"));
	assert_int_equal(cb_document_media_count(doc), 2);
	const cb_media *m = cb_document_find_media(doc, "image1");
	assert_string_equal(cb_media_type(m), "image/png");
	assert_string_equal(cb_media_name(m), "운동회.png");
	size_t len;
	assert_memory_equal(cb_media_data(m, &len), png, sizeof png);
	assert_int_equal(len, sizeof png);
	m = cb_document_find_media(doc, "image2");
	assert_string_equal(cb_media_type(m), "image/jpeg"); /* Hangul's "image/jpg" */
	assert_string_equal(cb_media_name(m), "image2.jpg");
	cb_document_free(doc);
}

static void equations_are_kept_as_their_script(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-equation",
		SEC(RUN("<hp:t>넓이는 </hp:t><hp:equation id=\"1\" version=\"Equation Version 60\">"
		        "<hp:sz width=\"1\"/><hp:shapeComment>수식입니다.</hp:shapeComment>"
		        "<hp:script>pi r ^{2}</hp:script></hp:equation><hp:t>이다.</hp:t>")));
	assert_body(doc, "    <p>넓이는 pi r ^{2}이다.</p>\n");
	cb_document_free(doc);
}

#define NOTE(kind, type, n, text)                                                            \
	"<hp:ctrl><hp:" kind " id=\"\"><hp:subList><hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">"    \
	"<hp:run charPrIDRef=\"0\"><hp:ctrl><hp:autoNum num=\"" n "\" numType=\"" type "\">"      \
	"<hp:autoNumFormat type=\"DIGIT\" suffixChar=\")\"/></hp:autoNum></hp:ctrl><hp:t> " text  \
	"</hp:t></hp:run></hp:p></hp:subList></hp:" kind "></hp:ctrl>"

static void notes_follow_the_paragraph_that_refers_to_them(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-notes",
		SEC(RUN("<hp:t>각주 참조</hp:t>" NOTE("footNote", "FOOTNOTE", "1", "각주입니다.")
		        "<hp:t> 그리고 미주</hp:t>" NOTE("endNote", "ENDNOTE", "1", "미주입니다."))
		    P("0", "다음 문단")));
	assert_body(doc, "    <p>각주 참조<noteref id=\"fn1\"/> 그리고 미주<noteref id=\"en1\"/></p>\n"
	                 "    <note id=\"fn1\" kind=\"footnote\">\n"
	                 "      <p>각주입니다.</p>\n"
	                 "    </note>\n"
	                 "    <note id=\"en1\" kind=\"endnote\">\n"
	                 "      <p>미주입니다.</p>\n"
	                 "    </note>\n"
	                 "    <p>다음 문단</p>\n");
	cb_document_free(doc);
}

static void page_furniture_and_automatic_captions_stay_out(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-furniture",
		SEC(RUN("<hp:ctrl><hp:header id=\"0\" applyPageType=\"BOTH\"><hp:subList>"
		        P("0", "머리말") "</hp:subList></hp:header></hp:ctrl>"
		        "<hp:ctrl><hp:footer id=\"1\" applyPageType=\"ODD\"><hp:subList>"
		        P("0", "꼬리말") "</hp:subList></hp:footer></hp:ctrl>"
		        "<hp:ctrl><hp:hiddenComment><hp:subList>" P("0", "숨은 설명")
		        "</hp:subList></hp:hiddenComment></hp:ctrl>"
		        "<hp:ctrl><hp:pageNum pos=\"BOTTOM_CENTER\" formatType=\"DIGIT\"/></hp:ctrl>"
		        "<hp:t>본문</hp:t>"
		        "<hp:rect id=\"2\"><hp:shapeComment>사각형입니다.</hp:shapeComment>"
		        "<hp:drawText><hp:subList>" P("0", "글상자 글") "</hp:subList></hp:drawText>"
		        "</hp:rect>"
		        "<hp:tbl rowCnt=\"1\" colCnt=\"1\"><hp:caption side=\"TOP\"><hp:subList>"
		        RUN("<hp:t>표 </hp:t><hp:ctrl><hp:autoNum num=\"3\" numType=\"TABLE\"/>"
		            "</hp:ctrl><hp:t>. 일정</hp:t>")
		        "</hp:subList></hp:caption><hp:tr>" TC("0", "0", "1", "1", "0", "칸")
		        "</hp:tr></hp:tbl>")));
	assert_body(doc, "    <p>본문</p>\n"
	                 "    <p>글상자 글</p>\n"
	                 "    <p>표 3. 일정</p>\n"
	                 "    <table>\n"
	                 "      <row>\n"
	                 "        <cell>\n"
	                 "          <p>칸</p>\n"
	                 "        </cell>\n"
	                 "      </row>\n"
	                 "    </table>\n");
	cb_document_free(doc);
}

#define FIELD_BEGIN(type, params)                                                            \
	"<hp:run charPrIDRef=\"0\"><hp:ctrl><hp:fieldBegin id=\"7\" type=\"" type "\" name=\"\" " \
	"editable=\"1\"><hp:parameters cnt=\"2\" name=\"\">" params "</hp:parameters>"            \
	"</hp:fieldBegin></hp:ctrl></hp:run>"
#define FIELD_END                                                                            \
	"<hp:run charPrIDRef=\"0\"><hp:ctrl><hp:fieldEnd beginIDRef=\"7\"/></hp:ctrl><hp:t/>"    \
	"</hp:run>"

static void fields_keep_their_text_and_links_become_links(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-fields",
		SEC("<hp:p paraPrIDRef=\"0\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\"><hp:t>학교: "
		    "</hp:t></hp:run>"
		    FIELD_BEGIN("CLICK_HERE", "<hp:integerParam name=\"Prop\">9</hp:integerParam>"
		                "<hp:stringParam name=\"Command\" xml:space=\"preserve\">Clickhere:set:"
		                "</hp:stringParam>")
		    "<hp:run charPrIDRef=\"0\"><hp:t>학교명을 입력하세요</hp:t></hp:run>" FIELD_END
		    "</hp:p>"
		    "<hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">"
		    FIELD_BEGIN("HYPERLINK", "<hp:stringParam name=\"Command\">http\\://example.org/a"
		                             "\\?b=1;1;0;0;</hp:stringParam>")
		    "<hp:run charPrIDRef=\"0\"><hp:t>누리집</hp:t></hp:run>" FIELD_END
		    "<hp:run charPrIDRef=\"0\"><hp:t> 참고</hp:t></hp:run></hp:p>"
		    "<hp:p paraPrIDRef=\"0\" styleIDRef=\"0\">"
		    FIELD_BEGIN("HYPERLINK", "<hp:stringParam name=\"Command\">mailto\\:a@b.kr|메일;2;0;0;"
		                             "</hp:stringParam><hp:stringParam name=\"Path\">"
		                             "mailto:a@b.kr</hp:stringParam>")
		    "<hp:run charPrIDRef=\"0\"><hp:t>메일</hp:t></hp:run>" FIELD_END "</hp:p>"));
	assert_body(doc, "    <p>학교: 학교명을 입력하세요</p>\n"
	                 "    <p><link href=\"http://example.org/a?b=1\">누리집</link> 참고</p>\n"
	                 "    <p><link href=\"mailto:a@b.kr\">메일</link></p>\n");
	cb_document_free(doc);
}

static void form_controls_show_their_state_and_label(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-controls",
		SEC(RUN("<hp:checkBtn caption=\"IP R&amp;&amp;D연계\" value=\"UNCHECKED\" "
		        "name=\"CheckBox1\"><hp:formCharPr charPrIDRef=\"0\"/></hp:checkBtn>"
		        "<hp:t> </hp:t><hp:checkBtn caption=\"해당&amp;없음\" value=\"CHECKED\"/>")
		    RUN("<hp:radioBtn caption=\"예\" value=\"CHECKED\"/><hp:t> </hp:t>"
		        "<hp:radioBtn caption=\"아니요\" value=\"UNCHECKED\"/>")
		    /* 글자 겹치기: the characters it overlays, as they are. */
		    RUN("<hp:compose circleType=\"CHAR\" composeText=\"\xF3\xB0\x8A\xBA" "1\"/>"
		        "<hp:t> 항목</hp:t>")));
	assert_body(doc, "    <p>☐ IP R&amp;D연계 ☑ 해당없음</p>\n"
	                 "    <p>◉ 예 ○ 아니요</p>\n"
	                 "    <p>\xF3\xB0\x8A\xBA" "1 항목</p>\n");
	cb_document_free(doc);
}

static void metadata_come_from_the_package(void **state)
{
	char *hpf = content_hpf(
		"<opf:title>2026 사례</opf:title><opf:language>ko</opf:language>"
		"<opf:meta name=\"creator\" content=\"text\">빛고을초</opf:meta>"
		"<opf:meta name=\"subject\" content=\"text\">교육복지</opf:meta>"
		"<opf:meta name=\"description\" content=\"text\" xml:space=\"preserve\">\r\n\r\n"
		"</opf:meta>"
		"<opf:meta name=\"CreatedDate\" content=\"text\">2006-02-06 22:49:08</opf:meta>"
		"<opf:meta name=\"ModifiedDate\" content=\"text\">2026-03-16T11:01:40Z</opf:meta>"
		"<opf:meta name=\"date\" content=\"text\">2006년 2월 6일 월요일 오후 10:49:08</opf:meta>"
		"<opf:meta name=\"keyword\" content=\"text\">복지, 사례</opf:meta>",
		section_items, "<opf:itemref idref=\"section0\"/>");
	part parts[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"version.xml", version_xml, 0, true},
		{"Contents/header.xml", header_xml, 0, false},
		{"Contents/section0.xml", SEC(P("0", "x")), 0, false},
		{"Contents/content.hpf", hpf, 0, false},
		{"META-INF/container.xml", container_xml, 0, false},
	};
	char *path = write_zip("hwp-meta", "doc.hwpx", parts, 6);
	cb_document *doc = read_path(path);
	assert_non_null(doc);
	static const char *const expected[][2] = {
		{"title", "2026 사례"}, {"subject", "교육복지"}, {"creator", "빛고을초"},
		{"keywords", "복지, 사례"}, {"created", "2006-02-06T22:49:08"},
		{"modified", "2026-03-16T11:01:40Z"}, {"language", "ko"},
		{"producer", "Hancom Office Hangul 12, 0, 0, 535 WIN32LEWindows_10"},
	};
	assert_int_equal(cb_document_meta_count(doc), 8); /* the empty description is not set */
	for (size_t i = 0; i < 8; i++) {
		const char *key, *value;
		assert_true(cb_document_meta_at(doc, i, &key, &value));
		assert_string_equal(key, expected[i][0]);
		assert_string_equal(value, expected[i][1]);
	}
	cb_document_free(doc);
	free(path);
	free(hpf);
}

/* --- bad input ------------------------------------------------------------------------------ */

static void encrypted_packages_are_refused(void **state)
{
	static const char manifest[] =
		DECL "<odf:manifest xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
		"<odf:file-entry full-path=\"Contents/section0.xml\" media-type=\"application/xml\" "
		"size=\"4925\"><odf:encryption-data checksum-type=\"urn:oasis:names:tc:opendocument:"
		"xmlns:manifest:1.0#sha256-1k\" checksum=\"AAAA\"><odf:algorithm algorithm-name="
		"\"http://www.w3.org/2001/04/xmlenc#aes256-cbc\" initialisation-vector=\"AAAA\"/>"
		"</odf:encryption-data></odf:file-entry></odf:manifest>";
	part parts[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"Contents/section0.xml", "\x54\xf9\xdf\x02\xe9\x5a\xf8\x34", 8, true},
		{"META-INF/manifest.xml", manifest, 0, false},
	};
	char *path = write_zip("hwp-encrypted", "secret.hwpx", parts, 3);
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, path, NULL, diags));
	assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED,
	                         "encrypted document: remove the password and save again"));
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_ERROR), 1);
	assert_string_equal(cb_diag_part(cb_diags_at(diags, 0)), "META-INF/manifest.xml");
	free(path);
}

static void other_packages_are_not_taken_for_hwpx(void **state)
{
	/* Told to read a Word package, each reader says what it got rather than reading nothing. */
	part docx[] = {
		{"[Content_Types].xml", "<Types/>", 0, false},
		{"word/document.xml", "<w:document xmlns:w=\"urn:w\"/>", 0, false},
	};
	char *path = write_zip("hwp-other-zip", "letter.docx", docx, 2);
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, path, "hwpx", diags));
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "not an HWPX document: the package has no "
	                                              "section"));
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, path, "hwpml", diags));
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "not an HWPML document: a ZIP package"));
	free(path);
	/* A part named like a section that is not one is passed over, with a warning. */
	part odd[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"Contents/section0.xml", "<a/>", 0, false},
		{"Contents/section1.xml", SEC(P("0", "본문")), 0, false},
	};
	path = write_zip("hwp-odd-part", "odd.hwpx", odd, 3);
	cb_document *doc = read_path(path);
	assert_body(doc, "    <p>본문</p>\n");
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "not a section (hs:sec); passed over"));
	cb_document_free(doc);
	free(path);
}

static void zip_bombs_are_refused(void **state)
{
	/* 4 MiB of spaces deflate far beyond the default ratio limit (200 to 1). */
	size_t n = 4u << 20;
	char *big = malloc(n + 1024);
	size_t used = (size_t)sprintf(big, "%s", DECL "<hs:sec " NS_2011 "><hp:p><hp:run><hp:t>");
	memset(big + used, ' ', n);
	used += n;
	used += (size_t)sprintf(big + used, "</hp:t></hp:run></hp:p></hs:sec>");
	cb_document *doc = read_hwpx_with("hwp-bomb", big, NULL, NULL, 0);
	assert_null(doc);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "a ZIP bomb"));
	free(big);

	/* The limit on what a whole package may expand to holds too. */
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 2000);
	doc = read_hwpx("hwp-bomb-total", SEC(P("0", "작은 문서")));
	assert_null(doc);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-uncompressed-bytes"));
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 1ull << 30);
}

static void entities_and_deep_nesting_are_refused(void **state)
{
	cb_document *doc = read_hwpx(
		"hwp-dtd", DECL "<!DOCTYPE hs:sec [<!ENTITY lol \"lollollollollol\">]><hs:sec " NS_2011
		                "><hp:p><hp:run><hp:t>&lol;</hp:t></hp:run></hp:p></hs:sec>");
	assert_null(doc);
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "document type declarations"));

	char deep[4096] = DECL "<hs:sec " NS_2011 ">";
	for (int i = 0; i < 40; i++)
		strcat(deep, "<hp:x>");
	for (int i = 0; i < 40; i++)
		strcat(deep, "</hp:x>");
	strcat(deep, "</hs:sec>");
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 32);
	doc = read_hwpx("hwp-deep", deep);
	assert_null(doc);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-depth"));
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 256);
}

static void malformed_sections_fail_with_the_part_and_line(void **state)
{
	cb_document *doc = read_hwpx("hwp-malformed", SEC("<hp:p>\n<hp:run>\n<hp:t>a</hp:x>"));
	assert_null(doc);
	const cb_diag *d = NULL;
	for (size_t i = 0; i < cb_diags_count(diags); i++)
		if (cb_diag_code(cb_diags_at(diags, i)) == CB_E_SYNTAX)
			d = cb_diags_at(diags, i);
	assert_non_null(d);
	assert_string_equal(cb_diag_part(d), "Contents/section0.xml");
	assert_int_equal(cb_diag_line(d), 3);
}

/* --- HWPML ---------------------------------------------------------------------------------- */

static const char hml_body[] =
	"<HWPML Style=\"embed\" SubVersion=\"9.0.1.0\" Version=\"2.9\"><HEAD SecCnt=\"1\">"
	"<DOCSUMMARY><TITLE>제목</TITLE><AUTHOR>kjihy</AUTHOR>"
	"<DATE>2019년 6월 25일 화요일 오전 8:52:57</DATE></DOCSUMMARY>"
	"<MAPPINGTABLE><BINDATALIST Count=\"2\"><BINITEM BinData=\"1\" Format=\"png\" "
	"Type=\"Embedding\"/><BINITEM BinData=\"2\" Format=\"png\" Type=\"Embedding\"/>"
	"</BINDATALIST><CHARSHAPELIST Count=\"2\"><CHARSHAPE Id=\"0\" Height=\"1000\"/>"
	"<CHARSHAPE Id=\"1\" Height=\"1000\"><BOLD/></CHARSHAPE></CHARSHAPELIST>"
	"<PARASHAPELIST Count=\"2\"><PARASHAPE Align=\"Justify\" HeadingType=\"None\" Id=\"0\" "
	"Level=\"0\"/><PARASHAPE HeadingType=\"Outline\" Id=\"1\" Level=\"0\"/></PARASHAPELIST>"
	"<STYLELIST Count=\"1\"><STYLE CharShape=\"0\" EngName=\"Normal\" Id=\"0\" "
	"Name=\"바탕글\" ParaShape=\"0\" Type=\"Para\"/></STYLELIST></MAPPINGTABLE></HEAD>"
	"<BODY><SECTION Id=\"0\">"
	"<P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\"><SECDEF><STARTNUMBER Page=\"0\"/>"
	"</SECDEF><COLDEF Count=\"1\"/><CHAR>첫 줄</CHAR></TEXT></P>"
	"<P ParaShape=\"1\" Style=\"0\"><TEXT CharShape=\"0\"><CHAR>Ⅰ. 개요</CHAR></TEXT></P>"
	"<P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\"><CHAR>탭<TAB/>줄<LINEBREAK/>끝"
	"</CHAR></TEXT><TEXT CharShape=\"1\"><CHAR>굵게</CHAR></TEXT></P>"
	"<P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\"><TABLE ColCount=\"2\" "
	"RowCount=\"2\"><SHAPEOBJECT><SIZE Height=\"1\"/></SHAPEOBJECT><ROW>"
	"<CELL ColAddr=\"0\" ColSpan=\"1\" Header=\"true\" RowAddr=\"0\" RowSpan=\"2\">"
	"<PARALIST><P ParaShape=\"0\"><TEXT CharShape=\"0\"><CHAR>미국</CHAR></TEXT></P>"
	"</PARALIST></CELL><CELL ColAddr=\"1\" ColSpan=\"1\" Header=\"false\" RowAddr=\"0\" "
	"RowSpan=\"1\"><PARALIST><P ParaShape=\"0\"><TEXT CharShape=\"0\"><CHAR>1</CHAR></TEXT>"
	"</P></PARALIST></CELL></ROW><ROW><CELL ColAddr=\"1\" ColSpan=\"1\" RowAddr=\"1\" "
	"RowSpan=\"1\"><PARALIST><P ParaShape=\"0\"><TEXT CharShape=\"0\"><CHAR>2</CHAR></TEXT>"
	"</P></PARALIST></CELL></ROW></TABLE></TEXT></P>"
	"<P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\"><EQUATION BaseLine=\"86\">"
	"<SHAPEOBJECT><SHAPECOMMENT>수식입니다.</SHAPECOMMENT></SHAPEOBJECT><SCRIPT>rmA(itg)"
	"</SCRIPT></EQUATION><CHAR>의 부분 압력</CHAR>"
	"<FOOTNOTE><PARALIST><P><TEXT><AUTONUM Number=\"1\" Type=\"Footnote\"/><CHAR> 주석"
	"</CHAR></TEXT></P></PARALIST></FOOTNOTE></TEXT></P>"
	"<P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\"><FIELDBEGIN Type=\"Hyperlink\" "
	"Command=\"http://example.org;1;0;0\"/><CHAR>링크</CHAR><FIELDEND Type=\"Hyperlink\"/>"
	"</TEXT></P>"
	"<P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\"><HEADER><PARALIST><P><TEXT>"
	"<CHAR>머리말</CHAR></TEXT></P></PARALIST></HEADER><PICTURE><SHAPEOBJECT>"
	"<SHAPECOMMENT>그림입니다.\n원본 그림의 이름: 사진.png</SHAPECOMMENT></SHAPEOBJECT>"
	"<IMAGE Alpha=\"0\" BinItem=\"1\" Effect=\"RealPic\"/></PICTURE><PICTURE><IMAGE "
	"BinItem=\"2\"/></PICTURE></TEXT></P>"
	"</SECTION></BODY><TAIL><BINDATASTORAGE><BINDATA Encoding=\"Base64\" Id=\"1\" "
	"Size=\"33\">%s</BINDATA></BINDATASTORAGE><SCRIPTCODE Type=\"JScript\"/></TAIL></HWPML>";

static const char hml_expected[] =
	"    <p>첫 줄</p>\n"
	"    <heading level=\"1\">Ⅰ. 개요</heading>\n"
	"    <p>탭\t줄<br/>끝<t m=\"bold\">굵게</t></p>\n"
	"    <table>\n"
	"      <row>\n"
	"        <cell rowspan=\"2\" header=\"true\">\n"
	"          <p>미국</p>\n"
	"        </cell>\n"
	"        <cell>\n"
	"          <p>1</p>\n"
	"        </cell>\n"
	"      </row>\n"
	"      <row>\n"
	"        <cell>\n"
	"          <p>2</p>\n"
	"        </cell>\n"
	"      </row>\n"
	"    </table>\n"
	"    <p>rmA(itg)의 부분 압력<noteref id=\"fn1\"/></p>\n"
	"    <note id=\"fn1\" kind=\"footnote\">\n"
	"      <p>주석</p>\n"
	"    </note>\n"
	"    <p><link href=\"http://example.org\">링크</link></p>\n"
	"    <p><image src=\"image1\"/></p>\n";

/* The test document, its picture's base64 filled in (the second picture has no data). */
static char *hml_document(void)
{
	size_t len;
	char *b64 = cb_base64_encode(png, sizeof png, &len), *doc;
	/* Wrapped at 20 columns, as Hangul wraps at 76. */
	char wrapped[256] = "";
	for (size_t i = 0; i < len; i += 20) {
		strncat(wrapped, b64 + i, 20);
		strcat(wrapped, "\n");
	}
	assert_true(asprintf(&doc, hml_body, wrapped) > 0);
	free(b64);
	return doc;
}

static void check_hml(cb_document *doc)
{
	assert_body(doc, hml_expected);
	assert_string_equal(cb_document_meta(doc, "title"), "제목");
	assert_string_equal(cb_document_meta(doc, "creator"), "kjihy");
	assert_string_equal(cb_document_meta(doc, "created"), "2019-06-25T08:52:57");
	assert_string_equal(cb_document_meta(doc, "producer"), "Hangul 9.0.1.0 (HWPML 2.9)");
	const cb_media *m = cb_document_find_media(doc, "image1");
	assert_non_null(m);
	assert_string_equal(cb_media_type(m), "image/png");
	assert_string_equal(cb_media_name(m), "사진.png");
	assert_int_equal(cb_document_media_count(doc), 1);
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "1 picture was left out"));
}

static cb_document *read_hml(const char *test, const char *file, const void *data, size_t len)
{
	char *dir = cbt_tmpdir(test), *path;
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	assert_true(cbt_write_file(path, data, len));
	cb_document *doc = read_path(path);
	free(path);
	free(dir);
	return doc;
}

/* UTF-8 to UTF-16 (the test text is all in the BMP). */
static char *utf16(const char *s, bool big_endian, size_t *len)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 2), *o = out;
	*o++ = big_endian ? '\xFE' : '\xFF';
	*o++ = big_endian ? '\xFF' : '\xFE';
	for (const unsigned char *u = (const unsigned char *)s; *u;) {
		unsigned c;
		if (*u < 0x80)
			c = *u++;
		else if (*u < 0xE0)
			c = (unsigned)(*u & 0x1F) << 6 | (u[1] & 0x3F), u += 2;
		else
			c = (unsigned)(*u & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F),
			u += 3;
		*o++ = (char)(big_endian ? c >> 8 : c & 0xFF);
		*o++ = (char)(big_endian ? c & 0xFF : c >> 8);
	}
	*len = (size_t)(o - out);
	return out;
}

static void hwpml_reads_in_every_encoding(void **state)
{
	char *body = hml_document(), *s;
	/* What Hangul writes: UTF-8 with a byte order mark and a declaration. */
	assert_true(asprintf(&s, "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" "
	                         "standalone=\"no\" ?>%s", body) > 0);
	cb_document *doc = read_hml("hwp-hml-utf8", "doc.hml", s, strlen(s));
	check_hml(doc);
	cb_document_free(doc);
	free(s);
	/* The copy in an HWPX's DocHistory: no byte order mark, no declaration. */
	doc = read_hml("hwp-hml-bare", "historylastdoc.hml", body, strlen(body));
	check_hml(doc);
	cb_document_free(doc);
	/* UTF-16 both ways, named .hwp as some sites do. */
	for (int be = 0; be < 2; be++) {
		char *decl;
		assert_true(asprintf(&decl, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>%s", body) > 0);
		size_t len;
		s = utf16(decl, be, &len);
		doc = read_hml("hwp-hml-utf16", "form.hwp", s, len);
		check_hml(doc);
		cb_document_free(doc);
		free(s);
		free(decl);
	}
	free(body);
}

static void hwpml_refuses_what_hwpx_refuses(void **state)
{
	static const char dtd[] =
		"<?xml version=\"1.0\"?><!DOCTYPE HWPML [<!ENTITY a \"aaaaaaaa\">]><HWPML><BODY>"
		"<SECTION><P><TEXT><CHAR>&a;</CHAR></TEXT></P></SECTION></BODY></HWPML>";
	cb_document *doc = read_hml("hwp-hml-dtd", "a.hml", dtd, sizeof dtd - 1);
	assert_null(doc);
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "document type declarations"));

	char deep[4096] = "<HWPML><BODY><SECTION>";
	for (int i = 0; i < 40; i++)
		strcat(deep, "<P><TEXT>");
	strcat(deep, "<CHAR>x</CHAR>");
	for (int i = 0; i < 40; i++)
		strcat(deep, "</TEXT></P>");
	strcat(deep, "</SECTION></BODY></HWPML>");
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 32);
	doc = read_hml("hwp-hml-deep", "a.hml", deep, strlen(deep));
	assert_null(doc);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-depth"));
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 256);

	/* Forced on another XML document, it says what the root is. */
	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "x.xml", "<html/>", 7, "hwpml", diags));
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "not an HWPML document: the root element "
	                                              "is <html>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packages_and_hangul_files_are_bid_on),
		cmocka_unit_test(binary_hangul_documents_are_refused_with_advice),
		cmocka_unit_test(sections_follow_the_spine_not_file_names),
		cmocka_unit_test(without_a_manifest_sections_go_by_number),
		cmocka_unit_test(both_namespace_sets_read_alike),
		cmocka_unit_test(undeclared_prefixes_are_recovered_with_a_warning),
		cmocka_unit_test(text_keeps_its_inline_characters),
		cmocka_unit_test(outline_shapes_and_styles_make_headings),
		cmocka_unit_test(numbering_and_bullets_make_lists),
		cmocka_unit_test(a_switch_is_read_once),
		cmocka_unit_test(cells_are_placed_by_address),
		cmocka_unit_test(pictures_go_to_the_media_store),
		cmocka_unit_test(equations_are_kept_as_their_script),
		cmocka_unit_test(notes_follow_the_paragraph_that_refers_to_them),
		cmocka_unit_test(page_furniture_and_automatic_captions_stay_out),
		cmocka_unit_test(fields_keep_their_text_and_links_become_links),
		cmocka_unit_test(form_controls_show_their_state_and_label),
		cmocka_unit_test(metadata_come_from_the_package),
		cmocka_unit_test(encrypted_packages_are_refused),
		cmocka_unit_test(other_packages_are_not_taken_for_hwpx),
		cmocka_unit_test(zip_bombs_are_refused),
		cmocka_unit_test(entities_and_deep_nesting_are_refused),
		cmocka_unit_test(malformed_sections_fail_with_the_part_and_line),
		cmocka_unit_test(hwpml_reads_in_every_encoding),
		cmocka_unit_test(hwpml_refuses_what_hwpx_refuses),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
