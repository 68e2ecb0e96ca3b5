/* The batch engine, run as users run casebook build: a reader that crashes, hangs or exhausts
 * memory costs one input; kill -9 in the middle leaves the last outputs and the next run works;
 * Ctrl-C stops with a partial report and 130; a second run on a folder in use is refused; a
 * second run reads nothing from its cache, a damaged cache entry is read again, and the cache
 * holds nothing readable; the outputs are the same bytes whatever -j and the order of the inputs,
 * in one process or in workers; shards assembled equal a single run. */
#include "config.h"

#include <casebook/build.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"

extern char **environ;

typedef struct run {
	int status;
	char *out, *err;
} run;

#define CLI(...) cli((const char *const[]){__VA_ARGS__, NULL})

static run cli(const char *const *argv)
{
	run r;
	r.status = cbt_run_cli(argv, NULL, 0, &r.out, NULL, &r.err);
	return r;
}

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

static void expect(const run *r, int status, const char *in_out, const char *in_err)
{
	if (r->status != status || (in_out && !strstr(r->out, in_out)) ||
	    (in_err && !strstr(r->err, in_err)))
		fail_msg("exit %d (expected %d)\nstdout:\n%s\nstderr:\n%s\nexpected '%s' / '%s'",
		         r->status, status, r->out, r->err, in_out ? in_out : "",
		         in_err ? in_err : "");
}

static char *join(const char *dir, const char *name)
{
	char *p;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = join(dir, name);
	assert_true(cbt_write_file(p, text, strlen(text)));
	free(p);
}

/* A submission naming a student in a context privacy knows. */
static void put_submission(const char *dir, const char *name, const char *school,
                           const char *title, const char *student)
{
	char *text;
	assert_true(asprintf(&text,
	                     "학교명: %s\n교육복지사 배치: 배치\n사례명: %s\n영역: 학습\n"
	                     "대상: 4~6학년 10명\n기간: 2026. 3. 2. ~ 12. 18.\n장소: 본교\n"
	                     "예산: 1,000,000원\n담당자: 교육복지사 조은별\n\n"
	                     "1. 추진 배경\n%s 학생이 도움을 요청하였다.\n\n2. 운영 내용\n%s의 "
	                     "이야기를 들었다.\n",
	                     school, title, student, title) > 0);
	put(dir, name, text);
	free(text);
}

/* A folder in/ of three submissions, one in a subfolder. */
static char *make_inputs(const char *dir)
{
	char *in = join(dir, "in"), *sub = join(in, "sub");
	assert_int_equal(mkdir(in, 0777), 0);
	assert_int_equal(mkdir(sub, 0777), 0);
	put_submission(in, "a.txt", "빛고을초등학교", "함께 크는 마을", "김민준");
	put_submission(in, "b.txt", "무등중학교", "진로 탐색", "이서연");
	put_submission(sub, "c.txt", "서석고등학교", "문화 탐방", "박지호");
	free(sub);
	return in;
}

static char *plugin_dir(void)
{
	return join(cbt_builddir(), "tests/plugins/batch/.libs");
}

static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = cbt_read_file(a, &la), *y = cbt_read_file(b, &lb);
	bool same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

/* How many outputs dir has (what a user sees: not hidden); with check, each must be in other
 * with the same bytes. */
static size_t outputs(const char *dir, const char *other)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		char *x = join(dir, e->d_name), *y = other ? join(other, e->d_name) : NULL;
		if (other && !same_file(x, y))
			fail_msg("%s differs from %s", x, y);
		free(x);
		free(y);
	}
	closedir(d);
	return n;
}

/* The same outputs in a and b, byte for byte. */
static void same_outputs(const char *a, const char *b)
{
	size_t n = outputs(a, b);
	assert_int_equal(n, outputs(b, NULL));
	assert_true(n >= 4);
}

static size_t cache_entries(const char *outdir)
{
	char *dir = join(outdir, ".casebook-cache");
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	free(dir);
	return n;
}

/* The CLI started in the background, its standard error into err_path (NULL: thrown away, like
 * its standard output). */
static pid_t spawn(const char *err_path, const char *const *argv)
{
	const char *cli = getenv("CB_TEST_CLI");
	size_t argc = 0;
	while (argv[argc])
		argc++;
	char **args = calloc(argc + 2, sizeof *args);
	args[0] = (char *)(cli ? cli : "./core/casebook");
	memcpy(args + 1, argv, argc * sizeof *args);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, err_path ? err_path : "/dev/null",
	                                 O_WRONLY | O_CREAT | O_TRUNC, 0666);
	pid_t pid;
	assert_int_equal(posix_spawn(&pid, args[0], &fa, NULL, args, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	free(args);
	return pid;
}

static void nap(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
}

/* Waits until the run's progress bar (in the file err) shows text: "3/4" once the inputs before
 * the one that hangs are done, and that one is being read. */
static void wait_for_progress(const char *err, const char *text)
{
	for (int i = 0; i < 200; i++) {
		char *seen = cbt_read_file(err, NULL);
		bool there = seen && strstr(seen, text);
		free(seen);
		if (there)
			return;
		nap(50);
	}
	fail_msg("the run did not show '%s' within 10 s", text);
}

static int wait_exit(pid_t pid)
{
	int status;
	for (int i = 0; i < 200; i++) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			return status;
		nap(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	fail_msg("the run did not end within 10 s");
	return -1;
}

/* --- isolation ---------------------------------------------------------------------------- */

static void a_crash_costs_only_that_file(void **state)
{
	char *dir = cbt_tmpdir("batch-crash"), *in = make_inputs(dir), *out = join(dir, "out");
	char *plugins = plugin_dir();
	put(in, "crash.txt", "CASEBOOK-TEST-CRASH\n");
	run r = CLI("build", "--plugin-dir", plugins, "-j2", in, "-o", out);
	expect(&r, 1, "4 inputs: 3 ok, 0 warning, 1 failed", "crash.txt: failed: crashed");
	assert_non_null(strstr(r.err, "in reader batch-crash"));
	assert_non_null(strstr(r.out, "1 replaced"));
	run_free(&r);
	char *p = join(out, "report.json");
	char *report = cbt_read_file(p, NULL);
	assert_non_null(strstr(report, "\"code\": \"crashed\""));
	assert_true(strstr(report, "crashed with signal") || strstr(report, "crashed (the worker"));
	assert_non_null(strstr(report, "in reader batch-crash"));
	/* The reader's own SIGSEGV, unless AddressSanitizer (the builds without a memory limit)
	 * caught it first and ended the worker its own way. */
	if (cb_batch_memory_limited())
		assert_non_null(strstr(report, "crashed with signal 11 (SIGSEGV) in reader"));
	free(report);
	free(p);
	free(plugins);
	free(out);
	free(in);
	free(dir);
}

static void a_hang_is_killed_at_the_timeout(void **state)
{
	char *dir = cbt_tmpdir("batch-hang"), *in = make_inputs(dir), *out = join(dir, "out");
	char *plugins = plugin_dir();
	put(in, "hang.txt", "CASEBOOK-TEST-HANG\n");
	time_t start = time(NULL);
	run r = CLI("build", "--plugin-dir", plugins, "-j2", "--timeout", "1", in, "-o", out);
	expect(&r, 1, "4 inputs: 3 ok, 0 warning, 1 failed",
	       "hang.txt: failed: timed out after 1 s in reader batch-hang");
	assert_true(time(NULL) - start < 8);
	run_free(&r);
	free(plugins);
	free(out);
	free(in);
	free(dir);
}

static void the_memory_limit_costs_only_that_file(void **state)
{
	if (!cb_batch_memory_limited()) {
		/* AddressSanitizer reserves terabytes of address space up front, so this build
		 * sets no limit on its workers, and a reader allocating without end would only
		 * stop at its own safety stop: there is nothing honest to check here. */
		skip();
	}
	char *dir = cbt_tmpdir("batch-memory"), *in = make_inputs(dir), *out = join(dir, "out");
	char *plugins = plugin_dir();
	put(in, "alloc.txt", "CASEBOOK-TEST-ALLOC\n");
	run r = CLI("build", "--plugin-dir", plugins, "-j2", "--memory-limit", "512M", in, "-o",
	            out);
	expect(&r, 1, "4 inputs: 3 ok, 0 warning, 1 failed",
	       "alloc.txt: failed: exceeded the memory limit of 512 MiB in reader batch-alloc");
	assert_non_null(strstr(r.out, "1 replaced"));
	run_free(&r);
	free(plugins);
	free(out);
	free(in);
	free(dir);
}

/* --- atomic, locked, interruptible -------------------------------------------------------- */

static void kill_9_leaves_the_last_outputs(void **state)
{
	char *dir = cbt_tmpdir("batch-kill"), *in = make_inputs(dir), *out = join(dir, "out");
	char *before = join(dir, "before"), *plugins = plugin_dir();
	run r = CLI("build", in, "-o", out);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	r = CLI("build", in, "-o", before);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	/* A run that will hang on its last input, killed while it does. */
	put(in, "zz-hang.txt", "CASEBOOK-TEST-HANG\n");
	char *err = join(dir, "stderr");
	pid_t pid = spawn(err, (const char *const[]){"build", "--plugin-dir", plugins, "-j1",
	                                             "--no-cache", "--timeout", "60",
	                                             "--progress=always", in, "-o", out, NULL});
	wait_for_progress(err, "3/4");
	assert_int_equal(kill(pid, SIGKILL), 0);
	int status = wait_exit(pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	same_outputs(before, out);
	/* The next run completes: no lock left over, and the hanging worker went with its
	 * parent (a worker still alive would keep the run below from finding its way). */
	char *hang = join(in, "zz-hang.txt");
	unlink(hang);
	/* What a run killed while writing would leave: a temporary output never renamed. */
	put(out, ".casebook.json.Ab12Cd", "{\"cut\": ");
	char *stale = join(out, ".casebook.json.Ab12Cd");
	r = CLI("build", in, "-o", out);
	expect(&r, 0, "3 inputs: 3 ok", NULL);
	run_free(&r);
	same_outputs(before, out);
	assert_int_equal(access(stale, F_OK), -1);
	free(stale);
	free(err);
	free(hang);
	free(plugins);
	free(before);
	free(out);
	free(in);
	free(dir);
}

static void ctrl_c_stops_with_a_partial_report(void **state)
{
	char *dir = cbt_tmpdir("batch-sigint"), *in = make_inputs(dir), *out = join(dir, "out");
	char *before = join(dir, "before"), *plugins = plugin_dir();
	run r = CLI("build", in, "-o", before);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	r = CLI("build", in, "-o", out);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	put(in, "zz-hang.txt", "CASEBOOK-TEST-HANG\n");
	char *err = join(dir, "stderr");
	pid_t pid = spawn(err, (const char *const[]){"build", "--plugin-dir", plugins, "-j1",
	                                             "--timeout", "60", "--progress=always", in,
	                                             "-o", out, NULL});
	wait_for_progress(err, "3/4");
	time_t start = time(NULL);
	assert_int_equal(kill(pid, SIGINT), 0);
	int status = wait_exit(pid);
	assert_true(time(NULL) - start < 5);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 130);
	/* The outputs of the last complete run are untouched; the partial report is beside them. */
	assert_int_equal(outputs(before, out) + 2, outputs(out, NULL));
	char *p = join(out, "report.partial.json");
	char *partial = cbt_read_file(p, NULL);
	assert_non_null(partial);
	assert_non_null(strstr(partial, "not read: the build was interrupted"));
	assert_non_null(strstr(partial, "zz-hang.txt"));
	assert_non_null(strstr(partial, "\"ok\": 3"));
	free(partial);
	/* A complete run takes the partial report away. */
	char *hang = join(in, "zz-hang.txt");
	unlink(hang);
	r = CLI("build", in, "-o", out);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	assert_int_equal(access(p, F_OK), -1);
	free(hang);
	free(p);
	free(err);
	free(plugins);
	free(before);
	free(out);
	free(in);
	free(dir);
}

static void a_second_run_is_locked_out(void **state)
{
	char *dir = cbt_tmpdir("batch-lock"), *in = make_inputs(dir), *out = join(dir, "out");
	assert_int_equal(mkdir(out, 0777), 0);
	char *lock = join(out, ".casebook.lock");
	int fd = open(lock, O_RDWR | O_CREAT, 0666);
	assert_true(fd >= 0);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	assert_int_equal(fcntl(fd, F_SETLK, &fl), 0);
	run r = CLI("build", in, "-o", out);
	char holder[64];
	snprintf(holder, sizeof holder, "in use by another casebook run (process %ld)",
	         (long)getpid());
	expect(&r, 2, NULL, holder);
	run_free(&r);
	char *book = join(out, "casebook.json");
	assert_int_equal(access(book, F_OK), -1); /* nothing was done */
	/* Released, the same lock file left behind does not block. */
	close(fd);
	r = CLI("build", in, "-o", out);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	free(book);
	free(lock);
	free(out);
	free(in);
	free(dir);
}

/* --- the cache ---------------------------------------------------------------------------- */

/* Whether any file under dir holds text. */
static bool any_file_holds(const char *dir, const char *text)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	while (d && !found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = join(dir, e->d_name);
		size_t len;
		char *data = cbt_read_file(p, &len);
		found = data && memmem(data, len, text, strlen(text)) != NULL;
		free(data);
		free(p);
	}
	if (d)
		closedir(d);
	return found;
}

static void a_second_run_reads_nothing(void **state)
{
	char *dir = cbt_tmpdir("batch-cache"), *in = make_inputs(dir), *out = join(dir, "out");
	char *first = join(dir, "first");
	run r = CLI("build", in, "-o", first);
	expect(&r, 0, "3 read, 0 from the cache", NULL);
	run_free(&r);
	r = CLI("build", in, "-o", out);
	expect(&r, 0, "3 read, 0 from the cache", NULL);
	run_free(&r);
	assert_int_equal(cache_entries(out), 3);
	/* No reader runs the second time: every result comes from the cache, and the
	 * casebook is the same bytes. */
	r = CLI("build", in, "-o", out);
	expect(&r, 0, "0 read, 3 from the cache", NULL);
	run_free(&r);
	same_outputs(first, out);
	/* The cache holds nothing readable: no name, no school, no text of a submission. */
	char *cache = join(out, ".casebook-cache");
	const char *secrets[] = {"김민준", "빛고을초등학교", "도움을 요청", "cbxml", "case-"};
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
		if (any_file_holds(cache, secrets[i]))
			fail_msg("the cache holds '%s' in clear", secrets[i]);
	/* One file changed: only it is read again. */
	put_submission(in, "b.txt", "무등중학교", "진로 탐색 2", "이서연");
	r = CLI("build", in, "-o", out);
	expect(&r, 0, "1 read, 2 from the cache", NULL);
	run_free(&r);
	assert_int_equal(cache_entries(out), 3); /* the old entry of b.txt went */
	/* --no-cache reads everything, and leaves the cache alone. */
	r = CLI("build", "--no-cache", in, "-o", out);
	expect(&r, 0, "3 read, 0 from the cache", NULL);
	run_free(&r);
	assert_int_equal(cache_entries(out), 3);
	free(cache);
	free(first);
	free(out);
	free(in);
	free(dir);
}

static void a_damaged_cache_entry_is_read_again(void **state)
{
	char *dir = cbt_tmpdir("batch-damage"), *in = make_inputs(dir), *out = join(dir, "out");
	char *first = join(dir, "first");
	run r = CLI("build", in, "-o", first);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	r = CLI("build", in, "-o", out);
	expect(&r, 0, NULL, NULL);
	run_free(&r);
	/* One entry with a byte flipped in the middle, one cut short. */
	char *cache = join(out, ".casebook-cache");
	DIR *d = opendir(cache);
	assert_non_null(d);
	struct dirent *e;
	int damaged = 0;
	while ((e = readdir(d)) && damaged < 2) {
		if (e->d_name[0] == '.')
			continue;
		char *p = join(cache, e->d_name);
		size_t len;
		char *data = cbt_read_file(p, &len);
		assert_non_null(data);
		if (damaged == 0)
			data[len / 2] ^= 0x20;
		else
			len -= 5;
		assert_true(cbt_write_file(p, data, len));
		free(data);
		free(p);
		damaged++;
	}
	closedir(d);
	r = CLI("build", "-v", in, "-o", out);
	expect(&r, 0, "2 read, 1 from the cache (2 damaged entries read again)",
	       "its cache entry was damaged; read again");
	run_free(&r);
	same_outputs(first, out);
	r = CLI("build", in, "-o", out);
	expect(&r, 0, "0 read, 3 from the cache", NULL);
	run_free(&r);
	free(cache);
	free(first);
	free(out);
	free(in);
	free(dir);
}

/* --- determinism and shards --------------------------------------------------------------- */

/* The build of in/ written by this process with the library alone (no workers). */
static void build_in_process(const char *in, const char *out)
{
	cb_context *ctx = cbt_context();
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(NULL, d);
	assert_non_null(p);
	const char *inputs[] = {in};
	cb_build *b = cb_build_run(ctx, p, inputs, 1, 0, d);
	assert_non_null(b);
	assert_int_equal(cb_build_write(ctx, b, out, d), CB_OK);
	cb_build_free(b);
	cb_profile_free(p);
	cb_diags_free(d);
	cb_context_free(ctx);
}

static void the_same_bytes_whatever_jobs_and_order(void **state)
{
	char *dir = cbt_tmpdir("batch-determinism"), *in = make_inputs(dir);
	/* A duplicate and a failure, so that the order of the inputs matters to the report. */
	char *a = join(in, "a.txt"), *b = join(in, "b.txt"), *c = join(in, "sub/c.txt");
	char *copy = join(in, "sub/a-again.txt"), *bad = join(in, "notes.txt");
	char *text = cbt_read_file(a, NULL);
	put(in, "sub/a-again.txt", text);
	put(in, "notes.txt", "회의록\n급식 일정을 논의하였다.\n");
	free(text);
	const char *outs[] = {"j1", "j2", "j3-reversed", "in-process"};
	char *o[4];
	for (int i = 0; i < 4; i++)
		o[i] = join(dir, outs[i]);
	run r = CLI("build", "-j1", "--no-cache", in, "-o", o[0]);
	expect(&r, 1, "5 inputs: 3 ok, 0 warning, 1 failed, 1 duplicate", NULL);
	run_free(&r);
	r = CLI("build", "-j2", "--no-cache", in, "-o", o[1]);
	expect(&r, 1, NULL, NULL);
	run_free(&r);
	r = CLI("build", "-j3", "--no-cache", bad, copy, c, b, a, "-o", o[2]);
	expect(&r, 1, NULL, NULL);
	run_free(&r);
	same_outputs(o[0], o[1]);
	same_outputs(o[0], o[2]);
	/* Workers send each case as cbxml and the parent restores it: the same bytes as the
	 * library in one process (its four outputs; publishing is the command's). */
	build_in_process(in, o[3]);
	const char *files[] = {"casebook.json", "casebook.xml", "report.json", "report.txt"};
	for (size_t i = 0; i < 4; i++) {
		char *x = join(o[0], files[i]), *y = join(o[3], files[i]);
		if (!same_file(x, y))
			fail_msg("%s differs between workers and one process", files[i]);
		free(x);
		free(y);
	}
	for (int i = 0; i < 4; i++)
		free(o[i]);
	free(copy);
	free(bad);
	free(a);
	free(b);
	free(c);
	free(in);
	free(dir);
}

static void shards_assemble_into_a_single_run(void **state)
{
	char *dir = cbt_tmpdir("batch-shards"), *in = make_inputs(dir);
	for (int i = 0; i < 9; i++) {
		char name[32], school[64], title[64];
		snprintf(name, sizeof name, "more-%d.txt", i);
		snprintf(school, sizeof school, "%s%d초등학교", i % 2 ? "동림" : "문산", i);
		snprintf(title, sizeof title, "함께하는 배움 %d", i);
		put_submission(in, name, school, title, i % 3 ? "정하람" : "최수아");
	}
	put(in, ".hidden", "x");
	char *single = join(dir, "single"), *all = join(dir, "all");
	run r = CLI("build", in, "-o", single);
	expect(&r, 0, "13 inputs: 12 ok", NULL);
	run_free(&r);
	char *shard[3];
	for (int k = 0; k < 3; k++) {
		char name[32], spec[32];
		snprintf(name, sizeof name, "shard%d", k + 1);
		snprintf(spec, sizeof spec, "%d/3", k + 1);
		shard[k] = join(dir, name);
		r = CLI("build", "--shard", spec, in, "-o", shard[k]);
		expect(&r, 0, "shard written to", NULL);
		run_free(&r);
		char *file = join(shard[k], "casebook.shard");
		struct stat st;
		assert_int_equal(stat(file, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600); /* not masked yet: the owner's only */
		free(file);
	}
	r = CLI("assemble", shard[2], shard[0], shard[1], "-o", all);
	expect(&r, 0, "3 shards, 13 inputs: 12 cases written", NULL);
	run_free(&r);
	same_outputs(single, all);
	/* A missing or repeated shard is refused. */
	char *bad = join(dir, "bad");
	r = CLI("assemble", shard[0], shard[2], "-o", bad);
	expect(&r, 2, NULL, "shard 2 of 3 is missing");
	run_free(&r);
	r = CLI("assemble", shard[0], shard[0], shard[1], shard[2], "-o", bad);
	expect(&r, 2, NULL, "shard 1 of 3 is given twice");
	run_free(&r);
	for (int k = 0; k < 3; k++)
		free(shard[k]);
	free(bad);
	free(single);
	free(all);
	free(in);
	free(dir);
}

/* --- what the command shows --------------------------------------------------------------- */

/* The writers that take a casebook a case at a time give the bytes their whole-document write
 * gives: one batch's build (whose cases wait on disk) written through the plugins as loaded,
 * and again through copies of them without their stream. */
static void streamed_outputs_are_the_whole_documents(void **state)
{
	char *dir = cbt_tmpdir("batch-stream"), *streamed = join(dir, "streamed");
	char *whole = join(dir, "whole"), *in = cbt_src_path("examples/submissions");
	cb_context *ctx = cbt_context(), *plain = cb_context_new();
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(NULL, d);
	assert_non_null(p);
	size_t n = cb_context_plugin_count(ctx), streams = 0;
	cb_plugin_descriptor *copies = calloc(n, sizeof *copies);
	assert_non_null(copies);
	for (size_t i = 0; i < n; i++) {
		copies[i] = *cb_plugin_get_descriptor(cb_context_plugin_at(ctx, i));
		streams += copies[i].stream != NULL;
		copies[i].stream = NULL;
		assert_int_equal(cb_context_register(plain, &copies[i], d), CB_OK);
	}
	const char *streaming[] = {"cbxml", "html", "csv", "docx", "hwpx", "markdown"};
	for (size_t i = 0; i < sizeof streaming / sizeof *streaming; i++) {
		const cb_plugin *w = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, streaming[i]);
		assert_non_null(w);
		if (!cb_plugin_get_descriptor(w)->stream)
			fail_msg("the %s writer does not stream", streaming[i]);
	}
	assert_true(streams >= sizeof streaming / sizeof *streaming);
	cb_batch *bt = cb_batch_open(streamed, d);
	assert_non_null(bt);
	cb_batch_set_jobs(bt, 2);
	cb_batch_set_cache(bt, false);
	const char *inputs[] = {in};
	cb_build *b = cb_batch_run(bt, ctx, p, inputs, 1, 0, d);
	assert_non_null(b);
	assert_true(cb_build_case_count(b) > 10);
	const char *all = "html,docx,hwpx,md,csv";
	assert_int_equal(cb_build_write(ctx, b, streamed, d), CB_OK);
	assert_int_equal(cb_build_publish(ctx, b, streamed, all, d), CB_OK);
	assert_int_equal(cb_build_write(plain, b, whole, d), CB_OK);
	assert_int_equal(cb_build_publish(plain, b, whole, all, d), CB_OK);
	assert_int_equal(outputs(streamed, whole), 9);
	assert_int_equal(outputs(whole, NULL), 9);
	/* A case read back from the spool is the case: its id is the report's. */
	for (size_t i = 0; i < cb_build_case_count(b); i++)
		assert_non_null(cb_case_get(cb_build_case_at(b, i), "id"));
	cb_build_free(b);
	cb_batch_free(bt);
	cb_profile_free(p);
	cb_diags_free(d);
	cb_context_free(plain);
	cb_context_free(ctx);
	free(copies);
	free(in);
	free(whole);
	free(streamed);
	free(dir);
}

/* A csv writer whose stream writes a little, then refuses the first case. */
static cb_code refusing_begin(const cb_document *head, cb_output *out, void **state)
{
	(void)head;
	*state = NULL;
	return cb_output_puts(out, "half an index\r\n") == 0 ? CB_OK : CB_E_WRITE;
}

static cb_code refusing_add(void *state, const cb_node *division, cb_output *out)
{
	(void)state;
	(void)division;
	cb_output_report(out, CB_SEV_ERROR, CB_E_WRITE, "this writer refuses every case");
	return CB_E_WRITE;
}

static cb_code refusing_end(void *state, cb_output *out)
{
	(void)state;
	(void)out;
	return CB_OK;
}

static int cancelled;
static void refusing_cancel(void *state)
{
	(void)state;
	cancelled++;
}

static cb_code refusing_write(const cb_document *doc, cb_output *out)
{
	(void)doc;
	(void)out;
	return CB_OK;
}

static const cb_write_stream refusing_stream = {sizeof(cb_write_stream), refusing_begin,
                                                refusing_add, refusing_end, refusing_cancel};
static const char *const refusing_extensions[] = {"csv", NULL};
static const cb_plugin_descriptor refusing_csv = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "csv",
	.version = "1",
	.licence = "MIT",
	.summary = "refuses every case",
	.kind = CB_PLUGIN_WRITER,
	.extensions = refusing_extensions,
	.write = refusing_write,
	.stream = &refusing_stream,
};

/* A stream that fails halfway leaves the last output as it was, and no temporary file. */
static void a_failed_stream_leaves_the_last_output(void **state)
{
	char *dir = cbt_tmpdir("batch-stream-fails"), *out = join(dir, "out");
	char *in = cbt_src_path("examples/submissions"), *index = join(out, "index.csv");
	cb_context *ctx = cbt_context(), *refusing = cb_context_new();
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(NULL, d);
	assert_non_null(p);
	assert_int_equal(cb_context_register(refusing, &refusing_csv, d), CB_OK);
	cb_batch *bt = cb_batch_open(out, d);
	assert_non_null(bt);
	cb_batch_set_cache(bt, false);
	const char *inputs[] = {in};
	cb_build *b = cb_batch_run(bt, ctx, p, inputs, 1, 0, d);
	assert_non_null(b);
	assert_int_equal(cb_build_publish(ctx, b, out, "csv", d), CB_OK);
	size_t before_len, after_len;
	char *before = cbt_read_file(index, &before_len);
	assert_non_null(before);
	assert_int_equal(cb_build_publish(refusing, b, out, "csv", d), CB_E_WRITE);
	assert_true(cbt_has_diag(d, CB_E_WRITE, "refuses every case"));
	assert_int_equal(cancelled, 1);
	char *after = cbt_read_file(index, &after_len);
	assert_non_null(after);
	assert_true(before_len == after_len && memcmp(before, after, before_len) == 0);
	DIR *od = opendir(out);
	assert_non_null(od);
	for (struct dirent *e; (e = readdir(od));)
		if (strncmp(e->d_name, ".index.csv.", 11) == 0)
			fail_msg("a temporary file was left: %s", e->d_name);
	closedir(od);
	free(before);
	free(after);
	cb_build_free(b);
	cb_batch_free(bt);
	cb_profile_free(p);
	cb_diags_free(d);
	cb_context_free(refusing);
	cb_context_free(ctx);
	free(index);
	free(in);
	free(out);
	free(dir);
}

/* COUNT submissions in dir made from the UTF-8 text examples, each with its school renamed (the
 * k-th copy of 동림초등학교 is 동림k초등학교), so that none repeats another. */
static void make_copies(const char *dir, size_t count)
{
	static const char *const examples[] = {"동림초등학교_사례.txt", "빛고을초등학교_사례.txt"};
	static const char *const schools[] = {"동림초등학교", "빛고을초등학교"};
	assert_int_equal(mkdir(dir, 0777), 0);
	for (size_t i = 0; i < count; i++) {
		size_t e = i % 2, k = i / 2;
		char *path, *text, name[64], school[64];
		assert_true(asprintf(&path, "examples/submissions/%s", examples[e]) > 0);
		char *src = cbt_src_path(path);
		free(path);
		text = cbt_read_file(src, NULL);
		assert_non_null(text);
		free(src);
		size_t stem = strlen(schools[e]) - strlen("초등학교");
		snprintf(school, sizeof school, "%.*s%zu초등학교", (int)stem, schools[e], k);
		size_t len = strlen(schools[e]);
		char *out = NULL;
		size_t outlen = 0;
		FILE *f = open_memstream(&out, &outlen);
		assert_non_null(f);
		for (const char *s = text; *s;) {
			if (strncmp(s, schools[e], len) == 0) {
				fputs(school, f);
				s += len;
			} else {
				fputc(*s++, f);
			}
		}
		fclose(f);
		snprintf(name, sizeof name, "%04zu.txt", i);
		put(dir, name, out);
		free(out);
		free(text);
	}
}

/* The command's peak memory in MB, as -v prints it, for a build of count inputs. */
static double parent_peak(const char *dir, size_t count)
{
	char name[32];
	snprintf(name, sizeof name, "in-%zu", count);
	char *in = join(dir, name), *out;
	snprintf(name, sizeof name, "out-%zu", count);
	out = join(dir, name);
	make_copies(in, count);
	run r = CLI("build", "-v", "-j2", "--no-cache", "--progress=never", in, "-o", out);
	expect(&r, 0, "peak memory: ", NULL);
	const char *at = strstr(r.out, "peak memory: ");
	double mb = strtod(at + strlen("peak memory: "), NULL);
	run_free(&r);
	free(in);
	free(out);
	return mb;
}

/* The command holds an index entry per case, not the case: its peak memory grows by a little
 * per input, not by the size of the cases (it grew by about 25 KB a case when it held them all
 * and built the casebook in memory). The bound is generous; what it catches is kilobytes. */
static void the_parent_memory_stays_flat(void **state)
{
	/* AddressSanitizer keeps freed memory in quarantine: the process grows with what it ever
	 * allocated, which is what this test must not measure. */
	if (!cb_batch_memory_limited())
		skip();
	char *dir = cbt_tmpdir("batch-memory");
	double small = parent_peak(dir, 100), large = parent_peak(dir, 900);
	double per_case_kb = (large - small) * 1024 / 800;
	if (per_case_kb > 6)
		fail_msg("the parent's peak memory grew from %.1f MB to %.1f MB, %.1f KB per case",
		         small, large, per_case_kb);
	free(dir);
}

static void a_progress_bar_only_on_a_terminal_or_on_request(void **state)
{
	char *dir = cbt_tmpdir("batch-progress"), *in = make_inputs(dir), *out = join(dir, "out");
	run r = CLI("build", in, "-o", out); /* standard error is a pipe here */
	expect(&r, 0, "slowest:", NULL);
	assert_null(strchr(r.err, '\r'));
	run_free(&r);
	r = CLI("build", "--progress=always", "--no-cache", in, "-o", out);
	expect(&r, 0, NULL, "3/3  0 failed");
	assert_non_null(strstr(r.err, "\r["));
	assert_non_null(strstr(r.err, "elapsed"));
	run_free(&r);
	r = CLI("build", "--progress=always", "-q", in, "-o", out);
	expect(&r, 0, NULL, NULL);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out, "");
	run_free(&r);
	r = CLI("build", "--progress=sometimes", in, "-o", out);
	expect(&r, 2, NULL, "--progress=sometimes: expected auto, always or never");
	run_free(&r);
	r = CLI("build", "-j", "0", in, "-o", out);
	expect(&r, 2, NULL, "-j 0: expected a number of worker processes");
	run_free(&r);
	r = CLI("build", "--shard", "3/2", in, "-o", out);
	expect(&r, 2, NULL, "--shard 3/2: expected K/N");
	run_free(&r);
	free(out);
	free(in);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_crash_costs_only_that_file),
		cmocka_unit_test(a_hang_is_killed_at_the_timeout),
		cmocka_unit_test(the_memory_limit_costs_only_that_file),
		cmocka_unit_test(kill_9_leaves_the_last_outputs),
		cmocka_unit_test(ctrl_c_stops_with_a_partial_report),
		cmocka_unit_test(a_second_run_is_locked_out),
		cmocka_unit_test(a_second_run_reads_nothing),
		cmocka_unit_test(a_damaged_cache_entry_is_read_again),
		cmocka_unit_test(the_same_bytes_whatever_jobs_and_order),
		cmocka_unit_test(shards_assemble_into_a_single_run),
		cmocka_unit_test(a_progress_bar_only_on_a_terminal_or_on_request),
		cmocka_unit_test(streamed_outputs_are_the_whole_documents),
		cmocka_unit_test(a_failed_stream_leaves_the_last_output),
		cmocka_unit_test(the_parent_memory_stays_flat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
