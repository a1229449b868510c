/* scan.h - internals shared by the license scanners (license.c and the files it uses:
 * hits.c, words.c, gnu.c, names.c, refs.c). Not part of the module's interface: use
 * license/license.h.
 *
 * A scan reads one text and collects hits (a license id, the kind of evidence, a
 * confidence and the lines); the scanners ask of the hits found so far whether a line is
 * already explained, so their order in dp_license_scan matters. Everything is per call:
 * thread-safe.
 */
#ifndef DP_LICENSE_SCAN_H
#define DP_LICENSE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "license/corpus.h"
#include "license/match.h"

#define MAX_HITS 128
#define MAX_MATCHES 64
#define SPDX_MAX 256
#define FIELD_CONF 0.95   /* confidence of a "License:" field */
#define PHRASE_WORDS 12
#define PHRASE_NAMES 3     /* names joined by and/or read after one phrase */
#define APPENDIX_LINES 8
#define MENTION_BEFORE 10  /* words before "license" tried as a license name */
#define MENTION_AFTER 3    /* version words after it */
#define MENTION_CONF 0.6   /* confidence of a license named in passing */
#define COMPARE_BEFORE 24  /* bytes before a name searched for "similar to" and the like */
#define TAG_WORD_CONF 0.9  /* an id in a tag that is no valid expression */
#define TAG_WORDS 3        /* words of one name there */
#define JOIN_WORDS 4       /* words of a name joined to another by "or", "and", "/" */
#define TITLE_BEFORE 200   /* bytes before a full text searched for its title */
#define TITLE_AFTER 300    /* bytes into a full text searched for its title */
#define TITLE_WORDS 4      /* words of a short title ("LPPL Version 1.3c") */
#define GNU_BEFORE 40     /* bytes before a GNU license name searched for "version N of" */
#define GNU_WINDOW 240   /* bytes after a GNU license name searched for its version */
#define GNU_LATER 160    /* bytes after a GNU version searched for "or later" */
#define GNU_SECOND 48    /* bytes after a GNU version searched for a second one offered */
#define OFFER_WINDOW 100  /* bytes after "Alternatively," searched for the grant phrase */
#define PAREN_MAX 16      /* bytes of an acronym in parentheses after a license name */
#define PAREN_SKIP 48     /* bytes of a parenthesis between two names joined ("(the GPL)") */
#define RELICENSE_WINDOW 300 /* bytes after a past-tense grant searched for a change */
#define PAST_GRANT_WORDS 24 /* words before a name searched for its grant's "was ... under" */
#define GNU_GRANT 100    /* bytes after a GNU name searched for "as published by" */
#define POM_WINDOW 400   /* bytes after a POM's <license> searched for its <name> */
#define PD_WINDOW 64     /* bytes before "public domain" searched for its statement */
#define PD_AFTER 2       /* lines after a public-domain statement searched for its deed */
#define BY_WINDOW 80 /* bytes between "licensed by" and its "under" (the licensor's name) */

struct hit {
	char spdx[SPDX_MAX];
	const char *kind;
	double conf;
	uint32_t a, b;
	uint32_t gaps[DP_LIC_GAPS][2];  /* texts, notices: lines inside a..b the license lacks */
	uint32_t n_gaps;
	int plain;      /* references: the name gave no version ("the GNU GPL") */
};

struct hits {
	struct hit v[MAX_HITS];
	size_t n;
};

/* ---- The hits of a scan (hits.c) ---- */

/* Line number (1-based) of byte offset off. */
uint32_t dp_lic_line_of(const char *text, size_t off, size_t *cache_off, uint32_t *cache_line);

void dp_lic_add_hit(struct hits *h, const char *spdx, const char *kind, double conf,
		    uint32_t a, uint32_t b);

/* Is line `ln` within a full license text? A tag there is the document's own example or
 * metadata (SHL-2.1 shows "Apache-2.0 WITH SHL-2.1"), not a statement about the file. */
int dp_lic_inside_text(const struct hits *h, uint32_t ln);

/* Is line `ln` inside a text, notice or tag already found (not in a stretch of it that
 * its license lacks), or, for a license of the same family as a full text (id; NULL:
 * any), in the lines just after it (its "how to apply" appendix, which quotes notices and
 * URLs)? */
int dp_lic_covered_line(const struct hits *h, uint32_t ln, const char *id);

/* Does a full text of id's family lie in the file (the document naming itself)? */
int dp_lic_text_of_family(const struct hits *h, const char *id);

/* A name without a version ("the Eclipse Public License is available at ...") when a
 * license of that family was already found: the same license named again. */
int dp_lic_unversioned_dup(const struct hits *h, const char *id, const char *name, size_t n);

/* Lines where a text inserted into a license (its unexplained stretches) may be read. */
int dp_lic_in_text_gap(const struct hits *h, uint32_t ln);

/* Did the name text[s..e) give no version (`kept`: the id is the one the name maps to, no
 * version read around it), as "the GNU GPL" does? */
int dp_lic_name_plain(const char *text, size_t s, size_t e, int kept);

/* Mark the hit just added (when h grew from n0) as plain (see name_plain). */
void dp_lic_mark_plain(struct hits *h, size_t n0, const char *text, size_t s, size_t e,
		       int kept);

int dp_lic_hit_of_family(const struct hits *h, const char *id);

/* After a phrase like "licensed under": the longest run of up to PHRASE_WORDS words that
 * names a license ("the Apache License, Version 2.0", "a Creative Commons Attribution 4.0
 * International License"). */
/* Was a "License:" field read on this line? */
int dp_lic_field_on_line(const struct hits *h, uint32_t line);

/* 1 when a hit has this id and this kind (NULL: any). */
int dp_lic_has_hit(const struct hits *h, const char *spdx, const char *kind);

int dp_lic_has_spdx(const struct hits *h, const char *spdx);

/* A license named in passing on `line`, unless the file already says more of it: the
 * same id, a hit covering the line, or the full text of its family. */
void dp_lic_add_mention(struct hits *h, const char *id, uint32_t line);

/* Did the file hold the full text of a license? An exception's text does not count: it
 * is written to go with a license that the file then names ("insert GPL v2 text here"). */
int dp_lic_has_license_text(const struct dp_license_corpus *c, const struct hits *h);

/* Does the file hold the text of an exception of id's name (up to its first '-':
 * "Autoconf-exception-2.0" for "Autoconf-exception-generic")? Then the name repeats it. */
int dp_lic_exception_text(const struct hits *h, const char *id);

/* ---- Searching raw text (words.c) ---- */

/* Next case-insensitive occurrence of needle (lowercase) at or after from, or len. The
 * next lower- and upper-case first bytes are tracked apart, so each is searched once. */
size_t dp_lic_find_ci(const char *text, size_t len, size_t from, const char *needle);

/* 1 when [text+pos, text+len) starts with `lit`, ignoring case; never reads past len. */
int dp_lic_starts_ci(const char *text, size_t len, size_t pos, const char *lit);

/* Does id end with suffix sfx before position n? */
int dp_lic_ends_with(const char *id, size_t n, const char *sfx);

/* Does text[from..to) hold needle (lowercase), case-insensitively? */
int dp_lic_has_ci(const char *text, size_t from, size_t to, const char *needle);

/* White space, quotes and comment markers (C, shell, Erlang/TeX '%') between words. */
int dp_lic_gnu_gap(char ch);

/* The word that ends before offset e (gaps and comment markers skipped): its start in *ws
 * (0 words: *ws == e). */
size_t dp_lic_word_before(const char *text, size_t e, size_t *ws);

int dp_lic_name_char(char ch);

int dp_lic_gap_char(char ch);

int dp_lic_alnum_char(char ch);

int dp_lic_letter(char ch);

/* Where the words of lit end if text at pos starts with them, case-insensitively, each
 * space of lit standing for any run of white space and comment marks (a phrase broken
 * over lines: "Version 1.3 or\n * any later version"); else 0. */
size_t dp_lic_words_end(const char *text, size_t len, size_t pos, const char *lit);

/* The next place at or after `from` where the words of lit (lowercase) occur, as
 * words_end reads them; len if none. *end: where they end. */
size_t dp_lic_find_words_ci(const char *text, size_t len, size_t from, const char *lit,
			    size_t *end);

/* Where the line before the one holding offset `at` starts: a standard header's first
 * words matched may follow the name it grants ("Licensed under the Eclipse Public License,
 * Version 1.0 (the "License"); you may not use ..." in the Apache header's words). */
size_t dp_lic_line_before(const char *text, size_t at);

/* ---- GNU license versions (gnu.c) ---- */

/* Where a version number starts after "version", "v." or "v" at p (a word start), or 0.
 * The number may be on the next line, after a comment marker ("either version\n * 2 of"). */
size_t dp_lic_version_digits(const char *text, size_t p, size_t to);

/* After a GNU version number at d: "or (at your option) any later version", "or later",
 * "+", but not "and not any later version". */
int dp_lic_gnu_later(const char *text, size_t d, size_t e, size_t to);

/* "version 2 of the GNU General Public License": a version just before the name at `at`,
 * joined to it by "of" ("of the"); not one that ends another statement ("GPL version 2 or
 * the GNU Lesser General Public License"). */
const char *dp_lic_gnu_read_before(const struct dp_license_corpus *c, const char *fam,
				   const char *text, size_t at, char *buf, size_t cap);

const char *dp_lic_gnu_version(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t name, size_t from, char *buf,
			       size_t cap);

/* A GNU notice names its family, version and "or later" in words; the headers of GPL-1.0,
 * -2.0 and -3.0 (and the LGPL's) differ in little else, so the notice's own words decide.
 * Without a version the notice grants any version (GPL section 9 / 14). A second grant of
 * another GNU family in the same notice ("Additionally ... under the terms of the GNU
 * Lesser General Public License as published by ...") goes to `extra` (else ""). Returns
 * the id to report (buf, a constant or id). */
const char *dp_lic_gnu_notice(const struct dp_license_corpus *c, const char *id,
			      const char *text, size_t len, size_t from, size_t to, char *buf,
			      char *extra, size_t cap);

/* An unversioned GNU name ("the GNU General Public License") when the file already has a
 * license of that family: the same license named again, not another one. */
/* Is id what an unversioned GNU name maps to? */
int dp_lic_unversioned_gnu(const char *id);

/* A versioned "-only" id whose name, ending at e, is followed by "or later" ("GNU Lesser
 * General Public License, version 3 or later", "... Version 2.1 or any later version",
 * "Version 1.3 or\nany later version"): the -or-later id (in buf), else id. */
const char *dp_lic_later_after(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t e, char *buf, size_t cap);

/* ---- Licenses named in passing (names.c) ---- */

/* Skip leading words that never start a license name: "the", "a", "an", "terms of",
 * "dual" ("under a dual BSD/GPLv2 license"). */
size_t dp_lic_skip_articles(const char *text, size_t len, size_t s);

/* Words of a license name from s: offsets of their ends in ends[] (at most PHRASE_WORDS),
 * stopping at a clause break ("(", ";", a sentence end, a comma not before "Version"). */
size_t dp_lic_phrase_words(const char *text, size_t len, size_t s, size_t *ends);

/* The names after a grant phrase ending at s. `offered`: the phrase offers licenses
 * inside a standard header, in its variable part ("Alternatively, the contents of this
 * file may be used under the terms of either the GNU General Public License Version 2 or
 * later (the "GPL"), or ..."), where the header's lines do not hide them. */
void dp_lic_scan_phrase(const struct dp_license_corpus *c, const char *text, size_t len,
			size_t s, uint32_t line, int offered, struct hits *h);

/* A grant in the past tense that the text then says was changed ("JZlib 0.0.* were
 * released under the GNU LGPL. Later, we switched to ...") names an earlier license of
 * the work, not its own. Past tense alone is no sign: "The dataset was released under
 * CC BY 4.0" states a dataset's license. Is the word before `at` "was" or "were", with a
 * change of license said within the next RELICENSE_WINDOW bytes? */
int dp_lic_past_grant(const char *text, size_t len, size_t at);

/* Is the name starting at s granted in the past tense, and changed since ("were released
 * under the MIT license; we switched to ...", "The fonts were first published on their
 * foundry's site under the terms of the GPL. ... they were republished under the OFL")?
 * Reads the sentence back from s, word by word: "under" (or `under` set: s starts a grant
 * phrase), then "was" or "were" before it; an "is", "are" or "be" on the way is a grant in
 * the present tense. */
int dp_lic_past_grant_before(const char *text, size_t len, size_t s, int under);

/* The first license that text[from..to) names with a version ("subject to the Netscape
 * Public License Version 1.1"), or NULL. Standard headers of one style (the Mozilla-style
 * "The contents of this file are subject to the X Public License Version N") differ in
 * little but that name, so a notice's own words decide which license it grants. */
const char *dp_lic_notice_named(const struct dp_license_corpus *c, const char *text, size_t len,
				size_t from, size_t to);

/* Names in passing (acronyms, "... license", exceptions, names that need no word
 * "license", a License section). A license document names other licenses in passing
 * (`doc`): there only the stretches its license does not explain are read
 * ("Alternatively, this file may be used under the GPL ..."), and exceptions named
 * outside its text. */
void dp_lic_scan_names(const struct dp_license_corpus *c, const char *text, size_t len,
		       int doc, struct hits *h);

/* ---- References of fixed forms (refs.c) ---- */

/* SPDX-License-Identifier: <expression> up to the end of the line or a comment closer. */
void dp_lic_scan_tag(const struct dp_license_corpus *c, const char *text, size_t len,
		     size_t at, uint32_t line, struct hits *h);

void dp_lic_scan_url(const struct dp_license_corpus *c, const char *text, size_t len,
		     size_t at, uint32_t line, struct hits *h);

/* iPXE's FILE_LICENCE ( GPL2_OR_LATER ) macro: the license of the source file it opens. */
void dp_lic_scan_file_licence(const char *text, size_t len, struct hits *h);

/* A Maven POM's <license><name>Eclipse Public License - v 2.0</name>: a field whose whole
 * value is mapped. */
void dp_lic_scan_pom(const struct dp_license_corpus *c, const char *text, size_t len,
		     struct hits *h);

/* "License: GPL-2+" opening a line (Debian copyright, RPM spec, PKG-INFO, card
 * sections): a field whose whole value is mapped, even just after a license text. */
void dp_lic_scan_fields(const struct dp_license_corpus *c, const char *text, size_t len,
			struct hits *h);

/* MODULE_LICENSE("...") in a Linux kernel module: the strings include/linux/module.h
 * documents ("GPL" is "GNU Public License v2 or later", "GPL v2" is v2 only, "Dual X/GPL"
 * is v2 or X; the kernel's Dual MPL/GPL code is under MPL 1.1). Read as a field. */
void dp_lic_scan_module(const struct dp_license_corpus *c, const char *text, size_t len,
			struct hits *h);

/* References made by a phrase and the word after it: "see copyright notice in zlib.h",
 * "under the same terms as Perl itself", "the same license as OpenSSL". */
void dp_lic_scan_word_refs(const struct dp_license_corpus *c, const char *text, size_t len,
			   struct hits *h);

void dp_lic_scan_project_refs(const struct dp_license_corpus *c, const char *text, size_t len,
			      struct hits *h);

/* Two license acronyms joined by " & " with no grant phrase around them ("jQuery plugin -
 * MIT & GPL", "Modernizr | MIT & BSD"): both licenses, when both spellings map. */
void dp_lic_scan_amp_pairs(const struct dp_license_corpus *c, const char *text, size_t len,
			   struct hits *h);

void dp_lic_scan_public_domain(const struct dp_license_corpus *c, const char *text, size_t len,
			       struct hits *h);

/* "/usr/share/common-licenses/GFDL-1.2": Debian's copy of a license, named by the file. */
void dp_lic_scan_common_licenses(const struct dp_license_corpus *c, const char *text,
				 size_t len, struct hits *h);

void dp_lic_scan_version_of(const struct dp_license_corpus *c, const char *text, size_t len,
			    struct hits *h);

/* Creative Commons short names anywhere ("Attribution-NonCommercial 4.0 International (CC
 * BY-NC 4.0)", "Data: CC-BY-SA-4.0", a table cell "CC BY 4.0"): versioned, they name one
 * license, so no grant phrase is needed. */
void dp_lic_scan_cc_short(const struct dp_license_corpus *c, const char *text, size_t len,
			  struct hits *h);

#endif
