/* The HTML writer: one self-contained page (style sheet, script and images inside; nothing is
 * fetched from anywhere, so it opens from a USB stick with no network).
 *
 * A casebook (divisions of class "case" in the body) becomes the office's web page, see
 * casebook.c; any other document becomes a plain page of its blocks, see blocks.c.
 *
 * Safety: every string from the document is escaped (text.c), links keep an href only for
 * http, https, mailto and fragments, and a Content-Security-Policy meta tag allows nothing but
 * the page's own style sheet and script, named by their SHA-256 computed here, and images given
 * as data: URIs. A submission holding <script>, an onerror attribute or a javascript: link thus
 * shows as text and runs nothing, twice over. The same document always gives the same bytes. */
#include "config.h"

#include "html.h"

#include "../bookw/bookw.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

/* "'sha256-BASE64'", the CSP source that allows exactly this inline code. */
static void csp_hash(html *h, const char *code)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, strlen(code), (const uint8_t *)code);
	sha256_digest(&ctx, sizeof digest, digest);
	char *b64 = cb_base64_encode(digest, sizeof digest, NULL);
	if (!b64) {
		h->nomem = true;
		return;
	}
	html_raw(h, "'sha256-");
	html_raw(h, b64);
	html_raw(h, "'");
	free(b64);
}

/* The document's language tag when it looks like one; Korean otherwise, since a document that
 * says nothing is a Korean school's. */
static const char *page_language(const cb_document *doc)
{
	static const char tag_chars[] = "abcdefghijklmnopqrstuvwxyz"
	                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
	const char *lang = cb_document_meta(doc, "language");
	if (lang && *lang && strlen(lang) <= 35 && strspn(lang, tag_chars) == strlen(lang))
		return lang;
	return "ko";
}

static void head(html *h, bool script)
{
	const char *title = cb_document_meta(h->doc, "title");
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"");
	html_str(h, page_language(h->doc));
	html_raw(h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	            "img-src data:; style-src ");
	csp_hash(h, html_css);
	html_raw(h, "; script-src ");
	if (script)
		csp_hash(h, html_js);
	else
		html_raw(h, "'none'");
	html_raw(h, "; base-uri 'none'; form-action 'none'\">\n"
	            "<meta name=\"referrer\" content=\"no-referrer\">\n");
	if (cb_document_meta(h->doc, "producer")) {
		html_raw(h, "<meta name=\"generator\" content=\"");
		html_str(h, cb_document_meta(h->doc, "producer"));
		html_raw(h, "\">\n");
	}
	html_raw(h, "<title>");
	html_str(h, title && *title ? title : "문서");
	html_raw(h, "</title>\n<style>");
	html_raw(h, html_css);
	html_raw(h, "</style>\n</head>\n<body>\n");
}

static void foot(html *h, bool script)
{
	const char *producer = cb_document_meta(h->doc, "producer");
	if (producer) {
		html_raw(h, "<footer><p>");
		html_str(h, producer);
		html_raw(h, "</p></footer>\n");
	}
	if (script) {
		html_raw(h, "<script>");
		html_raw(h, html_js);
		html_raw(h, "</script>\n");
	}
	html_raw(h, "</body>\n</html>\n");
}

/* What went wrong, once, as the writer's result. */
static cb_code outcome(html *h)
{
	if (h->nomem) {
		cb_output_report(h->out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing HTML");
		return CB_E_NOMEM;
	}
	if (h->too_deep) {
		cb_output_report(h->out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", HTML_MAX_DEPTH);
		return CB_E_LIMIT;
	}
	return CB_OK;
}

static cb_code html_write(const cb_document *doc, cb_output *out)
{
	html h = {.out = out, .doc = doc};
	bool casebook = bookw_is_casebook(doc);
	head(&h, casebook);
	if (casebook) {
		html_casebook_body(&h);
	} else {
		html_raw(&h, "<main>\n");
		html_blocks(&h, cb_document_body_const(doc));
		html_raw(&h, "</main>\n");
	}
	foot(&h, casebook);
	return outcome(&h);
}

/* --- a casebook a case at a time (cb_write_stream) ---------------------------------------- */

typedef struct stream {
	html h;
	html_book *book; /* NULL for a head without cases, which is the whole document */
} stream;

static cb_code stream_begin(const cb_document *head_doc, cb_output *out, void **state)
{
	stream *s = calloc(1, sizeof *s);
	if (!s) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing HTML");
		return CB_E_NOMEM;
	}
	s->h = (html){.out = out, .doc = head_doc};
	if (bookw_is_casebook(head_doc)) {
		head(&s->h, true);
		s->book = html_casebook_begin(&s->h);
	} else {
		/* No case will come: the head is the whole document, written as write does. */
		head(&s->h, false);
		html_raw(&s->h, "<main>\n");
		html_blocks(&s->h, cb_document_body_const(head_doc));
		html_raw(&s->h, "</main>\n");
	}
	cb_code code = outcome(&s->h);
	if (code != CB_OK) {
		html_casebook_free(s->book);
		free(s);
		return code;
	}
	*state = s;
	return CB_OK;
}

static cb_code stream_add(void *state, const cb_node *division, cb_output *out)
{
	stream *s = state;
	s->h.out = out;
	if (s->book)
		html_casebook_case(s->book, division);
	return outcome(&s->h);
}

static cb_code stream_end(void *state, cb_output *out)
{
	stream *s = state;
	s->h.out = out;
	if (s->book)
		html_casebook_end(s->book);
	foot(&s->h, s->book != NULL);
	cb_code code = outcome(&s->h);
	free(s);
	return code;
}

static void stream_cancel(void *state)
{
	stream *s = state;
	html_casebook_free(s->book);
	free(s);
}

static const cb_write_stream html_stream = {
	.size = sizeof(cb_write_stream),
	.begin = stream_begin,
	.add = stream_add,
	.end = stream_end,
	.cancel = stream_cancel,
};

static const char *const html_extensions[] = {"html", "htm", NULL};
static const char *const html_media_types[] = {"text/html", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "html",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "one self-contained, offline HTML page; a casebook gets contents, charts and search",
	.kind = CB_PLUGIN_WRITER,
	.extensions = html_extensions,
	.media_types = html_media_types,
	.write = html_write,
	.stream = &html_stream,
};
