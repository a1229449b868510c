/* hll.c - HyperLogLog with linear counting for small cardinalities. */
#include "analyse/hll.h"

#include <math.h>
#include <string.h>
#include <xxhash.h>

void dp_hll_init(struct dp_hll *h)
{
	memset(h->reg, 0, sizeof(h->reg));
}

void dp_hll_add_hash(struct dp_hll *h, uint64_t hash)
{
	uint32_t idx = (uint32_t)(hash >> (64 - DP_HLL_P));
	uint64_t rest = (hash << DP_HLL_P) | (1ULL << (DP_HLL_P - 1)); /* sentinel bounds rank */
	uint8_t rank = (uint8_t)(__builtin_clzll(rest) + 1);

	if (rank > h->reg[idx])
		h->reg[idx] = rank;
}

void dp_hll_add(struct dp_hll *h, const void *p, size_t n)
{
	dp_hll_add_hash(h, XXH3_64bits(p, n));
}

void dp_hll_merge(struct dp_hll *into, const struct dp_hll *from)
{
	size_t i;

	for (i = 0; i < DP_HLL_M; i++)
		if (from->reg[i] > into->reg[i])
			into->reg[i] = from->reg[i];
}

uint64_t dp_hll_estimate(const struct dp_hll *h)
{
	const double m = (double)DP_HLL_M;
	const double alpha = 0.7213 / (1.0 + 1.079 / m);
	double sum = 0.0, est;
	size_t i, zeros = 0;

	/* Registers are summed in index order, so the result is the same on every machine. */
	for (i = 0; i < DP_HLL_M; i++) {
		sum += ldexp(1.0, -(int)h->reg[i]);
		zeros += h->reg[i] == 0;
	}
	est = alpha * m * m / sum;
	if (est <= 2.5 * m && zeros > 0)
		est = m * log(m / (double)zeros);
	return (uint64_t)llround(est);
}

void dp_hll_save(const struct dp_hll *h, struct dp_json *out)
{
	char s[DP_HLL_M];
	size_t i;

	for (i = 0; i < DP_HLL_M; i++)
		s[i] = (char)('0' + h->reg[i]); /* ranks are <= 65 - DP_HLL_P: printable */
	dp_json_strn(out, s, DP_HLL_M);
}

int dp_hll_load(struct dp_hll *h, yajl_val v)
{
	size_t i;

	if (!YAJL_IS_STRING(v) || strlen(v->u.string) != DP_HLL_M)
		return -1;
	for (i = 0; i < DP_HLL_M; i++) {
		int r = v->u.string[i] - '0';

		if (r < 0 || r > 64 - DP_HLL_P + 1)
			return -1;
		h->reg[i] = (uint8_t)r;
	}
	return 0;
}
