/* Conformance checks for plugins (see <casebook/conformance.h>): the samples readers are fed, the
 * reference documents writers are fed, the tree validator, and reader runs that watch the
 * reader's side of the contract.
 *
 * The samples are made here, in memory, rather than shipped as files: the hostile ones (a ZIP
 * bomb, a billion laughs) should not lie around an installation, and an ordinary document of each
 * bundled format is small enough to spell out. Every sample is deterministic, so a failure seen
 * once is seen again. */
#include "config.h"

#include <casebook/conformance.h>

#include "context.h"
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* --- building bytes ------------------------------------------------------------------------ */

typedef struct bytes {
	unsigned char *data;
	size_t len, cap;
	bool failed;
} bytes;

static void put(bytes *b, const void *data, size_t len)
{
	if (b->failed)
		return;
	if (b->len + len > b->cap) {
		size_t cap = (b->len + len) * 2 + 64;
		unsigned char *grown = realloc(b->data, cap);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
}

static void puts_(bytes *b, const char *s) { put(b, s, strlen(s)); }

static void repeat(bytes *b, const char *s, size_t times)
{
	for (size_t i = 0; i < times && !b->failed; i++)
		puts_(b, s);
}

/* --- ZIP archives in memory ---------------------------------------------------------------- */

typedef struct zip_part {
	const char *name;
	const void *data;
	size_t len; /* 0: strlen(data) */
	bool store; /* uncompressed, as ODF and HWPX require for their mimetype entry */
} zip_part;

/* A fixed date keeps the archives, and so the samples, the same from run to run. */
#define SAMPLE_MTIME ((time_t)1767225600) /* 2026-01-01 */

static bool add_parts(zip_t *za, const zip_part *parts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *src = zip_source_buffer(za, parts[i].data, len, 0);
		zip_int64_t idx = src ? zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			zip_source_free(src);
			return false;
		}
		zip_set_file_compression(za, (zip_uint64_t)idx,
		                         parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
		zip_file_set_mtime(za, (zip_uint64_t)idx, SAMPLE_MTIME, 0);
	}
	return true;
}

static void zip_into(bytes *b, const zip_part *parts, size_t n)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
	zip_error_fini(&err);
	if (!za) {
		zip_source_free(src);
		b->failed = true;
		return;
	}
	zip_source_keep(src); /* the archive is read back from it after zip_close */
	if (!add_parts(za, parts, n)) {
		zip_discard(za);
		zip_source_free(src);
		b->failed = true;
		return;
	}
	zip_stat_t st;
	if (zip_close(za) != 0 || zip_source_open(src) != 0) {
		zip_discard(za);
		zip_source_free(src);
		b->failed = true;
		return;
	}
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
		unsigned char buf[8192];
		zip_int64_t got;
		while ((got = zip_source_read(src, buf, sizeof buf)) > 0)
			put(b, buf, (size_t)got);
		if (got < 0)
			b->failed = true;
	} else
		b->failed = true;
	zip_source_close(src);
	zip_source_free(src);
}

/* --- the samples ------------------------------------------------------------------------- */

static const char korean_text[] = "학교명: 빛고을초등학교\n사례명: 함께 크는 마을\n\n1. 추진 배경\n"
                                  "학생들의 정서 지원이 필요하였다.\n\n가. 운영 내용\n"
                                  "주 1회 상담을 운영하였다.\n";

/* The same kind of report in CP949, as older Windows editors save it. */
static const char cp949_text[] =
	"\xC7\xD0\xB1\xB3\xB8\xED: \xB9\xAB\xB5\xEE\xC1\xDF\xC7\xD0\xB1\xB3\n"
	"\xBB\xE7\xB7\xCA\xB8\xED: \xB2\xDE\xC0\xBB \xC5\xB0\xBF\xEC\xB4\xC2 \xB1\xB3\xBD\xC7\n\n"
	"1. \xC3\xDF\xC1\xF8 \xB9\xE8\xB0\xE6\n"
	"\xC7\xD0\xBB\xFD\xB5\xE9\xC0\xC7 \xB1\xE2\xC3\xCA \xC7\xD0\xB7\xC2 \xC1\xF6\xBF\xF8\xC0\xCC "
	"\xC7\xCA\xBF\xE4\xC7\xCF\xBF\xB4\xB4\xD9.\n";

static void make_empty(bytes *b) { (void)b; }

/* Bytes from a fixed xorshift sequence, starting with no format's signature. */
static void make_random(bytes *b)
{
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < 4096 && !b->failed; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		unsigned char c = (unsigned char)(i == 0 ? 0x9E : x >> 24);
		put(b, &c, 1);
	}
}

static void make_utf8(bytes *b) { puts_(b, korean_text); }

/* UTF-16LE with its byte order mark, as Windows Notepad saves "Unicode". */
static void make_utf16(bytes *b)
{
	put(b, "\xFF\xFE", 2);
	const unsigned char *s = (const unsigned char *)korean_text;
	while (*s && !b->failed) {
		uint32_t cp;
		if (*s < 0x80)
			cp = *s++;
		else if ((*s & 0xE0) == 0xC0)
			cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F), s += 2;
		else
			cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F),
			s += 3;
		unsigned char u[2] = {(unsigned char)(cp & 0xFF), (unsigned char)(cp >> 8)};
		put(b, u, 2);
	}
}

static void make_cp949(bytes *b) { puts_(b, cp949_text); }

static void make_pdf(bytes *b)
{
	puts_(b, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
	         "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
	         "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
}

static void make_jpeg(bytes *b)
{
	static const unsigned char head[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F',
	                                     0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
	                                     0x00};
	put(b, head, sizeof head);
	for (unsigned i = 0; i < 512 && !b->failed; i++) {
		unsigned char c = (unsigned char)(i * 37 + 11);
		put(b, &c, 1);
	}
	put(b, "\xFF\xD9", 2);
}

/* Nesting far deeper than any limit allows. */
static void make_deep_xml(bytes *b)
{
	puts_(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	repeat(b, "<a>", 100000);
	puts_(b, "deep");
	repeat(b, "</a>", 100000);
}

/* A billion laughs and an external entity: both must stay unexpanded and unfetched. */
static void make_entities(bytes *b)
{
	puts_(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE lolz [\n"
	         " <!ENTITY lol \"lol\">\n <!ENTITY ext SYSTEM \"file:///etc/passwd\">\n");
	for (int i = 1; i <= 9; i++) {
		char ref[16], line[32];
		snprintf(line, sizeof line, " <!ENTITY lol%d \"", i);
		puts_(b, line);
		if (i == 1)
			snprintf(ref, sizeof ref, "&lol;");
		else
			snprintf(ref, sizeof ref, "&lol%d;", i - 1);
		repeat(b, ref, 10);
		puts_(b, "\">\n");
	}
	puts_(b, "]>\n<lolz>&lol9;&ext;</lolz>\n");
}

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"
#define ODF_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define ODF_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define ODF_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

static const char odt_manifest[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"" ODF_MANIFEST
	"\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" "
	"manifest:media-type=\"" ODT_MIMETYPE "\"/><manifest:file-entry "
	"manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";

static const char odt_content[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\""
	ODF_OFFICE "\" xmlns:text=\"" ODF_TEXT "\" office:version=\"1.3\"><office:body><office:text>"
	"<text:h text:outline-level=\"1\">1. 추진 배경</text:h><text:p>학생들의 정서 지원이 "
	"필요하였다.</text:p><text:list><text:list-item><text:p>주 1회 상담</text:p></text:list-item>"
	"</text:list></office:text></office:body></office:document-content>";

static void make_odt(bytes *b)
{
	const zip_part parts[] = {
		{"mimetype", ODT_MIMETYPE, 0, true},
		{"META-INF/manifest.xml", odt_manifest, 0, false},
		{"content.xml", odt_content, 0, false},
	};
	zip_into(b, parts, sizeof parts / sizeof *parts);
}

/* An archive cut off two thirds of the way: its central directory is gone. */
static void make_truncated_zip(bytes *b)
{
	make_odt(b);
	b->len = b->len * 2 / 3;
}

#define DOCX_CONTENT_TYPES                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\""              \
	"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" " \
	"ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default "        \
	"Extension=\"xml\" ContentType=\"application/xml\"/><Override "                             \
	"PartName=\"/word/document.xml\" "                                                          \
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document."     \
	"main+xml\"/></Types>"
#define DOCX_RELS                                                                                \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""      \
	"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "   \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" " \
	"Target=\"word/document.xml\"/></Relationships>"

static const char docx_document[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\""
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"
	"학교명: 빛고을초등학교</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1. 추진 배경"
	"</w:t></w:r></w:p><w:p><w:r><w:t>학생들의 정서 지원이 필요하였다.</w:t></w:r></w:p>"
	"<w:sectPr/></w:body></w:document>";

static void make_docx(bytes *b)
{
	const zip_part parts[] = {
		{"[Content_Types].xml", DOCX_CONTENT_TYPES, 0, false},
		{"_rels/.rels", DOCX_RELS, 0, false},
		{"word/document.xml", docx_document, 0, false},
	};
	zip_into(b, parts, sizeof parts / sizeof *parts);
}

#define HWPX_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
#define HWPX_NS "http://www.hancom.co.kr/hwpml/2011/"

static const char hwpx_version[] =
	HWPX_DECL "<hv:HCFVersion xmlns:hv=\"" HWPX_NS "version\" tagetApplication=\"WORDPROCESSOR\" "
	"major=\"5\" minor=\"1\" micro=\"0\" buildNumber=\"1\" os=\"1\" xmlVersion=\"1.2\" "
	"application=\"casebook\" appVersion=\"" CB_VERSION "\"/>";
static const char hwpx_container[] =
	HWPX_DECL "<ocf:container xmlns:ocf=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
	"<ocf:rootfiles><ocf:rootfile full-path=\"Contents/content.hpf\" "
	"media-type=\"application/hwpml-package+xml\"/></ocf:rootfiles></ocf:container>";
static const char hwpx_manifest[] =
	HWPX_DECL "<odf:manifest xmlns:odf=\"" ODF_MANIFEST "\"/>";
static const char hwpx_package[] =
	HWPX_DECL "<opf:package xmlns:opf=\"http://www.idpf.org/2007/opf/\" "
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"\" unique-identifier=\"\" id=\"\">"
	"<opf:metadata><opf:title>함께 크는 마을</opf:title><opf:language>ko</opf:language>"
	"</opf:metadata><opf:manifest><opf:item id=\"header\" href=\"Contents/header.xml\" "
	"media-type=\"application/xml\"/><opf:item id=\"section0\" href=\"Contents/section0.xml\" "
	"media-type=\"application/xml\"/></opf:manifest><opf:spine><opf:itemref idref=\"header\" "
	"linear=\"yes\"/><opf:itemref idref=\"section0\" linear=\"yes\"/></opf:spine></opf:package>";
static const char hwpx_header[] =
	HWPX_DECL "<hh:head xmlns:hh=\"" HWPX_NS "head\" version=\"1.2\" secCnt=\"1\">"
	"<hh:beginNum page=\"1\" footnote=\"1\" endnote=\"1\" pic=\"1\" tbl=\"1\" equation=\"1\"/>"
	"<hh:refList/></hh:head>";
static const char hwpx_section[] =
	HWPX_DECL "<hs:sec xmlns:hs=\"" HWPX_NS "section\" xmlns:hp=\"" HWPX_NS "paragraph\">"
	"<hp:p id=\"0\" paraPrIDRef=\"0\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\"><hp:t>학교명: "
	"빛고을초등학교</hp:t></hp:run></hp:p><hp:p id=\"1\" paraPrIDRef=\"0\" styleIDRef=\"0\">"
	"<hp:run charPrIDRef=\"0\"><hp:t>1. 추진 배경</hp:t></hp:run></hp:p><hp:p id=\"2\" "
	"paraPrIDRef=\"0\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\"><hp:t>학생들의 정서 지원이 "
	"필요하였다.</hp:t></hp:run></hp:p></hs:sec>";

static void make_hwpx(bytes *b)
{
	const zip_part parts[] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"version.xml", hwpx_version, 0, false},
		{"Contents/header.xml", hwpx_header, 0, false},
		{"Contents/section0.xml", hwpx_section, 0, false},
		{"Contents/content.hpf", hwpx_package, 0, false},
		{"META-INF/container.xml", hwpx_container, 0, false},
		{"META-INF/manifest.xml", hwpx_manifest, 0, false},
	};
	zip_into(b, parts, sizeof parts / sizeof *parts);
}

static void make_hwpml(bytes *b)
{
	puts_(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\" ?><HWPML Version=\"2.8\" "
	         "SubVersion=\"8.0.0.0\" Style2=\"embed\"><HEAD SecCnt=\"1\"><DOCSUMMARY><TITLE>함께 "
	         "크는 마을</TITLE></DOCSUMMARY><DOCSETTING><BEGINNUMBER Page=\"1\" Footnote=\"1\" "
	         "Endnote=\"1\" Picture=\"1\" Table=\"1\" Equation=\"1\"/></DOCSETTING><MAPPINGTABLE/>"
	         "</HEAD><BODY><SECTION Id=\"0\"><P ParaShape=\"0\" Style=\"0\"><TEXT CharShape=\"0\">"
	         "<CHAR>학교명: 빛고을초등학교</CHAR></TEXT></P><P ParaShape=\"0\" Style=\"0\"><TEXT "
	         "CharShape=\"0\"><CHAR>1. 추진 배경</CHAR></TEXT></P></SECTION></BODY><TAIL/>"
	         "</HWPML>");
}

static void make_cbxml(bytes *b)
{
	puts_(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document xmlns=\"urn:casebook:cbxml:1\" "
	         "version=\"1\">\n  <body>\n    <heading level=\"1\">1. 추진 배경</heading>\n"
	         "    <p>학생들의 정서 지원이 <t m=\"bold\">필요</t>하였다.</p>\n  </body>\n"
	         "</document>\n");
}

/* A bomb aimed at every ZIP format at once: its main parts (ODF's, Word's and Hangul's) are each
 * a small XML root padded with 16 MiB of spaces, which deflate more than a thousand to one. */
static void make_bomb(bytes *b)
{
	size_t pad = 16u << 20;
	bytes x = {0};
	puts_(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>");
	repeat(&x, "                                                                ", pad / 64);
	puts_(&x, "</a>");
	if (x.failed) {
		free(x.data);
		b->failed = true;
		return;
	}
	const zip_part parts[] = {
		{"mimetype", ODT_MIMETYPE, 0, true},
		{"[Content_Types].xml", DOCX_CONTENT_TYPES, 0, false},
		{"_rels/.rels", DOCX_RELS, 0, false},
		{"content.xml", x.data, x.len, false},
		{"word/document.xml", x.data, x.len, false},
		{"Contents/section0.xml", x.data, x.len, false},
	};
	zip_into(b, parts, sizeof parts / sizeof *parts);
	free(x.data);
}

static const struct {
	const char *name, *owner;
	void (*make)(bytes *b);
} samples[] = {
	{"empty", NULL, make_empty},
	{"random.bin", NULL, make_random},
	{"truncated.zip", NULL, make_truncated_zip},
	{"zip-bomb.zip", NULL, make_bomb},
	{"deep.xml", NULL, make_deep_xml},
	{"entities.xml", NULL, make_entities},
	{"document.pdf", NULL, make_pdf},
	{"photo.jpg", NULL, make_jpeg},
	{"plain.txt", "text", make_utf8},
	{"utf16.txt", "text", make_utf16},
	{"cp949.txt", "text", make_cp949},
	{"sample.cbxml", "cbxml", make_cbxml},
	{"sample.docx", "docx", make_docx},
	{"sample.hwpx", "hwpx", make_hwpx},
	{"sample.hml", "hwpml", make_hwpml},
	{"sample.odt", "odt", make_odt},
};

size_t cb_conformance_sample_count(void) { return sizeof samples / sizeof *samples; }

cb_code cb_conformance_sample(size_t i, const char **name, const char **owner,
                              unsigned char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (i >= cb_conformance_sample_count())
		return CB_E_USAGE;
	if (name)
		*name = samples[i].name;
	if (owner)
		*owner = samples[i].owner;
	bytes b = {0};
	samples[i].make(&b);
	put(&b, "", 0);
	if (b.failed || (!b.data && !(b.data = malloc(1)))) {
		free(b.data);
		return CB_E_NOMEM;
	}
	*data = b.data;
	*len = b.len;
	return CB_OK;
}

/* --- reference documents ------------------------------------------------------------------- */

/* A 4x3 red PNG: small, but a real image that viewers open. */
static const unsigned char png[] = {
	0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
	0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02, 0x00, 0x00, 0x00, 0x3B,
	0x96, 0x39, 0x91, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x38,
	0xA1, 0xA1, 0x01, 0x47, 0x0C, 0x38, 0x39, 0x00, 0x07, 0xA6, 0x0D, 0x21, 0x94, 0xB0, 0x13,
	0xFC, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
};

static void text(cb_node *parent, const char *s, unsigned marks)
{
	cb_add_text(parent, s, (size_t)-1, marks);
}

static void para(cb_node *parent, const char *s)
{
	text(cb_add_paragraph(parent), s, 0);
}

static void every_kind(cb_document *doc)
{
	static const char *const meta[][2] = {
		{"title", "2026 교육복지 우수 사례집"}, {"subtitle", "참고 문서"},
		{"creator", "광주광역시교육청"},         {"created", "2026-03-02T09:00:00Z"},
		{"modified", "2026-12-18T17:30:00Z"},   {"subject", "교육복지우선지원사업"},
		{"keywords", "사례, 정서 지원"},         {"description", "모든 노드 종류를 쓰는 문서"},
		{"language", "ko"},                      {"producer", "casebook conformance"},
		{"source", "reference.cbxml"},           {"format", "cbxml"},
	};
	for (size_t i = 0; i < sizeof meta / sizeof *meta; i++)
		cb_document_set_meta(doc, meta[i][0], meta[i][1]);
	const char *img = cb_document_add_media(doc, "photo", "image/png", "활동.png", png, sizeof png);
	cb_node *body = cb_document_body(doc);

	for (int level = 1; level <= 9; level++) {
		char title[64];
		snprintf(title, sizeof title, "%d단계 제목", level);
		text(cb_add_heading(body, level), title, 0);
	}
	cb_node *p = cb_add_paragraph(body);
	text(p, "보통 ", 0);
	for (unsigned m = CB_MARK_BOLD; m <= CB_MARK_SUBSCRIPT; m <<= 1) {
		text(p, cb_mark_name(m), m);
		text(p, " ", 0);
	}
	text(p, "모두", CB_MARK_ALL_ & ~CB_MARK_SUBSCRIPT);
	cb_add_break(p);
	cb_node *a = cb_add_link(p, "https://example.org/사례?id=1&x=2");
	text(a, "링크 ", 0);
	text(a, "굵게", CB_MARK_BOLD);
	cb_add_noteref(a, "fn2");
	text(p, " 각주", 0);
	cb_add_noteref(p, "fn1");
	text(p, " 그림 ", 0);
	cb_add_image(p, img, "작은 그림");

	cb_node *list = cb_add_list(body, false, 1, "□");
	cb_node *item = cb_add_item(list);
	para(item, "첫째");
	cb_node *sub = cb_add_list(item, true, 3, "hangul");
	para(cb_add_item(sub), "다");
	cb_node *deeper = cb_add_list(cb_add_item(sub), true, 1, "circled");
	para(cb_add_item(deeper), "①");
	item = cb_add_item(list);
	para(item, "둘째 (여러 문단)");
	para(item, "둘째의 둘째 문단");
	static const char *const styles[] = {"decimal",     "lower-alpha", "upper-alpha", "lower-roman",
	                                     "upper-roman", "hangul-jamo", NULL};
	for (size_t i = 0; i < sizeof styles / sizeof *styles; i++) {
		cb_node *l = cb_add_list(body, styles[i] != NULL, (long)i, styles[i]);
		para(cb_add_item(l), styles[i] ? styles[i] : "(no style)");
	}

	cb_node *t = cb_add_table(body);
	cb_node *r = cb_add_row(t);
	para(cb_add_cell(r, 1, 1, true), "항목");
	para(cb_add_cell(r, 1, 2, true), "내용");
	r = cb_add_row(t);
	para(cb_add_cell(r, 2, 1, true), "기간");
	para(cb_add_cell(r, 1, 1, false), "1학기");
	cb_node *c = cb_add_cell(r, 1, 1, false);
	para(c, "3. 2. ~ 7. 18.");
	para(cb_add_item(cb_add_list(c, false, 1, "-")), "방학 제외");
	r = cb_add_row(t);
	para(cb_add_cell(r, 1, 1, false), "2학기");
	cb_add_image(cb_add_cell(r, 1, 1, false), img, NULL);

	cb_add_image(body, img, "큰 그림");
	cb_add_image(body, "https://example.org/logo.png", "외부 그림");
	cb_node *note = cb_add_note(body, "fn1", "footnote");
	para(note, "각주입니다.");
	note = cb_add_note(body, "fn2", "endnote");
	para(note, "미주입니다.");
	cb_node *div = cb_add_div(body, "case");
	cb_div_set_attr(div, "school", "빛고을초등학교");
	cb_div_set_attr(div, "area", "문화·체험");
	text(cb_add_heading(div, 2), "사례 제목", 0);
	cb_node *inner = cb_add_div(div, "section");
	para(inner, "사례 본문");
	cb_add_div(body, NULL);
}

static void awkward_text(cb_document *doc)
{
	cb_document_set_meta(doc, "title", "<title> & \"quotes\" 'apostrophes' \\ ]]> -->");
	cb_node *body = cb_document_body(doc);
	text(cb_add_heading(body, 1), "# not a heading * _ ` | [x](y) <b>", 0);
	static const char *const lines[] = {
		"<p>markup</p> &amp; &lt; ]]> <!-- comment --> <?pi?>",
		"*stars* _underscores_ `code` ~~tilde~~ \\backslash\\ $dollar$ {braces} ^caret^",
		"1. not a list",
		"- not a list either",
		"| not | a | table |",
		"    four spaces, a tab:\tthen text, two  spaces,   three",
		"line\nfeeds\ninside\n\none text",
		"astral 😀 👩‍💻, combining é (e + U+0301), jamo 가, RTL שלום مرحبا, BOM \xEF\xBB\xBF",
		"separators \xE2\x80\xA8 and \xE2\x80\xA9, non-breaking\xC2\xA0space, soft\xC2\xADhyphen",
		"",
		" leading and trailing spaces ",
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		para(body, lines[i]);
	cb_node *p = cb_add_paragraph(body);
	cb_node *a = cb_add_link(p, "https://example.org/a b?q=\"x\"&r=(1)<2>#frag ment");
	text(a, "a link with [brackets] and (parens)", CB_MARK_ITALIC);
	cb_add_noteref(p, "note with spaces & <angle> \"quotes\"");
	cb_node *note = cb_add_note(body, "note with spaces & <angle> \"quotes\"", NULL);
	para(note, "the note");
	cb_node *div = cb_add_div(body, "class with \"quotes\" & <angle>");
	cb_div_set_attr(div, "key with spaces", "value\nwith\nlines & <markup>");
	cb_div_set_attr(div, "empty", "");
	para(div, "inside");
	cb_add_image(body, "file:///tmp/a b.png", "alt with \"quotes\" and ]brackets[");
	cb_add_image(cb_add_paragraph(body), "https://example.org/x.png", NULL);
}

static void deep_and_long(cb_document *doc)
{
	cb_node *body = cb_document_body(doc);
	cb_node *at = body;
	for (int i = 0; i < 30; i++) {
		cb_node *item = cb_add_item(cb_add_list(at, i % 2 == 0, 1, i % 2 ? "○" : "decimal"));
		char s[32];
		snprintf(s, sizeof s, "level %d", i + 1);
		para(item, s);
		at = item;
	}
	at = body;
	for (int i = 0; i < 30; i++)
		at = cb_add_div(at, "nested");
	para(at, "thirty divisions down");
	at = body;
	for (int i = 0; i < 10; i++)
		at = cb_add_cell(cb_add_row(cb_add_table(at)), 1, 1, false);
	para(at, "ten tables down");
	bytes big = {0};
	repeat(&big, "가나다라 마바사 long text ", 100000 / 32);
	put(&big, "", 1);
	if (!big.failed)
		para(body, (const char *)big.data);
	free(big.data);
	for (int i = 0; i < 2000; i++) {
		char s[32];
		snprintf(s, sizeof s, "문단 %d", i);
		para(body, s);
	}
}

static void irregular_tables(cb_document *doc)
{
	cb_node *body = cb_document_body(doc);
	cb_node *t = cb_add_table(body);
	cb_node *r = cb_add_row(t);
	para(cb_add_cell(r, 1, 1, false), "one cell");
	r = cb_add_row(t);
	for (int i = 0; i < 5; i++)
		para(cb_add_cell(r, 1, 1, i == 0), "five cells");
	r = cb_add_row(t);
	cb_add_cell(r, 1, 1, false); /* empty */
	para(cb_add_cell(r, 5, 3, false), "spans past the end");
	cb_add_row(t); /* no cells */
	cb_add_table(body); /* no rows */
	t = cb_add_table(body);
	cb_node *c = cb_add_cell(cb_add_row(t), 1, 1, false);
	cb_node *inner = cb_add_table(c);
	para(cb_add_cell(cb_add_row(inner), 1, 2, true), "a table in a cell");
	text(cb_add_heading(cb_add_cell(cb_add_row(t), 1, 1, false), 3), "a heading in a cell", 0);
}

static void empty(cb_document *doc) { (void)doc; }

static const struct {
	const char *name;
	void (*build)(cb_document *doc);
} references[] = {
	{"every-kind", every_kind},     {"empty", empty},
	{"awkward-text", awkward_text}, {"deep-and-long", deep_and_long},
	{"irregular-tables", irregular_tables},
};

size_t cb_conformance_reference_count(void) { return sizeof references / sizeof *references; }

cb_document *cb_conformance_reference(size_t i, const char **name)
{
	if (i >= cb_conformance_reference_count())
		return NULL;
	if (name)
		*name = references[i].name;
	cb_document *doc = cb_document_new();
	if (!doc)
		return NULL;
	references[i].build(doc);
	/* Builder calls are not checked one by one above: one failure (memory) shows here. */
	if (cb_document_error(doc)) {
		cb_document_free(doc);
		return NULL;
	}
	return doc;
}

/* --- the tree validator ------------------------------------------------------------------ */

#define MAX_STORED_PROBLEMS 20

typedef struct checker {
	const cb_document *doc;
	const char *name;
	cb_diags *problems;
	size_t count;
	unsigned long node; /* document order, for messages */
	const char **notes, **refs;
	size_t nnotes, nrefs, cap_notes, cap_refs;
	bool nomem;
} checker;

static void problem(checker *c, const char *fmt, ...) CB_PRINTF(2, 3);
static void problem(checker *c, const char *fmt, ...)
{
	if (c->count++ >= MAX_STORED_PROBLEMS)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cb_diags_add(c->problems, CB_SEV_ERROR, CB_E_INVALID, c->name, NULL, 0, "invalid tree: %s",
	             msg);
}

static void remember(checker *c, const char ***list, size_t *n, size_t *cap, const char *id)
{
	if (*n == *cap) {
		size_t grown_cap = *cap ? *cap * 2 : 16;
		const char **grown = realloc(*list, grown_cap * sizeof *grown);
		if (!grown) {
			c->nomem = true;
			return;
		}
		*list = grown;
		*cap = grown_cap;
	}
	(*list)[(*n)++] = id;
}

/* The content rules of model.h, restated so that a tree is judged against the documentation
 * rather than against the builder that made it. */
static bool may_hold(cb_node_kind parent, cb_node_kind child)
{
	bool blocks = parent == CB_NODE_BODY || parent == CB_NODE_ITEM || parent == CB_NODE_CELL ||
	              parent == CB_NODE_NOTE || parent == CB_NODE_DIV;
	bool inlines = parent == CB_NODE_HEADING || parent == CB_NODE_PARAGRAPH ||
	               parent == CB_NODE_LINK;
	switch (child) {
	case CB_NODE_HEADING:
	case CB_NODE_PARAGRAPH:
	case CB_NODE_LIST:
	case CB_NODE_TABLE:
	case CB_NODE_NOTE:
	case CB_NODE_DIV:
		return blocks;
	case CB_NODE_ITEM:
		return parent == CB_NODE_LIST;
	case CB_NODE_ROW:
		return parent == CB_NODE_TABLE;
	case CB_NODE_CELL:
		return parent == CB_NODE_ROW;
	case CB_NODE_IMAGE:
		return blocks || inlines;
	case CB_NODE_TEXT:
	case CB_NODE_BREAK:
	case CB_NODE_NOTEREF:
		return inlines;
	case CB_NODE_LINK:
		return parent == CB_NODE_HEADING || parent == CB_NODE_PARAGRAPH;
	default:
		return false;
	}
}

/* "https:", "file:", "data:": a URI scheme means the image is outside the document. */
static bool has_scheme(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return n > 0 && s[n] == ':' && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z');
}

static void check_node(checker *c, const cb_node *n)
{
	cb_node_kind kind = cb_node_get_kind(n);
	const char *kname = cb_node_kind_name(kind);
	unsigned long at = ++c->node;
	if (!kname) {
		problem(c, "node %lu has unknown kind %d", at, (int)kind);
		return;
	}
	const cb_node *parent = cb_node_parent(n);
	if (parent && !may_hold(cb_node_get_kind(parent), kind))
		problem(c, "node %lu: a %s cannot hold a %s", at,
		        cb_node_kind_name(cb_node_get_kind(parent)), kname);
	switch (kind) {
	case CB_NODE_HEADING:
		if (cb_heading_level(n) < 1 || cb_heading_level(n) > 9)
			problem(c, "node %lu: heading level %d is not 1-9", at, cb_heading_level(n));
		break;
	case CB_NODE_CELL:
		if (cb_cell_rowspan(n) < 1 || cb_cell_colspan(n) < 1)
			problem(c, "node %lu: cell spans %ux%u; spans are at least 1", at, cb_cell_rowspan(n),
			        cb_cell_colspan(n));
		break;
	case CB_NODE_TEXT: {
		size_t len = 0;
		const char *s = cb_text_get(n, &len);
		if (!s || len == 0)
			problem(c, "node %lu: an empty text node", at);
		if (cb_text_marks(n) & ~(unsigned)CB_MARK_ALL_)
			problem(c, "node %lu: unknown marks 0x%x", at, cb_text_marks(n));
		break;
	}
	case CB_NODE_LINK:
		if (!cb_link_target(n) || !*cb_link_target(n))
			problem(c, "node %lu: a link without a target", at);
		break;
	case CB_NODE_IMAGE: {
		const char *src = cb_image_source(n);
		if (!src || !*src)
			problem(c, "node %lu: an image without a source", at);
		else if (!cb_document_find_media(c->doc, src) && !has_scheme(src))
			problem(c, "node %lu: image source '%.64s' is neither a media object of the "
			           "document nor an external URI",
			        at, src);
		break;
	}
	case CB_NODE_NOTE:
	case CB_NODE_NOTEREF: {
		const char *id = cb_note_id(n);
		if (!id || !*id)
			problem(c, "node %lu: a %s without an id", at, kname);
		else if (kind == CB_NODE_NOTE)
			remember(c, &c->notes, &c->nnotes, &c->cap_notes, id);
		else
			remember(c, &c->refs, &c->nrefs, &c->cap_refs, id);
		break;
	}
	default:
		break;
	}
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_notes(checker *c)
{
	if (c->nnotes > 1)
		qsort(c->notes, c->nnotes, sizeof *c->notes, by_string);
	for (size_t i = 1; i < c->nnotes; i++)
		if (strcmp(c->notes[i - 1], c->notes[i]) == 0)
			problem(c, "two notes have the id '%.64s'", c->notes[i]);
	for (size_t i = 0; i < c->nrefs; i++)
		if (!c->nnotes ||
		    !bsearch(&c->refs[i], c->notes, c->nnotes, sizeof *c->notes, by_string))
			problem(c, "a note reference to '%.64s', but no note has that id", c->refs[i]);
}

static void check_media(checker *c)
{
	for (size_t i = 0; i < cb_document_media_count(c->doc); i++) {
		const cb_media *m = cb_document_media_at(c->doc, i);
		const char *type = cb_media_type(m);
		const char *slash = type ? strchr(type, '/') : NULL;
		if (!slash || slash == type || !slash[1])
			problem(c, "media object '%.64s' has type '%.64s', not type/subtype", cb_media_id(m),
			        type ? type : "");
	}
	for (size_t i = 0; i < cb_document_meta_count(c->doc); i++) {
		const char *key, *value;
		cb_document_meta_at(c->doc, i, &key, &value);
		if (!key || !*key || !value)
			problem(c, "metadata entry %zu has no key or no value", i + 1);
	}
}

size_t cb_conformance_validate(const cb_document *doc, const char *name, cb_diags *problems)
{
	checker c = {.doc = doc, .name = name, .problems = problems};
	const cb_node *body = cb_document_body_const(doc);
	if (cb_node_get_kind(body) != CB_NODE_BODY)
		problem(&c, "the document's root is not a body");
	/* Iterative, in document order: a tree may be deeper than the stack would like. */
	const cb_node *n = cb_node_first_child(body);
	while (n) {
		check_node(&c, n);
		if (cb_node_first_child(n)) {
			n = cb_node_first_child(n);
			continue;
		}
		while (n && n != body && !cb_node_next(n))
			n = cb_node_parent(n);
		n = n && n != body ? cb_node_next(n) : NULL;
	}
	check_notes(&c);
	check_media(&c);
	if (c.nomem)
		problem(&c, "out of memory while checking notes");
	free(c.notes);
	free(c.refs);
	if (c.count > MAX_STORED_PROBLEMS)
		cb_diags_add(problems, CB_SEV_ERROR, CB_E_INVALID, name, NULL, 0,
		             "invalid tree: %zu further problems not shown", c.count - MAX_STORED_PROBLEMS);
	return c.count;
}

/* --- runs with a reader ---------------------------------------------------------------- */

static cb_input *open_input(cb_context *ctx, const char *path, const char *name, const void *data,
                            size_t len, cb_diags *diags)
{
	if (path)
		return cbi_input_open_file(path, ctx->limits, diags);
	return cbi_input_open_memory(name ? name : "(memory)", data, len, ctx->limits, diags);
}

cb_code cb_conformance_bid(cb_context *ctx, const cb_plugin *reader, const char *path,
                           const char *name, const void *data, size_t len, int *bid,
                           cb_diags *diags)
{
	*bid = 0;
	if (!reader || reader->desc->kind != CB_PLUGIN_READER)
		return CB_E_USAGE;
	cb_input *in = open_input(ctx, path, name, data, len, diags);
	if (!in)
		return CB_E_IO;
	bool ok = cbi_detect_bid(in, reader, bid);
	cbi_input_close(in);
	return ok ? CB_OK : CB_E_NOMEM;
}

static void contract(cb_diags *problems, const char *name, const char *fmt, ...) CB_PRINTF(3, 4);
static void contract(cb_diags *problems, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(problems, CB_SEV_ERROR, CB_E_INVALID, name, NULL, 0, fmt, ap);
	va_end(ap);
}

cb_document *cb_conformance_read(cb_context *ctx, const cb_plugin *reader, const char *path,
                                 const char *name, const void *data, size_t len,
                                 cb_diags *diags, cb_diags *problems)
{
	if (!reader || reader->desc->kind != CB_PLUGIN_READER)
		return NULL;
	cb_input *in = open_input(ctx, path, name, data, len, diags);
	if (!in)
		return NULL;
	const char *shown = path ? path : name;
	cb_document *doc = cb_document_new();
	if (!doc) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, shown, NULL, 0, "out of memory");
		cbi_input_close(in);
		return NULL;
	}
	/* The limits cb_read_file gives a document, so that the reader meets the same builder. */
	cb_document_set_node_limit(doc, ctx->limits[CB_LIMIT_NODES]);
	uint64_t depth = ctx->limits[CB_LIMIT_DEPTH];
	cb_document_set_depth_limit(doc, depth > 0xFFFFFFu ? 0xFFFFFFu : (unsigned)depth);
	size_t errors = cb_diags_count_at_least(diags, CB_SEV_ERROR);
	cb_code code = reader->desc->read(in, doc);
	bool reported = cb_diags_count_at_least(diags, CB_SEV_ERROR) > errors;
	cbi_input_close(in);
	if (code == CB_OK) {
		if (reported)
			contract(problems, shown, "reader '%s' reported an error but returned success",
			         reader->desc->name);
		return doc;
	}
	if ((int)code < 0 || code >= CB_CODE_COUNT_)
		contract(problems, shown, "reader '%s' returned %d, which is not a cb_code",
		         reader->desc->name, (int)code);
	else if (!reported)
		contract(problems, shown,
		         "reader '%s' failed (%s) without reporting an error that says why (%s)",
		         reader->desc->name, cb_code_name(code),
		         cb_document_error(doc) ? cb_document_error(doc)
		                                : "cb_input_report was not called");
	cb_document_free(doc);
	return NULL;
}
