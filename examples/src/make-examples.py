#!/usr/bin/env python3
"""Writes the fictional example submissions in examples/submissions/.

Every school, person, phone number and e-mail address here is invented (phones are 010-0000-xxxx,
mail is @example.org). The files cover every format casebook reads:

  text   UTF-8 (with and without a byte order mark), CP949, UTF-16LE and UTF-16BE
  docx   written by LibreOffice from the HTML files beside this script (needs soffice)
  hwpx   written here, part by part, in the layout Hangul uses (see FORMATS.md)
  hml    written here in HWPML 2.91, as Hangul's "Save as HWPML" does (one line, UTF-8 BOM)

The three oldest text examples (빛고을초, 무등중, 서석고) are kept as they were written and are not
touched. Usage: examples/src/make-examples.py [--no-docx]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "submissions")

# --- text ---------------------------------------------------------------------------------------

TEXTS = {
    "새빛특수학교_사례_bom.txt": ("utf-8-sig", """[2026 교육복지우선지원사업 사례 보고서]

기 관 명: 광주새빛특수학교
교육복지사 배치: 배치
사업명: 몸과 마음이 자라는 건강 교실
분야: 보건ㆍ복지
참여대상: 중·고등과정 9명(남 5명, 여 4명)
운영기간: 2026년 4월 6일 ~ 11월 27일
장소: 본교 보건실, 체육관
소요예산: 1,500천원
연계기관: 새빛구 보건소, 광주 재활체육센터
작성자: 교육복지사 한다정 (연락처 010-0000-4417)

가. 추진 배경
장애 학생의 비만과 운동 부족이 늘어 건강 관리가 필요하였다.
특히 학생 정하람은 체중 관리가 필요하다는 진단을 받았다.

나. 목표
규칙적인 신체 활동 습관을 기르고 스스로 건강을 돌보는 힘을 키운다.

다. 운영 내용
1) 주 2회 맞춤형 체육 활동
2) 월 1회 보건소 연계 건강 검진
3) 보호자와 함께하는 건강 요리 교실
어머니 오미란 님 등 여섯 가정이 요리 교실에 함께하였다.

라. 성과
하람이는 석 달 만에 스스로 운동 계획을 세우게 되었다.
참여 학생 9명 중 7명의 체력 평가 점수가 올랐다.

마. 향후 과제
방학 중 가정 연계 프로그램을 마련할 계획이다.
"""),
    "첨단중학교_사례_cp949.txt": ("cp949", """학교명: 첨단중학교
교육복지사 배치: 협력형
프로그램명: 마을이 함께 키우는 아이들
영역: 지역사회 연계
대상: 1~3학년 희망 학생 20명
기간: ‘26. 3. 9. ~ ‘26. 12. 11.
장소: 첨단동 행정복지센터, 본교 도서관
예산: 금 2,400,000원
협력기관: 첨단동 주민자치회, 첨단 작은도서관
작성자: 교사 문지후 (moon.jihu@example.org)

1) 추진 배경
맞벌이 가정이 많아 방과 후 돌봄 공백이 크다.

2) 운영 목표
마을 어른과 학생이 함께하는 배움터를 만든다.

3) 추진 과정
- 4월: 마을 배움터 발대식
- 6월: 마을 어르신과 함께하는 텃밭 가꾸기
- 9월: 김서준(2학년) 학생이 제안한 마을 지도 만들기

4) 성과 및 제언
참여 학생의 마을 소속감 설문 점수가 높아졌다.
주민자치회와의 협약을 이어 가야 한다.
"""),
    "운암고등학교_사례_utf16be.txt": ("utf-16-be-bom", """운암고등학교 교육복지 사례

학교명: 운암고등학교
교육복지사 배치: 배치교
사례명: 나를 만나는 시간, 또래 상담 동아리
영역: 심리ㆍ정서
대상: 1~2학년 또래상담자 14명
운영 기간: 2026-04-13 ~ 2026-12-04
장소: 본교 위(Wee) 클래스
예산: 3,000,000원
협력기관: 운암동 청소년상담복지센터
담당자: 교육복지사 서윤아

추진 배경

학업 스트레스와 교우 관계 문제로 상담을 요청하는 학생이 해마다 늘고 있다.

목표

또래상담자를 길러 친구의 어려움을 먼저 알아차리는 학교 문화를 만든다.

운영 내용

또래상담자 기초 교육 20시간을 운영하였다.
매주 점심시간에 '마음 쉼터'를 열었다.

성과

또래 상담 이용 건수가 1학기 31건에서 2학기 58건으로 늘었다.

시사점

상담 동아리 선배가 후배를 이끄는 구조를 만들어야 지속될 수 있다.
"""),
    "동림초등학교_사례.txt": ("utf-8", """□ 학교명: 동림초등학교
□ 교육복지사 배치: 미배치
□ 사례명: 기초가 튼튼한 방과후 공부방
□ 영역: 학습 지원
□ 대상: 2~4학년 기초학력 지원 대상 학생 11명
□ 기간: 2026. 3. 3.(화) ~ 2027. 2. 12.(금)
□ 장소: 본교 3층 공부방
□ 예산: 1,800,000원
□ 협력기관: 동림동 지역아동센터, 광주교대 학생 봉사단
□ 담당자: 교사 배수민(☎ 010-0000-3141)

□ 추진 배경
 ○ 기초학력 진단에서 읽기·셈하기 도움이 필요한 학생이 11명으로 나타났다.

□ 운영 목표
 ○ 학생마다 맞춤 학습 계획을 세워 기초학력을 끌어올린다.

□ 운영 내용
 ○ 주 3회 방과후 1:1 학습 코칭
 ○ 대학생 멘토와 함께하는 독서 활동
 ○ 박지안 학생은 멘토의 도움으로 받아쓰기를 꾸준히 연습하였다.

□ 성과
 ○ 학년말 재진단에서 11명 중 9명이 기준에 도달하였다.

□ 향후 과제
 ○ 방학 중에도 공부방을 열 수 있도록 예산을 확보한다.
"""),
}


def write_text(name, encoding, text):
    path = os.path.join(OUT, name)
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    with open(path, "wb") as f:
        f.write(data)


# --- Hangul documents ---------------------------------------------------------------------------
# A document is a list of blocks:
#   ("p", text)                 a paragraph in the body style (바탕글)
#   ("h", level, text)          a paragraph in the outline style 개요 N (Hangul's headings)
#   ("table", rows)             rows of cells; a cell is text or (text, colspan)
# Text may hold "\n" for a line break inside a paragraph.

HWP_DOCS = {
    "문산초등학교_사례.hwpx": {
        "title": "문산초 교육복지 사례",
        "creator": "문산초 교육복지실",
        "blocks": [
            ("p", "2026 교육복지우선지원사업 우수 사례"),
            ("table", [
                ["학교명", "문산초등학교", "교육복지사 배치", "배치"],
                ["사례명", ("감정 날씨를 말해요", 3)],
                ["영역", "심리ㆍ정서", "대상", "1~2학년 정서 지원 대상 8명"],
                ["운영 기간", "2026. 3. 23. ~ 12. 11.", "장소", "본교 Wee클래스 및 놀이치료실"],
                ["예산", "1,600천원", "협력기관", "문산동 아동보호전문기관,\n마음숲 놀이치료연구소"],
                ["담당자", ("교육복지사 유가람 (010-0000-6620)", 3)],
            ]),
            ("h", 1, "1. 추진 배경"),
            ("p", "저학년 가운데 감정을 말로 나타내지 못해 다툼이 잦은 학생이 많았다."),
            ("p", "김도윤(2학년)은 화가 나면 교실을 뛰쳐나가곤 하였다."),
            ("h", 1, "2. 운영 목표"),
            ("p", "\U000F02B1 자기 감정을 알아차리고 이름 붙이기\n"
                  "\U000F02B2 친구의 감정에 공감하며 말하기"),
            ("h", 1, "3. 운영 내용"),
            ("p", "\U000F02EF 매주 화요일 감정 날씨 일기 쓰기"),
            ("p", "\U000F02EF 놀이치료사와 함께하는 소집단 놀이 8회기"),
            ("p", "아버지 김태식 님도 부모 교육에 두 차례 참여하였다."),
            ("h", 1, "4. 성과"),
            ("p", "도윤이는 2학기에 교실을 뛰쳐나간 일이 한 번도 없었다."),
            ("h", 1, "5. 시사점 및 향후 과제"),
            ("p", "담임 교사와 놀이치료사의 정기 협의가 효과를 높였다."),
        ],
    },
    "상일중학교_사례.hwpx": {
        "title": "1",
        "creator": "user",
        "blocks": [
            ("table", [
                ["학교명", "상일중학교"],
                ["교육복지사 배치", "배치"],
                ["프로그램명", "수학 자신감 키움 교실"],
                ["영역", "학습"],
                ["대상", "1학년 12명"],
                ["기간", "2026.03.23.~2026.11.27."],
                ["장소", "본교 수학 교과교실"],
                ["예산", "금960,000원"],
                ["협력기관", "상일동 청소년문화의집"],
                ["작성자", "교사 남궁새롬"],
            ]),
            ("p", "□ 추진 배경"),
            ("p", " ○ 1학년 수학 기초 진단에서 분수 계산을 어려워하는 학생이 많았다."),
            ("p", "□ 운영 목표"),
            ("p", " ○ 작은 성공 경험으로 수학 자신감을 되찾는다."),
            ("p", "□ 운영 내용"),
            ("p", " ○ 주 2회 방과후 수학 놀이 수업\n ○ 대학생 멘토 1:2 질문 교실"),
            ("p", "□ 성과"),
            ("p", " ○ 참여 학생의 수학 효능감 검사 점수가 평균 18점 올랐다."),
            ("p", "□ 향후 계획"),
            ("p", " ○ 2학년까지 이어지는 연속 과정으로 넓힌다."),
        ],
    },
    "효광고등학교_사례.hml": {
        "title": "효광고 사례",
        "creator": "효광고",
        "blocks": [
            ("table", [
                ["학교명", "효광고등학교"],
                ["교육복지사 배치", "협력형"],
                ["사례명", "무대에 서는 우리"],
                ["영역", "문화ㆍ예술 체험"],
                ["대상", "1~3학년 연극 동아리 10명"],
                ["기간", "2026. 4. 1. ~ 2026. 12. 16."],
                ["장소", "본교 시청각실, 효광 아트홀"],
                ["예산", "2,000,000원"],
                ["협력기관", "효광구 문화재단"],
                ["담당자", "교사 황보은결"],
            ]),
            ("h", 1, "Ⅰ. 추진 배경"),
            ("p", "또래 앞에서 말하기를 두려워하는 학생이 많아 표현 활동이 필요하였다."),
            ("h", 1, "Ⅱ. 목표"),
            ("p", "연극 공연을 함께 만들며 자신감과 협력하는 힘을 기른다."),
            ("h", 1, "Ⅲ. 운영 내용"),
            ("p", "지역 극단 배우와 함께 대본을 쓰고 연습하였다.\n"
                  "학생 송지유는 처음으로 주인공을 맡았다."),
            ("h", 1, "Ⅳ. 성과"),
            ("p", "12월 발표회에 학부모와 주민 150명이 찾아왔다. 지유이가 소감을 발표하였다."),
            ("h", 1, "Ⅴ. 제언"),
            ("p", "지역 문화재단의 공연장 지원이 이어지도록 협약이 필요하다."),
        ],
    },
    "빛누리특수학교_사례.hml": {
        "title": "",
        "creator": "",
        "blocks": [
            ("p", "빛누리특수학교 교육복지 사례"),
            ("table", [
                ["학교명", "빛누리특수학교"],
                ["교육복지사 배치", "배치"],
                ["사례명", "함께 걷는 주말 나들이"],
                ["영역", "복지"],
                ["대상", "초등과정 학생 6명"],
                ["기간", "2026년 4월 11일 ~ 2026년 11월 14일"],
                ["장소", "광주 근교 숲길 및 공원"],
                ["예산", "1,200천원"],
                ["협력기관", "빛누리 장애인복지관"],
                ["담당자", "교육복지사 탁온유"],
            ]),
            ("p", "가. 추진 배경"),
            ("p", "주말에 집 밖으로 나갈 기회가 적은 학생과 가족이 많았다."),
            ("p", "나. 운영 목표"),
            ("p", "가족과 함께 걷는 경험으로 생활 반경을 넓힌다."),
            ("p", "다. 운영 내용"),
            ("p", "월 1회 토요일 숲길 걷기와 공원 소풍을 하였다. 보호자 진소영 씨가 "
                  "자원봉사자로 참여하였다."),
            ("p", "라. 성과"),
            ("p", "참여 가족 모두가 다음 해에도 참여하겠다고 답하였다."),
            ("p", "마. 제언"),
            ("p", "이동 지원 차량을 확보해야 참여 가정을 늘릴 수 있다."),
        ],
    },
}

NS = ('xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
      'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
      'xmlns:hp10="http://www.hancom.co.kr/hwpml/2016/paragraph" '
      'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
      'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" '
      'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
      'xmlns:hhs="http://www.hancom.co.kr/hwpml/2011/history" '
      'xmlns:hm="http://www.hancom.co.kr/hwpml/2011/master-page" '
      'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:opf="http://www.idpf.org/2007/opf/" '
      'xmlns:ooxmlchart="http://www.hancom.co.kr/hwpml/2016/ooxmlchart" '
      'xmlns:epub="http://www.idpf.org/2007/ops" '
      'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
LANGS = ["HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"]
LANG_ATTRS = ["hangul", "latin", "hanja", "japanese", "other", "symbol", "user"]


def per_lang(value):
    return " ".join('%s="%s"' % (a, value) for a in LANG_ATTRS)


def hwpx_header():
    fonts = "".join(
        '<hh:fontface lang="%s" fontCnt="1"><hh:font id="0" face="함초롬바탕" type="TTF" '
        'isEmbedded="0"><hh:typeInfo familyType="FCAT_GOTHIC" weight="6" proportion="0" '
        'contrast="0" strokeVariation="1" armStyle="1" letterform="1" midline="1" '
        'xHeight="1"/></hh:font></hh:fontface>' % lang for lang in LANGS)
    border = ('<hh:slash type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" '
              'Crooked="0" isCounter="0"/>%s<hh:diagonal type="SOLID" width="0.1 mm" '
              'color="#000000"/>')
    sides = "".join('<hh:%sBorder type="%%s" width="0.12 mm" color="#000000"/>' % s
                    for s in ["left", "right", "top", "bottom"])
    fills = "".join(
        '<hh:borderFill id="%d" threeD="0" shadow="0" centerLine="NONE" '
        'breakCellSeparateLine="0">%s</hh:borderFill>'
        % (i, border % (sides % ((kind,) * 4))) for i, kind in [(1, "NONE"), (2, "NONE"),
                                                                (3, "SOLID")])
    char = ('<hh:charPr id="%d" height="%d" textColor="#000000" shadeColor="#FFFFFFFF" '
            'useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="1">'
            '<hh:fontRef %s/><hh:ratio %s/><hh:spacing %s/><hh:relSz %s/><hh:offset %s/>%s'
            '</hh:charPr>')
    chars = "".join(char % (i, h, per_lang(0), per_lang(100), per_lang(0), per_lang(100),
                            per_lang(0), extra)
                    for i, h, extra in [(0, 1000, ""), (1, 1000, ""), (2, 1200, "<hh:bold/>")])
    para = ('<hh:paraPr id="%d" tabPrIDRef="0" condense="0" fontLineHeight="0" snapToGrid="1" '
            'suppressLineNumbers="0" checked="0"><hh:align horizontal="%s" vertical="BASELINE"/>'
            '<hh:heading type="%s" idRef="0" level="%d"/><hh:breakSetting '
            'breakLatinWord="KEEP_WORD" breakNonLatinWord="KEEP_WORD" widowOrphan="0" '
            'keepWithNext="0" keepLines="0" pageBreakBefore="0" lineWrap="BREAK"/>'
            '<hh:autoSpacing eAsianEng="0" eAsianNum="0"/><hh:margin><hc:intent value="0" '
            'unit="HWPUNIT"/><hc:left value="0" unit="HWPUNIT"/><hc:right value="0" '
            'unit="HWPUNIT"/><hc:prev value="0" unit="HWPUNIT"/><hc:next value="0" '
            'unit="HWPUNIT"/></hh:margin><hh:lineSpacing type="PERCENT" value="160" '
            'unit="HWPUNIT"/><hh:border borderFillIDRef="2" offsetLeft="0" offsetRight="0" '
            'offsetTop="0" offsetBottom="0" connect="0" ignoreMargin="0"/></hh:paraPr>')
    paras = (para % (0, "JUSTIFY", "NONE", 0) + para % (1, "CENTER", "NONE", 0) +
             para % (2, "LEFT", "OUTLINE", 0) + para % (3, "LEFT", "OUTLINE", 1))
    styles = ('<hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" '
              'charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/>'
              '<hh:style id="1" type="PARA" name="개요 1" engName="Outline 1" paraPrIDRef="2" '
              'charPrIDRef="2" nextStyleIDRef="1" langID="1042" lockForm="0"/>'
              '<hh:style id="2" type="PARA" name="개요 2" engName="Outline 2" paraPrIDRef="3" '
              'charPrIDRef="0" nextStyleIDRef="2" langID="1042" lockForm="0"/>')
    return (DECL + '<hh:head %s version="1.2" secCnt="1"><hh:beginNum page="1" footnote="1" '
            'endnote="1" pic="1" tbl="1" equation="1"/><hh:refList>'
            '<hh:fontfaces itemCnt="7">%s</hh:fontfaces>'
            '<hh:borderFills itemCnt="3">%s</hh:borderFills>'
            '<hh:charProperties itemCnt="3">%s</hh:charProperties>'
            '<hh:tabProperties itemCnt="1"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/>'
            '</hh:tabProperties>'
            '<hh:paraProperties itemCnt="4">%s</hh:paraProperties>'
            '<hh:styles itemCnt="3">%s</hh:styles></hh:refList>'
            '<hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/>'
            '</hh:compatibleDocument><hh:docOption><hh:linkinfo path="" pageInherit="0" '
            'footnoteInherit="0"/></hh:docOption><hh:trackchageConfig flags="56"/></hh:head>'
            % (NS, fonts, fills, chars, paras, styles))


def hwpx_runs(text, char=0):
    """A paragraph's runs: text with line breaks as hp:lineBreak."""
    lines = text.split("\n")
    inner = "<hp:lineBreak/>".join(escape(line) for line in lines)
    return '<hp:run charPrIDRef="%d"><hp:t>%s</hp:t></hp:run>' % (char, inner)


LINESEG = ('<hp:linesegarray><hp:lineseg textpos="0" vertpos="0" vertsize="1000" '
           'textheight="1000" baseline="850" spacing="600" horzpos="0" horzsize="42520" '
           'flags="393216"/></hp:linesegarray>')


class Ids:
    def __init__(self):
        self.n = 2147483648

    def next(self):
        self.n += 1
        return self.n


def hwpx_paragraph(ids, content, para=0, style=0):
    return ('<hp:p id="%d" paraPrIDRef="%d" styleIDRef="%d" pageBreak="0" columnBreak="0" '
            'merged="0">%s%s</hp:p>' % (ids.next(), para, style, content, LINESEG))


def hwpx_table(ids, rows):
    ncols = max(sum(c[1] if isinstance(c, tuple) else 1 for c in row) for row in rows)
    trs = []
    for r, row in enumerate(rows):
        col = 0
        tcs = []
        for cell in row:
            text, span = cell if isinstance(cell, tuple) else (cell, 1)
            paras = "".join(hwpx_paragraph(ids, hwpx_runs(line)) for line in text.split("\n"))
            tcs.append(
                '<hp:tc name="" header="0" hasMargin="0" protect="0" editable="0" dirty="0" '
                'borderFillIDRef="3"><hp:subList id="" textDirection="HORIZONTAL" '
                'lineWrap="BREAK" vertAlign="CENTER" linkListIDRef="0" linkListNextIDRef="0" '
                'textWidth="0" textHeight="0" hasTextRef="0" hasNumRef="0">%s</hp:subList>'
                '<hp:cellAddr colAddr="%d" rowAddr="%d"/><hp:cellSpan colSpan="%d" '
                'rowSpan="1"/><hp:cellSz width="%d" height="2000"/><hp:cellMargin left="510" '
                'right="510" top="141" bottom="141"/></hp:tc>'
                % (paras, col, r, span, 10630 * span))
            col += span
        trs.append("<hp:tr>%s</hp:tr>" % "".join(tcs))
    table = ('<hp:tbl id="%d" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" '
             'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" pageBreak="CELL" '
             'repeatHeader="1" rowCnt="%d" colCnt="%d" cellSpacing="0" borderFillIDRef="3" '
             'noAdjust="0"><hp:sz width="42520" widthRelTo="ABSOLUTE" height="%d" '
             'heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" '
             'flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" '
             'horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" '
             'horzOffset="0"/><hp:outMargin left="283" right="283" top="283" bottom="283"/>'
             '<hp:inMargin left="510" right="510" top="141" bottom="141"/>%s</hp:tbl>'
             % (ids.next() % 2000000000, len(rows), ncols, 2000 * len(rows), "".join(trs)))
    return hwpx_paragraph(ids, '<hp:run charPrIDRef="0">%s<hp:t/></hp:run>' % table)


SECPR = ('<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" '
         'outlineShapeIDRef="1" memoShapeIDRef="0" textVerticalWidthHead="0" '
         'masterPageCnt="0"><hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/>'
         '<hp:startNum pageStartsOn="BOTH" page="0" pic="0" tbl="0" equation="0"/>'
         '<hp:visibility hideFirstHeader="0" hideFirstFooter="0" hideFirstMasterPage="0" '
         'border="SHOW_ALL" fill="SHOW_ALL" hideFirstPageNum="0" hideFirstEmptyLine="0" '
         'showLineNumber="0"/><hp:pagePr landscape="WIDELY" width="59528" height="84188" '
         'gutterType="LEFT_ONLY"><hp:margin header="4252" footer="4252" gutter="0" '
         'left="8504" right="8504" top="5668" bottom="4252"/></hp:pagePr></hp:secPr>'
         '<hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" sameSz="1" '
         'sameGap="0"/></hp:ctrl>')


def hwpx_section(blocks):
    ids = Ids()
    parts = [hwpx_paragraph(ids, '<hp:run charPrIDRef="0">%s</hp:run>' % SECPR)]
    for b in blocks:
        if b[0] == "p":
            parts.append(hwpx_paragraph(ids, hwpx_runs(b[1])))
        elif b[0] == "h":
            parts.append(hwpx_paragraph(ids, hwpx_runs(b[2], 2), para=1 + b[1], style=b[1]))
        else:
            parts.append(hwpx_table(ids, b[1]))
    return DECL + "<hs:sec %s>%s</hs:sec>" % (NS, "".join(parts))


def preview(blocks):
    lines = []
    for b in blocks:
        if b[0] == "table":
            for row in b[1]:
                lines.append("".join("<%s>" % (c[0] if isinstance(c, tuple) else c)
                                     for c in row))
        else:
            lines.append(b[-1])
    return "\r\n".join(lines)[:1000]


def write_hwpx(name, doc):
    meta = ('<opf:metadata><opf:title>%s</opf:title><opf:language>ko</opf:language>'
            '<opf:meta name="creator" content="text">%s</opf:meta>'
            '<opf:meta name="subject" content="text"/><opf:meta name="description" '
            'content="text"/><opf:meta name="CreatedDate" content="text">2026-11-20T01:00:00Z'
            '</opf:meta><opf:meta name="ModifiedDate" content="text">2026-11-24T05:30:00Z'
            '</opf:meta></opf:metadata>' % (escape(doc["title"]), escape(doc["creator"])))
    hpf = (DECL + '<opf:package %s version="" unique-identifier="" id="">%s<opf:manifest>'
           '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
           '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
           '<opf:item id="settings" href="settings.xml" media-type="application/xml"/>'
           '</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>'
           '<opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>'
           % (NS, meta))
    version = (DECL + '<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
               'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" '
               'os="1" xmlVersion="1.2" application="Hancom Office Hangul" '
               'appVersion="10, 0, 0, 5060 WIN32LEWindows_8"/>')
    container = (DECL + '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:'
                 'container" xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>'
                 '<ocf:rootfile full-path="Contents/content.hpf" '
                 'media-type="application/hwpml-package+xml"/><ocf:rootfile '
                 'full-path="Preview/PrvText.txt" media-type="text/plain"/></ocf:rootfiles>'
                 '</ocf:container>')
    manifest = (DECL + '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0"/>')
    settings = (DECL + '<ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/'
                'app" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0">'
                '<ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/>'
                '</ha:HWPApplicationSetting>')
    # Hancom's entry order; mimetype and version.xml stored, the rest deflated, dated 1980.
    entries = [
        ("mimetype", b"application/hwp+zip", zipfile.ZIP_STORED),
        ("version.xml", version.encode(), zipfile.ZIP_STORED),
        ("Contents/header.xml", hwpx_header().encode(), zipfile.ZIP_DEFLATED),
        ("Contents/section0.xml", hwpx_section(doc["blocks"]).encode(), zipfile.ZIP_DEFLATED),
        ("Preview/PrvText.txt", preview(doc["blocks"]).encode(), zipfile.ZIP_DEFLATED),
        ("settings.xml", settings.encode(), zipfile.ZIP_DEFLATED),
        ("Contents/content.hpf", hpf.encode(), zipfile.ZIP_DEFLATED),
        ("META-INF/container.xml", container.encode(), zipfile.ZIP_DEFLATED),
        ("META-INF/manifest.xml", manifest.encode(), zipfile.ZIP_DEFLATED),
    ]
    with zipfile.ZipFile(os.path.join(OUT, name), "w") as z:
        for entry, data, method in entries:
            info = zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.create_system = 11  # "version made by" 2.3 from system 11, as Hancom writes
            info.create_version = 23
            z.writestr(info, data)


# --- HWPML ----------------------------------------------------------------------------------------

def hml_head(doc):
    fonts = "".join(
        '<FONTFACE Count="1" Lang="%s"><FONT Id="0" Name="함초롬바탕" Type="ttf"><TYPEINFO '
        'ArmStyle="1" Contrast="0" FamilyType="2" Letterform="1" Midline="1" Proportion="0" '
        'StrokeVariation="1" Weight="6" XHeight="1"/></FONT></FONTFACE>' % lang
        for lang in ["Hangul", "Latin", "Hanja", "Japanese", "Other", "Symbol", "User"])
    lang7 = 'Hangul="%s" Hanja="%s" Japanese="%s" Latin="%s" Other="%s" Symbol="%s" User="%s"'
    char = ('<CHARSHAPE BorderFillId="1" Height="%d" Id="%d" ShadeColor="4294967295" '
            'SymMark="0" TextColor="0" UseFontSpace="false" UseKerning="false"><FONTID %s/>'
            '<RATIO %s/><CHARSPACING %s/><RELSIZE %s/><CHAROFFSET %s/>%s</CHARSHAPE>')
    chars = "".join(char % (h, i, lang7 % ((0,) * 7), lang7 % ((100,) * 7), lang7 % ((0,) * 7),
                            lang7 % ((100,) * 7), lang7 % ((0,) * 7), extra)
                    for i, h, extra in [(0, 1000, ""), (1, 1200, "<BOLD/>")])
    para = ('<PARASHAPE Align="%s" AutoSpaceEAsianEng="false" AutoSpaceEAsianNum="false" '
            'BreakLatinWord="KeepWord" BreakNonLatinWord="true" Condense="0" '
            'FontLineHeight="false" HeadingType="%s" Id="%d" KeepLines="false" '
            'KeepWithNext="false" Level="%d" LineWrap="Break" PageBreakBefore="false" '
            'SnapToGrid="true" TabDef="0" VerAlign="Baseline" WidowOrphan="false"><PARAMARGIN '
            'Indent="0" Left="0" LineSpacing="160" LineSpacingType="Percent" Next="0" Prev="0" '
            'Right="0"/><PARABORDER BorderFill="2" Connect="false" IgnoreMargin="false"/>'
            '</PARASHAPE>')
    paras = para % ("Justify", "None", 0, 0) + para % ("Left", "Outline", 1, 0)
    border = ('<BORDERFILL BackSlash="0" BreakCellSeparateLine="0" CenterLine="0" '
              'CounterBackSlash="0" CounterSlash="0" CrookedSlash="0" Id="%d" Shadow="false" '
              'Slash="0" ThreeD="false"><LEFTBORDER Type="%s" Width="0.12mm"/><RIGHTBORDER '
              'Type="%s" Width="0.12mm"/><TOPBORDER Type="%s" Width="0.12mm"/><BOTTOMBORDER '
              'Type="%s" Width="0.12mm"/><DIAGONAL Type="Solid" Width="0.1mm"/></BORDERFILL>')
    fills = "".join(border % ((i,) + (t,) * 4) for i, t in [(1, "None"), (2, "None"),
                                                             (3, "Solid")])
    styles = ('<STYLE CharShape="0" EngName="Normal" Id="0" LangId="1042" LockForm="0" '
              'Name="바탕글" NextStyle="0" ParaShape="0" Type="Para"/><STYLE CharShape="1" '
              'EngName="Outline 1" Id="1" LangId="1042" LockForm="0" Name="개요 1" '
              'NextStyle="1" ParaShape="1" Type="Para"/>')
    summary = "<DOCSUMMARY>%s%s<DATE>2026년 11월 24일 화요일 오후 2:30:00</DATE></DOCSUMMARY>" % (
        "<TITLE>%s</TITLE>" % escape(doc["title"]) if doc["title"] else "",
        "<AUTHOR>%s</AUTHOR>" % escape(doc["creator"]) if doc["creator"] else "")
    return ('<HEAD SecCnt="1">%s<DOCSETTING><BEGINNUMBER Endnote="1" Equation="1" Footnote="1" '
            'Page="1" Picture="1" Table="1"/><CARETPOS List="0" Para="0" Pos="0"/>'
            '</DOCSETTING><MAPPINGTABLE><FACENAMELIST>%s</FACENAMELIST><BORDERFILLLIST '
            'Count="3">%s</BORDERFILLLIST><CHARSHAPELIST Count="2">%s</CHARSHAPELIST>'
            '<TABDEFLIST Count="1"><TABDEF AutoTabLeft="false" AutoTabRight="false" Id="0"/>'
            '</TABDEFLIST><PARASHAPELIST Count="2">%s</PARASHAPELIST><STYLELIST Count="2">%s'
            '</STYLELIST></MAPPINGTABLE><COMPATIBLEDOCUMENT TargetProgram="None">'
            '<LAYOUTCOMPATIBILITY/></COMPATIBLEDOCUMENT></HEAD>'
            % (summary, fonts, fills, chars, paras, styles))


def hml_text(text, char=0):
    lines = text.split("\n")
    return '<TEXT CharShape="%d">%s</TEXT>' % (
        char, "<LINEBREAK/>".join("<CHAR>%s</CHAR>" % escape(line) for line in lines))


def hml_paragraph(content, para=0, style=0):
    return ('<P ColumnBreak="false" PageBreak="false" ParaShape="%d" Style="%d">%s</P>'
            % (para, style, content))


def hml_table(rows):
    ncols = max(sum(c[1] if isinstance(c, tuple) else 1 for c in row) for row in rows)
    out = []
    for r, row in enumerate(rows):
        col = 0
        cells = []
        for cell in row:
            text, span = cell if isinstance(cell, tuple) else (cell, 1)
            paras = "".join(hml_paragraph(hml_text(line)) for line in text.split("\n"))
            cells.append(
                '<CELL BorderFill="3" ColAddr="%d" ColSpan="%d" Dirty="false" Editable="false" '
                'HasMargin="false" Header="false" Height="2000" Protect="false" RowAddr="%d" '
                'RowSpan="1" Width="%d"><CELLMARGIN Bottom="141" Left="510" Right="510" '
                'Top="141"/><PARALIST LineWrap="Break" LinkListID="0" LinkListIDNext="0" '
                'TextDirection="0" VertAlign="Center">%s</PARALIST></CELL>'
                % (col, span, r, 10630 * span, paras))
            col += span
        out.append("<ROW>%s</ROW>" % "".join(cells))
    table = ('<TABLE BorderFill="3" CellSpacing="0" ColCount="%d" PageBreak="Cell" '
             'RepeatHeader="true" RowCount="%d"><SHAPEOBJECT InstId="1" Lock="false" '
             'NumberingType="Table" TextWrap="TopAndBottom" ZOrder="0"><SIZE Height="%d" '
             'HeightRelTo="Absolute" Protect="false" Width="42520" WidthRelTo="Absolute"/>'
             '<POSITION AffectLSpacing="false" AllowOverlap="false" FlowWithText="true" '
             'HoldAnchorAndSO="false" HorzAlign="Left" HorzOffset="0" HorzRelTo="Column" '
             'TreatAsChar="true" VertAlign="Top" VertOffset="0" VertRelTo="Para"/>'
             '<OUTSIDEMARGIN Bottom="283" Left="283" Right="283" Top="283"/></SHAPEOBJECT>'
             '<INSIDEMARGIN Bottom="141" Left="510" Right="510" Top="141"/>%s</TABLE>'
             % (ncols, len(rows), 2000 * len(rows), "".join(out)))
    return hml_paragraph('<TEXT CharShape="0">%s<CHAR/></TEXT>' % table)


def write_hml(name, doc):
    secdef = ('<TEXT CharShape="0"><SECDEF CharGrid="0" FirstBorder="false" FirstFill="false" '
              'LineGrid="0" OutlineShape="1" SpaceColumns="1134" TabStop="8000" '
              'TextDirection="0" TextVerticalWidthHead="0"><STARTNUMBER Equation="0" '
              'Figure="0" Page="0" PageStartsOn="Both" Table="0"/><PAGEDEF GutterType="LeftOnly" '
              'Height="84188" Landscape="0" Width="59528"><PAGEMARGIN Bottom="4252" '
              'Footer="4252" Gutter="0" Header="4252" Left="8504" Right="8504" Top="5668"/>'
              '</PAGEDEF><PAGEBORDERFILL BorferFill="1" FillArea="Paper" FooterInside="false" '
              'HeaderInside="false" TextBorder="true" Type="Both"><PAGEOFFSET Bottom="1417" '
              'Left="1417" Right="1417" Top="1417"/></PAGEBORDERFILL></SECDEF><COLDEF Count="1" '
              'Layout="Left" SameGap="0" SameSize="true" Type="Newspaper"/><CHAR/></TEXT>')
    body = [hml_paragraph(secdef)]
    for b in doc["blocks"]:
        if b[0] == "p":
            body.append(hml_paragraph(hml_text(b[1])))
        elif b[0] == "h":
            body.append(hml_paragraph(hml_text(b[2], 1), para=1, style=1))
        else:
            body.append(hml_table(b[1]))
    tail = ('<TAIL><SCRIPTCODE Type="JScript" Version="1.0"><SCRIPTHEADER>var Documents = '
            'XHwpDocuments;\nvar Document = Documents.Active_XHwpDocument;\n</SCRIPTHEADER>'
            '<SCRIPTSOURCE>function OnDocument_New()\n{\n\t//todo : \n}\n\n</SCRIPTSOURCE>'
            '</SCRIPTCODE></TAIL>')
    text = ('<?xml version="1.0" encoding="UTF-8" standalone="no" ?><HWPML Style="embed" '
            'SubVersion="10.0.0.0" Version="2.91">%s<BODY><SECTION Id="0">%s</SECTION></BODY>%s'
            '</HWPML>' % (hml_head(doc), "".join(body), tail))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))


# --- DOCX through LibreOffice -----------------------------------------------------------------------

DOCX = ["두암초등학교_사례", "금호중학교_사례", "하남고등학교_사례"]


def write_docx(base):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui, or --no-docx")
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile, so that a running LibreOffice or the user's settings do not matter.
        subprocess.run([soffice, "-env:UserInstallation=file://%s/profile" % tmp, "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to",
                        "docx:MS Word 2007 XML", "--outdir", tmp,
                        os.path.join(HERE, base + ".html")], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, base + ".docx"), os.path.join(OUT, base + ".docx"))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (encoding, text) in TEXTS.items():
        write_text(name, encoding, text)
    for name, doc in HWP_DOCS.items():
        if name.endswith(".hwpx"):
            write_hwpx(name, doc)
        else:
            write_hml(name, doc)
    if "--no-docx" not in sys.argv:
        for base in DOCX:
            write_docx(base)


if __name__ == "__main__":
    main()
