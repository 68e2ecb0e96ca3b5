/* The DOCX reader on the real corpus (../shared/corpus/real/docx, or CB_CORPUS_DIR): every file
 * converts, keeps every word pandoc finds in it, and the tables of a handful of files come out
 * with the spans their merged cells have in Word (golden cbxml, reviewed by hand).
 *
 * Run by `make check-corpus`, not by `make check`: the corpus is not part of the release. A
 * missing corpus is a failure, not a skip, so that a broken path cannot pass silently.
 *
 * Word recall. tests/corpus/docx/NAME.words holds the words `pandoc -f docx -t plain` finds in
 * NAME.docx (tests/corpus/docx/generate.py writes them and says how they are counted; words()
 * below counts the same way). The threshold is all of them: a word pandoc shows that casebook's
 * text output lacks is text a user would lose. */
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
#include <cmocka.h>

#include "testutil.h"

/* Files whose tables have merged cells, header rows and nesting worth pinning down. */
static const char *const table_files[] = {
	"pandoc_table_header_rowspan",   /* vMerge and gridSpan in a two-row header */
	"pandoc_table_gridbefore",       /* gridBefore, gridSpan across most of a row */
	"pandoc_table_variable_width",   /* gridSpan over narrow grid columns */
	"pandoc_sdt_elements",           /* a repeated header row, a cell in a content control */
	"pandoc_table_with_list_cell",   /* lists inside cells */
	"polydonky_standard-gongmun-form_word16", /* a Korean form laid out in tables */
};

static cb_context *ctx;
static char *docx_dir;

static int setup(void **state)
{
	(void)state;
	const char *dir = getenv("CB_CORPUS_DIR");
	char *fallback = NULL;
	if (!dir || !*dir) {
		if (asprintf(&fallback, "%s/../shared/corpus/real", cbt_srcdir()) < 0)
			return -1;
		dir = fallback;
	}
	int r = asprintf(&docx_dir, "%s/docx", dir);
	free(fallback);
	ctx = cbt_context();
	return r < 0 || !ctx ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	cb_context_free(ctx);
	free(docx_dir);
	return 0;
}

/* --- words --------------------------------------------------------------------------------- */

typedef struct words {
	char **v;
	size_t n, cap;
} words;

static void words_add(words *w, const char *s, size_t len)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->v = realloc(w->v, w->cap * sizeof *w->v);
		assert_non_null(w->v);
	}
	w->v[w->n] = strndup(s, len);
	assert_non_null(w->v[w->n]);
	w->n++;
}

static void words_free(words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	*w = (words){0};
}

/* The code point at s (n bytes left) and its length; malformed bytes count as one non-letter. */
static unsigned decode(const unsigned char *s, size_t n, size_t *len)
{
	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!need || need > n)
		return 0xFFFD;
	unsigned c = s[0] & (0x3Fu >> (need - 1));
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = c << 6 | (s[i] & 0x3Fu);
	}
	*len = need;
	return c;
}

/* As tests/corpus/docx/generate.py counts them. */
static bool word_char(unsigned c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
	       (c >= 0x400 && c <= 0x4FF) || (c >= 0x1100 && c <= 0x11FF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3130 && c <= 0x318F) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words of text, sorted for lookup, ASCII letters lower-cased. */
static void words_of(const char *text, size_t len, words *out)
{
	char *lower = strndup(text, len);
	assert_non_null(lower);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c | 0x20);
	const unsigned char *s = (const unsigned char *)lower, *end = s + len, *start = NULL;
	while (s < end) {
		size_t n;
		unsigned c = decode(s, (size_t)(end - s), &n);
		if (word_char(c)) {
			if (!start)
				start = s;
		} else if (start) {
			words_add(out, (const char *)start, (size_t)(s - start));
			start = NULL;
		}
		s += n;
	}
	if (start)
		words_add(out, (const char *)start, (size_t)(end - start));
	free(lower);
	qsort(out->v, out->n, sizeof *out->v, by_string);
}

static bool has_word(const words *w, const char *word)
{
	return bsearch(&word, w->v, w->n, sizeof *w->v, by_string) != NULL;
}

/* The expected words of NAME (comment lines skipped); false when there is no such file. */
static bool expected_words(const char *name, words *out)
{
	char *rel, *path;
	assert_true(asprintf(&rel, "tests/corpus/docx/%s.words", name) > 0);
	path = cbt_src_path(rel);
	free(rel);
	size_t len;
	char *text = cbt_read_file(path, &len);
	free(path);
	if (!text)
		return false;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		size_t n = next ? (size_t)(next - line) : strlen(line);
		if (next)
			next++;
		if (n && line[0] != '#')
			words_add(out, line, n);
	}
	free(text);
	return true;
}

/* --- the corpus ---------------------------------------------------------------------------- */

static int is_docx(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 5 && strcmp(e->d_name + n - 5, ".docx") == 0;
}

/* Reads one corpus file into its text rendering; NULL (with the reasons printed) on failure. */
static char *convert(const char *path, const char *writer, size_t *len)
{
	cb_diags *diags = cb_diags_new();
	cb_document *doc = cb_read_file(ctx, path, NULL, diags);
	char *out = NULL;
	if (!doc || cb_write_memory(ctx, doc, writer, &out, len, diags) != CB_OK) {
		fprintf(stderr, "FAIL %s: not converted\n", path);
		cbt_print_diags(diags);
		out = NULL;
	}
	cb_document_free(doc);
	cb_diags_free(diags);
	return out;
}

/* Checks one file; returns how many of pandoc's words its text lacks (or 1 when it failed). */
static size_t check_file(const char *file, size_t *words_checked)
{
	char *path, *name = strndup(file, strlen(file) - 5);
	assert_true(asprintf(&path, "%s/%s", docx_dir, file) > 0);
	size_t len, missing = 0;
	char *text = convert(path, "text", &len);
	words expected = {0}, found = {0};
	if (!text)
		missing = 1;
	else if (!expected_words(name, &expected)) {
		fprintf(stderr, "FAIL %s: no tests/corpus/docx/%s.words (run generate.py)\n", file,
		        name);
		missing = 1;
	} else {
		words_of(text, len, &found);
		for (size_t i = 0; i < expected.n; i++) {
			if (has_word(&found, expected.v[i]))
				continue;
			if (missing++ < 10)
				fprintf(stderr, "FAIL %s: lacks the word \"%s\"\n", file,
				        expected.v[i]);
		}
		*words_checked += expected.n;
	}
	words_free(&expected);
	words_free(&found);
	free(text);
	free(path);
	free(name);
	return missing;
}

static void every_docx_converts_with_pandocs_words(void **state)
{
	(void)state;
	struct dirent **list;
	int n = scandir(docx_dir, &list, is_docx, alphasort);
	if (n <= 0)
		fprintf(stderr, "FAIL: no DOCX corpus at %s (set CB_CORPUS_DIR)\n", docx_dir);
	assert_true(n > 0);
	size_t failed_files = 0, missing = 0, checked = 0;
	for (int i = 0; i < n; i++) {
		size_t m = check_file(list[i]->d_name, &checked);
		failed_files += m > 0;
		missing += m;
		free(list[i]);
	}
	free(list);
	fprintf(stderr, "docx corpus: %d files, %zu expected words checked, %zu missing, "
	                "%zu files failed\n",
	        n, checked, missing, failed_files);
	assert_int_equal(failed_files, 0);
}

static void merged_cells_match_golden(void **state)
{
	(void)state;
	bool all = true;
	for (size_t i = 0; i < sizeof table_files / sizeof *table_files; i++) {
		char *path, *golden;
		assert_true(asprintf(&path, "%s/%s.docx", docx_dir, table_files[i]) > 0);
		assert_true(asprintf(&golden, "docx-%s.cbxml", table_files[i]) > 0);
		size_t len;
		char *xml = convert(path, "cbxml", &len);
		if (!xml || !cbt_golden(golden, xml, len)) {
			fprintf(stderr, "FAIL %s: differs from tests/golden/%s\n", path, golden);
			all = false;
		}
		free(xml);
		free(golden);
		free(path);
	}
	assert_true(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_docx_converts_with_pandocs_words),
		cmocka_unit_test(merged_cells_match_golden),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
