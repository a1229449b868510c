/* domains.c - URL host extraction, PSL registrable domains, and the domain counts. */
#include "analyse/domains.h"

#include <libpsl.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyse/state_io.h"
#include "core/error.h"

static int host_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c >= 0x80;
}

/* Length of "scheme://" at url, or 0 when there is none. */
static size_t scheme_len(const char *url, size_t n)
{
	size_t i = 0;

	while (i < n && i < 32 && ((url[i] >= 'a' && url[i] <= 'z') ||
				   (url[i] >= 'A' && url[i] <= 'Z') ||
				   (i > 0 && ((url[i] >= '0' && url[i] <= '9') ||
					      url[i] == '+' || url[i] == '-' || url[i] == '.'))))
		i++;
	if (i > 0 && i + 3 <= n && !memcmp(url + i, "://", 3))
		return i + 3;
	if (n >= 2 && url[0] == '/' && url[1] == '/')
		return 2;
	return 0;
}

/* End of the authority part [start, end): up to '/', '?', '#' or whitespace. */
static size_t authority_end(const char *url, size_t n, size_t i)
{
	while (i < n && url[i] != '/' && url[i] != '?' && url[i] != '#' && url[i] != ' ' &&
	       url[i] != '\t' && url[i] != '\\')
		i++;
	return i;
}

size_t dp_domains_host(const char *url, size_t n, char *host, size_t cap)
{
	size_t s, e, i, at, len;
	int scheme;

	while (n && (*url == ' ' || *url == '\t'))
		url++, n--;
	while (n && (url[n - 1] == ' ' || url[n - 1] == '\t' || url[n - 1] == '\n' ||
		     url[n - 1] == '\r'))
		n--;
	s = scheme_len(url, n);
	scheme = s > 0;
	e = authority_end(url, n, s);
	if (e < n && (url[e] == ' ' || url[e] == '\t'))
		return 0; /* a space inside the host part: not a URL */
	for (at = e; at > s && url[at - 1] != '@'; at--)
		;
	if (at > s)
		s = at;
	if (s < e && url[s] == '[') { /* IPv6 literal */
		for (i = s; i < e && url[i] != ']'; i++)
			;
		len = i < e ? i + 1 - s : 0;
	} else {
		for (i = s; i < e && url[i] != ':'; i++)
			if (!host_char((unsigned char)url[i]))
				return 0;
		len = i - s;
	}
	while (len && url[s + len - 1] == '.')
		len--; /* "example.com." is example.com */
	if (!len || len > DP_DOMAINS_HOST_MAX || len + 1 > cap || url[s] == '.')
		return 0;
	if (!scheme && !memchr(url + s, '.', len))
		return 0; /* a bare word is not a URL */
	for (i = 0; i < len; i++) {
		char c = url[s + i];
		host[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	host[len] = '\0';
	return len;
}

const void *dp_domains_psl_open(void)
{
	const psl_ctx_t *p = psl_latest(NULL);

	return p ? (const void *)p : (const void *)psl_builtin();
}

void dp_domains_psl_close(const void *psl)
{
	/* psl_free is a no-op on the built-in context. */
	if (psl)
		psl_free((psl_ctx_t *)(uintptr_t)psl);
}

static int is_ip(const char *h)
{
	size_t i;

	if (h[0] == '[')
		return 1;
	for (i = 0; h[i]; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || h[i] == '.'))
			return 0;
	return 1;
}

const char *dp_domains_registrable(const void *psl, const char *host)
{
	const char *r;

	if (is_ip(host) || !psl)
		return host;
	r = psl_registrable_domain((const psl_ctx_t *)psl, host);
	return r ? r : host;
}

void dp_domains_init(struct dp_domains *d, const void *psl, unsigned top)
{
	memset(d, 0, sizeof(*d));
	d->psl = psl;
	d->top = top ? top : DP_DOMAINS_TOP;
	dp_tally_init(&d->by_domain, DP_DOMAINS_MAX_KEYS);
	dp_hll_init(&d->distinct);
	dp_examples_init(&d->bad);
	d->cache = calloc(DP_DOMAINS_CACHE, sizeof(*d->cache)); /* optional: NULL = no cache */
}

void dp_domains_release(struct dp_domains *d)
{
	dp_tally_release(&d->by_domain);
	free(d->cache);
	d->cache = NULL;
}

/* Registrable domain of host (length len) through the cache. Returns a pointer into host. */
static const char *registrable_cached(struct dp_domains *d, const char *host, size_t len)
{
	uint64_t h;
	struct dp_domains_cache_entry *e;
	const char *reg;

	if (!d->cache || len >= DP_DOMAINS_CACHE_HOST)
		return dp_domains_registrable(d->psl, host);
	h = XXH3_64bits(host, len);
	e = &d->cache[h % DP_DOMAINS_CACHE];
	if (e->host_len == len && e->hash == h && !memcmp(e->host, host, len))
		return host + e->reg_off;
	reg = dp_domains_registrable(d->psl, host);
	if (reg < host || reg > host + len) /* psl answered with its own buffer: do not cache */
		return reg;
	e->hash = h;
	e->host_len = (uint8_t)len;
	e->reg_off = (uint8_t)(reg - host);
	memcpy(e->host, host, len);
	return reg;
}

int dp_domains_add(struct dp_domains *d, uint64_t seq, const char *url, size_t n)
{
	char host[DP_DOMAINS_HOST_MAX + 1];
	const char *reg;
	size_t len;

	d->records++;
	len = dp_domains_host(url, n, host, sizeof(host));
	if (!len) {
		d->unparseable++;
		dp_examples_offer(&d->bad, seq, url, n);
		return DP_OK;
	}
	d->parsed++;
	reg = registrable_cached(d, host, len);
	len = strlen(reg);
	dp_hll_add(&d->distinct, reg, len);
	return dp_tally_add(&d->by_domain, reg, len, 1, 0) == -2 ? DP_FATAL : DP_OK;
}

int dp_domains_merge(struct dp_domains *into, const struct dp_domains *from)
{
	into->records += from->records;
	into->parsed += from->parsed;
	into->unparseable += from->unparseable;
	dp_hll_merge(&into->distinct, &from->distinct);
	dp_examples_merge(&into->bad, &from->bad);
	return dp_tally_merge(&into->by_domain, &from->by_domain) ? DP_FATAL : DP_OK;
}

static double share(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static void report_top(const struct dp_domains *d, struct dp_json *out)
{
	size_t *ord = dp_tally_sorted(&d->by_domain), i;
	uint64_t listed = 0;

	dp_json_key(out, "top");
	dp_json_arr_begin(out);
	for (i = 0; ord && i < d->by_domain.len && i < d->top; i++) {
		const struct dp_tally_entry *e = &d->by_domain.e[ord[i]];

		dp_json_obj_begin(out);
		dp_json_kv_str(out, "domain", dp_tally_key(&d->by_domain, ord[i]));
		dp_json_kv_u64(out, "records", e->n);
		dp_json_kv_double(out, "share", share(e->n, d->parsed));
		dp_json_obj_end(out);
		listed += e->n;
	}
	dp_json_arr_end(out);
	dp_json_kv_u64(out, "other_records", d->parsed - listed);
	free(ord);
}

void dp_domains_report(const struct dp_domains *d, uint64_t total_records,
		       const struct dp_rules *rules, struct dp_rules_scratch *scratch,
		       struct dp_json *out)
{
	int exact = d->by_domain.dropped_keys == 0;

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records_with_url", d->records);
	dp_json_kv_double(out, "share_with_url", share(d->records, total_records));
	dp_json_kv_u64(out, "parsed", d->parsed);
	dp_json_kv_u64(out, "unparseable", d->unparseable);
	dp_json_key(out, "unparseable_examples");
	dp_examples_report(&d->bad, rules, scratch, out);
	dp_json_kv_u64(out, "distinct", exact ? d->by_domain.len : dp_hll_estimate(&d->distinct));
	dp_json_kv_bool(out, "distinct_exact", exact);
	report_top(d, out);
	dp_json_obj_end(out);
}

void dp_domains_save(const struct dp_domains *d, struct dp_json *out)
{
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", d->records);
	dp_json_kv_u64(out, "parsed", d->parsed);
	dp_json_kv_u64(out, "unparseable", d->unparseable);
	dp_json_key(out, "by");
	dp_tally_save(&d->by_domain, out);
	dp_json_key(out, "hll");
	dp_hll_save(&d->distinct, out);
	dp_json_key(out, "bad");
	dp_examples_save(&d->bad, out);
	dp_json_obj_end(out);
}

int dp_domains_load(struct dp_domains *d, yajl_val v)
{
	struct dp_domains *tmp = malloc(sizeof(*tmp));
	int rc = DP_FATAL;

	if (!tmp)
		return DP_FATAL;
	dp_domains_init(tmp, d->psl, d->top);
	if (!dp_state_u64(v, "records", &tmp->records) &&
	    !dp_state_u64(v, "parsed", &tmp->parsed) &&
	    !dp_state_u64(v, "unparseable", &tmp->unparseable) &&
	    !dp_tally_load(&tmp->by_domain, dp_jt_get(v, "by")) &&
	    !dp_hll_load(&tmp->distinct, dp_jt_get(v, "hll")) &&
	    !dp_examples_load(&tmp->bad, dp_jt_get(v, "bad")))
		rc = dp_domains_merge(d, tmp);
	dp_domains_release(tmp);
	free(tmp);
	return rc;
}
