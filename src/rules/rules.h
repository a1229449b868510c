/* rules.h - the compiled rule engine: prefilter, PCRE2-JIT patterns in bounded windows,
 * validators, context words, allow-lists and stop-words.
 *
 * A `struct dp_rules` is compiled once and then only read, so several worker threads may
 * share one. Each thread scans with its own `struct dp_rules_scratch` (match data, JIT
 * stack, per-rule window state and limit counters). Patterns never run over a whole text:
 * each candidate found by the prefilter runs only the rules that asked for it, inside
 * [trigger.start - before, trigger.end + after], with the PCRE2 match and depth limits set.
 * A rule that hits a limit is switched off for the rest of that text and counted in the
 * scratch (dp_rules_scratch_limit_hits), so one bad user pattern costs a bounded time.
 */
#ifndef DP_RULES_RULES_H
#define DP_RULES_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/error.h"
#include "rules/rulefile.h"

struct dp_rules;
struct dp_rules_scratch;

/* Read-only facts about one compiled rule (borrowed from the engine). */
struct dp_rule_info {
	const char *id;
	const char *category;
	const char *severity;
	const char *description;  /* may be "" */
	enum dp_trigger trigger;
	enum dp_preview preview;
	unsigned index;           /* 0..dp_rules_count()-1, in rule-set order */
};

struct dp_rule_match {
	const struct dp_rule_info *rule;
	size_t offset, len;       /* the value's bytes within the scanned text */
	int context;              /* 1 when a context word was found near the value */
};

/* Compile every rule of `set`, taking its definitions: `set` is left empty (release it as
 * usual). Returns NULL with `err` set ("file:line: rule ID: pattern error at offset N:
 * ...") on a bad pattern, or on a keyword shorter than two bytes. */
struct dp_rules *dp_rules_compile(struct dp_ruleset *set, uint32_t match_limit,
				  uint32_t depth_limit, struct dp_error *err);
/* Built-in rules (unless cfg->no_builtin_rules), then each cfg->rule_files in order (same
 * id replaces), compiled with cfg->limits.match_limit / depth_limit. NULL on error. */
struct dp_rules *dp_rules_new(const struct dp_config *cfg, struct dp_error *err);
void dp_rules_free(struct dp_rules *r);

size_t dp_rules_count(const struct dp_rules *r);
const struct dp_rule_info *dp_rules_info(const struct dp_rules *r, size_t i);

/* Per-thread scratch; NULL when out of memory. */
struct dp_rules_scratch *dp_rules_scratch_new(const struct dp_rules *r);
void dp_rules_scratch_free(struct dp_rules_scratch *s);
/* Times rule i hit the PCRE2 match/depth/stack limits since the scratch was created. */
uint64_t dp_rules_scratch_limit_hits(const struct dp_rules_scratch *s, size_t i);
/* Findings dropped because one text had more than DP_RULES_MAX_FINDINGS (65,536) before
 * overlap resolution, since the scratch was created. */
uint64_t dp_rules_scratch_dropped(const struct dp_rules_scratch *s);
#define DP_RULES_MAX_FINDINGS 65536u

/* Scan [text, text+len) and call cb once per finding, in offset order. Overlapping
 * findings are resolved by rule priority (then the earlier, then the longer one wins).
 * Returns the number of findings, or -1 when out of memory. */
long dp_rules_scan(const struct dp_rules *r, struct dp_rules_scratch *s, const char *text,
		   size_t len, void (*cb)(void *ctx, const struct dp_rule_match *m), void *ctx);

#endif
