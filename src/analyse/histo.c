/* histo.c - log-bucket histogram: bucket index and representative value arithmetic. */
#include "analyse/histo.h"

#include <math.h>
#include <string.h>

#include "analyse/state_io.h"

void dp_histo_init(struct dp_histo *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

/* Bucket of v: exact below 16; else 16 sub-buckets per power of two, from the 4 bits after
 * the leading one. */
static unsigned bucket_of(uint64_t v)
{
	unsigned e, sub;

	if (v < DP_HISTO_SUB)
		return (unsigned)v;
	e = 63u - (unsigned)__builtin_clzll(v);          /* >= 4 */
	sub = (unsigned)((v >> (e - 4)) & (DP_HISTO_SUB - 1));
	return (e - 3) * DP_HISTO_SUB + sub;
}

/* Lowest value of bucket b, and its width. */
static uint64_t bucket_low(unsigned b, uint64_t *width)
{
	unsigned e, sub;

	if (b < DP_HISTO_SUB) {
		*width = 1;
		return b;
	}
	e = b / DP_HISTO_SUB + 3;
	sub = b % DP_HISTO_SUB;
	*width = 1ULL << (e - 4);
	return (1ULL << e) | ((uint64_t)sub << (e - 4));
}

void dp_histo_add(struct dp_histo *h, uint64_t v)
{
	h->count++;
	h->sum = (h->sum + v < h->sum) ? UINT64_MAX : h->sum + v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->bucket[bucket_of(v)]++;
}

void dp_histo_merge(struct dp_histo *into, const struct dp_histo *from)
{
	unsigned i;

	into->count += from->count;
	into->sum = (into->sum + from->sum < into->sum) ? UINT64_MAX : into->sum + from->sum;
	if (from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
	for (i = 0; i < DP_HISTO_BUCKETS; i++)
		into->bucket[i] += from->bucket[i];
}

uint64_t dp_histo_quantile(const struct dp_histo *h, double q)
{
	uint64_t rank, seen = 0, low, width, mid;
	unsigned b;

	if (h->count == 0)
		return 0;
	if (q <= 0.0)
		return h->min;
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	for (b = 0; b < DP_HISTO_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			break;
	}
	if (b >= DP_HISTO_BUCKETS)
		return h->max;
	low = bucket_low(b, &width);
	mid = low + (width - 1) / 2;
	if (mid < h->min)
		mid = h->min;
	return mid > h->max ? h->max : mid;
}

double dp_histo_mean(const struct dp_histo *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}

void dp_histo_save(const struct dp_histo *h, struct dp_json *out)
{
	unsigned i;

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "count", h->count);
	dp_json_kv_u64(out, "sum", h->sum);
	dp_json_kv_u64(out, "min", h->min);
	dp_json_kv_u64(out, "max", h->max);
	dp_json_key(out, "b");
	dp_json_arr_begin(out);
	for (i = 0; i < DP_HISTO_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		dp_json_u64(out, i);
		dp_json_u64(out, h->bucket[i]);
	}
	dp_json_arr_end(out);
	dp_json_obj_end(out);
}

int dp_histo_load(struct dp_histo *h, yajl_val v)
{
	yajl_val b = dp_jt_get(v, "b");
	uint64_t pair[2];
	size_t i;

	dp_histo_init(h);
	if (dp_state_u64(v, "count", &h->count) || dp_state_u64(v, "sum", &h->sum) ||
	    dp_state_u64(v, "min", &h->min) || dp_state_u64(v, "max", &h->max) ||
	    dp_state_len(b) % 2)
		return -1;
	for (i = 0; i < dp_state_len(b); i += 2) {
		if (dp_state_as_u64(dp_state_at(b, i), &pair[0]) ||
		    dp_state_as_u64(dp_state_at(b, i + 1), &pair[1]) || pair[0] >= DP_HISTO_BUCKETS)
			return -1;
		h->bucket[pair[0]] = pair[1];
	}
	return 0;
}
