/* scope_io.c - scope partial state as a side file, with seqs shifted on load. */
#include "analyse/scope_io.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/scope.h"
#include "analyse/state_io.h"

int dp_scope_save_file(void *state, const char *dir, struct dp_error *err)
{
	struct dp_json *j = dp_json_new(0);
	char path[4200];
	const char *text;
	size_t len;
	FILE *f;
	int ok;

	if (!j)
		return dp_error_set(err, DP_FATAL, "scope: out of memory");
	snprintf(path, sizeof(path), "%s/scope.json", dir);
	dp_scope_save(state, j);
	text = dp_json_text(j, &len);
	f = fopen(path, "wb");
	ok = !dp_json_failed(j) && f && fwrite(text, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	dp_json_free(j);
	return ok ? DP_OK : dp_error_set(err, DP_FATAL, "scope: cannot write %s", path);
}

/* Add delta to the integer v in place (its text is what the loaders read). */
static int shift_number(yajl_val v, uint64_t delta)
{
	uint64_t x;
	char buf[32], *r;

	if (dp_state_as_u64(v, &x))
		return -1;
	snprintf(buf, sizeof(buf), "%" PRIu64, x + delta);
	if (!(r = strdup(buf)))
		return -1;
	free(v->u.number.r); /* yajl_tree allocates with malloc and frees with free */
	v->u.number.r = r;
	v->u.number.i = (long long)(x + delta);
	return 0;
}

/* Examples are [[seq, text], ...] (examples.c); absent lists are left to the loader. */
static int shift_examples(yajl_val v, uint64_t delta)
{
	size_t i;

	if (!YAJL_IS_ARRAY(v))
		return 0;
	for (i = 0; i < dp_state_len(v); i++)
		if (shift_number(dp_state_at(dp_state_at(v, i), 0), delta))
			return -1;
	return 0;
}

int dp_scope_load_file(void *state, const struct dp_load_ctx *lc, struct dp_error *err)
{
	uint64_t delta = (uint64_t)lc->input_offset << DP_SEQ_INPUT_SHIFT;
	char path[4200], msg[256];
	yajl_val v;
	int rc;

	snprintf(path, sizeof(path), "%s/scope.json", lc->dir);
	if (!(v = dp_jt_load(path, msg, sizeof(msg))))
		return dp_error_set(err, DP_FATAL, "scope: cannot read %s: %s", path, msg);
	if (shift_examples(dp_jt_get(v, "domains.bad"), delta) ||
	    shift_examples(dp_jt_get(v, "dates.bad"), delta)) {
		yajl_tree_free(v);
		return dp_error_set(err, DP_FATAL, "scope: %s is malformed", path);
	}
	rc = dp_scope_load(state, v, err);
	yajl_tree_free(v);
	return rc;
}
