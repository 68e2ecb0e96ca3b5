/* Diagnostic records and lists. */
#include "config.h"

#include <casebook/diag.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cb_diag {
	cb_severity sev;
	cb_code code;
	char *path;
	char *part;
	unsigned long line;
	char *message;
};

struct cb_diags {
	cb_diag *items;
	size_t count;
	size_t cap;
	size_t dropped;
};

/* Indexed by code; the names are part of the stable interface (reports print them). */
static const struct {
	const char *name;
	const char *text;
} codes[] = {
	[CB_OK] = {"ok", "success"},
	[CB_E_NOMEM] = {"out-of-memory", "out of memory"},
	[CB_E_IO] = {"io", "cannot read or write a file"},
	[CB_E_UNRECOGNISED] = {"unrecognised-format", "no reader recognised the input"},
	[CB_E_NO_PLUGIN] = {"no-plugin", "no plugin of that name"},
	[CB_E_PLUGIN_LOAD] = {"plugin-load", "the plugin could not be loaded"},
	[CB_E_PLUGIN_ENTRY] = {"plugin-entry", "the plugin has no entry symbol"},
	[CB_E_PLUGIN_ABI] = {"plugin-abi", "the plugin was built for another plugin ABI"},
	[CB_E_PLUGIN_DESCRIPTOR] = {"plugin-descriptor", "the plugin's descriptor is malformed"},
	[CB_E_PLUGIN_DUPLICATE] = {"plugin-duplicate", "a plugin of that name is already loaded"},
	[CB_E_SYNTAX] = {"syntax", "the input is malformed"},
	[CB_E_INVALID] = {"invalid", "the input breaks its format's rules"},
	[CB_E_LIMIT] = {"limit", "a limit was reached"},
	[CB_E_UNSUPPORTED] = {"unsupported", "the input cannot be read"},
	[CB_E_USAGE] = {"usage", "invalid request"},
	[CB_E_WRITE] = {"write", "the output could not be written"},
	[CB_W_ENCODING] = {"encoding", "invalid bytes were replaced"},
	[CB_W_LOSSY] = {"lossy", "something could not be represented exactly"},
	[CB_W_RECOVERED] = {"recovered", "a damaged input was read as far as possible"},
	[CB_N_DETECTED] = {"detected", "detection result"},
	[CB_E_PROFILE] = {"profile", "the profile is invalid"},
	[CB_E_NOT_SUBMISSION] = {"not-a-submission", "no field or section of a submission found"},
	[CB_W_MISSING_FIELD] = {"missing-field", "a required field is missing"},
	[CB_W_UNPARSABLE] = {"unparsable-value", "a value does not parse as its type"},
	[CB_W_UNKNOWN_AREA] = {"unknown-area", "the area is not one of the profile's"},
	[CB_W_DUPLICATE] = {"duplicate", "the same content as an earlier input"},
	[CB_W_POSSIBLE_DUPLICATE] = {"possible-duplicate", "the same school and title as another"},
	[CB_W_NOT_REDACTED] = {"not-redacted", "privacy masking is off"},
	[CB_N_SKIPPED] = {"skipped", "the input was not looked at"},
	[CB_N_DERIVED] = {"derived", "a value was taken from metadata or derived"},
	[CB_E_CRASHED] = {"crashed", "a reader crashed on the input"},
};

const char *cb_code_name(cb_code code)
{
	if ((unsigned)code >= CB_CODE_COUNT_)
		return "unknown";
	return codes[code].name;
}

const char *cb_code_describe(cb_code code)
{
	if ((unsigned)code >= CB_CODE_COUNT_)
		return "unknown code";
	return codes[code].text;
}

const char *cb_severity_name(cb_severity sev)
{
	switch (sev) {
	case CB_SEV_NOTE:
		return "note";
	case CB_SEV_WARNING:
		return "warning";
	case CB_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

cb_diags *cb_diags_new(void)
{
	return calloc(1, sizeof(cb_diags));
}

static void diag_release(cb_diag *d)
{
	free(d->path);
	free(d->part);
	free(d->message);
}

void cb_diags_clear(cb_diags *diags)
{
	if (!diags)
		return;
	for (size_t i = 0; i < diags->count; i++)
		diag_release(&diags->items[i]);
	diags->count = 0;
	diags->dropped = 0;
}

void cb_diags_free(cb_diags *diags)
{
	if (!diags)
		return;
	cb_diags_clear(diags);
	free(diags->items);
	free(diags);
}

static char *dup_or_null(const char *s, int *failed)
{
	if (!s)
		return NULL;
	char *p = strdup(s);
	if (!p)
		*failed = 1;
	return p;
}

void cb_diags_addv(cb_diags *diags, cb_severity sev, cb_code code, const char *path,
                   const char *part, unsigned long line, const char *fmt, va_list ap)
{
	if (!diags)
		return;
	if (diags->count == diags->cap) {
		size_t cap = diags->cap ? diags->cap * 2 : 8;
		cb_diag *items = realloc(diags->items, cap * sizeof(*items));
		if (!items) {
			diags->dropped++;
			return;
		}
		diags->items = items;
		diags->cap = cap;
	}
	int failed = 0;
	cb_diag d = {.sev = sev, .code = code, .line = line};
	d.path = dup_or_null(path, &failed);
	d.part = dup_or_null(part, &failed);
	if (vasprintf(&d.message, fmt, ap) < 0) {
		d.message = NULL;
		failed = 1;
	}
	if (failed) {
		diag_release(&d);
		diags->dropped++;
		return;
	}
	diags->items[diags->count++] = d;
}

void cb_diags_add(cb_diags *diags, cb_severity sev, cb_code code, const char *path,
                  const char *part, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cb_diags_addv(diags, sev, code, path, part, line, fmt, ap);
	va_end(ap);
}

size_t cb_diags_count(const cb_diags *diags)
{
	return diags ? diags->count : 0;
}

size_t cb_diags_count_at_least(const cb_diags *diags, cb_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < cb_diags_count(diags); i++)
		if (diags->items[i].sev >= sev)
			n++;
	return n;
}

size_t cb_diags_dropped(const cb_diags *diags)
{
	return diags ? diags->dropped : 0;
}

const cb_diag *cb_diags_at(const cb_diags *diags, size_t i)
{
	return i < cb_diags_count(diags) ? &diags->items[i] : NULL;
}

cb_severity cb_diag_severity(const cb_diag *d) { return d->sev; }
cb_code cb_diag_code(const cb_diag *d) { return d->code; }
const char *cb_diag_path(const cb_diag *d) { return d->path; }
const char *cb_diag_part(const cb_diag *d) { return d->part; }
unsigned long cb_diag_line(const cb_diag *d) { return d->line; }
const char *cb_diag_message(const cb_diag *d) { return d->message; }

char *cb_diag_format(const cb_diag *d)
{
	char line[32] = "";
	if (d->line)
		snprintf(line, sizeof line, ":%lu", d->line);
	const char *sev = d->sev == CB_SEV_ERROR ? "" : d->sev == CB_SEV_WARNING ? "warning: " : "note: ";
	char *out = NULL;
	int n;
	if (d->path)
		n = asprintf(&out, "%s%s%s%s: %s%s", d->path, d->part ? ":" : "", d->part ? d->part : "",
		             line, sev, d->message);
	else
		n = asprintf(&out, "%s%s", sev, d->message);
	return n < 0 ? NULL : out;
}
