/* fuzz_rules.c - libFuzzer target: the rule-file parser and linter (src/rules/rulefile.c),
 * then PCRE2 compilation of what parsed (src/rules/rules.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rulefile.h"
#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lint_warn(void *ctx, int line, const char *msg)
{
	(void)line;
	(void)msg;
	++*(int *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_ruleset set;
	struct dp_rules *r;
	struct dp_error err;
	int warnings = 0;
	size_t i;

	dp_ruleset_init(&set);
	dp_error_clear(&err);
	if (dp_ruleset_parse(&set, (const char *)data, size, "fuzz.rules", &err) == DP_OK) {
		for (i = 0; i < set.n; i++)
			dp_rule_lint(&set.v[i], lint_warn, &warnings);
		r = dp_rules_compile(&set, 1000, 100, &err);
		dp_rules_free(r);
	}
	dp_ruleset_release(&set);
	return 0;
}
