/* fuzz_license.c - libFuzzer target: license detection over arbitrary text (normaliser,
 * shingle matcher, notices, SPDX tags, references) and the free-form value mapper, with
 * the real reference corpus loaded once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "license/corpus.h"
#include "license/license.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct dp_license_corpus *corpus; /* read-only after init; the fuzzer is single-threaded */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dp_error err;

	(void)argc;
	(void)argv;
	dp_error_clear(&err);
	corpus = dp_license_corpus_load(&err);
	if (!corpus) {
		fprintf(stderr, "fuzz_license: cannot load the corpus: %s\n", err.msg);
		exit(1);
	}
	return 0;
}

static void on_hit(void *ctx, const struct dp_license_hit *hit)
{
	(void)hit;
	++*(unsigned *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned hits = 0;
	char out[256];

	dp_license_scan(corpus, (const char *)data, size, on_hit, &hits);
	if (size < 4096)
		dp_license_map_value(corpus, (const char *)data, size, out, sizeof(out));
	return 0;
}
