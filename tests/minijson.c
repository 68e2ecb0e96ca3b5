/* A recursive-descent JSON reader (RFC 8259), for tests only. */
#include "config.h"

#include "minijson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
	const char *s;
	int depth;
} parser;

static void skip(parser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static mj *value(parser *p);

static void put_utf8(char **o, unsigned c)
{
	if (c < 0x80) {
		*(*o)++ = (char)c;
	} else if (c < 0x800) {
		*(*o)++ = (char)(0xC0 | c >> 6);
		*(*o)++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*(*o)++ = (char)(0xE0 | c >> 12);
		*(*o)++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*(*o)++ = (char)(0x80 | (c & 0x3F));
	} else {
		*(*o)++ = (char)(0xF0 | c >> 18);
		*(*o)++ = (char)(0x80 | ((c >> 12) & 0x3F));
		*(*o)++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*(*o)++ = (char)(0x80 | (c & 0x3F));
	}
}

static char *string(parser *p)
{
	if (*p->s != '"')
		return NULL;
	const char *start = ++p->s;
	size_t n = 0;
	while (start[n] && start[n] != '"')
		n += start[n] == '\\' && start[n + 1] ? 2 : 1;
	if (start[n] != '"')
		return NULL;
	char *out = malloc(n + 1), *o = out;
	for (const char *s = start; s < start + n; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'u': {
			unsigned c = 0;
			sscanf(s + 1, "%4x", &c);
			s += 4;
			if (c >= 0xD800 && c < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
				unsigned lo = 0;
				sscanf(s + 3, "%4x", &lo);
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				s += 6;
			}
			put_utf8(&o, c);
			break;
		}
		default: *o++ = *s; break;
		}
	}
	*o = '\0';
	p->s = start + n + 1;
	return out;
}

static mj *node(mj_type t)
{
	mj *v = calloc(1, sizeof *v);
	if (v)
		v->type = t;
	return v;
}

static bool push(mj *v, char *key, mj *item)
{
	mj **items = realloc(v->items, (v->count + 1) * sizeof *items);
	if (!items)
		return false;
	v->items = items;
	if (v->type == MJ_OBJECT) {
		char **keys = realloc(v->keys, (v->count + 1) * sizeof *keys);
		if (!keys)
			return false;
		v->keys = keys;
		v->keys[v->count] = key;
	}
	v->items[v->count++] = item;
	return true;
}

static mj *container(parser *p, bool object)
{
	mj *v = node(object ? MJ_OBJECT : MJ_ARRAY);
	char close = object ? '}' : ']';
	p->s++;
	skip(p);
	if (*p->s == close) {
		p->s++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		skip(p);
		if (object) {
			if (!(key = string(p)))
				goto fail;
			skip(p);
			if (*p->s++ != ':') {
				free(key);
				goto fail;
			}
		}
		mj *item = value(p);
		if (!item || !push(v, key, item)) {
			free(key);
			mj_free(item);
			goto fail;
		}
		skip(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s++ == close)
			return v;
		goto fail;
	}
fail:
	mj_free(v);
	return NULL;
}

static mj *value(parser *p)
{
	if (++p->depth > 64)
		return NULL;
	skip(p);
	mj *v = NULL;
	if (*p->s == '{' || *p->s == '[') {
		v = container(p, *p->s == '{');
	} else if (*p->s == '"') {
		char *s = string(p);
		if (s && (v = node(MJ_STRING)))
			v->string = s;
		else
			free(s);
	} else if (strncmp(p->s, "null", 4) == 0) {
		p->s += 4;
		v = node(MJ_NULL);
	} else if (strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "false", 5) == 0) {
		v = node(MJ_BOOL);
		v->boolean = *p->s == 't';
		p->s += v->boolean ? 4 : 5;
	} else if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9')) {
		char *end;
		double d = strtod(p->s, &end);
		v = node(MJ_NUMBER);
		v->number = d;
		v->string = strndup(p->s, (size_t)(end - p->s));
		p->s = end;
	}
	p->depth--;
	return v;
}

mj *mj_parse(const char *text)
{
	parser p = {text, 0};
	mj *v = value(&p);
	skip(&p);
	if (v && *p.s) {
		mj_free(v);
		return NULL;
	}
	return v;
}

void mj_free(mj *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		mj_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	free(v);
}

const mj *mj_get(const mj *v, const char *key)
{
	if (!v || v->type != MJ_OBJECT)
		return NULL;
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->keys[i], key) == 0)
			return v->items[i];
	return NULL;
}

const mj *mj_at(const mj *v, size_t i)
{
	return v && (v->type == MJ_ARRAY || v->type == MJ_OBJECT) && i < v->count ? v->items[i]
	                                                                            : NULL;
}

const char *mj_text(const mj *v, char *buf, size_t len)
{
	if (!v || v->type == MJ_NULL)
		return NULL;
	if (v->type == MJ_STRING || v->type == MJ_NUMBER)
		return v->string;
	snprintf(buf, len, "%s", v->type == MJ_BOOL ? (v->boolean ? "true" : "false") : "?");
	return buf;
}
