/* langid.h - per-text language identification behind a small C API (CLD2 underneath).
 *
 * dp_langid_detect looks at most DP_LANGID_SAMPLE bytes (or the caller's sample size) of
 * UTF-8 text, cut at a character boundary, and answers a lowercase ISO 639-1 code where one
 * exists ("en", "zh", "he"; ISO 639-2/3 otherwise) or "und" when the text has fewer than
 * `min_letters` letters, when CLD2 says the guess is unreliable, or when the top language
 * covers under DP_LANGID_MIN_PERCENT of the text. CLD2 keeps no state between calls and its
 * tables are read-only, so calls from several threads are safe. No allocation per call.
 *
 * The library was chosen by measurement (tests/eval/langid.sh): see the scope man page.
 */
#ifndef DP_ANALYSE_LANGID_H
#define DP_ANALYSE_LANGID_H

#include <stddef.h>

#define DP_LANGID_SAMPLE_MAX (1u << 20) /* larger --lang-sample values are cut to this */
#define DP_LANGID_SAMPLE 512        /* default bytes looked at per record */
#define DP_LANGID_EXACT_RECORDS 1024 /* per input, every record is checked up to here */
#define DP_LANGID_STRIDE 16          /* then one record in this many (by seq hash) */
#define DP_LANGID_SPARSE_AFTER 65536 /* past this many records of an input ... */
#define DP_LANGID_SPARSE_FACTOR 4    /* ... the stride is this many times wider: a large input
				      * keeps thousands of checks, and language ID its cost */
#define DP_LANGID_MIN_LETTERS 20     /* default: fewer letters -> "und" */
#define DP_LANGID_MIN_PERCENT 50
#define DP_LANGID_CODE_MAX 16

struct dp_langid_result {
	char code[DP_LANGID_CODE_MAX];  /* "en", ..., or "und" */
	int percent;                    /* share of the sample in that language, 0..100 */
	int reliable;                   /* CLD2's reliability flag */
};

/* Detect the language of text[0..n); `letters` is the caller's letter count for the whole
 * text (used for the too-few-letters rule; pass (size_t)-1 to skip the rule). `sample` is
 * the byte budget (0 = DP_LANGID_SAMPLE). Always fills *r; returns 1 when a language was
 * found, 0 for "und". */
int dp_langid_detect(const char *text, size_t n, size_t letters, size_t sample,
		     struct dp_langid_result *r);

/* Map a detector's language code to the reported code, into out (cap >= DP_LANGID_CODE_MAX):
 * lower-cased, region/script suffix dropped, legacy codes replaced (iw->he, in->id, ji->yi,
 * jw->jv), "un"/"xx"/"" -> "und". */
void dp_langid_normalize(const char *code, char *out, size_t cap);

/* The C++ shim (langid_cld2.cc): CLD2's top language code for valid-or-not UTF-8 text, with
 * its percent and reliability. Returns CLD2's code string (static) or NULL. */
const char *dp_langid_cld2(const char *text, int n, int *percent, int *reliable);

#endif
