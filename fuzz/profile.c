/* The profile loader over arbitrary bytes: parsing, schema validation, pattern compilation and
 * the catastrophic-backtracking check. A profile that loads is then used, once, to extract a case
 * from a fixed submission, so that its patterns also run against text under the match limits. */
#include "config.h"

#include "fuzz.h"

#include <casebook/build.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];
static cb_context *ctx; /* kept for the process: the sample's reader lives in it */
static cb_document *sample;

/* A small submission with a header table, labelled lines and numbered sections. */
static const char submission[] =
	"학교명: 빛고을초등학교\n사업명: 함께 크는 우리\n영역: 문화·체험\n"
	"대상: 4~6학년 12명\n기간: 2026. 3. 2. ~ 12. 18.\n"
	"예산: 1,200,000원\n담당자: 김교사 (010-1234-5678)\n\n"
	"1. 추진 배경\n민준이는 학교에 자주 늦었다.\n2. 목표\n출석률을 높인다.\n"
	"3. 운영 내용\n아침 모임.\n4. 성과\n지각이 줄었다.\n";

static void remove_profile(void) { unlink(path); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	ctx = cbf_context((*argv)[0]);
	if (!getenv("CASEBOOK_DATA_DIR")) {
		fprintf(stderr, "fuzz: set CASEBOOK_DATA_DIR to the source tree's data/\n");
		exit(2);
	}
	cb_diags *d = cb_diags_new();
	sample = cb_read_memory(ctx, "sample.txt", submission, sizeof submission - 1, "text", d);
	if (!sample) {
		fprintf(stderr, "fuzz: the sample submission does not read\n");
		exit(2);
	}
	cb_diags_free(d);
	/* The loader reads a file: one per process, rewritten for every input. */
	snprintf(path, sizeof path, "/tmp/cb-fuzz-profile-%ld.xml", (long)getpid());
	atexit(remove_profile);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		cbf_fail("cannot write %s", path);
	cb_diags *d = cb_diags_new();
	if (!d)
		return 0;
	cb_profile *p = cb_profile_load(path, d);
	size_t errors = cb_diags_count_at_least(d, CB_SEV_ERROR);
	if (!p && !errors)
		cbf_fail("the profile failed to load without an error saying why");
	if (p && errors)
		cbf_fail("an error was reported, yet the profile loaded");
	for (size_t i = 0; i < cb_diags_count(d); i++)
		if (cb_diag_code(cb_diags_at(d, i)) != CB_E_PROFILE &&
		    cb_diag_code(cb_diags_at(d, i)) != CB_E_NOMEM)
			cbf_fail("a profile problem reported with another code than CB_E_PROFILE");
	if (p) {
		cb_diags_clear(d);
		cb_case *c = cb_case_extract_document(p, sample, "sample.txt", "text", NULL, 0, d);
		if (c) {
			free(cb_case_to_json(c));
			cb_case_free(c);
		}
		cb_profile_free(p);
	}
	cb_diags_free(d);
	return 0;
}
