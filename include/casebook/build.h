/* casebook: building a casebook from submissions.
 *
 * A profile (an XML file validated by the shipped RelaxNG schema) says what an education office
 * asks of a submission: programme areas, field labels, value types, section headings, privacy
 * rules and the casebook's order. A case is what one submission becomes: its fields, its sections
 * and what privacy masked. A build runs many inputs through the whole road and writes the
 * casebook and a report that accounts for every input.
 *
 *   cb_diags *d = cb_diags_new();
 *   cb_profile *p = cb_profile_load(NULL, d);            // the default profile
 *   const char *in[] = {"submissions/"};
 *   cb_build *b = cb_build_run(ctx, p, in, 1, 0, d);
 *   cb_build_write(ctx, b, "out", d);                   // casebook.json/.xml, report.json/.txt
 *   cb_build_free(b); cb_profile_free(p); cb_diags_free(d);
 *
 * Privacy is on unless CB_BUILD_NO_REDACT is given: every string a case, a casebook or a report
 * shows has been through the masking, so no masked value reaches any output.
 * Nothing here prints; problems are records in the cb_diags lists the caller passes.
 */
#ifndef CASEBOOK_BUILD_H
#define CASEBOOK_BUILD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <casebook/casebook.h>

#ifdef __cplusplus
extern "C" {
#endif

/* --- profiles ----------------------------------------------------------------------------- */

typedef struct cb_profile cb_profile;

/* Loads a profile. path NULL loads the default profile, profile-default.xml in the data directory
 * (cb_data_dir()). Returns the profile (free with cb_profile_free) or NULL with CB_E_PROFILE
 * errors in diags that name the file and line: malformed XML, a schema violation, a pattern that
 * does not compile or that backtracks catastrophically. */
cb_profile *cb_profile_load(const char *path, cb_diags *diags);
void cb_profile_free(cb_profile *p);
/* The profile's name and title (owned by the profile). */
const char *cb_profile_name(const cb_profile *p);
const char *cb_profile_title(const cb_profile *p);
/* Brings the profile's <limits> into ctx, each one unless ctx's was set explicitly (by
 * cb_context_set_limit or cb_context_set_limit_option: the command line wins over the profile),
 * then gives the profile's patterns the resulting max-regex-steps and max-regex-depth. Call it
 * once the limits of ctx are set and before the profile is used. */
void cb_profile_apply_limits(cb_profile *p, cb_context *ctx);

/* Where the default profile and the schemas are: $CASEBOOK_DATA_DIR when set and not empty,
 * otherwise the configured $(pkgdatadir). Static storage or the environment's. */
const char *cb_data_dir(void);

/* --- cases -------------------------------------------------------------------------------- */

typedef struct cb_case cb_case;

/* Flags for extraction and builds. */
enum {
	CB_BUILD_NO_REDACT = 1u << 0 /* keep names and numbers (a warning says so) */
};

/* Reads one file with the bidding readers and extracts its case. NULL when the file cannot be read
 * or holds nothing of a submission (no field and no section), with the reasons in diags. The case
 * is freed with cb_case_free. */
cb_case *cb_case_extract_file(cb_context *ctx, const cb_profile *p, const char *path,
                              unsigned flags, cb_diags *diags);
/* Extracts a case from a document already read (or built); path and format are what the case
 * records as its source (either may be NULL), sha256 the source's digest (NULL when unknown);
 * the strings are copied. The document is only read, and may be freed after the call. The
 * profile must outlive the case (for both extract functions). */
cb_case *cb_case_extract_document(const cb_profile *p, const cb_document *doc, const char *path,
                                  const char *format, const char *sha256, unsigned flags,
                                  cb_diags *diags);
void cb_case_free(cb_case *c);

/* A field of the case as text, already masked; NULL when not found. Keys: id, school,
 * school_level, officer, title, area, area_original, target, participants, period.start,
 * period.end, period.original, place, budget_krw, partners, author, source.path,
 * source.format, source.sha256. Numbers are in decimal. Owned by the case. */
const char *cb_case_get(const cb_case *c, const char *key);
/* Sections in document order: kind (background, goals, activities, outcomes, reflections or
 * other) and heading (masked, without its numbering; NULL for content before any heading).
 * Owned by the case. False past the end. */
size_t cb_case_section_count(const cb_case *c);
bool cb_case_section_at(const cb_case *c, size_t i, const char **kind, const char **heading);
/* How many distinct items of a kind were masked: student_name, guardian_name, author_name,
 * phone, email, rrn, address. cb_redaction_kind(i) lists the kinds (static storage; NULL past
 * the end). */
size_t cb_case_redactions(const cb_case *c, const char *kind);
const char *cb_redaction_kind(size_t i);
/* The case's warnings and notes (missing fields, unparsable values, unknown area ...), with
 * messages already masked. Owned by the case. */
const cb_diags *cb_case_diags(const cb_case *c);
/* The case as a JSON object (the shape of one entry of casebook.json's "cases"), ending with a
 * line feed. Caller frees with free(); NULL when out of memory. */
char *cb_case_to_json(const cb_case *c);

/* --- builds ------------------------------------------------------------------------------- */

typedef struct cb_build cb_build;

/* What became of an input. */
typedef enum cb_input_status {
	CB_STATUS_OK = 0,        /* a case, with nothing to warn about */
	CB_STATUS_WARNING = 1,   /* a case, with warnings */
	CB_STATUS_FAILED = 2,    /* no case: unreadable or not a submission (see the reason) */
	CB_STATUS_DUPLICATE = 3, /* the same content as an earlier input: not published twice */
	CB_STATUS_SKIPPED = 4    /* not looked at: hidden, a lock or system file, not a file */
} cb_input_status;

/* "ok", "warning", "failed", "duplicate" or "skipped". Static storage. */
const char *cb_input_status_name(cb_input_status s);

/* Runs every input (files, and folders read recursively; all taken in the order of their paths,
 * component by component, whatever order they were named in) through reading, extraction,
 * privacy, validation and duplicate detection, then assembles the casebook in the profile's
 * order, in this process (cb_batch_run does the same in worker processes). inputs are copied. Returns the build (free with cb_build_free), or NULL when
 * out of memory; inputs that fail are recorded in the build, not in diags. diags gets what
 * concerns the whole build (a warning when privacy is off). */
cb_build *cb_build_run(cb_context *ctx, const cb_profile *p, const char *const *inputs,
                       size_t ninputs, unsigned flags, cb_diags *diags);
/* Writes OUTDIR/casebook.json, OUTDIR/casebook.xml (with the cbxml writer plugin),
 * OUTDIR/report.json and OUTDIR/report.txt, creating OUTDIR if needed. Each file is written to a
 * temporary name and renamed into place. CB_OK or the first error's code. */
cb_code cb_build_write(cb_context *ctx, const cb_build *b, const char *outdir, cb_diags *diags);
void cb_build_free(cb_build *b);

/* The publishing formats written when none are named. */
#define CB_BUILD_DEFAULT_FORMATS "html,json,csv"
/* Writes the casebook for publication into OUTDIR (which cb_build_write creates), in the formats
 * that formats names, separated by commas (NULL: CB_BUILD_DEFAULT_FORMATS). Each format is the
 * writer plugin of that name: html (casebook.html, a self-contained web page), docx
 * (casebook.docx), hwpx (casebook.hwpx), md or markdown (casebook.md, the markdown writer), csv
 * (index.csv, one row per case); json and xml name casebook.json and casebook.xml, which
 * cb_build_write always writes, and are accepted here so that one list can say everything. The
 * writers get the casebook document of casebook.xml with the metadata "year" (the profile's) and,
 * when the environment sets SOURCE_DATE_EPOCH, "created": never the clock, so the same casebook
 * gives the same bytes. Each file is replaced atomically. CB_OK, CB_E_USAGE for an unknown
 * format (nothing written), or the first writer's error (the other formats are still written).
 * cb_build_check_formats checks a list the same way without writing anything (diags may be
 * NULL). */
cb_code cb_build_publish(cb_context *ctx, const cb_build *b, const char *outdir,
                         const char *formats, cb_diags *diags);
cb_code cb_build_check_formats(const char *formats, cb_diags *diags);

/* The inputs as the build saw them (folders expanded), in order. */
size_t cb_build_input_count(const cb_build *b);
/* The i-th input: its path, status, and the reason it failed or was skipped (NULL otherwise);
 * the strings are owned by the build. False past the end. */
bool cb_build_input_at(const cb_build *b, size_t i, const char **path, cb_input_status *status,
                       const char **reason);
/* The case the i-th input became (for a duplicate, its own case, which is not published), or
 * NULL. Owned by the build. A build made by cb_batch_run or cb_batch_assemble keeps its cases
 * on disk rather than in memory (so that its memory does not grow with them): the case is then
 * read back, and stays valid only until the next call of cb_build_input_case or
 * cb_build_case_at on that build (NULL also when it cannot be read back). Reading back uses one
 * slot inside the build, so one thread at a time calls these two on one build. */
const cb_case *cb_build_input_case(const cb_build *b, size_t i);
/* The diagnostics of the case the i-th input became (what cb_case_diags says of it), without
 * reading a case kept on disk back; NULL for an input without a case. Owned by the build. */
const cb_diags *cb_build_input_case_diags(const cb_build *b, size_t i);
/* Inputs with that status. */
size_t cb_build_status_count(const cb_build *b, cb_input_status s);
/* Cases published in the casebook (duplicates are not), in the casebook's order; owned by the
 * build (do not free them), and read back as cb_build_input_case says for a batch's build. NULL
 * past the end. */
size_t cb_build_case_count(const cb_build *b);
const cb_case *cb_build_case_at(const cb_build *b, size_t i);

/* --- batches ------------------------------------------------------------------------------ */

/* A batch is how `casebook build` runs a season of submissions: the per-input stage (reading and
 * extraction) in worker processes, so that a reader that crashes, hangs or exhausts memory costs
 * only its input; an encrypted cache under the output folder, so that a second run reads only
 * what changed; a lock on the output folder; a clean stop on request; and shards, so that several
 * machines can share a build and `cb_batch_assemble` merges their work into the casebook one run
 * would have written, byte for byte.
 *
 *   cb_batch *bt = cb_batch_open("out", d);           // creates and locks out/
 *   cb_build *b = cb_batch_run(bt, ctx, p, in, 1, 0, d);
 *   if (b && !cb_batch_interrupted(bt)) cb_build_write(ctx, b, "out", d);
 *   cb_build_free(b); cb_batch_free(bt);               // unlocks out/
 *
 * Workers are forked from the calling process (which must be single-threaded), and return each
 * input's result as a cbxml document through a pipe. The cache stores the same documents,
 * encrypted with a key derived from the submission's own bytes: it holds nothing readable without
 * the submission it came from. Nothing here prints or installs a signal handler. */

typedef struct cb_batch cb_batch;

/* Opens OUTDIR for a batch: creates it if needed and locks it (OUTDIR/.casebook.lock, a lock the
 * system drops when the process ends, however it ends) until cb_batch_free. NULL, with the error
 * in diags, when OUTDIR cannot be created or another process holds the lock (the message names
 * it). */
cb_batch *cb_batch_open(const char *outdir, cb_diags *diags);
/* Unlocks OUTDIR and frees the batch. NULL is allowed. */
void cb_batch_free(cb_batch *bt);

/* Worker processes: 0 (the default) for one per online processor. */
void cb_batch_set_jobs(cb_batch *bt, unsigned jobs);
/* Seconds one input may take before its worker is killed (default 60; 0: no limit). */
void cb_batch_set_timeout(cb_batch *bt, unsigned seconds);
/* Address space each worker may add to what it inherits from the calling process, in bytes
 * (default 2 GiB; 0: no limit). Builds with AddressSanitizer, which reserves terabytes up front,
 * apply none (cb_batch_memory_limited). */
void cb_batch_set_memory_limit(cb_batch *bt, uint64_t bytes);
/* Whether this library applies the memory limit at all. */
bool cb_batch_memory_limited(void);
/* Whether to use the cache in OUTDIR/.casebook-cache (default true). Without it nothing is read
 * from or written to the cache. */
void cb_batch_set_cache(cb_batch *bt, bool use);
/* Makes the run shard k of n (1 <= k <= n): it reads the inputs whose path falls to that shard
 * (a hash of the path, the same on every machine) and cb_batch_write_shard writes their results
 * for cb_batch_assemble. CB_E_USAGE for impossible numbers. */
cb_code cb_batch_set_shard(cb_batch *bt, unsigned k, unsigned n);
/* A flag that stops the run once it is non-zero, typically set by the caller's SIGINT handler:
 * no input is started after it, the workers are killed, and the inputs not done are reported as
 * skipped. The flag is only read. */
void cb_batch_set_stop_flag(cb_batch *bt, const volatile sig_atomic_t *flag);

/* What a progress callback is told: at the start (path NULL, started false), when an input is
 * started or finished, and about ten times a second in between (path NULL). The strings are
 * valid during the call only. Fields may be added at the end. */
typedef struct cb_batch_progress {
	size_t total;   /* inputs to read in this run (those skipped by the walk are not counted) */
	size_t done;    /* finished so far */
	size_t failed;  /* of which failed */
	size_t cached;  /* of which taken from the cache */
	double elapsed; /* seconds since the run started */
	const char *path;   /* the input this event is about, or NULL */
	bool started;       /* path has just been given to a worker (false: it has finished) */
	cb_input_status status; /* a finished input's status (before duplicates are known) */
	const char *reason;     /* why it failed, or NULL */
	double seconds;         /* how long it took */
	bool from_cache;        /* its result came from the cache */
	bool cache_rebuilt;     /* its cache entry was corrupted, and was read again */
} cb_batch_progress;
typedef void (*cb_batch_progress_fn)(const cb_batch_progress *p, void *data);
void cb_batch_set_progress(cb_batch *bt, cb_batch_progress_fn fn, void *data);

/* Runs a build as cb_build_run does, in workers, through the cache, and as the shard when one is
 * set: the same build, the same outputs. Returns NULL when out of memory or when no worker can
 * be started (diags says why). A sharded run's build holds only its shard's inputs and is not
 * assembled (no duplicates are known, no case is published): write it with
 * cb_batch_write_shard. A run that was stopped returns the inputs done so far, the others
 * skipped, as a build to write with cb_batch_write_partial, never with cb_build_write. */
cb_build *cb_batch_run(cb_batch *bt, cb_context *ctx, const cb_profile *p,
                       const char *const *inputs, size_t ninputs, unsigned flags,
                       cb_diags *diags);
/* Whether the last run was stopped by the stop flag. */
bool cb_batch_interrupted(const cb_batch *bt);
/* Counters of the last run. */
typedef enum cb_batch_counter {
	CB_BATCH_READ = 0,      /* inputs a reader read */
	CB_BATCH_CACHED = 1,    /* inputs taken from the cache */
	CB_BATCH_REBUILT = 2,   /* corrupted cache entries found, and read again */
	CB_BATCH_RESTARTED = 3, /* workers replaced after a crash, a timeout or the memory limit */
	CB_BATCH_WORKERS = 4    /* workers started at first */
} cb_batch_counter;
size_t cb_batch_count(const cb_batch *bt, cb_batch_counter which);

/* Writes a sharded run's results to OUTDIR/casebook.shard (atomically, readable by its owner
 * only: the cases in it are not yet masked, since masking needs every shard's findings). */
cb_code cb_batch_write_shard(cb_batch *bt, cb_context *ctx, const cb_build *b,
                             cb_diags *diags);
/* Writes a stopped run's report as OUTDIR/report.partial.json and report.partial.txt, leaving
 * the casebook and report of the last complete run as they were. */
cb_code cb_batch_write_partial(cb_batch *bt, const cb_build *b, cb_diags *diags);
/* Merges the shards written into the folders shards[] (every shard of one sharded build, each
 * once, made with the same profile as p) into the build a single run would have made; write it
 * with cb_build_write into the batch's OUTDIR. NULL, with the reasons in diags, when a shard is
 * missing, repeated, unreadable or from another build. */
cb_build *cb_batch_assemble(cb_batch *bt, cb_context *ctx, const cb_profile *p,
                            const char *const *shards, size_t nshards, cb_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
