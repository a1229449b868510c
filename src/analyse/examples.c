/* examples.c - lowest-seq example keeper. */
#include "analyse/examples.h"

#include <string.h>

#include "analyse/state_io.h"
#include "core/buf.h"
#include "core/config.h"
#include "rules/mask.h"

void dp_examples_init(struct dp_examples *x)
{
	x->n = 0;
}

/* Cut to at most DP_EXAMPLE_BYTES without splitting a UTF-8 sequence. */
static size_t cut(const char *s, size_t n)
{
	if (n <= DP_EXAMPLE_BYTES)
		return n;
	n = DP_EXAMPLE_BYTES;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void dp_examples_offer(struct dp_examples *x, uint64_t seq, const char *s, size_t n)
{
	size_t i, pos;

	if (x->n == DP_EXAMPLES_MAX && seq >= x->v[x->n - 1].seq)
		return;
	for (pos = 0; pos < x->n && x->v[pos].seq < seq; pos++)
		;
	if (pos < x->n && x->v[pos].seq == seq)
		return; /* one example per record */
	if (x->n < DP_EXAMPLES_MAX)
		x->n++;
	for (i = x->n - 1; i > pos; i--)
		x->v[i] = x->v[i - 1];
	n = cut(s, n);
	x->v[pos].seq = seq;
	x->v[pos].len = n;
	memcpy(x->v[pos].text, s, n);
	x->v[pos].text[n] = '\0';
}

void dp_examples_merge(struct dp_examples *into, const struct dp_examples *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		dp_examples_offer(into, from->v[i].seq, from->v[i].text, from->v[i].len);
}

/* The examples are values of records (a date field holding "call +44 20 7946 0958"), so
 * they are shown with PII masked. */
void dp_examples_report(const struct dp_examples *x, const struct dp_rules *rules,
			struct dp_rules_scratch *scratch, struct dp_json *out)
{
	struct dp_buf masked;
	size_t i;

	dp_buf_init(&masked, 0);
	dp_json_arr_begin(out);
	for (i = 0; i < x->n && rules && scratch; i++) {
		dp_buf_reset(&masked);
		if (dp_rules_mask(rules, scratch, x->v[i].text, x->v[i].len, &masked) != DP_OK)
			break;
		dp_json_strn(out, masked.data ? masked.data : "", masked.len);
	}
	dp_json_arr_end(out);
	dp_buf_release(&masked);
}

void dp_examples_save(const struct dp_examples *x, struct dp_json *out)
{
	size_t i;

	dp_json_arr_begin(out);
	for (i = 0; i < x->n; i++) {
		dp_json_arr_begin(out);
		dp_json_u64(out, x->v[i].seq);
		dp_state_save_bytes(out, x->v[i].text, x->v[i].len);
		dp_json_arr_end(out);
	}
	dp_json_arr_end(out);
}

int dp_examples_load(struct dp_examples *x, yajl_val v)
{
	char text[DP_EXAMPLE_BYTES + 1];
	uint64_t seq;
	size_t i, len;

	if (!YAJL_IS_ARRAY(v))
		return -1;
	for (i = 0; i < dp_state_len(v); i++) {
		yajl_val e = dp_state_at(v, i);

		if (dp_state_len(e) != 2 || dp_state_as_u64(dp_state_at(e, 0), &seq) ||
		    dp_state_load_bytes(dp_state_at(e, 1), text, sizeof(text), &len))
			return -1;
		dp_examples_offer(x, seq, text, len);
	}
	return 0;
}
