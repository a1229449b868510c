/* normalize.h - the license text normaliser: bytes -> a stream of word tokens.
 *
 * Follows the SPDX matching guidelines: case is ignored (ASCII folding), punctuation,
 * quotes, dashes and whitespace only separate words, list bullets ("1.", "(a)", "iv)") are
 * dropped, copyright lines ("Copyright (c) 2020 ...") are dropped, "&" reads as "and", and
 * equivalent words (licence/license, sub-license/sublicense, ...) are folded to one form.
 * The license templates and the scanned text go through the same code, so both sides agree.
 *
 * A token is a 64-bit hash of its normalised spelling plus where it came from (line, byte
 * offset). The equivalence table is read-only once built and may be shared by threads.
 */
#ifndef DP_LICENSE_NORMALIZE_H
#define DP_LICENSE_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

struct dp_lic_tok {
	uint64_t h;      /* hash of the normalised word */
	uint32_t line;   /* 1-based line of the word in the input */
	uint32_t off;    /* byte offset of the word's first byte */
};

/* A growable token array (caller-owned, embedded). */
struct dp_lic_toks {
	struct dp_lic_tok *v;
	size_t n, cap;
};

/* One equivalence rule: a one- or two-word variant read as a one- or two-word canon. */
struct dp_lic_eqrule {
	uint64_t from[2];   /* from[1] == 0 for a one-word variant */
	uint64_t to[2];     /* to[1] == 0 for a one-word canon */
};

struct dp_lic_equiv {
	struct dp_lic_eqrule *rules;
	size_t n, cap;
	uint64_t filter[64];   /* bitmap over the rules' last words, to skip the rule scan */
};

/* Hash of one already-lowercased word (64-bit, never 0). */
uint64_t dp_lic_word_hash(const char *w, size_t n);

void dp_lic_toks_init(struct dp_lic_toks *t);
void dp_lic_toks_release(struct dp_lic_toks *t);

/* Append the tokens of text[0..len) to `out`. `eq` may be NULL (no equivalent words).
 * `drop_copyright`: drop lines that look like copyright statements (text side; the
 * templates keep theirs). Returns 0, or -1 when out of memory. */
int dp_lic_tokenize(const struct dp_lic_equiv *eq, const char *text, size_t len,
		    int drop_copyright, struct dp_lic_toks *out);

/* Add the rule "variant reads as canon" (two spellings from equivalentwords.txt). Returns
 * 0, or -1 when out of memory. Rules whose two sides normalise alike are ignored. */
int dp_lic_equiv_add(struct dp_lic_equiv *eq, const char *canon, const char *variant);
void dp_lic_equiv_release(struct dp_lic_equiv *eq);

/* Lookup key of a free-form license name or id: lowercase letters and digits of the words
 * that carry meaning, so "Apache License, Version 2.0", "apache-2.0" and "Apache 2" all give
 * "apache2", "GPLv3+" and "GPL-3.0-or-later" give "gpl3+". Words dropped: the, license,
 * licence, licensed, version, v, only, international, unported, generic, style ("MIT-style" reads as
 * "MIT"), "public" after a version or "international" ("CC BY 4.0 International Public
 * License"); "noderivs" reads as "noderivatives"; "or later"/"or-later" and a
 * trailing "+" give "+"; a ".0" ending a number is dropped ("2.0.1" keeps it). Writes a
 * NUL-terminated key into out (cap bytes) and returns its length (0 when nothing is left). */
size_t dp_lic_name_key(const char *s, size_t n, char *out, size_t cap);

/* Lookup key of a URL: no scheme, no "www.", lowercase, no query or fragment, no trailing
 * "/", "legalcode", "deed.xx", ".html", ".txt" or ".php". Same returns as above. */
size_t dp_lic_url_key(const char *s, size_t n, char *out, size_t cap);
#endif
