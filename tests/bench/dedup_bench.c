/* dedup_bench.c - throughput of the dedup analyser's record hook on synthetic text.
 * Built and run by tests/bench/dedup_bench.sh (not a unit test: it only prints numbers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyse/dedup.h"
#include "analyse/textnorm.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/sink.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const words[] = { "the", "data", "of", "model", "and", "Corpus", "shard",
	"to", "in", "token", "License", "river", "mountain", "quiet", "a", "signal", "paper",
	"garden", "is", "engine", "music", "card", "provenance", "with", "for", "on" };

/* ~mb MB of records averaging ~1 KB; 1 in 10 repeats an earlier one, 1 in 20 non-ASCII. */
static char *make_text(size_t mb, size_t **offs, size_t *nrec)
{
	size_t cap = mb << 20, len = 0, n = 0, ncap = cap / 256 + 16;
	char *buf = malloc(cap + 4096);
	unsigned s = 1;

	*offs = malloc((ncap + 1) * sizeof(size_t));
	while (len < cap && n < ncap) {
		size_t start = len, target = 200 + (s >> 8) % 1600;
		(*offs)[n] = start;
		s = s * 1103515245u + 12345u;
		if (n > 10 && (s >> 16) % 10 == 0) { /* a duplicate */
			size_t j = (s >> 4) % n, l = (*offs)[j + 1] - (*offs)[j];
			memcpy(buf + len, buf + (*offs)[j], l);
			len += l;
		} else {
			while (len - start < target) {
				const char *w = words[(s >> 16) % 26];
				s = s * 1103515245u + 12345u;
				len += (size_t)snprintf(buf + len, 64, "%s%s ", w,
							(s >> 20) % 400 == 0 ? " caf\xc3\xa9" : "");
			}
		}
		(*offs)[++n] = len;
	}
	*nrec = n;
	return buf;
}

static int count_emit(void *ctx, const char *p, size_t n, int final)
{
	(void)p;
	(void)final;
	*(uint64_t *)ctx += n;
	return 0;
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200, n, i, *offs;
	char *text = make_text(mb, &offs, &n);
	double total = (double)offs[n] / 1e6, t0, t1, t2, t3;
	struct dp_config cfg;
	struct dp_error err;
	struct dp_member m;
	struct dp_textnorm tn;
	struct dp_actx ax = { 0 };
	char dir[] = "/tmp/dp-bench-XXXXXX";
	uint64_t sink = 0;
	void *st;

	if (!mkdtemp(dir))
		return 1;
	dp_config_init(&cfg);
	cfg.threads = 1;
	cfg.findings = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 1;
	memset(&m, 0, sizeof(m));
	m.origin = "bench.jsonl";
	m.split = "train";
	ax.tmpdir = dir;
	t0 = now();
	for (i = 0; i < n; i++)
		sink += XXH3_128bits(text + offs[i], offs[i + 1] - offs[i]).low64;
	t1 = now();
	dp_textnorm_init(&tn);
	for (i = 0; i < n; i++)
		dp_textnorm_run(&tn, text + offs[i], offs[i + 1] - offs[i], count_emit, &sink, NULL);
	t2 = now();
	st = dp_analyser_dedup.create(&cfg, &err);
	for (i = 0; i < n; i++) {
		struct dp_record r;
		memset(&r, 0, sizeof(r));
		r.member = &m;
		r.seq = i;
		r.index = i;
		r.text = text + offs[i];
		r.text_len = offs[i + 1] - offs[i];
		r.has_text_field = 1;
		dp_analyser_dedup.record(st, &ax, &r);
	}
	t3 = now();
	{
		struct dp_catalog *cat = dp_catalog_new();
		char fpath[64];
		struct dp_dedup_stats s;
		double t4, t5;
		snprintf(fpath, sizeof(fpath), "%s/findings", dir);
		dp_catalog_add(cat, m.origin, 0, n);
		dp_catalog_seal(cat);
		ax.catalog = cat;
		ax.findings = dp_sink_open(fpath);
		t4 = now();
		dp_analyser_dedup.finish(st, &ax, &err);
		t5 = now();
		dp_sink_close(ax.findings);
		dp_dedup_get_stats(st, &s);
		printf("records %zu, %.0f MB, exact dups %llu, normalized dups %llu (sink %llu)\n", n,
		       total, (unsigned long long)s.level[0].duplicates,
		       (unsigned long long)s.level[1].duplicates, (unsigned long long)(sink & 1));
		printf("XXH3-128 alone:            %7.0f MB/s\n", total / (t1 - t0));
		printf("normalisation alone:       %7.0f MB/s\n", total / (t2 - t1));
		printf("dedup record hook (both):  %7.0f MB/s  (findings log %s)\n",
		       total / (t3 - t2), cfg.findings ? "on" : "off");
		printf("dedup finish:              %7.2f s (%llu findings lines)\n", t5 - t4,
		       (unsigned long long)s.findings);
		unlink(fpath);
		dp_catalog_free(cat);
	}
	dp_analyser_dedup.destroy(st);
	dp_textnorm_release(&tn);
	rmdir(dir);
	free(text);
	free(offs);
	return 0;
}
