/* casebook: diagnostics.
 *
 * Every failure and every warning is a record with a stable code, a severity, the input path and,
 * where known, the part inside a container and the line. The library never prints: it collects
 * records in a cb_diags list that the caller owns and reads.
 *
 * Plugins do not make lists or records: they report through cb_input_report and
 * cb_output_report (plugin.h), which add to the list the host passed for that input or output.
 * The codes below are what they report with. A list is not locked: one thread at a time.
 */
#ifndef CASEBOOK_DIAG_H
#define CASEBOOK_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks a printf-style function (format string at argument f, its arguments from a) so that
 * GCC and Clang check the calls; nothing on other compilers. */
#if defined(__GNUC__)
#define CB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CB_PRINTF(f, a) /* no format checking */
#endif

/* Status codes. Append-only: a code's number and name never change once released, so reports
 * and scripts can rely on them. cb_code_name() gives the stable identifier. */
typedef enum cb_code {
	CB_OK = 0,
	CB_E_NOMEM = 1,             /* out of memory */
	CB_E_IO = 2,                /* cannot open, read or write a file */
	CB_E_UNRECOGNISED = 3,      /* no reader bid on the input */
	CB_E_NO_PLUGIN = 4,         /* no reader or writer of the requested name */
	CB_E_PLUGIN_LOAD = 5,       /* the shared object could not be loaded */
	CB_E_PLUGIN_ENTRY = 6,      /* the shared object has no entry symbol */
	CB_E_PLUGIN_ABI = 7,        /* the plugin was built for another plugin ABI */
	CB_E_PLUGIN_DESCRIPTOR = 8, /* the descriptor is malformed */
	CB_E_PLUGIN_DUPLICATE = 9,  /* a plugin of the same name and kind is already loaded */
	CB_E_SYNTAX = 10,           /* the input is malformed for its format */
	CB_E_INVALID = 11,          /* well-formed, but breaks the format's rules or a schema */
	CB_E_LIMIT = 12,            /* a configured limit was reached */
	CB_E_UNSUPPORTED = 13,      /* a recognised input that cannot be read (e.g. encrypted) */
	CB_E_USAGE = 14,            /* the caller asked for something impossible */
	CB_E_WRITE = 15,            /* a writer failed to produce its output */
	CB_W_ENCODING = 16,         /* bytes not valid in the input's encoding were replaced */
	CB_W_LOSSY = 17,            /* a writer could not represent something exactly */
	CB_W_RECOVERED = 18,        /* a damaged input was read as far as possible */
	CB_N_DETECTED = 19,         /* a note: what was detected (encoding, format) */
	CB_E_PROFILE = 20,          /* the profile is malformed, breaks its schema or a pattern */
	CB_E_NOT_SUBMISSION = 21,   /* readable, but no field or section of a submission in it */
	CB_W_MISSING_FIELD = 22,    /* a field the profile requires was not found */
	CB_W_UNPARSABLE = 23,       /* a field's value does not parse as its type */
	CB_W_UNKNOWN_AREA = 24,     /* the area is none of the profile's */
	CB_W_DUPLICATE = 25,        /* the same content as an earlier input */
	CB_W_POSSIBLE_DUPLICATE = 26, /* the same school and title as another input */
	CB_W_NOT_REDACTED = 27,     /* privacy masking was turned off */
	CB_N_SKIPPED = 28,          /* an input that was not looked at, and why */
	CB_N_DERIVED = 29,          /* a value taken from metadata or derived from another field */
	CB_E_CRASHED = 30,          /* a reader crashed on the input (in a batch's worker process) */
	CB_CODE_COUNT_              /* not a code; keeps the list's end in one place */
} cb_code;

/* How bad a record is. An error means the input or output failed; a warning, that it went
 * through with something lost or replaced; a note, what was detected (shown with -v). */
typedef enum cb_severity {
	CB_SEV_NOTE = 0,
	CB_SEV_WARNING = 1,
	CB_SEV_ERROR = 2
} cb_severity;

/* Stable, lower-case identifier of a code, e.g. "unrecognised-format"; "unknown" past the end.
 * Static storage. */
const char *cb_code_name(cb_code code);
/* One-line English description of a code. Static storage. */
const char *cb_code_describe(cb_code code);
/* "note", "warning" or "error". Static storage. */
const char *cb_severity_name(cb_severity sev);

typedef struct cb_diag cb_diag;   /* one record, owned by its list */
typedef struct cb_diags cb_diags; /* an ordered list of records */

/* New empty list; free with cb_diags_free(). NULL when out of memory. */
cb_diags *cb_diags_new(void);
void cb_diags_free(cb_diags *diags);
/* Forget every record, keeping the list. */
void cb_diags_clear(cb_diags *diags);

/* Append a record. path and part may be NULL; line 0 means unknown. The strings are copied.
 * A list that cannot grow keeps what it has and counts the loss (cb_diags_dropped). */
void cb_diags_add(cb_diags *diags, cb_severity sev, cb_code code, const char *path,
                  const char *part, unsigned long line, const char *fmt, ...) CB_PRINTF(7, 8);
void cb_diags_addv(cb_diags *diags, cb_severity sev, cb_code code, const char *path,
                   const char *part, unsigned long line, const char *fmt, va_list ap)
	CB_PRINTF(7, 0);

/* The number of records in the list. */
size_t cb_diags_count(const cb_diags *diags);
/* Records of at least this severity. */
size_t cb_diags_count_at_least(const cb_diags *diags, cb_severity sev);
/* Records that could not be stored for lack of memory. */
size_t cb_diags_dropped(const cb_diags *diags);
/* The i-th record, or NULL past the end. Owned by the list. */
const cb_diag *cb_diags_at(const cb_diags *diags, size_t i);

/* A record's severity and code. */
cb_severity cb_diag_severity(const cb_diag *d);
cb_code cb_diag_code(const cb_diag *d);
/* These return NULL when not known; strings are owned by the list. */
const char *cb_diag_path(const cb_diag *d);
const char *cb_diag_part(const cb_diag *d);
unsigned long cb_diag_line(const cb_diag *d);
const char *cb_diag_message(const cb_diag *d);

/* "PATH:PART:LINE: warning: MESSAGE" (absent parts left out; errors carry no severity word, the
 * way compilers and curl print them). Caller frees with free(). NULL when out of memory. */
char *cb_diag_format(const cb_diag *d);

#ifdef __cplusplus
}
#endif
#endif
