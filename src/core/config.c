/* config.c - run configuration defaults. */
#include "core/config.h"

#include <string.h>
#include <unistd.h>

static void list_set(struct dp_strlist *l, const char *a, const char *b, const char *c,
		     const char *d)
{
	const char *v[4] = { a, b, c, d };
	size_t i;

	l->n = 0;
	for (i = 0; i < 4 && v[i]; i++)
		l->v[l->n++] = v[i];
}

void dp_config_init(struct dp_config *c)
{
	memset(c, 0, sizeof(*c));
	dp_limits_init(&c->limits);
	c->findings = 1;
	c->top_clusters = 20;
	c->gap_dup_rate = 0.05;
	list_set(&c->meta_fields[DP_META_ID], "id", "_id", "meta.id", "WARC-Record-ID");
	list_set(&c->meta_fields[DP_META_URL], "url", "source_url", "meta.url", "WARC-Target-URI");
	list_set(&c->meta_fields[DP_META_LICENSE], "license", "licenses", "meta.license", NULL);
	list_set(&c->meta_fields[DP_META_SPLIT], "split", "meta.split", NULL, NULL);
	list_set(&c->meta_fields[DP_META_DATE], "timestamp", "date", "created_at", "WARC-Date");
}

unsigned dp_config_threads(const struct dp_config *c)
{
	long cpus;

	if (c->threads)
		return c->threads;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 ? (unsigned)cpus : 1;
}
