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

#endif
