/* The fixed parts of the DOCX package: styles, numbering, settings, fonts and the footer.
 *
 * Styles are Word's built-in ones under their built-in names ("heading 1", "Title", "toc 1"),
 * so that Word's navigation pane, its table of contents and its style gallery know them, and so
 * that other readers (LibreOffice, pandoc, casebook's own) find the headings by name or by
 * outline level. Every style names its font: 맑은 고딕 (Malgun Gothic) for Hangul and Latin
 * alike, the Korean font Windows ships; the document's language is Korean. */
#include "config.h"

#include "docxw.h"

#include <string.h>

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define FONT "맑은 고딕"

static void para_style(pkgw_buf *b, const char *id, const char *name, const char *based,
                       const char *ppr, const char *rpr)
{
	pkgw_printf(b, "<w:style w:type=\"paragraph\" w:styleId=\"%s\"><w:name w:val=\"%s\"/>", id,
	            name);
	if (based)
		pkgw_printf(b, "<w:basedOn w:val=\"%s\"/><w:next w:val=\"Normal\"/>", based);
	pkgw_puts(b, "<w:qFormat/>");
	if (ppr)
		pkgw_printf(b, "<w:pPr>%s</w:pPr>", ppr);
	if (rpr)
		pkgw_printf(b, "<w:rPr>%s</w:rPr>", rpr);
	pkgw_puts(b, "</w:style>\n");
}

void dw_styles_xml(pkgw_buf *b)
{
	pkgw_puts(b, DECL "<w:styles " W_NS ">\n<w:docDefaults><w:rPrDefault><w:rPr>"
	             "<w:rFonts w:ascii=\"" FONT "\" w:eastAsia=\"" FONT "\" w:hAnsi=\"" FONT "\" "
	             "w:cs=\"" FONT "\"/><w:kern w:val=\"2\"/><w:sz w:val=\"21\"/>"
	             "<w:szCs w:val=\"21\"/><w:lang w:val=\"ko-KR\" w:eastAsia=\"ko-KR\" "
	             "w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
	             "<w:spacing w:after=\"120\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr>"
	             "</w:pPrDefault></w:docDefaults>\n"
	             "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	             "<w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"both\"/></w:pPr>"
	             "<w:rPr><w:rFonts w:ascii=\"" FONT "\" w:eastAsia=\"" FONT "\" "
	             "w:hAnsi=\"" FONT "\"/></w:rPr></w:style>\n"
	             "<w:style w:type=\"character\" w:default=\"1\" "
	             "w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>"
	             "<w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\n"
	             "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	             "<w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" "
	             "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left "
	             "w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right "
	             "w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\n"
	             "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\">"
	             "<w:name w:val=\"No List\"/><w:semiHidden/></w:style>\n");
	para_style(b, "Title", "Title", "Normal",
	           "<w:spacing w:before=\"240\" w:after=\"240\"/><w:jc w:val=\"center\"/>",
	           "<w:rFonts w:ascii=\"" FONT "\" w:eastAsia=\"" FONT "\" w:hAnsi=\"" FONT "\"/>"
	           "<w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/>");
	para_style(b, "Subtitle", "Subtitle", "Normal", "<w:jc w:val=\"center\"/>",
	           "<w:color w:val=\"595959\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>");
	para_style(b, "CoverYear", "Cover Year", "Normal", "<w:jc w:val=\"center\"/>",
	           "<w:b/><w:color w:val=\"1F5FA8\"/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>");
	static const int sizes[] = {32, 28, 25, 23, 22, 21};
	static const char *const colors[] = {"1F3864", "1F5FA8", "1F5FA8", "262626", "262626",
	                                     "262626"};
	for (int i = 0; i < 6; i++) {
		char id[32], name[32], ppr[160], rpr[200];
		snprintf(id, sizeof id, "Heading%d", i + 1);
		snprintf(name, sizeof name, "heading %d", i + 1);
		snprintf(ppr, sizeof ppr, "<w:keepNext/><w:keepLines/><w:spacing w:before=\"%d\" "
		                          "w:after=\"120\"/><w:jc w:val=\"left\"/><w:outlineLvl "
		                          "w:val=\"%d\"/>",
		         i < 2 ? 360 : 240, i);
		snprintf(rpr, sizeof rpr, "<w:b/><w:color w:val=\"%s\"/><w:sz w:val=\"%d\"/>"
		                          "<w:szCs w:val=\"%d\"/>",
		         colors[i], sizes[i], sizes[i]);
		para_style(b, id, name, "Normal", ppr, rpr);
	}
	para_style(b, "TOCHeading", "TOC Heading", "Heading1", "<w:outlineLvl w:val=\"9\"/>", NULL);
	for (int i = 0; i < 3; i++) {
		char id[32], name[32], ppr[120];
		snprintf(id, sizeof id, "TOC%d", i + 1);
		snprintf(name, sizeof name, "toc %d", i + 1);
		snprintf(ppr, sizeof ppr, "<w:spacing w:after=\"60\"/><w:ind w:left=\"%d\"/>"
		                          "<w:jc w:val=\"left\"/>",
		         i * 400);
		para_style(b, id, name, "Normal", ppr, i == 0 ? "<w:b/>" : NULL);
	}
	para_style(b, "ListParagraph", "List Paragraph", "Normal",
	           "<w:ind w:left=\"800\"/><w:jc w:val=\"left\"/>", NULL);
	para_style(b, "TableText", "Table Text", "Normal",
	           "<w:spacing w:after=\"0\"/><w:jc w:val=\"left\"/>", NULL);
	para_style(b, "TableHeading", "Table Heading", "TableText", NULL, "<w:b/><w:bCs/>");
	para_style(b, "FootnoteText", "footnote text", "Normal", "<w:spacing w:after=\"0\"/>",
	           "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>");
	para_style(b, "Footer", "footer", "Normal", "<w:jc w:val=\"center\"/>", NULL);
	pkgw_puts(b, "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\">"
	             "<w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign "
	             "w:val=\"superscript\"/></w:rPr></w:style>\n"
	             "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name "
	             "w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"1F5FA8\"/><w:u w:val=\"single\"/>"
	             "</w:rPr></w:style>\n"
	             "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
	             "<w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>"
	             "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	             "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	             "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	             "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	             "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	             "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	             "</w:tblBorders></w:tblPr></w:style>\n</w:styles>\n");
}

/* The numbering format and level text of a list style (OOXML names ganada 가나다 and chosung
 * ㄱㄴㄷ). */
static void list_format(const dw_list *l, int ilvl, const char **fmt, char *text, size_t size)
{
	static const struct {
		const char *style, *fmt;
	} formats[] = {{"lower-alpha", "lowerLetter"}, {"upper-alpha", "upperLetter"},
	               {"lower-roman", "lowerRoman"},  {"upper-roman", "upperRoman"},
	               {"hangul", "ganada"},           {"hangul-jamo", "chosung"},
	               {"circled", "decimalEnclosedCircle"}};
	if (!l->ordered) {
		*fmt = "bullet";
		snprintf(text, size, "%s", l->has_style && strlen(l->style) <= 4 ? l->style : "•");
		return;
	}
	*fmt = "decimal";
	for (size_t i = 0; l->has_style && i < sizeof formats / sizeof *formats; i++)
		if (strcmp(l->style, formats[i].style) == 0)
			*fmt = formats[i].fmt;
	snprintf(text, size, strcmp(*fmt, "decimalEnclosedCircle") == 0 ? "%%%d" : "%%%d.",
	         ilvl + 1);
}

void dw_numbering_xml(const dw *w, pkgw_buf *b)
{
	pkgw_puts(b, DECL "<w:numbering " W_NS ">\n");
	/* One abstract numbering per list, every level alike: a list's items sit at the level of
	 * its nesting, whichever that is. */
	for (size_t i = 0; i < w->nlists; i++) {
		const dw_list *l = &w->lists[i];
		pkgw_printf(b, "<w:abstractNum w:abstractNumId=\"%zu\"><w:multiLevelType "
		               "w:val=\"hybridMultilevel\"/>",
		            i);
		for (int lvl = 0; lvl < 9; lvl++) {
			const char *fmt;
			char text[32];
			list_format(l, lvl, &fmt, text, sizeof text);
			pkgw_printf(b, "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"%ld\"/><w:numFmt "
			               "w:val=\"%s\"/><w:lvlText w:val=\"",
			            lvl, l->start < 0 ? 0 : l->start, fmt);
			pkgw_xml_str(b, text);
			pkgw_printf(b, "\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"%d\" "
			               "w:hanging=\"400\"/></w:pPr></w:lvl>",
			            400 * (lvl + 1));
		}
		pkgw_puts(b, "</w:abstractNum>\n");
	}
	for (size_t i = 0; i < w->nlists; i++)
		pkgw_printf(b, "<w:num w:numId=\"%zu\"><w:abstractNumId w:val=\"%zu\"/></w:num>\n",
		            i + 1, i);
	pkgw_puts(b, "</w:numbering>\n");
}

void dw_settings_xml(const dw *w, pkgw_buf *b)
{
	/* updateFields: Word fills in the table of contents' page numbers when it opens the file
	 * (after asking), since only a layout engine knows them. */
	pkgw_puts(b, DECL "<w:settings " W_NS "><w:zoom w:percent=\"100\"/>"
	             "<w:defaultTabStop w:val=\"800\"/>"
	             "<w:characterSpacingControl w:val=\"doNotCompress\"/>");
	if (w->casebook)
		pkgw_puts(b, "<w:updateFields w:val=\"true\"/>");
	if (w->nnotes)
		pkgw_puts(b, "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/>"
		             "</w:footnotePr>");
	pkgw_puts(b, "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	             "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	             "<w:themeFontLang w:val=\"ko-KR\" w:eastAsia=\"ko-KR\"/></w:settings>\n");
}

void dw_font_table_xml(pkgw_buf *b)
{
	pkgw_puts(b, DECL "<w:fonts " W_NS "><w:font w:name=\"" FONT "\"><w:altName "
	             "w:val=\"Malgun Gothic\"/><w:charset w:val=\"81\"/><w:family w:val=\"swiss\"/>"
	             "<w:pitch w:val=\"variable\"/></w:font></w:fonts>\n");
}

void dw_footer_xml(pkgw_buf *b)
{
	pkgw_puts(b, DECL "<w:ftr " W_NS "><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
	             "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText "
	             "xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar "
	             "w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar "
	             "w:fldCharType=\"end\"/></w:r></w:p></w:ftr>\n");
}
