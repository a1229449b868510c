/* fuzz_jsonline.c - libFuzzer target: the fast JSON line parser against yajl on arbitrary
 * bytes; aborts when the fast parser takes a text that yajl reads differently. */
#include <stdlib.h>

#include "jsonline_diff.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	int taken;

	if (!jsonline_agrees((const char *)data, n, &taken))
		abort();
	return 0;
}
