/* test_license_match.c - license detection on real texts: canonical texts named exactly
 * (near variants told apart), embedded texts with line ranges, notices, tags, references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "license/license.h"

#define MAX_GOT 16

struct got {
	char spdx[MAX_GOT][128];
	char kind[MAX_GOT][16];
	uint32_t a[MAX_GOT], b[MAX_GOT];
	size_t n;
};

static struct dp_license_corpus *corpus;

static int setup(void **state)
{
	struct dp_error err;
	(void)state;
	corpus = dp_license_corpus_load(&err);
	if (!corpus)
		fprintf(stderr, "%s\n", err.msg);
	return corpus ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_license_corpus_free(corpus);
	return 0;
}

static void collect(void *ctx, const struct dp_license_hit *h)
{
	struct got *g = ctx;
	if (g->n == MAX_GOT)
		return;
	snprintf(g->spdx[g->n], sizeof(g->spdx[0]), "%s", h->spdx);
	snprintf(g->kind[g->n], sizeof(g->kind[0]), "%s", h->kind);
	g->a[g->n] = h->line_start;
	g->b[g->n] = h->line_end;
	g->n++;
}

static void scan(const char *text, size_t len, struct got *g)
{
	memset(g, 0, sizeof(*g));
	assert_int_equal(dp_license_scan(corpus, text, len, collect, g), DP_OK);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long sz;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)sz + 1);
	assert_non_null(b);
	*len = fread(b, 1, (size_t)sz, f);
	b[*len] = '\0';
	fclose(f);
	return b;
}

/* Every fixture text is found as exactly its own license (the file stem), kind text. */
static void canonical_texts_exact(void **state)
{
	const char *dir = DP_SOURCE_DIR "/fixtures/licenses";
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned checked = 0;
	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024], id[128];
		size_t len, n = strlen(e->d_name);
		char *text;
		struct got g;
		if (n < 5 || strcmp(e->d_name + n - 4, ".txt") || !strcmp(e->d_name, "SOURCE.txt"))
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)(n - 4), e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		text = slurp(path, &len);
		scan(text, len, &g);
		if (g.n != 1 || strcmp(g.spdx[0], id) != 0)
			fail_msg("%s: found %zu, first %s", id, g.n, g.n ? g.spdx[0] : "-");
		assert_string_equal(g.kind[0], "text");
		free(text);
		checked++;
	}
	closedir(d);
	assert_true(checked >= 30);
}

/* Two texts embedded in a longer file, each with its own line range. */
static void embedded_texts_with_lines(void **state)
{
	size_t l1, l2;
	char *mit = slurp(DP_SOURCE_DIR "/fixtures/licenses/MIT.txt", &l1);
	char *bsd = slurp(DP_SOURCE_DIR "/fixtures/licenses/BSD-3-Clause.txt", &l2);
	const char *head = "# Third-party notices\n\nThe parser comes from libfoo:\n\n";
	const char *mid = "\n\n----\nThe tokenizer comes from libbar:\n\n";
	size_t n = strlen(head) + l1 + strlen(mid) + l2;
	char *all = malloc(n + 1);
	struct got g;
	(void)state;
	snprintf(all, n + 1, "%s%s%s%s", head, mit, mid, bsd);
	scan(all, n, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.spdx[0], "MIT");
	assert_string_equal(g.spdx[1], "BSD-3-Clause");
	assert_true(g.a[0] >= 5 && g.b[0] < g.a[1]);
	assert_true(g.b[1] > g.a[1]);
	free(all);
	free(mit);
	free(bsd);
}

static void notices_only_vs_or_later(void **state)
{
	const char *only =
		"/*\n * Copyright (C) 2001 Someone\n *\n"
		" * This program is free software; you can redistribute it and/or modify\n"
		" * it under the terms of the GNU General Public License as published by\n"
		" * the Free Software Foundation; version 2.\n *\n"
		" * This program is distributed in the hope that it will be useful,\n"
		" * but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		" * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		" * GNU General Public License for more details.\n *\n"
		" * You should have received a copy of the GNU General Public License\n"
		" * along with this program; if not, write to the Free Software\n"
		" * Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.\n"
		" */\nint x;\n";
	const char *short_only = "# This file is free software, distributed under the terms of\n"
		"# the GNU General Public License as published by the Free Software\n"
		"# Foundation, version 2.\n";
	const char *later =
		"# This program is free software; you can redistribute it and/or modify\n"
		"# it under the terms of the GNU General Public License as published by\n"
		"# the Free Software Foundation; either version 2 of the License, or\n"
		"# (at your option) any later version.\n#\n"
		"# This program is distributed in the hope that it will be useful,\n"
		"# but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		"# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		"# GNU General Public License for more details.\n";
	struct got g;
	(void)state;
	scan(only, strlen(only), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "GPL-2.0-only");
	assert_string_equal(g.kind[0], "notice");
	assert_int_equal(g.a[0], 4);
	scan(later, strlen(later), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "GPL-2.0-or-later");
	/* not the standard wording: read as a reference, with its version */
	scan(short_only, strlen(short_only), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "GPL-2.0-only");
	assert_string_equal(g.kind[0], "reference");
}

static void apache_notice(void **state)
{
	const char *t =
		"# Licensed under the Apache License, Version 2.0 (the \"License\");\n"
		"# you may not use this file except in compliance with the License.\n"
		"# You may obtain a copy of the License at\n#\n"
		"#     http://www.apache.org/licenses/LICENSE-2.0\n#\n"
		"# Unless required by applicable law or agreed to in writing, software\n"
		"# distributed under the License is distributed on an \"AS IS\" BASIS,\n"
		"# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n"
		"# See the License for the specific language governing permissions and\n"
		"# limitations under the License.\n";
	struct got g;
	(void)state;
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "Apache-2.0");
	assert_string_equal(g.kind[0], "notice");
	assert_int_equal(g.a[0], 1);
	assert_int_equal(g.b[0], 11);
}

static void tags_and_references(void **state)
{
	const char *t =
		"// SPDX-License-Identifier: (MIT OR Apache-2.0) AND gpl-2.0-only WITH Linux-syscall-note\n"
		"int main(void) { return 0; }\n"
		"This dataset is licensed under a Creative Commons Attribution-NonCommercial 4.0\n"
		"International License.\n"
		"See https://creativecommons.org/licenses/by-sa/3.0/ for the images.\n";
	struct got g;
	(void)state;
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.spdx[0], "(MIT OR Apache-2.0) AND GPL-2.0-only WITH Linux-syscall-note");
	assert_string_equal(g.kind[0], "tag");
	assert_string_equal(g.spdx[1], "CC-BY-NC-4.0");
	assert_string_equal(g.kind[1], "reference");
	assert_int_equal(g.a[1], 3);
	assert_string_equal(g.spdx[2], "CC-BY-SA-3.0");
	assert_int_equal(g.a[2], 5);
}

/* A dataset card: a License section, names in passing, acronyms. */
static void card_sections_and_mentions(void **state)
{
	const char *t =
		"# My dataset\n\nText from the web.\n\n## License\n\n"
		"CC BY-NC 4.0. See LICENSE for the terms.\n\n"
		"## Code\n\nThe loader script is GPLv3+ and the tokenizer is under the\n"
		"MIT license.\n";
	struct got g;
	(void)state;
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.spdx[0], "CC-BY-NC-4.0");
	assert_int_equal(g.a[0], 7);
	assert_string_equal(g.spdx[1], "GPL-3.0-or-later");
	assert_int_equal(g.a[1], 11);
	assert_string_equal(g.spdx[2], "MIT");
	assert_int_equal(g.a[2], 12);
	/* several names after one phrase */
	t = " * Dual licensed under the MIT and Apache 2.0 licenses.\n";
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.spdx[0], "Apache-2.0");
	assert_string_equal(g.spdx[1], "MIT");
	/* a "License:" field is read whole (Debian copyright, RPM spec, PKG-INFO) */
	t = "Files: *\nCopyright: 2001 Someone\nLicense: GPL-2+ or MIT\n";
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "GPL-2.0-or-later OR MIT");
	assert_int_equal(g.a[0], 3);
	/* "GPL-compatible" and "GPL Exception" name no license */
	t = "This library is GPL-compatible.\nThe Qt Company GPL Exception 1.0\n";
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 0);
}

/* Exactly the ids in `want` (space-separated, any order), each once. */
static void expect_ids(const char *text, const char *want)
{
	struct got g;
	const char *p = want;
	size_t n = 0, i, k;
	int found;

	scan(text, strlen(text), &g);
	while (*p) {
		k = strcspn(p, " ");
		for (i = 0, found = 0; i < g.n; i++)
			found |= strlen(g.spdx[i]) == k && !strncmp(g.spdx[i], p, k);
		if (!found)
			fail_msg("%.*s not found in: %.60s", (int)k, p, text);
		n++;
		p += k;
		p += *p == ' ';
	}
	if (g.n != n)
		fail_msg("%zu ids found, %zu wanted (%s) in: %.60s", g.n, n, want, text);
}

/* Creative Commons short names need no grant phrase when they carry a version; the NC,
 * SA and ND elements are kept; an unversioned one names no license. */
static void cc_short_names(void **state)
{
	(void)state;
	expect_ids("Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)\n", "CC-BY-NC-4.0");
	expect_ids("Data: CC-BY-SA-4.0. Code: see the repository.\n", "CC-BY-SA-4.0");
	expect_ids("| corpus | cc by-nc-nd 3.0 igo |\n", "CC-BY-NC-ND-3.0-IGO");
	expect_ids("Images CC BY 2.0, captions CC BY-SA v3.0\n", "CC-BY-2.0 CC-BY-SA-3.0");
	expect_ids("Tagged CC BY only, no version given.\n", "");
	expect_ids("The ACC BY 4.0 rule and DCC-BY-2 parts\n", "");
	/* ported versions are their own ids, an unknown port is no generic one */
	expect_ids("Maps: CC-BY-SA-3.0-DE, icons CC-BY-3.0-US, photos CC-BY-SA-2.0-XX\n",
		   "CC-BY-SA-3.0-DE CC-BY-3.0-US");
	expect_ids("Text: CC-BY-4.0 International\n", "CC-BY-4.0");
	/* "licensed by <licensor> under <name>" */
	expect_ids("This file is licensed by Example Corp. under the BSD (revised) license.\n",
		   "BSD-3-Clause");
}

/* Mozilla-style headers differ only in the name they grant. */
static void named_mozilla_style_notice(void **state)
{
	const char *npl =
		"# The contents of this file are subject to the Netscape Public\n"
		"# License Version 1.1 (the \"License\"); you may not use this file\n"
		"# except in compliance with the License. You may obtain a copy of\n"
		"# the License at http://www.mozilla.org/NPL/\n#\n"
		"# Software distributed under the License is distributed on an \"AS\n"
		"# IS\" basis, WITHOUT WARRANTY OF ANY KIND, either express or\n"
		"# implied. See the License for the specific language governing\n"
		"# rights and limitations under the License.\n#\n"
		"# The Original Code is mozilla.org code.\n";
	const char *cairo =
		" * The contents of this file are subject to the Mozilla Public License\n"
		" * Version 1.1 (the \"License\"); you may not use this file except in\n"
		" * compliance with the License. You may obtain a copy of the License at\n"
		" * http://www.mozilla.org/MPL/\n *\n"
		" * This software is distributed on an \"AS IS\" basis, WITHOUT WARRANTY\n"
		" * OF ANY KIND, either express or implied. See the License for\n"
		" * the specific language governing rights and limitations.\n";
	(void)state;
	expect_ids(npl, "NPL-1.1");
	expect_ids(cairo, "MPL-1.1");
	expect_ids(" * The contents of this file are subject to the Mozilla Public License Version\n"
		   " * 1.1 (the \"License\"); you may not use this file except in compliance with\n"
		   " * the License.\n", "MPL-1.1");
}

/* A GPL notice after a BSD text is a second license, not the BSD text's appendix. */
static void notice_after_other_text(void **state)
{
	const char *t =
		"Redistribution and use in source and binary forms, with or without modification, "
		"are permitted provided that the following conditions are met:\n"
		"* Redistributions of source code must retain the above copyright notice, this list "
		"of conditions and the following disclaimer.\n"
		"* Redistributions in binary form must reproduce the above copyright notice, this "
		"list of conditions and the following disclaimer in the documentation and/or other "
		"materials provided with the distribution.\n"
		"THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND "
		"ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED "
		"WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. "
		"IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, "
		"INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT "
		"NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR "
		"PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, "
		"WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) "
		"ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE "
		"POSSIBILITY OF SUCH DAMAGE.\n\n"
		"This program is free software; you can redistribute it and/or modify it under the "
		"terms of the GNU General Public License as published by the Free Software "
		"Foundation; either version 2 of the License, or (at your option) any later "
		"version.\n\nThis program is distributed in the hope that it will be useful, but "
		"WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or "
		"FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more "
		"details.\n";
	(void)state;
	expect_ids(t, "BSD-2-Clause GPL-2.0-or-later");
}

/* GNU notices: family, version and "or later" read from the notice's own words. */
static void gnu_notice_words(void **state)
{
	const char *lib_gpl =
		"// This file is part of the GNU ISO C++ Library.  This library is free\n"
		"// software; you can redistribute it and/or modify it under the\n"
		"// terms of the GNU General Public License as published by the\n"
		"// Free Software Foundation; either version 2, or (at your option)\n"
		"// any later version.\n\n"
		"// This library is distributed in the hope that it will be useful,\n"
		"// but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		"// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		"// GNU General Public License for more details.\n\n"
		"// You should have received a copy of the GNU General Public License along\n"
		"// with this library; see the file COPYING.  If not, write to the Free\n"
		"// Software Foundation, 59 Temple Place - Suite 330, Boston, MA 02111-1307,\n"
		"// USA.\n";
	const char *lesser_before =
		" * This program is free software; you can redistribute it and/or\n"
		" * modify it under the terms of version 3 of the GNU Lesser General\n"
		" * Public License as published by the Free Software Foundation.\n *\n"
		" * This program is distributed in the hope that it will be useful,\n"
		" * but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		" * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU\n"
		" * Lesser General Public License for more details.\n *\n"
		" * You should have received a copy of the GNU Lesser General Public License\n"
		" * along with this program; if not, see <http://www.gnu.org/licenses/>\n";
	const char *lesser_plain =
		" * This program is free software; you can redistribute it and/or\n"
		" * modify it under the terms of the GNU Lesser General Public License\n"
		" * as published by the Free Software Foundation.\n *\n"
		" * This program is distributed in the hope that it will be useful,\n"
		" * but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		" * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		" * GNU Lesser General Public License for more details.\n *\n"
		" * You should have received a copy of the GNU Lesser General Public License\n"
		" * along with this program; if not, write to the Free Software Foundation,\n"
		" * Inc.,  51 Franklin St, Fifth Floor, Boston, MA  02110-1301  USA\n";
	const char *next_line =
		" *\t\tThis program is free software; you can redistribute it and/or\n"
		" *\t\tmodify it under the terms of the GNU General Public Licence\n"
		" *\t\tas published by the Free Software Foundation; either version\n"
		" *\t\t2 of the Licence, or (at your option) any later version.\n";
	(void)state;
	expect_ids(lib_gpl, "GPL-2.0-or-later");
	expect_ids(lesser_before, "LGPL-3.0-only");
	expect_ids(lesser_plain, "LGPL-2.1-or-later");
	expect_ids(next_line, "GPL-2.0-or-later");
}

/* There is no GPL 2.1 (it is the LGPL's), "not any later" is not "or later", and one
 * notice may grant two GNU licenses. */
static void gnu_notice_versions(void **state)
{
	const char *v21 =
		" * (c) 2007. This file and the modifications can be redistributed and/or\n"
		" * modified under the terms and conditions of the GNU General Public\n"
		" * License, version 2.1 and not any later version of the GPL, as published\n"
		" * by the Free Software Foundation.\n";
	const char *two =
		" *  MUNGE is free software: you can redistribute it and/or modify it under\n"
		" *  the terms of the GNU General Public License as published by the Free\n"
		" *  Software Foundation, either version 3 of the License, or (at your option)\n"
		" *  any later version.  Additionally for the MUNGE library (libmunge), you\n"
		" *  can redistribute it and/or modify it under the terms of the GNU Lesser\n"
		" *  General Public License as published by the Free Software Foundation,\n"
		" *  either version 3 of the License, or (at your option) any later version.\n *\n"
		" *  MUNGE is distributed in the hope that it will be useful, but WITHOUT\n"
		" *  ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or\n"
		" *  FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License\n"
		" *  and GNU Lesser General Public License for more details.\n";
	const char *passing =
		" GNAT is free software;  you can  redistribute it  and/or modify it under\n"
		" terms of the  GNU General Public License as published  by the Free Soft-\n"
		" ware  Foundation;  either version 3,  or (at your option) any later ver-\n"
		" sion.  GNAT is distributed in the hope that it will be useful, but WITH-\n\n"
		" As a special exception under Section 7 of GPL version 3, you are granted\n"
		" additional permissions.\n";
	const char *either =
		" * This program is free software; you can redistribute it and/or modify\n"
		" * it under the terms of the GNU General Public License version 2 or\n"
		" * the GNU Lesser General Public License version 2.1 as published by\n"
		" * the Free Software Foundation (your choice between the two).\n *\n"
		" * This program is distributed in the hope that it will be useful,\n"
		" * but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		" * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		" * GNU General Public License or GNU Lesser General Public License for more details.\n";
	(void)state;
	expect_ids(either, "GPL-2.0-only LGPL-2.1-only");
	expect_ids(v21, "LGPL-2.1-only");
	expect_ids("This program is free software: you can redistribute it and/or modify\n"
		   "it under the terms of the Lesser GNU General Public License as published by\n"
		   "the Free Software Foundation, either version 3 of the License, or\n"
		   "(at your option) any later version.\n\n"
		   "This program is distributed in the hope that it will be useful,\n"
		   "but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		   "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		   "Lesser GNU General Public License for more details.\n\n"
		   "You should have received a copy of the Lesser GNU General Public License\n"
		   "along with this program.  If not, see <http://www.gnu.org/licenses/>.\n",
		   "LGPL-3.0-or-later");
	expect_ids("* The GNU Lesser General Public License, version 3 or later\n"
		   "* See the files \"COPYING.lgplv3\"\n", "LGPL-3.0-or-later");
	expect_ids(" * Licensed under the GPL v2\n *\n"
		   " * Note: the compilation process is NOT 'eligible' as defined by gcc's\n"
		   " * library exception to the GPL v3.\n", "GPL-2.0-only");
	expect_ids(two, "GPL-3.0-or-later LGPL-3.0-or-later");
	expect_ids(passing, "GPL-3.0-or-later");
}

/* The SPDX text of `id` from the corpus file (its T and O lines, one per line), or NULL. */
static char *corpus_text(const char *id)
{
	size_t len = 0, o = 0, n = strlen(id);
	char *all = slurp(DP_SOURCE_DIR "/licenses/corpus.txt", &len), *out, *p, *end;
	int on = 0;

	out = malloc(len + 1);
	assert_non_null(out);
	for (p = all, end = all + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (ln > 2 && p[0] == 'L' && p[1] == '\t')
			on = ln > n + 2 && !strncmp(p + 2, id, n) && p[n + 2] == '\t';
		else if (on && ln > 2 && (p[0] == 'T' || p[0] == 'O') && p[1] == '\t') {
			memcpy(out + o, p + 2, ln - 2);
			o += ln - 2;
			out[o++] = '\n';
		}
		p += ln + 1;
	}
	out[o] = '\0';
	free(all);
	return o ? out : (free(out), NULL);
}

/* The SPDX text of `id` from `from` up to `to` (not included), after a title line. */
static char *titled_doc(const char *id, const char *title, const char *from, const char *to)
{
	char *t = corpus_text(id), *body, *tail, *doc;

	assert_non_null(t);
	body = strstr(t, from);
	tail = strstr(t, to);
	assert_non_null(body);
	assert_non_null(tail);
	*tail = '\0';
	doc = malloc(strlen(title) + strlen(body) + 1);
	assert_non_null(doc);
	memcpy(doc, title, strlen(title));
	memcpy(doc + strlen(title), body, strlen(body) + 1);
	free(t);
	return doc;
}

/* A full text's title names the variant when near variants' templates differ in which
 * parts are optional: CC BY-ND 4.0 without CC's preamble and closing notice, titled; a
 * near variant of another family that also matched (PPL is derived from CC BY-NC 3.0). */
static void text_title_decides(void **state)
{
	char *doc, *t;
	(void)state;
	doc = titled_doc("CC-BY-ND-4.0", "Creative Commons Attribution-NoDerivatives 4.0 "
			 "International Public License\n\n", "By exercising the Licensed Rights",
			 "Creative Commons is not a party");
	expect_ids(doc, "CC-BY-ND-4.0");
	free(doc);
	doc = titled_doc("CC-BY-NC-3.0", "Creative Commons Attribution-NonCommercial 3.0 "
			 "Unported License\n\n", "THE WORK (AS DEFINED BELOW)",
			 "Creative Commons Notice");
	expect_ids(doc, "CC-BY-NC-3.0");
	free(doc);
	/* a short title without the word "license": "LPPL Version 1.3c 2008-05-04" */
	t = corpus_text("LPPL-1.3c");
	assert_non_null(t);
	assert_non_null(strstr(t, "LPPL Version 1.3c"));
	expect_ids(t, "LPPL-1.3c");
	free(t);
}

/* MODULE_LICENSE strings as include/linux/module.h documents them. */
static void kernel_module_license(void **state)
{
	(void)state;
	expect_ids("static int x;\nMODULE_LICENSE(\"GPL\");\n", "GPL-2.0-or-later");
	expect_ids("MODULE_AUTHOR(\"A\");\nMODULE_LICENSE(\"GPL v2\");\n", "GPL-2.0-only");
	expect_ids("MODULE_LICENSE(\"Dual MPL/GPL\");\n", "MPL-1.1 GPL-2.0-only");
	expect_ids("MODULE_LICENSE(\"Dual BSD/GPL\");\n", "BSD-3-Clause GPL-2.0-only");
	expect_ids("MODULE_LICENSE(\"Proprietary\");\n", "");
}

/* "under the same terms as X itself": X's license. */
static void same_terms_as(void **state)
{
	const char *perl = "This library is free software; you may redistribute and/or modify\n"
			   "it under the same terms as Perl itself.\n";
	struct got g;
	(void)state;
	scan(perl, strlen(perl), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "Artistic-1.0-Perl OR GPL-1.0-or-later");
	expect_ids("You can redistribute it and/or modify it under the same terms as Ruby.\n",
		   "Ruby");
	expect_ids("Distributed under the same terms as the rest of the project.\n", "");
	expect_ids(" * This file may be shared under the same license as OpenSSL.\n", "OpenSSL");
	/* a project's standard header that says which license without naming it */
	expect_ids("/* The widget decoder is part of the Independent JPEG Group's software;\n"
		   " * see its README for the conditions. */\n", "IJG");
	expect_ids("/* The block sorter here is part of bzip2/libbzip2; its LICENSE file\n"
		   "   has the terms. */\n", "bzip2-1.0.6");
	expect_ids("# Use it under the same licence as the widgets it ships with.\n", "");
}

/* A license file named after its license, and a name read "or later". */
static void file_names_and_or_later(void **state)
{
	(void)state;
	expect_ids("# Use is subject to license terms which appear in the file named\n"
		   "# ISC-LICENSE that should have accompanied this file.\n", "ISC");
	expect_ids("Licensed under either of LICENSE-APACHE or LICENSE-MIT at your option.\n",
		   "Apache-2.0 MIT");
	expect_ids("See LICENSE.txt and LICENSE-2.0.txt for details.\n", "");
	expect_ids(" * For conditions of distribution and use, see copyright notice in zlib.h\n",
		   "Zlib");
	/* a library's header named without its "lib" */
	expect_ids(" * Terms of use: see the copyright notice in png.h of the library.\n", "Libpng");
	expect_ids(" * For conditions of distribution and use, see copyright notice in blast.h\n",
		   "");
	/* the family's file beside a versioned grant is that license */
	expect_ids("# This program is released under the GNU GPL version 3 or later.\n"
		   "# See the LICENSE-GPL file for details.\n", "GPL-3.0-or-later");
	expect_ids("License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>.\n",
		   "GPL-3.0-or-later");
}

/* Names joined to a license name by "or", "and", "/" or a comma. */
static void joined_names(void **state)
{
	(void)state;
	expect_ids("Please note that this tool is licensed under dual\n"
		   "license, GPLv2 or BSD at user's choice.\n", "GPL-2.0-only BSD-3-Clause");
	expect_ids(" * it under the terms of the dual BSD / GNU General Public License version 2\n",
		   "BSD-3-Clause GPL-2.0-only");
	expect_ids(" * Released under the MIT, BSD, and GPL Licenses.\n",
		   "MIT BSD-3-Clause GPL-1.0-or-later");
	expect_ids("Runs on Linux, BSD and Windows.\n", "");
	/* a path is no name; a version is read in the name's sentence only */
	expect_ids(" * This software is free, licensed under the General Public License.\n"
		   " * Please refer to doc/LICENSE and doc/README for further details.\n"
		   " * $Id: m_knock.c,v 1.33.2.2 2005/01/15 23:53:32 someone Exp $\n",
		   "GPL-1.0-or-later");
	expect_ids("* under the terms of version 2.0 of the GNU General Public License\n"
		   "* as published by the Free Software Foundation.\n", "GPL-2.0-only");
}

/* Exceptions named in prose; a name without its version when the list has one version. */
static void exceptions_and_single_versions(void **state)
{
	(void)state;
	expect_ids(" * under the terms of the GNU General Public License version 2 only, as\n"
		   " * published by the Free Software Foundation.  Sun designates this\n"
		   " * particular file as subject to the \"Classpath\" exception as provided\n"
		   " * by Sun in the LICENSE file that accompanied this code.\n",
		   "GPL-2.0-only Classpath-exception-2.0");
	expect_ids(" * The contents of this file are subject to the Erlang Public License,\n"
		   " * Version 1.1, (the \"License\"); you may not use this file except in\n"
		   " * compliance with the License.\n", "ErlPL-1.1");
	expect_ids("This code is under the Common Public License.\n", "CPL-1.0");
	/* several versions: a name without one names none */
	expect_ids("This code is under the Eclipse Public License.\n", "EPL-2.0");
	expect_ids("No exception is thrown here.\n", "");
	expect_ids("// Widgets: under the terms of the GNU GPL v3,\n"
		   "//  with the Classpath Linking Exception for libraries\n",
		   "GPL-3.0-only Classpath-exception-2.0");
	{ /* named outside the license text that the file holds */
		size_t n;
		char *gpl = slurp(DP_SOURCE_DIR "/fixtures/licenses/GPL-2.0-only.txt", &n);
		const char *head = "The FreeRTOS GPL Exception applies to the kernel sources.\n\n";
		char *all = malloc(strlen(head) + n + 1);
		assert_non_null(all);
		memcpy(all, head, strlen(head));
		memcpy(all + strlen(head), gpl, n + 1);
		expect_ids(all, "GPL-2.0-only freertos-exception-2.0");
		free(all);
		free(gpl);
	}
}

/* A tag without its operators is read word by word; "licensed" after a name. */
static void loose_tags(void **state)
{
	(void)state;
	expect_ids("// SPDX-License-Identifier: GPL-2.0+ BSD-2-Clause\n",
		   "GPL-2.0-or-later BSD-2-Clause");
	expect_ids("SPDX-License-Identifier: GPL 2.0+ BSD-3-Clause\n",
		   "GPL-2.0-or-later BSD-3-Clause");
	{
		struct got g;
		const char *t = " * SPDX-License-Identifier: (GPL-2.0+ OR BSD)\n";
		scan(t, strlen(t), &g);
		assert_int_equal(g.n, 1);
		assert_string_equal(g.spdx[0], "(GPL-2.0+ OR BSD-3-Clause)");
	}
	expect_ids("All source material within this directory is BSD 2-Clause licensed.\n",
		   "BSD-2-Clause");
	/* gnu.org's unversioned page names any version; a version stated beside it wins */
	expect_ids(" * Licensed under the GPL (http://www.gnu.org/licenses/gpl.html) license.\n",
		   "GPL-1.0-or-later");
	/* the OSI's older addresses */
	expect_ids("https://opensource.org/licenses/bsdpluspatent\n", "BSD-2-Clause-Patent");
	/* a license compared with, not granted */
	expect_ids("Contrary to the GNU Public License (GPL) the Apache Software License does\n"
		   "not make any claims over your extensions.\n", "");
	expect_ids(" # The CeCILL-C license is close to the GNU LGPL license.\n", "CECILL-C");
	expect_ids("Note that flex is distributed under a copyright very similar to that of\n"
		   "BSD Unix, and not under the GNU General Public License (GPL).\n", "");
	/* the unversioned name, then the address that gives its version */
	expect_ids(" * Use is subject to the Common Development and Distribution License\n"
		   " * (\"CDDL\"); see https://oss.oracle.com/licenses/CDDL+GPL-1.1 for a copy.\n",
		   "CDDL-1.1");
	expect_ids("Widgets may be used and shared under\n"
		   "either the terms of the GPL version 2 (see the file COPYING), or the\n"
		   "conditions written below.\n", "GPL-2.0-only");
	/* names that need no word "license" */
	expect_ids("Creative Commons Attribution 4.0\n", "CC-BY-4.0");
	expect_ids("Photos: Creative Commons Attribution-ShareAlike 3.0, by their authors.\n",
		   "CC-BY-SA-3.0");
	expect_ids("The Unlicense\n", "Unlicense");
	expect_ids("We thank Creative Commons for their work.\n", "");
	expect_ids("Unlicensed copies are not allowed.\n", "");
	expect_ids("// Licensed under the EUPL, Version 1.1 only.\n", "EUPL-1.1");
	/* Debian's copies of the licenses, named by their files */
	expect_ids("The manual is covered by the GNU Free Documentation License,\n"
		   "see /usr/share/common-licenses/GFDL-1.3.\n", "GFDL-1.3-only");
	expect_ids("Widgets is under the GNU GPL version 2 or later; on Debian systems see\n"
		   "/usr/share/common-licenses/GPL-2.\n", "GPL-2.0-or-later");
	/* "or any later version" after a name's version, also on the next line; the plain
	 * file named after it repeats that grant */
	expect_ids("This program is licensed under the GNU General Public License, Version 3\n"
		   "or any later version.\n", "GPL-3.0-or-later");
	expect_ids("  it under the terms of the GNU Library General Public License version 2,\n"
		   "  or (at your option) any later version, as published by the FSF.\n",
		   "LGPL-2.0-or-later");
	expect_ids("Licensed under the GNU General Public License, version 2, and not any later\n"
		   "version.\n", "GPL-2.0-only");
	expect_ids("Permission is granted to copy, distribute and/or modify this document\n"
		   "under the terms of the GNU Free Documentation License, Version 1.3 or\n"
		   "any later version published by the Free Software Foundation; with no\n"
		   "Invariant Sections, no Front-Cover Texts, and no Back-Cover Texts.\n"
		   "On Debian systems, the complete text of the GNU Free Documentation License\n"
		   "version 1.3 can be found in `/usr/share/common-licenses/GFDL-1.3'.\n",
		   "GFDL-1.3-or-later");
	/* a GFDL notice's invariant-sections variant covers the plain file named after it */
	expect_ids("Permission is granted to copy, distribute and/or modify this document\n"
		   "under the terms of the GNU Free Documentation License, Version 1.3 or\n"
		   "any later version published by the Free Software Foundation; with no\n"
		   "Invariant Sections, no Front-Cover Texts, and no Back-Cover Texts.\n"
		   "A copy of the license is included in the section entitled\n"
		   "``GNU Free Documentation License''.\n"
		   "On Debian systems, the complete text of the GNU Free Documentation License\n"
		   "version 1.3 can be found in `/usr/share/common-licenses/GFDL-1.3'.\n",
		   "GFDL-1.3-no-invariants-or-later");
	/* the later version an "or later" grant covers, named in passing */
	expect_ids("This library is released under the GNU LGPL version 2 or later.\n"
		   "On Debian systems its text is in /usr/share/common-licenses/LGPL-3.\n",
		   "LGPL-2.0-or-later");
	/* a version after "or the <other> License" is that license's, not a second GNU one */
	expect_ids("The contents of this file may be used under the terms of the GNU Lesser "
		   "General\nPublic License Version 2.1 or later, or the Apache License Version "
		   "2.0.\n", "LGPL-2.1-or-later Apache-2.0");
	{ /* a grant phrase broken over lines, after the license text the file holds */
		size_t n;
		char *bsd = slurp(DP_SOURCE_DIR "/fixtures/licenses/BSD-3-Clause.txt", &n);
		const char *alt =
			"\n   Alternatively, the contents of this package may be used under the\n"
			"   terms of the GNU General Public License (\"GPL\") version 2 or any\n"
			"   later version, in which case the provisions of the GPL are\n"
			"   applicable instead of the above.\n";
		char *all = malloc(n + strlen(alt) + 1);
		assert_non_null(all);
		memcpy(all, bsd, n);
		memcpy(all + n, alt, strlen(alt) + 1);
		expect_ids(all, "BSD-3-Clause GPL-2.0-or-later");
		free(all);
		free(bsd);
	}
	{ /* a grant phrase outside the license text the file holds */
		size_t n;
		char *bsd = slurp(DP_SOURCE_DIR "/fixtures/licenses/BSD-3-Clause.txt", &n);
		const char *head = "Your use of the bundled parser is subject to the terms and "
				   "conditions of the\nCommon Public License Version 1.0.\n\n";
		char *all = malloc(strlen(head) + n + 1);
		assert_non_null(all);
		memcpy(all, head, strlen(head));
		memcpy(all + strlen(head), bsd, n + 1);
		expect_ids(all, "CPL-1.0 BSD-3-Clause");
		free(all);
		free(bsd);
	}
	expect_ids("The parser may be used under the University of Illinois Open Source\n"
		   "License as well as the widget's own terms.\n", "NCSA");
	expect_ids(" *  This file is provided under a dual BSD/GPLv2 license.\n",
		   "BSD-3-Clause GPL-2.0-only");
	/* two words a slash joins, one license's name */
	expect_ids("// Licensed under the zlib/libpng license.\n", "Zlib");
	expect_ids("// Released under the MIT/X11 license.\n", "MIT X11");
	/* an acronym in parentheses between the name and its version */
	expect_ids("The manual may be copied under the GNU Free Documentation\n"
		   "License (GFDL), Version 1.2 or any later version published by the FSF.\n",
		   "GFDL-1.2-or-later");
	/* a name not known, then one that is */
	expect_ids(" * Released under the Widget Community Licence, or the LGPL v2.1.\n",
		   "LGPL-2.1-only");
	expect_ids(" * This library is distributed under the conditions of the GNU LGPL.\n",
		   "LGPL-2.0-or-later");
	expect_ids("The cipher code comes under the GNU LGPL (v2.1 or later).\n", "LGPL-2.1-or-later");
	/* a grant in the past tense names an earlier license when a change follows; alone it
	 * is how datasets state theirs */
	expect_ids("Widgets 1.x were released under the MIT license. Since 2.0 it is licensed\n"
		   "under the Apache License 2.0.\n", "Apache-2.0");
	expect_ids("The dataset was released under the CC BY 4.0 license.\n", "CC-BY-4.0");
	expect_ids("This corpus was released under the MIT License in 2021, and the\n"
		   "code is licensed under the Apache License 2.0.\n", "MIT Apache-2.0");
	expect_ids("Version 1 was licensed under the Apache License 2.0; we switched to the MIT\n"
		   "License in 2020.\n", "MIT");
	/* the past tense read back over the whole sentence, the change after the name */
	expect_ids("The captions were first published in May 2019 on our lab's site [3] under\n"
		   "the terms of the GNU General Public License version 3. In 2021 the captions\n"
		   "were republished under the Creative Commons Attribution 4.0 license.\n",
		   "CC-BY-4.0");
	expect_ids("The corpus was collected in 2020 and is released under the MIT License;\n"
		   "the tools were relicensed later.\n", "MIT");
	/* a license said not to apply */
	expect_ids("These modules are licensed under the GPL, so the BSD license may not\n"
		   "apply to the combined binary.\n", "GPL-1.0-or-later");
	expect_ids("Widgets are licensed under the Apache License 2.0; the MIT license does\n"
		   "not apply to them.\n", "Apache-2.0");
	/* a project license by the project's name (HyperSQL's is the BSD 3-clause one) */
	expect_ids("# can be distributed and used according to HSQLDB License\n", "BSD-3-Clause");
	expect_ids("Released under the Academic Free License >= 2.0 or the new BSD license.\n",
		   "AFL-2.0 BSD-3-Clause");
	expect_ids("- the parser is LGPLv2.1\n- keep it so: do not upgrade to LGPLv3\n", "LGPL-2.1-only");
	expect_ids(" * Our License is based on the Mozilla Public License Version 1.1, with two\n"
		   " * sections added.\n", "");
	/* a section title of a document, not its license */
	expect_ids("The manual has the Invariant Sections being \"GNU General Public License\"\n"
		   "and \"Funding\".\n", "");
}

/* A paragraph inserted into a standard header (where the header has a variable part, or
 * none) is read for the licenses it names. */
static void notice_with_inserted_paragraph(void **state)
{
	const char *t =
		"/* Widgetlib is free software; you can redistribute it and/or modify it\n"
		"   under the terms of the GNU General Public License as published by\n"
		"   the Free Software Foundation; either version 3, or (at your option)\n"
		"   any later version.\n\n"
		"   Widgetlib is distributed in the hope that it will be useful, but WITHOUT ANY\n"
		"   WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS\n"
		"   FOR A PARTICULAR PURPOSE.  See the GNU General Public License for\n"
		"   more details.\n\n"
		"   Linking widgets into your program is further allowed by the\n"
		"   GCC Runtime Library Exception, version 3.1, as its authors publish it.\n\n"
		"   You should have received a copy of the GNU General Public License\n"
		"   along with this program; see the file COPYING3.  */\n";
	(void)state;
	expect_ids(t, "GPL-3.0-or-later GCC-exception-3.1");
}

/* One spdx found in t, whatever its kind. */
static void expect_one(const char *t, const char *spdx)
{
	struct got g;

	scan(t, strlen(t), &g);
	if (g.n != 1 || strcmp(g.spdx[0], spdx) != 0)
		fail_msg("found %zu, first '%s', wanted '%s'", g.n, g.n ? g.spdx[0] : "-", spdx);
}

/* A Mozilla-style header offering other licenses in its variable part. */
static void header_offers_alternatives(void **state)
{
	(void)state;
	expect_ids(
		"The contents of this file are subject to the Mozilla Public License\n"
		"Version 1.1 (the \"License\"); you may not use this file except in compliance\n"
		"with the License. You may obtain a copy of the License at\n"
		"http://www.mozilla.org/MPL/\n\n"
		"Software distributed under the License is distributed on an \"AS IS\" basis,\n"
		"WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for\n"
		"the specific language governing rights and limitations under the License.\n\n"
		"The Original Code is the Widget Toolkit.\n\n"
		"Alternatively, the contents of this file may be used under the terms of the\n"
		"GNU General Public License Version 2 or later (the \"GPL\"), in which case\n"
		"the provisions of the GPL are applicable instead of those above. If you wish\n"
		"to allow use of your version of this file only under the terms of the GPL\n"
		"and not to allow others to use your version of this file under the MPL,\n"
		"indicate your decision by deleting the provisions above and replace them\n"
		"with the notice and other provisions required by the GPL. If you do not\n"
		"delete the provisions above, a recipient may use your version of this file\n"
		"under either the MPL or the GPL.\n", "MPL-1.1 GPL-2.0-or-later");
}

/* The Apache header's words granting another license, which its name decides. */
static void apache_words_other_license(void **state)
{
	const char *tail =
		" * you may not use this file except in compliance with the License.\n"
		" * You may obtain a copy of the License at\n *\n"
		" *      https://widgets.example.org/LICENSE\n *\n"
		" * Unless required by applicable law or agreed to in writing, software\n"
		" * distributed under the License is distributed on an \"AS IS\" BASIS,\n"
		" * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n"
		" * See the License for the specific language governing permissions and\n"
		" * limitations under the License.\n */\n";
	char t[2048];
	(void)state;
	snprintf(t, sizeof(t), "/*\n * Copyright (C) 2011 Widget Makers\n *\n%s%s",
		 " * Licensed under the Eclipse Public License, Version 1.0 (the \"License\");\n",
		 tail);
	expect_ids(t, "EPL-1.0");
	snprintf(t, sizeof(t), "/*\n * Copyright (C) 2011 Widget Makers\n *\n%s%s",
		 " * Licensed under the MIT License (the \"License\");\n", tail);
	expect_ids(t, "MIT");
	/* a name on an earlier line is not the header's: Debian's "License: Expat" field of
	 * another paragraph, then the Apache header */
	expect_ids("License: Expat\n\n"
		   " Licensed under the Apache License, Version 2.0 (the \"License\"); you may not\n"
		   " use this file except in compliance with the License.  You may obtain a copy of\n"
		   " the License at\n .\n     http://www.apache.org/licenses/LICENSE-2.0\n .\n"
		   " Unless required by applicable law or agreed to in writing, software\n"
		   " distributed under the License is distributed on an \"AS IS\" BASIS, WITHOUT\n"
		   " WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n .\n"
		   " See the License for the specific language governing permissions and\n"
		   " limitations under the License.\n", "MIT Apache-2.0");
}

/* Two GNU versions offered, the later one with "or later" only when no one must first
 * accept the later versions. */
static void two_gnu_versions(void **state)
{
	const char *head =
		"   This library is free software; you can redistribute it and/or\n"
		"   modify it under the terms of the GNU Lesser General Public\n"
		"   License as published by the Free Software Foundation; either\n";
	const char *tail =
		"   This library is distributed in the hope that it will be useful,\n"
		"   but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		"   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU\n"
		"   Lesser General Public License for more details.\n";
	char t[2048];
	(void)state;
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "   version 2.1 of the License, or (at your option) version 3, or any\n"
		 "   later version accepted by the board of the Widget Guild.\n\n", tail);
	expect_one(t, "LGPL-2.1-only OR LGPL-3.0-only");
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "   version 2.1 of the License, or (at your option) version 3 or any\n"
		 "   later version.\n\n", tail);
	expect_one(t, "LGPL-2.1-only OR LGPL-3.0-or-later");
	expect_one("# Widgets is released under the GNU General Public License, either\n"
		   "# version 2 or version 3 of it.\n", "GPL-2.0-only OR GPL-3.0-only");
	/* a Mozilla-style notice in '%' comments names its license across the marker */
	expect_ids("%%% The contents of this file are subject to the Erlang Public License,\n"
		   "%%% Version 1.1, (the \"License\"); you may not use this file except in\n"
		   "%%% compliance with the License. You should have received a copy of the\n"
		   "%%% License along with this software.\n"
		   "%%%\n"
		   "%%% Software distributed under the License is distributed on an \"AS IS\"\n"
		   "%%% basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See\n"
		   "%%% the License for the specific language governing rights and limitations\n"
		   "%%% under the License.\n", "ErlPL-1.1");
	/* a GFDL notice's version and "or later" are read from its words, as a GNU
	 * notice's are */
	expect_ids("This widget guide is free documentation.\n\n"
		   "This manual is covered by the GNU FDL. Permission is granted to copy,\n"
		   "distribute and/or modify this document under the terms of the GNU Free\n"
		   "Documentation License (FDL), either version 1.2 of the License, or (at\n"
		   "your option) any later version published by the Free Software Foundation\n"
		   "(FSF); with no Invariant Sections, with no Front-Cover Text, and with no\n"
		   "Back-Cover Texts.\n"
		   "A copy of the license is included in the section entitled \"GNU FDL\".\n",
		   "GFDL-1.2-or-later");
	/* the second number without a word "version" of its own */
	expect_one("# Widgets is free software; you can redistribute it under the terms of the\n"
		   "# GNU General Public License as published by the Free Software Foundation;\n"
		   "# either version 2 or 3 of the License.\n", "GPL-2.0-only OR GPL-3.0-only");
}

/* A variant known by words it adds to its base license: without them, the base. */
static void variants_need_their_words(void **state)
{
	const char *head =
		"Copyright 2001 by Example Widgets Ltd.\n\n"
		"Permission to use, copy, modify, and distribute this software and its\n"
		"documentation for any purpose and without fee is hereby granted,\n"
		"provided that the above copyright notice appear in all copies and that\n"
		"both ";
	const char *tail = " appear in\n"
		"supporting documentation, and that the name of Example Widgets not be\n"
		"used in advertising or publicity pertaining to distribution of the\n"
		"software without specific, written prior permission.\n\n"
		"EXAMPLE WIDGETS DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE,\n"
		"INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS, IN NO\n"
		"EVENT SHALL EXAMPLE WIDGETS BE LIABLE FOR ANY SPECIAL, INDIRECT OR\n"
		"CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF\n"
		"USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR\n"
		"OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR\n"
		"PERFORMANCE OF THIS SOFTWARE.\n";
	const char *bsd4_head =
		" * Redistribution and use in source and binary forms, with or without\n"
		" * modification, are permitted provided that the following conditions\n"
		" * are met:\n"
		" * 1. Redistributions of source code must retain the above copyright\n"
		" *    notice, this list of conditions and the following disclaimer.\n"
		" * 2. Redistributions in binary form must reproduce the above copyright\n"
		" *    notice, this list of conditions and the following disclaimer in the\n"
		" *    documentation and/or other materials provided with the distribution.\n"
		" * 3. All advertising materials mentioning features or use of this software\n"
		" *    must display the following acknowledgement:\n"
		" *    This product includes software developed by ";
	const char *bsd4_tail = " and its contributors.\n"
		" * 4. Neither the name of the University nor the names of its contributors\n"
		" *    may be used to endorse or promote products derived from this software\n"
		" *    without specific prior written permission.\n"
		" *\n"
		" * THIS SOFTWARE IS PROVIDED BY THE REGENTS AND CONTRIBUTORS ``AS IS'' AND\n"
		" * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE\n"
		" * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE\n"
		" * ARE DISCLAIMED.  IN NO EVENT SHALL THE REGENTS OR CONTRIBUTORS BE LIABLE\n"
		" * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL\n"
		" * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS\n"
		" * OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)\n"
		" * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT\n"
		" * LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY\n"
		" * OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF\n"
		" * SUCH DAMAGE.\n";
	char t[4096];
	char *mpl = corpus_text("MPL-2.0-no-copyleft-exception");
	struct got g;
	(void)state;
	assert_non_null(mpl);
	snprintf(t, sizeof(t), "%s%s%s", head, "that copyright notice and this permission notice",
		 tail);
	expect_ids(t, "HPND");
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "the copyright notice and this permission notice and warranty disclaimer", tail);
	expect_ids(t, "SMLNJ");
	/* the original BSD license with the University of California's acknowledgement */
	snprintf(t, sizeof(t), "%s%s%s", bsd4_head, "the University of\n *    California, Berkeley",
		 bsd4_tail);
	expect_ids(t, "BSD-4-Clause-UC");
	snprintf(t, sizeof(t), "%s%s%s", bsd4_head, "Example Widgets Ltd", bsd4_tail);
	expect_ids(t, "BSD-4-Clause");
	/* a BSD license for documents in source and 'compiled' forms */
	expect_ids(
		"Redistribution and use in source (Markdown) and 'compiled' forms (HTML, PDF,\n"
		"EPUB and so forth) with or without modification, are permitted provided that\n"
		"the following conditions are met:\n\n"
		"1. Redistributions of source code (Markdown) must retain the above copyright\n"
		"   notice, this list of conditions and the following disclaimer as the first\n"
		"   lines of this file unmodified.\n"
		"2. Redistributions in compiled form (converted to PDF, EPUB and other formats)\n"
		"   must reproduce the above copyright notice, this list of conditions and the\n"
		"   following disclaimer in the documentation and/or other materials provided\n"
		"   with the distribution.\n\n"
		"THIS DOCUMENTATION IS PROVIDED BY THE WIDGET WRITERS \"AS IS\" AND ANY EXPRESS OR\n"
		"IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF\n"
		"MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT\n"
		"SHALL THE WIDGET WRITERS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,\n"
		"SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,\n"
		"PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR\n"
		"BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN\n"
		"CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING\n"
		"IN ANY WAY OUT OF THE USE OF THIS DOCUMENTATION, EVEN IF ADVISED OF THE\n"
		"POSSIBILITY OF SUCH DAMAGE.\n", "FreeBSD-DOC");
	/* the MPL 2.0 text without the Exhibit B notice applied */
	scan(mpl, strlen(mpl), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "MPL-2.0");
	free(mpl);
}

/* A third clause put into a two-clause text makes it the three-clause license; a version
 * given before the name ("version 4.0 of the ..."); a name with a '!' in it; tag ids that
 * are known names but no SPDX ids. */
static void third_clause_and_named_versions(void **state)
{
	const char *head =
		"Redistribution and use in source and binary forms, with or without\n"
		"modification, are permitted provided that the following conditions are met:\n"
		"- Redistributions of source code must retain the above copyright notice,\n"
		"  this list of conditions and the following disclaimer.\n"
		"- Redistributions in binary form must reproduce the above copyright notice,\n"
		"  this list of conditions and the following disclaimer in the documentation\n"
		"  and/or other materials provided with the distribution.\n";
	const char *tail =
		"THIS SOFTWARE IS PROVIDED BY THE AUTHOR \"AS IS\" AND ANY EXPRESS OR IMPLIED\n"
		"WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF\n"
		"MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO\n"
		"EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,\n"
		"SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,\n"
		"PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS;\n"
		"OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,\n"
		"WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR\n"
		"OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF\n"
		"ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.\n";
	char t[4096];
	(void)state;
	snprintf(t, sizeof(t), "%s%s", head, tail);
	expect_ids(t, "BSD-2-Clause");
	/* the three-clause text, and Hewlett-Packard's, which names patent infringement
	 * among the damages */
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- Neither the name of Widget Works nor the names of its contributors may be\n"
		 "  used to endorse or promote products derived from this software without\n"
		 "  specific prior written permission.\n", tail);
	expect_ids(t, "BSD-3-Clause");
	{
		char *p = strstr(t, "(INCLUDING, BUT NOT LIMITED TO,"), hp[4096];
		assert_non_null(p);
		snprintf(hp, sizeof(hp), "%.*s(INCLUDING, BUT NOT LIMITED TO, PATENT INFRINGEMENT;%s",
			 (int)(p - t), t, p + strlen("(INCLUDING, BUT NOT LIMITED TO,"));
		expect_ids(hp, "BSD-3-Clause-HP");
	}
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- Widget Works' name may not be used to endorse or promote products derived\n"
		 "  from this software without its written permission.\n", tail);
	expect_ids(t, "BSD-3-Clause");
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- All advertising materials mentioning features or use of this software\n"
		 "  must display the following acknowledgement: This product includes\n"
		 "  software developed by Widget Works.\n", tail);
	expect_ids(t, "BSD-4-Clause");
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- All advertising materials mentioning features or use of this software\n"
		 "  must display the following acknowledgement: This product includes\n"
		 "  software developed by the University of California, Berkeley and its\n"
		 "  contributors.\n", tail);
	expect_ids(t, "BSD-4-Clause-UC");
	/* a three-clause text with an advertising clause of its own wording */
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- All advertising materials mentioning features or use of this software\n"
		 "  must name Widget Works as its author.\n"
		 "- Neither the name of Widget Works nor the names of its contributors may be\n"
		 "  used to endorse or promote products derived from this software without\n"
		 "  specific prior written permission.\n", tail);
	expect_ids(t, "BSD-4-Clause");
	/* the conditions of Berkeley DB's Sleepycat license alone (the Trusster license's
	 * words, but about "the DB software") */
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- Redistributions in any form must be accompanied by information on\n"
		 "  how to obtain complete source code for the DB software and any\n"
		 "  accompanying software that uses the DB software.  The source code\n"
		 "  must either be included in the distribution or be available for no\n"
		 "  more than the cost of distribution plus a nominal fee, and must be\n"
		 "  freely redistributable under reasonable conditions.  For an\n"
		 "  executable file, complete source code means the source code for all\n"
		 "  modules it contains.  It does not include source code for modules or\n"
		 "  files that typically accompany the major components of the operating\n"
		 "  system on which the executable file runs.\n", tail);
	expect_ids(t, "Sleepycat");
	/* ... and about Oracle's Berkeley DB by name */
	snprintf(t, sizeof(t), "%s%s%s", head,
		 "- Redistributions in any form must be accompanied by information on\n"
		 "  how to obtain complete source code for the Oracle Berkeley DB Widget\n"
		 "  Edition software and any accompanying software that uses the Oracle\n"
		 "  Berkeley DB Widget Edition software.  The source code must either be\n"
		 "  included in the distribution or be available for no more than the\n"
		 "  cost of distribution plus a nominal fee, and must be freely\n"
		 "  redistributable under reasonable conditions.  For an executable file,\n"
		 "  complete source code means the source code for all modules it\n"
		 "  contains.  It does not include source code for modules or files that\n"
		 "  typically accompany the major components of the operating system on\n"
		 "  which the executable file runs.\n", tail);
	expect_ids(t, "Sleepycat");
	/* the same conditions, then a three-clause text of another project in the same
	 * file: each template's chain of hits settles on one copy of the shared clauses */
	{
		char two[8192];
		snprintf(two, sizeof(two), "%s\n=-=-=-=-=-=-=-=-=-=\nThe widget parser:\n\n%s%s%s", t,
			 head,
			 "- Neither the name of the copyright holders nor the names of its\n"
			 "  contributors may be used to endorse or promote products derived from\n"
			 "  this software without specific prior written permission.\n", tail);
		expect_ids(two, "Sleepycat BSD-3-Clause");
	}
	expect_ids("The handbook may be copied under version 4.0 or later of the Creative\n"
		   "Commons Attribution-ShareAlike International Public License.\n",
		   "CC-BY-SA-4.0");
	expect_ids("The files here are subject to the Yahoo! Public License Version 1.0;\n"
		   "you may not use them except in compliance with it.\n", "YPL-1.0");
	expect_ids("# SPDX-License-Identifier: BSD-2\n", "BSD-2-Clause");
	/* a project's license by the project's name: NumPy's is the three-clause BSD */
	expect_ids("The array helpers may be copied and changed under the terms of the\n"
		   "NumPy license; see its LICENSE file.\n", "BSD-3-Clause");
	expect_one("// SPDX-License-Identifier: Apache-2 OR LicenseRef-widgets\n",
		   "Apache-2.0 OR LicenseRef-widgets");
}

/* A license text cut short (quoted without its disclaimer) is that license when the text
 * ends with it; followed by other words it is no cut text. The historical notice that
 * grants "sell" is the sell variant. */
static void cut_texts_and_sell_variant(void **state)
{
	const char *mit =
		"Permission is hereby granted, free of charge, to any person obtaining a copy\n"
		"of this software and associated documentation files (the \"Software\"), to deal\n"
		"in the Software without restriction, including without limitation the rights\n"
		"to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
		"copies of the Software, and to permit persons to whom the Software is\n"
		"furnished to do so, subject to the following conditions:\n\n"
		"The above copyright notice and this permission notice shall be included in\n"
		"all copies or substantial portions of the Software.\n";
	char t[4096];
	struct got g;
	(void)state;
	expect_ids(mit, "MIT");
	snprintf(t, sizeof(t), "%s%s", mit,
		 "int main(void)\n{\n\treturn widget_count(argc, argv) + frobnicate(1, 2, 3);\n}\n");
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 0);
	expect_ids("/*\n"
		   " * Redistribution and use in source and binary forms, with or without\n"
		   " * modification, are permitted provided that the following conditions\n"
		   " * are met:\n"
		   " * 1. Redistributions of source code must retain the above copyright\n"
		   " *    notice, this list of conditions and the following disclaimer.\n"
		   " * 2. Redistributions in binary form must reproduce the above copyright\n"
		   " *    notice, this list of conditions and the following disclaimer in the\n"
		   " *    documentation and/or other materials provided with the distribution.\n"
		   " * 3. Neither the name of Widget Works nor the names of its contributors\n"
		   " *    may be used to endorse or promote products derived from this software\n"
		   " *    without specific prior written permission.\n"
		   " */\n", "BSD-3-Clause");
	expect_ids("Permission to use, copy, modify, distribute and sell this software and its\n"
		   "documentation for any purpose and without fee is hereby granted, provided\n"
		   "that the above copyright notice appear in all copies and that both that\n"
		   "copyright notice and this permission notice appear in supporting\n"
		   "documentation, and that the name of Widget Works not be used in advertising\n"
		   "or publicity pertaining to distribution of the software without specific,\n"
		   "written prior permission.  Widget Works makes no representations about the\n"
		   "suitability of this software for any purpose.  It is provided \"as is\"\n"
		   "without express or implied warranty.\n", "HPND-sell-variant");
}

/* A work put in the public domain without a license named; a dedication named with the
 * statement (the CC0 deed), a clause about some other work and the Unlicense's own text
 * give no second id. A model card's bare "OpenRAIL-M"; an Apache-style header granting
 * the EUPL; a Maven POM's license name. */
static void public_domain_and_other_grants(void **state)
{
	const char *eupl =
		"// Licensed under the EUPL, Version 1.2 or - as soon they will be approved by\n"
		"// the European Commission - subsequent versions of the EUPL (the \"Licence\");\n"
		"// You may not use this work except in compliance with the Licence.\n"
		"// You may obtain a copy of the Licence at:\n//\n"
		"//   https://widgets.example/eupl\n//\n"
		"// Unless required by applicable law or agreed to in writing, software\n"
		"// distributed under the Licence is distributed on an \"AS IS\" basis,\n"
		"// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n"
		"// See the Licence for the specific language governing permissions and\n"
		"// limitations under the Licence.\n";
	const char *not_licenses = "// Written at MIT & CMU by the widget team\n";
	char *unl = corpus_text("Unlicense");
	struct got g;
	size_t i;
	(void)state;
	assert_non_null(unl);
	expect_ids("The survey answers in this folder are released into the public domain.\n",
		   "LicenseRef-Public-Domain");
	expect_ids("# Written by the widget team and dedicated to the public domain, as\n"
		   "# explained at https://creativecommons.org/publicdomain/zero/1.0/\n", "CC0-1.0");
	expect_ids("/* This program is free software under the MIT License.\n"
		   " * It bundles tables that are in the public domain. */\n", "MIT");
	scan(unl, strlen(unl), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.spdx[0], "Unlicense");
	free(unl);
	expect_ids("These weights are released under the OpenRAIL-M license.\n",
		   "LicenseRef-OpenRAIL");
	/* the Apache header's words granting a license named without the word "License" */
	scan(eupl, strlen(eupl), &g);
	assert_true(g.n >= 1);
	for (i = 0; i < g.n; i++)
		assert_string_equal(g.spdx[i], "EUPL-1.2");
	/* names joined past their "or later" and a parenthesis ("(the \"GPL\")", a URL) */
	expect_ids("Widgets may be used under the terms of either the GNU General Public\n"
		   "License Version 2 or later (the \"GPL\"), or the GNU Lesser General Public\n"
		   "License Version 2.1 or later (the \"LGPL\").\n",
		   "GPL-2.0-or-later LGPL-2.1-or-later");
	expect_ids(" * Dual licensed under the MIT (widgets.example/mit.txt) and GPL\n"
		   " * (widgets.example/gpl.txt) licenses.\n", "MIT GPL-1.0-or-later");
	/* license acronyms joined by "&", with or without a grant phrase; other capitals
	 * joined so are no licenses */
	expect_ids("// Released under MIT & GPL\n", "MIT GPL-1.0-or-later");
	expect_ids("/* widgets.js 1.2 | MIT & BSD */\n", "MIT BSD-3-Clause");
	scan(not_licenses, strlen(not_licenses), &g);
	assert_int_equal(g.n, 0);
	/* project headers that name no license: CPython's contributor header, the IJG's
	 * acknowledgement (broken over lines) */
	expect_ids("# Copyright (C) 2021 A. Widget\n#  Licensed to PSF under a Contributor "
		   "Agreement.\n", "Python-2.0");
	expect_ids("The widget viewer is based\nin part on the work of the Independent JPEG "
		   "Group.\n", "IJG");
	/* iPXE's file licence macro; the Open CASCADE license by its earlier name */
	expect_ids("FILE_LICENCE ( GPL2_OR_LATER );\n", "GPL-2.0-or-later");
	expect_ids("// This file may be distributed and/or modified under the terms and\n"
		   "// conditions of the Open CASCADE Public License as defined by its owner.\n",
		   "OCCT-PL");
	/* the SIL Open Font License by its short name, with no word "License" */
	expect_ids("/* Widget Icons - (Font: SIL OFL 1.1, CSS: MIT License) */\n", "OFL-1.1 MIT");
	/* a Maven POM's license names */
	expect_ids("<project>\n  <licenses>\n    <license>\n"
		   "      <name>Eclipse Public License - v 2.0</name>\n"
		   "      <url>https://widgets.example/license</url>\n"
		   "    </license>\n  </licenses>\n</project>\n", "EPL-2.0");
}

/* A file with more copies of one notice than the matcher tries occurrences of each of
 * its words at once (an aclocal.m4 with a notice per macro): every copy is found. */
static void many_copies_of_one_notice(void **state)
{
	const char *notice =
		"# This file is free software; the Free Software Foundation\n"
		"# gives unlimited permission to copy and/or distribute it,\n"
		"# with or without modifications, as long as this notice is preserved.\n\n";
	char t[8192];
	size_t k, n = 0, i;
	struct got g;
	(void)state;
	t[0] = '\0';
	for (k = 0; k < 12; k++) {
		n += (size_t)snprintf(t + n, sizeof(t) - n, "# serial %zu widget.m4\n%s", k, notice);
		n += (size_t)snprintf(t + n, sizeof(t) - n,
				      "AC_DEFUN([WIDGET_%zu], [widget_%zu=yes])\n\n", k, k);
	}
	scan(t, n, &g);
	assert_int_equal(g.n, 12);
	for (i = 0; i < g.n; i++)
		assert_string_equal(g.spdx[i], "FSFULLR");
	/* the first copy with the warranty disclaimer (FSFULLRWD), whose sentence a later
	 * file's notice repeats: once the later copies are taken, the template's chain is
	 * aligned again over the earlier ones it had not tried */
	n = (size_t)snprintf(t, sizeof(t), "# widgetgen output\n\n%s%s\nWIDGET_INIT\n\n", notice,
			     "# This program is distributed in the hope that it will be useful,\n"
			     "# but WITHOUT ANY WARRANTY, to the extent permitted by law; without\n"
			     "# even the implied warranty of MERCHANTABILITY or FITNESS FOR A\n"
			     "# PARTICULAR PURPOSE.\n");
	for (k = 0; k < 12; k++)
		n += (size_t)snprintf(t + n, sizeof(t) - n, "# serial %zu widget.m4\n%s", k, notice);
	n += (size_t)snprintf(t + n, sizeof(t) - n, "# gadget.m4\n# Copyright 2010 Gadgets\n"
			      "# This program is distributed in the hope that it will be useful,\n"
			      "# but WITHOUT ANY WARRANTY, to the extent permitted by law; without\n"
			      "# even the implied warranty of MERCHANTABILITY or FITNESS FOR A\n"
			      "# PARTICULAR PURPOSE.\n");
	scan(t, n, &g);
	assert_int_equal(g.n, 13);
	assert_string_equal(g.spdx[0], "FSFULLRWD");
	for (i = 1; i < g.n; i++)
		assert_string_equal(g.spdx[i], "FSFULLR");
}

/* A notices file of many texts (a GPL, BSD and MIT texts of ten components, a historical
 * notice that grants 'sell', the Apache License): every copy is found and named. Templates
 * are ranked for alignment by the share of their shingles found, or of those of their
 * required words (a short one present whole ranks with a long one, one of many optional
 * words with only its core in the text too), and a chain whose closing words came from a
 * later copy is aligned again near the piece kept. */
static void many_texts_in_one_file(void **state)
{
	static const char *sell =
		"\n----\nCopyright 1991 by the Example Institute of Widgets\n\n"
		"Permission to use, copy, modify, distribute, and sell this software and its\n"
		"documentation for any purpose is hereby granted without fee, provided that\n"
		"the above copyright notice appear in all copies and that both that\n"
		"copyright notice and this permission notice appear in supporting\n"
		"documentation, and that the name of E.I.W. not be used in advertising or\n"
		"publicity pertaining to distribution of the software without specific,\n"
		"written prior permission.  E.I.W. makes no representations about the\n"
		"suitability of this software for any purpose.  It is provided \"as is\"\n"
		"without express or implied warranty.\n";
	static const char *const want[] = { "BSD-3-Clause", "MIT", "MIT", "BSD-3-Clause", "MIT",
		"HPND-sell-variant", "MIT", "BSD-3-Clause", "MIT", "MIT", "BSD-3-Clause" };
	size_t lg, lm, lb, la, n = 0, k;
	char *gpl = slurp(DP_SOURCE_DIR "/fixtures/licenses/GPL-2.0-only.txt", &lg);
	char *mit = slurp(DP_SOURCE_DIR "/fixtures/licenses/MIT.txt", &lm);
	char *bsd = slurp(DP_SOURCE_DIR "/fixtures/licenses/BSD-3-Clause.txt", &lb);
	char *apache = slurp(DP_SOURCE_DIR "/fixtures/licenses/Apache-2.0.txt", &la);
	size_t cap = lg + la + 10 * (lm + lb + 128) + strlen(sell) + 128;
	char *all = malloc(cap);
	struct got g;
	(void)state;
	assert_non_null(all);
	n += (size_t)snprintf(all + n, cap - n, "Notices of the widget toolkit\n\n%s", gpl);
	for (k = 0; k < 10; k++) {
		n += (size_t)snprintf(all + n, cap - n,
				      "\n----\nPart %zu (libpart%zu):\n\nCopyright (c) 20%02zu "
				      "Part %zu Authors\n\n%s", k, k, k, k, k % 3 ? mit : bsd);
		if (k == 4)
			n += (size_t)snprintf(all + n, cap - n, "%s", sell);
	}
	n += (size_t)snprintf(all + n, cap - n, "\n----\n%s", apache);
	scan(all, n, &g);
	assert_int_equal(g.n, 13);
	assert_string_equal(g.spdx[0], "GPL-2.0-only");
	for (k = 0; k < 11; k++)
		assert_string_equal(g.spdx[k + 1], want[k]);
	assert_string_equal(g.spdx[12], "Apache-2.0");
	free(all);
	free(gpl);
	free(mit);
	free(bsd);
	free(apache);
}

/* Texts side by side: template words at a match's end that the next match took are not
 * missing (the Autoconf exception's closing 'GNU General Public License, version 3' read
 * as the opening words of the GPL text after it); a template's opening shared with an
 * earlier text is looked for short of that text; a notice of mostly optional words is
 * aligned by its required ones (the historical notice, then a sell variant). */
static void texts_side_by_side(void **state)
{
	static const char *exc =
		"This file is free software; you can redistribute it and/or modify it\n"
		"under the terms of the GNU General Public License as published by\n"
		"the Free Software Foundation; either version 3 of the License, or\n"
		"(at your option) any later version.\n\n"
		"As a special exception to the GNU General Public License, if you\n"
		"distribute this file as part of a program that contains a\n"
		"configuration script generated by Autoconf, you may include it under\n"
		"the same distribution terms that you use for the rest of that\n"
		"program.  This Exception is an additional permission under section 7\n"
		"of the GNU General Public License, version 3 (\"GPLv3\").\n\n";
	static const char *isc_like =
		"Portions Copyright (c) 1991 by Example Widgets Corporation.\n\n"
		"Permission to use, copy, modify, and distribute this software for any\n"
		"purpose with or without fee is hereby granted, provided that the above\n"
		"copyright notice and this permission notice appear in all copies, and that\n"
		"the name of Example Widgets Corporation not be used in advertising or\n"
		"publicity pertaining to distribution of the document or software without\n"
		"specific, written prior permission.\n\n"
		"THE SOFTWARE IS PROVIDED \"AS IS\" AND EXAMPLE WIDGETS CORP. DISCLAIMS ALL\n"
		"WARRANTIES WITH REGARD TO THIS SOFTWARE, INCLUDING ALL IMPLIED WARRANTIES\n"
		"OF MERCHANTABILITY AND FITNESS.   IN NO EVENT SHALL EXAMPLE WIDGETS\n"
		"CORPORATION BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL\n"
		"DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR\n"
		"PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS\n"
		"ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS\n"
		"SOFTWARE.\n\n"
		"Portions Copyright (c) 1997 by Sample Gadgets Inc.\n\n"
		"Permission to use, copy, modify, and distribute this software for any\n"
		"purpose with or without fee is hereby granted, provided that the above\n"
		"copyright notice and this permission notice appear in all copies.\n\n"
		"THE SOFTWARE IS PROVIDED \"AS IS\" AND SAMPLE GADGETS DISCLAIMS\n"
		"ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES\n"
		"OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL SAMPLE GADGETS\n"
		"BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL\n"
		"DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR\n"
		"PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS\n"
		"ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS\n"
		"SOFTWARE.\n";
	static const char *hpnd =
		"Copyright (c) 1995 by Example Graphics Systems, Inc.\n"
		"Permission to use, copy, modify, and distribute this\n"
		"software and its documentation for any purpose and without\n"
		"fee is hereby granted, provided that the above copyright\n"
		"notice appear in all copies and that both that copyright\n"
		"notice and this permission notice appear in supporting\n"
		"documentation, and that the name of Example Graphics not be\n"
		"used in advertising or publicity pertaining to distribution\n"
		"of the software without specific prior written permission.\n"
		"Example Graphics makes no representation about the suitability\n"
		"of this software for any purpose. It is provided \"as is\"\n"
		"without any express or implied warranty.\n"
		"EXAMPLE GRAPHICS DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS\n"
		"SOFTWARE, INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY\n"
		"AND FITNESS FOR A PARTICULAR PURPOSE. IN NO EVENT SHALL EXAMPLE\n"
		"GRAPHICS BE LIABLE FOR ANY SPECIAL, INDIRECT OR CONSEQUENTIAL\n"
		"DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE,\n"
		"DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE\n"
		"OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION  WITH\n"
		"THE USE OR PERFORMANCE OF THIS SOFTWARE.\n\n"
		"Copyright 1993 Sample Network Devices\n\n"
		"Permission to use, copy, modify, distribute, and sell this software and its\n"
		"documentation for any purpose is hereby granted without fee, provided that\n"
		"the above copyright notice appear in all copies and that both that\n"
		"copyright notice and this permission notice appear in supporting\n"
		"documentation, and that the name of SND not be used in advertising or\n"
		"publicity pertaining to distribution of the software without specific,\n"
		"written prior permission.  SND makes no representations about the\n"
		"suitability of this software for any purpose.  It is provided \"as is\"\n"
		"without express or implied warranty.\n\n"
		"SND DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE, INCLUDING ALL\n"
		"IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS, IN NO EVENT SHALL SND\n"
		"BE LIABLE FOR ANY SPECIAL, INDIRECT OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES\n"
		"WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION\n"
		"OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN\n"
		"CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n";
	size_t lg, n;
	char *gpl = slurp(DP_SOURCE_DIR "/fixtures/licenses/GPL-2.0-only.txt", &lg);
	char *all = malloc(lg + 2048);
	struct got g;
	(void)state;
	assert_non_null(all);
	n = (size_t)snprintf(all, lg + 2048, "%s%s", exc, gpl);
	scan(all, n, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.spdx[0], "Autoconf-exception-generic-3.0");
	assert_string_equal(g.spdx[1], "GPL-2.0-only");
	scan(isc_like, strlen(isc_like), &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.spdx[1], "ISC");
	assert_int_equal(g.a[1], 21);
	assert_true(g.b[0] < 21);
	scan(hpnd, strlen(hpnd), &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.spdx[0], "HPND");
	assert_int_equal(g.b[0], 20);
	assert_string_equal(g.spdx[1], "HPND-sell-variant");
	free(all);
	free(gpl);
}

static void nothing_in_plain_text(void **state)
{
	const char *t = "The quick brown fox jumps over the lazy dog.\nNo terms here.\n";
	struct got g;
	(void)state;
	scan(t, strlen(t), &g);
	assert_int_equal(g.n, 0);
	assert_false(dp_license_prefilter(t, strlen(t)));
	assert_true(dp_license_prefilter("see LICENSE", 11));
	assert_true(dp_license_prefilter("Released to the Public Domain", 29));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_texts_exact),
		cmocka_unit_test(embedded_texts_with_lines),
		cmocka_unit_test(notices_only_vs_or_later),
		cmocka_unit_test(apache_notice),
		cmocka_unit_test(tags_and_references),
		cmocka_unit_test(card_sections_and_mentions),
		cmocka_unit_test(cc_short_names),
		cmocka_unit_test(nothing_in_plain_text),
		cmocka_unit_test(named_mozilla_style_notice),
		cmocka_unit_test(notice_after_other_text),
		cmocka_unit_test(gnu_notice_words),
		cmocka_unit_test(gnu_notice_versions),
		cmocka_unit_test(text_title_decides),
		cmocka_unit_test(kernel_module_license),
		cmocka_unit_test(same_terms_as),
		cmocka_unit_test(file_names_and_or_later),
		cmocka_unit_test(joined_names),
		cmocka_unit_test(exceptions_and_single_versions),
		cmocka_unit_test(loose_tags),
		cmocka_unit_test(variants_need_their_words),
		cmocka_unit_test(third_clause_and_named_versions),
		cmocka_unit_test(cut_texts_and_sell_variant),
		cmocka_unit_test(public_domain_and_other_grants),
		cmocka_unit_test(many_copies_of_one_notice),
		cmocka_unit_test(many_texts_in_one_file),
		cmocka_unit_test(texts_side_by_side),
		cmocka_unit_test(notice_with_inserted_paragraph),
		cmocka_unit_test(two_gnu_versions),
		cmocka_unit_test(header_offers_alternatives),
		cmocka_unit_test(apache_words_other_license),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
