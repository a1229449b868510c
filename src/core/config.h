/* config.h - the run configuration, filled by cli/ from the command line and read (never
 * written) by every stage. One struct per run; no globals.
 */
#ifndef DP_CORE_CONFIG_H
#define DP_CORE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/limits.h"
#include "core/record.h"

#define DP_MAX_LIST 16 /* entries per repeatable option (text fields, rule files, ...) */

struct dp_strlist {
	const char *v[DP_MAX_LIST]; /* borrowed from argv or static defaults */
	size_t n;
};

enum dp_progress { DP_PROGRESS_AUTO = 0, DP_PROGRESS_ALWAYS, DP_PROGRESS_NEVER };

struct dp_splitmap;

struct dp_config {
	struct dp_limits limits;
	const char *outdir;
	const char *format;            /* --format: force a reader, NULL = detect */
	struct dp_strlist text_fields; /* --text-field; empty = text/content/body, else all */
	struct dp_strlist meta_fields[DP_META_COUNT]; /* --id-field, --url-field, ... */
	unsigned meta_replaced;        /* bit k: meta_fields[k] was set on the command line */
	int follow_symlinks;
	int quiet;
	enum dp_progress progress;
	int timestamp;                 /* --timestamp: record the run time in report.json */
	unsigned threads;              /* --threads; 0 = online CPUs */
	int findings;                  /* write findings.jsonl.zst (default 1) */
	int no_state;                  /* --no-state: no OUTDIR/state (the result cannot be merged) */
	int findings_raw;              /* --findings-raw: include raw values */
	unsigned top_clusters;         /* --top-clusters (default 20) */
	size_t lang_sample_bytes;      /* --lang-sample: bytes per record for language ID (0 = 512) */
	unsigned lang_stride;          /* --lang-stride: past 1024 records of an input, language ID
					* runs on 1 record in N (0 = 16; 1 = every record) */
	unsigned top_domains;          /* --top-domains: domains listed in scope (0 = 20) */
	int scan_record_licenses;      /* --record-licenses: run license detection on record text */
	struct dp_strlist rule_files;  /* --rules */
	int no_builtin_rules;          /* --no-builtin-rules */
	const char *declared;          /* --declared FILE */
	const char *fail_on;           /* --fail-on LIST */
	int each_subdir;               /* --each-subdir (audit): sub-folders/archives are datasets */
	double gap_dup_rate;           /* --gap-duplicates: duplicate-rate gap threshold (0.05) */
	double gap_leak_rate;          /* --gap-leakage: split-leakage gap threshold (0) */
	const char *analysers;         /* --analysers: comma list, "all" (NULL) or "none" */
	const char *spill_dir;         /* where dedup spills (default: next to OUTDIR) */
	/* set by the scan, not an option: the splits the inputs' README configs declare for
	 * their files (input/splitmap.h), read-only while the scan runs; NULL for none */
	const struct dp_splitmap *splitmap;
};

/* Defaults for everything above. */
void dp_config_init(struct dp_config *c);
/* The thread count to use: --threads, or the online CPUs when it is 0 (at least 1). */
unsigned dp_config_threads(const struct dp_config *c);

#endif
