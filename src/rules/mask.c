/* mask.c - redact findings inside a text. */
#include "rules/mask.h"
#include "rules/redact.h"

struct masking {
	const char *text;
	size_t pos;
	struct dp_buf *out;
	int failed;
};

static void mask_one(void *ctx, const struct dp_rule_match *m)
{
	struct masking *k = ctx;
	char red[128];

	if (m->offset < k->pos)
		return; /* findings arrive in offset order; an overlap was already covered */
	dp_redact_preview(m->rule->preview, k->text + m->offset, m->len, red, sizeof(red));
	if (dp_buf_add(k->out, k->text + k->pos, m->offset - k->pos) == DP_FATAL ||
	    dp_buf_adds(k->out, red) == DP_FATAL)
		k->failed = 1;
	k->pos = m->offset + m->len;
}

int dp_rules_mask(const struct dp_rules *r, struct dp_rules_scratch *s, const char *text,
		  size_t n, struct dp_buf *out)
{
	struct masking k = { text, 0, out, 0 };

	if (dp_rules_scan(r, s, text, n, mask_one, &k) < 0 || k.failed)
		return DP_FATAL;
	return dp_buf_add(out, text + k.pos, n - k.pos) == DP_FATAL ? DP_FATAL : DP_OK;
}
