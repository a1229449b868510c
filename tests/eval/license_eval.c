/* license_eval.c - accuracy and speed of license detection over labelled eval sets.
 *
 * Reads "set<TAB>path<TAB>expected SPDX ids (space-separated, may be empty)<TAB>N" lines on
 * stdin (N: lines at the top of the file that are labels, not input; optional)
 * and prints, per set: files, exact (the expected set of ids found, no more, no less),
 * exact-strict (the same without counting text-identical licenses such as GPL-2.0-only and
 * GPL-2.0-or-later as one), partial, wrong-only, nothing found, and CPU ms per file (scan
 * only, corpus load excluded and printed apart). With -v, each miss is printed to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "license/corpus.h"
#include "license/license.h"

#define MAX_IDS 64
#define ID_LEN 128
#define MAX_SETS 16

struct idset {
	char v[MAX_IDS][ID_LEN];
	size_t n;
};

struct tally {
	char name[64];
	unsigned files, exact, strict, partial, wrong, nothing;
	double ms;
};

/* CPU time of this thread: the figure that matters on a shared machine (one core). */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Deprecated spellings to current ids: "GPL-2.0+" -> "GPL-2.0-or-later", "GPL-2.0" ->
 * "GPL-2.0-only" (when those exist in the corpus). */
static void canon(const struct dp_license_corpus *c, const char *id, char *out, size_t cap)
{
	char b[ID_LEN];
	size_t n = strlen(id);
	uint32_t i;

	if (n && id[n - 1] == '+') {
		snprintf(b, sizeof(b), "%.*s-or-later", (int)(n - 1), id);
		if (dp_lic_find(c, b) != DP_LIC_NONE) {
			snprintf(out, cap, "%s", c->lics[dp_lic_find(c, b)].id);
			return;
		}
	}
	snprintf(b, sizeof(b), "%s-only", id);
	if ((i = dp_lic_find(c, b)) != DP_LIC_NONE) {
		snprintf(out, cap, "%s", c->lics[i].id);
		return;
	}
	i = dp_lic_find(c, id);
	snprintf(out, cap, "%s", i != DP_LIC_NONE ? c->lics[i].id : id);
}

static void add_ids(const struct dp_license_corpus *c, const char *expr, struct idset *s);

/* A deprecated id stands for its SPDX replacement ("StandardML-NJ" -> "SMLNJ",
 * "eCos-2.0" -> "GPL-2.0-or-later WITH eCos-exception-2.0"). */
static int add_replaced(const struct dp_license_corpus *c, const char *id, struct idset *s)
{
	const char *r = dp_lic_replacement(c, id);

	if (!r)
		return 0;
	add_ids(c, r, s);
	return 1;
}

static void add_id(const struct dp_license_corpus *c, const char *tok, struct idset *s)
{
	char id[ID_LEN];
	size_t i;
	int dup = 0;

	if (!strcmp(tok, "AND") || !strcmp(tok, "OR") || !strcmp(tok, "WITH"))
		return;
	if (add_replaced(c, tok, s))
		return;
	canon(c, tok, id, sizeof(id));
	for (i = 0; i < s->n; i++)
		dup |= !strcmp(s->v[i], id);
	if (!dup && s->n < MAX_IDS)
		snprintf(s->v[s->n++], ID_LEN, "%s", id);
}

/* The ids of an expression (or of a space-separated list), deprecated ones replaced. */
static void add_ids(const struct dp_license_corpus *c, const char *expr, struct idset *s)
{
	char buf[1024];
	size_t i = 0, start;

	snprintf(buf, sizeof(buf), "%s", expr);
	while (buf[i]) {
		while (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '(' || buf[i] == ')')
			i++;
		start = i;
		while (buf[i] && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '(' && buf[i] != ')')
			i++;
		if (i > start) {
			char end = buf[i];
			buf[i] = '\0';
			add_id(c, buf + start, s);
			buf[i] = end;
		}
	}
}

static void on_hit(void *ctx, const struct dp_license_hit *h)
{
	void **p = ctx;
	add_ids(p[0], h->spdx, p[1]);
}

static int same(const struct dp_license_corpus *c, const char *a, const char *b, int loose)
{
	uint32_t x, y;

	if (!strcmp(a, b))
		return 1;
	if (!loose)
		return 0;
	x = dp_lic_find(c, a);
	y = dp_lic_find(c, b);
	return x != DP_LIC_NONE && y != DP_LIC_NONE && dp_lic_same_text(c, x, y);
}

/* Does every id of a match one of b? */
static int covers(const struct dp_license_corpus *c, const struct idset *a,
		  const struct idset *b, int loose, size_t *hits)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (same(c, a->v[i], b->v[j], loose)) {
				n++;
				break;
			}
	if (hits)
		*hits = n;
	return n == a->n;
}

static struct tally *tally_for(struct tally *t, size_t *nt, const char *name)
{
	size_t i;

	for (i = 0; i < *nt; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	if (*nt == MAX_SETS)
		return &t[MAX_SETS - 1];
	memset(&t[*nt], 0, sizeof(t[0]));
	snprintf(t[*nt].name, sizeof(t[0].name), "%s", name);
	return &t[(*nt)++];
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long sz;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)sz + 1);
	*len = b ? fread(b, 1, (size_t)sz, f) : 0;
	fclose(f);
	return b;
}

static void judge(const struct dp_license_corpus *c, struct tally *t, const struct idset *exp,
		  const struct idset *got, const char *path, int verbose)
{
	size_t ov;
	int ok = covers(c, exp, got, 1, &ov) && covers(c, got, exp, 1, NULL);

	t->files++;
	if (ok) {
		t->exact++;
		t->strict += covers(c, exp, got, 0, NULL) && covers(c, got, exp, 0, NULL);
		return;
	}
	if (!got->n)
		t->nothing++;
	else if (ov)
		t->partial++;
	else
		t->wrong++;
	if (verbose) {
		size_t i;
		fprintf(stderr, "MISS %s: expected", path);
		for (i = 0; i < exp->n; i++)
			fprintf(stderr, " %s", exp->v[i]);
		fprintf(stderr, " | found");
		for (i = 0; i < got->n; i++)
			fprintf(stderr, " %s", got->v[i]);
		fprintf(stderr, "\n");
	}
}

static void print_table(const struct tally *t, size_t nt, double load_ms)
{
	size_t i;

	printf("| set | files | exact | exact (strict ids) | partial | wrong-only | nothing found | CPU ms/file |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < nt; i++) {
		double f = t[i].files ? 100.0 / t[i].files : 0;
		printf("| %s | %u | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.3f |\n", t[i].name,
		       t[i].files, t[i].exact * f, t[i].strict * f, t[i].partial * f, t[i].wrong * f,
		       t[i].nothing * f, t[i].files ? t[i].ms / t[i].files : 0);
	}
	printf("\ncorpus load: %.1f ms (CPU)\n", load_ms);
}

int main(int argc, char **argv)
{
	struct dp_error err;
	struct tally t[MAX_SETS];
	size_t nt = 0;
	char line[8192];
	int verbose = argc > 1 && !strcmp(argv[1], "-v");
	double t0 = now_ms();
	struct dp_license_corpus *c = dp_license_corpus_load(&err);
	double load_ms = now_ms() - t0;

	if (!c) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		char *set = line, *path, *exp;
		struct idset e = { .n = 0 }, g = { .n = 0 };
		void *ctx[2] = { c, &g };
		size_t len = 0, off = 0;
		char *text, *skip;
		long nskip;
		line[strcspn(line, "\n")] = '\0';
		path = strchr(set, '\t');
		if (!path)
			continue;
		*path++ = '\0';
		exp = strchr(path, '\t');
		if (exp)
			*exp++ = '\0';
		skip = exp ? strchr(exp, '\t') : NULL;
		if (skip)
			*skip++ = '\0';
		add_ids(c, exp ? exp : "", &e);
		text = slurp(path, &len);
		if (!text)
			continue;
		for (nskip = skip ? strtol(skip, NULL, 10) : 0; nskip > 0 && off < len; nskip--) {
			char *nl = memchr(text + off, '\n', len - off);
			off = nl ? (size_t)(nl - text) + 1 : len;
		}
		t0 = now_ms();
		dp_license_scan(c, text + off, len - off, on_hit, ctx);
		tally_for(t, &nt, set)->ms += now_ms() - t0;
		judge(c, tally_for(t, &nt, set), &e, &g, path, verbose);
		free(text);
	}
	print_table(t, nt, load_ms);
	dp_license_corpus_free(c);
	return 0;
}
