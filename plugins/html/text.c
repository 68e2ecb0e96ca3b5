/* Escaping for the HTML writer. Every string that comes from a document goes through html_text
 * (or html_id, html_lines), in content and in attributes alike: that is what keeps a submission
 * holding markup or script from becoming markup or script. */
#include "config.h"

#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_rawn(html *h, const char *s, size_t len)
{
	if (cb_output_write(h->out, s, len) != 0)
		h->nomem = true;
}

void html_raw(html *h, const char *s) { html_rawn(h, s, strlen(s)); }

void html_printf(html *h, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Callers print numbers and fixed words only: anything longer is a bug, not data. */
	if (n < 0 || (size_t)n >= sizeof buf)
		h->nomem = true;
	else
		html_rawn(h, buf, (size_t)n);
}

void html_text(html *h, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc;
		switch (s[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default: continue;
		}
		html_rawn(h, s + run, i - run);
		html_raw(h, esc);
		run = i + 1;
	}
	html_rawn(h, s + run, len - run);
}

void html_str(html *h, const char *s) { html_text(h, s, strlen(s)); }

void html_lines(html *h, const char *s)
{
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		html_text(h, s, (size_t)(nl - s));
		html_raw(h, "<br>");
	}
	html_str(h, s);
}

void html_id(html *h, const char *prefix, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	html_raw(h, prefix);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		            (*p >= '0' && *p <= '9') || *p == '-';
		char esc[3] = {'_', hex[*p >> 4], hex[*p & 15]};
		if (keep)
			html_rawn(h, (const char *)p, 1);
		else
			html_rawn(h, esc, 3);
	}
}

static bool has_prefix_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (c != *prefix)
			return false;
	}
	return true;
}

bool html_safe_href(const char *target)
{
	/* Browsers skip leading white space and control characters before the scheme, and drop
	 * tabs and line feeds inside it ("java\tscript:"): such targets are never safe here. */
	if (strpbrk(target, "\t\n\r") || (unsigned char)target[0] <= ' ')
		return false;
	if (target[0] == '#')
		return true;
	return has_prefix_nocase(target, "https://") || has_prefix_nocase(target, "http://") ||
	       has_prefix_nocase(target, "mailto:");
}
