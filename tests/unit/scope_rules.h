/* scope_rules.h - what the scope report tests share: the built-in rules and their scratch,
 * which the schema, domain and date reports take to mask PII in the examples they show.
 *
 * Everything is static inline: each test program takes what it uses.
 */
#ifndef DP_TESTS_SCOPE_RULES_H
#define DP_TESTS_SCOPE_RULES_H

#include "core/config.h"
#include "core/error.h"
#include "rules/rules.h"

struct dp_test_rules {
	struct dp_rules *rules;             /* NULL when they could not be built */
	struct dp_rules_scratch *scratch;
};

/* The rules of a default configuration. */
static inline void dp_test_rules_open(struct dp_test_rules *t)
{
	struct dp_config cfg;
	struct dp_error err;

	dp_config_init(&cfg);
	t->rules = dp_rules_new(&cfg, &err);
	t->scratch = t->rules ? dp_rules_scratch_new(t->rules) : NULL;
}

static inline void dp_test_rules_close(struct dp_test_rules *t)
{
	dp_rules_scratch_free(t->scratch);
	dp_rules_free(t->rules);
}

#endif
