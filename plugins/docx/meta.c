/* Document properties: docProps/core.xml (Dublin Core: title, subject, creator, keywords,
 * description, language, dates) and docProps/app.xml (the application that saved the file).
 * Both are found through the package relationships; a missing or damaged one costs only its
 * metadata. */
#include "config.h"

#include "docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	dx_ns ns;
	const char *local, *key;
} core_keys[] = {
	{DX_NS_DC, "title", "title"},
	{DX_NS_DC, "subject", "subject"},
	{DX_NS_DC, "creator", "creator"},
	{DX_NS_CP, "keywords", "keywords"},
	{DX_NS_DC, "description", "description"},
	{DX_NS_DC, "language", "language"},
	{DX_NS_DCTERMS, "created", "created"},
	{DX_NS_DCTERMS, "modified", "modified"},
};

static int set_meta(dx_reader *r, const char *key, const char *value)
{
	if (cb_document_set_meta(r->doc, key, value) == 0)
		return 0;
	return dx_tree_failed(r, r->doc, NULL, 0);
}

/* The part a package relationship names, or the conventional path when there is none. */
static char *props_part(dx_reader *r, const dx_rels *package, const char *type,
                        const char *usual)
{
	char *part = dx_rel_part(r, package, dx_rels_by_type(package, type));
	if (!part && cb_zip_has(r->z, usual))
		part = strdup(usual);
	return part;
}

static int read_core(dx_reader *r, const char *part)
{
	cb_xml *x = cb_xml_open_zip_entry(r->z, part);
	if (!x)
		return dx_fail(r, CB_E_SYNTAX);
	int rc;
	while ((rc = cb_xml_next(x)) == 1) {
		if (cb_xml_type(x) != CB_XML_START)
			continue;
		dx_ns ns = dx_node_ns(x);
		const char *local = dx_local(x);
		for (size_t i = 0; i < sizeof core_keys / sizeof *core_keys; i++) {
			if (ns != core_keys[i].ns || strcmp(local, core_keys[i].local) != 0)
				continue;
			bool failed;
			char *value = dx_text_dup(x, &failed);
			if (failed)
				rc = -1;
			else if (value && set_meta(r, core_keys[i].key, value) < 0)
				rc = -2;
			free(value);
			break;
		}
		if (rc < 0)
			break;
	}
	cb_xml_close(x);
	return rc == -1 ? dx_fail(r, CB_E_SYNTAX) : rc < 0 ? -1 : 0;
}

static int read_app(dx_reader *r, const char *part)
{
	cb_xml *x = cb_xml_open_zip_entry(r->z, part);
	if (!x)
		return dx_fail(r, CB_E_SYNTAX);
	char *app = NULL, *version = NULL;
	int rc;
	while ((rc = cb_xml_next(x)) == 1) {
		if (cb_xml_type(x) != CB_XML_START ||
		    dx_node_ns(x) != DX_NS_EP)
			continue;
		char **slot = strcmp(dx_local(x), "Application") == 0 ? &app
		              : strcmp(dx_local(x), "AppVersion") == 0 ? &version
		                                                         : NULL;
		if (!slot || *slot)
			continue;
		bool failed;
		*slot = dx_text_dup(x, &failed);
		if (failed) {
			rc = -1;
			break;
		}
	}
	cb_xml_close(x);
	if (rc == 0 && app) {
		size_t n = strlen(app) + (version ? strlen(version) + 1 : 0) + 1;
		char *producer = malloc(n);
		if (producer) {
			snprintf(producer, n, "%s%s%s", app, version ? " " : "",
			         version ? version : "");
			rc = set_meta(r, "producer", producer) < 0 ? -2 : 0;
		}
		free(producer);
	}
	free(app);
	free(version);
	return rc == -1 ? dx_fail(r, CB_E_SYNTAX) : rc < 0 ? -1 : 0;
}

int dx_meta_load(dx_reader *r, const dx_rels *package)
{
	char *core = props_part(r, package, "core-properties", "docProps/core.xml");
	char *app = props_part(r, package, "extended-properties", "docProps/app.xml");
	int rc = 0;
	if (core)
		rc = read_core(r, core);
	if (rc == 0 && app)
		rc = read_app(r, app);
	free(core);
	free(app);
	return rc;
}
