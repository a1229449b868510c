/* examples.h - keep the few examples with the lowest record seq (bad dates, bad URLs ...).
 *
 * Choosing by seq, not by arrival, makes the kept set independent of thread count and of
 * merge order: merge(A, B) keeps exactly what one state over both would keep. Values are
 * truncated to DP_EXAMPLE_BYTES. Embedded struct, no allocation.
 */
#ifndef DP_ANALYSE_EXAMPLES_H
#define DP_ANALYSE_EXAMPLES_H

#include <stddef.h>
#include <stdint.h>

#include "core/json.h"

struct dp_rules;
struct dp_rules_scratch;

#define DP_EXAMPLES_MAX 5
#define DP_EXAMPLE_BYTES 96

struct dp_example {
	uint64_t seq;
	size_t len;
	char text[DP_EXAMPLE_BYTES + 1];
};

struct dp_examples {
	size_t n;                               /* kept, sorted by seq ascending */
	struct dp_example v[DP_EXAMPLES_MAX];
};

void dp_examples_init(struct dp_examples *x);
/* Offer a value seen at record `seq`; kept when among the DP_EXAMPLES_MAX lowest seqs. */
void dp_examples_offer(struct dp_examples *x, uint64_t seq, const char *s, size_t n);
void dp_examples_merge(struct dp_examples *into, const struct dp_examples *from);
/* Write a JSON array of the kept values (strings), in seq order, PII masked with the
 * caller's compiled rules (the run's, --rules included), as the scan's findings are;
 * without rules (NULL: they could not be compiled) no example is shown rather than a
 * raw one. */
void dp_examples_report(const struct dp_examples *x, const struct dp_rules *rules,
			struct dp_rules_scratch *scratch, struct dp_json *out);

/* Save as [[seq, text], ...]; load offers each saved example to x (so loading merges). */
void dp_examples_save(const struct dp_examples *x, struct dp_json *out);
int dp_examples_load(struct dp_examples *x, yajl_val v);

#endif
