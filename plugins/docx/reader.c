/* The DOCX reader: Word documents (Office Open XML WordprocessingML) into the document model.
 *
 * The package is opened through the host's bounded ZIP access (entry count, expanded size and
 * compression ratio limits) and every part through the safe pull parser (no DTD, no entities, no
 * network, max-depth). The main part is found through the package relationships, never at a
 * fixed path. Styles and properties are read first, numbering, notes and content types when
 * first needed; the main part is streamed once, so memory follows the document's text, not its
 * XML.
 *
 * Two kinds of file that users save as Word but this reader cannot open are still claimed, so
 * that they get a message saying what to do instead of "unrecognised format": a password-
 * protected document (an OLE compound file holding EncryptionInfo and EncryptedPackage) and a
 * Word 97-2003 .doc (an OLE compound file with a WordDocument stream). */
#include "config.h"

#include "docx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIN_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

static const unsigned char cfb_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

int dx_fail(dx_reader *r, cb_code code)
{
	if (r->status == CB_OK)
		r->status = code;
	return -1;
}

int dx_tree_failed(dx_reader *r, const cb_document *doc, const char *part, unsigned long line)
{
	if (r->status != CB_OK)
		return -1;
	int code = cb_document_error_code(doc);
	const char *why = cb_document_error(doc);
	cb_input_report(r->in, CB_SEV_ERROR, code ? (cb_code)code : CB_E_NOMEM, part, line, "%s",
	                why ? why : "cannot build the document");
	return dx_fail(r, code ? (cb_code)code : CB_E_NOMEM);
}

void dx_warn(dx_reader *r, const char *part, unsigned long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cb_input_report(r->in, CB_SEV_WARNING, CB_W_RECOVERED, part, line, "%s", msg);
}

cb_document *dx_stage_new(dx_reader *r)
{
	cb_document *stage = cb_document_new();
	if (!stage) {
		cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
		dx_fail(r, CB_E_NOMEM);
		return NULL;
	}
	uint64_t depth = cb_input_limit(r->in, CB_LIMIT_DEPTH);
	cb_document_set_node_limit(stage, cb_input_limit(r->in, CB_LIMIT_NODES));
	cb_document_set_depth_limit(stage, depth > 0xFFFFFFu ? 0xFFFFFFu : (unsigned)depth);
	return stage;
}

/* --- bidding --------------------------------------------------------------------------------- */

/* Scores, from the names the probe lists (the bid never reads the input):
 *   80  a ZIP with [Content_Types].xml and word/document.xml: the OOXML package of a Word
 *       document where Word puts it;
 *   80  a ZIP with [Content_Types].xml, _rels/.rels and parts under word/: a Word package whose
 *       main part lies elsewhere (found through _rels/.rels when read; spreadsheets and
 *       presentations keep their parts under xl/ and ppt/);
 *   60  an OLE compound file holding EncryptionInfo and EncryptedPackage (a password-protected
 *       OOXML document) or a WordDocument stream (Word 97-2003): claimed only so that reading
 *       fails with a message saying what to do;
 *   0   anything else. */
static bool has_word_parts(const cb_probe *p)
{
	for (size_t i = 0; i < cb_probe_zip_count(p); i++)
		if (strncmp(cb_probe_zip_entry(p, i), "word/", 5) == 0)
			return true;
	return false;
}

static int bid(const cb_probe *p)
{
	if (cb_probe_is_zip(p)) {
		if (!cb_probe_zip_has(p, "[Content_Types].xml"))
			return 0;
		if (cb_probe_zip_has(p, "word/document.xml"))
			return 80;
		return cb_probe_zip_has(p, "_rels/.rels") && has_word_parts(p) ? 80 : 0;
	}
	if (cb_probe_is_cfb(p)) {
		if (cb_probe_cfb_has(p, "EncryptionInfo") &&
		    cb_probe_cfb_has(p, "EncryptedPackage"))
			return 60;
		if (cb_probe_cfb_has(p, "WordDocument"))
			return 60;
	}
	return 0;
}

/* --- OLE compound files ---------------------------------------------------------------------- */

/* Whether the input starts like an OLE compound file. */
static bool is_cfb(cb_input *in)
{
	unsigned char head[8];
	ssize_t n = cb_input_read(in, head, sizeof head);
	cb_input_rewind(in);
	return n == (ssize_t)sizeof head && memcmp(head, cfb_magic, sizeof head) == 0;
}

static cb_code refuse_cfb(cb_input *in)
{
	if (cb_input_cfb_has(in, "EncryptionInfo") && cb_input_cfb_has(in, "EncryptedPackage")) {
		cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
		                "encrypted document: remove the password and save again");
	} else if (cb_input_cfb_has(in, "WordDocument")) {
		cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
		                "Word 97-2003 document: save it as .docx");
	} else {
		cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
		                "an OLE compound file, not a Word document: save it as .docx");
	}
	return CB_E_UNSUPPORTED;
}

/* --- reading --------------------------------------------------------------------------------- */

/* The main document part: the package's officeDocument relationship. A package without one is
 * not a Word document as Word would open it; a main part declared only in [Content_Types].xml
 * is still taken, with a warning, so that nothing readable is refused. */
static char *main_part(dx_reader *r, const dx_rels *package)
{
	const dx_rel *rel = dx_rels_by_type(package, "officeDocument");
	char *part = dx_rel_part(r, package, rel);
	if (part)
		return part;
	if (rel) {
		cb_input_report(r->in, CB_SEV_ERROR, CB_E_INVALID, "_rels/.rels", 0,
		                "no main document part: '%s' named by the package is missing",
		                rel->target);
		dx_fail(r, CB_E_INVALID);
		return NULL;
	}
	if (dx_types_need(r) < 0)
		return NULL;
	static const char *const main_types[] = {
		MAIN_TYPE ".main+xml",
		"application/vnd.ms-word.document.macroEnabled.main+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
		"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
	};
	for (size_t i = 0; i < sizeof main_types / sizeof *main_types; i++) {
		const char *name = dx_types_find_part(&r->types, main_types[i]);
		if (name && cb_zip_has(r->z, name)) {
			dx_warn(r, "_rels/.rels", 0,
			        "the package names no main document; read '%s', which "
			        "[Content_Types].xml declares as one",
			        name);
			return strdup(name);
		}
	}
	cb_input_report(r->in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
	                "no main document part: _rels/.rels has no officeDocument relationship "
	                "(not a Word document, or a damaged one)");
	dx_fail(r, CB_E_INVALID);
	return NULL;
}

int dx_notes_need(dx_reader *r, int kind)
{
	if (r->notes_loaded[kind])
		return 0;
	r->notes_loaded[kind] = true;
	const char *part = r->notes_part[kind];
	if (!part)
		return 0;
	dx_rels own;
	int rc = dx_rels_load(r, part, &own);
	if (rc == 0)
		rc = dx_notes_load(r, part, &own, kind);
	dx_rels_free(&own);
	return rc;
}

static int read_package(dx_reader *r)
{
	dx_rels package = {0}, rels = {0};
	char *part = NULL;
	int rc = dx_rels_load(r, "", &package);
	if (rc == 0 && !(part = main_part(r, &package)))
		rc = -1;
	if (rc == 0)
		rc = dx_rels_load(r, part, &rels);
	if (rc == 0) {
		char *styles = dx_rel_part(r, &rels, dx_rels_by_type(&rels, "styles"));
		rc = styles ? dx_styles_load(r, styles) : 0;
		free(styles);
		r->numbering_part = dx_rel_part(r, &rels, dx_rels_by_type(&rels, "numbering"));
		r->notes_part[0] = dx_rel_part(r, &rels, dx_rels_by_type(&rels, "footnotes"));
		r->notes_part[1] = dx_rel_part(r, &rels, dx_rels_by_type(&rels, "endnotes"));
	}
	if (rc == 0)
		rc = dx_meta_load(r, &package);
	if (rc == 0 && r->styles.language && !cb_document_meta(r->doc, "language") &&
	    cb_document_set_meta(r->doc, "language", r->styles.language) != 0)
		rc = dx_tree_failed(r, r->doc, NULL, 0);
	if (rc == 0)
		rc = dx_body_load(r, part, &rels);
	free(part);
	dx_rels_free(&package);
	dx_rels_free(&rels);
	return rc;
}

static void reader_free(dx_reader *r)
{
	dx_types_free(&r->types);
	dx_styles_free(&r->styles);
	dx_numbering_free(&r->numbering);
	free(r->numbering_part);
	free(r->notes_part[0]);
	free(r->notes_part[1]);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i].model_id);
	free(r->notes);
	cb_document_free(r->notes_doc);
	for (size_t i = 0; i < r->nmedia; i++)
		free(r->media[i].part);
	free(r->media);
	cb_zip_close(r->z);
}

static cb_code read_docx(cb_input *in, cb_document *doc)
{
	if (is_cfb(in))
		return refuse_cfb(in);
	dx_reader r = {.in = in, .doc = doc};
	if (!(r.z = cb_zip_open(in)))
		return CB_E_SYNTAX;
	if (read_package(&r) < 0 && r.status == CB_OK)
		r.status = CB_E_SYNTAX;
	reader_free(&r);
	return r.status;
}

static const char *const extensions[] = {"docx", "docm", "dotx", NULL};
static const char *const media_types[] = {MAIN_TYPE, NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "docx",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "Word documents (.docx): text, headings, lists, tables, notes, images, metadata",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = bid,
	.read = read_docx,
};
