/* The HWPX reader: Hangul's OWPML package (KS X 6101), a ZIP of XML parts.
 *
 *   mimetype                   "application/hwp+zip", the first entry
 *   version.xml                the writing application and its version (the producer)
 *   META-INF/container.xml     where the package document is (Contents/content.hpf)
 *   META-INF/manifest.xml      usually empty; lists encryption data when a password is set
 *   Contents/content.hpf       metadata, the manifest (id -> part) and the spine (section order)
 *   Contents/header.xml        styles, paragraph and character shapes, numbering
 *   Contents/sectionN.xml      the body, one part a section, streamed
 *   BinData/...                pictures, through the manifest
 *
 * Every part goes through the bounded container and the safe XML parser of the core. What the
 * sections mean is decided in common.c, shared with the HWPML reader. */
#include "config.h"

#include "common.h"

#include <casebook/container.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HWPX_MIMETYPE "application/hwp+zip"
#define PACKAGE_TYPE "application/hwpml-package+xml"
#define ENCRYPTED "encrypted document: remove the password and save again"

typedef struct item {
	char *id, *href, *type;
} item;

typedef struct media_ref {
	char *ref;
	const char *id; /* owned by the document */
} media_ref;

typedef struct hwpx {
	cb_input *in;
	cb_document *doc;
	cb_zip *z;
	hwp_reader *r;
	char *package;     /* the package document's entry name */
	item *items;       /* the package manifest */
	size_t nitems, capitems;
	char **spine;      /* manifest ids, in reading order */
	size_t nspine, capspine;
	bool has_spine;
	media_ref *media;  /* pictures already in the media store */
	size_t nmedia, capmedia;
	hwp_buf text;      /* text of the element being read in a small part */
} hwpx;

/* Bids:
 *   90  a ZIP whose mimetype entry says application/hwp+zip: the package's own signature
 *   70  a ZIP without that mimetype but with OWPML's part names (Contents/content.hpf, or
 *       Contents/section0.xml beside version.xml): a package rewritten by another tool
 *   60  an HWP 5 compound file (a FileHeader stream) or an HWP 3 file ("HWP Document File" at
 *       the start), whatever the extension: no reader can read them, but this one says what
 *       they are and what to do, rather than leave the user with "unrecognised format" */
static int bid(const cb_probe *p)
{
	if (cb_probe_is_zip(p)) {
		const char *mt = cb_probe_zip_mimetype(p);
		if (mt && strcmp(mt, HWPX_MIMETYPE) == 0)
			return 90;
		if (cb_probe_zip_has(p, "Contents/content.hpf") ||
		    (cb_probe_zip_has(p, "Contents/section0.xml") && cb_probe_zip_has(p, "version.xml")))
			return 70;
		return 0;
	}
	if (cb_probe_is_cfb(p))
		return cb_probe_cfb_has(p, "FileHeader") ? 60 : 0;
	size_t len;
	const unsigned char *head = cb_probe_head(p, &len);
	if (len >= 17 && memcmp(head, "HWP Document File", 17) == 0)
		return 60;
	return 0;
}

/* --- small parts ---------------------------------------------------------------------------- */

/* Calls fn for every node of a small XML part until it returns false. Returns false when the part
 * could not be read to its end (reported) or fn stopped with *failed set. */
typedef bool (*node_fn)(void *ctx, cb_xml *x, bool *failed);

static bool walk_part(hwpx *h, const char *name, node_fn fn, void *ctx)
{
	cb_xml *x = cb_xml_open_zip_entry(h->z, name);
	if (!x)
		return false;
	int rc;
	bool failed = false;
	while ((rc = cb_xml_next(x)) == 1 && fn(ctx, x, &failed))
		;
	cb_xml_close(x);
	return rc >= 0 && !failed;
}

static bool is_start(cb_xml *x, const char *local)
{
	return hwp_is_start(x) && strcmp(hwp_local_name(x), local) == 0;
}

static void nomem(hwpx *h)
{
	cb_input_report(h->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
}

/* An encrypted package lists encryption data per part in META-INF/manifest.xml (the parts are
 * stored as ordinary ZIP entries, but their bytes are ciphertext). */
static bool manifest_node(void *ctx, cb_xml *x, bool *failed)
{
	hwpx *h = ctx;
	if (!is_start(x, "encryption-data"))
		return true;
	cb_input_report(h->in, CB_SEV_ERROR, CB_E_UNSUPPORTED, "META-INF/manifest.xml", 0,
	                ENCRYPTED);
	*failed = true;
	return false;
}

static cb_code check_encryption(hwpx *h)
{
	/* Hangul 2014 writes no manifest.xml at all; nothing is missing then. */
	if (!cb_zip_has(h->z, "META-INF/manifest.xml"))
		return CB_OK;
	return walk_part(h, "META-INF/manifest.xml", manifest_node, h) ? CB_OK : CB_E_UNSUPPORTED;
}

/* version.xml: <hv:HCFVersion application="Hancom Office Hangul" appVersion="12, 0, 0, 535 ..."
 * tagetApplication="WORDPROCESSOR" .../> (Hancom's spelling of "target"). */
static bool version_node(void *ctx, cb_xml *x, bool *failed)
{
	hwpx *h = ctx;
	if (!is_start(x, "HCFVersion"))
		return true;
	char app[128] = "", ver[128] = "", producer[260];
	hwp_attr(x, "application", app, sizeof app);
	hwp_attr(x, "appVersion", ver, sizeof ver);
	snprintf(producer, sizeof producer, "%s%s%s", app, app[0] && ver[0] ? " " : "", ver);
	*failed = !hwp_set_meta(h->r, "producer", producer, false);
	return false;
}

static cb_code read_version(hwpx *h)
{
	if (cb_zip_has(h->z, "version.xml") && !walk_part(h, "version.xml", version_node, h))
		hwp_reader_fail(h->r, CB_E_SYNTAX);
	return hwp_reader_status(h->r);
}

/* META-INF/container.xml: <ocf:rootfile full-path="Contents/content.hpf"
 * media-type="application/hwpml-package+xml"/>. */
static bool container_node(void *ctx, cb_xml *x, bool *failed)
{
	hwpx *h = ctx;
	char type[64];
	if (!is_start(x, "rootfile") || !hwp_attr(x, "media-type", type, sizeof type) ||
	    strcmp(type, PACKAGE_TYPE) != 0)
		return true;
	free(h->package);
	h->package = hwp_attr_dup(x, "full-path");
	return false;
}

/* Where the package document is; false when container.xml is damaged (reported). */
static bool find_package(hwpx *h)
{
	if (!cb_zip_has(h->z, "META-INF/container.xml"))
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "no META-INF/container.xml: the package was looked for at "
		                "Contents/content.hpf");
	else if (!walk_part(h, "META-INF/container.xml", container_node, h))
		return false;
	if (!h->package || !cb_zip_has(h->z, h->package)) {
		free(h->package);
		h->package = strdup("Contents/content.hpf");
	}
	return true;
}

/* The entry an href names. Hrefs are relative to the package's root in every Hangul file;
 * relative to the package document's folder is tried too. NULL when there is none. */
static char *entry_for(hwpx *h, const char *href)
{
	if (cb_zip_has(h->z, href))
		return strdup(href);
	const char *slash = h->package ? strrchr(h->package, '/') : NULL;
	char *path;
	if (slash && asprintf(&path, "%.*s/%s", (int)(slash - h->package), h->package, href) >= 0) {
		if (cb_zip_has(h->z, path))
			return path;
		free(path);
	}
	return NULL;
}

static const item *find_item(const hwpx *h, const char *id)
{
	for (size_t i = 0; i < h->nitems; i++)
		if (h->items[i].id && strcmp(h->items[i].id, id) == 0)
			return &h->items[i];
	return NULL;
}

/* --- content.hpf: metadata, manifest, spine ------------------------------------------------- */

/* The metadata, in the order they are set; values are element text ("content" is a type tag). */
enum meta_slot { M_TITLE, M_SUBJECT, M_CREATOR, M_KEYWORDS, M_DESCRIPTION, M_CREATED,
                 M_MODIFIED, M_LANGUAGE, M_DATE, M_COUNT };

typedef struct package_state {
	hwpx *h;
	int slot; /* the metadata element being read, or -1 */
	char *values[M_COUNT];
} package_state;

/* The opf:meta names Hangul writes, by the slot they fill. */
static int meta_slot(const char *name)
{
	static const struct {
		const char *name;
		int slot;
	} map[] = {
		{"creator", M_CREATOR}, {"subject", M_SUBJECT}, {"description", M_DESCRIPTION},
		{"keyword", M_KEYWORDS}, {"keywords", M_KEYWORDS}, {"CreatedDate", M_CREATED},
		{"ModifiedDate", M_MODIFIED}, {"date", M_DATE},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(name, map[i].name) == 0)
			return map[i].slot;
	return -1;
}

static bool add_item(hwpx *h, cb_xml *x)
{
	if (h->nitems == h->capitems) {
		size_t cap = h->capitems ? h->capitems * 2 : 16;
		item *grown = realloc(h->items, cap * sizeof *grown);
		if (!grown)
			return false;
		h->items = grown;
		h->capitems = cap;
	}
	item *it = &h->items[h->nitems++];
	it->id = hwp_attr_dup(x, "id");
	it->href = hwp_attr_dup(x, "href");
	it->type = hwp_attr_dup(x, "media-type");
	return true;
}

static bool add_spine(hwpx *h, cb_xml *x)
{
	char *idref = hwp_attr_dup(x, "idref");
	if (!idref)
		return true;
	if (h->nspine == h->capspine) {
		size_t cap = h->capspine ? h->capspine * 2 : 8;
		char **grown = realloc(h->spine, cap * sizeof *grown);
		if (!grown) {
			free(idref);
			return false;
		}
		h->spine = grown;
		h->capspine = cap;
	}
	h->spine[h->nspine++] = idref;
	return true;
}

static int start_slot(cb_xml *x, const char *n)
{
	char name[32];
	if (strcmp(n, "title") == 0)
		return M_TITLE;
	if (strcmp(n, "language") == 0)
		return M_LANGUAGE;
	if (strcmp(n, "meta") == 0 && hwp_attr(x, "name", name, sizeof name))
		return meta_slot(name);
	return -1;
}

static bool package_node(void *ctx, cb_xml *x, bool *failed)
{
	package_state *st = ctx;
	hwpx *h = st->h;
	bool ok = true;
	if (hwp_is_start(x)) {
		const char *n = hwp_local_name(x);
		if (strcmp(n, "item") == 0)
			ok = add_item(h, x);
		else if (strcmp(n, "itemref") == 0)
			ok = add_spine(h, x);
		else if (strcmp(n, "spine") == 0)
			h->has_spine = true;
		st->slot = cb_xml_is_empty(x) ? -1 : start_slot(x, n);
		hwp_buf_clear(&h->text);
	} else if (hwp_is_text(x) && st->slot >= 0) {
		const char *s = cb_xml_text(x, NULL);
		ok = !s || hwp_buf_add(&h->text, s, strlen(s));
	} else if (hwp_is_end(x) && st->slot >= 0) {
		free(st->values[st->slot]);
		st->values[st->slot] = strdup(h->text.s ? h->text.s : "");
		ok = st->values[st->slot] != NULL;
		st->slot = -1;
	}
	if (!ok) {
		nomem(h);
		*failed = true;
	}
	return ok;
}

static void set_package_meta(hwpx *h, package_state *st)
{
	static const char *const keys[M_COUNT] = {
		[M_TITLE] = "title", [M_SUBJECT] = "subject", [M_CREATOR] = "creator",
		[M_KEYWORDS] = "keywords", [M_DESCRIPTION] = "description", [M_CREATED] = "created",
		[M_MODIFIED] = "modified", [M_LANGUAGE] = "language",
	};
	/* The free-text "date" (Korean) stands in for a missing CreatedDate. */
	if (!st->values[M_CREATED] || !*st->values[M_CREATED]) {
		free(st->values[M_CREATED]);
		st->values[M_CREATED] = st->values[M_DATE];
		st->values[M_DATE] = NULL;
	}
	for (int i = 0; i < M_COUNT; i++)
		if (keys[i] && !hwp_set_meta(h->r, keys[i], st->values[i],
		                             i == M_CREATED || i == M_MODIFIED))
			break;
}

static cb_code read_package(hwpx *h)
{
	if (!find_package(h)) {
		hwp_reader_fail(h->r, CB_E_SYNTAX);
		return CB_E_SYNTAX;
	}
	if (!h->package) {
		nomem(h);
		return CB_E_NOMEM;
	}
	if (!cb_zip_has(h->z, h->package))
		return CB_OK; /* the sections are found by their names (read_sections warns) */
	package_state st = {h, -1, {NULL}};
	bool ok = walk_part(h, h->package, package_node, &st);
	if (ok)
		set_package_meta(h, &st);
	for (int i = 0; i < M_COUNT; i++)
		free(st.values[i]);
	if (!ok)
		hwp_reader_fail(h->r, CB_E_SYNTAX);
	return hwp_reader_status(h->r);
}

/* --- pictures ------------------------------------------------------------------------------- */

/* The media type of a picture: from its bytes, else as the manifest says (Hangul writes
 * "image/jpg"), else from its extension. */
static const char *picture_type(const unsigned char *data, size_t len, const char *declared,
                                const char *path)
{
	const char *t = hwp_sniff_image(data, len);
	if (t)
		return t;
	if (declared && strcmp(declared, "image/jpg") == 0)
		return "image/jpeg";
	if (declared && *declared)
		return declared;
	const char *dot = strrchr(path, '.');
	t = dot ? hwp_type_for_extension(dot + 1) : NULL;
	return t ? t : "application/octet-stream";
}

/* The entry of a picture the manifest does not list: BinData/<ref>.<any extension>. */
static char *bindata_entry(hwpx *h, const char *ref)
{
	size_t n = strlen(ref);
	for (size_t i = 0; i < cb_zip_count(h->z); i++) {
		const char *name = cb_zip_name(h->z, i);
		if (name && strncmp(name, "BinData/", 8) == 0 && strncmp(name + 8, ref, n) == 0 &&
		    name[8 + n] == '.')
			return strdup(name);
	}
	return NULL;
}

static bool remember_media(hwpx *h, const char *ref, const char *id)
{
	if (h->nmedia == h->capmedia) {
		size_t cap = h->capmedia ? h->capmedia * 2 : 8;
		media_ref *grown = realloc(h->media, cap * sizeof *grown);
		if (!grown)
			return false;
		h->media = grown;
		h->capmedia = cap;
	}
	if (!(h->media[h->nmedia].ref = strdup(ref)))
		return false;
	h->media[h->nmedia++].id = id;
	return true;
}

/* hp:pic/hc:img binaryItemIDRef names a manifest item; its part goes into the media store the
 * first time a picture shows it. */
static const char *media_for(void *ctx, hwp_reader *r, const char *ref, const char *name_hint)
{
	hwpx *h = ctx;
	for (size_t i = 0; i < h->nmedia; i++)
		if (strcmp(h->media[i].ref, ref) == 0)
			return h->media[i].id;
	const item *it = find_item(h, ref);
	char *path = it && it->href ? entry_for(h, it->href) : bindata_entry(h, ref);
	if (!path) {
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "picture '%s' is not in the package; it was left out", ref);
		return NULL;
	}
	size_t len;
	unsigned char *data = cb_zip_read(h->z, path, &len);
	if (!data) {
		/* Over a limit or damaged, reported by the container: the document fails. */
		free(path);
		hwp_reader_fail(r, CB_E_LIMIT);
		return NULL;
	}
	const char *slash = strrchr(path, '/');
	const char *name = name_hint ? name_hint : slash ? slash + 1 : path;
	const char *id = cb_document_add_media(h->doc, ref, picture_type(data, len, it ? it->type
	                                                                       : NULL, path),
	                                       name, data, len);
	free(data);
	free(path);
	if (!id || !remember_media(h, ref, id)) {
		nomem(h);
		hwp_reader_fail(r, CB_E_NOMEM);
		return NULL;
	}
	return id;
}

/* --- header and sections ------------------------------------------------------------------ */

/* Namespaces of the section root: Hangul's (2011) and KS X 6101:2024's. */
static bool known_namespace(const char *uri)
{
	return uri && (strcmp(uri, "http://www.hancom.co.kr/hwpml/2011/section") == 0 ||
	               strcmp(uri, "http://www.owpml.org/owpml/2024/section") == 0 ||
	               strcmp(uri, "http://www.hancom.co.kr/hwpml/2011/head") == 0 ||
	               strcmp(uri, "http://www.owpml.org/owpml/2024/head") == 0);
}

/* Streams one part through the shared reader. A part whose root is not what was expected (a
 * local name) is passed over, unread; *matched says whether it was read. */
static cb_code read_part(hwpx *h, const char *name, const char *expect, bool head, bool *matched)
{
	*matched = false;
	cb_xml *x = cb_xml_open_zip_entry(h->z, name);
	if (!x) {
		hwp_reader_fail(h->r, CB_E_SYNTAX);
		return hwp_reader_status(h->r);
	}
	int rc;
	bool root = true;
	while (hwp_reader_status(h->r) == CB_OK && (rc = cb_xml_next(x)) == 1) {
		if (root && hwp_is_start(x)) {
			root = false;
			if (strcmp(hwp_local_name(x), expect) != 0)
				break;
			*matched = true;
			const char *uri = cb_xml_ns(x);
			if (!known_namespace(uri))
				cb_xml_report(x, CB_SEV_WARNING, CB_W_RECOVERED,
				              "unknown namespace %s%s%s; read by element names",
				              uri ? "'" : "(none", uri ? uri : ")", uri ? "'" : "");
		}
		if (head)
			hwp_head_node(h->r, x);
		else
			hwp_body_node(h->r, x);
	}
	hwp_part_end(h->r);
	cb_xml_close(x);
	if (rc < 0)
		hwp_reader_fail(h->r, CB_E_SYNTAX);
	return hwp_reader_status(h->r);
}

static cb_code read_header(hwpx *h)
{
	const item *it = find_item(h, "header");
	char *path = it && it->href ? entry_for(h, it->href) : NULL;
	if (!path && cb_zip_has(h->z, "Contents/header.xml"))
		path = strdup("Contents/header.xml");
	if (!path) {
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "no Contents/header.xml: headings and lists were not recognised");
		return CB_OK;
	}
	bool matched;
	cb_code rc = read_part(h, path, "head", true, &matched);
	if (rc == CB_OK && !matched)
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, path, 0,
		                "not a document head (hh:head): headings and lists were not recognised");
	free(path);
	return rc;
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	return n >= k && strcmp(s + n - k, end) == 0;
}

/* Whether a spine item can be a section. The spine lists the header first, and Hangul lists its
 * scripts there too (Scripts/headerScripts, "application/x-javascript ;charset=utf-16"). */
static bool may_be_section(const item *it)
{
	if ((it->id && strcmp(it->id, "header") == 0) || ends_with(it->href, "header.xml"))
		return false;
	if (it->type && *it->type)
		return strstr(it->type, "xml") != NULL;
	return ends_with(it->href, ".xml");
}

/* The number N of Contents/sectionN.xml, or -1. */
static long section_number(const char *name)
{
	unsigned long n;
	int end = 0;
	if (sscanf(name, "Contents/section%lu.xml%n", &n, &end) != 1 || name[end] != '\0' ||
	    n > 100000)
		return -1;
	return (long)n;
}

static int by_section_number(const void *a, const void *b)
{
	long x = section_number(*(char *const *)a), y = section_number(*(char *const *)b);
	return (x > y) - (x < y);
}

/* Without a spine (no package document, or one without a spine), sections go in the order of
 * their numbers: section2 before section10, which file-name order would get wrong. *read counts
 * the parts that were sections. */
static cb_code read_numbered_sections(hwpx *h, const char *why, size_t *read)
{
	size_t n = 0, count = cb_zip_count(h->z);
	const char **names = calloc(count ? count : 1, sizeof *names);
	if (!names) {
		nomem(h);
		return CB_E_NOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		const char *name = cb_zip_name(h->z, i);
		if (name && section_number(name) >= 0)
			names[n++] = name;
	}
	if (n)
		cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "%s: the sections were read in the order of their numbers", why);
	qsort(names, n, sizeof *names, by_section_number);
	cb_code rc = CB_OK;
	for (size_t i = 0; i < n && rc == CB_OK; i++) {
		bool matched;
		rc = read_part(h, names[i], "sec", false, &matched);
		if (rc == CB_OK && !matched)
			cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, names[i], 0,
			                "not a section (hs:sec); passed over");
		*read += matched;
	}
	free(names);
	return rc;
}

static cb_code read_sections(hwpx *h)
{
	size_t read = 0;
	cb_code rc = CB_OK;
	for (size_t i = 0; i < h->nspine && rc == CB_OK; i++) {
		const item *it = find_item(h, h->spine[i]);
		if (!it || !it->href || !may_be_section(it))
			continue;
		char *path = entry_for(h, it->href);
		if (!path) {
			cb_input_report(h->in, CB_SEV_WARNING, CB_W_RECOVERED, h->package, 0,
			                "the spine lists '%s', which is not in the package", it->href);
			continue;
		}
		bool matched;
		rc = read_part(h, path, "sec", false, &matched);
		free(path);
		read += matched;
	}
	if (rc != CB_OK || read)
		return rc;
	rc = read_numbered_sections(h, !cb_zip_has(h->z, h->package)
	                                       ? "no package document (Contents/content.hpf)"
	                               : h->has_spine ? "the package's spine lists no section"
	                                              : "the package document has no spine",
	                            &read);
	if (rc != CB_OK || read)
		return rc;
	/* An empty package, or another ZIP (DOCX, ODT) this reader was told to read. */
	cb_input_report(h->in, CB_SEV_ERROR, CB_E_INVALID, NULL, 0,
	                "not an HWPX document: the package has no section (hs:sec)");
	hwp_reader_fail(h->r, CB_E_INVALID);
	return CB_E_INVALID;
}

/* --- reading -------------------------------------------------------------------------------- */

static void hwpx_free(hwpx *h)
{
	for (size_t i = 0; i < h->nitems; i++) {
		free(h->items[i].id);
		free(h->items[i].href);
		free(h->items[i].type);
	}
	free(h->items);
	for (size_t i = 0; i < h->nspine; i++)
		free(h->spine[i]);
	free(h->spine);
	for (size_t i = 0; i < h->nmedia; i++)
		free(h->media[i].ref);
	free(h->media);
	free(h->package);
	hwp_buf_free(&h->text);
	hwp_reader_free(h->r);
	cb_zip_close(h->z);
}

static cb_code read_doc(cb_input *in, cb_document *doc)
{
	if (hwp_refuse_binary(in))
		return CB_E_UNSUPPORTED;
	hwpx h = {.in = in, .doc = doc};
	if (!(h.z = cb_zip_open(in)))
		return CB_E_SYNTAX;
	cb_code rc = check_encryption(&h);
	if (rc == CB_OK && !(h.r = hwp_reader_new(in, doc, &hwp_names_hwpx, media_for, &h)))
		rc = CB_E_NOMEM;
	if (rc == CB_OK)
		rc = read_package(&h);
	if (rc == CB_OK)
		rc = read_version(&h);
	if (rc == CB_OK)
		rc = read_header(&h);
	if (rc == CB_OK)
		rc = read_sections(&h);
	if (rc == CB_OK)
		rc = hwp_finish(h.r);
	hwpx_free(&h);
	return rc;
}

static const char *const extensions[] = {"hwpx", NULL};
static const char *const media_types[] = {HWPX_MIMETYPE, NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "hwpx",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "Hangul HWPX (OWPML, KS X 6101) documents",
	.kind = CB_PLUGIN_READER,
	.extensions = extensions,
	.media_types = media_types,
	.bid = bid,
	.read = read_doc,
};
