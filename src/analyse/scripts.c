/* scripts.c - letters by script (range table search), code points and words in one pass. */
#include "analyse/scripts.h"

#include <string.h>

#include "analyse/scripts_table.h"
#include "core/swar.h"
#include "core/utf8.h"

_Static_assert(DP_SCRIPT_GEN_COUNT == DP_SCRIPT_COUNT, "regenerate scripts_table.h");

/* ASCII byte classes: 1 letter, 2 whitespace, 0 other. */
static const unsigned char ascii_class[128] = {
	['\t'] = 2, ['\n'] = 2, ['\v'] = 2, ['\f'] = 2, ['\r'] = 2, [' '] = 2,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static const struct dp_script_range *find_range(uint32_t cp)
{
	size_t lo = 0, hi = DP_SCRIPT_RANGES, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < dp_script_ranges[mid].lo)
			hi = mid;
		else if (cp > dp_script_ranges[mid].hi)
			lo = mid + 1;
		else
			return &dp_script_ranges[mid];
	}
	return NULL;
}

int dp_scripts_of(uint32_t cp)
{
	const struct dp_script_range *r;

	if (cp < 0x80)
		return ascii_class[cp] == 1 ? DP_SCRIPT_LATIN : -1;
	r = find_range(cp);
	return r ? r->script : -1;
}

const char *dp_scripts_name(int script)
{
	if (script < 0 || script >= DP_SCRIPT_COUNT)
		return NULL;
	return dp_script_names_gen[script];
}

/* Class of a code point >= 0x80: its script index when a letter, DP_SCRIPT_SPACE for a
 * space, DP_SCRIPT_NONE otherwise. The BMP is a two-stage table lookup; the supplementary
 * planes (no spaces there) use the range search. */
static inline unsigned cp_class(uint32_t cp)
{
	const struct dp_script_range *r;

	if (cp < 0x10000)
		return dp_script_bmp2[dp_script_bmp1[cp >> 8]][cp & 0xFF];
	r = find_range(cp);
	return r ? (unsigned)r->script : DP_SCRIPT_NONE;
}

/* Inline fast paths for the common 2- and 3-byte sequences; the rest goes to the strict
 * decoder (same acceptance rules: no overlongs, no surrogates). */
static inline size_t decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
	unsigned lo = 0x80, hi = 0xBF;

	if (p[0] >= 0xC2 && p[0] <= 0xDF && avail >= 2 && (p[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3Fu);
		return 2;
	}
	if (p[0] >= 0xE0 && p[0] <= 0xEF && avail >= 3) {
		if (p[0] == 0xE0)
			lo = 0xA0;                    /* no overlongs */
		else if (p[0] == 0xED)
			hi = 0x9F;                    /* no surrogates */
		if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		      (p[2] & 0x3Fu);
		return 3;
	}
	return dp_utf8_decode(p, avail, cp);
}

#if !DP_SWAR_LE
#error "ascii8 below reads 8 bytes as a little-endian word"
#endif

/* Eight ASCII bytes at once (SWAR): letters are [A-Za-z], spaces are \t..\r and ' '.
 * Returns the letters; adds the words that start in the block. */
static inline unsigned ascii8(uint64_t w, int *in_word, uint64_t *words)
{
	uint64_t y = w | DP_SWAR_ONES * 0x20u; /* fold case */
	uint64_t letter = dp_swar_ge(y, 'a') & dp_swar_lt(y, 'z' + 1);
	uint64_t blank = dp_swar_eq(w, ' ');
	uint64_t space = blank | (dp_swar_ge(w, '\t') & dp_swar_lt(w, '\r' + 1));
	uint64_t prev = (space << 8) | (*in_word ? 0 : 0x80u); /* the byte before each */

	*words += dp_swar_count(~space & DP_SWAR_HIGHS & prev);
	*in_word = !(space >> 63);
	return dp_swar_count(letter);
}

/* Letters of one script in a row are counted in a local run and added when the script
 * changes, so the per-letter work stays in registers. */
struct letter_run {
	unsigned script;
	uint64_t n;
};

static inline void run_add(struct letter_run *run, unsigned cls, struct dp_text_counts *c)
{
	if (cls == run->script) {
		run->n++;
		return;
	}
	if (run->n)
		c->script[run->script] += run->n;
	run->script = cls;
	run->n = 1;
}

void dp_scripts_scan(const char *s, size_t n, struct dp_text_counts *c)
{
	const unsigned char *p = (const unsigned char *)s;
	struct letter_run run = { 0, 0 };
	/* Local counters: stores through *c could alias the text (char pointers alias all),
	 * which would force a memory round trip per byte. */
	uint64_t latin = 0, other = 0, words = 0, chars = 0, invalid = 0, w;
	size_t i = 0, k;
	uint32_t cp;
	int in_word = 0;
	unsigned cls;

	while (i < n) {
		if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & DP_SWAR_HIGHS))) {
			latin += ascii8(w, &in_word, &words);
			chars += 8;
			i += 8;
		} else if (p[i] < 0x80) {
			cls = ascii_class[p[i++]];
			latin += cls & 1u;
			words += (unsigned)!in_word & ((cls >> 1) ^ 1u);
			in_word = (int)((cls >> 1) ^ 1u);
			chars++;
		} else if ((k = decode(p + i, n - i, &cp)) == 0) {
			invalid++;
			i++;
		} else {
			chars++;
			i += k;
			cls = cp_class(cp);
			words += (unsigned)!in_word & (cls != DP_SCRIPT_SPACE);
			in_word = cls != DP_SCRIPT_SPACE;
			if (cls < DP_SCRIPT_COUNT) {
				other++;
				run_add(&run, cls, c);
			}
		}
	}
	if (run.n)
		c->script[run.script] += run.n;
	c->words += words;
	c->chars += chars;
	c->invalid_bytes += invalid;
	c->script[DP_SCRIPT_LATIN] += latin;
	c->letters += latin + other;
}
