/* Contents/header.xml: the shapes the sections use, by the ids of hwpxw.h, and nothing else.
 *
 * Fonts: 함초롬바탕 for text and 함초롬돋움 for headings, the faces Hangul itself ships, for every
 * script. Headings are the styles 개요 1 to 개요 6 on paragraph shapes of heading type OUTLINE,
 * which is what Hangul's outline view and its table of contents gather; their numbering (id 1,
 * the sections' outline shape) has empty level texts, so that Hangul does not put numbers of its
 * own in front of headings that carry the school's numbering already. */
#include "config.h"

#include "hwpxw.h"

#include <casebook/model.h>

#include <stdio.h>

#define NS                                                                                    \
	"xmlns:ha=\"http://www.hancom.co.kr/hwpml/2011/app\" "                                    \
	"xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\" "                              \
	"xmlns:hp10=\"http://www.hancom.co.kr/hwpml/2016/paragraph\" "                            \
	"xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "                                \
	"xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\" "                                   \
	"xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\" "                                   \
	"xmlns:hhs=\"http://www.hancom.co.kr/hwpml/2011/history\" "                               \
	"xmlns:hm=\"http://www.hancom.co.kr/hwpml/2011/master-page\" "                            \
	"xmlns:hpf=\"http://www.hancom.co.kr/schema/2011/hpf\" "                                  \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                          \
	"xmlns:opf=\"http://www.idpf.org/2007/opf/\" "                                            \
	"xmlns:ooxmlchart=\"http://www.hancom.co.kr/hwpml/2016/ooxmlchart\" "                     \
	"xmlns:epub=\"http://www.idpf.org/2007/ops\" "                                            \
	"xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\""

static const char *const langs[] = {"HANGUL", "LATIN", "HANJA", "JAPANESE",
                                    "OTHER", "SYMBOL", "USER"};

static void per_lang(pkgw_buf *b, const char *element, int value)
{
	pkgw_printf(b, "<hh:%s hangul=\"%d\" latin=\"%d\" hanja=\"%d\" japanese=\"%d\" other=\"%d\" "
	               "symbol=\"%d\" user=\"%d\"/>",
	            element, value, value, value, value, value, value, value);
}

static void fonts(pkgw_buf *b)
{
	pkgw_puts(b, "<hh:fontfaces itemCnt=\"7\">");
	for (size_t i = 0; i < 7; i++) {
		pkgw_printf(b, "<hh:fontface lang=\"%s\" fontCnt=\"2\">", langs[i]);
		pkgw_puts(b, "<hh:font id=\"0\" face=\"함초롬바탕\" type=\"TTF\" isEmbedded=\"0\">"
		             "<hh:typeInfo familyType=\"FCAT_MYUNGJO\" weight=\"6\" proportion=\"4\" "
		             "contrast=\"0\" strokeVariation=\"1\" armStyle=\"1\" letterform=\"1\" "
		             "midline=\"1\" xHeight=\"1\"/></hh:font>"
		             "<hh:font id=\"1\" face=\"함초롬돋움\" type=\"TTF\" isEmbedded=\"0\">"
		             "<hh:typeInfo familyType=\"FCAT_GOTHIC\" weight=\"6\" proportion=\"4\" "
		             "contrast=\"0\" strokeVariation=\"1\" armStyle=\"1\" letterform=\"1\" "
		             "midline=\"1\" xHeight=\"1\"/></hh:font></hh:fontface>");
	}
	pkgw_puts(b, "</hh:fontfaces>");
}

static void border_fill(pkgw_buf *b, int id, const char *line, const char *fill)
{
	pkgw_printf(b, "<hh:borderFill id=\"%d\" threeD=\"0\" shadow=\"0\" centerLine=\"NONE\" "
	               "breakCellSeparateLine=\"0\"><hh:slash type=\"NONE\" Crooked=\"0\" "
	               "isCounter=\"0\"/><hh:backSlash type=\"NONE\" Crooked=\"0\" isCounter=\"0\"/>",
	            id);
	static const char *const sides[] = {"left", "right", "top", "bottom"};
	for (size_t i = 0; i < 4; i++)
		pkgw_printf(b, "<hh:%sBorder type=\"%s\" width=\"0.12 mm\" color=\"#000000\"/>",
		            sides[i], line);
	pkgw_puts(b, "<hh:diagonal type=\"SOLID\" width=\"0.1 mm\" color=\"#000000\"/>");
	if (fill)
		pkgw_printf(b, "<hc:fillBrush><hc:winBrush faceColor=\"%s\" hatchColor=\"#999999\" "
		               "alpha=\"0\"/></hc:fillBrush>",
		            fill);
	pkgw_puts(b, "</hh:borderFill>");
}

static void char_pr(pkgw_buf *b, int id, int height, int font, const char *color, unsigned marks)
{
	pkgw_printf(b, "<hh:charPr id=\"%d\" height=\"%d\" textColor=\"%s\" shadeColor=\"none\" "
	               "useFontSpace=\"0\" useKerning=\"0\" symMark=\"NONE\" borderFillIDRef=\"%d\">",
	            id, height, color, BF_NONE);
	per_lang(b, "fontRef", font);
	per_lang(b, "ratio", 100);
	per_lang(b, "spacing", 0);
	per_lang(b, "relSz", 100);
	per_lang(b, "offset", 0);
	if (marks & CB_MARK_ITALIC)
		pkgw_puts(b, "<hh:italic/>");
	if (marks & CB_MARK_BOLD)
		pkgw_puts(b, "<hh:bold/>");
	if (marks & CB_MARK_UNDERLINE)
		pkgw_puts(b, "<hh:underline type=\"BOTTOM\" shape=\"SOLID\" color=\"#000000\"/>");
	if (marks & CB_MARK_STRIKE)
		pkgw_puts(b, "<hh:strikeout shape=\"SOLID\" color=\"#000000\"/>");
	if (marks & CB_MARK_SUPERSCRIPT)
		pkgw_puts(b, "<hh:supscript/>");
	else if (marks & CB_MARK_SUBSCRIPT)
		pkgw_puts(b, "<hh:subscript/>");
	pkgw_puts(b, "</hh:charPr>");
}

static void char_properties(pkgw_buf *b)
{
	static const int heading_sizes[] = {1600, 1400, 1250, 1150, 1100, 1050};
	pkgw_printf(b, "<hh:charProperties itemCnt=\"%d\">", CP_COUNT);
	char_pr(b, CP_NORMAL, 1000, 0, "#000000", 0);
	char_pr(b, CP_LABEL, 1000, 1, "#000000", CB_MARK_BOLD);
	char_pr(b, CP_TITLE, 2400, 1, "#1F3864", CB_MARK_BOLD);
	char_pr(b, CP_SUBTITLE, 1300, 1, "#595959", 0);
	char_pr(b, CP_YEAR, 1600, 1, "#1F5FA8", CB_MARK_BOLD);
	for (int i = 0; i < 6; i++)
		char_pr(b, CP_HEADING + i, heading_sizes[i], 1, i < 2 ? "#1F3864" : "#000000",
		        CB_MARK_BOLD);
	for (unsigned m = 0; m < 64; m++)
		char_pr(b, CP_MARKS + (int)m, 1000, 0, "#000000", m);
	pkgw_puts(b, "</hh:charProperties>");
}

/* align, heading type and level, left margin, first-line indent, space before and after (all
 * HWPUNIT), line spacing (%), keep with next. */
static void para_pr(pkgw_buf *b, int id, const char *align, const char *heading, int level,
                    int left, int indent, int prev, int next, int spacing, bool keep)
{
	pkgw_printf(b, "<hh:paraPr id=\"%d\" tabPrIDRef=\"0\" condense=\"0\" fontLineHeight=\"0\" "
	               "snapToGrid=\"1\" suppressLineNumbers=\"0\" checked=\"0\"><hh:align "
	               "horizontal=\"%s\" vertical=\"BASELINE\"/><hh:heading type=\"%s\" "
	               "idRef=\"%d\" level=\"%d\"/><hh:breakSetting breakLatinWord=\"KEEP_WORD\" "
	               "breakNonLatinWord=\"KEEP_WORD\" widowOrphan=\"0\" keepWithNext=\"%d\" "
	               "keepLines=\"0\" pageBreakBefore=\"0\" lineWrap=\"BREAK\"/><hh:autoSpacing "
	               "eAsianEng=\"0\" eAsianNum=\"0\"/><hh:margin><hc:intent value=\"%d\" "
	               "unit=\"HWPUNIT\"/><hc:left value=\"%d\" unit=\"HWPUNIT\"/><hc:right "
	               "value=\"0\" unit=\"HWPUNIT\"/><hc:prev value=\"%d\" unit=\"HWPUNIT\"/>"
	               "<hc:next value=\"%d\" unit=\"HWPUNIT\"/></hh:margin><hh:lineSpacing "
	               "type=\"PERCENT\" value=\"%d\" unit=\"HWPUNIT\"/><hh:border "
	               "borderFillIDRef=\"%d\" offsetLeft=\"0\" offsetRight=\"0\" offsetTop=\"0\" "
	               "offsetBottom=\"0\" connect=\"0\" ignoreMargin=\"0\"/></hh:paraPr>",
	            id, align, heading, heading[0] == 'O' ? 1 : 0, level, keep, indent, left, prev,
	            next, spacing, BF_PARA);
}

static void para_properties(pkgw_buf *b)
{
	pkgw_printf(b, "<hh:paraProperties itemCnt=\"%d\">", PP_COUNT);
	para_pr(b, PP_BODY, "JUSTIFY", "NONE", 0, 0, 0, 0, 600, 160, false);
	para_pr(b, PP_CENTER, "CENTER", "NONE", 0, 0, 0, 0, 800, 160, false);
	para_pr(b, PP_COVER, "CENTER", "NONE", 0, 0, 0, 22000, 800, 160, false);
	for (int i = 0; i < 6; i++)
		para_pr(b, PP_HEADING + i, "LEFT", "OUTLINE", i, 0, 0, i < 2 ? 2000 : 1200, 600, 160,
		        true);
	/* A negative first-line indent hangs the marker out of the item's text. */
	for (int i = 0; i < 9; i++)
		para_pr(b, PP_LIST + i, "LEFT", "NONE", 0, 1600 * (i + 1), -1600, 0, 300, 160, false);
	para_pr(b, PP_CELL, "LEFT", "NONE", 0, 0, 0, 0, 0, 130, false);
	para_pr(b, PP_TOC1, "LEFT", "NONE", 0, 0, 0, 600, 200, 160, false);
	para_pr(b, PP_TOC2, "LEFT", "NONE", 0, 2000, 0, 0, 100, 160, false);
	pkgw_puts(b, "</hh:paraProperties>");
}

static void styles(pkgw_buf *b)
{
	pkgw_printf(b, "<hh:styles itemCnt=\"7\"><hh:style id=\"%d\" type=\"PARA\" name=\"바탕글\" "
	               "engName=\"Normal\" paraPrIDRef=\"%d\" charPrIDRef=\"%d\" nextStyleIDRef=\"0\" "
	               "langID=\"1042\" lockForm=\"0\"/>",
	            ST_NORMAL, PP_BODY, CP_NORMAL);
	for (int i = 0; i < 6; i++)
		pkgw_printf(b, "<hh:style id=\"%d\" type=\"PARA\" name=\"개요 %d\" engName=\"Outline %d\" "
		               "paraPrIDRef=\"%d\" charPrIDRef=\"%d\" nextStyleIDRef=\"0\" "
		               "langID=\"1042\" lockForm=\"0\"/>",
		            ST_OUTLINE + i, i + 1, i + 1, PP_HEADING + i, CP_HEADING + i);
	pkgw_puts(b, "</hh:styles>");
}

/* The outline numbering the sections name (outlineShapeIDRef="1"), with nothing to show. */
static void numberings(pkgw_buf *b)
{
	pkgw_puts(b, "<hh:numberings itemCnt=\"1\"><hh:numbering id=\"1\" start=\"0\">");
	for (int level = 1; level <= 7; level++)
		pkgw_printf(b, "<hh:paraHead start=\"1\" level=\"%d\" align=\"LEFT\" useInstWidth=\"1\" "
		               "autoIndent=\"1\" widthAdjust=\"0\" textOffsetType=\"PERCENT\" "
		               "textOffset=\"50\" numFormat=\"DIGIT\" charPrIDRef=\"4294967295\" "
		               "checkable=\"0\"/>",
		            level);
	pkgw_puts(b, "</hh:numbering></hh:numberings>");
}

void hw_header_xml(pkgw_buf *b, size_t nsecs)
{
	pkgw_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
	               "<hh:head " NS " version=\"1.2\" secCnt=\"%zu\"><hh:beginNum page=\"1\" "
	               "footnote=\"1\" endnote=\"1\" pic=\"1\" tbl=\"1\" equation=\"1\"/><hh:refList>",
	            nsecs);
	fonts(b);
	pkgw_puts(b, "<hh:borderFills itemCnt=\"4\">");
	border_fill(b, BF_NONE, "NONE", NULL);
	border_fill(b, BF_PARA, "NONE", NULL);
	border_fill(b, BF_CELL, "SOLID", NULL);
	border_fill(b, BF_LABEL, "SOLID", "#EDF1F7");
	pkgw_puts(b, "</hh:borderFills>");
	char_properties(b);
	pkgw_puts(b, "<hh:tabProperties itemCnt=\"1\"><hh:tabPr id=\"0\" autoTabLeft=\"0\" "
	             "autoTabRight=\"0\"/></hh:tabProperties>");
	numberings(b);
	para_properties(b);
	styles(b);
	pkgw_puts(b, "</hh:refList><hh:compatibleDocument targetProgram=\"HWP201X\">"
	             "<hh:layoutCompatibility/></hh:compatibleDocument><hh:docOption>"
	             "<hh:linkinfo path=\"\" pageInherit=\"0\" footnoteInherit=\"0\"/>"
	             "</hh:docOption><hh:trackchageConfig flags=\"56\"/></hh:head>");
}
