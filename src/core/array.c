/* array.c - growth of caller-owned arrays. */
#include "core/array.h"

#include <stdint.h>
#include <stdlib.h>

#define ARRAY_FIRST 16 /* elements of a first allocation */

int dp_array_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : ARRAY_FIRST;
	void *q;

	if (need <= *cap)
		return 0;
	if (elem == 0 || need > SIZE_MAX / elem)
		return -1;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	if (n > SIZE_MAX / elem)
		n = need;
	q = realloc(*v, n * elem);
	if (!q)
		return -1;
	*v = q;
	*cap = n;
	return 0;
}
