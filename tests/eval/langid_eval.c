/* langid_eval.c - language-ID accuracy per language (short and long texts) and speed, for
 * CLD2 (through dataprov's dp_langid_detect) and libexttextcat, on tests/eval/langid/.
 *
 * Each file tests/eval/langid/<code>.txt holds one sample a line, written for this project.
 * A sample under SHORT_BYTES bytes is "short". Usage: langid_eval DIR [cld2|textcat|both]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef NO_TEXTCAT
#include <libexttextcat/textcat.h>
#endif

#include "analyse/langid.h"

#define SHORT_BYTES 200
#define MAX_SAMPLES 4096

struct sample {
	char lang[8];
	char *text;
	size_t len;
};

static struct sample samples[MAX_SAMPLES];
static size_t nsamples;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_file(const char *dir, const char *name)
{
	char path[4096], line[65536];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && nsamples < MAX_SAMPLES) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (!n)
			continue;
		snprintf(samples[nsamples].lang, sizeof(samples[nsamples].lang), "%.*s",
			 (int)(strchr(name, '.') - name), name);
		samples[nsamples].text = strdup(line);
		samples[nsamples].len = n;
		nsamples++;
	}
	fclose(f);
}

static void load(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[256];
	size_t n = 0, i;

	if (!d) {
		perror(dir);
		exit(2);
	}
	while ((e = readdir(d)) && n < 256)
		if (strstr(e->d_name, ".txt"))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_name);
	for (i = 0; i < n; i++) {
		load_file(dir, names[i]);
		free(names[i]);
	}
}

#ifndef NO_TEXTCAT
static void *tc;
#endif

/* Returns the detected code into out ("und" when unknown). */
static void detect(int backend, const struct sample *s, char *out, size_t cap)
{
	struct dp_langid_result r;
	const char *res, *b, *e;

	if (backend == 0) {
		dp_langid_detect(s->text, s->len, (size_t)-1, 0, &r);
		snprintf(out, cap, "%s", r.code);
		return;
	}
#ifdef NO_TEXTCAT
	res = NULL;
#else
	res = textcat_Classify(tc, s->text, s->len < 2048 ? s->len : 2048);
#endif
	b = res ? strchr(res, '[') : NULL;
	e = b ? strpbrk(b + 1, "-]") : NULL;
	/* Unknown or too short: und. Several candidates: the first (its best guess), which is
	 * the most favourable reading of libexttextcat's answer. */
	if (!b || !e) {
		snprintf(out, cap, "und");
		return;
	}
	snprintf(out, cap, "%.*s", (int)(e - b - 1), b + 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void accuracy(int backend, const char *name)
{
	char got[32], cur[8] = "";
	size_t i, ok[2] = { 0, 0 }, tot[2] = { 0, 0 }, all_ok = 0;
	int l;

	printf("%s: accuracy per language (short < %d bytes | long)\n", name, SHORT_BYTES);
	for (i = 0; i <= nsamples; i++) {
		if (i == nsamples || strcmp(cur, samples[i].lang)) {
			if (cur[0])
				printf("  %-3s short %zu/%zu  long %zu/%zu\n", cur, ok[0], tot[0], ok[1],
				       tot[1]);
			if (i == nsamples)
				break;
			snprintf(cur, sizeof(cur), "%s", samples[i].lang);
			ok[0] = ok[1] = tot[0] = tot[1] = 0;
		}
		detect(backend, &samples[i], got, sizeof(got));
		l = samples[i].len >= SHORT_BYTES;
		tot[l]++;
		if (!strcmp(got, samples[i].lang)) {
			ok[l]++;
			all_ok++;
		} else if (getenv("LANGID_VERBOSE")) {
			printf("    miss %s -> %s: %.60s\n", samples[i].lang, got, samples[i].text);
		}
	}
	printf("%s: overall %zu/%zu = %.1f%%\n", name, all_ok, nsamples,
	       100.0 * (double)all_ok / (double)nsamples);
}

static void speed(int backend, const char *name)
{
	char got[32];
	double t0 = now(), t;
	size_t i, bytes = 0, rounds = 0;

	do {
		for (i = 0; i < nsamples; i++) {
			detect(backend, &samples[i], got, sizeof(got));
			bytes += samples[i].len;
		}
		rounds++;
		t = now() - t0;
	} while (t < 1.0);
	printf("%s: %.1f MB/s (%zu rounds over %zu samples)\n", name, (double)bytes / t / 1e6,
	       rounds, nsamples);
}

int main(int argc, char **argv)
{
	const char *which = argc > 2 ? argv[2] : "both";

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR [cld2|textcat|both]\n", argv[0]);
		return 2;
	}
	load(argv[1]);
	if (strcmp(which, "textcat")) {
		accuracy(0, "cld2");
		speed(0, "cld2");
	}
#ifndef NO_TEXTCAT
	if (strcmp(which, "cld2")) {
		tc = special_textcat_Init("/usr/share/libexttextcat/fpdb.conf",
					  "/usr/share/libexttextcat/");
		if (!tc) {
			fprintf(stderr, "libexttextcat: cannot load its fingerprints\n");
			return 1;
		}
		accuracy(1, "exttextcat");
		speed(1, "exttextcat");
		textcat_Done(tc);
	}
#endif
	return 0;
}
