/* The floor: what reading a DOCX or HWPX costs at the least, for bench/run to measure casebook
 * against. For each file it opens the ZIP, inflates the main XML parts (DOCX: the document,
 * styles, numbering, footnotes and endnotes under word/; HWPX: the header and every section
 * under Contents/) and runs libxml2's pull reader over each, with the options casebook's readers
 * use, touching nothing: no tree, no output. No reader can do less and still read the text.
 *
 * Usage: floor FILE...   Prints the files, parts and bytes of XML read; exits 1 if a file or
 * part could not be read. */
#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static const char *const docx_parts[] = {"word/document.xml", "word/styles.xml",
                                         "word/numbering.xml", "word/footnotes.xml",
                                         "word/endnotes.xml"};

struct part {
	zip_file_t *f;
	unsigned long long bytes;
};

static int read_part(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	zip_int64_t n = zip_fread(p->f, buf, (zip_uint64_t)len);
	if (n > 0)
		p->bytes += (unsigned long long)n;
	return (int)n;
}

static int close_part(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Reads one part through libxml2's reader; its XML bytes, or -1. */
static long long parse(zip_t *z, const char *name)
{
	struct part p = {zip_fopen(z, name, 0), 0};
	if (!p.f)
		return -1;
	xmlTextReaderPtr r = xmlReaderForIO(read_part, close_part, &p, name, NULL,
	                                    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
	                                            XML_PARSE_HUGE | XML_PARSE_BIG_LINES |
	                                            XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int rc = r ? 1 : -1;
	while (rc == 1)
		rc = xmlTextReaderRead(r);
	xmlFreeTextReader(r);
	zip_fclose(p.f);
	return rc == 0 ? (long long)p.bytes : -1;
}

static bool is_section(const char *name)
{
	return strncmp(name, "Contents/section", 16) == 0 && strstr(name + 16, ".xml") &&
	       !strchr(name + 16, '/');
}

int main(int argc, char **argv)
{
	int status = 0;
	unsigned long files = 0, parts = 0;
	unsigned long long bytes = 0;
	for (int i = 1; i < argc; i++) {
		int err;
		zip_t *z = zip_open(argv[i], ZIP_RDONLY, &err);
		if (!z) {
			fprintf(stderr, "floor: %s: not a ZIP archive\n", argv[i]);
			status = 1;
			continue;
		}
		const char *list[64];
		size_t n = 0;
		if (zip_name_locate(z, "word/document.xml", 0) >= 0) {
			for (size_t k = 0; k < sizeof docx_parts / sizeof *docx_parts; k++)
				if (zip_name_locate(z, docx_parts[k], 0) >= 0)
					list[n++] = docx_parts[k];
		} else {
			if (zip_name_locate(z, "Contents/header.xml", 0) >= 0)
				list[n++] = "Contents/header.xml";
			for (zip_int64_t k = 0; k < zip_get_num_entries(z, 0) && n < 64; k++) {
				const char *name = zip_get_name(z, (zip_uint64_t)k, 0);
				if (name && is_section(name))
					list[n++] = name;
			}
		}
		for (size_t k = 0; k < n; k++) {
			long long got = parse(z, list[k]);
			if (got < 0) {
				fprintf(stderr, "floor: %s:%s: cannot be read\n", argv[i], list[k]);
				status = 1;
			} else {
				bytes += (unsigned long long)got;
				parts++;
			}
		}
		zip_discard(z);
		files++;
	}
	printf("floor: %lu files, %lu parts, %llu bytes of XML\n", files, parts, bytes);
	return status;
}
