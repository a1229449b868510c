/* dates.h - parse record dates (ISO 8601, Unix seconds) and summarise them mergeably.
 *
 * Accepted: ISO 8601 YYYY-MM-DD, optionally followed by 'T' or ' ' and hh:mm[:ss[.fraction]]
 * and an optional zone (Z, +hh, +hhmm, +hh:mm); the basic form YYYYMMDD[Thhmm[ss][zone]];
 * a 14-digit web-archive timestamp YYYYMMDDhhmmss (UTC); a Unix time as 9 to 11 digits
 * (seconds) or 12 to 13 digits (milliseconds), optionally with a fraction. Surrounding
 * spaces are ignored.
 * Everything else counts as unparseable, with the first examples kept (by record seq).
 * The summary is exact and merge(A, B) equals the summary of both.
 */
#ifndef DP_ANALYSE_DATES_H
#define DP_ANALYSE_DATES_H

#include <stddef.h>
#include <stdint.h>

#include "analyse/examples.h"
#include "analyse/tally.h"
#include "core/json.h"

#define DP_DATES_MAX_YEARS 10000

/* Parse s[0..n) into seconds since 1970-01-01T00:00:00Z. 0 on success, -1 when not a date
 * in the accepted forms (or out of the years 0001..9999). */
int dp_dates_parse(const char *s, size_t n, int64_t *out);

/* The calendar year of a Unix time. */
int dp_dates_year(int64_t t);

/* Write t as "YYYY-MM-DDThh:mm:ssZ" into out (>= 21 bytes). */
void dp_dates_format(int64_t t, char *out, size_t cap);

struct dp_dates {
	uint64_t records;      /* records offered (with a date field) */
	uint64_t parsed;
	uint64_t unparseable;
	int64_t min, max;      /* valid when parsed > 0 */
	struct dp_tally years; /* key "YYYY" -> records */
	struct dp_examples bad;
};

void dp_dates_init(struct dp_dates *d);
void dp_dates_release(struct dp_dates *d);
/* Count one record's date value. DP_OK, or DP_FATAL when out of memory. */
int dp_dates_add(struct dp_dates *d, uint64_t seq, const char *s, size_t n);
int dp_dates_merge(struct dp_dates *into, const struct dp_dates *from);
/* {records_with_date, parsed, unparseable, unparseable_examples[], earliest, latest,
 *  per_year{YYYY: n}} */
void dp_dates_report(const struct dp_dates *d, uint64_t total_records,
		     const struct dp_rules *rules, struct dp_rules_scratch *scratch,
		     struct dp_json *out);

/* Save the state as JSON; load merges a saved state into d. DP_OK or DP_FATAL. */
void dp_dates_save(const struct dp_dates *d, struct dp_json *out);
int dp_dates_load(struct dp_dates *d, yajl_val v);

#endif
