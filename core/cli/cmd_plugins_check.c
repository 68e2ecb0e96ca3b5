/* casebook plugins --check: the conformance run for plugin authors (see casebook-plugin(7)).
 *
 * Every call into the plugin happens in a child process: a crash kills only the child, a hang is
 * killed at the timeout, and the child's memory is capped, so that one bad input is one failed
 * row rather than the end of the run. The parent reads only the descriptor (data, not code) and
 * the children's one-line answers, and prints one row per check. */
#include "config.h"

#include "plugins_check.h"

#include <casebook/conformance.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* AddressSanitizer reserves terabytes of address space up front: a memory limit would stop the
 * sanitizer, not the plugin, so sanitized builds run children without one. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* A child's address space: room for a reader that holds a whole container expanded to the
 * default max-uncompressed-bytes (1 GiB) twice over, and no more. */
#define CHILD_MEMORY (4ull << 30)
/* What is kept of a child's answers and of what it printed. */
#define MAX_ANSWER (64u << 10)
#define MAX_NOISE 4096u
/* Bids from 60 up say "this is my format's own signature" (plugin.h). */
#define SIGNATURE_BID 60

typedef struct checker {
	cli *c;
	const char *path;
	cb_context *iso; /* the plugin alone */
	const cb_plugin *pl;
	const cb_plugin_descriptor *d;
	unsigned timeout;
	unsigned passed, failed;
} checker;

typedef struct sample {
	char *name;        /* as shown */
	const char *owner; /* the reader whose format a built-in sample is, or NULL */
	char *path;        /* a corpus file, or NULL for a built-in sample in data */
	unsigned char *data;
	size_t len;
} sample;

/* --- the table ------------------------------------------------------------------------------ */

static void row(checker *k, bool pass, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void row(checker *k, bool pass, const char *check, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	printf("  %-4s  %-30s  %s\n", pass ? "PASS" : "FAIL", check, detail);
	fflush(stdout);
	if (pass)
		k->passed++;
	else
		k->failed++;
}

/* --- children ---------------------------------------------------------------------------- */

typedef enum ending { RAN, CRASHED, HUNG, EXITED, NOT_RUN } ending;

typedef struct answer {
	ending how;
	int detail;  /* the signal, or the exit status */
	char *said;  /* the answer lines */
	char *noise; /* what the child printed on standard output or error */
} answer;

typedef void (*child_fn)(checker *k, const void *arg, FILE *out);

static void limit_child(void)
{
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none); /* a crash is a row in the table, not a core file */
#ifndef UNDER_ASAN
	struct rlimit mem = {(rlim_t)CHILD_MEMORY, (rlim_t)CHILD_MEMORY};
	setrlimit(RLIMIT_AS, &mem);
#endif
}

typedef struct sink {
	int fd;
	char *buf;
	size_t len, max;
} sink;

/* Reads what is there; false at end of file. Bytes past max are read and dropped, so that a
 * chatty child never blocks on a full pipe. */
static bool drain(sink *s)
{
	char buf[4096];
	ssize_t n = read(s->fd, buf, sizeof buf);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	size_t keep = (size_t)n;
	if (s->len + keep > s->max)
		keep = s->max - s->len;
	if (keep) {
		char *grown = realloc(s->buf, s->len + keep + 1);
		if (grown) {
			memcpy(grown + s->len, buf, keep);
			s->len += keep;
			grown[s->len] = '\0';
			s->buf = grown;
		}
	}
	return true;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Collects both pipes until they close or the deadline passes; true when it passed. */
static bool collect(sink *answer_sink, sink *noise_sink, unsigned timeout)
{
	long long deadline = now_ms() + (long long)timeout * 1000;
	sink *s[2] = {answer_sink, noise_sink};
	bool open[2] = {true, true};
	while (open[0] || open[1]) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return true;
		struct pollfd pfd[2];
		int n = 0, which[2];
		for (int i = 0; i < 2; i++)
			if (open[i]) {
				pfd[n] = (struct pollfd){.fd = s[i]->fd, .events = POLLIN};
				which[n++] = i;
			}
		int r = poll(pfd, (nfds_t)n, left > 1000 ? 1000 : (int)left);
		if (r < 0 && errno != EINTR)
			return false;
		for (int j = 0; r > 0 && j < n; j++)
			if (pfd[j].revents && !drain(s[which[j]]))
				open[which[j]] = false;
	}
	return false;
}

static answer in_child(checker *k, child_fn fn, const void *arg)
{
	answer a = {NOT_RUN, 0, NULL, NULL};
	int res[2], noise[2];
	if (pipe(res) != 0)
		return a;
	if (pipe(noise) != 0) {
		close(res[0]);
		close(res[1]);
		return a;
	}
	fflush(stdout); /* or the child's copy of the buffer would be printed twice */
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(res[0]);
		close(noise[0]);
		dup2(noise[1], STDOUT_FILENO);
		dup2(noise[1], STDERR_FILENO);
		close(noise[1]);
		limit_child();
		FILE *out = fdopen(res[1], "w");
		if (out) {
			fn(k, arg, out);
			fflush(out);
		}
		_exit(0); /* no atexit handlers, no flushing of the parent's buffers */
	}
	close(res[1]);
	close(noise[1]);
	if (pid < 0) {
		close(res[0]);
		close(noise[0]);
		return a;
	}
	sink said = {res[0], NULL, 0, MAX_ANSWER}, printed = {noise[0], NULL, 0, MAX_NOISE};
	bool late = collect(&said, &printed, k->timeout);
	if (late)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	close(res[0]);
	close(noise[0]);
	a.said = said.buf;
	a.noise = printed.buf;
	if (late)
		a.how = HUNG;
	else if (WIFSIGNALED(status))
		a.how = CRASHED, a.detail = WTERMSIG(status);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		a.how = EXITED, a.detail = WEXITSTATUS(status);
	else
		a.how = RAN;
	return a;
}

static void answer_free(answer *a)
{
	free(a->said);
	free(a->noise);
}

/* The length of the first non-empty line the child printed, at most 120 bytes. */
static int noise_len(const answer *a)
{
	if (!a->noise)
		return 0;
	size_t n = strcspn(a->noise, "\n");
	return (int)(n > 120 ? 120 : n);
}

/* Why a child did not answer, or NULL when it did and printed nothing. */
static const char *misbehaviour(const checker *k, const answer *a, char *buf, size_t size)
{
	switch (a->how) {
	case NOT_RUN:
		return "could not start a child process";
	case HUNG:
		snprintf(buf, size, "hung: no answer within %u s (killed)", k->timeout);
		return buf;
	case CRASHED:
		snprintf(buf, size, "crashed: %s (signal %d)%s%.*s", strsignal(a->detail), a->detail,
		         noise_len(a) ? ": " : "", noise_len(a), a->noise);
		return buf;
	case EXITED:
		snprintf(buf, size, "exited the process with status %d%s%.*s", a->detail,
		         noise_len(a) ? ": " : "", noise_len(a), a->noise);
		return buf;
	case RAN:
		break;
	}
	if (a->noise && *a->noise) {
		snprintf(buf, size, "printed \"%.*s\": plugins report through cb_input_report or "
		                    "cb_output_report and never print",
		         noise_len(a), a->noise);
		return buf;
	}
	return NULL;
}

/* One answer line: "key text", with the text on one line. */
static void say(FILE *out, const char *key, const char *text)
{
	fprintf(out, "%s ", key);
	for (const char *s = text ? text : ""; *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
	fputc('\n', out);
}

/* The first error in diags, as "code-name message". */
static void say_error(FILE *out, const char *key, const cb_diags *d)
{
	for (size_t i = 0; i < cb_diags_count(d); i++) {
		const cb_diag *x = cb_diags_at(d, i);
		if (cb_diag_severity(x) != CB_SEV_ERROR)
			continue;
		char *line;
		if (asprintf(&line, "%s %s", cb_code_name(cb_diag_code(x)), cb_diag_message(x)) < 0)
			line = NULL;
		say(out, key, line ? line : cb_diag_message(x));
		free(line);
		return;
	}
	say(out, key, "- (no message)");
}

/* The value after "key " on the first line that starts so, or NULL. Points into text. */
static const char *answer_of(const char *text, const char *key, size_t *len)
{
	size_t k = strlen(key);
	for (const char *s = text; s && *s;) {
		const char *end = strchr(s, '\n');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		if (n > k && strncmp(s, key, k) == 0 && s[k] == ' ') {
			*len = n - k - 1;
			return s + k + 1;
		}
		s = end ? end + 1 : NULL;
	}
	return NULL;
}

static size_t count_lines(const char *text, const char *key)
{
	size_t n = 0, k = strlen(key);
	for (const char *s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
		if (strncmp(s, key, k) == 0 && s[k] == ' ')
			n++;
	return n;
}

/* --- loading and the descriptor -------------------------------------------------------- */

static void load_in_child(checker *k, const void *arg, FILE *out)
{
	(void)arg;
	cb_context *ctx = cb_context_new();
	cb_diags *d = cb_diags_new();
	if (!ctx || !d)
		say(out, "refused", "nomem out of memory");
	else if (cb_context_load_plugin_file(ctx, k->path, d) == CB_OK)
		say(out, "loaded", "");
	else
		say_error(out, "refused", d);
	cb_diags_free(d);
	cb_context_free(ctx);
}

/* Loads the plugin alone: first in a child (a constructor that crashes takes only the child),
 * then here. */
static bool load(checker *k)
{
	char why[512];
	answer a = in_child(k, load_in_child, NULL);
	const char *bad = misbehaviour(k, &a, why, sizeof why);
	size_t n = 0;
	const char *refused = a.said ? answer_of(a.said, "refused", &n) : NULL;
	if (bad || refused || !a.said) {
		if (bad)
			row(k, false, "load", "%s", bad);
		else if (refused) {
			/* "code-name plugin refused: reason" */
			const char *sp = memchr(refused, ' ', n);
			size_t skip = sp ? (size_t)(sp - refused) + 1 : 0;
			row(k, false, "load", "%.*s [%.*s]", (int)(n - skip), refused + skip,
			    (int)(sp ? (size_t)(sp - refused) : n), refused);
		} else
			row(k, false, "load", "the loading child gave no answer");
		answer_free(&a);
		return false;
	}
	answer_free(&a);
	cb_diags *d = cb_diags_new();
	if (!d || cb_context_load_plugin_file(k->iso, k->path, d) != CB_OK ||
	    !(k->pl = cb_context_plugin_at(k->iso, 0))) {
		row(k, false, "load", "%s",
		    d && cb_diags_count(d) ? cb_diag_message(cb_diags_at(d, 0)) : "out of memory");
		cb_diags_free(d);
		return false;
	}
	cb_diags_free(d);
	k->d = cb_plugin_get_descriptor(k->pl);
	row(k, true, "load", "%s '%s' %s (%s), plugin ABI %u", k->d->kind == CB_PLUGIN_READER ?
	    "reader" : "writer", k->d->name, k->d->version, k->d->licence, (unsigned)k->d->abi);
	return true;
}

static void add_reason(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_reason(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 3 >= size)
		return;
	if (used)
		used += (size_t)snprintf(buf + used, size - used, "; ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

static bool is_extension(const char *e)
{
	size_t n = strlen(e);
	if (n == 0 || n > 16)
		return false;
	for (; *e; e++)
		if (!((*e >= 'a' && *e <= 'z') || (*e >= '0' && *e <= '9') || *e == '-' || *e == '_'))
			return false;
	return true;
}

static bool is_media_type(const char *t)
{
	const char *slash = strchr(t, '/');
	return slash && slash != t && slash[1] && !strchr(slash + 1, '/') && !strchr(t, ' ');
}

/* What the loader does not insist on but users and writers rely on. */
static void check_descriptor(checker *k)
{
	const cb_plugin_descriptor *d = k->d;
	char why[1024] = "";
	if (!*d->version)
		add_reason(why, sizeof why, "the version is empty");
	if (!*d->licence || strchr(d->licence, ',') || strchr(d->licence, ';'))
		add_reason(why, sizeof why, "licence '%s' is not an SPDX expression", d->licence);
	if (!d->summary || !*d->summary)
		add_reason(why, sizeof why, "no summary (casebook plugins shows it)");
	else if (strchr(d->summary, '\n') || strlen(d->summary) > 100)
		add_reason(why, sizeof why, "the summary is not one short line");
	size_t exts = 0, types = 0;
	for (const char *const *e = d->extensions; e && *e; e++, exts++)
		if (!is_extension(*e))
			add_reason(why, sizeof why, "extension '%s' is not lower case without a dot", *e);
	for (const char *const *t = d->media_types; t && *t; t++, types++)
		if (!is_media_type(*t))
			add_reason(why, sizeof why, "media type '%s' is not type/subtype", *t);
	for (size_t i = 0; i < sizeof d->reserved / sizeof *d->reserved; i++)
		if (d->reserved[i])
			add_reason(why, sizeof why, "reserved slot %zu is not zero", i);
	if (d->kind == CB_PLUGIN_READER && d->write)
		add_reason(why, sizeof why, "a reader with a write callback (one kind per plugin)");
	if (d->kind == CB_PLUGIN_WRITER && (d->bid || d->read))
		add_reason(why, sizeof why, "a writer with reader callbacks (one kind per plugin)");
	if (d->kind == CB_PLUGIN_READER && d->stream)
		add_reason(why, sizeof why, "a reader with a write stream (writers only)");
	const cb_write_stream *st = d->kind == CB_PLUGIN_WRITER ? d->stream : NULL;
	if (st && (st->size < sizeof *st || !st->begin || !st->add || !st->end || !st->cancel))
		add_reason(why, sizeof why, "the write stream lacks a callback (the host ignores it)");
	if (*why) {
		row(k, false, "descriptor", "%s", why);
		return;
	}
	char note[128] = "";
	if (d->size > sizeof *d)
		snprintf(note, sizeof note, "; %u bytes, more than this casebook's %zu: newer headers?",
		         (unsigned)d->size, sizeof *d);
	row(k, true, "descriptor", "%zu extensions, %zu media types, \"%s\"%s", exts, types,
	    d->summary, note);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The host refuses the second plugin of a name and kind: a name taken on the search path by
 * another plugin would make one of the two unusable. Another build of the same plugin (the same
 * file name, e.g. an installed older version) only shadows or is shadowed. */
static void check_name(checker *k)
{
	const cb_plugin *other = cb_context_find_plugin(k->c->ctx, k->d->kind, k->d->name);
	const char *where = other ? cb_plugin_path(other) : NULL;
	const char *kind = k->d->kind == CB_PLUGIN_READER ? "reader" : "writer";
	if (!other || same_file(where, k->path))
		row(k, true, "name", "%s '%s' is unique on the search path", kind, k->d->name);
	else if (where && strcmp(base_name(where), base_name(k->path)) == 0)
		row(k, true, "name", "%s '%s' is also in %s (another build of the same plugin)", kind,
		    k->d->name, where);
	else
		row(k, false, "name", "duplicate %s name '%s': already used by %s, so the host would "
		                      "refuse one of the two",
		    kind, k->d->name, where ? where : "a plugin built into the program");
}

/* --- readers ------------------------------------------------------------------------------- */

/* Bids of the readers on the search path that a reader must not outbid: the owner of a built-in
 * sample, or, on a corpus file, any reader that recognises the file by its signature. */
static void other_bids(checker *k, const sample *s, FILE *out, cb_diags *d)
{
	cb_context *ctx = k->c->ctx;
	if (!s->owner && !s->path)
		return; /* a hostile sample is nobody's: any bid in range will do */
	for (size_t i = 0; i < cb_context_plugin_count(ctx); i++) {
		const cb_plugin *p = cb_context_plugin_at(ctx, i);
		const cb_plugin_descriptor *pd = cb_plugin_get_descriptor(p);
		if (pd->kind != CB_PLUGIN_READER || strcmp(pd->name, k->d->name) == 0)
			continue;
		if (s->owner && strcmp(pd->name, s->owner) != 0)
			continue;
		int bid;
		if (cb_conformance_bid(ctx, p, s->path, s->name, s->data, s->len, &bid, d) != CB_OK)
			continue;
		if (s->owner || bid >= SIGNATURE_BID)
			fprintf(out, "%s %s %d\n", s->owner ? "owner" : "other", pd->name, bid);
	}
}

static void read_in_child(checker *k, const void *arg, FILE *out)
{
	const sample *s = arg;
	cb_diags *d = cb_diags_new(), *problems = cb_diags_new();
	if (!d || !problems) {
		say(out, "fatal", "out of memory");
		return;
	}
	int bid;
	if (cb_conformance_bid(k->iso, k->pl, s->path, s->name, s->data, s->len, &bid, d) == CB_OK)
		fprintf(out, "bid %d\n", bid);
	else
		say_error(out, "unopened", d);
	fflush(out); /* a crash in read must not lose the bid */
	other_bids(k, s, out, d);
	cb_diags_clear(d);
	cb_document *doc = cb_conformance_read(k->iso, k->pl, s->path, s->name, s->data, s->len,
	                                       d, problems);
	if (doc) {
		fprintf(out, "read ok %llu\n", (unsigned long long)cb_document_node_count(doc));
		cb_conformance_validate(doc, s->name, problems);
	} else
		say_error(out, "read error", d);
	for (size_t i = 0; i < cb_diags_count(problems); i++)
		say(out, "problem", cb_diag_message(cb_diags_at(problems, i)));
	cb_document_free(doc);
	cb_diags_free(d);
	cb_diags_free(problems);
}

static int int_answer(const char *said, const char *key, bool *found)
{
	size_t n;
	const char *v = answer_of(said, key, &n);
	*found = v != NULL;
	return v ? atoi(v) : 0;
}

/* "name bid" lines of a kind, checked against our bid; false with why set on the first that we
 * outbid. */
static bool outbids(const char *said, const char *key, const sample *s, int bid, char *why,
                    size_t size)
{
	size_t k = strlen(key);
	for (const char *l = said; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char name[64];
		int theirs;
		if (strncmp(l, key, k) != 0 || l[k] != ' ' ||
		    sscanf(l + k + 1, "%63s %d", name, &theirs) != 2)
			continue;
		if (s->owner && theirs == 0)
			continue; /* the owner does not know this sample: nothing to compare with */
		if (bid >= theirs && bid > 0) {
			snprintf(why, size, "claims %s's %s: bids %d, and the %s reader %d (a reader must "
			                    "bid lower than the format's own reader)",
			         name, s->owner ? "sample" : "file", bid, name, theirs);
			return true;
		}
	}
	return false;
}

/* "bid N; refused (code): message", from a "code message" answer. */
static void refused_row(checker *k, const char *check, int bid, const char *error, size_t len)
{
	const char *sp = memchr(error, ' ', len);
	size_t code_len = sp ? (size_t)(sp - error) : len;
	size_t msg_len = sp ? len - code_len - 1 : 0;
	row(k, true, check, "bid %d; refused (%.*s): %.*s", bid, (int)code_len, error,
	    (int)(msg_len > 64 ? 64 : msg_len), sp ? sp + 1 : "");
}

static void judge_read(checker *k, const sample *s, const answer *a)
{
	char check[300], why[1024] = "", buf[512];
	snprintf(check, sizeof check, "read %s", s->name);
	const char *bad = misbehaviour(k, a, buf, sizeof buf);
	const char *said = a->said ? a->said : "";
	bool has_bid;
	int bid = int_answer(said, "bid", &has_bid);
	size_t err_len = 0, ok_len = 0, problem_len = 0, unopened_len = 0, owner_len = 0;
	const char *read_error = answer_of(said, "read error", &err_len);
	const char *read_ok = answer_of(said, "read ok", &ok_len);
	const char *problem = answer_of(said, "problem", &problem_len);
	const char *unopened = answer_of(said, "unopened", &unopened_len);
	bool owner_bid = answer_of(said, "owner", &owner_len) != NULL;
	bool own = s->owner && strcmp(s->owner, k->d->name) == 0;
	if (bad)
		snprintf(why, sizeof why, "%s%s", bad, has_bid || unopened ? "" : " (while bidding)");
	else if (!has_bid && !unopened)
		snprintf(why, sizeof why, "gave no bid");
	else if (bid < 0 || bid > 100)
		snprintf(why, sizeof why, "bid %d is outside 0..100", bid);
	else if (own && bid == 0)
		snprintf(why, sizeof why, "does not bid on a sample of its own format");
	else if (own && read_error)
		snprintf(why, sizeof why, "cannot read a sample of its own format: %.*s", (int)err_len,
		         read_error);
	else if (s->owner && !own && !owner_bid && bid >= SIGNATURE_BID)
		snprintf(why, sizeof why, "bids %d on a %s sample: 60-100 is for a format's own "
		                          "signature",
		         bid, s->owner);
	else if (outbids(said, s->owner ? "owner" : "other", s, bid, why, sizeof why)) {
	} else if (problem) {
		size_t more = count_lines(said, "problem") - 1;
		snprintf(why, sizeof why, "%.*s", (int)problem_len, problem);
		if (more)
			add_reason(why, sizeof why, "and %zu more", more);
	} else if (!read_ok && !read_error && !unopened)
		snprintf(why, sizeof why, "the reader gave no answer");
	if (*why)
		row(k, false, check, "%s", why);
	else if (unopened)
		row(k, true, check, "could not be opened: %.*s", (int)unopened_len, unopened);
	else if (read_ok)
		row(k, true, check, "bid %d; read %.*s nodes", bid, (int)ok_len, read_ok);
	else
		refused_row(k, check, bid, read_error, err_len);
}

static void check_sample(checker *k, const sample *s)
{
	answer a = in_child(k, read_in_child, s);
	judge_read(k, s, &a);
	answer_free(&a);
}

static void check_builtin_samples(checker *k)
{
	for (size_t i = 0; i < cb_conformance_sample_count(); i++) {
		sample s = {0};
		const char *name;
		if (cb_conformance_sample(i, &name, &s.owner, &s.data, &s.len) != CB_OK) {
			row(k, false, "samples", "out of memory building sample %zu", i);
			continue;
		}
		if (s.owner && asprintf(&s.name, "%s (%s)", name, s.owner) < 0)
			s.name = NULL;
		if (!s.owner)
			s.name = strdup(name);
		if (s.name)
			check_sample(k, &s);
		free(s.name);
		free(s.data);
	}
}

/* Files under dir, recursively, sorted, so that the table reads the same every run. */
typedef struct file_list {
	char **v;
	size_t n, cap;
} file_list;

static void list_files(file_list *l, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		char *p;
		struct stat st;
		if (e->d_name[0] == '.' || asprintf(&p, "%s/%s", dir, e->d_name) < 0)
			continue;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8)
			list_files(l, p, depth + 1);
		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 64;
			char **grown = realloc(l->v, cap * sizeof *grown);
			if (!grown) {
				free(p);
				continue;
			}
			l->v = grown;
			l->cap = cap;
		}
		l->v[l->n++] = p;
	}
	closedir(d);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_corpus(checker *k, const char *dir)
{
	struct stat st;
	errno = 0;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		row(k, false, "corpus", "%s: %s", dir, errno ? strerror(errno) : "not a directory");
		return;
	}
	file_list l = {0};
	list_files(&l, dir, 0);
	qsort(l.v, l.n, sizeof *l.v, by_path);
	size_t skip = strlen(dir) + (dir[strlen(dir) - 1] == '/' ? 0 : 1);
	if (!l.n)
		row(k, false, "corpus", "%s holds no files", dir);
	for (size_t i = 0; i < l.n; i++) {
		sample s = {.name = l.v[i] + skip, .path = l.v[i]};
		check_sample(k, &s);
		free(l.v[i]);
	}
	free(l.v);
}

/* --- writers ------------------------------------------------------------------------------- */

static void write_in_child(checker *k, const void *arg, FILE *out)
{
	size_t i = *(const size_t *)arg;
	cb_document *doc = cb_conformance_reference(i, NULL);
	cb_diags *d = cb_diags_new();
	if (!doc || !d) {
		say(out, "fatal", "cannot build the reference document (out of memory)");
		return;
	}
	char *one = NULL, *two = NULL;
	size_t n1 = 0, n2 = 0;
	if (cb_write_memory(k->iso, doc, k->d->name, &one, &n1, d) != CB_OK)
		say_error(out, "write error", d);
	else if (cb_write_memory(k->iso, doc, k->d->name, &two, &n2, d) != CB_OK)
		say_error(out, "again error", d);
	else {
		size_t at = 0;
		while (at < n1 && at < n2 && one[at] == two[at])
			at++;
		if (at < n1 || at < n2)
			fprintf(out, "differs %zu\n", at);
		fprintf(out, "write ok %zu\n", n1);
	}
	free(one);
	free(two);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void check_writer(checker *k)
{
	for (size_t i = 0; i < cb_conformance_reference_count(); i++) {
		const char *name = "?";
		cb_document_free(cb_conformance_reference(i, &name));
		char check[128], buf[512];
		snprintf(check, sizeof check, "write %s", name);
		answer a = in_child(k, write_in_child, &i);
		const char *said = a.said ? a.said : "";
		const char *bad = misbehaviour(k, &a, buf, sizeof buf);
		size_t n = 0;
		long long len = 0;
		const char *v;
		if (bad)
			row(k, false, check, "%s", bad);
		else if ((v = answer_of(said, "write error", &n)))
			row(k, false, check, "failed: %.*s", (int)n, v);
		else if ((v = answer_of(said, "again error", &n)))
			row(k, false, check, "failed the second time: %.*s", (int)n, v);
		else if ((v = answer_of(said, "differs", &n)))
			row(k, false, check, "two runs differ from byte %.*s: the output must be "
			                     "deterministic",
			    (int)n, v);
		else if (!(v = answer_of(said, "write ok", &n)))
			row(k, false, check, "the writer gave no answer");
		else if ((len = atoll(v)) == 0 && strcmp(name, "empty") != 0)
			row(k, false, check, "wrote nothing");
		else
			row(k, true, check, "%lld bytes, the same twice", len);
		answer_free(&a);
	}
}

/* --- the run ------------------------------------------------------------------------------- */

static void copy_limits(cb_context *to, const cb_context *from)
{
	for (int i = 0; i < CB_LIMIT_COUNT_; i++)
		cb_context_set_limit(to, (cb_limit)i, cb_context_limit(from, (cb_limit)i));
}

int cmd_plugins_check(cli *c, const char *plugin, const char *corpus, unsigned timeout)
{
	checker k = {.c = c, .path = plugin, .timeout = timeout ? timeout : CHECK_DEFAULT_TIMEOUT};
	if (!(k.iso = cb_context_new())) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_INPUT;
	}
	copy_limits(k.iso, c->ctx);
	printf("Checking %s (each input or document in a child process, %u s at most%s)\n\n",
	       plugin, k.timeout,
#ifdef UNDER_ASAN
	       ", no memory limit under AddressSanitizer"
#else
	       ""
#endif
	);
	printf("  %-4s  %-30s  %s\n", "", "check", "details");
	if (load(&k)) {
		check_descriptor(&k);
		check_name(&k);
		if (k.d->kind == CB_PLUGIN_READER) {
			check_builtin_samples(&k);
			if (corpus)
				check_corpus(&k, corpus);
		} else {
			if (corpus)
				row(&k, true, "corpus", "not used: a writer is fed reference documents");
			check_writer(&k);
		}
	}
	printf("\n%u checks: %u passed, %u failed\n", k.passed + k.failed, k.passed, k.failed);
	printf("%s\n", k.failed ? "FAIL: the plugin does not conform (see the rows above)"
	                        : "PASS: the plugin conforms");
	cb_context_free(k.iso);
	return k.failed ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
