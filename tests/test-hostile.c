/* The catalogue of hostile inputs (tests/hostile/README.md). Each case runs the command over the
 * hostile input and a good submission in one batch, as an office would, and checks three things:
 * the exact messages (every line of standard error, in order), that the hostile input left no
 * output and nothing outside the output folder, and that the good file still came out byte for
 * byte as it does alone. Small inputs are files in tests/hostile/; large ones (bombs, deep
 * nesting, many entries, a 2 GB file) are generated here, cheaply. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>
#include <cmocka.h>

#include "testutil.h"

/* The good submission a batch carries unless it says otherwise. */
#define GOOD "examples/submissions/금호중학교_사례.docx"

/* This test's folder under tests/tmp; inputs go in it, outputs in DIR/out, the good file's
 * output converted alone in DIR/ref. */
static char *dir;

static char *in_dir(const char *name)
{
	char *p;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void put(const char *name, const void *data, size_t len)
{
	char *p = in_dir(name);
	assert_true(cbt_write_file(p, data, len));
	free(p);
}

/* A file of the source tree, copied in as name. */
static void copy_in(const char *rel, const char *name)
{
	char *src = cbt_src_path(rel);
	size_t len;
	char *data = cbt_read_file(src, &len);
	assert_non_null(data);
	put(name, data, len);
	free(data);
	free(src);
}

/* A file of tests/hostile/, copied in under its own name. */
static void fixture(const char *name)
{
	char *rel;
	assert_true(asprintf(&rel, "tests/hostile/%s", name) > 0);
	copy_in(rel, name);
	free(rel);
}

static void fresh(const char *test)
{
	free(dir);
	char *name;
	assert_true(asprintf(&name, "hostile-%s", test) > 0);
	dir = cbt_tmpdir(name);
	assert_non_null(dir);
	free(name);
}

static int group_teardown(void **state)
{
	(void)state;
	free(dir);
	return 0;
}

/* Runs the command; its standard error into *err (caller frees); standard output dropped. */
static int run(const char *const *argv, char **err)
{
	char *out = NULL;
	size_t len;
	int rc = cbt_run_cli(argv, NULL, 0, &out, &len, err);
	free(out);
	return rc;
}

/* --- the batch and its checks ----------------------------------------------------------------- */

/* Every path under root (relative to it, sorted), one per line. Caller frees. */
static void list_tree(const char *root, const char *rel, char **acc, size_t *len)
{
	char *path;
	assert_true(asprintf(&path, "%s%s%s", root, *rel ? "/" : "", rel) > 0);
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *d = names[i]->d_name;
		if (strcmp(d, ".") && strcmp(d, "..")) {
			char *sub;
			assert_true(asprintf(&sub, "%s%s%s", rel, *rel ? "/" : "", d) > 0);
			size_t add = strlen(sub) + 1;
			*acc = realloc(*acc, *len + add + 1);
			memcpy(*acc + *len, sub, add - 1);
			(*acc)[*len + add - 1] = '\n';
			*len += add;
			(*acc)[*len] = '\0';
			struct stat st;
			char *full;
			assert_true(asprintf(&full, "%s/%s", root, sub) > 0);
			if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
				list_tree(root, sub, acc, len);
			free(full);
			free(sub);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(path);
}

static char *tree(void)
{
	char *acc = calloc(1, 1);
	size_t len = 0;
	list_tree(dir, "", &acc, &len);
	return acc;
}

/* The input a message is about: the name it starts with (DIR/ taken off), or NULL. */
static bool about(const char *line, const char *name)
{
	size_t n = strlen(name);
	return strncmp(line, name, n) == 0 && line[n] == ':';
}

/* Arguments before the command's own (setpriv's, to run it as another user); NULL for none. */
static const char *const *prefix;

/* Converts DIR/good alone into DIR/ref/ with the options; its output, which the caller frees. */
static char *reference(const char *const *options, const char *good, size_t *len)
{
	char *ref = in_dir("ref/"), *in = in_dir(good);
	const char *argv[32];
	size_t argc = 0;
	for (const char *const *p = prefix; p && *p; p++)
		argv[argc++] = *p;
	argv[argc++] = "convert";
	for (; options && *options; options++)
		argv[argc++] = *options;
	const char *tail[] = {"-q", "-t", "markdown", "-o", ref, in, NULL};
	for (size_t i = 0; tail[i]; i++)
		argv[argc++] = tail[i];
	argv[argc] = NULL;
	char *err = NULL;
	assert_int_equal(run(argv, &err), 0);
	free(err);
	char *base = strdup(good), *dot = strrchr(base, '.'), *path;
	*dot = '\0';
	assert_true(asprintf(&path, "%s/ref/%s.md", dir, base) > 0);
	char *md = cbt_read_file(path, len);
	assert_non_null(md);
	assert_true(*len > 0);
	free(path);
	free(base);
	free(in);
	free(ref);
	return md;
}

/* Runs `casebook convert OPTIONS... -t markdown -o DIR/out/ INPUTS... DIR/GOOD` and checks it:
 * standard error must be exactly `lines` (each "NAME: message" with NAME relative to DIR), then
 * the count of failed inputs when there are any; an input with an error line must have no output
 * and the others must have one; the good file's output must be byte for byte what it gives
 * alone; and nothing may appear in DIR but out/ and ref/ and what they hold. */
static void batch_good(const char *good, const char *const *options, const char *const *inputs,
                       const char *const *lines)
{
	size_t ref_len;
	char *ref = reference(options, good, &ref_len);
	char *before = tree();
	char *out = in_dir("out/");
	const char *argv[64];
	size_t argc = 0, ninputs = 0;
	for (const char *const *p = prefix; p && *p; p++)
		argv[argc++] = *p;
	argv[argc++] = "convert";
	for (; options && *options; options++)
		argv[argc++] = *options;
	argv[argc++] = "-t";
	argv[argc++] = "markdown";
	argv[argc++] = "-o";
	argv[argc++] = out;
	char *paths[40];
	for (; inputs[ninputs]; ninputs++)
		argv[argc++] = paths[ninputs] = in_dir(inputs[ninputs]);
	char *good_path = in_dir(good);
	argv[argc++] = good_path;
	argv[argc] = NULL;
	char *err = NULL;
	int rc = run(argv, &err);

	/* The expected standard error, and which inputs failed. */
	char *want = calloc(1, 1);
	size_t failed = 0;
	bool fails[40] = {false};
	for (size_t i = 0; lines && lines[i]; i++) {
		char *line;
		assert_true(asprintf(&line, "%scasebook: %s/%s\n", want, dir, lines[i]) > 0);
		free(want);
		want = line;
		if (strstr(lines[i], ": warning: "))
			continue;
		for (size_t k = 0; k < ninputs; k++)
			if (about(lines[i], inputs[k]) && !fails[k]) {
				fails[k] = true;
				failed++;
			}
	}
	if (failed) {
		char *line;
		assert_true(asprintf(&line, "%scasebook: %zu of %zu inputs failed\n", want, failed,
		                     ninputs + 1) > 0);
		free(want);
		want = line;
	}
	if (strcmp(err, want) != 0) {
		fprintf(stderr, "standard error:\n%s\nexpected:\n%s\n", err, want);
		fail();
	}
	assert_int_equal(rc, failed ? 1 : 0);

	char *base = strdup(good), *dot = strrchr(base, '.'), *md, *got;
	*dot = '\0';
	assert_true(asprintf(&md, "%s/out/%s.md", dir, base) > 0);
	size_t len;
	assert_non_null(got = cbt_read_file(md, &len));
	assert_int_equal(len, ref_len);
	assert_memory_equal(got, ref, len);
	free(got);
	free(md);
	free(base);
	for (size_t k = 0; k < ninputs; k++) {
		char *stem = strdup(inputs[k]), *o;
		if ((dot = strrchr(stem, '.')))
			*dot = '\0';
		assert_true(asprintf(&o, "%s/out/%s.md", dir, stem) > 0);
		struct stat st;
		if ((stat(o, &st) == 0) == fails[k])
			fail_msg("%s: %s", inputs[k], fails[k] ? "an output despite the error" : "no output");
		free(o);
		free(stem);
	}
	/* Nothing but out/ and ref/ and their files appeared. */
	char *after = tree();
	for (char *l = after; *l;) {
		char *nl = strchr(l, '\n');
		*nl = '\0';
		char *needle;
		assert_true(asprintf(&needle, "%s\n", l) > 0);
		if (strncmp(l, "out", 3) != 0 && strncmp(l, "ref", 3) != 0 && !strstr(before, needle))
			fail_msg("%s appeared", l);
		free(needle);
		l = nl + 1;
	}
	free(after);
	free(before);
	free(err);
	free(want);
	free(good_path);
	free(out);
	free(ref);
	for (size_t k = 0; k < ninputs; k++)
		free(paths[k]);
}

/* The same with the usual good file, a Word submission. */
static void batch(const char *const *options, const char *const *inputs, const char *const *lines)
{
	copy_in(GOOD, "good.docx");
	batch_good("good.docx", options, inputs, lines);
}

#define INPUTS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define LINES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define OPTIONS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* --- empty, random and misnamed files --------------------------------------------------------- */

static void empty_files(void **state)
{
	(void)state;
	fresh("empty");
	static const char *const names[] = {"empty.docx", "empty-hwpx.hwpx", "empty-hml.hml",
	                                    "empty-odt.odt", "empty-cbxml.cbxml"};
	for (size_t i = 0; i < 5; i++)
		put(names[i], "", 0);
	batch(NULL, INPUTS("empty.docx", "empty-hwpx.hwpx", "empty-hml.hml", "empty-odt.odt",
	                   "empty-cbxml.cbxml"),
	      LINES("empty.docx: unrecognised format: the file is empty",
	            "empty-hwpx.hwpx: unrecognised format: the file is empty",
	            "empty-hml.hml: unrecognised format: the file is empty",
	            "empty-odt.odt: unrecognised format: the file is empty",
	            "empty-cbxml.cbxml: unrecognised format: the file is empty"));
}

/* An empty .txt is an empty text: it converts to an empty document, and a build reports it as
 * no submission. */
static void empty_text_is_an_empty_document(void **state)
{
	(void)state;
	fresh("empty-txt");
	put("empty.txt", "", 0);
	batch(NULL, INPUTS("empty.txt"), NULL);
	char *out = in_dir("out/empty.md");
	size_t len = 1;
	char *md = cbt_read_file(out, &len);
	assert_non_null(md);
	assert_int_equal(len, 0);
	free(md);
	free(out);
}

/* The same pseudo-random bytes each run. */
static void random_bytes(unsigned char *buf, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		buf[i] = (unsigned char)(seed >> 11);
	}
}

static void random_bytes_under_every_extension(void **state)
{
	(void)state;
	fresh("random");
	static const char *const ext[] = {"txt", "text", "docx", "docm", "dotx", "hwpx", "hml",
	                                  "hwp", "odt", "fodt", "cbxml", "xml", "doc", "pdf"};
	enum { N = sizeof ext / sizeof *ext };
	unsigned char bytes[3000];
	random_bytes(bytes, sizeof bytes, 2026);
	char head[32] = "";
	for (int i = 0; i < 8; i++)
		snprintf(head + strlen(head), sizeof head - strlen(head), "%s%02X", i ? " " : "",
		         bytes[i]);
	const char *inputs[N + 1] = {NULL}, *lines[N + 1] = {NULL};
	char *names[N], *msgs[N];
	for (size_t i = 0; i < N; i++) {
		assert_true(asprintf(&names[i], "random-%s.%s", ext[i], ext[i]) > 0);
		assert_true(asprintf(&msgs[i], "%s: unrecognised format: 3000 bytes starting %s",
		                     names[i], head) > 0);
		put(names[i], bytes, sizeof bytes);
		inputs[i] = names[i];
		lines[i] = msgs[i];
	}
	batch(NULL, inputs, lines);
	for (size_t i = 0; i < N; i++) {
		free(names[i]);
		free(msgs[i]);
	}
}

/* Forced with -f, every reader says in its own words that the bytes are not its format; the
 * good file beside them is one of that reader's format. */
static void random_bytes_forced_through_every_reader(void **state)
{
	(void)state;
	static const char no_zip[] =
		"random.bin: not a ZIP archive, or a truncated one (no central directory found)";
	static const struct {
		const char *reader, *good, *lines[3];
	} cases[] = {
		{"docx", GOOD, {no_zip}},
		{"hwpx", "examples/submissions/문산초등학교_사례.hwpx", {no_zip}},
		/* The ODT reader also reads flat ODT, which is XML. */
		{"odt", "tests/fixtures/odt/report.odt",
		 {"random.bin:1: malformed XML: Document is empty"}},
		{"hwpml", "examples/submissions/빛누리특수학교_사례.hml",
		 {"random.bin:1: malformed XML: Document is empty"}},
		{"text", "examples/submissions/동림초등학교_사례.txt",
		 {"random.bin:1: warning: invalid UTF-8 byte 0xB6 replaced with U+FFFD",
		  "random.bin:1: contains NUL bytes (binary data, not text)"}},
	};
	unsigned char bytes[3000];
	random_bytes(bytes, sizeof bytes, 2026);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fresh("random-forced");
		put("random.bin", bytes, sizeof bytes);
		const char *ext = strrchr(cases[i].good, '.');
		char *good;
		assert_true(asprintf(&good, "good%s", ext) > 0);
		copy_in(cases[i].good, good);
		batch_good(good, OPTIONS("-f", cases[i].reader), INPUTS("random.bin"), cases[i].lines);
		free(good);
	}
}

/* --- ZIP containers --------------------------------------------------------------------------- */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
	"relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Default Extension=\"png\" ContentType=\"image/png\"/></Types>";
static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" PKG_REL "\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";

/* A Word package whose main part is document (len 0: a string), with more entries after it. */
static void put_docx(const char *name, const void *document, size_t len, const cbt_entry *more,
                     size_t nmore)
{
	cbt_entry e[16] = {
		{"[Content_Types].xml", content_types, 0, false},
		{"_rels/.rels", package_rels, 0, false},
		{"word/document.xml", document, len, false},
	};
	size_t n = 3;
	for (size_t i = 0; i < nmore && n < 16; i++)
		e[n++] = more[i];
	char *path = in_dir(name);
	assert_true(cbt_write_zip(path, e, n));
	free(path);
}

/* w:document around a body. Caller frees. */
static char *word(const char *body)
{
	char *s;
	assert_true(asprintf(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\""
	                         W_NS "\"><w:body>%s</w:body></w:document>",
	                     body) > 0);
	return s;
}

#define HS "http://www.hancom.co.kr/hwpml/2011/section"
#define HP "http://www.hancom.co.kr/hwpml/2011/paragraph"

/* An HWPX package whose one section is section (a string), with more entries after it. */
static void put_hwpx(const char *name, const char *section, const cbt_entry *more, size_t nmore)
{
	static const char hpf[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><opf:package "
		"xmlns:opf=\"http://www.idpf.org/2007/opf/\"><opf:manifest>"
		"<opf:item id=\"header\" href=\"Contents/header.xml\" media-type=\"application/xml\"/>"
		"<opf:item id=\"section0\" href=\"Contents/section0.xml\" media-type=\"application/xml\"/>"
		"</opf:manifest><opf:spine><opf:itemref idref=\"header\"/><opf:itemref "
		"idref=\"section0\"/></opf:spine></opf:package>";
	static const char container[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ocf:container "
		"xmlns:ocf=\"urn:oasis:names:tc:opendocument:xmlns:container\"><ocf:rootfiles>"
		"<ocf:rootfile full-path=\"Contents/content.hpf\" "
		"media-type=\"application/hwpml-package+xml\"/></ocf:rootfiles></ocf:container>";
	static const char header[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><hh:head "
		"xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\" version=\"1.5\" secCnt=\"1\">"
		"<hh:refList/></hh:head>";
	cbt_entry e[16] = {
		{"mimetype", "application/hwp+zip", 0, true},
		{"META-INF/container.xml", container, 0, false},
		{"Contents/content.hpf", hpf, 0, false},
		{"Contents/header.xml", header, 0, false},
		{"Contents/section0.xml", section, 0, false},
	};
	size_t n = 5;
	for (size_t i = 0; i < nmore && n < 16; i++)
		e[n++] = more[i];
	char *path = in_dir(name);
	assert_true(cbt_write_zip(path, e, n));
	free(path);
}

static void truncated_zips(void **state)
{
	(void)state;
	fresh("truncated");
	size_t len;
	char *src = cbt_src_path(GOOD), *bytes = cbt_read_file(src, &len);
	assert_non_null(bytes);
	/* Inside the first local header, a quarter and half way, just before the end of the
	 * central directory record and one byte short. */
	size_t cuts[] = {20, len / 4, len / 2, len - 22, len - 1};
	const char *inputs[6] = {NULL}, *lines[6] = {NULL};
	char *names[5], *msgs[5];
	for (size_t i = 0; i < 5; i++) {
		assert_true(asprintf(&names[i], "cut-at-%zu.docx", cuts[i]) > 0);
		assert_true(asprintf(&msgs[i], "%s: unrecognised format: a damaged ZIP archive (no "
		                               "central directory at its end: truncated?)",
		                     names[i]) > 0);
		put(names[i], bytes, cuts[i]);
		inputs[i] = names[i];
		lines[i] = msgs[i];
	}
	batch(NULL, inputs, lines);
	/* Forced to the Word reader, the same files fail in its words. */
	for (size_t i = 0; i < 5; i++) {
		free(msgs[i]);
		assert_true(asprintf(&msgs[i], "%s: not a ZIP archive, or a truncated one (no central "
		                               "directory found)",
		                     names[i]) > 0);
		lines[i] = msgs[i];
	}
	batch(OPTIONS("-f", "docx"), inputs, lines);
	for (size_t i = 0; i < 5; i++) {
		free(names[i]);
		free(msgs[i]);
	}
	free(bytes);
	free(src);
}

/* A stored entry whose bytes no longer match its CRC, and a deflated one whose data is damaged
 * (zlib finds it before the CRC would). */
static void bad_crc(void **state)
{
	(void)state;
	fresh("crc");
	char *doc = word("<w:p><w:r><w:t>CRC 시험 문단입니다. 이 글은 바뀌어 들어갑니다.</w:t></w:r>"
	                 "</w:p>");
	cbt_entry stored[] = {{"word/document.xml", doc, 0, true}};
	put_docx("crc-stored.docx", doc, 0, stored, 1);
	size_t len;
	char *path = in_dir("crc-stored.docx"), *bytes = cbt_read_file(path, &len);
	/* The last copy of the text is the stored main part (the first was replaced). */
	char *at = NULL;
	for (char *p = bytes; (p = memmem(p, len - (size_t)(p - bytes), "CRC ", 4)); p++)
		at = p;
	assert_non_null(at);
	at[0] = 'X';
	put("crc-stored.docx", bytes, len);
	free(bytes);
	free(path);

	put_docx("crc-deflated.docx", doc, 0, NULL, 0);
	path = in_dir("crc-deflated.docx");
	bytes = cbt_read_file(path, &len);
	/* Inside the main part's compressed data: past its local header and name. */
	char *name = memmem(bytes, len, "word/document.xml", 17);
	assert_non_null(name);
	name[17 + 20] ^= 0x55;
	put("crc-deflated.docx", bytes, len);
	free(bytes);
	free(path);
	free(doc);
	batch(NULL, INPUTS("crc-stored.docx", "crc-deflated.docx"),
	      LINES("crc-stored.docx:word/document.xml: damaged entry: CRC error",
	            "crc-deflated.docx:word/document.xml: damaged entry: Zlib error: data error"));
}

/* --- ZIP bombs -------------------------------------------------------------------------------- */

static void le16(unsigned char *p, unsigned v) { p[0] = v & 0xFF, p[1] = (v >> 8) & 0xFF; }
static void le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A ZIP of one deflated entry, name, that expands to head, copies × unit, tail, and declares
 * `declared` bytes (its true size when 0). Deflating unit once after a full flush and repeating
 * those bytes makes gigabytes cost milliseconds. Its bytes (caller frees) and their number. */
static unsigned char *bomb(const char *name, const char *head, const char *unit, size_t copies,
                           const char *tail, uint64_t declared, size_t *size, uint64_t *expands,
                           uint64_t *compressed)
{
	size_t unit_len = strlen(unit), reps = (16u << 20) / unit_len, chunk_len = reps * unit_len;
	char *chunk = malloc(chunk_len);
	for (size_t i = 0; i < reps; i++)
		memcpy(chunk + i * unit_len, unit, unit_len);
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = 1u << 20;
	unsigned char *out[3];
	size_t out_len[3];
	const char *in[3] = {head, chunk, tail};
	size_t in_len[3] = {strlen(head), chunk_len, strlen(tail)};
	for (int k = 0; k < 3; k++) {
		out[k] = malloc(cap);
		z.next_in = (unsigned char *)in[k];
		z.avail_in = (uInt)in_len[k];
		z.next_out = out[k];
		z.avail_out = (uInt)cap;
		assert_true(deflate(&z, k == 2 ? Z_FINISH : Z_FULL_FLUSH) >= Z_OK);
		assert_int_equal(z.avail_in, 0);
		out_len[k] = cap - z.avail_out;
	}
	deflateEnd(&z);
	uint64_t real = in_len[0] + (uint64_t)copies * chunk_len + in_len[2];
	uLong crc = crc32(0, (const Bytef *)head, (uInt)in_len[0]);
	uLong chunk_crc = crc32(0, (const Bytef *)chunk, (uInt)chunk_len);
	for (size_t i = 0; i < copies; i++)
		crc = crc32_combine(crc, chunk_crc, (z_off_t)chunk_len);
	crc = crc32_combine(crc, crc32(0, (const Bytef *)tail, (uInt)in_len[2]), (z_off_t)in_len[2]);
	free(chunk);
	uint64_t comp = out_len[0] + (uint64_t)copies * out_len[1] + out_len[2];
	uint64_t usize = declared ? declared : real;
	*expands = real;
	*compressed = comp;
	assert_true(usize < UINT32_MAX && comp < UINT32_MAX);
	size_t nlen = strlen(name);
	*size = 30 + nlen + comp + 46 + nlen + 22;
	unsigned char *zip = malloc(*size), *p = zip;
	/* Local header: version 20, deflate, the CRC and sizes. */
	memset(p, 0, 30);
	memcpy(p, "PK\3\4", 4);
	le16(p + 4, 20), le16(p + 8, 8), le32(p + 14, (uint32_t)crc), le32(p + 18, (uint32_t)comp);
	le32(p + 22, (uint32_t)usize), le16(p + 26, (unsigned)nlen);
	memcpy(p + 30, name, nlen);
	p += 30 + nlen;
	memcpy(p, out[0], out_len[0]), p += out_len[0];
	for (size_t i = 0; i < copies; i++)
		memcpy(p, out[1], out_len[1]), p += out_len[1];
	memcpy(p, out[2], out_len[2]), p += out_len[2];
	unsigned char *central = p;
	memset(p, 0, 46);
	memcpy(p, "PK\1\2", 4);
	le16(p + 4, 20), le16(p + 6, 20), le16(p + 10, 8), le32(p + 16, (uint32_t)crc);
	le32(p + 20, (uint32_t)comp), le32(p + 24, (uint32_t)usize), le16(p + 28, (unsigned)nlen);
	memcpy(p + 46, name, nlen);
	p += 46 + nlen;
	memset(p, 0, 22);
	memcpy(p, "PK\5\6", 4);
	le16(p + 8, 1), le16(p + 10, 1), le32(p + 12, (uint32_t)(46 + nlen));
	le32(p + 16, (uint32_t)(central - zip));
	for (int k = 0; k < 3; k++)
		free(out[k]);
	return zip;
}

/* A Word package around a bombed main part (the bomb's entry copied still compressed); the
 * sizes it expands to and is compressed to. */
static void put_bomb_docx(const char *file, uint64_t declared, size_t copies, uint64_t *expands,
                          uint64_t *compressed)
{
	size_t size;
	unsigned char *raw = bomb("word/document.xml",
	                          "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS "\"><w:body>"
	                          "<w:p><w:r><w:t>폭탄</w:t>",
	                          "<w:lastRenderedPageBreak/>", copies,
	                          "</w:r></w:p></w:body></w:document>", declared, &size, expands,
	                          compressed);
	char *raw_path = in_dir("bomb.raw.zip"), *path = in_dir(file);
	assert_true(cbt_write_file(raw_path, raw, size));
	int err;
	zip_t *src = zip_open(raw_path, ZIP_RDONLY, &err);
	assert_non_null(src);
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	zip_source_t *s = zip_source_buffer(z, content_types, strlen(content_types), 0);
	assert_true(zip_file_add(z, "[Content_Types].xml", s, 0) >= 0);
	s = zip_source_buffer(z, package_rels, strlen(package_rels), 0);
	assert_true(zip_file_add(z, "_rels/.rels", s, 0) >= 0);
	s = zip_source_zip(z, src, 0, ZIP_FL_COMPRESSED, 0, -1);
	assert_true(zip_file_add(z, "word/document.xml", s, 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	zip_discard(src);
	unlink(raw_path);
	free(raw_path);
	free(path);
	free(raw);
}

static void zip_bombs(void **state)
{
	(void)state;
	fresh("bombs");
	uint64_t big, big_comp, mid, mid_comp, lie, lie_comp;
	/* 2 GiB said and meant: refused from what it declares, before a byte is expanded. */
	put_bomb_docx("bomb-2g.docx", 0, 128, &big, &big_comp);
	/* 512 MiB at some 400 to 1, under max-uncompressed-bytes: refused from its declared ratio. */
	put_bomb_docx("bomb-512m.docx", 0, 32, &mid, &mid_comp);
	/* 2 GiB that says it is 1 MiB: stopped where the declaration ends. */
	put_bomb_docx("bomb-lying.docx", 1u << 20, 128, &lie, &lie_comp);
	char *l1, *l2, *l3;
	assert_true(asprintf(&l1, "bomb-2g.docx:word/document.xml: expands to %llu bytes, more than "
	                          "max-uncompressed-bytes (1073741824) allows for the whole archive",
	                     (unsigned long long)big) > 0);
	assert_true(asprintf(&l2, "bomb-512m.docx:word/document.xml: declares %llu bytes from %llu "
	                          "compressed, more than max-compression-ratio (200 to 1) allows: a "
	                          "ZIP bomb, or raise the limit",
	                     (unsigned long long)mid, (unsigned long long)mid_comp) > 0);
	assert_true(asprintf(&l3, "bomb-lying.docx:word/document.xml: damaged entry: it expands past "
	                          "the 1048576 bytes it declares (a ZIP bomb?)") > 0);
	batch(NULL, INPUTS("bomb-2g.docx", "bomb-512m.docx", "bomb-lying.docx"), LINES(l1, l2, l3));
	free(l1);
	free(l2);
	/* With the ratio allowed, max-uncompressed-bytes still holds, lowered to 64 MiB here. */
	assert_true(asprintf(&l1, "bomb-512m.docx:word/document.xml: expands to %llu bytes, more "
	                          "than max-uncompressed-bytes (67108864) allows for the whole "
	                          "archive",
	                     (unsigned long long)mid) > 0);
	batch(OPTIONS("--limit", "max-compression-ratio=0", "--limit", "max-uncompressed-bytes=64M"),
	      INPUTS("bomb-512m.docx"), LINES(l1));
	free(l1);
	free(l3);
}

/* More entries than max-entries: refused from the central directory alone. Under the limit,
 * thousands of entries read in reasonable time. */
static void many_entries(void **state)
{
	(void)state;
	fresh("many-entries");
	enum { MANY = 10001 };
	char *doc = word("<w:p><w:r><w:t>항목이 많은 꾸러미</w:t></w:r></w:p>");
	cbt_entry *e = calloc(MANY, sizeof *e);
	char **names = calloc(MANY, sizeof *names);
	for (size_t i = 0; i < MANY; i++) {
		assert_true(asprintf(&names[i], "word/media/x%05zu.bin", i) > 0);
		e[i] = (cbt_entry){names[i], "x", 1, true};
	}
	put_docx("many.docx", doc, 0, NULL, 0);
	char *path = in_dir("many.docx");
	/* Appended after the Word parts, so that the bid sees them. */
	int err;
	zip_t *z = zip_open(path, 0, &err);
	assert_non_null(z);
	for (size_t i = 0; i < MANY; i++) {
		zip_source_t *src = zip_source_buffer(z, "x", 1, 0);
		assert_true(zip_file_add(z, names[i], src, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	batch(NULL, INPUTS("many.docx"),
	      LINES("many.docx: the archive has 10004 entries, more than max-entries (10000)"));
	batch(OPTIONS("--limit", "max-entries=20000"), INPUTS("many.docx"), NULL);
	for (size_t i = 0; i < MANY; i++)
		free(names[i]);
	free(names);
	free(e);
	free(path);
	free(doc);
}

/* Entry names and relationship targets that climb out of the package or name absolute paths:
 * parts are looked up inside the archive only, nothing is read from or written to the file
 * system outside the output folder (batch checks the folder), and /etc/passwd never shows. */
static void escaping_entry_names(void **state)
{
	(void)state;
	fresh("escaping-names");
	static const char rels[] =
		"<?xml version=\"1.0\"?><Relationships xmlns=\"" PKG_REL "\">"
		"<Relationship Id=\"rId1\" Type=\"" REL "/image\" Target=\"../../../../../etc/passwd\"/>"
		"<Relationship Id=\"rId2\" Type=\"" REL "/image\" Target=\"/etc/passwd\"/>"
		"<Relationship Id=\"rId3\" Type=\"" REL "/image\" Target=\"../../outside.png\"/>"
		"<Relationship Id=\"rId4\" Type=\"" REL "/image\" Target=\"file:///etc/passwd\" "
		"TargetMode=\"External\"/></Relationships>";
#define IMAGE(id)                                                                                 \
	"<w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"p\"/><a:graphic><a:graphicData>"        \
	"<pic:pic><pic:blipFill><a:blip r:embed=\"" id "\"/></pic:blipFill></pic:pic></a:graphicData>" \
	"</a:graphic></wp:inline></w:drawing></w:r>"
	static const char doc[] =
		"<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS "\" xmlns:r=\"" REL "\" "
		"xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
		"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
		"xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body><w:p>"
		"<w:r><w:t>경로 시험</w:t></w:r>" IMAGE("rId1") IMAGE("rId2") IMAGE("rId3") IMAGE("rId4")
		"</w:p></w:body></w:document>";
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 'I', 'N'};
	cbt_entry more[] = {
		{"word/_rels/document.xml.rels", rels, 0, false},
		{"../../outside.png", png, sizeof png, true},
		{"/etc/passwd", png, sizeof png, true},
		{"etc/passwd", png, sizeof png, true},
	};
	put_docx("escaping.docx", doc, 0, more, 4);
	static const char section[] =
		"<?xml version=\"1.0\"?><hs:sec xmlns:hs=\"" HS "\" xmlns:hp=\"" HP "\" "
		"xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\"><hp:p><hp:run><hp:t>그림</hp:t>"
		"<hp:pic><hc:img binaryItemIDRef=\"../../../../etc/passwd\"/></hp:pic>"
		"<hp:pic><hc:img binaryItemIDRef=\"/etc/passwd\"/></hp:pic></hp:run></hp:p></hs:sec>";
	cbt_entry hmore[] = {{"../../BinData/escape.png", png, sizeof png, true},
	                     {"/BinData/absolute.png", png, sizeof png, true}};
	put_hwpx("escaping-hwpx.hwpx", section, hmore, 2);
	batch(NULL, INPUTS("escaping.docx", "escaping-hwpx.hwpx"),
	      LINES("escaping.docx:word/document.xml:1: warning: image part '../../outside.png' is "
	            "missing from the package",
	            "escaping-hwpx.hwpx: warning: picture '../../../../etc/passwd' is not in the "
	            "package; it was left out",
	            "escaping-hwpx.hwpx: warning: picture '/etc/passwd' is not in the package; it was "
	            "left out"));
	/* The cbxml and JSON writers embed pictures: only the archive's own bytes are there. */
	for (const char *const *t = (const char *const[]){"cbxml", "json", NULL}; *t; t++) {
		char *out = in_dir("out/"), *in = in_dir("escaping.docx"), *err = NULL, *o;
		const char *argv[] = {"convert", "-q", "-t", *t, "-o", out, in, NULL};
		assert_int_equal(run(argv, &err), 0);
		assert_true(asprintf(&o, "%s/out/escaping.%s", dir, *t) > 0);
		char *got = cbt_read_file(o, NULL);
		assert_non_null(got);
		assert_null(strstr(got, "root:"));
		free(got);
		free(o);
		free(err);
		free(in);
		free(out);
	}
}

/* --- documents that are something else -------------------------------------------------------- */

static void put_cfb(const char *name, const char *const *streams)
{
	unsigned char buf[3 * 512];
	size_t len = cbt_make_cfb(buf, streams);
	put(name, buf, len);
}

static void encrypted_documents(void **state)
{
	(void)state;
	fresh("encrypted");
	put_cfb("encrypted.docx", (const char *[]){"EncryptionInfo", "EncryptedPackage", NULL});
	static const char manifest[] =
		"<?xml version=\"1.0\"?><odf:manifest "
		"xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><odf:file-entry "
		"odf:full-path=\"Contents/section0.xml\" odf:media-type=\"application/xml\">"
		"<odf:encryption-data odf:checksum-type=\"SHA1\" odf:checksum=\"AAAA\">"
		"<odf:algorithm odf:algorithm-name=\"http://www.w3.org/2001/04/xmlenc#aes256-cbc\" "
		"odf:initialisation-vector=\"AAAA\"/></odf:encryption-data></odf:file-entry>"
		"</odf:manifest>";
	static const char ciphertext[] = "\x9f\x13\x02\xee\x41\x7a\xd0\x55\x18\x21\x9c\x04";
	cbt_entry more[] = {{"META-INF/manifest.xml", manifest, 0, false}};
	put_hwpx("encrypted.hwpx", ciphertext, more, 1);
	batch(NULL, INPUTS("encrypted.docx", "encrypted.hwpx"),
	      LINES("encrypted.docx: encrypted document: remove the password and save again",
	            "encrypted.hwpx:META-INF/manifest.xml: encrypted document: remove the password "
	            "and save again"));
}

static void hangul_binaries(void **state)
{
	(void)state;
	fresh("hwp-binaries");
	put_cfb("hwp5.hwp", (const char *[]){"FileHeader", "BodyText", "DocInfo", NULL});
	put_cfb("hwp5-named.hwpx", (const char *[]){"FileHeader", "BodyText", "DocInfo", NULL});
	fixture("hwp3.hwp");
	batch(NULL, INPUTS("hwp5.hwp", "hwp5-named.hwpx", "hwp3.hwp"),
	      LINES("hwp5.hwp: HWP 5 binary document: not supported yet; save it as HWPX",
	            "hwp5-named.hwpx: HWP 5 binary document: not supported yet; save it as HWPX",
	            "hwp3.hwp: HWP 3 binary document: not supported yet; save it as HWPX"));
}

static void other_formats_named_docx(void **state)
{
	(void)state;
	fresh("misnamed");
	fixture("pdf-named.docx");
	fixture("jpeg-named.docx");
	cbt_entry xlsx[] = {
		{"[Content_Types].xml", content_types, 0, false},
		{"_rels/.rels",
		 "<?xml version=\"1.0\"?><Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"r1\" "
		 "Type=\"" REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
		 0, false},
		{"xl/workbook.xml",
		 "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		 "<sheets><sheet name=\"학교\" sheetId=\"1\"/></sheets></workbook>",
		 0, false},
		{"xl/worksheets/sheet1.xml", "<worksheet/>", 0, false},
	};
	char *path = in_dir("xlsx-named.docx");
	assert_true(cbt_write_zip(path, xlsx, 4));
	free(path);
	put_cfb("word97-named.docx", (const char *[]){"WordDocument", "1Table", NULL});
	batch(NULL, INPUTS("pdf-named.docx", "jpeg-named.docx", "xlsx-named.docx", "word97-named.docx"),
	      LINES("pdf-named.docx: unrecognised format: a PDF document",
	            "jpeg-named.docx: unrecognised format: an image",
	            "xlsx-named.docx: unrecognised format: an Excel workbook (.xlsx), not a document",
	            "word97-named.docx: Word 97-2003 document: save it as .docx"));
}

/* --- entities, and nesting -------------------------------------------------------------------- */

#define NO_DTD "document type declarations (DTDs) are not accepted: entities are never expanded"

static void billion_laughs(void **state)
{
	(void)state;
	fresh("billion-laughs");
	fixture("billion-laughs.hml");
	fixture("billion-laughs.cbxml");
	size_t len;
	char *src = cbt_src_path("tests/hostile/billion-laughs.hml");
	char *hml = cbt_read_file(src, &len);
	/* The same entities in a Word main part and an HWPX section. */
	char *dtd_end = strstr(hml, "]>\n") + 3, *laughs;
	assert_true(asprintf(&laughs, "%.*s<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>"
	                              "&lol9;</w:t></w:r></w:p></w:body></w:document>",
	                     (int)(dtd_end - hml), hml) > 0);
	put_docx("billion-laughs.docx", laughs, 0, NULL, 0);
	free(laughs);
	assert_true(asprintf(&laughs, "%.*s<hs:sec xmlns:hs=\"" HS "\" xmlns:hp=\"" HP "\"><hp:p>"
	                              "<hp:run><hp:t>&lol9;</hp:t></hp:run></hp:p></hs:sec>",
	                     (int)(dtd_end - hml), hml) > 0);
	put_hwpx("billion-laughs.hwpx", laughs, NULL, 0);
	free(laughs);
	free(hml);
	free(src);
	batch(NULL,
	      INPUTS("billion-laughs.hml", "billion-laughs.cbxml", "billion-laughs.docx",
	             "billion-laughs.hwpx"),
	      LINES("billion-laughs.hml:2: " NO_DTD, "billion-laughs.cbxml:2: " NO_DTD,
	            "billion-laughs.docx:word/document.xml:2: " NO_DTD,
	            "billion-laughs.hwpx:Contents/section0.xml:2: " NO_DTD));
}

/* One entity of 100 kB referenced 100,000 times: ten gigabytes if expanded. */
static void quadratic_blowup(void **state)
{
	(void)state;
	fresh("quadratic");
	size_t n = 100000;
	char *doc = malloc(64 + 100000 + 4 * n + 256), *p = doc;
	p += sprintf(p, "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY a \"");
	memset(p, 'x', 100000);
	p += 100000;
	p += sprintf(p, "\">]>\n<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "&a;");
	p += sprintf(p, "</w:t></w:r></w:p></w:body></w:document>");
	put_docx("quadratic.docx", doc, (size_t)(p - doc), NULL, 0);
	free(doc);
	batch(NULL, INPUTS("quadratic.docx"), LINES("quadratic.docx:word/document.xml:2: " NO_DTD));
}

/* A listener on a free local port: an entity pointing at it must never be fetched. */
static int listener(unsigned *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void external_entities(void **state)
{
	(void)state;
	fresh("external-entities");
	fixture("xxe-passwd.hml");
	fixture("xxe-passwd.cbxml");
	put_docx("xxe-passwd.docx",
	         "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY p SYSTEM "
	         "\"file:///etc/passwd\">]>\n<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r>"
	         "<w:t>&p;</w:t></w:r></w:p></w:body></w:document>",
	         0, NULL, 0);
	unsigned port;
	int fd = listener(&port);
	char *net;
	/* A general entity, a parameter entity and an external subset, all at the listener. */
	assert_true(asprintf(&net, "<?xml version=\"1.0\"?>\n<!DOCTYPE HWPML SYSTEM "
	                           "\"http://127.0.0.1:%u/subset.dtd\" [<!ENTITY %% pe SYSTEM "
	                           "\"http://127.0.0.1:%u/pe.dtd\"> %%pe; <!ENTITY e SYSTEM "
	                           "\"http://127.0.0.1:%u/e.xml\">]>\n<HWPML><BODY><SECTION><P><TEXT>"
	                           "<CHAR>&e;</CHAR></TEXT></P></SECTION></BODY></HWPML>",
	                     port, port, port) > 0);
	put("xxe-network.hml", net, strlen(net));
	char *docx = strstr(net, "<HWPML>"), *word_doc;
	assert_true(asprintf(&word_doc, "%.*s<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r>"
	                                "<w:t>&e;</w:t></w:r></w:p></w:body></w:document>",
	                     (int)(docx - net), net) > 0);
	put_docx("xxe-network.docx", word_doc, 0, NULL, 0);
	batch(NULL,
	      INPUTS("xxe-passwd.hml", "xxe-passwd.cbxml", "xxe-passwd.docx", "xxe-network.hml",
	             "xxe-network.docx"),
	      LINES("xxe-passwd.hml:2: " NO_DTD, "xxe-passwd.cbxml:2: " NO_DTD,
	            "xxe-passwd.docx:word/document.xml:2: " NO_DTD, "xxe-network.hml:2: " NO_DTD,
	            "xxe-network.docx:word/document.xml:2: " NO_DTD));
	/* Nothing connected. */
	int c = accept(fd, NULL, NULL);
	assert_int_equal(c, -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	close(fd);
	free(word_doc);
	free(net);
}

/* open × n, close × n. Caller frees. */
static char *nest(const char *head, const char *open, const char *close, size_t n,
                  const char *tail, size_t *len)
{
	size_t ho = strlen(head), o = strlen(open), c = strlen(close), t = strlen(tail);
	char *s = malloc(ho + n * (o + c) + t + 1), *p = s;
	memcpy(p, head, ho), p += ho;
	for (size_t i = 0; i < n; i++)
		memcpy(p, open, o), p += o;
	for (size_t i = 0; i < n; i++)
		memcpy(p, close, c), p += c;
	memcpy(p, tail, t + 1), p += t;
	*len = (size_t)(p - s);
	return s;
}

static void nested_a_million_deep(void **state)
{
	(void)state;
	fresh("deep");
	enum { DEEP = 1000000 };
	size_t len;
	char *s = nest("<HWPML><BODY><SECTION>", "<P>", "</P>", DEEP, "</SECTION></BODY></HWPML>",
	               &len);
	put("deep.hml", s, len);
	free(s);
	s = nest("<document xmlns=\"urn:casebook:cbxml:1\" version=\"1\"><body>", "<div>", "</div>",
	         DEEP, "</body></document>", &len);
	put("deep.cbxml", s, len);
	free(s);
	s = nest("<w:document xmlns:w=\"" W_NS "\"><w:body>", "<w:sdt><w:sdtContent>",
	         "</w:sdtContent></w:sdt>", DEEP / 2, "</w:body></w:document>", &len);
	/* Stored: deflated, nesting compresses past max-compression-ratio and is refused for that. */
	cbt_entry stored = {"word/document.xml", s, len, true};
	put_docx("deep.docx", s, len, &stored, 1);
	free(s);
	s = nest("<hs:sec xmlns:hs=\"" HS "\" xmlns:hp=\"" HP "\">", "<hp:p><hp:run><hp:ctrl>",
	         "</hp:ctrl></hp:run></hp:p>", DEEP / 3, "</hs:sec>", &len);
	stored = (cbt_entry){"Contents/section0.xml", s, len, true};
	put_hwpx("deep.hwpx", s, &stored, 1);
	free(s);
	batch(NULL, INPUTS("deep.hml", "deep.cbxml", "deep.docx", "deep.hwpx"),
	      LINES("deep.hml:1: elements nest deeper than max-depth (256)",
	            "deep.cbxml:1: elements nest deeper than max-depth (256)",
	            "deep.docx:word/document.xml:1: elements nest deeper than max-depth (256)",
	            "deep.hwpx:Contents/section0.xml:1: elements nest deeper than max-depth (256)"));
	/* Unlimited depth still stops where XML parsing stays safe. */
	batch(OPTIONS("--limit", "max-depth=0"), INPUTS("deep.hml", "deep.docx"),
	      LINES("deep.hml:1: elements nest deeper than max-depth (2048 for XML parts at most)",
	            "deep.docx:word/document.xml:1: elements nest deeper than the DOCX reader "
	            "follows (1000)"));
}

/* --- size, bytes and encodings ---------------------------------------------------------------- */

/* 2 GiB that take no disk space (a sparse file): refused before a byte is read. With a lower
 * limit, the mechanism holds for an ordinary text too. */
static void two_gigabytes_of_text(void **state)
{
	(void)state;
	fresh("two-gigabytes");
	char *path = in_dir("huge.txt");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)2 << 30), 0);
	close(fd);
	free(path);
	char line[] = "학교명: 빛고을초등학교. 가나다라마바사 아자차카타파하 0123456789.\n";
	size_t len = strlen(line), n = (2u << 20) / len;
	char *text = malloc(n * len);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * len, line, len);
	put("two-megabytes.txt", text, n * len);
	free(text);
	batch(NULL, INPUTS("huge.txt"),
	      LINES("huge.txt: input is larger than max-input-bytes (536870912 bytes); raise the "
	            "limit to read it"));
	batch(OPTIONS("--limit", "max-input-bytes=1M"), INPUTS("two-megabytes.txt"),
	      LINES("two-megabytes.txt: input is larger than max-input-bytes (1048576 bytes); raise "
	            "the limit to read it"));
}

static void nul_bytes(void **state)
{
	(void)state;
	fresh("nul");
	fixture("nul-bytes.txt");
	batch(NULL, INPUTS("nul-bytes.txt"),
	      LINES("nul-bytes.txt: unrecognised format: text with a NUL byte at offset 65 (binary "
	            "data, not text)"));
	copy_in("examples/submissions/동림초등학교_사례.txt", "good.txt");
	batch_good("good.txt", OPTIONS("-f", "text"), INPUTS("nul-bytes.txt"),
	           LINES("nul-bytes.txt:3: contains NUL bytes (binary data, not text)"));
}

/* Text that converts, with a warning naming each line where bytes were replaced. */
static void converted_with(const char *name, const char *must_have)
{
	char *o, *stem = strdup(name);
	*strrchr(stem, '.') = '\0';
	assert_true(asprintf(&o, "%s/out/%s.md", dir, stem) > 0);
	char *md = cbt_read_file(o, NULL);
	assert_non_null(md);
	if (!strstr(md, must_have))
		fail_msg("%s: '%s' is not in\n%s", name, must_have, md);
	free(md);
	free(o);
	free(stem);
}

static void invalid_encodings(void **state)
{
	(void)state;
	fresh("encodings");
	fixture("invalid-utf8.txt");
	fixture("unpaired-surrogates-utf16le.txt");
	fixture("unpaired-surrogates-utf16be.txt");
	fixture("invalid-cp949.txt");
	batch(NULL,
	      INPUTS("invalid-utf8.txt", "unpaired-surrogates-utf16le.txt",
	             "unpaired-surrogates-utf16be.txt", "invalid-cp949.txt"),
	      LINES("invalid-utf8.txt:2: warning: invalid UTF-8 byte 0xC0 replaced with U+FFFD",
	            "unpaired-surrogates-utf16le.txt:2: warning: unpaired UTF-16 surrogate 0xD800 "
	            "replaced with U+FFFD",
	            "unpaired-surrogates-utf16le.txt:3: warning: unpaired UTF-16 surrogate 0xDC00 "
	            "replaced with U+FFFD",
	            "unpaired-surrogates-utf16be.txt:2: warning: unpaired UTF-16 surrogate 0xD800 "
	            "replaced with U+FFFD",
	            "unpaired-surrogates-utf16be.txt:3: warning: unpaired UTF-16 surrogate 0xDC00 "
	            "replaced with U+FFFD",
	            "invalid-cp949.txt:2: warning: invalid CP949 byte 0x81 replaced with U+FFFD",
	            "invalid-cp949.txt:10: warning: invalid CP949 sequence 0xFE 0xFE replaced with "
	            "U+FFFD"));
	converted_with("invalid-utf8.txt", "overlong \xEF\xBF\xBD");
	converted_with("unpaired-surrogates-utf16le.txt", "짝 없는 \xEF\xBF\xBD 대리");
	converted_with("unpaired-surrogates-utf16be.txt", "끝 \xEF\xBF\xBD x");
	/* The Korean around the bad bytes survives: the file was still read as CP949. */
	converted_with("invalid-cp949.txt", "\xEF\xBF\xBD 사업명: 함께 크는 우리 마을");
	converted_with("invalid-cp949.txt", "우리 마을 \xEF\xBF\xBD공동체");
}

/* --- builds: profiles and folders ------------------------------------------------------------- */

/* Runs `casebook build -q OPTIONS... -o DIR/out INPUTS...` (inputs relative to DIR, the good
 * file among them or inside one of them; it is copied in when missing). Standard error must be
 * exactly `lines` (relative names, as for batch; a line starting with '/' is taken whole).
 * Unless the profile failed (status 2), casebook.json must be byte for byte what a build of the
 * good file alone gives, and report.txt must hold each of `report` (with "%s" where DIR goes).
 * Returns the exit status. */
static int build(const char *good_name, const char *const *options, const char *const *inputs,
                 const char *const *lines, const char *const *report)
{
	char *ref = in_dir("ref"), *good = in_dir(good_name);
	struct stat st;
	if (stat(good, &st) != 0)
		copy_in(GOOD, good_name);
	char *err = NULL;
	const char *argv[64];
	size_t argc = 0;
	argv[argc++] = "build";
	argv[argc++] = "-q";
	for (const char *const *o = options; o && *o; o++)
		argv[argc++] = *o;
	argv[argc++] = "-o";
	argv[argc++] = ref;
	argv[argc++] = good;
	argv[argc] = NULL;
	/* The good file alone, with the same options (a broken profile fails it too). */
	int solo = run(argv, &err);
	assert_true(solo == 0 || solo == 2);
	free(err);
	char *out = in_dir("out");
	argc = 2;
	for (; options && *options; options++)
		argv[argc++] = *options;
	argv[argc++] = "-o";
	argv[argc++] = out;
	char *paths[32];
	size_t n = 0;
	for (; inputs[n]; n++)
		argv[argc++] = paths[n] = in_dir(inputs[n]);
	argv[argc] = NULL;
	int rc = run(argv, &err);
	char *want = calloc(1, 1);
	for (size_t i = 0; lines && lines[i]; i++) {
		char *line;
		assert_true(asprintf(&line, "%scasebook: %s%s%s\n", want, *lines[i] == '/' ? "" : dir,
		                     *lines[i] == '/' ? "" : "/", lines[i]) > 0);
		free(want);
		want = line;
	}
	if (strcmp(err, want) != 0) {
		fprintf(stderr, "standard error:\n%s\nexpected:\n%s\n", err, want);
		fail();
	}
	if (rc != 2) {
		char *a, *b, *pa, *pb;
		assert_true(asprintf(&pa, "%s/casebook.json", ref) > 0);
		assert_true(asprintf(&pb, "%s/casebook.json", out) > 0);
		size_t la, lb;
		assert_non_null(a = cbt_read_file(pa, &la));
		assert_non_null(b = cbt_read_file(pb, &lb));
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		free(pa);
		free(a);
		free(b);
		free(pb);
		assert_true(asprintf(&pa, "%s/report.txt", out) > 0);
		char *txt = cbt_read_file(pa, NULL);
		assert_non_null(txt);
		for (size_t i = 0; report && report[i]; i++) {
			/* "%s" in the line stands for DIR. */
			const char *at = strstr(report[i], "%s");
			char *line;
			assert_non_null(at);
			assert_true(asprintf(&line, "%.*s%s%s", (int)(at - report[i]), report[i], dir,
			                     at + 2) > 0);
			if (!strstr(txt, line))
				fail_msg("report.txt lacks\n%s\nin\n%s", line, txt);
			free(line);
		}
		free(txt);
		free(pa);
	}
	free(want);
	free(err);
	free(out);
	free(good);
	free(ref);
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	return rc;
}

/* A profile whose pattern backtracks catastrophically is refused when loaded, naming the line;
 * one that passes that check but runs away on a submission's text fails that case alone, as a
 * profile error, and the others are built. */
static void catastrophic_patterns(void **state)
{
	(void)state;
	fresh("catastrophic");
	size_t len;
	char *src = cbt_src_path("data/profile-default.xml");
	char *profile = cbt_read_file(src, &len);
	assert_non_null(profile);
	const char *at = strstr(profile, "<heading>필요성</heading>");
	assert_non_null(at);
	char *bad;
	assert_true(asprintf(&bad, "%.*s<heading>(필+)+$</heading>%s", (int)(at - profile), profile,
	                     at + strlen("<heading>필요성</heading>")) > 0);
	put("catastrophic.xml", bad, strlen(bad));
	unsigned long line = 1;
	for (const char *c = profile; c < at; c++)
		line += *c == '\n';
	char *expect, *path = in_dir("catastrophic.xml");
	assert_true(asprintf(&expect, "%s:%lu: pattern '(필+)+$' backtracks catastrophically: it "
	                              "reaches the match limit on a short text (rewrite nested "
	                              "repetitions such as (a+)+)",
	                     path, line) > 0);
	assert_int_equal(build("good.docx", OPTIONS("--profile", path), INPUTS("good.docx"),
	                       LINES(expect), NULL),
	                 2);
	free(expect);
	free(path);
	free(bad);

	/* A student-name context that begins like no text the load-time check tries, then nests
	 * repetitions: it runs away on "민준이는 ... !". */
	at = strstr(profile, "<context kind=\"student\">");
	assert_non_null(at);
	assert_true(asprintf(&bad, "%.*s<context kind=\"student\">{given}이는 (\\w+\\s?)*$</context>"
	                           "\n    %s",
	                     (int)(at - profile), profile, at) > 0);
	put("runaway.xml", bad, strlen(bad));
	line = 1;
	for (const char *c = profile; c < at; c++)
		line += *c == '\n';
	copy_in("examples/submissions/동림초등학교_사례.txt", "runaway.txt");
	char *txt = in_dir("runaway.txt");
	FILE *f = fopen(txt, "a");
	fputs("\n민준이는 학교에 자주 늦었고 아침마다 울었다 그래서 상담을 시작했다!\n", f);
	fclose(f);
	path = in_dir("runaway.xml");
	char *why;
	assert_true(asprintf(&why, "pattern '(?<given>[가-힣]{2})이는 (\\w+\\s?)*$' reached "
	                           "max-regex-steps or max-regex-depth on %s: its fields and privacy "
	                           "masking cannot be trusted, so the case is refused (rewrite the "
	                           "pattern or raise the limit)",
	                     txt) > 0);
	assert_true(asprintf(&expect, "runaway.txt: failed: %s", why) > 0);
	char *report;
	assert_true(asprintf(&report, "failed     %%s/runaway.txt\n           reason: %s", why) > 0);
	assert_int_equal(build("good.docx", OPTIONS("--profile", path),
	                       INPUTS("runaway.txt", "good.docx"),
	                       LINES(expect), (const char *const[]){report, NULL}),
	                 1);
	/* With the limit raised on the command line far enough, the pattern finishes. */
	free(report);
	free(expect);
	free(why);
	free(txt);
	free(path);
	free(bad);
	free(profile);
	free(src);
}

/* A profile with entities: a billion laughs and an external one to /etc/passwd. Refused before
 * it is parsed, with the line of the declaration; nothing is built. */
static void profile_entities(void **state)
{
	(void)state;
	fresh("profile-entities");
	size_t len;
	char *src = cbt_src_path("data/profile-default.xml");
	char *profile = cbt_read_file(src, &len), *bad;
	const char *root = strstr(profile, "<profile");
	unsigned long line = 1;
	for (const char *c = profile; c < root; c++)
		line += *c == '\n';
	static const char *const dtds[] = {
		"<!DOCTYPE profile [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n",
		"<!DOCTYPE profile [<!ENTITY p SYSTEM \"file:///etc/passwd\">]>\n",
	};
	for (size_t i = 0; i < 2; i++) {
		assert_true(asprintf(&bad, "%.*s%s%s", (int)(root - profile), profile, dtds[i], root) > 0);
		char *title = strstr(bad, "<title>");
		memcpy(title, i ? "<title>&p;" : "<title>&d;", 10); /* over the start of the title */
		put("entities.xml", bad, strlen(bad));
		char *path = in_dir("entities.xml"), *expect;
		assert_true(asprintf(&expect, "%s:%lu: document type declarations (DTDs) are not "
		                              "accepted in a profile",
		                     path, line) > 0);
		assert_int_equal(build("good.docx", OPTIONS("--profile", path), INPUTS("good.docx"),
		                       LINES(expect), NULL),
		                 2);
		free(expect);
		free(path);
		free(bad);
	}
	free(profile);
	free(src);
}

/* Limits in the profile hold for its builds, and the command line wins over them. */
static void profile_limits(void **state)
{
	(void)state;
	fresh("profile-limits");
	size_t len;
	char *src = cbt_src_path("data/profile-default.xml");
	char *profile = cbt_read_file(src, &len), *limited;
	const char *end = strstr(profile, "</profile>");
	assert_true(asprintf(&limited, "%.*s  <limits max-input-bytes=\"16k\"/>\n%s",
	                     (int)(end - profile), profile, end) > 0);
	put("limited.xml", limited, strlen(limited));
	char *path = in_dir("limited.xml");
	size_t n = 20000;
	char *big = malloc(n);
	memset(big, 'a', n);
	put("big.txt", big, n);
	free(big);
	assert_int_equal(
		build("good.docx", OPTIONS("--profile", path), INPUTS("big.txt", "good.docx"),
		      LINES("big.txt: failed: input is larger than max-input-bytes (16384 bytes); "
		            "raise the limit to read it"),
		      (const char *const[]){"failed     %s/big.txt\n           reason: input is larger "
		                            "than max-input-bytes (16384 bytes)",
		                            NULL}),
		1);
	assert_int_equal(build("good.docx", OPTIONS("--profile", path, "--limit", "max-input-bytes=1M"),
	                       INPUTS("big.txt", "good.docx"),
	                       LINES("big.txt: failed: not a submission: no field and no section of "
	                             "the profile found"),
	                       NULL),
	                 1);
	free(path);
	free(limited);
	free(profile);
	free(src);
}

/* Links back into the folder being read are skipped, links in a circle fail alone. */
static void symlink_loops(void **state)
{
	(void)state;
	fresh("symlinks");
	char *sub = in_dir("in"), *a = in_dir("in/a");
	assert_int_equal(mkdir(sub, 0777), 0);
	assert_int_equal(mkdir(a, 0777), 0);
	copy_in(GOOD, "in/a/good.docx");
	char *l1 = in_dir("in/a/up"), *l2 = in_dir("in/a/itself"), *l3 = in_dir("in/x1"),
	     *l4 = in_dir("in/x2");
	assert_int_equal(symlink("..", l1), 0);
	assert_int_equal(symlink(".", l2), 0);
	assert_int_equal(symlink("x2", l3), 0);
	assert_int_equal(symlink("x1", l4), 0);
	assert_int_equal(
		build("in/a/good.docx", NULL, INPUTS("in"),
		      LINES("in/x1: failed: cannot open: Too many levels of symbolic links",
		            "in/x2: failed: cannot open: Too many levels of symbolic links"),
		      (const char *const[]){"skipped    %s/in/a/itself\n           reason: a link to a "
		                            "folder already being read",
		                            "skipped    %s/in/a/up\n           reason: a link to a "
		                            "folder already being read",
		                            NULL}),
		1);
	free(sub), free(a), free(l1), free(l2), free(l3), free(l4);
}

/* --- files that fight back -------------------------------------------------------------------- */

/* A file the user may not read. As root, permissions stop nobody, so the command then runs as
 * the unprivileged user nobody (setpriv), which is what an office's account is; without setpriv
 * the root case is asserted as it is: root reads the file. */
static void unreadable_file(void **state)
{
	(void)state;
	fresh("unreadable");
	copy_in("examples/submissions/동림초등학교_사례.txt", "secret.txt");
	char *secret = in_dir("secret.txt");
	assert_int_equal(chmod(secret, 0), 0);
	free(secret);
	copy_in(GOOD, "good.docx");
	bool root = geteuid() == 0;
	if (root && access("/usr/bin/setpriv", X_OK) != 0) {
		fprintf(stderr, "hostile: root without setpriv: root reads a mode-000 file, as "
		                "asserted here\n");
		batch(NULL, INPUTS("secret.txt"), NULL);
		return;
	}
	char *cli = NULL;
	const char *as_nobody[] = {"--reuid=65534", "--regid=65534", "--clear-groups", NULL, NULL};
	if (root) {
		/* As nobody: the folders it writes to open to it, and the real program rather than
		 * libtool's wrapper script (which may want to write beside itself). */
		char *out = in_dir("out"), *ref = in_dir("ref"), *libs;
		assert_int_equal(mkdir(out, 0777), 0);
		assert_int_equal(mkdir(ref, 0777), 0);
		assert_int_equal(chmod(out, 0777), 0);
		assert_int_equal(chmod(ref, 0777), 0);
		assert_int_equal(chmod(dir, 0777), 0);
		assert_true(asprintf(&cli, "%s/core/.libs/casebook", cbt_builddir()) > 0);
		if (access(cli, X_OK) != 0) {
			free(cli);
			cli = strdup(getenv("CB_TEST_CLI"));
		}
		assert_true(asprintf(&libs, "%s/core/.libs", cbt_builddir()) > 0);
		setenv("LD_LIBRARY_PATH", libs, 1);
		setenv("CB_HOSTILE_SAVED_CLI", getenv("CB_TEST_CLI"), 1);
		setenv("CB_TEST_CLI", "/usr/bin/setpriv", 1);
		as_nobody[3] = cli;
		prefix = as_nobody;
		free(out);
		free(ref);
		free(libs);
	}
	batch_good("good.docx", NULL, INPUTS("secret.txt"),
	           LINES("secret.txt: cannot open: Permission denied"));
	if (root) {
		prefix = NULL;
		setenv("CB_TEST_CLI", getenv("CB_HOSTILE_SAVED_CLI"), 1);
		unsetenv("LD_LIBRARY_PATH");
		free(cli);
	}
}

/* A file that another program saves while it is being read. In process, made certain: this
 * program's pread (which the library calls) cuts the file short once reading has passed its
 * first 64 kB. Then through the command, made likely: a child rewrites the file over and over. */
static const char *shrink_path;
static pid_t writer; /* the child rewriting the file, while there is one */

/* Also the test's teardown, so that a failed assertion does not leave the child running. */
static int stop_writer(void **state)
{
	(void)state;
	if (writer > 0) {
		kill(writer, SIGKILL);
		waitpid(writer, NULL, 0);
	}
	writer = 0;
	return 0;
}

ssize_t pread(int fd, void *buf, size_t n, off_t offset);
ssize_t pread(int fd, void *buf, size_t n, off_t offset)
{
	static ssize_t (*real)(int, void *, size_t, off_t);
	if (!real)
		real = (ssize_t(*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread");
	if (shrink_path && offset >= 65536) {
		assert_int_equal(truncate(shrink_path, 1000), 0);
		shrink_path = NULL;
	}
	return real(fd, buf, n, offset);
}

static void file_changing_while_read(void **state)
{
	(void)state;
	fresh("changing");
	char line[] = "학교명: 빛고을초등학교. 가나다라마바사 아자차카타파하 0123456789.\n";
	size_t len = strlen(line), n = 4000;
	char *text = malloc(n * len);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * len, line, len);
	put("changing.txt", text, n * len);
	copy_in(GOOD, "good.docx");
	cb_context *ctx = cbt_context();
	cb_diags *d = cb_diags_new();
	char *good = in_dir("good.docx"), *changing = in_dir("changing.txt");
	cb_document *before = cb_read_file(ctx, good, NULL, d);
	assert_non_null(before);
	shrink_path = changing;
	assert_null(cb_read_file(ctx, changing, NULL, d));
	assert_null(shrink_path);
	cb_document *after = cb_read_file(ctx, good, NULL, d);
	assert_non_null(after);
	assert_int_equal(cb_diags_count(d), 2); /* the text's encoding note, and its error */
	char *msg = cb_diag_format(cb_diags_at(d, 1)), *want;
	assert_true(asprintf(&want, "%s: the file changed while it was being read: it ends at byte "
	                            "65536, not at %zu as when it was opened",
	                     changing, n * len) > 0);
	assert_string_equal(msg, want);
	/* The good file read the same before and after. */
	char *a, *b;
	size_t la, lb;
	assert_int_equal(cb_write_memory(ctx, before, "markdown", &a, &la, d), CB_OK);
	assert_int_equal(cb_write_memory(ctx, after, "markdown", &b, &lb, d), CB_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a), free(b), free(msg), free(want);
	cb_document_free(before);
	cb_document_free(after);
	cb_diags_free(d);
	cb_context_free(ctx);

	/* The command, while a child rewrites the file: whatever the moment, the input fails or
	 * reads alone, every message names it, and the good file comes out the same. */
	put("changing.txt", text, n * len);
	pid_t parent = getpid();
	writer = fork();
	assert_true(writer >= 0);
	if (writer == 0) {
		/* Dies with the test, whatever happens to it, and after a minute at most. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		time_t end = time(NULL) + 60;
		while (getppid() == parent && time(NULL) < end) {
			int fd = open(changing, O_WRONLY | O_TRUNC);
			if (fd >= 0) {
				for (size_t off = 0; off < n * len; off += 8192)
					if (write(fd, text + off, n * len - off < 8192 ? n * len - off : 8192) < 0)
						break;
				close(fd);
			}
		}
		_exit(0);
	}
	size_t ref_len;
	char *ref = reference(NULL, "good.docx", &ref_len);
	char *out = in_dir("out/"), *md = in_dir("out/good.md");
	for (int round = 0; round < 20; round++) {
		const char *argv[] = {"convert", "-q", "-t", "markdown", "-o", out, changing, good, NULL};
		char *err = NULL;
		int rc = run(argv, &err);
		assert_true(rc == 0 || rc == 1);
		for (char *l = err; *l;) {
			char *nl = strchr(l, '\n');
			*nl = '\0';
			char *named;
			assert_true(asprintf(&named, "casebook: %s:", changing) > 0);
			if (strncmp(l, named, strlen(named)) != 0 &&
			    strcmp(l, "casebook: 1 of 2 inputs failed") != 0)
				fail_msg("round %d: %s", round, l);
			free(named);
			l = nl + 1;
		}
		size_t got_len;
		char *got = cbt_read_file(md, &got_len);
		assert_non_null(got);
		assert_int_equal(got_len, ref_len);
		assert_memory_equal(got, ref, ref_len);
		free(got);
		free(err);
	}
	stop_writer(NULL);
	free(md), free(out), free(ref), free(text), free(good), free(changing);
}

/* A folder and a pipe where a document is expected. */
static void not_regular_files(void **state)
{
	(void)state;
	fresh("not-regular");
	char *d = in_dir("folder.docx"), *fifo = in_dir("pipe.txt");
	assert_int_equal(mkdir(d, 0777), 0);
	assert_int_equal(mkfifo(fifo, 0666), 0);
	batch(NULL, INPUTS("folder.docx", "pipe.txt"),
	      LINES("folder.docx: is a directory",
	            "pipe.txt: not a regular file (pipes and devices are read through '-')"));
	free(d);
	free(fifo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_files),
		cmocka_unit_test(empty_text_is_an_empty_document),
		cmocka_unit_test(random_bytes_under_every_extension),
		cmocka_unit_test(random_bytes_forced_through_every_reader),
		cmocka_unit_test(truncated_zips),
		cmocka_unit_test(bad_crc),
		cmocka_unit_test(zip_bombs),
		cmocka_unit_test(many_entries),
		cmocka_unit_test(escaping_entry_names),
		cmocka_unit_test(encrypted_documents),
		cmocka_unit_test(hangul_binaries),
		cmocka_unit_test(other_formats_named_docx),
		cmocka_unit_test(billion_laughs),
		cmocka_unit_test(quadratic_blowup),
		cmocka_unit_test(external_entities),
		cmocka_unit_test(nested_a_million_deep),
		cmocka_unit_test(two_gigabytes_of_text),
		cmocka_unit_test(nul_bytes),
		cmocka_unit_test(invalid_encodings),
		cmocka_unit_test(catastrophic_patterns),
		cmocka_unit_test(profile_entities),
		cmocka_unit_test(profile_limits),
		cmocka_unit_test(symlink_loops),
		cmocka_unit_test_teardown(file_changing_while_read, stop_writer),
		cmocka_unit_test(not_regular_files),
		cmocka_unit_test(unreadable_file),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
