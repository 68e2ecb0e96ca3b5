/* A main for the fuzz targets outside libFuzzer: runs LLVMFuzzerTestOneInput once on each file
 * named, and on every file of each folder named (in name order). Built this way by the ordinary
 * build, the targets replay tests/regress and the examples in `make check` (tests/regress.sh),
 * under the sanitizers in check-sanitize and under valgrind in check-valgrind. A check that fails
 * aborts, as it does under libFuzzer. */
#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long runs;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 1 << 16, len = 0, n;
	uint8_t *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *grown = realloc(buf, cap *= 2);
			if (!grown)
				free(buf);
			buf = grown;
		}
	}
	bool failed = ferror(f) || !buf;
	fclose(f);
	if (failed) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		return 1;
	}
	/* An exact-size copy, so that a read past the end is caught as it is under libFuzzer. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, len);
	free(buf);
	fprintf(stderr, "run: %s\n", path);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	runs++;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name), status = 0;
	if (n < 0) {
		perror(dir);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char *path;
		struct stat st;
		if (names[i]->d_name[0] != '.' && asprintf(&path, "%s/%s", dir, names[i]->d_name) > 0) {
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				status |= run_file(path);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return status;
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int status = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			status |= run_dir(argv[i]);
		else
			status |= run_file(argv[i]);
	}
	if (!status)
		printf("%s: %lu inputs, every check passed\n", argv[0], runs);
	return status;
}
