/* A build as its files (build.c, walk.c, dedupe.c, assemble.c, report.c) share it. Internal. */
#ifndef CB_BUILD_PRIVATE_H
#define CB_BUILD_PRIVATE_H

#include "case.h"
#include "strbuf.h"

/* One input as the walk found it and the build left it. */
typedef struct cbi_input {
	char *path;
	cb_input_status status;
	char *reason;   /* why it failed or was skipped; NULL otherwise */
	char *format;   /* the reader that read it, when one did */
	cb_case *c;     /* its case (also kept for duplicates, which are not published) */
	size_t dup_of;  /* for a duplicate, the input it repeats; (size_t)-1 otherwise */
	cb_diags *diags; /* what reading it said (encoding, recovery ...) */
} cbi_input;

typedef struct cbi_inputs {
	cbi_input *items;
	size_t count;
} cbi_inputs;

struct cb_build {
	const cb_profile *profile;
	unsigned flags;
	cbi_inputs in;
	const cb_case **cases; /* published, in the casebook's order */
	size_t ncases;
	cbi_redactor *mask; /* every case's findings: what masks every output */
};

/* A build with no inputs yet (a warning in diags when privacy is off); NULL when out of memory,
 * with the error in diags. */
cb_build *cbi_build_new(const cb_profile *p, unsigned flags, cb_diags *diags);
/* Walks the inputs into b, in the order of their paths (cbi_inputs_sort). False when out of
 * memory. */
bool cbi_build_walk(cb_build *b, const char *const *inputs, size_t ninputs);
/* Orders inputs by path, component by component, keeping the order of equal paths. False when
 * out of memory. */
bool cbi_inputs_sort(cbi_inputs *in);
/* The per-input stage: reader reads x->path (reader NULL: none bid, and x->diags says why) and
 * the case is extracted, sha256 being the source's digest; x->status, reason, format and c are
 * set. x->diags must exist. False when out of memory. */
bool cbi_input_read(cb_context *ctx, const cb_profile *p, unsigned flags, cbi_input *x,
                    const cb_plugin *reader, const char *sha256);
/* Duplicates, the casebook-wide mask and the order of the cases, once every input is in. False
 * when out of memory. */
bool cbi_build_finish(cb_build *b);

/* Expands files and folders (recursively, in name order) into inputs; what is not to be read is
 * already skipped or failed with its reason. False when out of memory. */
bool cbi_walk(const char *const *paths, size_t n, cbi_inputs *out);
void cbi_inputs_free(cbi_inputs *in);

/* Marks inputs that repeat an earlier one (same normalised content) as duplicates, and warns on
 * both of two inputs with the same school and title. */
void cbi_find_duplicates(cbi_inputs *in);

/* Orders the published cases as the profile says. False when out of memory. */
bool cbi_assemble(cb_build *b);
/* casebook.json. Caller frees. */
char *cbi_casebook_json(const cb_build *b);
/* The casebook as a document for the cbxml writer. Caller frees with cb_document_free. */
cb_document *cbi_casebook_document(const cb_build *b);

/* report.json and report.txt. Caller frees. */
char *cbi_report_json(const cb_build *b);
char *cbi_report_text(const cb_build *b);

/* "casebook VERSION", what outputs name as their generator. Static storage. */
const char *cbi_generator(void);

#endif
