#!/bin/sh
# Fails when a public symbol of the plugin-facing headers has no documentation comment.
#
# Checked: every function prototype, typedef, public struct member and CB_* macro of the headers
# below. A declaration counts as documented when a comment ends on the same line, or when a
# comment appears above it in the same paragraph (lines without a blank between them), so that
# one comment may document a small group of related functions. Struct members need their own
# comment, on their line or just above it. Enum constants are covered by their enum's comment.
# Usage: tests/header-docs.sh [SRCDIR]   (default: $CB_TEST_SRCDIR, then $srcdir, then .)
set -eu
top=${1:-${CB_TEST_SRCDIR:-${srcdir:-.}}}
headers="plugin.h model.h diag.h container.h xml.h conformance.h"

status=0
for h in $headers; do
	file="$top/include/casebook/$h"
	if [ ! -r "$file" ]; then
		echo "header-docs: cannot read $file" >&2
		status=1
		continue
	fi
	awk -v file="$file" '
	function report(what) {
		printf "%s:%d: %s has no documentation comment\n", file, NR, what
		bad++
	}
	BEGIN { in_comment = 0; documented = 0; body = ""; prev_comment = 0; bad = 0 }
	{
		line = $0
		comment_here = 0
		code = ""
		# Split the line into code and comment, carrying multi-line comments over.
		rest = line
		while (length(rest) > 0) {
			if (in_comment) {
				end = index(rest, "*/")
				comment_here = 1
				if (end == 0) { rest = ""; break }
				rest = substr(rest, end + 2)
				in_comment = 0
			} else {
				start = index(rest, "/*")
				if (start == 0) { code = code rest; rest = ""; break }
				code = code substr(rest, 1, start - 1)
				rest = substr(rest, start + 2)
				in_comment = 1
			}
		}
		blank = (line ~ /^[ \t]*$/)
		if (blank) { documented = 0; prev_comment = 0; next }
		has_doc = comment_here || documented
		# Struct and enum bodies.
		if (body != "") {
			if (code ~ /^[ \t]*}/) {
				body = ""
			} else if (body == "struct" && code ~ /;[ \t]*$/ && code !~ /^[ \t]*$/) {
				if (!comment_here && !prev_comment) {
					member = code
					sub(/;[ \t]*$/, "", member)
					sub(/.*[ *]/, "", member)
					sub(/\[.*/, "", member)
					report("member " member)
				}
			}
		} else if (code ~ /^[ \t]*typedef[ \t]+(struct|enum)[^;]*\{/) {
			name = code
			sub(/^[ \t]*typedef[ \t]+(struct|enum)[ \t]+/, "", name)
			sub(/[ \t{].*/, "", name)
			if (name == "" && code ~ /}/) { # a one-line anonymous typedef
				name = code
				sub(/.*}[ \t]*/, "", name)
				sub(/[ \t;].*/, "", name)
			}
			if (!has_doc) report("type " name)
			if (code !~ /}/) body = (code ~ /struct/) ? "struct" : "enum"
		} else if (code ~ /^[ \t]*enum[ \t]*\{/) {
			if (!has_doc) report("anonymous enum")
			body = "enum"
		} else if (code ~ /^[ \t]*typedef[ \t]/) {
			name = code
			if (name ~ /\(\*/) { sub(/.*\(\*/, "", name); sub(/\).*/, "", name) }
			else { sub(/;.*/, "", name); sub(/.*[ *]/, "", name) }
			if (!has_doc) report("type " name)
		} else if (code ~ /^#[ \t]*define[ \t]+CB_[A-Z0-9_]+/) {
			name = code
			sub(/^#[ \t]*define[ \t]+/, "", name)
			sub(/[ \t(].*/, "", name)
			if (!has_doc) report("macro " name)
		} else if (code ~ /^[A-Za-z].*[ *]cb_[a-z0-9_]+[ \t]*\(/ && code !~ /^#/) {
			name = code
			sub(/[ \t]*\(.*/, "", name)
			sub(/.*[ *]/, "", name)
			if (!has_doc) report("function " name)
		}
		if (comment_here) documented = 1
		prev_comment = comment_here && code ~ /^[ \t]*$/
	}
	END { exit bad > 0 }
	' "$file" || status=1
done
[ $status -eq 0 ] && echo "header-docs: every public symbol of $headers is documented"
exit $status
