/* scope_bench.c - throughput of the scope analyser's record hook and of its parts.
 *
 * Builds an in-memory corpus from the language-ID samples (records of 100 B to ~16 KB, mixed
 * languages, with id/label/url/date fields), then times: the text pass (scripts, chars,
 * words), language ID alone, and the whole record hook. Prints MB/s of record text.
 * Usage: scope_bench LANGID_DIR [LANG]   (LANG: only that language's samples, e.g. en)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyse/langid.h"
#include "analyse/scope.h"
#include "analyse/scripts.h"

#define MAX_LINES 4096
#define NREC 20000

static char *lines[MAX_LINES];
static size_t nlines;

struct brec {
	char *text;
	size_t len;
	char id[24], url[64], date[32];
	const char *label;
	struct dp_field f[5];
};

static void load(const char *dir, const char *only)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096], buf[65536];
	FILE *f;

	if (!d)
		exit(2);
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".txt") || (only && strncmp(e->d_name, only, strlen(only))))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		while (f && fgets(buf, sizeof(buf), f) && nlines < MAX_LINES) {
			buf[strcspn(buf, "\n")] = '\0';
			lines[nlines++] = strdup(buf);
		}
		if (f)
			fclose(f);
	}
	closedir(d);
}

/* A record: same-language lines (one file = 9 consecutive lines) up to a target length. */
static void make(struct brec *r, unsigned i, unsigned seed)
{
	size_t target = 100u << (seed % 8), n = 0, cap = target + 4096;
	unsigned base = (seed % (unsigned)(nlines / 9)) * 9, k = 0;

	r->text = malloc(cap);
	while (n < target) {
		const char *l = lines[base + (k++ + seed) % 9];
		size_t len = strlen(l);

		if (n + len + 1 >= cap)
			break;
		memcpy(r->text + n, l, len);
		n += len;
		r->text[n++] = ' ';
	}
	r->len = n;
	snprintf(r->id, sizeof(r->id), "%u", i);
	snprintf(r->url, sizeof(r->url), "https://site%u.example%u.com/p/%u", seed % 97, seed % 5, i);
	snprintf(r->date, sizeof(r->date), "20%02u-0%u-1%uT10:00:00Z", 10 + seed % 14, 1 + seed % 9, seed % 10);
	r->label = seed % 2 ? "a" : "b";
	r->f[0] = (struct dp_field){ "id", 2, r->id, strlen(r->id), DP_VT_NUMBER };
	r->f[1] = (struct dp_field){ "text", 4, r->text, r->len, DP_VT_STRING };
	r->f[2] = (struct dp_field){ "label", 5, r->label, 1, DP_VT_STRING };
	r->f[3] = (struct dp_field){ "url", 3, r->url, strlen(r->url), DP_VT_STRING };
	r->f[4] = (struct dp_field){ "date", 4, r->date, strlen(r->date), DP_VT_STRING };
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: steadier on a busy machine */
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct brec recs[NREC];

/* Time the whole record hook over the corpus, with seqs starting at `first`. */
static void hook(const struct dp_config *cfg, double mb, uint64_t first, const char *what)
{
	static const struct dp_member m = { "bench.jsonl", "bench.jsonl", "jsonl", "train",
					    0, 0, 0, 0, DP_MEMBER_TEXT };
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct dp_record r;
	void *st = dp_analyser_scope.create(cfg, &err);
	double t;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.member = &m;
	r.has_text_field = 1;
	r.n_fields = 5;
	t = now();
	for (i = 0; i < NREC; i++) {
		r.seq = first + i;
		r.index = i;
		r.text = recs[i].text;
		r.text_len = recs[i].len;
		r.fields = recs[i].f;
		r.meta[DP_META_URL] = recs[i].url;
		r.meta_len[DP_META_URL] = strlen(recs[i].url);
		r.meta[DP_META_DATE] = recs[i].date;
		r.meta_len[DP_META_DATE] = strlen(recs[i].date);
		dp_analyser_scope.record(st, &ax, &r);
	}
	printf("scope record hook, %s: %.0f MB/s\n", what, mb / (now() - t));
	dp_analyser_scope.destroy(st);
}

int main(int argc, char **argv)
{
	struct dp_config cfg;
	struct dp_text_counts c;
	struct dp_langid_result lr;
	size_t i, total = 0;
	double t, mb;
	unsigned seed = 12345;

	if (argc < 2)
		return 2;
	load(argv[1], argc > 2 ? argv[2] : NULL);
	for (i = 0; i < NREC; i++) {
		seed = seed * 1103515245u + 12345u;
		make(&recs[i], (unsigned)i, (seed >> 8));
		total += recs[i].len;
	}
	mb = (double)total / 1e6;
	printf("corpus: %d records, %.1f MB of text, mean %.0f bytes\n", NREC, mb,
	       (double)total / NREC);

	t = now();
	memset(&c, 0, sizeof(c));
	for (i = 0; i < NREC; i++)
		dp_scripts_scan(recs[i].text, recs[i].len, &c);
	printf("text pass (chars, words, scripts): %.0f MB/s\n", mb / (now() - t));

	t = now();
	for (i = 0; i < NREC; i++)
		dp_langid_detect(recs[i].text, recs[i].len, (size_t)-1, 0, &lr);
	printf("language ID (CLD2, %d-byte sample): %.0f MB/s of record text\n", DP_LANGID_SAMPLE,
	       mb / (now() - t));

	dp_config_init(&cfg);
	hook(&cfg, mb, 0, "records 0..19999 of one input");
	hook(&cfg, mb, 1000000, "steady state, past the exact prefix");
	cfg.lang_stride = 1;
	hook(&cfg, mb, 0, "language ID on every record (--lang-stride 1)");
	return 0;
}
