/* dates.c - ISO 8601 / Unix time parsing and the per-year date summary. */
#include "analyse/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/state_io.h"
#include "core/error.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (era-based day arithmetic). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Read exactly k digits at s[*i]; -1 when they are not all digits. */
static long digits(const char *s, size_t n, size_t *i, unsigned k)
{
	long v = 0;
	unsigned j;

	if (*i + k > n)
		return -1;
	for (j = 0; j < k; j++) {
		if (s[*i + j] < '0' || s[*i + j] > '9')
			return -1;
		v = v * 10 + (s[*i + j] - '0');
	}
	*i += k;
	return v;
}

static int parse_unix(const char *s, size_t n, int64_t *out)
{
	size_t i = 0, nd;
	int64_t v = 0;

	while (i < n && i < 14 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	nd = i;
	if (nd < 9 || nd > 13)
		return -1;
	if (i < n && s[i] == '.') /* a fraction: digits only */
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i != n)
		return -1;
	*out = nd >= 12 ? v / 1000 : v;
	return 0;
}

/* Zone suffix at s[i]: Z, +hh, +hhmm, +hh:mm (or '-'). Stores the offset in seconds. */
static int parse_zone(const char *s, size_t n, size_t i, int64_t *off)
{
	long h, m = 0;
	int sign;

	*off = 0;
	if (i == n)
		return 0;
	if (s[i] == 'Z' || s[i] == 'z')
		return i + 1 == n ? 0 : -1;
	if (s[i] != '+' && s[i] != '-')
		return -1;
	sign = s[i++] == '-' ? -1 : 1;
	if ((h = digits(s, n, &i, 2)) < 0 || h > 23)
		return -1;
	if (i < n && s[i] == ':')
		i++;
	if (i < n && ((m = digits(s, n, &i, 2)) < 0 || m > 59))
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return i == n ? 0 : -1;
}

/* hh:mm[:ss[.frac]] at s[*i]; returns seconds of the day or -1. */
static long parse_time(const char *s, size_t n, size_t *i)
{
	long h, m, sec = 0;

	if ((h = digits(s, n, i, 2)) < 0 || h > 23 || *i >= n || s[(*i)++] != ':' ||
	    (m = digits(s, n, i, 2)) < 0 || m > 59)
		return -1;
	if (*i < n && s[*i] == ':') {
		(*i)++;
		if ((sec = digits(s, n, i, 2)) < 0 || sec > 60)
			return -1;
		if (*i < n && (s[*i] == '.' || s[*i] == ','))
			for ((*i)++; *i < n && s[*i] >= '0' && s[*i] <= '9'; (*i)++)
				;
	}
	return h * 3600 + m * 60 + sec;
}

/* The calendar date at s[*i]: YYYY-MM-DD, or YYYYMMDD when !sep. Days since the epoch, or
 * INT64_MIN when invalid. */
static int64_t parse_day(const char *s, size_t n, size_t *i, int sep)
{
	static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y, mo, d;

	if ((y = digits(s, n, i, 4)) < 1 || (sep && (*i >= n || s[(*i)++] != '-')) ||
	    (mo = digits(s, n, i, 2)) < 1 || mo > 12 || (sep && (*i >= n || s[(*i)++] != '-')) ||
	    (d = digits(s, n, i, 2)) < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !is_leap(y)))
		return INT64_MIN;
	return days_from_civil(y, (unsigned)mo, (unsigned)d);
}

/* Basic-format time hhmm[ss] at s[*i]; seconds of the day or -1. */
static long parse_time_basic(const char *s, size_t n, size_t *i)
{
	long h, m, sec = 0;

	if ((h = digits(s, n, i, 2)) < 0 || h > 23 || (m = digits(s, n, i, 2)) < 0 || m > 59)
		return -1;
	if (*i + 2 <= n && s[*i] >= '0' && s[*i] <= '9' && ((sec = digits(s, n, i, 2)) < 0 || sec > 60))
		return -1;
	return h * 3600 + m * 60 + sec;
}

/* ISO 8601 extended (2021-06-15T12:30:45Z) or basic (20210615T123045Z) form. */
static int parse_iso(const char *s, size_t n, int64_t *out, int sep)
{
	size_t i = 0;
	int64_t day = parse_day(s, n, &i, sep), off = 0;
	long tod = 0;

	if (day == INT64_MIN)
		return -1;
	if (i < n && (s[i] == 'T' || s[i] == 't' || (sep && s[i] == ' '))) {
		i++;
		tod = sep ? parse_time(s, n, &i) : parse_time_basic(s, n, &i);
		if (tod < 0 || parse_zone(s, n, i, &off))
			return -1;
	} else if (i != n) {
		return -1;
	}
	*out = day * 86400 + tod - off;
	return 0;
}

/* A 14-digit web-archive timestamp, YYYYMMDDhhmmss (UTC). */
static int parse_wayback(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	int64_t day = parse_day(s, n, &i, 0);
	long tod = day == INT64_MIN ? -1 : parse_time_basic(s, n, &i);

	if (tod < 0 || i != n)
		return -1;
	*out = day * 86400 + tod;
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int dp_dates_parse(const char *s, size_t n, int64_t *out)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n >= 5 && s[4] == '-')
		return parse_iso(s, n, out, 1);
	if (n == 14 && all_digits(s, n))
		return parse_wayback(s, n, out);
	if (n >= 8 && all_digits(s, 8) && (n == 8 || s[8] == 'T' || s[8] == 't'))
		return parse_iso(s, n, out, 0);
	return parse_unix(s, n, out);
}
int dp_dates_year(int64_t t)
{
	int64_t y, days = (t >= 0 ? t : t - 86399) / 86400;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	return (int)y;
}

void dp_dates_format(int64_t t, char *out, size_t cap)
{
	int64_t y, days = (t >= 0 ? t : t - 86399) / 86400, sod = t - days * 86400;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, cap, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
		 (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}

void dp_dates_init(struct dp_dates *d)
{
	memset(d, 0, sizeof(*d));
	dp_tally_init(&d->years, DP_DATES_MAX_YEARS);
	dp_examples_init(&d->bad);
}

void dp_dates_release(struct dp_dates *d)
{
	dp_tally_release(&d->years);
}

int dp_dates_add(struct dp_dates *d, uint64_t seq, const char *s, size_t n)
{
	int64_t t;
	char y[16];
	int k;

	d->records++;
	if (dp_dates_parse(s, n, &t) || dp_dates_year(t) < 1 || dp_dates_year(t) > 9999) {
		d->unparseable++;
		dp_examples_offer(&d->bad, seq, s, n);
		return DP_OK;
	}
	if (!d->parsed || t < d->min)
		d->min = t;
	if (!d->parsed || t > d->max)
		d->max = t;
	d->parsed++;
	k = snprintf(y, sizeof(y), "%04d", dp_dates_year(t));
	return dp_tally_add(&d->years, y, (size_t)k, 1, 0) == -2 ? DP_FATAL : DP_OK;
}

int dp_dates_merge(struct dp_dates *into, const struct dp_dates *from)
{
	if (from->parsed && (!into->parsed || from->min < into->min))
		into->min = from->min;
	if (from->parsed && (!into->parsed || from->max > into->max))
		into->max = from->max;
	into->records += from->records;
	into->parsed += from->parsed;
	into->unparseable += from->unparseable;
	dp_examples_merge(&into->bad, &from->bad);
	return dp_tally_merge(&into->years, &from->years) ? DP_FATAL : DP_OK;
}

void dp_dates_report(const struct dp_dates *d, uint64_t total_records,
		     const struct dp_rules *rules, struct dp_rules_scratch *scratch,
		     struct dp_json *out)
{
	char buf[32];
	size_t *ord = dp_tally_sorted_by_key(&d->years), i;

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records_with_date", d->records);
	dp_json_kv_double(out, "share_with_date",
			  total_records ? (double)d->records / (double)total_records : 0.0);
	dp_json_kv_u64(out, "parsed", d->parsed);
	dp_json_kv_u64(out, "unparseable", d->unparseable);
	dp_json_key(out, "unparseable_examples");
	dp_examples_report(&d->bad, rules, scratch, out);
	dp_json_key(out, "earliest");
	if (d->parsed) {
		dp_dates_format(d->min, buf, sizeof(buf));
		dp_json_str(out, buf);
	} else {
		dp_json_null(out);
	}
	dp_json_key(out, "latest");
	if (d->parsed) {
		dp_dates_format(d->max, buf, sizeof(buf));
		dp_json_str(out, buf);
	} else {
		dp_json_null(out);
	}
	dp_json_key(out, "per_year");
	dp_json_obj_begin(out);
	for (i = 0; ord && i < d->years.len; i++)
		dp_json_kv_u64(out, dp_tally_key(&d->years, ord[i]), d->years.e[ord[i]].n);
	dp_json_obj_end(out);
	dp_json_obj_end(out);
	free(ord);
}

void dp_dates_save(const struct dp_dates *d, struct dp_json *out)
{
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", d->records);
	dp_json_kv_u64(out, "parsed", d->parsed);
	dp_json_kv_u64(out, "unparseable", d->unparseable);
	dp_json_key(out, "min");
	dp_json_i64(out, d->min);
	dp_json_key(out, "max");
	dp_json_i64(out, d->max);
	dp_json_key(out, "years");
	dp_tally_save(&d->years, out);
	dp_json_key(out, "bad");
	dp_examples_save(&d->bad, out);
	dp_json_obj_end(out);
}

int dp_dates_load(struct dp_dates *d, yajl_val v)
{
	struct dp_dates tmp;
	int rc = DP_FATAL;

	dp_dates_init(&tmp);
	if (!dp_state_u64(v, "records", &tmp.records) && !dp_state_u64(v, "parsed", &tmp.parsed) &&
	    !dp_state_u64(v, "unparseable", &tmp.unparseable) &&
	    !dp_state_i64(v, "min", &tmp.min) && !dp_state_i64(v, "max", &tmp.max) &&
	    !dp_tally_load(&tmp.years, dp_jt_get(v, "years")) &&
	    !dp_examples_load(&tmp.bad, dp_jt_get(v, "bad")))
		rc = dp_dates_merge(d, &tmp);
	dp_dates_release(&tmp);
	return rc;
}
