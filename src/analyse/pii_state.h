/* pii_state.h - the PII analyser's private state, shared by pii.c (the scan) and pii_io.c
 * (save/load of shard results for `dataprov merge`). Not a public interface.
 */
#ifndef DP_ANALYSE_PII_STATE_H
#define DP_ANALYSE_PII_STATE_H

#include <stdint.h>

#include "analyse/pii.h"
#include "core/json.h"
#include "rules/rules.h"

struct rule_stat {
	char id[DP_RULE_ID_MAX];
	char category[16];
	char severity[16];
	uint64_t findings, records, limit_hits;
	uint64_t last_seq;              /* seq + 1 of the last record counted in `records` */
};

struct member_stat {
	uint64_t member_index;      /* (input_index << 32) | member index: run-wide order */
	char *origin;
	uint64_t findings, records;
};

struct pii_state {
	const struct dp_config *cfg;
	struct dp_rules *rules;
	struct dp_rules_scratch *scratch;
	struct rule_stat *rs;
	size_t n_rules;
	struct member_stat *members;
	size_t n_members, cap_members;
	uint64_t findings, records_scanned, records_with_findings;
	uint64_t dropped;               /* findings over the per-text cap (from the scratch) */
	struct dp_json *line;
	/* while scanning one record */
	struct dp_actx *ax;
	const struct dp_record *rec;
	const struct dp_text_span *span;
	uint64_t rec_findings;
	int sink_failed;
};

#endif
