/* licenses_state.h - the licenses analyser's private state, shared by licenses.c (the scan)
 * and licenses_io.c (save/load of shard results for `dataprov merge`). Not a public
 * interface.
 */
#ifndef DP_ANALYSE_LICENSES_STATE_H
#define DP_ANALYSE_LICENSES_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "analyse/licenses.h"
#include "core/buf.h"
#include "license/license.h"

#define SPDX_MAX 512

enum mode { M_NONE = 0, M_TEXT, M_README, M_JSONMETA, M_PYPROJECT };

struct det {
	char *origin;
	uint32_t member_index;
	char *spdx;
	char *value;          /* verbatim declared value (metadata kind), else NULL */
	const char *kind;     /* static string */
	double conf;
	uint32_t a, b;
	uint64_t records;     /* record-text detections: records with it; 0 for file ones */
	uint64_t last_seq;    /* seq + 1 of the last record counted */
};

struct fval {
	char *value;
	char spdx[SPDX_MAX];
	enum dp_license_class cls;
	uint64_t count;
};

struct lic_state {
	const struct dp_config *cfg;
	struct dp_license_corpus *corpus; /* NULL until first needed (corpus_of) */
	struct dp_buf acc;
	struct dp_buf list;   /* a list-valued license field, joined with ", " */
	enum mode mode;
	int truncated;
	struct det *d;
	size_t nd, capd;
	struct fval *fv;
	size_t nfv;
	uint32_t *fidx;       /* open addressing over fv by value hash: index + 1 */
	size_t fidx_cap;
	uint64_t values_dropped;
	uint64_t records, missing, unknown, unrecognized, mapped;
	uint64_t members_scanned, members_truncated;
	/* while scanning one member or record */
	const struct dp_member *cur;
	const struct dp_record *rec;
	uint32_t header_end;  /* README: last line of the YAML header (read as metadata) */
	int failed;
	struct dp_error load_err;  /* why the corpus could not be loaded (corpus_of) */
};

/* The license-field value entry for [v, v+n), added (and classified) when new; NULL when
 * the value table is full (the caller counts the value as dropped) or memory ran out. */
struct fval *dp_licenses_value(struct lic_state *s, const char *v, size_t n);

#endif
