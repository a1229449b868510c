/* audit.h - one license row per dataset from its parsed report.json, the audit flags, and
 * the audit.json / audit.csv / AUDIT.md writers of `dataprov audit`.
 *
 * The flag rules live in one place (audit.c, dp_audit_eval) and are documented, rule by
 * rule, in man/dataprov-audit.1. A row is computed from a report alone, so the same report
 * always gives the same row. Declared values are read from the `licenses` section's
 * metadata detections (README YAML header, dataset_info.json, Croissant and other metadata
 * files), plus the `declared` section's license item when its source is not among them
 * (for example a --declared file); license files (LICENSE, COPYING, DATA_LICENSE, NOTICE
 * ...) are listed with the declared values by name, but what they contain is observed.
 * Rows own all their strings (fixed-size arrays); nothing is borrowed from the report.
 */
#ifndef DP_REPORT_AUDIT_H
#define DP_REPORT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_tree.h>

#include "core/error.h"
#include "license/corpus.h"

/* The flag vocabulary, in output order. */
enum dp_audit_flag {
	DP_AUDIT_NO_LICENSE = 0,
	DP_AUDIT_DECLARED_ONLY,
	DP_AUDIT_OBSERVED_ONLY,
	DP_AUDIT_CONFLICT,
	DP_AUDIT_NONCOMMERCIAL,
	DP_AUDIT_NO_DERIVATIVES,
	DP_AUDIT_SHARE_ALIKE,
	DP_AUDIT_USE_RESTRICTED,
	DP_AUDIT_UNVERSIONED_ID,
	DP_AUDIT_OTHER_WITHOUT_NAME,
	DP_AUDIT_UNRECOGNIZED_VALUE,
	DP_AUDIT_RECORDS_MISSING_LICENSE,
	DP_AUDIT_FLAG_COUNT
};

/* Flag names indexed by enum dp_audit_flag ("no-license", ...), NULL-terminated. */
extern const char *const dp_audit_flag_names[];

/* Restrictions, most restrictive first (bits of dp_audit_row.restrictions). */
enum dp_audit_restriction {
	DP_AUDIT_R_NONCOMMERCIAL = 0,  /* facts: noncommercial = yes */
	DP_AUDIT_R_NO_DERIVATIVES,     /* facts: noderivatives = yes */
	DP_AUDIT_R_USE_RESTRICTED,     /* facts: commercial = restricted */
	DP_AUDIT_R_SHARE_ALIKE,        /* facts: copyleft = share-alike */
	DP_AUDIT_R_COUNT
};

/* Restriction names indexed by enum dp_audit_restriction, NULL-terminated. */
extern const char *const dp_audit_restriction_names[];

#define DP_AUDIT_MAX_DECLARED 16   /* declared entries kept per dataset (more are counted) */
#define DP_AUDIT_MAX_OBSERVED 32   /* observed SPDX ids kept per dataset (more are counted) */

/* One declared value. type: "readme", "dataset_info", "croissant", "metadata",
 * "declared_file" or "license_file" (then value is the file's path in the dataset and spdx
 * what its text was found to be). */
struct dp_audit_decl {
	char value[256];
	char spdx[256];          /* "" when the value maps to no SPDX id */
	const char *cls;         /* "mapped", "unknown", "unrecognized" (static strings) */
	char source[512];        /* origin, relative to the dataset path when inside it */
	const char *type;        /* static string, see above */
	uint64_t line;           /* 0 when unknown */
};

/* One SPDX id found in the data (license texts, notices, tags, references, record fields). */
struct dp_audit_obs {
	char id[128];
	uint64_t files;          /* members with a detection naming the id */
	uint64_t records;        /* records (license field values, or record-text detections) */
	unsigned kinds;          /* bit k: dp_audit_kind_names[k] */
	const char *last_origin; /* borrowed while evaluating only; NULL afterwards */
};

/* Evidence kinds of an observed id: "text", "notice", "tag", "reference", "field". */
extern const char *const dp_audit_kind_names[];

struct dp_audit_row {
	char name[256];          /* unique, path-safe dataset name (datasets/NAME/) */
	char path[4096];         /* the dataset as given on the command line */
	const char *status;      /* "ok", "partial" (some input unreadable), "failed" */
	char error[512];         /* for "failed" */
	struct dp_audit_decl decl[DP_AUDIT_MAX_DECLARED];
	size_t n_decl, decl_dropped;
	struct dp_audit_obs obs[DP_AUDIT_MAX_OBSERVED];
	size_t n_obs, obs_dropped;
	uint64_t f_records, f_with_value, f_missing, f_unknown, f_unrecognized;
	char concluded[512];     /* "" unless declared and observed agree */
	unsigned restrictions;   /* bit per enum dp_audit_restriction */
	unsigned flags;          /* bit per enum dp_audit_flag */
};

/* Fill `row` (name, path and status already set by the caller) from `report`. The corpus
 * (for value mapping, SPDX expressions and license facts) may be NULL: values are then
 * taken as the report maps them and no restriction is known. Never fails on a report
 * with missing sections: what is absent counts as nothing found. */
void dp_audit_eval(yajl_val report, const struct dp_license_corpus *corpus,
		   struct dp_audit_row *row);

/* Flags as a comma-separated list ("conflict,noncommercial") into out (cap bytes). */
void dp_audit_flags_str(unsigned flags, const char *sep, char *out, size_t cap);

/* Check a --fail-on list: comma-separated flag names, or "any". DP_OK, or DP_WARN with err
 * naming the first unknown name. */
int dp_audit_check_list(const char *list, struct dp_error *err);

/* 1 when `flags` holds a flag named in `list` ("any" matches any flag), else 0. */
int dp_audit_match(unsigned flags, const char *list);

/* Writers: the rows in the given order. Each returns DP_OK or DP_FATAL (err names the
 * file). audit.json: {format, tool, datasets[], totals{}}; audit.csv: RFC 4180 with a
 * header row and CRLF line ends; AUDIT.md: one table row per dataset and the totals. */
int dp_audit_write_json(const char *path, const struct dp_audit_row *rows, size_t n,
			struct dp_error *err);
int dp_audit_write_csv(const char *path, const struct dp_audit_row *rows, size_t n,
		       struct dp_error *err);
int dp_audit_write_md(const char *path, const struct dp_audit_row *rows, size_t n,
		      struct dp_error *err);

#endif
