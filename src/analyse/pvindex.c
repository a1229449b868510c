/* pvindex.c - the frame index of a dedup preview file (see pvindex.h). */
#include "analyse/pvindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

void dp_pvindex_init(struct dp_pvindex *x)
{
	memset(x, 0, sizeof(*x));
	x->cur.min_seq = UINT64_MAX;
}

void dp_pvindex_release(struct dp_pvindex *x)
{
	free(x->v);
	dp_pvindex_init(x);
}

void dp_pvindex_note(struct dp_pvindex *x, uint64_t seq)
{
	x->cur.count++;
	if (seq < x->cur.min_seq)
		x->cur.min_seq = seq;
	if (seq > x->cur.max_seq)
		x->cur.max_seq = seq;
}

int dp_pvindex_cut(struct dp_pvindex *x, uint64_t next_offset)
{
	if (x->cur.count) {
		if (dp_array_grow((void **)&x->v, &x->cap, x->n + 1, sizeof(*x->v)))
			return -1;
		x->v[x->n++] = x->cur;
	}
	x->cur = (struct dp_pvframe){ next_offset, 0, UINT64_MAX, 0 };
	return 0;
}

static int idx_path(const char *preview_path, char *out, size_t cap)
{
	int k = snprintf(out, cap, "%s.idx", preview_path);

	return k > 0 && (size_t)k < cap ? 0 : -1;
}

/* The file is the frames as they are in memory: a private spill file, read back by the
 * process that wrote it, never a saved side file. */
int dp_pvindex_save(const struct dp_pvindex *x, const char *preview_path)
{
	char path[4200];
	FILE *f;
	int ok;

	if (idx_path(preview_path, path, sizeof(path)) != 0 || !(f = fopen(path, "wb")))
		return -1;
	ok = x->n == 0 || fwrite(x->v, sizeof(*x->v), x->n, f) == x->n;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok)
		remove(path); /* a partial index would hide frames: none reads the file whole */
	return ok ? 0 : -1;
}

int dp_pvindex_load(struct dp_pvindex *x, const char *preview_path)
{
	char path[4200];
	struct dp_pvframe fr;
	FILE *f;
	int ok = 1;

	dp_pvindex_init(x);
	if (idx_path(preview_path, path, sizeof(path)) != 0 || !(f = fopen(path, "rb")))
		return -1;
	/* whole frames only: a short file is not an index */
	ok = fseek(f, 0, SEEK_END) == 0 && ftell(f) >= 0 && ftell(f) % (long)sizeof(fr) == 0 &&
	     fseek(f, 0, SEEK_SET) == 0;
	while (ok && fread(&fr, sizeof(fr), 1, f) == 1) {
		ok = fr.count > 0 && fr.min_seq <= fr.max_seq &&
		     (x->n == 0 || fr.offset > x->v[x->n - 1].offset);
		x->cur = fr;
		ok = ok && dp_pvindex_cut(x, 0) == 0;
	}
	ok = ok && !ferror(f);
	fclose(f);
	if (!ok)
		dp_pvindex_release(x);
	return ok ? 0 : -1;
}

int dp_pvindex_frame_wanted(const struct dp_pvframe *f, const uint64_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (want[i] >= f->min_seq && want[i] <= f->max_seq)
			return 1;
	return 0;
}
