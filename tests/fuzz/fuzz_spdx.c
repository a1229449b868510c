/* fuzz_spdx.c - libFuzzer target: the SPDX expression parser (src/license/spdx_expr.c),
 * with and without an id rewriting callback. */
#include <stdint.h>
#include <string.h>

#include "license/spdx_expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *rewrite(void *ctx, const char *id, int is_exception)
{
	(void)ctx;
	if (is_exception)
		return NULL;
	return strlen(id) % 3 == 0 ? "MIT" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[512], small[16];
	struct dp_error err;

	dp_error_clear(&err);
	dp_spdx_expr_parse((const char *)data, size, out, sizeof(out), NULL, NULL, &err);
	dp_error_clear(&err);
	dp_spdx_expr_parse((const char *)data, size, small, sizeof(small), rewrite, NULL, &err);
	return 0;
}
