/* analyser.h - the analyser plug-in interface and its registry.
 *
 * An analyser sees members and records and keeps a partial summary. The pipeline creates
 * one state per worker thread, feeds it the inputs that worker reads, merges the states in
 * input order with `merge` (the same operation `dataprov merge` uses across shard runs),
 * calls `finish` once on the merged state and finally `report`, which writes the analyser's
 * section of report.json under the key `name`.
 *
 * Invariant: merge(scan(A), scan(B)) == scan(A then B). Anything order-dependent (such as
 * "the first occurrence") must be decided with dp_record.seq, never with arrival order.
 *
 * Hooks may be NULL. They return DP_OK, DP_WARN (counted, go on) or DP_FATAL (stop).
 */
#ifndef DP_ANALYSE_ANALYSER_H
#define DP_ANALYSE_ANALYSER_H

#include <stddef.h>
#include <stdint.h>

#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"
#include "core/json.h"
#include "core/record.h"
#include "core/sink.h"

/* What the pipeline knows about a member once it has been read to its end. */
struct dp_member_end {
	uint64_t bytes;          /* decoded bytes */
	uint64_t records;
	int status;              /* DP_OK, or DP_WARN when it could not be read to the end */
	uint8_t digest[16];      /* XXH3-128 of the decoded bytes (canonical big-endian) */
};

/* Per-run context handed to the hooks. */
struct dp_actx {
	const struct dp_config *cfg;
	struct dp_sink *findings;   /* findings lines for the input being read; may be NULL */
	const char *tmpdir;         /* a private directory for spill files (removed at exit) */
	const struct dp_catalog *catalog; /* all members; set for finish() only */
};

/* What `load` needs to fold one saved shard result into a state (see dataprov-merge(1)). */
struct dp_load_ctx {
	const struct dp_config *cfg;
	const char *dir;            /* the shard's OUTDIR/state directory (side files) */
	const char *tmpdir;         /* private directory for runs and spills of the merge */
	uint32_t input_offset;      /* added to every input index (and seq) of the shard */
};

struct dp_analyser_type {
	const char *name;
	void *(*create)(const struct dp_config *cfg, struct dp_error *err);
	void (*destroy)(void *state);
	int (*member_begin)(void *state, struct dp_actx *ax, const struct dp_member *m);
	/* Decoded bytes of a leaf member (text or binary), in order, in blocks. */
	int (*member_data)(void *state, struct dp_actx *ax, const struct dp_member *m,
			   const void *data, size_t n);
	int (*member_end)(void *state, struct dp_actx *ax, const struct dp_member *m,
			  const struct dp_member_end *end);
	int (*record)(void *state, struct dp_actx *ax, const struct dp_record *r);
	/* Optional: called once on a worker's own thread after its last record and before the
	 * states are merged, so that work the merge or finish would do on one thread (sorting,
	 * closing spill files) runs in parallel on every worker. The state stays usable. */
	int (*seal)(void *state, struct dp_error *err);
	/* Fold `from` into `into`; `from` is destroyed by the caller afterwards. */
	int (*merge)(void *into, void *from, struct dp_error *err);
	/* After every input was read and all states merged, before report. */
	int (*finish)(void *state, struct dp_actx *ax, struct dp_error *err);
	/* Write the JSON value of this analyser's section (the key is written by the caller). */
	void (*report)(void *state, struct dp_json *out);
	/* Optional, for `dataprov merge`: write what a later merge needs into side files in
	 * `dir` (OUTDIR/state). Called on the merged state after merge and before finish;
	 * it must leave the state ready for finish. */
	int (*save)(void *state, const char *dir, struct dp_error *err);
	/* Optional: fold the side files that `save` wrote for one shard into `state` (a state
	 * from create, possibly holding earlier shards), shifting every seq and input index by
	 * lc->input_offset, so that loading the shards in input order then finish gives what
	 * one scan of all their inputs gives. */
	int (*load)(void *state, const struct dp_load_ctx *lc, struct dp_error *err);
};

/* The registry: a NULL-terminated table in analyse/registry.c, in report order. */
extern const struct dp_analyser_type *const dp_analysers[];

/* Analysers in the registry. */
size_t dp_analysers_count(void);

/* 1 when analyser `name` is enabled by cfg->analysers (--analysers: a comma list, "all" or
 * "none"; unset means all). */
int dp_analyser_enabled(const struct dp_config *cfg, const char *name);

#endif
