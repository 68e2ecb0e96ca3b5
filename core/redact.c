/* Privacy masking. Names are found only in contexts (the profile's), because a bare Korean name
 * looks like any other word; once found, a name is masked everywhere, which is what keeps the
 * masking consistent within a case. Numbers are found by pattern wherever they are. */
#include "config.h"

#include "redact.h"

#include "normalise.h"
#include "strbuf.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Common Korean surnames, compound ones first. Rare surnames that are also the first syllable
 * of everyday words (기초, 국어, 명의, 사업, 부모, 가족, 예산) are left out: a missed rare
 * surname costs less than masking ordinary words, and the profile's contexts still need to
 * match. */
static const char *const compound_surnames[] = {"남궁", "황보", "제갈", "선우", "독고", "사공",
                                                "서문", "동방"};
static const char *const surnames[] = {
	"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권",
	"황", "안", "송", "전", "홍", "유", "류", "고", "문", "양", "손", "배", "백", "허", "남",
	"심", "노", "하", "곽", "성", "차", "주", "우", "구", "나", "민", "진", "지", "엄", "채",
	"원", "천", "방", "공", "현", "함", "변", "염", "여", "추", "도", "소", "석", "선", "설",
	"마", "길", "연", "위", "표", "반", "왕", "금", "옥", "육", "맹", "제", "탁", "은", "편",
	"용", "라", "빈", "견", "두", "피", "봉", "경", "태"};

/* Syllables that end a name's particle: 김민준은, 민준이가. */
static const char *const particles[] = {"은", "는", "이", "가", "을", "를", "의", "와", "과",
                                        "도", "랑", "에", "께", "한", "만", "처", "하", "아",
                                        "야", "님", "씨"};

typedef struct entry {
	char *value; /* the text masked */
	char *mask;  /* what it becomes */
	size_t len;
	uint32_t first; /* its first character: entries are sorted by it, then longest first */
	cbi_pkind kind;
	bool given;   /* a given name alone: masked only where it stands as a name */
	bool counted; /* found by this redactor's own scans */
} entry;

struct cbi_redactor {
	const cb_profile *p;
	bool enabled;
	entry *items;
	size_t count, cap;
	char **keep;
	size_t nkeep;
};

size_t cbi_surname_at(const char *text)
{
	for (size_t i = 0; i < sizeof compound_surnames / sizeof *compound_surnames; i++)
		if (strncmp(text, compound_surnames[i], 6) == 0)
			return 6;
	for (size_t i = 0; i < sizeof surnames / sizeof *surnames; i++)
		if (strncmp(text, surnames[i], 3) == 0)
			return 3;
	return 0;
}

static bool all_syllables(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		if (!cbi_is_syllable(cbi_utf8_next(s, &i)))
			return false;
	}
	return len > 0 && len % 3 == 0;
}

cbi_redactor *cbi_redactor_new(const cb_profile *p, bool enabled)
{
	cbi_redactor *r = calloc(1, sizeof *r);
	if (r) {
		r->p = p;
		r->enabled = enabled;
	}
	return r;
}

void cbi_redactor_free(cbi_redactor *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].value);
		free(r->items[i].mask);
	}
	free(r->items);
	for (size_t i = 0; i < r->nkeep; i++)
		free(r->keep[i]);
	free(r->keep);
	free(r);
}

bool cbi_redactor_enabled(const cbi_redactor *r) { return r->enabled; }

static int entry_order(const entry *a, uint32_t first, size_t len, const char *value)
{
	if (a->first != first)
		return a->first < first ? -1 : 1;
	if (a->len != len)
		return a->len > len ? -1 : 1; /* longest first */
	return memcmp(a->value, value, len);
}

/* Adds an entry, keeping the order; an entry for the same text keeps its first kind. */
static void add(cbi_redactor *r, cbi_pkind kind, const char *value, size_t len, const char *mask,
                bool given, bool counted)
{
	if (!len)
		return;
	size_t i0 = 0;
	uint32_t first = cbi_utf8_next(value, &i0);
	size_t lo = 0, hi = r->count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (entry_order(&r->items[mid], first, len, value) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->count && entry_order(&r->items[lo], first, len, value) == 0) {
		entry *e = &r->items[lo];
		if (counted && !e->counted && e->kind == kind)
			e->counted = true;
		if (!given)
			e->given = false;
		return;
	}
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		entry *grown = realloc(r->items, cap * sizeof *grown);
		if (!grown)
			return;
		r->items = grown;
		r->cap = cap;
	}
	entry e = {cbi_strndup(value, len), strdup(mask), len, first, kind, given, counted};
	if (!e.value || !e.mask) {
		free(e.value);
		free(e.mask);
		return;
	}
	memmove(r->items + lo + 1, r->items + lo, (r->count - lo) * sizeof *r->items);
	r->items[lo] = e;
	r->count++;
}

static bool kept(const cbi_redactor *r, const char *name, size_t len, bool given)
{
	for (size_t i = 0; i < r->nkeep; i++) {
		const char *k = r->keep[i];
		size_t klen = strlen(k);
		if (given) {
			size_t s = cbi_surname_at(k);
			if (klen - s == len && memcmp(k + s, name, len) == 0)
				return true;
		} else if (klen == len && memcmp(k, name, len) == 0) {
			return true;
		}
	}
	return false;
}

void cbi_redactor_keep(cbi_redactor *r, const char *name)
{
	char **grown = realloc(r->keep, (r->nkeep + 1) * sizeof *grown);
	if (!grown)
		return;
	r->keep = grown;
	if ((r->keep[r->nkeep] = strdup(name)))
		r->nkeep++;
}

/* surname + one mask per syllable of the given name: 김민준 -> 김○○. */
static char *full_mask(const cbi_redactor *r, const char *name, size_t len)
{
	size_t s = cbi_surname_at(name);
	cbi_buf b = CBI_BUF_INIT;
	cbi_buf_add(&b, name, s);
	for (size_t i = s; i < len; i += 3)
		cbi_buf_puts(&b, r->p->mask);
	return cbi_buf_steal(&b);
}

static char *given_mask(const cbi_redactor *r, size_t len)
{
	cbi_buf b = CBI_BUF_INIT;
	for (size_t i = 0; i < len; i += 3)
		cbi_buf_puts(&b, r->p->mask);
	return cbi_buf_steal(&b);
}

/* Syllables no given name ends with: particles and the ends of words that follow 학생 (학생
 * 봉사단, 학생 자치회). */
static const char *const never_last[] = {"과", "를", "을", "의", "에", "와", "로", "는", "들",
                                         "께", "단", "회", "님", "씨"};
/* Particles a name may be followed by, which the context cannot tell from a last syllable. */
static const char *const maybe_particle[] = {"이", "가", "은", "도", "만"};

/* Whether cand could end as a name: not with a particle-only syllable, and not as a word of the
 * not-names list followed by a particle (학생 전원이). */
static bool plausible_end(const cbi_redactor *r, const char *cand, size_t len)
{
	const char *last = cand + len - 3;
	for (size_t k = 0; k < sizeof never_last / sizeof *never_last; k++)
		if (memcmp(last, never_last[k], 3) == 0)
			return false;
	for (size_t k = 0; k < sizeof maybe_particle / sizeof *maybe_particle; k++)
		if (memcmp(last, maybe_particle[k], 3) == 0 &&
		    cbi_profile_not_name(r->p, cand, len - 3))
			return false;
	return true;
}

/* A full name found in a context, as typed there: 김민준, 남궁민수, or 김민준은 (the particle
 * joined to it, which the context's pattern cannot tell from a fourth syllable). */
static void add_full(cbi_redactor *r, cbi_pkind kind, const char *cand, size_t len, bool counted)
{
	if (!all_syllables(cand, len))
		return;
	size_t s = cbi_surname_at(cand);
	if (len == 12 && s == 3) {
		for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
			if (memcmp(cand + 9, particles[k], 3) == 0)
				len = 9;
	}
	size_t given = len > s ? (len - s) / 3 : 0;
	if (!s || given < 1 || given > 2 || !plausible_end(r, cand, len))
		return;
	if (cbi_profile_not_name(r->p, cand, len) || kept(r, cand, len, false))
		return;
	char *mask = full_mask(r, cand, len);
	if (!mask)
		return;
	add(r, kind, cand, len, mask, false, counted);
	free(mask);
	/* 민준이가 elsewhere in the case is the same child. One-syllable given names are too common
	 * as words to mask alone. */
	if (given == 2) {
		char *gm = given_mask(r, len - s);
		if (gm)
			add(r, kind, cand + s, len - s, gm, true, false);
		free(gm);
	}
}

static void add_given(cbi_redactor *r, cbi_pkind kind, const char *cand, size_t len)
{
	if (len != 6 || !all_syllables(cand, len) || cbi_profile_not_name(r->p, cand, len) ||
	    kept(r, cand, len, true))
		return;
	char *gm = given_mask(r, len);
	if (gm)
		add(r, kind, cand, len, gm, true, true);
	free(gm);
}

void cbi_redactor_add_name(cbi_redactor *r, cbi_pkind kind, const char *name)
{
	if (r->enabled)
		add_full(r, kind, name, strlen(name), true);
}

static size_t next_start(const char *s, size_t len, size_t from, const cbi_match *m)
{
	size_t next = m->end > from ? m->end : from + 1;
	while (next < len && ((unsigned char)s[next] & 0xC0) == 0x80)
		next++;
	return next;
}

/* Scans one line: a context never spans lines ("□ 성과" over "학생들이 ..." is no name). */
static void scan_line(cbi_redactor *r, const char *text, size_t len)
{
	cbi_match m;
	for (size_t i = 0; i < r->p->nremovals; i++) {
		const cbi_removal *rm = &r->p->removals[i];
		for (size_t from = 0; from <= len && cbi_regex_find(rm->re, text, len, from, &m) == 1;
		     from = next_start(text, len, from, &m))
			add(r, rm->kind, text + m.start, m.end - m.start,
			    rm->replacement ? rm->replacement : "", false, true);
	}
	for (size_t i = 0; i < r->p->nnames; i++) {
		const cbi_name_rule *rule = &r->p->names[i];
		if (rule->group < 0)
			continue;
		for (size_t from = 0; from <= len && cbi_regex_find(rule->re, text, len, from, &m) == 1;
		     from = next_start(text, len, from, &m)) {
			size_t gs = m.group_start[rule->group], ge = m.group_end[rule->group];
			if (gs == (size_t)-1)
				continue;
			if (rule->given)
				add_given(r, rule->kind, text + gs, ge - gs);
			else
				add_full(r, rule->kind, text + gs, ge - gs, true);
		}
	}
}

/* "도현이 어머니" read as a full name 도현이 is the child 이도현's given name with 이: the given
 * name's entry masks it (○○이), so the false full name goes. */
static void drop_given_with_i(cbi_redactor *r)
{
	for (size_t i = 0; i < r->count;) {
		entry *e = &r->items[i];
		bool drop = false;
		if (!e->given && e->kind <= CBI_P_GUARDIAN && e->len == 9 &&
		    memcmp(e->value + 6, "이", 3) == 0) {
			for (size_t k = 0; k < r->count && !drop; k++) {
				const entry *f = &r->items[k];
				size_t s = f->given || k == i ? 0 : cbi_surname_at(f->value);
				drop = s && f->len - s == 6 && memcmp(f->value + s, e->value, 6) == 0;
			}
		}
		if (!drop) {
			i++;
			continue;
		}
		free(e->value);
		free(e->mask);
		memmove(r->items + i, r->items + i + 1, (r->count - i - 1) * sizeof *r->items);
		r->count--;
	}
}

void cbi_redactor_scan(cbi_redactor *r, const char *text)
{
	if (!r->enabled || !text)
		return;
	for (const char *line = text; *line;) {
		size_t n = strcspn(line, "\n");
		char *copy = cbi_strndup(line, n);
		if (copy)
			scan_line(r, copy, n);
		free(copy);
		line += n + (line[n] == '\n');
	}
	drop_given_with_i(r);
}

void cbi_redactor_merge(cbi_redactor *r, const cbi_redactor *other)
{
	for (size_t i = 0; i < other->count; i++) {
		const entry *e = &other->items[i];
		add(r, e->kind, e->value, e->len, e->mask, e->given, false);
	}
}

/* Whether a given name belongs to a full name already found (the same child). */
static bool given_of_known(const cbi_redactor *r, const entry *g)
{
	for (size_t i = 0; i < r->count; i++) {
		const entry *e = &r->items[i];
		size_t s = e->given ? 0 : cbi_surname_at(e->value);
		if (s && e->len - s == g->len && memcmp(e->value + s, g->value, g->len) == 0)
			return true;
	}
	return false;
}

size_t cbi_redactor_count(const cbi_redactor *r, cbi_pkind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < r->count; i++) {
		const entry *e = &r->items[i];
		if (e->counted && e->kind == kind && !(e->given && given_of_known(r, e)))
			n++;
	}
	return n;
}

bool cbi_redactor_item(const cbi_redactor *r, size_t i, cbi_pkind *kind, const char **value,
                       const char **mask, bool *given)
{
	if (i >= r->count)
		return false;
	*kind = r->items[i].kind;
	*value = r->items[i].value;
	*mask = r->items[i].mask;
	*given = r->items[i].given;
	return true;
}

void cbi_redactor_restore(cbi_redactor *r, cbi_pkind kind, const char *value, const char *mask,
                          bool given)
{
	add(r, kind, value, strlen(value), mask, given, false);
}

/* --- masking ------------------------------------------------------------------------------ */

/* Every match of a removal pattern replaced by its replacement text. */
static char *remove_matches(const cbi_removal *rm, const char *s)
{
	cbi_buf b = CBI_BUF_INIT;
	size_t len = strlen(s), from = 0, copied = 0;
	cbi_match m;
	while (from <= len && cbi_regex_find(rm->re, s, len, from, &m) == 1) {
		if (m.end > m.start) {
			cbi_buf_add(&b, s + copied, m.start - copied);
			cbi_buf_puts(&b, rm->replacement ? rm->replacement : "");
			copied = m.end;
		}
		from = next_start(s, len, from, &m);
	}
	cbi_buf_add(&b, s + copied, len - copied);
	return cbi_buf_steal(&b);
}

static bool is_particle_at(const char *s)
{
	for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
		if (strncmp(s, particles[k], 3) == 0)
			return true;
	return false;
}

/* A given name stands as a name when the word starts with it and 이 (or the vocative 아/야)
 * follows, then a particle or the end of the word: 민준이가, 민준이, 민준아. */
static bool given_stands_alone(const char *s, size_t at, size_t len, uint32_t prev)
{
	if (cbi_is_syllable(prev))
		return false;
	const char *after = s + at + len;
	size_t k = 0;
	if (strncmp(after, "이", 3) == 0 || strncmp(after, "아", 3) == 0 ||
	    strncmp(after, "야", 3) == 0)
		k = 3;
	else
		return false;
	if (!after[k])
		return true;
	size_t j = k;
	uint32_t next = cbi_utf8_next(after, &j);
	return !cbi_is_syllable(next) || is_particle_at(after + k) ||
	       strncmp(after + k, "에게", 6) == 0;
}

/* A two-syllable full name (김구) is masked only as a word of its own, since such pairs also
 * begin ordinary words. */
static bool short_name_stands_alone(const char *s, size_t at, size_t len, uint32_t prev)
{
	if (cbi_is_syllable(prev))
		return false;
	const char *after = s + at + len;
	size_t j = 0;
	if (!*after)
		return true;
	uint32_t next = cbi_utf8_next(after, &j);
	return !cbi_is_syllable(next) || is_particle_at(after) || strncmp(after, "학생", 6) == 0 ||
	       strncmp(after, "씨", 3) == 0 || strncmp(after, "님", 3) == 0 ||
	       strncmp(after, "군", 3) == 0 || strncmp(after, "양", 3) == 0;
}

/* The entry matching s at i, if any. */
static const entry *match_at(const cbi_redactor *r, const char *s, size_t i, uint32_t c,
                             uint32_t prev)
{
	size_t lo = 0, hi = r->count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->items[mid].first < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < r->count && r->items[k].first == c; k++) {
		const entry *e = &r->items[k];
		if (strncmp(s + i, e->value, e->len) != 0)
			continue;
		if (e->given ? given_stands_alone(s, i, e->len, prev)
		             : e->len > 6 || e->kind > CBI_P_AUTHOR ||
		                   short_name_stands_alone(s, i, e->len, prev))
			return e;
	}
	return NULL;
}

static char *mask_entries(const cbi_redactor *r, const char *s)
{
	cbi_buf b = CBI_BUF_INIT;
	uint32_t prev = 0;
	for (size_t i = 0; s[i];) {
		size_t next = i;
		uint32_t c = cbi_utf8_next(s, &next);
		const entry *e = match_at(r, s, i, c, prev);
		if (e) {
			cbi_buf_puts(&b, e->mask);
			i += e->len;
			prev = 0x25CB; /* a mask is not a syllable */
			continue;
		}
		cbi_buf_add(&b, s + i, next - i);
		prev = c;
		i = next;
	}
	return cbi_buf_steal(&b);
}

char *cbi_redact(const cbi_redactor *r, const char *text)
{
	if (!r || !r->enabled)
		return strdup(text);
	/* Paths and messages may hold bytes that are not UTF-8; the patterns need UTF-8. */
	size_t len = strlen(text);
	char *cur;
	if (cbi_utf8_is_clean(text, len)) {
		cur = strdup(text);
	} else if ((cur = malloc(3 * len + 1))) {
		cbi_utf8_clean(text, len, cur);
	}
	for (size_t i = 0; cur && i < r->p->nremovals; i++) {
		char *next = remove_matches(&r->p->removals[i], cur);
		free(cur);
		cur = next;
	}
	if (!cur || !r->count)
		return cur;
	char *masked = mask_entries(r, cur);
	free(cur);
	return masked;
}

char *cbi_redact_filter(const void *r, const char *text)
{
	return cbi_redact(r, text);
}

/* --- crediting an author ------------------------------------------------------------------ */

static const char *const contact_words[] = {
	"연락처", "전화번호", "휴대전화", "휴대폰", "핸드폰", "전화", "이메일", "메일", "E-mail",
	"e-mail", "Email", "email", "Mail", "mail", "H.P", "HP", "Tel", "TEL", "tel", "Fax", "FAX",
	"팩스", "T.", "E.", "M.", "F.", "T", "E", "M", "☎", "✉", "📞"};

/* Whether s[0..len) holds nothing but contact words, separators and spaces. */
static bool only_leftovers(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		if (strchr(" .,:;/|-_()[]", s[i])) {
			i++;
			continue;
		}
		bool word = false;
		for (size_t k = 0; k < sizeof contact_words / sizeof *contact_words; k++) {
			size_t n = strlen(contact_words[k]);
			if (n <= len - i && memcmp(s + i, contact_words[k], n) == 0) {
				i += n;
				word = true;
				break;
			}
		}
		if (!word)
			return false;
	}
	return true;
}

char *cbi_strip_contacts(const cb_profile *p, const char *s)
{
	char *cur = strdup(s);
	for (size_t i = 0; cur && i < p->nremovals; i++) {
		const cbi_removal *rm = &p->removals[i];
		if (rm->kind != CBI_P_PHONE && rm->kind != CBI_P_EMAIL)
			continue;
		cbi_removal silent = {rm->kind, rm->re, NULL};
		char *next = remove_matches(&silent, cur);
		free(cur);
		cur = next;
	}
	if (!cur)
		return NULL;
	/* Parentheses and brackets left holding only "연락처:" and the like go. */
	for (char *open = cur; (open = strpbrk(open, "(["));) {
		char *close = strchr(open, *open == '(' ? ')' : ']');
		if (close && only_leftovers(open + 1, (size_t)(close - open - 1)))
			memmove(open, close + 1, strlen(close + 1) + 1);
		else
			open++;
	}
	/* The same at the end: "김하늘 / 연락처:", never starting inside parentheses that are
	 * still open there. */
	size_t n = strlen(cur), cut = n;
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if ((i == 0 || cur[i - 1] == ' ' || strchr(",/|:", cur[i - 1])) && depth == 0 &&
		    only_leftovers(cur + i, n - i)) {
			cut = i;
			break;
		}
		depth += cur[i] == '(' ? 1 : cur[i] == ')' && depth > 0 ? -1 : 0;
	}
	cur[cut] = '\0';
	char *tidy = cbi_norm_light(cur, strlen(cur));
	free(cur);
	if (!tidy)
		return NULL;
	n = strlen(tidy);
	while (n && strchr(" ,/|:-", tidy[n - 1]))
		tidy[--n] = '\0';
	return tidy;
}
