/* A writer whose output depends on how often it ran: it keeps a counter in a global, which
 * plugin.h forbids, so two runs over the same document differ. `plugins --check` must notice. */
#include <casebook/plugin.h>

static unsigned runs;

static cb_code write_doc(const cb_document *doc, cb_output *out)
{
	(void)doc;
	return cb_output_printf(out, "run %u\n", ++runs) == 0 ? CB_OK : CB_E_WRITE;
}

static const char *const extensions[] = {"unstable", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "unstable",
	.version = "0.1",
	.licence = "MIT",
	.summary = "a test writer whose output changes from run to run",
	.kind = CB_PLUGIN_WRITER,
	.extensions = extensions,
	.write = write_doc,
};
