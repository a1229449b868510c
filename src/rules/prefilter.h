/* prefilter.h - one cheap pass over text that finds where rules could match.
 *
 * Candidates are: every '@'; every digit cluster (digits joined by at most two of
 * " -.()/" between them, with its digit count); every run of hex digits and colons with
 * at least two colons; every occurrence of a registered keyword (case-sensitive or
 * ASCII case-insensitive). Keywords are found with a first-byte class table and a bitmap
 * of their first two (case-folded) bytes, then compared in full, so ordinary text costs
 * one table lookup per byte. Built once, then read-only: safe to share between threads.
 */
#ifndef DP_RULES_PREFILTER_H
#define DP_RULES_PREFILTER_H

#include <stddef.h>

#define DP_PF_MAX_KEYWORDS 1024

enum dp_cand_kind { DP_CAND_AT = 0, DP_CAND_DIGITS, DP_CAND_HEXCOLON, DP_CAND_KEYWORD };

/* Shape bits of a digit cluster (dp_candidate.seps): the separators inside it, and what
 * leads it (a '+' right before it, "00" at its start, a letter right before it or before
 * one space). */
enum {
	DP_SEP_SPACE = 1, DP_SEP_DASH = 2, DP_SEP_DOT = 4, DP_SEP_PAREN = 8, DP_SEP_SLASH = 16,
	DP_LEAD_PLUS = 32, DP_LEAD_00 = 64, DP_LEAD_LETTER = 128
};

struct dp_candidate {
	enum dp_cand_kind kind;
	size_t start, end;    /* the trigger's bytes: for '@' the non-blank run before it (at
			       * most 64 bytes) and the '@'; the cluster; the run; the word */
	unsigned digits;      /* DP_CAND_DIGITS: number of digits in the cluster */
	unsigned seps;        /* DP_CAND_DIGITS: DP_SEP_* and DP_LEAD_* bits */
	unsigned id;          /* DP_CAND_KEYWORD: the id given to dp_prefilter_add_keyword */
};

struct dp_prefilter;

/* New, empty prefilter; `want` is a bit set of (1u << DP_CAND_*) for the named triggers to
 * report (keywords are reported when some were added). NULL when out of memory. */
struct dp_prefilter *dp_prefilter_new(unsigned want);
void dp_prefilter_free(struct dp_prefilter *pf);

/* Digit clusters with fewer than `n` digits are not reported (default 1). */
void dp_prefilter_set_min_digits(struct dp_prefilter *pf, unsigned n);

/* Register keyword [w, w+n) (n >= 2) with `id`. Returns 0, or -1 when n < 2 or the table
 * is full (DP_PF_MAX_KEYWORDS). */
int dp_prefilter_add_keyword(struct dp_prefilter *pf, const char *w, size_t n, int nocase,
			     unsigned id);

/* Report every candidate in [text, text+len), in increasing start order, to cb. */
void dp_prefilter_scan(const struct dp_prefilter *pf, const char *text, size_t len,
		       void (*cb)(void *ctx, const struct dp_candidate *c), void *ctx);

#endif
