/* A mutator for ZIP-based formats (DOCX, HWPX, ODT). Byte flips in a deflated entry mostly break
 * its CRC or its deflate stream, so the XML inside would hardly ever be fuzzed. This mutator
 * opens the archive, mutates one entry's uncompressed bytes with libFuzzer's own mutator (or
 * renames, drops or duplicates an entry), and writes the archive again: the changed entry
 * stored, the others copied still compressed. Inputs that are not archives, and one mutation in
 * four, get libFuzzer's plain byte mutations, so the ZIP layer is fuzzed as well. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* Weak: outside libFuzzer (fuzz/standalone.c) nothing mutates, and nothing calls this file. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* The biggest entry worth mutating in memory. */
#define ENTRY_MAX (4u << 20)

/* xorshift: the mutation must follow from the seed alone. */
static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Where the markup is: XML parts are mutated far more often than pictures. */
static bool is_markup(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	return dot && (!strcmp(dot, ".xml") || !strcmp(dot, ".rels") || !strcmp(dot, ".hpf") ||
	               !strcmp(dot, ".rdf"));
}

/* Names a renamed or duplicated entry may get: the ones readers look for, and hostile ones. */
static const char *const names[] = {
	"word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml",
	"word/_rels/document.xml.rels", "_rels/.rels", "[Content_Types].xml",
	"Contents/section0.xml", "Contents/section1.xml", "Contents/header.xml",
	"Contents/content.hpf", "META-INF/manifest.xml", "mimetype", "content.xml", "styles.xml",
	"meta.xml", "../../escape.xml", "/etc/absolute.xml", "word/media/../../../x.png",
	"word/media/image1.png", "BinData/image1.png", "Pictures/a.png",
};

static unsigned char *read_entry(zip_t *za, zip_uint64_t i, size_t *len)
{
	zip_stat_t st;
	if (zip_stat_index(za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > ENTRY_MAX)
		return NULL;
	zip_file_t *f = zip_fopen_index(za, i, 0);
	unsigned char *buf = f ? malloc(st.size + 1) : NULL;
	zip_int64_t n = buf ? zip_fread(f, buf, st.size) : -1;
	if (f)
		zip_fclose(f);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

/* Rewrites the archive with entry `victim` changed as `how` says. 0 when that failed. */
static size_t rewrite(uint8_t *data, size_t size, size_t max_size, uint32_t *rng)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, size, 0, &err);
	zip_t *in = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (!in) {
		zip_source_free(src);
		zip_error_fini(&err);
		return 0;
	}
	zip_int64_t n = zip_get_num_entries(in, 0);
	size_t result = 0;
	zip_source_t *dst = NULL;
	zip_t *out = NULL;
	unsigned char *mutated = NULL;
	if (n <= 0 || n > 4096)
		goto done;
	/* The victim: a markup entry nine times in ten, when there is one. */
	zip_int64_t victim = (zip_int64_t)(next(rng) % (uint32_t)n);
	if (next(rng) % 10) {
		for (zip_int64_t k = 0; k < n; k++) {
			zip_int64_t j = (victim + k) % n;
			if (is_markup(zip_get_name(in, (zip_uint64_t)j, ZIP_FL_ENC_RAW))) {
				victim = j;
				break;
			}
		}
	}
	unsigned how = next(rng) % 16; /* 0: drop, 1: rename, 2: duplicate, else: mutate */
	size_t len = 0;
	if (how >= 2) {
		mutated = read_entry(in, (zip_uint64_t)victim, &len);
		if (!mutated)
			goto done;
		size_t cap = len + 4096 < max_size ? len + 4096 : max_size;
		if (cap < len || cap == 0)
			goto done;
		unsigned char *grown = realloc(mutated, cap);
		if (!grown)
			goto done;
		mutated = grown;
		len = LLVMFuzzerMutate(mutated, len, cap);
	}
	if (!(dst = zip_source_buffer_create(NULL, 0, 0, &err)))
		goto done;
	zip_source_keep(dst);
	if (!(out = zip_open_from_source(dst, ZIP_TRUNCATE, &err)))
		goto done;
	const char *new_name = names[next(rng) % (sizeof names / sizeof *names)];
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(in, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (!name)
			goto done;
		zip_source_t *s;
		if (i == victim && how == 0)
			continue;
		if (i == victim && how >= 2)
			s = zip_source_buffer(out, mutated, len, 0);
		else
			s = zip_source_zip(out, in, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
		if (i == victim && how == 1)
			name = new_name;
		zip_int64_t at = s ? zip_file_add(out, name, s, ZIP_FL_ENC_RAW | ZIP_FL_OVERWRITE) : -1;
		if (at < 0) {
			zip_source_free(s);
			goto done;
		}
		if (i == victim && how >= 2)
			zip_set_file_compression(out, (zip_uint64_t)at, ZIP_CM_STORE, 0);
		if (i == victim && how == 2) {
			s = zip_source_zip(out, in, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
			if (!s || zip_file_add(out, new_name, s, ZIP_FL_ENC_RAW | ZIP_FL_OVERWRITE) < 0) {
				zip_source_free(s);
				goto done;
			}
		}
	}
	int closed = zip_close(out);
	if (closed != 0)
		goto done;
	out = NULL;
	zip_stat_t st;
	if (zip_source_stat(dst, &st) != 0 || st.size > max_size || zip_source_open(dst) != 0)
		goto done;
	zip_int64_t got = zip_source_read(dst, data, st.size);
	zip_source_close(dst);
	if (got == (zip_int64_t)st.size)
		result = (size_t)got;
done:
	if (out)
		zip_discard(out);
	if (dst)
		zip_source_free(dst);
	zip_discard(in);
	free(mutated);
	zip_error_fini(&err);
	return result;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	uint32_t rng = seed ? seed : 1;
	if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0 && next(&rng) % 4) {
		/* Work on a copy: a failed rewrite must leave the input as it was. */
		uint8_t *copy = malloc(max_size);
		if (copy) {
			memcpy(copy, data, size);
			size_t n = rewrite(copy, size, max_size, &rng);
			if (n)
				memcpy(data, copy, n);
			free(copy);
			if (n)
				return n;
		}
	}
	return LLVMFuzzerMutate(data, size, max_size);
}
