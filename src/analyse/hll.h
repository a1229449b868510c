/* hll.h - HyperLogLog distinct-count sketch (2^12 one-byte registers, XXH3-64 hashing).
 *
 * Standard error 1.04/sqrt(4096) = 1.6%; counts are exact-ish below ~10k thanks to linear
 * counting. Mergeable: merge(A, B) takes the register-wise max, so merging the sketches of
 * two halves gives exactly the sketch of the whole. Embedded struct, no allocation.
 */
#ifndef DP_ANALYSE_HLL_H
#define DP_ANALYSE_HLL_H

#include <stddef.h>
#include <stdint.h>

#include "core/json.h"

#define DP_HLL_P 12
#define DP_HLL_M (1u << DP_HLL_P)
#define DP_HLL_STDERR 0.01625 /* 1.04 / sqrt(DP_HLL_M), reported with estimates */

struct dp_hll {
	uint8_t reg[DP_HLL_M];
};

void dp_hll_init(struct dp_hll *h);
/* Add a value by its bytes (hashed with XXH3-64), or an already computed 64-bit hash. */
void dp_hll_add(struct dp_hll *h, const void *p, size_t n);
void dp_hll_add_hash(struct dp_hll *h, uint64_t hash);
/* into := max(into, from), register by register. */
void dp_hll_merge(struct dp_hll *into, const struct dp_hll *from);
/* Estimated number of distinct values added, rounded to an integer. */
uint64_t dp_hll_estimate(const struct dp_hll *h);

/* Save the registers as one string (a character per register) and load them back. */
void dp_hll_save(const struct dp_hll *h, struct dp_json *out);
int dp_hll_load(struct dp_hll *h, yajl_val v);

#endif
