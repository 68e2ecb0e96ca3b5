/* casebook's XML scanner against libxml2's pull reader over the same bytes: each XML file named is
 * read into memory, then read through libxml2's reader (xmlReaderForMemory, casebook's options,
 * nothing done with the nodes, as bench/floor does) and through the scanner (fed from memory in
 * 64 KB pulls, as a container feeds it), the whole set RUNS times per round, best of five
 * rounds. Prints both rates and how many times faster the scanner is. Files the scanner would
 * not take (cbi_xmlscan_accepts) are left out.
 *
 * Usage: xmlscan [-n RUNS] FILE...   (make bench/xmlscan; RUNS defaults to 10) */
#include "config.h"

#include "xmlscan.h"

#include <libxml/xmlreader.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OPTIONS                                                                                   \
	(XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_HUGE |                  \
	 XML_PARSE_BIG_LINES)

struct file {
	char *data;
	size_t len;
};

struct feed {
	const struct file *f;
	size_t at;
};

static ssize_t pull(void *ctx, char *buf, size_t len)
{
	struct feed *feed = ctx;
	size_t n = feed->f->len - feed->at;
	if (n > len)
		n = len;
	if (n > 65536)
		n = 65536;
	memcpy(buf, feed->f->data + feed->at, n);
	feed->at += n;
	return (ssize_t)n;
}

static void quiet(void *ctx, xmlErrorPtr err) { (void)ctx, (void)err; }

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool slurp(const char *path, struct file *f)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return false;
	size_t cap = 1 << 16;
	f->data = malloc(cap);
	f->len = 0;
	size_t n;
	while (f->data && (n = fread(f->data + f->len, 1, cap - f->len, in)) > 0)
		if ((f->len += n) == cap) {
			char *grown = realloc(f->data, cap *= 2);
			if (!grown)
				free(f->data);
			f->data = grown;
		}
	fclose(in);
	return f->data != NULL;
}

/* One pass over every file by libxml2's reader: its nodes. */
static long by_libxml2(const struct file *files, size_t n)
{
	long nodes = 0;
	for (size_t i = 0; i < n; i++) {
		xmlTextReaderPtr r =
			xmlReaderForMemory(files[i].data, (int)files[i].len, NULL, NULL, OPTIONS);
		xmlTextReaderSetStructuredErrorHandler(r, quiet, NULL);
		while (xmlTextReaderRead(r) == 1)
			nodes++;
		xmlFreeTextReader(r);
	}
	return nodes;
}

/* One pass over every file by the scanner: its nodes. */
static long by_scanner(const struct file *files, size_t n)
{
	long nodes = 0;
	for (size_t i = 0; i < n; i++) {
		size_t head = files[i].len < 4096 ? files[i].len : 4096;
		struct feed feed = {&files[i], head};
		cbi_xmlscan *s = cbi_xmlscan_new(files[i].data, head, pull, &feed, NULL, NULL);
		const cbi_xml_node *node;
		while (s && cbi_xmlscan_next(s, &node) == 1)
			nodes++;
		cbi_xmlscan_free(s);
	}
	return nodes;
}

int main(int argc, char **argv)
{
	int runs = 10, first = 1;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		runs = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc || runs < 1) {
		fprintf(stderr, "usage: xmlscan [-n RUNS] FILE...\n");
		return 2;
	}
	struct file *files = calloc((size_t)argc, sizeof *files);
	size_t n = 0, bytes = 0;
	for (int i = first; i < argc && files; i++) {
		if (!slurp(argv[i], &files[n])) {
			fprintf(stderr, "xmlscan: cannot read %s\n", argv[i]);
			return 1;
		}
		size_t head = files[n].len < 4096 ? files[n].len : 4096;
		if (!cbi_xmlscan_accepts(files[n].data, head)) {
			free(files[n].data);
			continue;
		}
		bytes += files[n++].len;
	}
	double best[2] = {1e30, 1e30};
	long nodes[2] = {0, 0};
	for (int round = 0; round < 5; round++)
		for (int way = 0; way < 2; way++) {
			double t = now();
			for (int k = 0; k < runs; k++)
				nodes[way] = way ? by_scanner(files, n) : by_libxml2(files, n);
			t = now() - t;
			if (t < best[way])
				best[way] = t;
		}
	double mb = (double)bytes * runs / 1e6;
	printf("%zu files, %.1f MB read %d times a round, best of 5 rounds\n", n, (double)bytes / 1e6,
	       runs);
	printf("libxml2's reader: %.3f s, %.1f MB/s (%ld nodes, comments and PIs included)\n",
	       best[0], mb / best[0], nodes[0]);
	printf("the scanner:      %.3f s, %.1f MB/s (%ld nodes)\n", best[1], mb / best[1], nodes[1]);
	printf("the scanner is %.2f times as fast\n", best[0] / best[1]);
	for (size_t i = 0; i < n; i++)
		free(files[i].data);
	free(files);
	return 0;
}
