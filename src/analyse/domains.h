/* domains.h - registrable domains of record source URLs (libpsl, the Public Suffix List).
 *
 * dp_domains_host extracts the host of a URL ("scheme://[user@]host[:port]/..." or a bare
 * "host.tld/..."), lower-cased; dp_domains_registrable maps it to its registrable domain
 * ("news.bbc.co.uk" -> "bbc.co.uk"); a host that is itself a public suffix or has no dot
 * (localhost) and IP literals are kept as they are. The summary counts records per domain
 * exactly up to DP_DOMAINS_MAX_KEYS distinct domains (later new domains are counted in
 * `other` and the distinct count comes from a HyperLogLog), keeps unparseable examples by
 * record seq, and merges exactly while under the cap.
 *
 * This is the only includer of libpsl.h. The PSL context is read-only after creation and
 * shared safely by threads.
 */
#ifndef DP_ANALYSE_DOMAINS_H
#define DP_ANALYSE_DOMAINS_H

#include <stddef.h>
#include <stdint.h>

#include "analyse/examples.h"
#include "analyse/hll.h"
#include "analyse/tally.h"
#include "core/json.h"

#define DP_DOMAINS_MAX_KEYS 100000
#define DP_DOMAINS_HOST_MAX 253
#define DP_DOMAINS_TOP 20
#define DP_DOMAINS_CACHE 1024     /* host -> registrable domain cache slots (per state) */
#define DP_DOMAINS_CACHE_HOST 64  /* hosts this long or longer are not cached */

/* A direct-mapped cache of PSL lookups: the registrable domain is a suffix of the host, so
 * an entry keeps the host and the suffix offset. It changes speed only, never results. */
struct dp_domains_cache_entry {
	uint64_t hash;
	uint8_t host_len;          /* 0 = empty slot */
	uint8_t reg_off;
	char host[DP_DOMAINS_CACHE_HOST];
};

/* Copy the lower-cased host of url[0..n) into host (cap >= DP_DOMAINS_HOST_MAX + 1).
 * Returns its length, or 0 when the URL has no parseable host. */
size_t dp_domains_host(const char *url, size_t n, char *host, size_t cap);

/* The PSL: dp_domains_psl_open returns an opaque read-only handle (never NULL: libpsl's
 * built-in list when no newer list file is installed). Close with dp_domains_psl_close. */
const void *dp_domains_psl_open(void);
void dp_domains_psl_close(const void *psl);
/* Registrable domain of a lower-cased host (borrowed: host itself, or a pointer into it). */
const char *dp_domains_registrable(const void *psl, const char *host);

struct dp_domains {
	const void *psl;             /* borrowed */
	uint64_t records;            /* records with a URL value */
	uint64_t parsed;
	uint64_t unparseable;
	struct dp_tally by_domain;   /* registrable domain -> records */
	struct dp_hll distinct;
	struct dp_examples bad;
	unsigned top;                /* how many domains the report lists */
	struct dp_domains_cache_entry *cache;  /* owned; NULL when it could not be allocated */
};

void dp_domains_init(struct dp_domains *d, const void *psl, unsigned top);
void dp_domains_release(struct dp_domains *d);
/* Count one record's URL value. DP_OK, or DP_FATAL when out of memory. */
int dp_domains_add(struct dp_domains *d, uint64_t seq, const char *url, size_t n);
int dp_domains_merge(struct dp_domains *into, const struct dp_domains *from);
/* {records_with_url, share_with_url, parsed, unparseable, unparseable_examples[], distinct,
 *  distinct_exact, top[{domain, records, share}], other_records} */
void dp_domains_report(const struct dp_domains *d, uint64_t total_records,
		       const struct dp_rules *rules, struct dp_rules_scratch *scratch,
		       struct dp_json *out);

/* Save the state as JSON; load merges a saved state into d. DP_OK or DP_FATAL. */
void dp_domains_save(const struct dp_domains *d, struct dp_json *out);
int dp_domains_load(struct dp_domains *d, yajl_val v);

#endif
