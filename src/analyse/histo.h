/* histo.h - mergeable log-bucket histogram of unsigned integers (lengths).
 *
 * Values below 16 have exact buckets; above, each power of two is split into 16 buckets, so a
 * quantile is off by at most 1/16 (6.25%) of its value (the midpoint is reported, clamped to
 * [min, max], so the typical error is half that). count, sum, min and max are exact, so the
 * mean is exact. Merge adds bucket counts: merging the histograms of two halves gives
 * exactly the histogram of the whole. Embedded struct, no allocation.
 */
#ifndef DP_ANALYSE_HISTO_H
#define DP_ANALYSE_HISTO_H

#include <stdint.h>

#include "core/json.h"

#define DP_HISTO_SUB 16                        /* buckets per power of two */
#define DP_HISTO_BUCKETS (DP_HISTO_SUB * 61)   /* covers the whole uint64 range */
#define DP_HISTO_REL_ERROR 0.0625

struct dp_histo {
	uint64_t count;
	uint64_t sum;      /* saturates at UINT64_MAX */
	uint64_t min;      /* UINT64_MAX when count == 0 */
	uint64_t max;
	uint64_t bucket[DP_HISTO_BUCKETS];
};

void dp_histo_init(struct dp_histo *h);
void dp_histo_add(struct dp_histo *h, uint64_t v);
void dp_histo_merge(struct dp_histo *into, const struct dp_histo *from);
/* The q-quantile (0 <= q <= 1) by the nearest-rank rule; 0 when empty. */
uint64_t dp_histo_quantile(const struct dp_histo *h, double q);
/* sum / count, or 0 when empty. */
double dp_histo_mean(const struct dp_histo *h);

/* Save as {"count","sum","min","max","b":[index, count, ...]} (non-empty buckets) and
 * load back into an initialised histogram (replacing it). */
void dp_histo_save(const struct dp_histo *h, struct dp_json *out);
int dp_histo_load(struct dp_histo *h, yajl_val v);

#endif
