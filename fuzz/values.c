/* The value parsers (dates, money, head counts, check-box rows) over arbitrary text, normalised
 * first as the pipeline does, and the normaliser itself. The parsers' results are checked for
 * what their callers rely on: dates are real calendar dates in order, offsets inside the text. */
#include "config.h"

#include "normalise.h"
#include "values.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "fuzz: %s on '%s'\n", what, text);
	abort();
}

static bool valid_date(const char *d)
{
	int y, m, day;
	char tail;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3)
		return false;
	if (m < 1 || m > 12 || day < 1 || day > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && day == 29 && !leap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the default year, as a profile's <year> would. */
	int year = size ? (data[0] % 4 ? 2000 + data[0] : 0) : 0;
	char *text = cbi_normalise((const char *)data + (size ? 1 : 0), size ? size - 1 : 0);
	if (!text)
		return 0;
	cbi_period p;
	if (cbi_parse_period(text, year, &p)) {
		if (!valid_date(p.start) || !valid_date(p.end))
			fail("an impossible date", text);
		if (strcmp(p.start, p.end) > 0) {
			fprintf(stderr, "fuzz: %s .. %s\n", p.start, p.end);
			fail("a period that ends before it starts", text);
		}
	}
	long long won;
	if (cbi_parse_money(text, &won) && won < 0)
		fail("a negative amount", text);
	long count;
	if (cbi_parse_headcount(text, &count) && count < 0)
		fail("a negative head count", text);
	size_t start, end, len = strlen(text);
	if (cbi_checked_choice(text, &start, &end) && (start > end || end > len))
		fail("a choice outside the text", text);
	free(text);
	return 0;
}
