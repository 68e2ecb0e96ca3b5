/* The Hangul readers over the real files of ../shared/corpus/real (SOURCES.tsv says where each
 * comes from). Built with the other tests, run by `make check-corpus` only. The corpus is found
 * through CB_CORPUS_DIR (default: ../shared/corpus/real beside the source tree); without it this
 * fails rather than skips, so that a missing corpus is never mistaken for a passing one.
 *
 *   - every hwpx/ and hml/ file converts, except the encrypted one, refused with its message;
 *     the HWP 5 file named .hwpx in misnamed/ gets the HWP 5 message, not "unrecognised";
 *   - text fidelity against the oracle Hangul wrote itself: the words of Preview/PrvText.txt
 *     (Hangul's rendering of the first ~2 KB, cells as <...>) must be in casebook's text
 *     output, 99% of them over the corpus and all of them in a file whose preview has no table
 *     or shape (see the one documented exception below);
 *   - every CHAR text in the BODY of each HWPML file (the DocHistory copy inside an HWPX too)
 *     is in the text output, except in the parts the reader leaves out on purpose;
 *   - golden cbxml of documents with merged cells, notes, pictures and equations, reviewed by
 *     hand (CB_UPDATE_GOLDEN=1 rewrites them; review the diff). */
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
#include <zip.h>
#include <cmocka.h>

#include "testutil.h"

static cb_context *ctx;
static cb_diags *diags;
static char *corpus;

#define ENCRYPTED_FILE "hwpjs_password-12345.hwpx"

/* Words a preview shows that casebook leaves out on purpose. */
static const struct {
	const char *file, *word, *why;
} expected_missing[] = {
	{"hwpxlib_ChangeTrack.hwpx", "추적",
	 "a tracked deletion: Hangul's preview shows deleted text, casebook drops it"},
};

static int setup(void **state)
{
	const char *env = getenv("CB_CORPUS_DIR");
	if (env && *env)
		corpus = strdup(env);
	else if (asprintf(&corpus, "%s/../shared/corpus/real", cbt_srcdir()) < 0)
		return -1;
	struct stat st;
	if (stat(corpus, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "corpus-hwp: no corpus at %s (set CB_CORPUS_DIR)\n", corpus);
		return -1;
	}
	ctx = cbt_context();
	diags = cb_diags_new();
	if (!ctx || !diags)
		return -1;
	if (!cb_context_find_plugin(ctx, CB_PLUGIN_READER, "hwpx") ||
	    !cb_context_find_plugin(ctx, CB_PLUGIN_READER, "hwpml")) {
		fprintf(stderr, "corpus-hwp: the hwpx and hwpml readers are not loaded (run it through "
		                "make check-corpus, or set CASEBOOK_PLUGIN_PATH)\n");
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	cb_diags_free(diags);
	cb_context_free(ctx);
	free(corpus);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of corpus/sub ending in ext, sorted, NULL-terminated. Fails the test if none. */
static char **files(const char *sub, const char *ext)
{
	char *dir;
	assert_true(asprintf(&dir, "%s/%s", corpus, sub) > 0);
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("corpus-hwp: cannot open %s", dir);
	size_t n = 0, cap = 16;
	char **list = calloc(cap, sizeof *list);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), k = strlen(ext);
		if (len <= k || strcmp(e->d_name + len - k, ext) != 0)
			continue;
		if (n + 1 == cap)
			list = realloc(list, (cap *= 2) * sizeof *list);
		assert_true(asprintf(&list[n++], "%s/%s", dir, e->d_name) > 0);
	}
	closedir(d);
	free(dir);
	list[n] = NULL;
	assert_true(n > 0);
	qsort(list, n, sizeof *list, by_name);
	return list;
}

static void free_list(char **list)
{
	for (size_t i = 0; list[i]; i++)
		free(list[i]);
	free(list);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static char *write_as(cb_document *doc, const char *writer)
{
	char *out;
	size_t len;
	if (cb_write_memory(ctx, doc, writer, &out, &len, diags) != CB_OK) {
		cbt_print_diags(diags);
		fail_msg("writing %s failed", writer);
	}
	return out;
}

/* The document's plain text, or NULL (with the reasons printed) when it cannot be read. */
static char *text_of_file(const char *path)
{
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, NULL, diags);
	if (!doc) {
		cbt_print_diags(diags);
		return NULL;
	}
	char *text = write_as(doc, "text");
	cb_document_free(doc);
	return text;
}

/* --- every file ----------------------------------------------------------------------------- */

static void every_hwpx_file_converts_but_the_encrypted_one(void **state)
{
	char **list = files("hwpx", ".hwpx");
	size_t n = 0;
	for (size_t i = 0; list[i]; i++, n++) {
		cb_diags_clear(diags);
		cb_document *doc = cb_read_file(ctx, list[i], NULL, diags);
		if (strcmp(base_name(list[i]), ENCRYPTED_FILE) == 0) {
			assert_null(doc);
			assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED, "encrypted document: remove the "
			                                                  "password and save again"));
			printf("refused  %s (encrypted)\n", base_name(list[i]));
			continue;
		}
		if (!doc || cb_diags_count_at_least(diags, CB_SEV_ERROR)) {
			cbt_print_diags(diags);
			fail_msg("%s was not read", list[i]);
		}
		cbt_print_diags(diags); /* warnings, to see them in the log */
		free(write_as(doc, "cbxml"));
		free(write_as(doc, "text"));
		printf("read     %s (%llu nodes, %zu media, %zu warnings)\n", base_name(list[i]),
		       (unsigned long long)cb_document_node_count(doc), cb_document_media_count(doc),
		       cb_diags_count(diags));
		cb_document_free(doc);
	}
	printf("hwpx: %zu files\n", n);
	free_list(list);
}

static void the_misnamed_hwp5_file_says_what_it_is(void **state)
{
	char **list = files("misnamed", ".hwpx");
	for (size_t i = 0; list[i]; i++) {
		cb_diags_clear(diags);
		assert_null(cb_read_file(ctx, list[i], NULL, diags));
		assert_true(cbt_has_diag(diags, CB_E_UNSUPPORTED,
		                         "HWP 5 binary document: not supported yet; save it as HWPX"));
		assert_false(cbt_has_diag(diags, CB_E_UNRECOGNISED, NULL));
	}
	free_list(list);
}

/* --- the preview oracle --------------------------------------------------------------------- */

/* Appends code point c as UTF-8. */
static size_t put_utf8(char *o, unsigned long c)
{
	if (c < 0x80)
		return o[0] = (char)c, 1;
	if (c < 0x800)
		return o[0] = (char)(0xC0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3F)), 2;
	if (c < 0x10000)
		return o[0] = (char)(0xE0 | c >> 12), o[1] = (char)(0x80 | (c >> 6 & 0x3F)),
		       o[2] = (char)(0x80 | (c & 0x3F)), 3;
	return o[0] = (char)(0xF0 | c >> 18), o[1] = (char)(0x80 | (c >> 12 & 0x3F)),
	       o[2] = (char)(0x80 | (c >> 6 & 0x3F)), o[3] = (char)(0x80 | (c & 0x3F)), 4;
}

/* The preview as UTF-8. Hangul writes it as UTF-8 without a byte order mark (every file of the
 * corpus); UTF-16 (with a mark, or little-endian by its zero bytes) is converted in case another
 * version writes that. Caller frees. */
static char *preview_utf8(const unsigned char *b, size_t len)
{
	bool le = len >= 2 && b[0] == 0xFF && b[1] == 0xFE;
	bool be = len >= 2 && b[0] == 0xFE && b[1] == 0xFF;
	size_t i = le || be ? 2 : 0;
	if (!le && !be && len >= 2 && b[1] == 0 && b[0] != 0)
		le = true;
	if (!le && !be) {
		size_t skip = len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		return strndup((const char *)b + skip, len - skip);
	}
	char *out = malloc(2 * len + 4), *o = out;
	for (; i + 1 < len; i += 2) {
		unsigned long c = le ? (unsigned long)(b[i] | b[i + 1] << 8)
		                     : (unsigned long)(b[i] << 8 | b[i + 1]);
		if (c >= 0xD800 && c < 0xDC00 && i + 3 < len) {
			unsigned long d = le ? (unsigned long)(b[i + 2] | b[i + 3] << 8)
			                     : (unsigned long)(b[i + 2] << 8 | b[i + 3]);
			c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
			i += 2;
		}
		o += put_utf8(o, c);
	}
	*o = '\0';
	return out;
}

static char *zip_entry(const char *path, const char *name, size_t *len)
{
	int err;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	if (!z)
		return NULL;
	zip_stat_t st;
	char *data = NULL;
	zip_file_t *f = NULL;
	if (zip_stat(z, name, 0, &st) == 0 && (f = zip_fopen(z, name, 0))) {
		data = malloc(st.size + 1);
		zip_int64_t got = zip_fread(f, data, st.size);
		if (got < 0) {
			free(data);
			data = NULL;
		} else {
			data[got] = '\0';
			*len = (size_t)got;
		}
		zip_fclose(f);
	}
	zip_discard(z);
	return data;
}

static bool excused(const char *file, const char *word)
{
	for (size_t i = 0; i < sizeof expected_missing / sizeof expected_missing[0]; i++)
		if (strcmp(file, expected_missing[i].file) == 0 &&
		    strcmp(word, expected_missing[i].word) == 0)
			return true;
	return false;
}

static void preview_words_are_in_the_text(void **state)
{
	char **list = files("hwpx", ".hwpx");
	size_t all = 0, found = 0;
	bool complete = true;
	for (size_t i = 0; list[i]; i++) {
		const char *file = base_name(list[i]);
		if (strcmp(file, ENCRYPTED_FILE) == 0)
			continue;
		size_t len;
		char *raw = zip_entry(list[i], "Preview/PrvText.txt", &len);
		if (!raw)
			fail_msg("%s has no Preview/PrvText.txt", file);
		char *preview = preview_utf8((unsigned char *)raw, len);
		free(raw);
		char *text = text_of_file(list[i]);
		assert_non_null(text);
		/* Cells are shown as <...>: a preview without them shows no table or shape. */
		bool plain = strchr(preview, '<') == NULL;
		size_t words = 0, here = 0, excuse = 0;
		char missing[512] = "";
		for (char *w = strtok(preview, " \t\r\n<>"); w; w = strtok(NULL, " \t\r\n<>")) {
			words++;
			if (strstr(text, w))
				here++;
			else if (excused(file, w))
				excuse++;
			else if (strlen(missing) + strlen(w) + 2 < sizeof missing) {
				strcat(missing, " ");
				strcat(missing, w);
			}
		}
		all += words;
		found += here;
		printf("%-48s %4zu words, %4zu found%s%s%s%s\n", file, words, here,
		       plain ? " (no tables)" : "", excuse ? " (+ excused)" : "",
		       *missing ? "; missing:" : "", missing);
		if (plain && here + excuse != words)
			complete = false;
		free(preview);
		free(text);
	}
	double share = all ? 100.0 * (double)found / (double)all : 0;
	printf("preview fidelity: %zu of %zu words (%.2f%%)\n", found, all, share);
	assert_true(all > 1000);
	assert_true(share >= 99.0);
	assert_true(complete);
	free_list(list);
}

/* --- HWPML --------------------------------------------------------------------------------- */

/* Decodes XML's predefined and numeric character references in place. */
static void unescape(char *s)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
	char *o = s;
	while (*s) {
		bool done = false;
		for (size_t i = 0; *s == '&' && i < 5 && !done; i++)
			if (strncmp(s, named[i].name, strlen(named[i].name)) == 0) {
				*o++ = named[i].c;
				s += strlen(named[i].name);
				done = true;
			}
		if (!done && s[0] == '&' && s[1] == '#') {
			char *end;
			unsigned long c = s[2] == 'x' ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);
			if (*end == ';') {
				o += put_utf8(o, c); /* never longer than the reference */
				s = end + 1;
				done = true;
			}
		}
		if (!done)
			*o++ = *s++;
	}
	*o = '\0';
}

/* White space runs as one space, none at the ends (the text writer and table layout move white
 * space, not words). */
static void squeeze(char *s)
{
	char *start = s, *o = s;
	bool space = true;
	for (; *s; s++) {
		bool ws = *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n';
		if (ws && !space)
			*o++ = ' ';
		else if (!ws)
			*o++ = *s;
		space = ws;
	}
	if (o > start && o[-1] == ' ')
		o--;
	*o = '\0';
}

/* Checks each CHAR text of the BODY (each run of text between the inline elements inside a CHAR)
 * against the text output. HEADER, FOOTER and HIDDENCOMMENT are skipped: the reader leaves them
 * out on purpose (none of the corpus files has one). Returns the number of texts checked. */
static size_t check_chars(const char *name, const char *xml, const char *text)
{
	const char *body = strstr(xml, "<BODY>"), *end = body ? strstr(body, "</BODY>") : NULL;
	assert_non_null(end);
	static const char *const left_out[] = {"HEADER", "FOOTER", "HIDDENCOMMENT"};
	size_t checked = 0;
	for (const char *s = body; s < end;) {
		const char *lt = strchr(s, '<');
		if (!lt || lt >= end)
			break;
		bool skipped = false;
		for (size_t i = 0; i < 3 && !skipped; i++) {
			size_t k = strlen(left_out[i]);
			if (strncmp(lt + 1, left_out[i], k) == 0 && (lt[k + 1] == ' ' || lt[k + 1] == '>')) {
				char close[32];
				snprintf(close, sizeof close, "</%s>", left_out[i]);
				const char *c = strstr(lt, close);
				s = c ? c + strlen(close) : end;
				skipped = true;
			}
		}
		if (skipped)
			continue;
		if (strncmp(lt, "<CHAR>", 6) != 0) {
			s = lt + 1;
			continue;
		}
		const char *stop = strstr(lt, "</CHAR>");
		assert_non_null(stop);
		/* The runs of text between the tags inside CHAR. */
		for (const char *p = lt + 6; p < stop;) {
			const char *q = p;
			while (q < stop && *q != '<')
				q++;
			char *piece = strndup(p, (size_t)(q - p));
			unescape(piece);
			squeeze(piece);
			if (*piece) {
				if (!strstr(text, piece))
					fail_msg("%s: CHAR text \"%s\" is not in the output", name, piece);
				checked++;
			}
			free(piece);
			p = q < stop ? strchr(q, '>') + 1 : stop;
		}
		s = stop + 7;
	}
	return checked;
}

static void check_hml(const char *name, const char *xml)
{
	cb_diags_clear(diags);
	cb_document *doc = cb_read_memory(ctx, name, xml, strlen(xml), NULL, diags);
	if (!doc || cb_diags_count_at_least(diags, CB_SEV_ERROR)) {
		cbt_print_diags(diags);
		fail_msg("%s was not read", name);
	}
	char *text = write_as(doc, "text");
	squeeze(text);
	size_t n = check_chars(name, xml, text);
	printf("%-48s %zu CHAR texts, all in the output\n", name, n);
	assert_true(n > 0);
	free(text);
	cb_document_free(doc);
}

static void every_hwpml_char_text_is_in_the_output(void **state)
{
	char **list = files("hml", ".hml");
	for (size_t i = 0; list[i]; i++) {
		size_t len;
		char *xml = cbt_read_file(list[i], &len);
		assert_non_null(xml);
		check_hml(base_name(list[i]), xml);
		free(xml);
	}
	free_list(list);
	/* The real HWPML 2.91 without declaration or byte order mark an HWPX keeps of its last
	 * version. */
	char *path;
	assert_true(asprintf(&path, "%s/hwpx/phwpx_version_history_embedded-hml.hwpx", corpus) > 0);
	size_t len;
	char *xml = zip_entry(path, "DocHistory/historylastdoc.hml", &len);
	assert_non_null(xml);
	assert_true(strncmp(xml, "<HWPML", 6) == 0);
	check_hml("historylastdoc.hml", xml);
	free(xml);
	free(path);
}

/* --- golden files --------------------------------------------------------------------------- */

static void golden(const char *file, const char *name)
{
	char *path;
	assert_true(asprintf(&path, "%s/%s", corpus, file) > 0);
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, NULL, diags);
	if (!doc)
		cbt_print_diags(diags);
	assert_non_null(doc);
	char *xml = write_as(doc, "cbxml");
	assert_true(cbt_golden(name, xml, strlen(xml)));
	free(xml);
	cb_document_free(doc);
	free(path);
}

/* A 2x3 table with a row span and a column span whose covered cells are not in the file. */
static void golden_merged_cells(void **state)
{
	golden("hwpx/hwpjs_table.hwpx", "hwp-table.cbxml");
}

static void golden_footnotes_and_endnotes(void **state)
{
	golden("hwpx/hwpjs_footnote-endnote.hwpx", "hwp-footnote-endnote.cbxml");
}

/* A picture (into the media store, its original name from Hangul's comment) and 20 equations. */
static void golden_picture_and_equations(void **state)
{
	golden("hwpx/hwpjs_latex.hwpx", "hwp-latex.cbxml");
}

/* A real school form: 31 tables, 62 merged cells, header cells, bullet lists in cells. */
static void golden_school_form(void **state)
{
	golden("hwpx/phwpx_evalplan_blank_form_3hak.hwpx", "hwp-evalplan.cbxml");
}

/* HWPML: text boxes of rectangles, HEAD's DOCSUMMARY. */
static void golden_hwpml(void **state)
{
	golden("hml/hwpjs_aligns.hml", "hwp-aligns-hml.cbxml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_hwpx_file_converts_but_the_encrypted_one),
		cmocka_unit_test(the_misnamed_hwp5_file_says_what_it_is),
		cmocka_unit_test(preview_words_are_in_the_text),
		cmocka_unit_test(every_hwpml_char_text_is_in_the_output),
		cmocka_unit_test(golden_merged_cells),
		cmocka_unit_test(golden_footnotes_and_endnotes),
		cmocka_unit_test(golden_picture_and_equations),
		cmocka_unit_test(golden_school_form),
		cmocka_unit_test(golden_hwpml),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
