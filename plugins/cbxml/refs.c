/* What the schema cannot say about references, checked once the tree is built: note ids are
 * unique, every note reference names a note of the document, every image shows a media object
 * of the document or something outside it (a URI with a scheme), and media types have the form
 * type/subtype. Writers rely on these
 * (a footnote numbered twice, a reference to nothing, a picture that is not there), and every
 * other reader keeps them, so a cbxml file breaking one is refused rather than passed on. */
#include "config.h"

#include "cbxml.h"

#include <casebook/plugin.h>

#include <stdlib.h>
#include <string.h>

struct ids {
	const char **v;
	size_t n, cap;
};

static bool push(struct ids *ids, const char *id)
{
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 16;
		const char **grown = realloc(ids->v, cap * sizeof *grown);
		if (!grown)
			return false;
		ids->v = grown;
		ids->cap = cap;
	}
	ids->v[ids->n++] = id;
	return true;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "https:", "file:", "data:": the image is outside the document. */
static bool has_scheme(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return n > 0 && s[n] == ':' && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z');
}

cb_code cbxml_check_references(cb_input *in, const cb_document *doc)
{
	struct ids notes = {0}, refs = {0};
	cb_code code = CB_OK;
	const cb_node *body = cb_document_body_const(doc);
	/* In document order, without recursion: the tree may be as deep as max-depth allows. */
	for (const cb_node *n = cb_node_first_child(body); n && code == CB_OK;) {
		cb_node_kind kind = cb_node_get_kind(n);
		if ((kind == CB_NODE_NOTE && !push(&notes, cb_note_id(n))) ||
		    (kind == CB_NODE_NOTEREF && !push(&refs, cb_note_id(n)))) {
			cb_input_report(in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
			code = CB_E_NOMEM;
		} else if (kind == CB_NODE_IMAGE && !cb_document_find_media(doc, cb_image_source(n)) &&
		           !has_scheme(cb_image_source(n))) {
			cb_input_report(in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
			                "<image src=\"%s\"> names no <object> of the document and no URI",
			                cb_image_source(n));
			code = CB_E_INVALID;
		}
		if (cb_node_first_child(n)) {
			n = cb_node_first_child(n);
			continue;
		}
		while (n != body && !cb_node_next(n))
			n = cb_node_parent(n);
		n = n != body ? cb_node_next(n) : NULL;
	}
	if (code == CB_OK && notes.n > 1) {
		qsort(notes.v, notes.n, sizeof *notes.v, by_string);
		for (size_t i = 1; i < notes.n && code == CB_OK; i++)
			if (strcmp(notes.v[i - 1], notes.v[i]) == 0) {
				cb_input_report(in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
				                "two <note>s have the id '%s'", notes.v[i]);
				code = CB_E_INVALID;
			}
	}
	for (size_t i = 0; i < refs.n && code == CB_OK; i++)
		if (!notes.n || !bsearch(&refs.v[i], notes.v, notes.n, sizeof *notes.v, by_string)) {
			cb_input_report(in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
			                "<noteref id=\"%s\"> names no <note> of the document", refs.v[i]);
			code = CB_E_INVALID;
		}
	for (size_t i = 0; i < cb_document_media_count(doc) && code == CB_OK; i++) {
		const cb_media *m = cb_document_media_at(doc, i);
		const char *type = cb_media_type(m), *slash = type ? strchr(type, '/') : NULL;
		if (!slash || slash == type || !slash[1]) {
			cb_input_report(in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
			                "<object id=\"%s\" type=\"%s\">: the type is no media type "
			                "(type/subtype)",
			                cb_media_id(m), type ? type : "");
			code = CB_E_INVALID;
		}
	}
	free(notes.v);
	free(refs.v);
	return code;
}
