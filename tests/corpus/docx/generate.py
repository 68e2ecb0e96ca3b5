#!/usr/bin/env python3
"""Writes the word-recall expectations of the DOCX corpus test (tests/corpus-docx.c).

For each CORPUS/docx/NAME.docx, NAME.words lists (once each, in order of first appearance) the
words that `pandoc -f docx -t plain` finds in it: the reference the casebook reader is held to.
Maintainer tool; run it again only when the corpus changes, and review the diff:

    tests/corpus/docx/generate.py ../shared/corpus/real

What counts as a word must match words() in tests/corpus-docx.c:
  - a word is a run of ASCII letters and digits or of letters of the Latin-1/Latin Extended,
    Greek, Cyrillic, Hangul, kana and CJK blocks; everything else separates words;
  - ASCII letters are compared lower-cased (pandoc writes small capitals in upper case);
  - superscript and subscript digits count as digits (pandoc writes m^2 as "m²").
What pandoc adds that is not the document's text is removed before counting: the labels of its
list items ("1.  ", "a)  ", "-   ": a marker and at least two spaces at the start of a line) and
its note markers ("[1]").
"""
import os
import re
import subprocess
import sys

SUPERSUB = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")
LIST_LABEL = re.compile(r"^(\s*)(?:\(?[0-9]{1,4}[.)]|\(?[A-Za-z]{1,6}[.)]|[-*+•])\s{2,}",
                        re.MULTILINE)
NOTE_MARK = re.compile(r"\[[0-9]{1,4}\]")


def is_word_char(ch):
    o = ord(ch)
    if o < 0x80:
        return ch.isalnum()
    return ((0xC0 <= o <= 0x24F and o not in (0xD7, 0xF7)) or 0x370 <= o <= 0x3FF or
            0x400 <= o <= 0x4FF or 0x1100 <= o <= 0x11FF or 0x3040 <= o <= 0x30FF or
            0x3130 <= o <= 0x318F or 0x4E00 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7A3)


def words(text):
    out, cur = [], []
    for ch in text:
        if is_word_char(ch):
            cur.append(ch.lower() if ch.isascii() else ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/real"
    here = os.path.dirname(os.path.abspath(__file__))
    version = subprocess.run(["pandoc", "--version"], capture_output=True,
                             text=True).stdout.split("\n")[0]
    src = os.path.join(corpus, "docx")
    for name in sorted(os.listdir(src)):
        if not name.endswith(".docx"):
            continue
        run = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none",
                              os.path.join(src, name)], capture_output=True, text=True)
        text = LIST_LABEL.sub(r"\1", run.stdout)
        text = NOTE_MARK.sub(" ", text).translate(SUPERSUB)
        seen, unique = set(), []
        for w in words(text):
            if w not in seen:
                seen.add(w)
                unique.append(w)
        base = name[:-len(".docx")]
        with open(os.path.join(here, base + ".words"), "w", encoding="utf-8") as f:
            f.write("# words %s -t plain finds in %s\n" % (version, name))
            if run.returncode != 0:
                f.write("# pandoc could not read it (%s): only its conversion is checked\n"
                        % run.stderr.strip().split("\n")[0])
            for w in unique:
                f.write(w + "\n")


if __name__ == "__main__":
    main()
