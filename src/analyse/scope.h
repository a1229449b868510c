/* scope.h - the `scope` analyser: schema, lengths, languages, scripts, domains, dates,
 * splits and modality of a dataset, as one mergeable partial summary per worker.
 *
 * The analyser type is `dp_analyser_scope` (register it in analyse/registry.c). Each
 * statistic lives in its own module (schema.h, histo.h, scripts.h, langid.h, domains.h,
 * dates.h, splits.h, modality.h); this file wires them to the record and member hooks.
 * No allocation per record: tables grow only on new keys.
 */
#ifndef DP_ANALYSE_SCOPE_H
#define DP_ANALYSE_SCOPE_H

#include "analyse/analyser.h"

extern const struct dp_analyser_type dp_analyser_scope;

/* Partial states across runs (shards): dp_scope_save writes a state created by
 * dp_analyser_scope.create as one JSON object; dp_scope_load merges such an object into a
 * state, so load(save(A)) then load(save(B)) reports exactly what merge(A, B) does.
 * dp_scope_load returns DP_OK, or DP_FATAL with err set when the object is malformed (the
 * state may then hold part of it) or memory runs out. */
void dp_scope_save(void *state, struct dp_json *out);
int dp_scope_load(void *state, yajl_val v, struct dp_error *err);

#endif
