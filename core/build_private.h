/* A build as its files (build.c, walk.c, dedupe.c, assemble.c, report.c) share it. Internal. */
#ifndef CB_BUILD_PRIVATE_H
#define CB_BUILD_PRIVATE_H

#include "case.h"
#include "output.h"
#include "strbuf.h"

/* What the build keeps of a case besides the case itself: what duplicates, the order, the
 * statistics, the report and the casebook's head need, a few hundred bytes. A batch keeps only
 * this in memory and spools the case (cbi_build_keep), so that the parent's memory does not grow
 * by the size of every case; the case is read back, one at a time, to be written. */
typedef struct cbi_caseinfo {
	char id[24];
	char content_hash[CBI_SHA256_HEX];
	char *school, *title; /* unmasked, as the case's fields have them; NULL when absent */
	const char *level, *area; /* the profile's names (owned by it); NULL when unknown */
	size_t level_index, area_index;
	cbi_officer officer;
	cb_diags *diags; /* the case's own diagnostics: the case's (not owned) while the case is in
	                    memory, owned here once it is spooled */
	bool spooled;
	uint64_t at;  /* the case's result in the spool */
	size_t len;
	char *findings; /* a spooled case's privacy findings (what the casebook-wide mask merges),
	                   as "KIND GIVEN\0VALUE\0MASK\0" records; NULL for none */
	size_t findings_len;
} cbi_caseinfo;

/* One input as the walk found it and the build left it. */
typedef struct cbi_input {
	char *path;
	cb_input_status status;
	char *reason;   /* why it failed or was skipped; NULL otherwise */
	char *format;   /* the reader that read it, when one did */
	cb_case *c;     /* its case (also kept for duplicates, which are not published); NULL once
	                   spooled (info then says where) */
	size_t dup_of;  /* for a duplicate, the input it repeats; (size_t)-1 otherwise */
	cb_diags *diags; /* what reading it said (encoding, recovery ...) */
	cbi_caseinfo *info; /* set for every input with a case once cbi_build_finish ran, and from
	                       the start for a spooled case */
} cbi_input;

typedef struct cbi_inputs {
	cbi_input *items;
	size_t count;
} cbi_inputs;

struct cb_build {
	const cb_profile *profile;
	unsigned flags;
	cbi_inputs in;
	size_t *cases; /* the inputs of the published cases, in the casebook's order */
	size_t ncases;
	cbi_redactor *mask; /* every case's findings: what masks every output */
	cb_context *ctx;  /* for reading spooled cases back (the cbxml reader); NULL: none spooled */
	int spool;        /* the spool, an unlinked file in the output folder; -1: none */
	uint64_t spool_end;
	cb_case *loaded;  /* the case cb_build_input_case / cb_build_case_at read back last */
	size_t loaded_input;
};

/* Starts spooling the build's cases into an unlinked, private file in dir: cases that
 * cbi_build_keep is given from then on leave memory. False (nothing changed) when the file cannot
 * be made; the build then keeps its cases in memory as before. */
bool cbi_build_spool(cb_build *b, cb_context *ctx, const char *dir);
/* Called once x holds its restored result, data[0..len) being that result's bytes (result.c):
 * fills x->info and, when the build spools, writes the bytes to the spool and frees the case.
 * A case that cannot be spooled stays in memory. False when out of memory. */
bool cbi_build_keep(cb_build *b, cbi_input *x, const char *data, size_t len);
/* x's case: x->c when in memory (*owned NULL), otherwise read back from the spool, with the
 * diagnostics the build has for it, into *owned (free it with cbi_build_release, which leaves
 * the build's diagnostics alone; NULL is allowed). NULL when the case cannot be read back (the
 * reason in diags). */
cb_case *cbi_build_case(const cb_build *b, const cbi_input *x, cb_case **owned,
                        cb_diags *diags);
void cbi_build_release(cb_case *owned);
void cbi_caseinfo_free(cbi_caseinfo *info);
/* Writes OUTDIR/casebook.xml with the cbxml writer, a case at a time when it can. */
cb_code cbi_write_casebook_xml(cb_context *ctx, const cb_build *b, const char *outdir,
                               cb_diags *diags);
/* The case's diagnostics whether it is in memory or spooled; NULL for an input without a case. */
const cb_diags *cbi_input_case_diags(const cbi_input *x);

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
 * inputs with the same school and title: both of two, or each later one of a larger group about
 * the first and the first once about them all (dedupe.c). False when out of memory. */
bool cbi_find_duplicates(cbi_inputs *in);

/* Orders the published cases as the profile says. False when out of memory. */
bool cbi_assemble(cb_build *b);
/* casebook.json, written to out a case at a time. False when out of memory or when a case could
 * not be read back (reported in diags). */
bool cbi_casebook_json(const cb_build *b, cb_output *out, cb_diags *diags);
/* The casebook as a document, every case in it (for writers that take a whole document); with
 * published, each case also gets the status its input has in the report. Caller frees with
 * cb_document_free. NULL when out of memory or a case could not be read back (diags says
 * which). */
cb_document *cbi_casebook_document(const cb_build *b, bool published, cb_diags *diags);
/* The head of the same document, as cb_write_stream's begin gets it: each case an outline (a
 * few attributes, no children). Caller frees. NULL when out of memory. */
cb_document *cbi_casebook_head(const cb_build *b, bool published);
/* The division of the k-th published case, c, alone in a document, as the casebook document
 * has it. Caller frees. NULL when out of memory. */
cb_document *cbi_casebook_part(const cb_build *b, size_t k, const cb_case *c, bool published);

/* report.json and report.txt, written to out as they are made. False when out of memory. */
bool cbi_report_json(const cb_build *b, cb_output *out);
bool cbi_report_text(const cb_build *b, cb_output *out);

/* "casebook VERSION", what outputs name as their generator. Static storage. */
const char *cbi_generator(void);

#endif
