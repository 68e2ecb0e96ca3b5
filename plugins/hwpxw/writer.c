/* The HWPX writer: Hangul's OWPML package (KS X 6101), laid out as Hangul lays it out.
 *
 *   mimetype                  "application/hwp+zip": the first entry, stored, no extra field,
 *                             so that the type sits at byte 38 where readers sniff it
 *   version.xml               stored; names casebook as the writing application
 *   Contents/header.xml       the shapes and styles the sections use (header.c)
 *   Contents/sectionN.xml     the body (section.c; a casebook: one section per part, casebook.c)
 *   Preview/PrvText.txt       the start of the text, CRLF, as Hangul writes it
 *   settings.xml              the caret at the start
 *   Contents/content.hpf      metadata, the manifest and the spine (header, then the sections)
 *   META-INF/container.xml    where content.hpf is
 *   META-INF/manifest.xml     empty (no encryption)
 *
 * Every entry is dated 1980-01-01, as Hangul dates them; the creation date in content.hpf is the
 * document's own ("created") and left out when it has none, so the same document gives the same
 * bytes. */
#include "config.h"

#include "hwpxw.h"

#include "../bookw/bookw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
#define OPF_NS                                                                                \
	"xmlns:ha=\"http://www.hancom.co.kr/hwpml/2011/app\" "                                    \
	"xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\" "                              \
	"xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "                                \
	"xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\" "                                   \
	"xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\" "                                   \
	"xmlns:hpf=\"http://www.hancom.co.kr/schema/2011/hpf\" "                                  \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                          \
	"xmlns:opf=\"http://www.idpf.org/2007/opf/\""

static void meta(pkgw_buf *b, const cb_document *doc, const char *key, const char *name)
{
	const char *v = cb_document_meta(doc, key);
	pkgw_printf(b, "<opf:meta name=\"%s\" content=\"text\">", name);
	if (v)
		pkgw_xml_str(b, v);
	pkgw_puts(b, "</opf:meta>");
}

static void content_hpf(const hw *w, pkgw_buf *b)
{
	const char *title = cb_document_meta(w->doc, "title");
	const char *lang = cb_document_meta(w->doc, "language");
	pkgw_puts(b, DECL "<opf:package " OPF_NS " version=\"\" unique-identifier=\"\" id=\"\">"
	             "<opf:metadata><opf:title>");
	pkgw_xml_str(b, title ? title : "");
	pkgw_puts(b, "</opf:title><opf:language>");
	pkgw_xml_str(b, lang && *lang ? lang : "ko");
	pkgw_puts(b, "</opf:language>");
	meta(b, w->doc, "creator", "creator");
	meta(b, w->doc, "subject", "subject");
	meta(b, w->doc, "description", "description");
	if (cb_document_meta(w->doc, "created")) {
		meta(b, w->doc, "created", "CreatedDate");
		meta(b, w->doc, cb_document_meta(w->doc, "modified") ? "modified" : "created",
		     "ModifiedDate");
	}
	pkgw_puts(b, "</opf:metadata><opf:manifest><opf:item id=\"header\" "
	             "href=\"Contents/header.xml\" media-type=\"application/xml\"/>");
	for (size_t i = 0; i < w->nsecs; i++)
		pkgw_printf(b, "<opf:item id=\"section%zu\" href=\"Contents/section%zu.xml\" "
		               "media-type=\"application/xml\"/>",
		            i, i);
	pkgw_puts(b, "<opf:item id=\"settings\" href=\"settings.xml\" "
	             "media-type=\"application/xml\"/></opf:manifest><opf:spine>"
	             "<opf:itemref idref=\"header\" linear=\"yes\"/>");
	for (size_t i = 0; i < w->nsecs; i++)
		pkgw_printf(b, "<opf:itemref idref=\"section%zu\" linear=\"yes\"/>", i);
	pkgw_puts(b, "</opf:spine></opf:package>");
}

static void version_xml(const cb_document *doc, pkgw_buf *b)
{
	const char *producer = cb_document_meta(doc, "producer");
	pkgw_puts(b, DECL "<hv:HCFVersion xmlns:hv=\"http://www.hancom.co.kr/hwpml/2011/version\" "
	             "tagetApplication=\"WORDPROCESSOR\" major=\"5\" minor=\"1\" micro=\"0\" "
	             "buildNumber=\"1\" os=\"1\" xmlVersion=\"1.2\" application=\"casebook\" "
	             "appVersion=\"");
	pkgw_xml_str(b, producer ? producer : "casebook");
	pkgw_puts(b, "\"/>");
}

static bool add(pkgw_zip *z, const char *name, pkgw_buf *b, bool store)
{
	bool ok = pkgw_zip_add(z, name, b, store);
	pkgw_buf_free(b);
	return ok;
}

/* The package; a casebook written a case at a time (w->spool) has it assembled on disk. */
static cb_code package(hw *w)
{
	pkgw_zip *z = w->spool ? pkgw_zip_new_on_disk(w->out) : pkgw_zip_new();
	if (!z)
		return CB_E_NOMEM;
	pkgw_buf b = PKGW_BUF_INIT;
	pkgw_puts(&b, "application/hwp+zip");
	bool ok = add(z, "mimetype", &b, true);
	version_xml(w->doc, &b);
	ok = ok && add(z, "version.xml", &b, true);
	hw_header_xml(&b, w->nsecs);
	ok = ok && add(z, "Contents/header.xml", &b, false);
	for (size_t i = 0; ok && i < w->nsecs; i++) {
		char name[48];
		snprintf(name, sizeof name, "Contents/section%zu.xml", i);
		if (i < w->spilled)
			ok = pkgw_zip_add_spooled(z, name, w->spool, w->extents[i][0], w->extents[i][1],
			                          false);
		else
			ok = add(z, name, &w->secs[i], false);
	}
	ok = ok && add(z, "Preview/PrvText.txt", &w->preview, false);
	pkgw_puts(&b, DECL "<ha:HWPApplicationSetting xmlns:ha=\"http://www.hancom.co.kr/hwpml/"
	              "2011/app\" xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\">"
	              "<ha:CaretPosition listIDRef=\"0\" paraIDRef=\"0\" pos=\"0\"/>"
	              "</ha:HWPApplicationSetting>");
	ok = ok && add(z, "settings.xml", &b, false);
	content_hpf(w, &b);
	ok = ok && add(z, "Contents/content.hpf", &b, false);
	pkgw_puts(&b, DECL "<ocf:container xmlns:ocf=\"urn:oasis:names:tc:opendocument:xmlns:"
	              "container\" xmlns:hpf=\"http://www.hancom.co.kr/schema/2011/hpf\">"
	              "<ocf:rootfiles><ocf:rootfile full-path=\"Contents/content.hpf\" "
	              "media-type=\"application/hwpml-package+xml\"/><ocf:rootfile "
	              "full-path=\"Preview/PrvText.txt\" media-type=\"text/plain\"/>"
	              "</ocf:rootfiles></ocf:container>");
	ok = ok && add(z, "META-INF/container.xml", &b, false);
	pkgw_puts(&b, DECL "<odf:manifest xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:"
	              "manifest:1.0\"/>");
	ok = ok && add(z, "META-INF/manifest.xml", &b, false);
	if (!ok) {
		pkgw_buf_free(&b);
		pkgw_zip_free(z);
		return CB_E_NOMEM;
	}
	return pkgw_zip_finish(z, w->out);
}

static bool failed(const hw *w)
{
	bool failed = w->nomem || w->preview.failed || (w->spool && w->spool->failed);
	for (size_t i = 0; i < w->nsecs; i++)
		failed = failed || w->secs[i].failed;
	return failed;
}

/* What went wrong, once, as the writer's result; the package when nothing did. */
static cb_code finish(hw *w)
{
	cb_code code = CB_OK;
	if (w->too_deep) {
		cb_output_report(w->out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", HW_MAX_DEPTH);
		code = CB_E_LIMIT;
	} else if (failed(w) || (code = package(w)) == CB_E_NOMEM) {
		cb_output_report(w->out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing HWPX");
		code = CB_E_NOMEM;
	}
	return code;
}

static void hw_free(hw *w)
{
	for (size_t i = 0; i < w->nsecs; i++)
		pkgw_buf_free(&w->secs[i]);
	free(w->secs);
	free(w->extents);
	pkgw_buf_free(&w->preview);
	pkgw_buf_free(&w->sink);
}

static cb_code hwpx_write(const cb_document *doc, cb_output *out)
{
	hw w = {.out = out, .doc = doc, .pp = PP_BODY};
	if (bookw_is_casebook(doc)) {
		hw_casebook(&w);
	} else {
		hw_section_begin(&w, true);
		hw_blocks(&w, cb_document_body_const(doc), -1);
		hw_section_end(&w);
	}
	cb_code code = finish(&w);
	hw_free(&w);
	return code;
}

/* --- a casebook a case at a time (cb_write_stream) ---------------------------------------- */

/* Each case is a section of its own, and the sections go to a spool as they are written (see
 * hw_section_begin); the package is assembled on disk, so that nothing of the casebook's size
 * stays in memory but the list of sections. */
typedef struct stream {
	hw w;
	hw_book book;
	pkgw_spool spool;
	bool casebook;
} stream;

static void stream_free(stream *s)
{
	hw_free(&s->w);
	pkgw_spool_close(&s->spool);
	free(s);
}

/* Whether all is well so far. */
static bool well(const stream *s) { return !s->w.too_deep && !failed(&s->w); }

static cb_code stream_begin(const cb_document *head, cb_output *out, void **state)
{
	stream *s = calloc(1, sizeof *s);
	if (!s || !pkgw_spool_open(&s->spool)) {
		free(s);
		cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM,
		                 "out of memory writing HWPX (or no temporary file)");
		return CB_E_NOMEM;
	}
	s->w = (hw){.out = out, .doc = head, .pp = PP_BODY, .spool = &s->spool};
	s->casebook = bookw_is_casebook(head);
	if (s->casebook) {
		hw_casebook_begin(&s->book, &s->w);
	} else {
		/* No case will come: the head is the whole document. */
		hw_section_begin(&s->w, true);
		hw_blocks(&s->w, cb_document_body_const(head), -1);
		hw_section_end(&s->w);
	}
	if (!well(s)) {
		cb_code code = finish(&s->w);
		stream_free(s);
		return code;
	}
	*state = s;
	return CB_OK;
}

static cb_code stream_add(void *state, const cb_node *division, cb_output *out)
{
	stream *s = state;
	s->w.out = out;
	if (s->casebook)
		hw_casebook_case(&s->book, division);
	if (well(s))
		return CB_OK;
	/* The error is reported once, here; cancel follows. */
	if (s->w.too_deep) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", HW_MAX_DEPTH);
		return CB_E_LIMIT;
	}
	cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing HWPX");
	return CB_E_NOMEM;
}

static cb_code stream_end(void *state, cb_output *out)
{
	stream *s = state;
	s->w.out = out;
	if (s->casebook)
		hw_casebook_end(&s->book);
	hw_sections_spill(&s->w);
	cb_code code = finish(&s->w);
	stream_free(s);
	return code;
}

static void stream_cancel(void *state) { stream_free(state); }

static const cb_write_stream hwpx_stream = {
	.size = sizeof(cb_write_stream),
	.begin = stream_begin,
	.add = stream_add,
	.end = stream_end,
	.cancel = stream_cancel,
};

static const char *const hwpx_extensions[] = {"hwpx", NULL};
static const char *const hwpx_media_types[] = {"application/hwp+zip", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "hwpx",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "Hangul HWPX with outline styles; a casebook gets a cover, contents, a section "
	           "a case",
	.kind = CB_PLUGIN_WRITER,
	.extensions = hwpx_extensions,
	.media_types = hwpx_media_types,
	.write = hwpx_write,
	.stream = &hwpx_stream,
};
