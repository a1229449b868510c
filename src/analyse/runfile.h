/* runfile.h - sorted runs of fixed-size records in temporary files, and their k-way merge.
 *
 * The external-sort half of dedup: a caller sorts a memory block, spills it as a run, and
 * at the end reads all runs back as one ordered stream. Files are created with mkstemp in
 * the caller's spill directory and removed by dp_runs_release. Records are written in
 * native byte order (the files never leave the run).
 *
 * Memory: a merge holds one 64 KiB read buffer per open run and opens at most
 * DP_RUNS_FANIN runs at once; with more runs it first merges groups into new runs
 * (multi-pass), so its memory is bounded by DP_RUNS_FANIN * 64 KiB whatever the run count.
 */
#ifndef DP_ANALYSE_RUNFILE_H
#define DP_ANALYSE_RUNFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"

#define DP_RUNS_FANIN 32
#define DP_RUNS_BUFSIZE ((size_t)64 << 10)

typedef int (*dp_runs_cmp_fn)(const void *a, const void *b);

struct dp_memrun {             /* a sorted array kept in memory as a run (owned) */
	void *recs;
	size_t n;
};

struct dp_runs {
	size_t rec_size;
	dp_runs_cmp_fn cmp;
	int keyed;           /* set by the owner: records qualify for dp_runs_sort_keyed */
	char **paths;        /* owned; the run files, in creation order */
	size_t n, cap;
	struct dp_memrun *mem; /* owned; runs handed over in memory (dp_runs_adopt_mem) */
	size_t nmem, mem_cap;
	uint64_t spilled;    /* runs ever written by dp_runs_spill (merge passes excluded) */
	uint64_t bytes;      /* bytes ever written by dp_runs_spill */
};

/* Sort in place (introsort: quicksort, heapsort past 2 log2 n levels, insertion sort for
 * short ranges). Unlike glibc qsort it never allocates a copy of the array, which keeps
 * peak memory at the table size when spilling. `size` must be at most 256 bytes. */
void dp_runs_sort(void *base, size_t n, size_t size, dp_runs_cmp_fn cmp);

/* The same result as dp_runs_sort, in linear time for uniformly distributed keys
 * (digests): an MSD radix sort on the native uint64_t at offset 0 of each record, one
 * in-place pass per byte (at most eight), the comparator only for records whose keys are
 * equal. The comparator must order records first by that uint64_t, unsigned. No
 * allocation; recursion depth at most eight (2 x 2 KiB of stack each). */
void dp_runs_sort_keyed(void *base, size_t n, size_t size, dp_runs_cmp_fn cmp);

void dp_runs_init(struct dp_runs *rs, size_t rec_size, dp_runs_cmp_fn cmp);
/* Remove every run file, free every memory run and the lists. */
void dp_runs_release(struct dp_runs *rs);

/* Sort `n` records at `recs` in place with the comparator and write them as a new run in
 * `dir`. DP_OK; DP_FATAL with a message naming the directory when it cannot be written. */
int dp_runs_spill(struct dp_runs *rs, const char *dir, void *recs, size_t n,
		  struct dp_error *err);

/* A run written one record at a time, in order (the caller's records are already sorted):
 * open, put each record, then close, which adds it to the runs. */
struct dp_runwriter {
	FILE *f;
	char *path;
	size_t rec_size;
	uint64_t n;          /* records put */
	int failed;          /* a write failed (reported by close) */
};

/* Start a new run of rs's record type in `dir` (64 KiB write buffer). DP_OK, or DP_FATAL
 * naming the directory. */
int dp_runwriter_open(struct dp_runwriter *w, const struct dp_runs *rs, const char *dir,
		      struct dp_error *err);
/* Append one record. */
void dp_runwriter_put(struct dp_runwriter *w, const void *rec);
/* Finish the run and add it to `rs`, counted as a spill when `spill`; an empty run is
 * removed (DP_OK). `abandon`: an error elsewhere, remove it and return DP_FATAL (err is
 * left as it is). DP_OK, or DP_FATAL naming the file when it could not be written. */
int dp_runwriter_close(struct dp_runwriter *w, struct dp_runs *rs, int spill, int abandon,
		       struct dp_error *err);

/* Move every run of `from` to `into` (same record type). DP_OK or DP_FATAL (memory). */
int dp_runs_take(struct dp_runs *into, struct dp_runs *from, struct dp_error *err);

/* Create a new empty file in `dir` for the caller to write (mkstemp). Returns the stream
 * and stores the malloc'd path in *path, or NULL with DP_FATAL in err. */
FILE *dp_runs_create(const char *dir, char **path, struct dp_error *err);

/* Hand an existing file to `rs` (it is removed by dp_runs_release). Takes `path` (malloc'd)
 * in all cases. DP_OK or DP_FATAL (memory; the file is then removed). */
int dp_runs_adopt(struct dp_runs *rs, char *path, struct dp_error *err);

/* Hand a sorted malloc'd array of n records to `rs` as a run kept in memory (merged
 * like the files, never written; freed by dp_runs_release). Takes `recs` in all cases.
 * DP_OK or DP_FATAL (memory). */
int dp_runs_adopt_mem(struct dp_runs *rs, void *recs, size_t n, struct dp_error *err);

struct dp_runmerge;

/* Open an ordered stream over all runs of `rs` (files and memory runs; only the files
 * count against DP_RUNS_FANIN) plus, optionally, a sorted in-memory array
 * `mem` of `nmem` records (borrowed; must outlive the merge). With more than DP_RUNS_FANIN
 * runs, groups are merged first into new runs in `dir` (which then replace them in `rs`).
 * Returns DP_OK and *out, or DP_FATAL. */
int dp_runmerge_open(struct dp_runmerge **out, struct dp_runs *rs, const char *dir,
		     const void *mem, size_t nmem, struct dp_error *err);
/* Copy the next record in order into `rec`: DP_OK, DP_DONE at the end, DP_FATAL on a read
 * error. */
int dp_runmerge_next(struct dp_runmerge *m, void *rec, struct dp_error *err);
/* Close the files (the runs stay in `rs`). Accepts NULL. */
void dp_runmerge_close(struct dp_runmerge *m);

#endif
