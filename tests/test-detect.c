/* Detection by bidding, what an unrecognised input is said to be, input errors, and atomic
 * output. Uses readers and writers registered from memory so each score is under the test's
 * control. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "testutil.h"

/* What the last probe showed the bidders. */
static struct {
	char name[64];
	bool named;
	bool zip;
	size_t entries;
	char mimetype[64];
	bool has_content_hpf;
} seen;

static int bid_a, bid_b;

static void record(const cb_probe *p)
{
	memset(&seen, 0, sizeof seen);
	seen.named = cb_probe_name(p) != NULL;
	if (seen.named)
		snprintf(seen.name, sizeof seen.name, "%s", cb_probe_name(p));
	seen.zip = cb_probe_is_zip(p);
	seen.entries = cb_probe_zip_count(p);
	if (cb_probe_zip_mimetype(p))
		snprintf(seen.mimetype, sizeof seen.mimetype, "%s", cb_probe_zip_mimetype(p));
	seen.has_content_hpf = cb_probe_zip_has(p, "Contents/content.hpf");
}

static int bid_fn_a(const cb_probe *p)
{
	record(p);
	return bid_a;
}
static int bid_fn_b(const cb_probe *p) { return bid_b; }

static cb_code read_as(cb_document *doc, const char *who)
{
	return cb_document_set_meta(doc, "reader", who) == 0 ? CB_OK : CB_E_NOMEM;
}
static cb_code read_a(cb_input *in, cb_document *doc) { return read_as(doc, "a"); }
static cb_code read_b(cb_input *in, cb_document *doc) { return read_as(doc, "b"); }
static cb_code read_fails_silently(cb_input *in, cb_document *doc) { return CB_E_SYNTAX; }
static int bid_zero(const cb_probe *p) { return 0; }

static const char *const ext_a[] = {"aaa", NULL};
static const char *const ext_b[] = {"bbb", NULL};

static const cb_plugin_descriptor reader_a = {
	.abi = CB_PLUGIN_ABI, .size = sizeof reader_a, .name = "a", .version = "1", .licence = "MIT",
	.kind = CB_PLUGIN_READER, .extensions = ext_a, .bid = bid_fn_a, .read = read_a,
};
static const cb_plugin_descriptor reader_b = {
	.abi = CB_PLUGIN_ABI, .size = sizeof reader_b, .name = "b", .version = "1", .licence = "MIT",
	.kind = CB_PLUGIN_READER, .extensions = ext_b, .bid = bid_fn_b, .read = read_b,
};
static const cb_plugin_descriptor reader_silent = {
	.abi = CB_PLUGIN_ABI, .size = sizeof reader_silent, .name = "silent", .version = "1",
	.licence = "MIT", .kind = CB_PLUGIN_READER, .bid = bid_zero, .read = read_fails_silently,
};

static cb_code write_ok(const cb_document *doc, cb_output *out)
{
	return cb_output_puts(out, "new contents\n") == 0 ? CB_OK : CB_E_WRITE;
}
static cb_code write_fails(const cb_document *doc, cb_output *out)
{
	cb_output_puts(out, "half");
	cb_output_report(out, CB_SEV_ERROR, CB_E_WRITE, "cannot represent this document");
	return CB_E_WRITE;
}
static const char *const ext_out[] = {"out", NULL};
static const cb_plugin_descriptor writer_ok = {
	.abi = CB_PLUGIN_ABI, .size = sizeof writer_ok, .name = "ok", .version = "1",
	.licence = "MIT", .kind = CB_PLUGIN_WRITER, .extensions = ext_out, .write = write_ok,
};
static const cb_plugin_descriptor writer_fails = {
	.abi = CB_PLUGIN_ABI, .size = sizeof writer_fails, .name = "fails", .version = "1",
	.licence = "MIT", .kind = CB_PLUGIN_WRITER, .extensions = ext_out, .write = write_fails,
};

static cb_context *ctx;
static cb_diags *diags;

static int setup(void **state)
{
	ctx = cb_context_new();
	diags = cb_diags_new();
	return cb_context_register(ctx, &reader_a, diags) | cb_context_register(ctx, &reader_b, diags) |
	       cb_context_register(ctx, &reader_silent, diags) |
	       cb_context_register(ctx, &writer_ok, diags) |
	       cb_context_register(ctx, &writer_fails, diags);
}

static int teardown(void **state)
{
	cb_diags_free(diags);
	cb_context_free(ctx);
	return 0;
}

/* Which reader read the input, or NULL. */
static const char *winner(const char *name, const void *data, size_t len)
{
	static char who[8];
	cb_diags_clear(diags);
	cb_document *doc = cb_read_memory(ctx, name, data, len, NULL, diags);
	if (!doc)
		return NULL;
	snprintf(who, sizeof who, "%s", cb_document_meta(doc, "reader"));
	cb_document_free(doc);
	return who;
}

static void highest_bid_wins(void **state)
{
	bid_a = 30, bid_b = 50;
	assert_string_equal(winner("x", "hello", 5), "b");
	bid_a = 51;
	assert_string_equal(winner("x", "hello", 5), "a");
}

static void equal_bids_go_to_the_reader_of_the_extension(void **state)
{
	bid_a = bid_b = 40;
	assert_string_equal(winner("dir/x.bbb", "hello", 5), "b");
	assert_string_equal(winner("dir/x.AAA", "hello", 5), "a");
	assert_string_equal(winner("x.other", "hello", 5), "a"); /* then the first registered */
	/* Out-of-range bids are clamped, so shouting 1000 earns no more than 100. */
	bid_a = 1000, bid_b = 100;
	assert_string_equal(winner("x.bbb", "hello", 5), "b");
	bid_a = -5, bid_b = 0;
	assert_null(winner("x.aaa", "hello", 5));
}

static const char *unrecognised(const char *name, const void *data, size_t len)
{
	bid_a = bid_b = 0;
	assert_null(winner(name, data, len));
	assert_int_equal(cb_diags_count(diags), 1);
	const cb_diag *d = cb_diags_at(diags, 0);
	assert_int_equal(cb_diag_code(d), CB_E_UNRECOGNISED);
	assert_string_equal(cb_diag_path(d), name);
	return cb_diag_message(d);
}

static void unrecognised_inputs_say_what_they_look_like(void **state)
{
	assert_string_equal(unrecognised("e.txt", "", 0), "unrecognised format: the file is empty");
	assert_string_equal(unrecognised("p.docx", "%PDF-1.7\n", 9),
	                    "unrecognised format: a PDF document");
	assert_non_null(strstr(unrecognised("h.hwpx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10),
	                       "an OLE compound file (HWP 5, Word 97-2003 .doc"));
	assert_non_null(strstr(unrecognised("old.hwp", "HWP Document File V3.00 \x1A\1\2\3\4\5", 30),
	                       "an HWP 3 document"));
	assert_string_equal(unrecognised("i.docx", "\xFF\xD8\xFF\xE0", 4),
	                    "unrecognised format: an image");
	const char hml[] = "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><HWPML Version=\"2.9\">";
	assert_string_equal(unrecognised("d.hml", hml, sizeof hml - 1),
	                    "unrecognised format: an XML document with root element <HWPML>");
	assert_string_equal(unrecognised("b.bin", "\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9),
	                    "unrecognised format: 9 bytes starting 01 02 03 04 05 06 07 08");
	assert_non_null(strstr(unrecognised("z.docx", "PK\3\4garbage that is not a zip", 30),
	                       "unrecognised format: a damaged ZIP archive ("));
}

/* Builds a small HWPX-like ZIP in memory-backed file and checks what the probe offers. */
static void probes_list_zip_entries_and_mimetype(void **state)
{
	char *dir = cbt_tmpdir("detect-zip");
	char *path;
	assert_true(asprintf(&path, "%s/form.hwpx", dir) > 0);
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	const char *mt = "application/hwp+zip";
	zip_source_t *s = zip_source_buffer(z, mt, strlen(mt), 0);
	assert_true(zip_file_add(z, "mimetype", s, 0) >= 0);
	s = zip_source_buffer(z, "<opf/>", 6, 0);
	assert_true(zip_file_add(z, "Contents/content.hpf", s, 0) >= 0);
	s = zip_source_buffer(z, "<x/>", 4, 0);
	assert_true(zip_file_add(z, "Contents/section0.xml", s, 0) >= 0);
	assert_int_equal(zip_close(z), 0);

	bid_a = 80, bid_b = 0;
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, NULL, diags);
	assert_non_null(doc);
	cb_document_free(doc);
	assert_true(seen.zip);
	assert_int_equal(seen.entries, 3);
	assert_string_equal(seen.mimetype, "application/hwp+zip");
	assert_true(seen.has_content_hpf);
	assert_string_equal(seen.name, "form.hwpx");

	/* The same bytes from memory give the same probe; nobody bidding names the contents. */
	size_t len;
	char *bytes = cbt_read_file(path, &len);
	bid_a = 0;
	const char *msg = unrecognised("mem.hwpx", bytes, len);
	assert_string_equal(msg, "unrecognised format: a ZIP archive with 3 entries (mimetype, "
	                         "Contents/content.hpf, Contents/section0.xml) of type "
	                         "application/hwp+zip");
	assert_true(seen.zip);
	free(bytes);
	free(path);
	free(dir);
}

static void input_problems_are_reported_by_name(void **state)
{
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, "/nonexistent/dir/file.txt", NULL, diags));
	assert_true(cbt_has_diag(diags, CB_E_IO, "cannot open: No such file or directory"));
	assert_string_equal(cb_diag_path(cb_diags_at(diags, 0)), "/nonexistent/dir/file.txt");

	cb_diags_clear(diags);
	char *dir = cbt_tmpdir("detect-input");
	assert_null(cb_read_file(ctx, dir, NULL, diags));
	assert_true(cbt_has_diag(diags, CB_E_IO, "is a directory"));

	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "x", "abc", 3, "nosuch", diags));
	assert_true(cbt_has_diag(diags, CB_E_NO_PLUGIN, "no reader named 'nosuch'"));

	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "x", "abc", 3, "silent", diags));
	assert_true(cbt_has_diag(diags, CB_E_SYNTAX, "reader 'silent' failed"));

	cb_context_set_limit(ctx, CB_LIMIT_INPUT_BYTES, 2);
	cb_diags_clear(diags);
	assert_null(cb_read_memory(ctx, "big.txt", "abc", 3, "a", diags));
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "larger than max-input-bytes (2 bytes)"));
	char *path;
	assert_true(asprintf(&path, "%s/big.txt", dir) > 0);
	assert_true(cbt_write_file(path, "abcdef", 6));
	cb_diags_clear(diags);
	assert_null(cb_read_file(ctx, path, "a", diags));
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-input-bytes"));
	cb_context_set_limit(ctx, CB_LIMIT_INPUT_BYTES, 1 << 20);
	free(path);
	free(dir);
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	closedir(d);
	return n;
}

static void a_failed_write_leaves_the_old_output(void **state)
{
	char *dir = cbt_tmpdir("detect-write"), *path;
	assert_true(asprintf(&path, "%s/casebook.out", dir) > 0);
	assert_true(cbt_write_file(path, "old good output\n", 16));
	cb_document *doc = cb_document_new();
	cb_diags_clear(diags);
	assert_int_equal(cb_write_file(ctx, doc, "fails", path, diags), CB_E_WRITE);
	assert_true(cbt_has_diag(diags, CB_E_WRITE, "cannot represent this document"));
	char *now = cbt_read_file(path, NULL);
	assert_string_equal(now, "old good output\n");
	free(now);
	assert_int_equal(files_in(dir), 1); /* no temporary left behind */

	cb_diags_clear(diags);
	assert_int_equal(cb_write_file(ctx, doc, "ok", path, diags), CB_OK);
	now = cbt_read_file(path, NULL);
	assert_string_equal(now, "new contents\n");
	free(now);
	assert_int_equal(files_in(dir), 1);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

	/* Into memory, and to a directory that does not exist. */
	char *data;
	size_t len;
	assert_int_equal(cb_write_memory(ctx, doc, "ok", &data, &len, diags), CB_OK);
	assert_int_equal(len, 13);
	assert_string_equal(data, "new contents\n");
	free(data);
	assert_int_equal(cb_write_file(ctx, doc, "ok", "/nonexistent/dir/x.out", diags), CB_E_IO);
	assert_true(cbt_has_diag(diags, CB_E_IO, "cannot create"));
	assert_int_equal(cb_write_file(ctx, doc, "nosuch", path, diags), CB_E_NO_PLUGIN);
	cb_document_free(doc);
	free(path);
	free(dir);
}

/* Outputs that are not plain files: a symbolic link keeps pointing at the (replaced) file, and a
 * pipe or device is written through, never replaced by a file (as /dev/null once was). */
static void links_and_pipes_are_written_through(void **state)
{
	char *dir = cbt_tmpdir("detect-special"), *real, *link, *fifo;
	assert_true(asprintf(&real, "%s/real.out", dir) > 0);
	assert_true(asprintf(&link, "%s/link.out", dir) > 0);
	assert_true(asprintf(&fifo, "%s/pipe.out", dir) > 0);
	assert_true(cbt_write_file(real, "old\n", 4));
	assert_int_equal(symlink("real.out", link), 0);
	cb_document *doc = cb_document_new();
	cb_diags_clear(diags);
	assert_int_equal(cb_write_file(ctx, doc, "ok", link, diags), CB_OK);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *now = cbt_read_file(real, NULL);
	assert_string_equal(now, "new contents\n");
	free(now);

	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) { /* the reader at the other end: exits 0 when it got the whole output */
		alarm(10); /* if the writer never opens the pipe (replaced it), give up */
		char buf[64] = "";
		FILE *f = fopen(fifo, "r");
		size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
		_exit(n == 13 && memcmp(buf, "new contents\n", 13) == 0 ? 0 : 1);
	}
	assert_int_equal(cb_write_file(ctx, doc, "ok", fifo, diags), CB_OK);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));

	assert_int_equal(cb_write_file(ctx, doc, "ok", dir, diags), CB_E_IO);
	assert_true(cbt_has_diag(diags, CB_E_IO, "is a directory"));
	cb_document_free(doc);
	free(real);
	free(link);
	free(fifo);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(highest_bid_wins),
		cmocka_unit_test(equal_bids_go_to_the_reader_of_the_extension),
		cmocka_unit_test(unrecognised_inputs_say_what_they_look_like),
		cmocka_unit_test(probes_list_zip_entries_and_mimetype),
		cmocka_unit_test(input_problems_are_reported_by_name),
		cmocka_unit_test(a_failed_write_leaves_the_old_output),
		cmocka_unit_test(links_and_pipes_are_written_through),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
