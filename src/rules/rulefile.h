/* rulefile.h - the rule-file format (man/dataprov-rules.5): parsing into rule definitions.
 *
 * A rule file is plain text. `rule ID` opens a rule; the lines after it, up to the next
 * `rule` line, are `key value` settings (indentation optional); `#` starts a comment line.
 * A set keeps definitions in load order; a later rule with an existing id replaces the
 * earlier one in place (so `--rules` overrides a built-in while keeping report order).
 * Definitions own their strings. Errors name the file and the line: "FILE:LINE: message".
 */
#ifndef DP_RULES_RULEFILE_H
#define DP_RULES_RULEFILE_H

#include <stddef.h>

#include "core/error.h"

#define DP_RULE_ID_MAX 64
#define DP_RULE_MAX_WORDS 48      /* words per keyword/context/stop list */
#define DP_RULE_MAX_ALLOW 8       /* allow patterns per rule */
#define DP_RULE_MAX_RULES 512     /* rules per set */
#define DP_RULE_FILE_MAX (4u << 20) /* bytes per rule file */

enum dp_trigger {
	DP_TRIG_NONE = 0,
	DP_TRIG_KEYWORD,    /* literal keywords (case-sensitive or not) */
	DP_TRIG_AT,         /* every '@' */
	DP_TRIG_DIGITS,     /* a cluster of digits (with separators) of MIN..MAX digits */
	DP_TRIG_HEXCOLON    /* a run of hex digits and colons with >= 2 colons */
};

enum dp_preview {
	DP_PREVIEW_MASK = 0, /* "***" plus the length */
	DP_PREVIEW_EMAIL,    /* j***@e***.com */
	DP_PREVIEW_CARD,     /* **** **** **** 4242 */
	DP_PREVIEW_DIGITS,   /* every digit but the last two masked, separators kept */
	DP_PREVIEW_PREFIX,   /* first four characters kept: ghp_*** */
	DP_PREVIEW_IP        /* first group kept: 192.*.*.* */
};

struct dp_words {
	char *v[DP_RULE_MAX_WORDS];
	size_t n;
};

struct dp_rule_def {
	char id[DP_RULE_ID_MAX];
	char category[16];        /* "pii" or "secret" */
	char severity[16];        /* "low", "medium", "high", "critical" */
	char *description;
	char *pattern;            /* PCRE2 syntax */
	const char *file;         /* borrowed: file name given to the parser */
	int line;                 /* line of the `rule` keyword */
	int pattern_line;
	enum dp_trigger trigger;
	struct dp_words keywords; /* DP_TRIG_KEYWORD */
	int keywords_nocase;
	unsigned digits_min, digits_max; /* DP_TRIG_DIGITS */
	unsigned digits_seps;     /* DP_TRIG_DIGITS: cluster must have one of these DP_SEP_* /
				   * DP_LEAD_* shapes (0 = any cluster) */
	char validator[16];       /* "" for none */
	double validator_arg;     /* min entropy for "entropy" */
	struct dp_words context;  /* context words */
	int context_required;     /* 1: drop without a context word; 0: raise confidence */
	unsigned context_window;
	struct dp_words exclude;  /* drop when one of these is within exclude_window */
	unsigned exclude_window;
	struct dp_words stop;     /* drop when the value contains one of these */
	char *allow[DP_RULE_MAX_ALLOW]; /* drop when the value fully matches one */
	size_t n_allow;
	int allow_line[DP_RULE_MAX_ALLOW];
	int priority;             /* overlapping findings: the higher priority wins */
	unsigned group;           /* capture group holding the value (0 = whole match) */
	unsigned before, after;   /* search window around the trigger, in bytes */
	enum dp_preview preview;
};

struct dp_ruleset {
	struct dp_rule_def *v;
	size_t n, alloc;
};

void dp_ruleset_init(struct dp_ruleset *s);
void dp_ruleset_release(struct dp_ruleset *s);

/* Parse rule text [text, text+len) named `file` (borrowed; must outlive the set) and add
 * its rules. DP_OK, or DP_WARN with "file:line: message" on the first bad line (the rules
 * before it are kept), or DP_FATAL when out of memory. */
int dp_ruleset_parse(struct dp_ruleset *s, const char *text, size_t len, const char *file,
		     struct dp_error *err);
/* Read `path` (at most DP_RULE_FILE_MAX bytes) and parse it; same returns. */
int dp_ruleset_load_file(struct dp_ruleset *s, const char *path, struct dp_error *err);
/* Add the built-in rules compiled into the binary. */
int dp_ruleset_load_builtin(struct dp_ruleset *s, struct dp_error *err);

/* Index of rule `id`, or -1. */
long dp_ruleset_find(const struct dp_ruleset *s, const char *id);

/* Lint one definition: unbounded repeats (`*`, `+`, `{n,}`) and nested quantified groups
 * in the pattern. Calls warn(ctx, line, message) per finding; returns the count. */
size_t dp_rule_lint(const struct dp_rule_def *d,
		    void (*warn)(void *ctx, int line, const char *msg), void *ctx);

/* Names for messages and `rules list`. */
const char *dp_trigger_name(enum dp_trigger t);

#endif
