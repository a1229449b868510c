/* array.h - growth of caller-owned arrays (doubling, overflow-checked).
 *
 * An array is a pointer, its capacity in elements and a count the caller keeps:
 *	if (dp_array_grow((void **)&v, &cap, n + 1, sizeof(*v))) return DP_FATAL;
 *	v[n++] = x;
 * The pointer is owned by the caller and freed with free().
 */
#ifndef DP_CORE_ARRAY_H
#define DP_CORE_ARRAY_H

#include <stddef.h>

/* Make *v hold at least `need` elements of `elem` bytes: the capacity doubles from 16
 * until it does; contents kept. Returns 0, or -1 (nothing changed) when out of memory or
 * when the size would overflow. */
int dp_array_grow(void **v, size_t *cap, size_t need, size_t elem);

#endif
