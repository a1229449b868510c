/* match.h - find license texts and standard headers in a token stream.
 *
 * Method: the text's shingles (DP_LIC_K tokens) are looked up in the corpus index to count
 * hits per template; the candidates with the largest share of their shingles found, or of
 * their required words' shingles (a short template present whole ranks with a long one,
 * one of many optional words with only its core present too) are aligned against the text
 * (longest chain of shingle hits increasing on both sides), scored on how much of the
 * template's required text is covered, and accepted best-first on non-overlapping
 * regions, so one file may hold several licenses, and a template that covers more of the
 * text wins over a near variant contained in it (BSD-3-Clause over BSD-2-Clause). A text holding several copies of one
 * license family: a chain cut from its template's opening or end (those words taken from
 * another copy) is aligned again near the piece kept, short of the pieces beside it, and
 * the accepted template's near variants are aligned in its region to compete for it;
 * template words at a match's end that a neighbouring accepted match took are not counted
 * missing. A full text cut short (no disclaimer, nothing after it) is accepted from a lower
 * coverage when it holds nearly all of the template up to where it stops. All state is
 * per call: thread-safe.
 */
#ifndef DP_LICENSE_MATCH_H
#define DP_LICENSE_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "license/corpus.h"
#include "license/normalize.h"

#define DP_LIC_GAPS 8        /* unexplained stretches kept per full-text match */
#define DP_LIC_ALTS 4        /* near variants kept per full-text match */

struct dp_lic_match {
	uint32_t lic;            /* index into corpus->lics */
	uint32_t tpl;            /* template index */
	enum dp_lic_tpl_kind kind;
	double coverage;         /* share of the template's required text found, 0..1 */
	uint32_t covered;        /* required template tokens covered */
	uint32_t explained;      /* text tokens explained: covered template words (optional
				  * ones too) and text standing in a variable part */
	uint32_t var_words;      /* of which standing in a variable part */
	uint32_t tok_first, tok_last;   /* token range in the text */
	uint32_t line_start, line_end;  /* 1-based lines */
	/* Runs of lines inside the range where no template word matched (text inserted into
	 * a license, such as "Alternatively, under the GPL ...", or a paragraph inserted
	 * into a standard header, such as its "GCC Runtime Library Exception" grant). */
	uint32_t gaps[DP_LIC_GAPS][2];
	uint32_t n_gaps;
	uint32_t chain_a, chain_b;      /* internal: the aligned chain piece */
	uint32_t win_lo, win_hi;        /* internal: text window it was aligned in (0, 0: all) */
	uint32_t l_first, l_last;       /* internal: template positions of the piece's ends */
	/* Full texts: other licenses whose templates also matched this region validly (near
	 * variants), for the text's own title to choose among; DP_LIC_NONE when unused. */
	uint32_t alt[DP_LIC_ALTS];
};

/* Find up to `cap` matches in toks; stores them in token order and their number in *n.
 * Returns 0, or -1 when out of memory. */
int dp_lic_match(const struct dp_license_corpus *c, const struct dp_lic_toks *toks,
		 struct dp_lic_match *out, size_t cap, size_t *n);

#endif
