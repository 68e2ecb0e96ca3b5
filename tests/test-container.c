/* The helpers every reader shares: bounded ZIP access, safe XML parsing and OLE stream listing.
 * Each is driven through a reader registered from memory, the way a plugin uses them. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <casebook/xml.h>

#include "testutil.h"

/* What the test reader does with its input; set by each test. */
static enum { ZIP_READ_ALL, ZIP_STREAM, XML_INPUT, XML_ZIP_ENTRY } mode;
static const char *entry_name;
static size_t got_len;
static char got_text[256];
static unsigned elements;
static char probe_cfb[512];

static int always(const cb_probe *p)
{
	probe_cfb[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < cb_probe_cfb_count(p) && used < sizeof probe_cfb; i++)
		used += (size_t)snprintf(probe_cfb + used, sizeof probe_cfb - used, "%s,",
		                         cb_probe_cfb_entry(p, i));
	return 50;
}

static cb_code walk_xml(cb_xml *x)
{
	int r;
	elements = 0;
	while ((r = cb_xml_next(x)) == 1)
		if (cb_xml_type(x) == CB_XML_START)
			elements++;
	return r == 0 ? CB_OK : CB_E_SYNTAX;
}

static cb_code test_read(cb_input *in, cb_document *doc)
{
	got_len = 0;
	got_text[0] = '\0';
	if (mode == XML_INPUT) {
		cb_xml *x = cb_xml_open_input(in);
		cb_code c = x ? walk_xml(x) : CB_E_NOMEM;
		cb_xml_close(x);
		return c;
	}
	cb_zip *z = cb_zip_open(in);
	if (!z)
		return CB_E_SYNTAX;
	cb_code code = CB_OK;
	if (mode == ZIP_READ_ALL) {
		unsigned char *data = cb_zip_read(z, entry_name, &got_len);
		if (data)
			snprintf(got_text, sizeof got_text, "%s", (char *)data);
		else
			code = CB_E_LIMIT;
		free(data);
	} else if (mode == ZIP_STREAM) {
		cb_zip_entry *e = cb_zip_entry_open(z, entry_name);
		char buf[65536];
		ssize_t n = 0;
		while (e && (n = cb_zip_entry_read(e, buf, sizeof buf)) > 0)
			got_len += (size_t)n;
		if (!e || n < 0)
			code = CB_E_LIMIT;
		cb_zip_entry_close(e);
	} else {
		cb_xml *x = cb_xml_open_zip_entry(z, entry_name);
		code = x ? walk_xml(x) : CB_E_SYNTAX;
		cb_xml_close(x);
	}
	cb_zip_close(z);
	return code;
}

static const cb_plugin_descriptor reader = {
	.abi = CB_PLUGIN_ABI, .size = sizeof reader, .name = "probe", .version = "1",
	.licence = "MIT", .kind = CB_PLUGIN_READER, .bid = always, .read = test_read,
};

static cb_context *ctx;
static cb_diags *diags;
static char *dir;

static int setup(void **state)
{
	ctx = cb_context_new();
	diags = cb_diags_new();
	dir = cbt_tmpdir("container");
	return cb_context_register(ctx, &reader, diags);
}

static int teardown(void **state)
{
	cb_diags_free(diags);
	cb_context_free(ctx);
	free(dir);
	return 0;
}

/* A ZIP of name/content pairs (content NULL-terminated list), written to DIR/file. */
static char *make_zip(const char *file, const char *const *pairs, const void *big, size_t big_len)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", dir, file) > 0);
	cbt_entry entries[16];
	size_t n = 0;
	for (; pairs && pairs[0] && n < 15; pairs += 2)
		entries[n++] = (cbt_entry){pairs[0], pairs[1], 0, false};
	if (big)
		entries[n++] = (cbt_entry){"big.bin", big, big_len, false};
	assert_true(cbt_write_zip(path, entries, n));
	return path;
}

static cb_code read_path(const char *path)
{
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, "probe", diags);
	cb_document_free(doc);
	return doc ? CB_OK : cb_diag_code(cb_diags_at(diags, cb_diags_count(diags) - 1));
}

static void zip_entries_read_whole_and_streamed(void **state)
{
	const char *pairs[] = {"mimetype", "application/hwp+zip", "Contents/a.xml", "<a><b/></a>", NULL};
	char *path = make_zip("ok.zip", pairs, NULL, 0);
	mode = ZIP_READ_ALL;
	entry_name = "Contents/a.xml";
	assert_int_equal(read_path(path), CB_OK);
	assert_string_equal(got_text, "<a><b/></a>");
	assert_int_equal(got_len, 11);
	entry_name = "missing.xml";
	assert_int_not_equal(read_path(path), CB_OK);
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "no entry of this name"));
	assert_string_equal(cb_diag_part(cb_diags_at(diags, 0)), "missing.xml");
	/* From memory (standard input) as from a file. */
	size_t len;
	char *bytes = cbt_read_file(path, &len);
	mode = ZIP_STREAM;
	entry_name = "mimetype";
	cb_diags_clear(diags);
	cb_document *doc = cb_read_memory(ctx, "-", bytes, len, "probe", diags);
	assert_non_null(doc);
	assert_int_equal(got_len, 19);
	cb_document_free(doc);
	free(bytes);
	free(path);
}

static void not_a_zip_and_truncated_zips_fail_cleanly(void **state)
{
	char *path;
	assert_true(asprintf(&path, "%s/plain.zip", dir) > 0);
	assert_true(cbt_write_file(path, "just text", 9));
	mode = ZIP_READ_ALL;
	assert_int_equal(read_path(path), CB_E_SYNTAX);
	assert_true(cbt_has_diag(diags, CB_E_SYNTAX, "not a ZIP archive, or a truncated one"));
	free(path);

	const char *pairs[] = {"a.xml", "<a>some text that takes a few bytes</a>", "b.xml", "<b/>", NULL};
	char *good = make_zip("good.zip", pairs, NULL, 0);
	size_t len;
	char *bytes = cbt_read_file(good, &len);
	entry_name = "a.xml";
	for (size_t cut = 0; cut < len; cut += 7) {
		cb_diags_clear(diags);
		cb_document *doc = cb_read_memory(ctx, "cut.zip", bytes, cut, "probe", diags);
		assert_null(doc);
		assert_true(cb_diags_count_at_least(diags, CB_SEV_ERROR) >= 1);
	}
	free(bytes);
	free(good);
}

static void damaged_data_is_caught_by_its_crc(void **state)
{
	char text[4096];
	for (size_t i = 0; i < sizeof text - 1; i++)
		text[i] = (char)('a' + (i * 7919) % 26);
	text[sizeof text - 1] = '\0';
	const char *pairs[] = {"a.txt", text, NULL};
	char *path = make_zip("crc.zip", pairs, NULL, 0);
	size_t len;
	char *bytes = cbt_read_file(path, &len);
	bytes[30 + 5 + 100] ^= 0x55; /* inside the compressed data, past the local header */
	mode = ZIP_STREAM;
	entry_name = "a.txt";
	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "crc.zip", bytes, len, "probe", diags));
	assert_true(cb_diags_count_at_least(diags, CB_SEV_ERROR) >= 1);
	assert_string_equal(cb_diag_part(cb_diags_at(diags, 0)), "a.txt");
	free(bytes);
	free(path);
}

static void zip_bombs_hit_the_limits(void **state)
{
	size_t big_len = 64u << 20; /* 64 MiB of zeros deflates to about 64 KiB */
	char *zeros = calloc(1, big_len);
	char *path = make_zip("bomb.zip", NULL, zeros, big_len);
	free(zeros);
	entry_name = "big.bin";
	mode = ZIP_STREAM;
	assert_int_equal(read_path(path), CB_E_LIMIT);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-compression-ratio (200 to 1)"));

	/* With the ratio allowed, the total is still bounded, early from the declared size... */
	cb_context_set_limit(ctx, CB_LIMIT_RATIO, 0);
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 1u << 20);
	assert_int_equal(read_path(path), CB_E_LIMIT);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-uncompressed-bytes (1048576)"));
	/* ...and unlimited it reads through. */
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 0);
	assert_int_equal(read_path(path), CB_OK);
	assert_int_equal(got_len, big_len);
	cb_context_set_limit(ctx, CB_LIMIT_RATIO, 200);
	cb_context_set_limit(ctx, CB_LIMIT_UNCOMPRESSED, 1u << 30);
	free(path);

	const char *many[] = {"1", "x", "2", "x", "3", "x", "4", "x", NULL};
	path = make_zip("many.zip", many, NULL, 0);
	cb_context_set_limit(ctx, CB_LIMIT_ENTRIES, 3);
	assert_int_equal(read_path(path), CB_E_LIMIT);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "the archive has 4 entries, more than max-entries (3)"));
	cb_context_set_limit(ctx, CB_LIMIT_ENTRIES, 10000);
	free(path);
}

static cb_code read_xml(const char *xml)
{
	mode = XML_INPUT;
	cb_diags_clear(diags);
	cb_document *doc = cb_read_memory(ctx, "t.xml", xml, strlen(xml), "probe", diags);
	cb_document_free(doc);
	if (getenv("CB_TEST_VERBOSE"))
		cbt_print_diags(diags);
	return doc ? CB_OK : cb_diag_code(cb_diags_at(diags, 0));
}

static void xml_parses_and_reports_lines(void **state)
{
	assert_int_equal(read_xml("<a>\n<b/>\n<c>text</c>\n</a>"), CB_OK);
	assert_int_equal(elements, 3);
	assert_int_equal(read_xml("<a>\n<b>\n</a>"), CB_E_SYNTAX);
	const cb_diag *d = cb_diags_at(diags, 0);
	assert_int_equal(cb_diag_line(d), 3);
	assert_non_null(strstr(cb_diag_message(d), "malformed XML"));
	/* An undeclared prefix (Hancom writes them) is recovered with a warning. */
	assert_int_equal(read_xml("<a><hp:p>kept</hp:p></a>"), CB_OK);
	assert_int_equal(elements, 2);
	assert_true(cbt_has_diag(diags, CB_W_RECOVERED, "hp"));
}

/* n elements, each inside the one before. Caller frees. */
static char *nested(size_t n)
{
	char *s = malloc(n * 7 + 1), *p = s;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "<d>");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "</d>");
	return s;
}

static void xml_refuses_dtds_entities_and_deep_nesting(void **state)
{
	const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	                  "<a>&x;</a>";
	assert_int_equal(read_xml(xxe), CB_E_INVALID);
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "document type declarations (DTDs) are not"));
	for (size_t i = 0; i < cb_diags_count(diags); i++)
		assert_null(strstr(cb_diag_message(cb_diags_at(diags, i)), "root:"));
	const char *laughs =
		"<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
		"<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
		"<l>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</l>";
	assert_int_not_equal(read_xml(laughs), CB_OK);
	/* Network entities: refused before anything could be fetched. */
	assert_int_equal(read_xml("<!DOCTYPE a SYSTEM \"http://192.0.2.1/x.dtd\"><a/>"), CB_E_INVALID);

	char *deep = nested(300);
	assert_int_equal(read_xml(deep), CB_E_LIMIT);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "elements nest deeper than max-depth"));
	free(deep);
	/* A lower limit is ours to enforce: 100 levels is one too many for max-depth=100. */
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 100);
	deep = nested(101);
	assert_int_equal(read_xml(deep), CB_E_LIMIT);
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "elements nest deeper than max-depth (100)"));
	free(deep);
	deep = nested(100);
	assert_int_equal(read_xml(deep), CB_OK);
	assert_int_equal(elements, 100);
	free(deep);
	/* A higher one too: libxml2's own 256 does not get in the way. */
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 1000);
	deep = nested(300);
	assert_int_equal(read_xml(deep), CB_OK);
	assert_int_equal(elements, 300);
	free(deep);
	cb_context_set_limit(ctx, CB_LIMIT_DEPTH, 256);
}

/* The DTD is cut off in the bytes, before the parser, in UTF-16 as in UTF-8, after comments and
 * processing instructions; a DOCTYPE-looking text inside the root is only text. */
static void xml_prolog_watch(void **state)
{
	const char *utf8 = "<?xml version=\"1.0\"?>\n<!-- <a> -->\n<?pi x?>\n<!DOCTYPE a>\n<a/>";
	assert_int_equal(read_xml(utf8), CB_E_INVALID);
	assert_int_equal(cb_diag_line(cb_diags_at(diags, 0)), 4);
	assert_int_equal(cb_diags_count(diags), 1); /* and nothing from libxml2 after it */
	char utf16[256];
	size_t n = 2;
	utf16[0] = (char)0xFF, utf16[1] = (char)0xFE;
	for (const char *c = utf8; *c; c++) {
		utf16[n++] = *c;
		utf16[n++] = 0;
	}
	mode = XML_INPUT;
	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "t16.xml", utf16, n, "probe", diags));
	assert_true(cbt_has_diag(diags, CB_E_INVALID, "document type declarations (DTDs)"));
	assert_int_equal(read_xml("<a>&lt;!DOCTYPE b&gt; <![CDATA[<!DOCTYPE c>]]></a>"), CB_OK);
}

/* libxml2 caps a text node at 10 MB unless told otherwise; base64 pictures in HWPML exceed it. */
static void xml_large_text_nodes_read(void **state)
{
	size_t len = 12u << 20;
	char *xml = malloc(len + 16);
	memcpy(xml, "<a>", 3);
	memset(xml + 3, 'Q', len);
	memcpy(xml + 3 + len, "</a>", 5);
	assert_int_equal(read_xml(xml), CB_OK);
	assert_int_equal(elements, 1);
	free(xml);
}

static void xml_in_a_zip_entry_names_the_part(void **state)
{
	const char *pairs[] = {"Contents/section0.xml", "<s>\n<p>\n</s>", NULL};
	char *path = make_zip("x.hwpx", pairs, NULL, 0);
	mode = XML_ZIP_ENTRY;
	entry_name = "Contents/section0.xml";
	assert_int_equal(read_path(path), CB_E_SYNTAX);
	char *line = cb_diag_format(cb_diags_at(diags, 0));
	char *want;
	assert_true(asprintf(&want, "%s:Contents/section0.xml:3: malformed XML:", path) > 0);
	assert_non_null(strstr(line, want));
	free(want);
	free(line);
	free(path);
}

static void cfb_streams_tell_documents_apart(void **state)
{
	unsigned char buf[3 * 512];
	struct {
		const char *streams[3];
		const char *seen;
	} cases[] = {
		{{"FileHeader", "BodyText", NULL}, "FileHeader,BodyText,"},
		{{"WordDocument", NULL}, "WordDocument,"},
		{{"EncryptionInfo", "EncryptedPackage", NULL}, "EncryptionInfo,EncryptedPackage,"},
	};
	mode = ZIP_READ_ALL; /* the read fails: only the probe matters here */
	for (size_t i = 0; i < 3; i++) {
		size_t len = cbt_make_cfb(buf, cases[i].streams);
		cb_diags_clear(diags);
		cb_document_free(cb_read_memory(ctx, "x.hwp", buf, len, NULL, diags));
		assert_string_equal(probe_cfb, cases[i].seen);
	}
	/* A directory chain that loops on itself ends; a header pointing past the file is harmless. */
	size_t len = cbt_make_cfb(buf, (const char *[]){"FileHeader", NULL});
	memcpy(buf + 512 + 4, "\x01\x00\x00\x00", 4);
	cb_document_free(cb_read_memory(ctx, "loop.hwp", buf, len, NULL, diags));
	assert_string_equal(probe_cfb, "FileHeader,FileHeader,FileHeader,"); /* 3 sectors, no more */
	buf[0x30] = 0x7F;
	cb_document_free(cb_read_memory(ctx, "wild.hwp", buf, len, NULL, diags));
	assert_string_equal(probe_cfb, "");
}

/* Without the test reader, the core says what these compound files are. */
static void cfb_descriptions(void **state)
{
	cb_context *bare = cb_context_new();
	unsigned char buf[3 * 512];
	struct {
		const char *streams[3];
		const char *says;
	} cases[] = {
		{{"FileHeader", "BodyText", NULL}, "an HWP 5 binary document: save it as HWPX"},
		{{"WordDocument", NULL}, "a Word 97-2003 document (.doc): save it as .docx"},
		{{"EncryptionInfo", "EncryptedPackage", NULL},
		 "an encrypted Office document: remove the password and save again"},
		{{"Workbook", NULL}, "an Excel 97-2003 workbook"},
		{{"Other", NULL}, "an OLE compound file"},
	};
	for (size_t i = 0; i < 5; i++) {
		size_t len = cbt_make_cfb(buf, cases[i].streams);
		cb_diags_clear(diags);
		assert_null(cb_read_memory(bare, "x.docx", buf, len, NULL, diags));
		assert_true(cbt_has_diag(diags, CB_E_UNRECOGNISED, cases[i].says));
	}
	cb_context_free(bare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zip_entries_read_whole_and_streamed),
		cmocka_unit_test(not_a_zip_and_truncated_zips_fail_cleanly),
		cmocka_unit_test(damaged_data_is_caught_by_its_crc),
		cmocka_unit_test(zip_bombs_hit_the_limits),
		cmocka_unit_test(xml_parses_and_reports_lines),
		cmocka_unit_test(xml_refuses_dtds_entities_and_deep_nesting),
		cmocka_unit_test(xml_in_a_zip_entry_names_the_part),
		cmocka_unit_test(xml_prolog_watch),
		cmocka_unit_test(xml_large_text_nodes_read),
		cmocka_unit_test(cfb_streams_tell_documents_apart),
		cmocka_unit_test(cfb_descriptions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
