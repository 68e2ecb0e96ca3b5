/* Helpers shared by the test programs. */
#include "config.h"

#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

extern char **environ;

static const char *env_or_dot(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : ".";
}

const char *cbt_srcdir(void) { return env_or_dot("CB_TEST_SRCDIR"); }
const char *cbt_builddir(void) { return env_or_dot("CB_TEST_BUILDDIR"); }

char *cbt_src_path(const char *rel)
{
	char *p;
	return asprintf(&p, "%s/%s", cbt_srcdir(), rel) < 0 ? NULL : p;
}

static int remove_tree(const char *path)
{
	char *cmd;
	if (asprintf(&cmd, "rm -rf '%s'", path) < 0)
		return -1;
	int r = system(cmd);
	free(cmd);
	return r;
}

char *cbt_tmpdir(const char *test_name)
{
	char *base, *dir;
	if (asprintf(&base, "%s/tests/tmp", cbt_builddir()) < 0)
		return NULL;
	mkdir(base, 0777);
	if (asprintf(&dir, "%s/%s", base, test_name) < 0) {
		free(base);
		return NULL;
	}
	free(base);
	remove_tree(dir);
	if (mkdir(dir, 0777) != 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

char *cbt_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = n;
	}
	return buf;
}

bool cbt_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

bool cbt_write_zip(const char *path, const cbt_entry *entries, size_t n)
{
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		return false;
	for (size_t i = 0; i < n; i++) {
		const cbt_entry *e = &entries[i];
		size_t len = e->len ? e->len : strlen(e->data);
		zip_source_t *s = zip_source_buffer(z, e->data, len, 0);
		zip_int64_t at = s ? zip_file_add(z, e->name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8)
		                   : -1;
		if (at < 0 || (e->stored && zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE,
		                                                     0) != 0)) {
			zip_source_free(s);
			zip_discard(z);
			return false;
		}
	}
	return zip_close(z) == 0;
}

size_t cbt_make_cfb(unsigned char *buf, const char *const *streams)
{
	memset(buf, 0, 3 * 512);
	memcpy(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	buf[0x18] = 0x3E, buf[0x1A] = 3, buf[0x1C] = 0xFE, buf[0x1D] = 0xFF;
	buf[0x1E] = 9, buf[0x20] = 6;
	buf[0x2C] = 1;                 /* one FAT sector */
	buf[0x30] = 1;                 /* directory starts at sector 1 */
	memset(buf + 0x4C, 0xFF, 436); /* DIFAT: free ... */
	memset(buf + 0x4C, 0, 4);      /* ... but the FAT is sector 0 */
	unsigned char *fat = buf + 512;
	memset(fat, 0xFF, 512);
	memcpy(fat, "\xFD\xFF\xFF\xFF\xFE\xFF\xFF\xFF", 8); /* sector 0: FAT, sector 1: end */
	unsigned char *dir = buf + 1024;
	const char *names[4] = {"Root Entry"};
	size_t n = 1;
	for (; n < 4 && streams[n - 1]; n++)
		names[n] = streams[n - 1];
	for (size_t i = 0; i < n; i++) {
		unsigned char *e = dir + 128 * i;
		size_t len = strlen(names[i]);
		for (size_t k = 0; k < len; k++)
			e[2 * k] = (unsigned char)names[i][k];
		e[0x40] = (unsigned char)(2 * len + 2);
		e[0x42] = i == 0 ? 5 : 2;
	}
	return 3 * 512;
}

cb_context *cbt_context(void)
{
	cb_context *ctx = cb_context_new();
	if (ctx)
		cb_context_load_plugins(ctx);
	return ctx;
}

void cbt_print_diags(const cb_diags *diags)
{
	for (size_t i = 0; i < cb_diags_count(diags); i++) {
		char *s = cb_diag_format(cb_diags_at(diags, i));
		fprintf(stderr, "  diag[%zu] (%s): %s\n", i, cb_code_name(cb_diag_code(cb_diags_at(diags, i))),
		        s ? s : "?");
		free(s);
	}
}

bool cbt_has_diag(const cb_diags *diags, cb_code code, const char *text)
{
	for (size_t i = 0; i < cb_diags_count(diags); i++) {
		const cb_diag *d = cb_diags_at(diags, i);
		if (cb_diag_code(d) == code && (!text || strstr(cb_diag_message(d), text)))
			return true;
	}
	return false;
}

cb_document *cbt_sample_document(void)
{
	cb_document *doc = cb_document_new();
	if (!doc)
		return NULL;
	cb_document_set_meta(doc, "title", "2026 교육복지 사례집 <견본> & \"test\"");
	cb_document_set_meta(doc, "creator", "광주광역시교육청");
	cb_document_set_meta(doc, "created", "2026-03-02T09:00:00Z");
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};
	const char *img = cb_document_add_media(doc, "image1", "image/png", "pic.png", png, sizeof png);
	cb_node *body = cb_document_body(doc);

	cb_node *h = cb_add_heading(body, 1);
	cb_add_text(h, "Ⅰ. 추진 배경", (size_t)-1, 0);
	cb_node *p = cb_add_paragraph(body);
	cb_add_text(p, "평범한 글, ", (size_t)-1, 0);
	cb_add_text(p, "굵게", (size_t)-1, CB_MARK_BOLD);
	cb_add_text(p, " ", (size_t)-1, 0);
	cb_add_text(p, "기울임", (size_t)-1, CB_MARK_ITALIC);
	cb_add_text(p, " ", (size_t)-1, 0);
	cb_add_text(p, "밑줄", (size_t)-1, CB_MARK_UNDERLINE);
	cb_add_text(p, " ", (size_t)-1, 0);
	cb_add_text(p, "취소선", (size_t)-1, CB_MARK_STRIKE);
	cb_add_text(p, " x", (size_t)-1, 0);
	cb_add_text(p, "2", (size_t)-1, CB_MARK_SUPERSCRIPT);
	cb_add_text(p, " H", (size_t)-1, 0);
	cb_add_text(p, "2", (size_t)-1, CB_MARK_SUBSCRIPT);
	cb_add_text(p, "O, ", (size_t)-1, 0);
	cb_add_text(p, "굵은 기울임", (size_t)-1, CB_MARK_BOLD | CB_MARK_ITALIC);
	cb_add_break(p);
	cb_add_text(p, "둘째 줄: *별표* _밑줄_ <태그> & [괄호] `코드` # 샵 | 파이프\\", (size_t)-1, 0);
	cb_node *link = cb_add_link(p, "https://example.org/a?b=1&c=2");
	cb_add_text(link, "링크 ", (size_t)-1, 0);
	cb_add_text(link, "굵게", (size_t)-1, CB_MARK_BOLD);
	cb_add_noteref(p, "fn1");
	cb_add_text(p, " 끝.", (size_t)-1, 0);

	cb_node *h2 = cb_add_heading(body, 2);
	cb_add_text(h2, "1. 운영 내용", (size_t)-1, 0);
	cb_node *list = cb_add_list(body, false, 1, "□");
	cb_node *item = cb_add_item(list);
	cb_add_text(cb_add_paragraph(item), "첫째 항목", (size_t)-1, 0);
	cb_node *sub = cb_add_list(item, true, 3, "hangul");
	cb_add_text(cb_add_paragraph(cb_add_item(sub)), "다. 안쪽 항목", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(sub)), "라. 안쪽 둘째", (size_t)-1, 0);
	item = cb_add_item(list);
	cb_add_text(cb_add_paragraph(item), "둘째 항목", (size_t)-1, 0);
	cb_node *ol = cb_add_list(body, true, 1, "decimal");
	cb_add_text(cb_add_paragraph(cb_add_item(ol)), "하나", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_item(ol)), "둘", (size_t)-1, 0);

	/* A simple table (header row, one paragraph a cell) and one with spans. */
	cb_node *t = cb_add_table(body);
	cb_node *r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, true)), "항목", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, true)), "내용", (size_t)-1, 0);
	r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "학교명", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "빛고을초등학교", (size_t)-1, 0);
	t = cb_add_table(body);
	r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 2, 1, true)), "기간", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 2, false)), "2026. 3. 2. ~ 12. 18.", (size_t)-1, 0);
	r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "1학기", (size_t)-1, 0);
	cb_node *c = cb_add_cell(r, 1, 1, false);
	cb_add_text(cb_add_paragraph(c), "2학기", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(c), "(방학 제외)", (size_t)-1, 0);

	cb_add_image(body, img, "활동 사진");
	cb_node *note = cb_add_note(body, "fn1", "footnote");
	cb_add_text(cb_add_paragraph(note), "각주 내용입니다.", (size_t)-1, 0);
	cb_node *div = cb_add_div(body, "case");
	cb_div_set_attr(div, "school", "빛고을초등학교");
	cb_div_set_attr(div, "area", "문화·체험");
	cb_node *dp = cb_add_paragraph(div);
	cb_add_text(dp, "사례 본문 ", (size_t)-1, 0);
	cb_add_image(dp, img, NULL);
	return doc;
}

bool cbt_golden(const char *name, const char *data, size_t len)
{
	char *path;
	if (asprintf(&path, "%s/tests/golden/%s", cbt_srcdir(), name) < 0)
		return false;
	const char *update = getenv("CB_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		bool ok = cbt_write_file(path, data, len);
		fprintf(stderr, "updated golden file %s: review it before committing\n", path);
		free(path);
		return ok;
	}
	size_t glen = 0;
	char *golden = cbt_read_file(path, &glen);
	bool same = golden && glen == len && memcmp(golden, data, len) == 0;
	if (!same) {
		char *actual;
		if (asprintf(&actual, "%s/tests/tmp/%s.actual", cbt_builddir(), name) >= 0) {
			char *dir;
			if (asprintf(&dir, "%s/tests/tmp", cbt_builddir()) >= 0) {
				mkdir(dir, 0777);
				free(dir);
			}
			cbt_write_file(actual, data, len);
			fprintf(stderr, "golden mismatch: diff -u %s %s\n", path, actual);
			free(actual);
		}
	}
	free(golden);
	free(path);
	return same;
}

/* Reads both pipes until both close, so a child writing much to either never blocks. */
static void drain(int out_fd, int err_fd, char **out, size_t *out_len, char **err)
{
	struct {
		int fd;
		char *buf;
		size_t len, cap;
	} s[2] = {{out_fd, NULL, 0, 0}, {err_fd, NULL, 0, 0}};
	int open_count = 2;
	while (open_count) {
		struct pollfd pfd[2];
		int n = 0, map[2];
		for (int i = 0; i < 2; i++)
			if (s[i].fd >= 0) {
				pfd[n].fd = s[i].fd;
				pfd[n].events = POLLIN;
				map[n++] = i;
			}
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0; k < n; k++) {
			if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			int i = map[k];
			if (s[i].cap - s[i].len < 4097) {
				size_t cap = s[i].cap ? s[i].cap * 2 : 8192;
				char *g = realloc(s[i].buf, cap);
				if (!g)
					abort();
				s[i].buf = g;
				s[i].cap = cap;
			}
			ssize_t got = read(s[i].fd, s[i].buf + s[i].len, 4096);
			if (got <= 0) {
				close(s[i].fd);
				s[i].fd = -1;
				open_count--;
			} else
				s[i].len += (size_t)got;
		}
	}
	for (int i = 0; i < 2; i++) {
		if (!s[i].buf)
			s[i].buf = calloc(1, 1);
		else
			s[i].buf[s[i].len] = '\0';
	}
	*out = s[0].buf;
	if (out_len)
		*out_len = s[0].len;
	*err = s[1].buf;
}

int cbt_run_cli(const char *const *argv, const char *stdin_data, size_t stdin_len, char **out,
                size_t *out_len, char **err)
{
	const char *cli = getenv("CB_TEST_CLI");
	if (!cli)
		cli = "./core/casebook";
	size_t argc = 0;
	while (argv[argc])
		argc++;
	char **args = calloc(argc + 2, sizeof *args);
	args[0] = (char *)cli;
	for (size_t i = 0; i < argc; i++)
		args[i + 1] = (char *)argv[i];

	/* Standard input comes from a file so that a large input never deadlocks against output. */
	char in_path[] = "/tmp/cbt-stdin-XXXXXX";
	int in_fd = mkstemp(in_path);
	if (in_fd < 0)
		abort();
	unlink(in_path);
	if (stdin_data && stdin_len && write(in_fd, stdin_data, stdin_len) != (ssize_t)stdin_len)
		abort();
	lseek(in_fd, 0, SEEK_SET);
	int po[2], pe[2];
	if (pipe(po) || pipe(pe))
		abort();
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	pid_t pid;
	int rc = posix_spawn(&pid, cli, &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(args);
	close(in_fd);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		fprintf(stderr, "cannot run %s: %s\n", cli, strerror(rc));
		abort();
	}
	drain(po[0], pe[0], out, out_len, err);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		return -WTERMSIG(status);
	return WEXITSTATUS(status);
}
