/* scripts.h - one pass over a text: code points, words and letters per Unicode script.
 *
 * Letters are code points of general category L* (Unicode 15.0, table generated from ICU by
 * tests/scripts/gen_scripts_table.c). Scripts outside the list below count as "Other".
 * Words are maximal runs of non-whitespace (ASCII and Unicode spaces), so scripts written
 * without spaces (Han, Thai) count long runs as one word. Invalid UTF-8 bytes are counted
 * and skipped; the valid part is still measured. Pure functions over a const table:
 * thread-safe.
 */
#ifndef DP_ANALYSE_SCRIPTS_H
#define DP_ANALYSE_SCRIPTS_H

#include <stddef.h>
#include <stdint.h>

struct dp_script_range {
	uint32_t lo, hi;
	int script;
};

#define DP_SCRIPT_OTHER 0
#define DP_SCRIPT_LATIN 1
#define DP_SCRIPT_HAN 26
#define DP_SCRIPT_HIRAGANA 27
#define DP_SCRIPT_KATAKANA 28
#define DP_SCRIPT_HANGUL 29
#define DP_SCRIPT_COUNT 42   /* == DP_SCRIPT_GEN_COUNT in the generated table */

struct dp_text_counts {
	uint64_t chars;                     /* code points (valid UTF-8 only) */
	uint64_t words;
	uint64_t letters;                   /* sum of script[] */
	uint64_t invalid_bytes;             /* bytes that start no valid UTF-8 sequence */
	uint64_t script[DP_SCRIPT_COUNT];   /* letters per script index */
};

/* Add the counts of text [s, s+n) to *c (which the caller zeroes once). A word that
 * straddles two calls counts twice; callers pass whole texts. */
void dp_scripts_scan(const char *s, size_t n, struct dp_text_counts *c);

/* Script index of code point cp when it is a letter, or -1 when it is not a letter. */
int dp_scripts_of(uint32_t cp);

/* Display name of a script index ("Latin", "Han", ... "Other"); NULL when out of range. */
const char *dp_scripts_name(int script);

#endif
