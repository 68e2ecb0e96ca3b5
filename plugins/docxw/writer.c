/* The DOCX writer: Office Open XML WordprocessingML, for print and for editing in Word.
 *
 *   [Content_Types].xml, _rels/.rels        the package
 *   docProps/core.xml, docProps/app.xml     title, creator, language; the creation date only
 *                                           when the document has one (metadata "created"), so
 *                                           the same document gives the same bytes
 *   word/document.xml (+ _rels)             the body (body.c; a casebook: casebook.c)
 *   word/styles.xml, numbering.xml, settings.xml, fontTable.xml, footer1.xml (parts.c)
 *   word/footnotes.xml                      when notes are referred to
 *   word/media/imageN.*                     pictures of the media store
 *
 * Every entry of the ZIP is dated 1980-01-01. */
#include "config.h"

#include "docxw.h"

#include "../bookw/bookw.h"

#include <stdlib.h>
#include <string.h>

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define WML "application/vnd.openxmlformats-officedocument.wordprocessingml"

static void content_types(const dw *w, pkgw_buf *b)
{
	pkgw_puts(b, DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	             "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
	             "vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
	             "ContentType=\"application/xml\"/><Default Extension=\"png\" "
	             "ContentType=\"image/png\"/><Default Extension=\"jpeg\" "
	             "ContentType=\"image/jpeg\"/><Default Extension=\"gif\" "
	             "ContentType=\"image/gif\"/><Default Extension=\"bmp\" "
	             "ContentType=\"image/bmp\"/>"
	             "<Override PartName=\"/word/document.xml\" ContentType=\"" WML
	             ".document.main+xml\"/><Override PartName=\"/word/styles.xml\" "
	             "ContentType=\"" WML ".styles+xml\"/><Override PartName=\"/word/numbering.xml\" "
	             "ContentType=\"" WML ".numbering+xml\"/><Override PartName=\"/word/settings.xml\" "
	             "ContentType=\"" WML ".settings+xml\"/><Override "
	             "PartName=\"/word/fontTable.xml\" ContentType=\"" WML ".fontTable+xml\"/>"
	             "<Override PartName=\"/word/footer1.xml\" ContentType=\"" WML ".footer+xml\"/>");
	if (w->nnotes)
		pkgw_puts(b, "<Override PartName=\"/word/footnotes.xml\" ContentType=\"" WML
		             ".footnotes+xml\"/>");
	pkgw_puts(b, "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
	             "vnd.openxmlformats-package.core-properties+xml\"/><Override "
	             "PartName=\"/docProps/app.xml\" ContentType=\"application/"
	             "vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>\n");
}

static void package_rels(pkgw_buf *b)
{
	pkgw_puts(b, DECL "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId1\" "
	             "Type=\"" REL "/officeDocument\" Target=\"word/document.xml\"/>"
	             "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/"
	             "2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	             "<Relationship Id=\"rId3\" Type=\"" REL "/extended-properties\" "
	             "Target=\"docProps/app.xml\"/></Relationships>\n");
}

/* The fixed relationships are rId1 to rId6 (rId5, the footer, is what sections name); images
 * and links follow from rId7. */
static void document_rels(const dw *w, pkgw_buf *b)
{
	pkgw_puts(b, DECL "<Relationships xmlns=\"" PKG_REL "\">"
	             "<Relationship Id=\"rId1\" Type=\"" REL "/styles\" Target=\"styles.xml\"/>"
	             "<Relationship Id=\"rId2\" Type=\"" REL "/numbering\" Target=\"numbering.xml\"/>"
	             "<Relationship Id=\"rId3\" Type=\"" REL "/settings\" Target=\"settings.xml\"/>"
	             "<Relationship Id=\"rId4\" Type=\"" REL "/fontTable\" Target=\"fontTable.xml\"/>"
	             "<Relationship Id=\"rId5\" Type=\"" REL "/footer\" Target=\"footer1.xml\"/>");
	if (w->nnotes)
		pkgw_puts(b, "<Relationship Id=\"rId6\" Type=\"" REL "/footnotes\" "
		             "Target=\"footnotes.xml\"/>");
	pkgw_write(b, w->rels.data, w->rels.len);
	pkgw_puts(b, "</Relationships>\n");
}

static void meta_element(pkgw_buf *b, const cb_document *doc, const char *key, const char *tag)
{
	const char *v = cb_document_meta(doc, key);
	if (!v || !*v)
		return;
	pkgw_printf(b, "<%s>", tag);
	pkgw_xml_str(b, v);
	pkgw_printf(b, "</%s>", tag);
}

static void core_props(const cb_document *doc, pkgw_buf *b)
{
	pkgw_puts(b, DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
	             "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	             "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/"
	             "dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
	meta_element(b, doc, "title", "dc:title");
	meta_element(b, doc, "subject", "dc:subject");
	meta_element(b, doc, "creator", "dc:creator");
	meta_element(b, doc, "keywords", "cp:keywords");
	meta_element(b, doc, "description", "dc:description");
	const char *lang = cb_document_meta(doc, "language");
	pkgw_puts(b, "<dc:language>");
	pkgw_xml_str(b, lang && *lang ? lang : "ko-KR");
	pkgw_puts(b, "</dc:language>");
	const char *created = cb_document_meta(doc, "created");
	const char *modified = cb_document_meta(doc, "modified");
	if (created) {
		pkgw_puts(b, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">");
		pkgw_xml_str(b, created);
		pkgw_puts(b, "</dcterms:created>");
	}
	if (modified || created) {
		pkgw_puts(b, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">");
		pkgw_xml_str(b, modified ? modified : created);
		pkgw_puts(b, "</dcterms:modified>");
	}
	pkgw_puts(b, "</cp:coreProperties>\n");
}

static void app_props(const cb_document *doc, pkgw_buf *b)
{
	const char *producer = cb_document_meta(doc, "producer");
	pkgw_puts(b, DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	             "extended-properties\"><Application>");
	pkgw_xml_str(b, producer ? producer : "casebook");
	pkgw_puts(b, "</Application></Properties>\n");
}

static void document_open(pkgw_buf *b)
{
	pkgw_puts(b, DECL "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
	             "wordprocessingml/2006/main\" xmlns:r=\"" REL "\" xmlns:wp=\"http://schemas."
	             "openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://"
	             "schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas."
	             "openxmlformats.org/drawingml/2006/picture\"><w:body>");
}

static void document_close(pkgw_buf *b) { pkgw_puts(b, "</w:body></w:document>\n"); }

static void document_xml(dw *w, pkgw_buf *b)
{
	document_open(b);
	pkgw_write(b, w->body.data, w->body.len);
	document_close(b);
}

/* Adds a part and empties its buffer for the next. */
static bool add_part(pkgw_zip *z, const char *name, pkgw_buf *b)
{
	bool ok = pkgw_zip_add(z, name, b, false);
	pkgw_buf_free(b);
	return ok;
}

/* The package, its document.xml from w->body, or whole in spool (a casebook written a case at a
 * time, whose archive is then assembled on disk too). */
static cb_code package(dw *w, const pkgw_spool *spool)
{
	pkgw_zip *z = spool ? pkgw_zip_new_on_disk(w->out) : pkgw_zip_new();
	if (!z)
		return CB_E_NOMEM;
	pkgw_buf b = PKGW_BUF_INIT;
	bool ok = true;
	content_types(w, &b);
	ok = ok && add_part(z, "[Content_Types].xml", &b);
	package_rels(&b);
	ok = ok && add_part(z, "_rels/.rels", &b);
	core_props(w->doc, &b);
	ok = ok && add_part(z, "docProps/core.xml", &b);
	app_props(w->doc, &b);
	ok = ok && add_part(z, "docProps/app.xml", &b);
	if (spool) {
		ok = ok && pkgw_zip_add_spooled(z, "word/document.xml", spool, 0, spool->len, false);
	} else {
		document_xml(w, &b);
		ok = ok && add_part(z, "word/document.xml", &b);
	}
	document_rels(w, &b);
	ok = ok && add_part(z, "word/_rels/document.xml.rels", &b);
	dw_styles_xml(&b);
	ok = ok && add_part(z, "word/styles.xml", &b);
	dw_numbering_xml(w, &b);
	ok = ok && add_part(z, "word/numbering.xml", &b);
	dw_settings_xml(w, &b);
	ok = ok && add_part(z, "word/settings.xml", &b);
	dw_font_table_xml(&b);
	ok = ok && add_part(z, "word/fontTable.xml", &b);
	dw_footer_xml(&b);
	ok = ok && add_part(z, "word/footer1.xml", &b);
	if (ok && w->nnotes)
		ok = add_part(z, "word/footnotes.xml", &w->footnotes);
	for (size_t i = 0; ok && i < w->nimages; i++) {
		size_t len;
		const unsigned char *data = cb_media_data(w->images[i].media, &len);
		char name[64];
		snprintf(name, sizeof name, "word/%s", w->images[i].part);
		pkgw_write(&b, data, len);
		/* Pictures are compressed already: deflating them again gains nothing. */
		ok = pkgw_zip_add(z, name, &b, true);
		pkgw_buf_free(&b);
	}
	if (!ok) {
		pkgw_zip_free(z);
		return CB_E_NOMEM;
	}
	return pkgw_zip_finish(z, w->out);
}

static void dw_free(dw *w)
{
	pkgw_buf_free(&w->body);
	pkgw_buf_free(&w->rels);
	pkgw_buf_free(&w->footnotes);
	for (size_t i = 0; i < w->nimages; i++)
		free(w->images[i].part);
	free(w->images);
	free(w->lists);
	free(w->notes);
}

/* What went wrong, once, as the writer's result; spool is what a stream packages. */
static cb_code finish(dw *w, const pkgw_spool *spool)
{
	cb_code code = CB_OK;
	if (w->too_deep) {
		cb_output_report(w->out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", DW_MAX_DEPTH);
		code = CB_E_LIMIT;
	} else if (w->nomem || w->body.failed || w->rels.failed || w->footnotes.failed ||
	           (spool && spool->failed) || (code = package(w, spool)) == CB_E_NOMEM) {
		cb_output_report(w->out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing DOCX");
		code = CB_E_NOMEM;
	}
	return code;
}

static cb_code docx_write(const cb_document *doc, cb_output *out)
{
	dw w = {.out = out, .doc = doc, .next_rel = 7};
	const cb_node *body = cb_document_body_const(doc);
	w.casebook = bookw_is_casebook(doc);
	if (!dw_collect_notes(&w, body))
		w.nomem = true;
	if (w.casebook) {
		dw_casebook_body(&w);
	} else {
		dw_blocks(&w, body, -1);
		dw_sect_pr(&w, false, true);
	}
	if (w.nnotes)
		dw_footnotes(&w);
	cb_code code = finish(&w, NULL);
	dw_free(&w);
	return code;
}

/* --- a casebook a case at a time (cb_write_stream) ---------------------------------------- */

/* document.xml goes to a spool as it is written, a case at a time, and the package is assembled
 * on disk: nothing of the casebook's size stays in memory but the numbering's lists. A casebook's
 * cases hold no notes and no pictures (the host's casebook turns notes into paragraphs and
 * leaves pictures out), so the notes collected from the head and its pictures are all there
 * are, as write would find them in the whole document. */
typedef struct stream {
	dw w;
	dw_book book;
	pkgw_spool spool;
} stream;

static void stream_free(stream *s)
{
	dw_free(&s->w);
	pkgw_spool_close(&s->spool);
	free(s);
}

/* The part written since the last call goes to the spool; whether all is well so far. */
static bool spill(stream *s)
{
	pkgw_spool_put(&s->spool, &s->w.body);
	return !s->w.nomem && !s->w.too_deep && !s->spool.failed;
}

static cb_code stream_begin(const cb_document *head, cb_output *out, void **state)
{
	stream *s = calloc(1, sizeof *s);
	if (!s || !pkgw_spool_open(&s->spool)) {
		free(s);
		cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM,
		                 "out of memory writing DOCX (or no temporary file)");
		return CB_E_NOMEM;
	}
	s->w = (dw){.out = out, .doc = head, .next_rel = 7};
	s->w.body.spill = &s->spool; /* document.xml goes to the spool as it grows */
	const cb_node *body = cb_document_body_const(head);
	s->w.casebook = bookw_is_casebook(head);
	if (!dw_collect_notes(&s->w, body))
		s->w.nomem = true;
	document_open(&s->w.body);
	if (s->w.casebook) {
		dw_casebook_begin(&s->book, &s->w);
	} else {
		/* No case will come: the head is the whole document. */
		dw_blocks(&s->w, body, -1);
		dw_sect_pr(&s->w, false, true);
	}
	if (!spill(s)) {
		cb_code code = finish(&s->w, &s->spool);
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
	if (s->w.casebook)
		dw_casebook_case(&s->book, division);
	if (spill(s))
		return CB_OK;
	/* The error is reported once, here; cancel follows. */
	if (s->w.too_deep) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", DW_MAX_DEPTH);
		return CB_E_LIMIT;
	}
	cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing DOCX");
	return CB_E_NOMEM;
}

static cb_code stream_end(void *state, cb_output *out)
{
	stream *s = state;
	s->w.out = out;
	if (s->w.casebook)
		dw_casebook_end(&s->book);
	if (s->w.nnotes)
		dw_footnotes(&s->w);
	document_close(&s->w.body);
	spill(s);
	cb_code code = finish(&s->w, &s->spool);
	stream_free(s);
	return code;
}

static void stream_cancel(void *state) { stream_free(state); }

static const cb_write_stream docx_stream = {
	.size = sizeof(cb_write_stream),
	.begin = stream_begin,
	.add = stream_add,
	.end = stream_end,
	.cancel = stream_cancel,
};

static const char *const docx_extensions[] = {"docx", NULL};
static const char *const docx_media_types[] = {
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "docx",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "Word DOCX with built-in heading styles; a casebook gets a cover, contents, a "
	           "section a case",
	.kind = CB_PLUGIN_WRITER,
	.extensions = docx_extensions,
	.media_types = docx_media_types,
	.write = docx_write,
	.stream = &docx_stream,
};
