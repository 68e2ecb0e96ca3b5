/* What the HWPX and HWPML readers share: both formats spell the same Hangul document model, one
 * in OWPML (hp:p/hp:run/hp:t, camelCase attributes) and one in HWPML (P/TEXT/CHAR, CamelCase
 * attributes). A reader feeds the nodes of its parts to hwp_head_node() (styles, numbering) and
 * hwp_body_node() (sections) with the spelling table of its format; everything from there on
 * (headings, lists, tables placed by cell address, notes, pictures, equations, fields, what is
 * left out) is decided here, once. */
#ifndef CB_HWP_COMMON_H
#define CB_HWP_COMMON_H

#include <casebook/plugin.h>
#include <casebook/xml.h>

#include <stdbool.h>
#include <stdint.h>

/* The roles elements play. HWPX and HWPML name each role differently (hwp_names). */
typedef enum hwp_el {
	HWP_EL_OTHER = 0,
	/* body */
	HWP_EL_SECTION,
	HWP_EL_P,
	HWP_EL_RUN,
	HWP_EL_T,
	HWP_EL_TAB,
	HWP_EL_LINE_BREAK,
	HWP_EL_NB_SPACE,
	HWP_EL_FW_SPACE,
	HWP_EL_HYPHEN,
	HWP_EL_DELETE_BEGIN,
	HWP_EL_DELETE_END,
	HWP_EL_TABLE,
	HWP_EL_ROW,
	HWP_EL_CELL,
	HWP_EL_CELL_ADDR,
	HWP_EL_CELL_SPAN,
	HWP_EL_FOOTNOTE,
	HWP_EL_ENDNOTE,
	HWP_EL_AUTONUM,
	HWP_EL_SKIP, /* never content: page headers and footers, hidden comments, layout */
	HWP_EL_SHAPE_COMMENT,
	HWP_EL_PICTURE,
	HWP_EL_IMAGE,
	HWP_EL_SCRIPT,
	HWP_EL_FIELD_BEGIN,
	HWP_EL_FIELD_END,
	HWP_EL_STRING_PARAM,
	HWP_EL_CAPTION,
	HWP_EL_TEXT_BOX,
	HWP_EL_SWITCH,
	HWP_EL_CASE,
	HWP_EL_DEFAULT,
	HWP_EL_COMPOSE,
	HWP_EL_CHECK_BUTTON,
	HWP_EL_RADIO_BUTTON,
	HWP_EL_MAIN_TEXT,
	/* head */
	HWP_EL_PARA_SHAPE,
	HWP_EL_HEADING,
	HWP_EL_STYLE,
	HWP_EL_CHAR_SHAPE,
	HWP_EL_BOLD,
	HWP_EL_ITALIC,
	HWP_EL_UNDERLINE,
	HWP_EL_STRIKEOUT,
	HWP_EL_SUPERSCRIPT,
	HWP_EL_SUBSCRIPT,
	HWP_EL_NUMBERING,
	HWP_EL_BULLET,
	HWP_EL_PARA_HEAD,
	HWP_EL_COUNT_
} hwp_el;

/* The attributes read, by role. */
typedef enum hwp_at {
	HWP_AT_ID,
	HWP_AT_PARA_SHAPE,
	HWP_AT_STYLE,
	HWP_AT_CHAR_SHAPE,
	HWP_AT_NAME,
	HWP_AT_ENG_NAME,
	HWP_AT_HEADING_TYPE,
	HWP_AT_HEADING_REF,
	HWP_AT_LEVEL,
	HWP_AT_ROW_COUNT,
	HWP_AT_COL_COUNT,
	HWP_AT_ROW_ADDR,
	HWP_AT_COL_ADDR,
	HWP_AT_ROW_SPAN,
	HWP_AT_COL_SPAN,
	HWP_AT_HEADER,
	HWP_AT_BIN_REF,
	HWP_AT_NUM,
	HWP_AT_NUM_TYPE,
	HWP_AT_FIELD_TYPE,
	HWP_AT_COMMAND,
	HWP_AT_START,
	HWP_AT_NUM_FORMAT,
	HWP_AT_BULLET_CHAR,
	HWP_AT_UNDERLINE,
	HWP_AT_STRIKE,
	HWP_AT_COMPOSE,
	HWP_AT_CAPTION,
	HWP_AT_VALUE,
	HWP_AT_REQUIRED_NS,
	HWP_AT_COUNT_
} hwp_at;

typedef struct hwp_name {
	const char *name; /* local name, as the format spells it */
	hwp_el el;
} hwp_name;

/* One format's spelling of the model. */
typedef struct hwp_names {
	const char *format;       /* "HWPX" or "HWPML", for messages */
	const hwp_name *elements; /* ends with a NULL name */
	const char *attrs[HWP_AT_COUNT_]; /* NULL: the format has no such attribute */
} hwp_names;

extern const hwp_names hwp_names_hwpx;
extern const hwp_names hwp_names_hwpml;

typedef struct hwp_reader hwp_reader;

/* Resolves a picture's reference (HWPX: a manifest id; HWPML: a BINITEM id) to the id of a
 * media object in the document, adding the object when needed, or returns NULL (having warned)
 * when the picture's data cannot be had. name_hint is the picture's original file name when
 * Hangul recorded one, or NULL. */
typedef const char *(*hwp_media_fn)(void *ctx, hwp_reader *r, const char *ref,
                                    const char *name_hint);

/* A reader building doc from input in. NULL (with the error reported) when out of memory.
 * Free with hwp_reader_free(). */
hwp_reader *hwp_reader_new(cb_input *in, cb_document *doc, const hwp_names *names,
                           hwp_media_fn media, void *media_ctx);
void hwp_reader_free(hwp_reader *r);

cb_input *hwp_reader_input(const hwp_reader *r);
cb_document *hwp_reader_document(const hwp_reader *r);
/* CB_OK, or the code of the error that stopped reading (already reported). */
cb_code hwp_reader_status(const hwp_reader *r);
/* Records that reading failed (the error has been reported) so that nothing more is read. */
void hwp_reader_fail(hwp_reader *r, cb_code code);

/* Feed one node of the document head (HWPX Contents/header.xml; HWPML HEAD/MAPPINGTABLE) or of
 * a section (HWPX hs:sec; HWPML BODY/SECTION), as the parser is on it. Call hwp_part_end() when a
 * part (header, section, HWPML BODY) has been read to its end. */
void hwp_head_node(hwp_reader *r, cb_xml *x);
void hwp_body_node(hwp_reader *r, cb_xml *x);
void hwp_part_end(hwp_reader *r);

/* Ends reading: closes what is open and drops pictures whose data never came (warning about
 * them). Returns the reader's status. */
cb_code hwp_finish(hwp_reader *r);

/* --- helpers the readers share -------------------------------------------------------------- */

/* The current node's element name without any prefix (an undeclared prefix leaves "hp:p" as the
 * local name; that is stripped too). */
const char *hwp_local_name(cb_xml *x);
/* An attribute of the current element, matched by local name; copied into buf (truncated to
 * size) or, for hwp_attr_dup, into a string the caller frees. false / NULL when absent. */
bool hwp_attr(cb_xml *x, const char *name, char *buf, size_t size);
char *hwp_attr_dup(cb_xml *x, const char *name);
/* Whether the current node is a start tag or an empty-element tag, and whether it is one of
 * the nodes that carry text. */
bool hwp_is_start(cb_xml *x);
bool hwp_is_end(cb_xml *x);
bool hwp_is_text(cb_xml *x);

/* A growable string. */
typedef struct hwp_buf {
	char *s;
	size_t len, cap;
} hwp_buf;
bool hwp_buf_add(hwp_buf *b, const char *s, size_t len);
void hwp_buf_clear(hwp_buf *b);
void hwp_buf_free(hwp_buf *b);

/* Sets a metadata entry from a value with surrounding white space trimmed; empty values are not
 * set. Dates written as Hangul writes them ("2006-02-06 22:49:08", or the Korean
 * "2019년 6월 25일 화요일 오후 8:52:57") are set in ISO 8601 form. Returns false when out of
 * memory (reported). */
bool hwp_set_meta(hwp_reader *r, const char *key, const char *value, bool is_date);

/* The media type of an image from its first bytes, or NULL. */
const char *hwp_sniff_image(const unsigned char *data, size_t len);
/* The media type for a file extension (without the dot), or NULL. */
const char *hwp_type_for_extension(const char *ext);

/* Reports once that the input is an HWP 5 or HWP 3 binary document when its first bytes say
 * so, and returns true then. */
bool hwp_refuse_binary(cb_input *in);

#endif
