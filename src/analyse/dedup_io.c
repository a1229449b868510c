/* dedup_io.c - dedup side files: save a partial state, load shards' states as runs. */
#define _GNU_SOURCE /* copy_file_range */
#include "analyse/dedup_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse/dedup_state.h"
#include "analyse/state_io.h"
#include "core/array.h"
#include "core/json.h"
#include "core/zio.h"

/* 2: the log holds only occurrences past an entry's three smallest seqs, previews are text
 * prefixes with a cut flag. Version 1 (every record logged, display-form previews) still
 * loads: its extra log records are skipped as repeats and its previews show the same. */
#define DEDUP_SIDE_VERSION 2
#define DEDUP_SIDE_OLDEST 1
#define COPY_BUF ((size_t)64 << 10)
#define PREVIEW_SPILL_LEVEL (-1000) /* zstd --fast=1000: about a copy */

static const char *const level_names[DP_DEDUP_LEVELS] = { "exact", "normalized" };

static int little_endian(void)
{
	const uint16_t one = 1;

	return *(const unsigned char *)&one == 1;
}

static void side_path(char *out, size_t cap, const char *dir, int level, const char *what)
{
	if (level < 0)
		snprintf(out, cap, "%s/dedup-%s", dir, what);
	else
		snprintf(out, cap, "%s/dedup-%s-%s.zst", dir, level_names[level], what);
}

/* ---- save ------------------------------------------------------------------------- */

/* A side file's writer: zstd level 1 (they are large and written once), on the scan's
 * threads, since saving happens after the workers are done. */
static struct dp_zwriter *side_writer(const struct dedup *d, const char *path)
{
	struct dp_zwriter *zw = dp_zwriter_open(path, 1);

	dp_zwriter_threads(zw, dp_config_threads(d->cfg));
	return zw;
}

static int same_key(const struct dp_dedup_entry *a, const struct dp_dedup_entry *b)
{
	return a->hi == b->hi && a->lo == b->lo && a->split == b->split;
}

/* Every entry of the level (table and runs) in (digest, split) order, equal keys combined. */
static int save_entries(struct dedup *d, struct level *lv, const char *dir, const char *path,
			struct dp_error *err)
{
	struct dp_zwriter *zw = side_writer(d, path);
	struct dp_runmerge *m = NULL;
	struct dp_dedup_entry e, cur;
	size_t n = dp_digest_table_sort(&lv->table);
	int rc, have = 0, bad = 0;

	if (!zw)
		return dp_error_set(err, DP_FATAL, "dedup: cannot create %s", path);
	rc = dp_runmerge_open(&m, &lv->table.runs, d->tmpdir ? d->tmpdir : dir,
			      lv->table.entries, n, err);
	while (rc == DP_OK && (rc = dp_runmerge_next(m, &e, err)) == DP_OK) {
		if (have && same_key(&cur, &e)) {
			bad |= dp_dedup_entry_combine(&cur, &e, lv->table.drop, lv) != 0;
			continue;
		}
		bad |= have && dp_zwriter_write(zw, &cur, sizeof(cur)) != 0;
		cur = e;
		have = 1;
	}
	bad |= have && dp_zwriter_write(zw, &cur, sizeof(cur)) != 0;
	dp_runmerge_close(m);
	bad |= dp_zwriter_close(zw) != 0;
	if (rc != DP_DONE)
		return DP_FATAL;
	return bad ? dp_error_set(err, DP_FATAL, "dedup: cannot write %s", path) : DP_OK;
}

static int save_log(struct dedup *d, struct level *lv, const char *dir, const char *path,
		    struct dp_error *err)
{
	struct dp_zwriter *zw = side_writer(d, path);
	struct dp_runmerge *m = NULL;
	struct log_rec r;
	int rc, bad = 0;

	if (!zw)
		return dp_error_set(err, DP_FATAL, "dedup: cannot create %s", path);
	if (lv->nlog)
		dp_runs_sort_keyed(lv->logbuf, lv->nlog, sizeof(*lv->logbuf), lv->log.cmp);
	rc = dp_runmerge_open(&m, &lv->log, d->tmpdir ? d->tmpdir : dir, lv->logbuf, lv->nlog,
			      err);
	while (rc == DP_OK && (rc = dp_runmerge_next(m, &r, err)) == DP_OK)
		bad |= dp_zwriter_write(zw, &r, sizeof(r)) != 0;
	dp_runmerge_close(m);
	bad |= dp_zwriter_close(zw) != 0;
	if (rc != DP_DONE)
		return DP_FATAL;
	return bad ? dp_error_set(err, DP_FATAL, "dedup: cannot write %s", path) : DP_OK;
}

/* Append the file at `src` to `out`: in the kernel when it can (copy_file_range), else,
 * on any refusal (another file system, EOPNOTSUPP, a seccomp filter ...), through a
 * buffer from where the kernel stopped; a real I/O error then shows in read or write.
 * 0 or -1. */
static int append_file(int out, const char *src, char *buf)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), bad = 0;
	ssize_t n;

	if (in < 0)
		return -1;
	while ((n = copy_file_range(in, NULL, out, NULL, (size_t)1 << 30, 0)) > 0)
		;
	if (n < 0) /* refused: copy the rest by hand */
		while (!bad && (n = read(in, buf, COPY_BUF)) > 0)
			bad = write(out, buf, (size_t)n) != n;
	close(in);
	return bad || n < 0 ? -1 : 0;
}

/* The preview files as they are: their zstd frames, concatenated. */
static int save_previews(struct dedup *d, const char *path, struct dp_error *err)
{
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	char *buf = malloc(COPY_BUF);
	size_t i;
	int bad = out < 0 || !buf || dp_dedup_preview_close(d, err) != DP_OK;

	for (i = 0; i < d->previews.n && !bad; i++)
		bad = append_file(out, d->previews.paths[i], buf) != 0;
	free(buf);
	bad |= out >= 0 && close(out) != 0;
	return bad ? dp_error_set(err, DP_FATAL, "dedup: cannot write %s", path) : DP_OK;
}

static void save_splits(const struct dedup *d, struct dp_json *j)
{
	size_t i;

	dp_json_key(j, "splits");
	dp_json_arr_begin(j);
	for (i = 0; i < d->nsplits; i++) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "name", d->splits[i].name);
		dp_json_kv_u64(j, "key", d->splits[i].key);
		dp_json_kv_u64(j, "class", (uint64_t)d->splits[i].cls);
		dp_json_kv_u64(j, "records", d->splits[i].records);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

static void save_files(const struct dedup *d, struct dp_json *j)
{
	size_t i;

	dp_json_key(j, "files");
	dp_json_arr_begin(j);
	for (i = 0; i < d->nfiles; i++) {
		const struct file_rec *f = &d->files[i];
		char hex[33];
		snprintf(hex, sizeof(hex), "%016llx%016llx", (unsigned long long)f->hi,
			 (unsigned long long)f->lo); /* JSON readers lose integers past 2^63 */
		dp_json_arr_begin(j);
		dp_json_str(j, hex);
		dp_json_u64(j, f->order);
		dp_json_u64(j, f->bytes);
		dp_state_save_bytes(j, f->origin, strlen(f->origin));
		dp_json_arr_end(j);
	}
	dp_json_arr_end(j);
}

static int save_json(const struct dedup *d, const char *path, struct dp_error *err)
{
	struct dp_json *j = dp_json_new(0);
	uint64_t counts[5] = { d->lv[0].empty, d->lv[1].empty, d->no_text, d->invalid_utf8,
			       d->truncated };
	const char *text;
	size_t len;
	FILE *f;
	int ok;

	if (!j)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "version", DEDUP_SIDE_VERSION);
	dp_json_kv_str(j, "byte_order", little_endian() ? "little" : "big");
	dp_json_key(j, "counts");
	dp_state_save_u64s(j, counts, 5);
	save_splits(d, j);
	save_files(d, j);
	dp_json_obj_end(j);
	text = dp_json_text(j, &len);
	f = fopen(path, "wb");
	ok = !dp_json_failed(j) && f && fwrite(text, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	dp_json_free(j);
	return ok ? DP_OK : dp_error_set(err, DP_FATAL, "dedup: cannot write %s", path);
}

int dp_dedup_save(void *state, const char *dir, struct dp_error *err)
{
	struct dedup *d = state;
	char path[4200];
	int l;

	if (d->err.status == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "%s", d->err.msg);
	if (dp_dedup_fold(d, 1, err) != DP_OK)
		return DP_FATAL;
	for (l = 0; l < DP_DEDUP_LEVELS; l++) {
		side_path(path, sizeof(path), dir, l, "entries");
		if (save_entries(d, &d->lv[l], dir, path, err) != DP_OK)
			return DP_FATAL;
		side_path(path, sizeof(path), dir, l, "log");
		if (save_log(d, &d->lv[l], dir, path, err) != DP_OK)
			return DP_FATAL;
	}
	side_path(path, sizeof(path), dir, -1, "previews.zst");
	if (save_previews(d, path, err) != DP_OK)
		return DP_FATAL;
	side_path(path, sizeof(path), dir, -1, "json");
	path[strlen(path) - 5] = '.'; /* "dedup-json" -> "dedup.json" */
	return save_json(d, path, err);
}

/* ---- load ------------------------------------------------------------------------- */

enum rec_kind { REC_ENTRY, REC_LOG };

/* Exactly n bytes (n), a clean end (0) or a short/failed read (-1). */
static ssize_t read_full(struct dp_zreader *zr, void *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n && (r = dp_zreader_read(zr, (char *)p + got, n - got)) > 0)
		got += (size_t)r;
	return got == n ? (ssize_t)n : got == 0 ? 0 : -1;
}

int dp_dedup_preview_next(struct dp_zreader *zr, uint64_t *seq, char *text, uint16_t *len)
{
	ssize_t got = read_full(zr, seq, sizeof(*seq));
	size_t n;

	if (got == 0)
		return 0;
	if (got != (ssize_t)sizeof(*seq) || read_full(zr, len, sizeof(*len)) != (ssize_t)sizeof(*len))
		return -1;
	n = PREVIEW_LEN(*len);
	if (n > PREVIEW_RAW || (n && read_full(zr, text, n) != (ssize_t)n))
		return -1;
	return 1;
}

/* Count the record just written into the frame index; end the frame when it is full. */
static int next_frame(struct dedup *d, uint64_t seq)
{
	uint64_t off;

	dp_pvindex_note(&d->pvx, seq);
	if (d->pvx.cur.count < DP_PVINDEX_FRAME_RECORDS)
		return 0;
	return dp_zwriter_end_frame(d->pv, &off) == 0 ? dp_pvindex_cut(&d->pvx, off) : -1;
}

int dp_dedup_preview_put(struct dedup *d, uint64_t seq, const char *text, uint16_t len)
{
	if (!d->pv) {
		char *path;
		FILE *f = dp_runs_create(d->tmpdir, &path, &d->err);
		if (!f)
			return DP_FATAL;
		fclose(f);
		if (dp_runs_adopt(&d->previews, path, &d->err) != DP_OK)
			return DP_FATAL;
		/* compressed in the worker's own thread, in parallel: level 1 when they go into
		 * the state's side files, else the fastest level (a spill file, 10x faster) */
		d->pv_file = d->previews.n - 1;
		d->pv = dp_zwriter_open(d->previews.paths[d->pv_file],
					d->cfg->no_state ? PREVIEW_SPILL_LEVEL : 1);
		if (!d->pv)
			return dp_error_set(&d->err, DP_FATAL, "dedup: cannot create a spill file in %s",
					    d->tmpdir);
		dp_pvindex_release(&d->pvx);
	}
	/* the writer gathers small writes itself; a frame ends every so many previews */
	if (dp_zwriter_write(d->pv, &seq, sizeof(seq)) != 0 ||
	    dp_zwriter_write(d->pv, &len, sizeof(len)) != 0 ||
	    dp_zwriter_write(d->pv, text, PREVIEW_LEN(len)) != 0 || next_frame(d, seq) != 0)
		return dp_error_set(&d->err, DP_FATAL, "dedup: cannot write a spill file in %s",
				    d->tmpdir);
	return DP_OK;
}

int dp_dedup_preview_close(struct dedup *d, struct dp_error *err)
{
	int rc;

	if (!d->pv)
		return DP_OK;
	/* no index when it cannot be written: the file is then read whole */
	if (dp_pvindex_cut(&d->pvx, 0) == 0)
		(void)dp_pvindex_save(&d->pvx, d->previews.paths[d->pv_file]);
	dp_pvindex_release(&d->pvx);
	rc = dp_zwriter_close(d->pv) == 0 ? DP_OK
	     : dp_error_set(&d->err, DP_FATAL, "dedup: cannot write a spill file in %s",
			    d->tmpdir ? d->tmpdir : "?");
	d->pv = NULL;
	if (rc != DP_OK && err != &d->err)
		dp_error_set(err, DP_FATAL, "%s", d->err.msg);
	return rc;
}

static void shift_rec(void *p, enum rec_kind k, uint64_t delta)
{
	int i;

	if (k == REC_LOG) {
		((struct log_rec *)p)->seq += delta;
		return;
	}
	for (i = 0; i < 3; i++)
		if (((struct dp_dedup_entry *)p)->seq[i] != DP_SEQ_NONE)
			((struct dp_dedup_entry *)p)->seq[i] += delta;
}

/* Decompress `src` into a new run of `rs` with every seq shifted by `delta`. */
static int load_run(struct dp_runs *rs, const char *src, enum rec_kind k, uint64_t delta,
		    const char *tmpdir, struct dp_error *err)
{
	struct dp_zreader *zr = dp_zreader_open(src);
	unsigned char rec[sizeof(struct dp_dedup_entry)];
	size_t size = rs->rec_size;
	struct dp_runwriter w;
	ssize_t got = 0;

	if (!zr)
		return dp_error_set(err, DP_FATAL, "dedup: cannot read %s", src);
	if (size > sizeof(rec) || dp_runwriter_open(&w, rs, tmpdir, err) != DP_OK) {
		dp_zreader_close(zr);
		return DP_FATAL;
	}
	while ((got = read_full(zr, rec, size)) == (ssize_t)size) {
		shift_rec(rec, k, delta);
		dp_runwriter_put(&w, rec);
	}
	dp_zreader_close(zr);
	if (got != 0) {
		dp_runwriter_close(&w, rs, 0, 1, err);
		return dp_error_set(err, DP_FATAL, "dedup: truncated or unreadable %s", src);
	}
	return dp_runwriter_close(&w, rs, 0, 0, err);
}

/* Preview records (seq, len, bytes) with seqs shifted, as one new preview file. */
static int load_previews_file(struct dedup *d, const char *src, uint64_t delta,
			      struct dp_error *err)
{
	struct dp_zreader *zr = dp_zreader_open(src);
	char text[PREVIEW_RAW];
	uint64_t seq;
	uint16_t len;
	int got = 0, rc = DP_OK;

	if (!zr)
		return dp_error_set(err, DP_FATAL, "dedup: cannot read %s", src);
	while (rc == DP_OK && (got = dp_dedup_preview_next(zr, &seq, text, &len)) == 1)
		rc = dp_dedup_preview_put(d, seq + delta, text, len);
	dp_zreader_close(zr);
	if (rc == DP_OK)
		rc = dp_dedup_preview_close(d, err);
	else
		dp_error_set(err, DP_FATAL, "%s", d->err.msg);
	if (rc == DP_OK && got != 0)
		rc = dp_error_set(err, DP_FATAL, "dedup: truncated or unreadable %s", src);
	return rc;
}

static int load_splits(struct dedup *d, yajl_val v)
{
	size_t i, k;
	uint64_t key, cls, records;
	const char *name;

	if (!YAJL_IS_ARRAY(v))
		return -1;
	for (i = 0; i < dp_state_len(v); i++) {
		yajl_val s = dp_state_at(v, i);
		name = dp_jt_str(s, "name", NULL);
		if (!name || strlen(name) > SPLIT_NAME_MAX || dp_state_u64(s, "key", &key) ||
		    dp_state_u64(s, "class", &cls) || dp_state_u64(s, "records", &records))
			return -1;
		for (k = 0; k < d->nsplits && d->splits[k].key != (uint32_t)key; k++)
			;
		if (k == d->nsplits && d->nsplits == SPLIT_MAX)
			continue;  /* the scan drops splits past the table the same way */
		if (k == d->nsplits) {
			memset(&d->splits[k], 0, sizeof(d->splits[k]));
			d->splits[k].key = (uint32_t)key;
			d->splits[k].cls = (int)cls;
			memcpy(d->splits[k].name, name, strlen(name) + 1);
			d->nsplits++;
		}
		d->splits[k].records += records;
	}
	return 0;
}

static int add_file(struct dedup *d, const uint64_t v[4], const char *origin, size_t n)
{
	struct file_rec *f;

	if (dp_array_grow((void **)&d->files, &d->files_cap, d->nfiles + 1, sizeof(*d->files)))
		return -1;
	f = &d->files[d->nfiles];
	if (!(f->origin = strndup(origin, n)))
		return -1;
	f->hi = v[0];
	f->lo = v[1];
	f->order = v[2];
	f->bytes = v[3];
	d->nfiles++;
	return 0;
}

/* A 32-hex-digit digest into x[0] (hi) and x[1] (lo); -1 when malformed. */
static int hex_digest(yajl_val v, uint64_t x[2])
{
	const char *s = YAJL_GET_STRING(v);
	char half[17], *end;
	int k;

	if (!s || strlen(s) != 32)
		return -1;
	for (k = 0; k < 2; k++) {
		memcpy(half, s + 16 * k, 16);
		half[16] = '\0';
		x[k] = strtoull(half, &end, 16);
		if (*end)
			return -1;
	}
	return 0;
}

static int load_files(struct dedup *d, yajl_val v, uint32_t offset)
{
	char *origin = malloc(DP_STATE_KEY_MAX);
	uint64_t x[4];
	size_t i, k, n;
	int rc = YAJL_IS_ARRAY(v) && origin ? 0 : -1;

	for (i = 0; rc == 0 && i < dp_state_len(v); i++) {
		yajl_val e = dp_state_at(v, i);
		rc = dp_state_len(e) == 4 && !hex_digest(dp_state_at(e, 0), x) ? 0 : -1;
		for (k = 2; k < 4 && rc == 0; k++)
			rc = dp_state_as_u64(dp_state_at(e, k - 1), &x[k]);
		if (rc == 0)
			rc = dp_state_load_bytes(dp_state_at(e, 3), origin, DP_STATE_KEY_MAX, &n);
		x[2] += (uint64_t)offset << 32;
		if (rc == 0)
			rc = add_file(d, x, origin, n);
	}
	free(origin);
	return rc;
}

static int load_json(struct dedup *d, const struct dp_load_ctx *lc, struct dp_error *err)
{
	char path[4200], msg[256];
	uint64_t version = 0, c[5];
	yajl_val v;
	int rc;

	snprintf(path, sizeof(path), "%s/dedup.json", lc->dir);
	if (!(v = dp_jt_load(path, msg, sizeof(msg))))
		return dp_error_set(err, DP_FATAL, "dedup: cannot read %s: %s", path, msg);
	rc = dp_state_u64(v, "version", &version) || version < DEDUP_SIDE_OLDEST ||
	     version > DEDUP_SIDE_VERSION ||
	     strcmp(dp_jt_str(v, "byte_order", ""), little_endian() ? "little" : "big") ||
	     dp_state_load_u64s(dp_jt_get(v, "counts"), c, 5) ||
	     load_splits(d, dp_jt_get(v, "splits")) ||
	     load_files(d, dp_jt_get(v, "files"), lc->input_offset);
	yajl_tree_free(v);
	if (rc)
		return dp_error_set(err, DP_FATAL, "dedup: %s is malformed, of another version or "
				    "byte order, or memory ran out", path);
	d->lv[0].empty += c[0];
	d->lv[1].empty += c[1];
	d->no_text += c[2];
	d->invalid_utf8 += c[3];
	d->truncated += c[4];
	return DP_OK;
}

int dp_dedup_load(void *state, const struct dp_load_ctx *lc, struct dp_error *err)
{
	struct dedup *d = state;
	uint64_t delta = (uint64_t)lc->input_offset << DP_SEQ_INPUT_SHIFT;
	char path[4200];
	int l;

	if (!d->tmpdir && !(d->tmpdir = strdup(lc->tmpdir)))
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (load_json(d, lc, err) != DP_OK)
		return DP_FATAL;
	for (l = 0; l < DP_DEDUP_LEVELS; l++) {
		side_path(path, sizeof(path), lc->dir, l, "entries");
		if (load_run(&d->lv[l].table.runs, path, REC_ENTRY, delta, d->tmpdir, err))
			return DP_FATAL;
		side_path(path, sizeof(path), lc->dir, l, "log");
		if (load_run(&d->lv[l].log, path, REC_LOG, delta, d->tmpdir, err))
			return DP_FATAL;
	}
	side_path(path, sizeof(path), lc->dir, -1, "previews.zst");
	return load_previews_file(d, path, delta, err);
}
