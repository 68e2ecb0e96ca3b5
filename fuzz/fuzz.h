/* What the fuzz targets share. Each target is a libFuzzer program (LLVMFuzzerTestOneInput) built
 * by `make fuzz` with clang and -fsanitize=fuzzer,address,undefined; see fuzz/README.md. */
#ifndef CB_FUZZ_H
#define CB_FUZZ_H

#include <casebook/casebook.h>

#include <stddef.h>
#include <stdint.h>

/* A context with every plugin of the fuzz build loaded and limits lowered so that one input
 * cannot take seconds: found through CASEBOOK_PLUGIN_PATH, else beside the program
 * (argv0/../plugins/.libs). Exits when no reader is found: a target fuzzing nothing would pass. */
cb_context *cbf_context(const char *argv0);

/* Aborts, printing why, when a read broke the library's promises: a document and no error, or
 * an error and a document; a tree that fails cb_conformance_validate; a writer that fails on
 * a valid tree; a cbxml round trip that changes the tree. doc may be NULL (a failed read). */
void cbf_check_read(cb_context *ctx, const cb_document *doc, const cb_diags *diags,
                    const char *what);

/* Prints a message and aborts: libFuzzer then saves the input as a crash. */
void cbf_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
