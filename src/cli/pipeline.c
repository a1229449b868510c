/* pipeline.c - wiring inputs, readers and analysers on worker threads. */
#include "cli/pipeline.h"
#include "cli/progress.h"
#include "cli/queue.h"
#include "analyse/analyser.h"
#include "core/catalog.h"
#include "core/log.h"
#include "core/sink.h"
#include "core/zio.h"
#include "input/archive.h"
#include "input/digest.h"
#include "input/sniff.h"
#include "reader/reader.h"
#include "reader/wds.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a thread does: read inputs and analyse their records itself (one thread), read
 * inputs and hand batches of records over (producer), or analyse batches (consumer). */
enum role { ROLE_INLINE, ROLE_PRODUCER, ROLE_CONSUMER };

/* One thread: its analyser states, its share of the summary, its findings part file. */
struct worker {
	struct dp_pipeline *p;
	enum role role;
	unsigned id;
	void **states;
	struct dp_summary sum;
	struct dp_sink *sink;       /* keyed findings lines; merged in seq order at the end */
	struct dp_actx ax;          /* context for record hooks */
	struct dp_batch *cur;       /* producer: the batch being filled */
	struct dp_queue *queue;     /* producer: where it pushes; consumer: where it pops */
	struct dp_error err;
	int status;
	int started;
	pthread_t tid;
};

/* The member being read by a worker. */
struct member_ctx {
	struct worker *w;
	struct dp_input_result *res;
	struct dp_actx ax;
	struct dp_member *m;
	const struct dp_reader_type *rt;
	void *reader;
	int reader_failed;
	struct dp_reader_ctx rc;
	struct dp_reader_stats stats;
	struct dp_xxh128 *xxh;
	uint64_t bytes;
	uint64_t seq_counter;      /* the input's record counter */
	struct dp_error err;
	/* WebDataset grouping of the archive level being read (see reader/wds.h) */
	struct dp_wds wds;
	int wds_ready;
	enum { WDS_UNDECIDED, WDS_ON, WDS_OFF } wds_mode;
	char *wds_level;           /* origin of the archive level the mode applies to */
	int wds_part;              /* the current member is routed to the sample */
	int deferred;              /* the level's first member is held back (see below) */
	struct dp_member first;    /* copy of the level's first member */
	char *first_origin, *first_name;
	size_t first_row;
	struct dp_buf held;        /* its bytes while the level's kind is unknown */
};

struct dp_pipeline {
	const struct dp_config *cfg;
	struct dp_config state_cfg; /* what analyser states see: memory caps split per state */
	char *workdir;
	const struct dp_walk_item *items;
	const char **paths;
	size_t n_paths;
	size_t next_input;          /* atomic */
	volatile sig_atomic_t *cancel;
	volatile uint64_t progress;    /* input bytes read, all workers */
	uint64_t records_done;         /* atomic */
	unsigned workers_done;         /* atomic */
	struct dp_summary sum;      /* merged, with inputs in order */
	struct worker *workers;
	unsigned n_workers;
	unsigned n_producers;       /* workers[0 .. n_producers) read inputs */
	/* One queue per producer, each drained by its own group of consumers: a consumer then
	 * sees records in input order, as analysers and the findings merge expect. */
	struct dp_queue *queues;
	int threaded;
	void **states;              /* merged states (worker 0's) */
	struct dp_catalog *catalog;
	int finished;
};

/* Findings part file of thread `id`, or of the post-scan findings for (size_t)-1. */
static void part_path(const struct dp_pipeline *p, size_t id, char *out, size_t cap)
{
	if (id == (size_t)-1)
		snprintf(out, cap, "%s/findings-post.jsonl", p->workdir);
	else
		snprintf(out, cap, "%s/findings-t%03zu.jsonl", p->workdir, id);
}

/* ---- records ---- */

/* An analyser hook failed: say which, unless a message is there already (the analyser
 * logged its details). Returns DP_FATAL. */
static int hook_failed(struct dp_error *err, const char *name)
{
	if (!err->msg[0])
		dp_error_set(err, DP_FATAL, "the %s analyser failed (see the message above)", name);
	return DP_FATAL;
}

/* Count a record and run the analysers' record hooks on this thread's states. */
static int consume_record(struct worker *w, const struct dp_record *r)
{
	size_t i;
	int rc;
	const char *split = r->member->split ? r->member->split : "(none)";
	size_t split_len = strlen(split);

	if (r->meta[DP_META_SPLIT] && r->meta_len[DP_META_SPLIT]) { /* a split field wins */
		split = r->meta[DP_META_SPLIT];
		split_len = r->meta_len[DP_META_SPLIT];
	}
	w->sum.records++;
	if ((w->sum.records & 1023) == 0)
		__atomic_add_fetch(&w->p->records_done, 1024, __ATOMIC_RELAXED);
	w->sum.text_bytes += r->text_len;
	w->sum.records_with_text += (uint64_t)r->has_text_field;
	w->sum.records_empty_text += (uint64_t)(r->has_text_field && r->text_len == 0);
	dp_count_add(w->sum.by_split, &w->sum.n_by_split, split, split_len, 1, r->text_len);
	for (i = 0; dp_analysers[i]; i++) {
		if (!dp_analysers[i]->record || !w->states[i])
			continue;
		if (w->sink)
			dp_sink_key(w->sink, r->seq, 'r');
		rc = dp_analysers[i]->record(w->states[i], &w->ax, r);
		if (rc == DP_FATAL)
			return hook_failed(&w->err, dp_analysers[i]->name);
	}
	return DP_OK;
}

/* Hand the producer's current batch to the consumers. */
static int flush_batch(struct worker *w)
{
	struct dp_queue *q = w->queue;

	if (!w->cur || w->cur->n == 0)
		return DP_OK;
	if (dp_batch_seal(w->cur) != 0)
		return dp_error_set(&w->err, DP_FATAL, "out of memory");
	dp_queue_push(q, w->cur);
	w->cur = dp_queue_get_empty(q);
	return w->cur ? DP_OK : dp_error_set(&w->err, DP_FATAL, "out of memory");
}

/* The reader's record callback: analyse now, or copy into the batch for a consumer. */
static int on_record(void *ctx, const struct dp_record *r)
{
	struct member_ctx *mc = ctx;
	struct worker *w = mc->w;

	if (w->role == ROLE_INLINE)
		return consume_record(w, r);
	if (dp_batch_add(w->cur, r) != 0)
		return dp_error_set(&w->err, DP_FATAL, "out of memory");
	return dp_batch_full(w->cur) ? flush_batch(w) : DP_OK;
}

/* ---- member hooks (called by input/archive.c) ---- */

static int open_reader(struct member_ctx *mc, const unsigned char *head, size_t n)
{
	const struct dp_config *cfg = mc->w->p->cfg;

	mc->rt = cfg->format ? dp_reader_find(cfg->format) : NULL;
	if (!mc->rt)
		mc->rt = dp_reader_choose(mc->m->name, head, n);
	mc->m->format = mc->rt->name;
	memset(&mc->stats, 0, sizeof(mc->stats));
	mc->rc.cfg = cfg;
	mc->rc.member = mc->m;
	mc->rc.seq_counter = &mc->seq_counter;
	mc->rc.emit = on_record;
	mc->rc.emit_ctx = mc;
	mc->rc.stats = &mc->stats;
	mc->reader = mc->rt->open(&mc->rc, &mc->err);
	return mc->reader ? DP_OK : DP_FATAL;
}

/* ---- WebDataset levels ----
 * A level (one archive's members) is a WebDataset with --format wds, or when its first
 * two members share a key. Until the second member arrives, a first member that the
 * sample would read (.txt, .json ...) is held back in memory (up to 1 MiB); if the level
 * turns out not to be a WebDataset it is then read normally ("replayed"). */

#define WDS_HOLD_MAX (1u << 20)

static int finish_reader(struct member_ctx *mc, int *status);

static void level_of(const char *origin, char *out, size_t cap)
{
	const char *last = NULL, *p = origin;

	while ((p = strstr(p, "!/"))) {
		last = p;
		p += 2;
	}
	snprintf(out, cap, "%.*s", last ? (int)(last - origin) : 0, origin);
}

static void add_records_to_row(struct member_ctx *mc, size_t row, uint64_t records)
{
	if (row < mc->res->n_members)
		mc->res->members[row].records += records;
	mc->res->records += records;
}

static int wds_flush(struct member_ctx *mc)
{
	uint64_t records = 0;
	size_t row = 0;
	int rc = dp_wds_flush(&mc->wds, &row, &records);

	if (records) {
		add_records_to_row(mc, row, records);
		dp_count_add(mc->w->sum.by_format, &mc->w->sum.n_by_format, "wds", 3, records, 0);
		mc->w->sum.malformed += mc->wds.stats.malformed;
	}
	return rc;
}

/* The held first member was not a WebDataset part: read it now with its reader. */
static int replay_first(struct member_ctx *mc)
{
	struct dp_member *saved = mc->m;
	int status = DP_OK;

	mc->deferred = 0;
	mc->m = &mc->first;
	if (open_reader(mc, (const unsigned char *)mc->held.data, mc->held.len) != DP_OK)
		return DP_FATAL;
	if (mc->rt->feed(mc->reader, mc->held.data ? mc->held.data : "", mc->held.len, &mc->err) ==
	    DP_FATAL || finish_reader(mc, &status) == DP_FATAL)
		return DP_FATAL;
	add_records_to_row(mc, mc->first_row, mc->stats.records);
	if (mc->first_row < mc->res->n_members)
		mc->res->members[mc->first_row].format = mc->rt->name;
	dp_count_add(mc->w->sum.by_format, &mc->w->sum.n_by_format, mc->rt->name,
		     strlen(mc->rt->name), mc->stats.records, mc->held.len);
	mc->w->sum.malformed += mc->stats.malformed;
	mc->m = saved;
	return DP_OK;
}

/* The held first member opens the level's first sample. */
static int first_to_sample(struct member_ctx *mc)
{
	int rc = dp_wds_part_begin(&mc->wds, &mc->first, mc->first_row);

	if (rc == DP_OK && mc->deferred) {
		rc = dp_wds_part_data(&mc->wds, mc->held.data ? mc->held.data : "", mc->held.len);
		dp_count_add(mc->w->sum.by_format, &mc->w->sum.n_by_format, "wds", 3, 0, mc->held.len);
	}
	mc->deferred = 0;
	return rc == DP_OK ? dp_wds_part_end(&mc->wds) : rc;
}

/* Close the level: emit its last sample, or read a held member normally. */
static int wds_end_level(struct member_ctx *mc)
{
	int rc = DP_OK;

	if (mc->wds_mode == WDS_ON)
		rc = wds_flush(mc);
	else if (mc->deferred)
		rc = replay_first(mc);
	free(mc->wds_level);
	mc->wds_level = NULL;
	mc->wds_mode = WDS_UNDECIDED;
	return rc;
}

static int remember_first(struct member_ctx *mc, const struct dp_member *m)
{
	free(mc->first_origin);
	free(mc->first_name);
	mc->first = *m;
	mc->first_origin = strdup(m->origin);
	mc->first_name = strdup(m->name);
	mc->first.origin = mc->first_origin;
	mc->first.name = mc->first_name;
	mc->first_row = mc->res->n_members;
	dp_buf_reset(&mc->held);
	return mc->first_origin && mc->first_name ? DP_OK : DP_FATAL;
}

/* Decide how member m is read. Sets mc->wds_part when the sample takes it. */
static int wds_route(struct member_ctx *mc, struct dp_member *m)
{
	const struct dp_config *cfg = mc->w->p->cfg;
	char level[4096], key[4096], fkey[4096];
	int rc = DP_OK;

	mc->wds_part = 0;
	level_of(m->origin, level, sizeof(level));
	if (!mc->wds_level || strcmp(level, mc->wds_level)) {
		if (wds_end_level(mc) != DP_OK || !(mc->wds_level = strdup(level)))
			return DP_FATAL;
		if (cfg->format && !strcmp(cfg->format, "wds"))
			mc->wds_mode = m->depth ? WDS_ON : WDS_OFF;
		else if (!m->depth || (cfg->format && strcmp(cfg->format, "wds")))
			mc->wds_mode = WDS_OFF;
		if (mc->wds_mode == WDS_UNDECIDED) {
			if (remember_first(mc, m) != DP_OK)
				return DP_FATAL;
			mc->deferred = dp_wds_is_record_part(m->name) && m->kind != DP_MEMBER_BINARY;
			mc->wds_part = mc->deferred;
			return DP_OK;
		}
	} else if (mc->wds_mode == WDS_UNDECIDED) {
		int same = dp_wds_key(m->name, key, sizeof(key)) &&
			   dp_wds_key(mc->first.name, fkey, sizeof(fkey)) && !strcmp(key, fkey);
		mc->wds_mode = same ? WDS_ON : WDS_OFF;
		rc = same ? first_to_sample(mc) : mc->deferred ? replay_first(mc) : DP_OK;
	}
	if (rc != DP_OK || mc->wds_mode != WDS_ON)
		return rc;
	if (dp_wds_new_sample(&mc->wds, m->name) && wds_flush(mc) == DP_FATAL)
		return DP_FATAL;
	mc->wds_part = 1;
	return dp_wds_part_begin(&mc->wds, m, mc->res->n_members);
}

static int hook_begin(void *ctx, struct dp_member *m, const unsigned char *head, size_t n)
{
	struct member_ctx *mc = ctx;
	struct worker *w = mc->w;
	size_t i;
	int rc;

	mc->m = m;
	mc->rt = NULL;
	mc->reader = NULL;
	mc->reader_failed = 0;
	mc->bytes = 0;
	memset(&mc->stats, 0, sizeof(mc->stats));
	dp_xxh128_reset(mc->xxh);
	m->first_seq = dp_seq_make(m->input_index, mc->seq_counter);
	if (mc->ax.findings)
		dp_sink_key(mc->ax.findings, m->first_seq, 'm');
	if (wds_route(mc, m) != DP_OK)
		return DP_FATAL;
	if (mc->wds_part) { /* a sample part: the sample reads it, or it is inventoried */
		const char *bin = dp_wds_is_record_part(m->name) ? NULL : dp_sniff_binary(m->name, head, n);
		if (m->kind != DP_MEMBER_BINARY)
			m->kind = bin ? DP_MEMBER_BINARY : DP_MEMBER_TEXT;
		if (!m->format)
			m->format = bin ? bin : dp_wds_is_record_part(m->name) ? "wds" : "wds-part";
	} else if (m->kind != DP_MEMBER_BINARY) {
		const char *fmt = w->p->cfg->format, *bin = dp_sniff_binary(m->name, head, n);
		/* a binary format with a reader (parquet) is read by it, unless --format names
		 * another reader; other binaries (images, weights) are never read as text */
		if (bin && dp_reader_find(bin) && (!fmt || !strcmp(fmt, bin)))
			bin = NULL;
		if (bin) {
			m->kind = DP_MEMBER_BINARY;
			m->format = bin;
		} else if (!fmt && dp_sniff_documentation(m->name)) {
			/* README, LICENSE, dataset_info.json: the analysers read its bytes (licenses,
			 * the card's metadata); it holds no records of the dataset (with --format,
			 * a corpus of READMEs, every text member is read) */
			m->format = "documentation";
		} else if (open_reader(mc, head, n) != DP_OK) {
			return DP_FATAL;
		}
	}
	for (i = 0; dp_analysers[i]; i++)
		if (dp_analysers[i]->member_begin && w->states[i] &&
		    (rc = dp_analysers[i]->member_begin(w->states[i], &mc->ax, m)) == DP_FATAL)
			return hook_failed(&mc->err, dp_analysers[i]->name);
	return DP_OK;
}

static int hook_data(void *ctx, const void *data, size_t n)
{
	struct member_ctx *mc = ctx;
	struct worker *w = mc->w;
	size_t i;
	int rc;

	mc->bytes += n;
	dp_xxh128_update(mc->xxh, data, n);
	for (i = 0; dp_analysers[i]; i++)
		if (dp_analysers[i]->member_data && w->states[i] &&
		    (rc = dp_analysers[i]->member_data(w->states[i], &mc->ax, mc->m, data, n)) ==
			    DP_FATAL)
			return hook_failed(&mc->err, dp_analysers[i]->name);
	if (mc->wds_part && mc->deferred) {
		if (mc->held.len + n <= WDS_HOLD_MAX)
			return dp_buf_add(&mc->held, data, n) == DP_OK ? DP_OK : DP_FATAL;
		/* too big for a sample part: the level is not a WebDataset; read on normally */
		mc->wds_mode = WDS_OFF;
		mc->deferred = 0;
		mc->wds_part = 0;
		if (open_reader(mc, (const unsigned char *)mc->held.data, mc->held.len) != DP_OK ||
		    mc->rt->feed(mc->reader, mc->held.data ? mc->held.data : "", mc->held.len,
				 &mc->err) == DP_FATAL)
			return DP_FATAL;
	} else if (mc->wds_part) {
		return dp_wds_part_data(&mc->wds, data, n);
	}
	if (!mc->reader || mc->reader_failed)
		return DP_OK;
	rc = mc->rt->feed(mc->reader, data, n, &mc->err);
	if (rc == DP_WARN)
		mc->reader_failed = 1;
	return rc == DP_FATAL ? DP_FATAL : DP_OK;
}

static char *join_notes(const struct dp_reader_stats *st)
{
	char buf[DP_READER_NOTES_MAX * 170];
	size_t o = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < st->n_notes && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? "; " : "", st->notes[i]);
	return st->n_notes ? strdup(buf) : NULL;
}

static int finish_reader(struct member_ctx *mc, int *status)
{
	int rc = DP_OK;

	if (!mc->reader)
		return DP_OK;
	if (!mc->reader_failed)
		rc = mc->rt->finish(mc->reader, &mc->err);
	if (rc == DP_WARN || mc->reader_failed)
		*status = DP_WARN;
	mc->rt->close(mc->reader);
	mc->reader = NULL;
	return rc == DP_FATAL ? DP_FATAL : DP_OK;
}

static void count_member(struct member_ctx *mc, struct dp_member_row *row)
{
	struct dp_summary *s = &mc->w->sum;

	s->malformed += mc->stats.malformed;
	s->oversize += mc->stats.oversize;
	s->invalid_utf8 += mc->stats.invalid_utf8;
	s->depth_limited += mc->stats.depth_limited;
	s->bytes_decoded += mc->bytes;
	if (!mc->deferred) /* a held member is counted when it is read or joins a sample */
		dp_count_add(s->by_format, &s->n_by_format, row->format, strlen(row->format),
			     mc->stats.records, mc->bytes);
	mc->res->records += mc->stats.records;
}

/* The member was read but an analyser could not use all of it: partial, with a note. */
static void note_analyser(struct dp_member_row *row, const char *name)
{
	char note[200];
	size_t n = row->notes ? strlen(row->notes) : 0;
	char *joined;

	snprintf(note, sizeof(note), "%s%s could not analyse all of it", n ? "; " : "", name);
	joined = realloc(row->notes, n + strlen(note) + 1);
	if (joined) {
		memcpy(joined + n, note, strlen(note) + 1);
		row->notes = joined;
	}
	row->status = DP_WARN;
}

static int hook_end(void *ctx, int status, const char *msg)
{
	struct member_ctx *mc = ctx;
	struct dp_member_end end;
	struct dp_member_row *row;
	size_t i;
	int rc;

	if (finish_reader(mc, &status) == DP_FATAL)
		return DP_FATAL;
	if (mc->wds_part && !mc->deferred && dp_wds_part_end(&mc->wds) != DP_OK)
		return DP_FATAL;
	if (mc->stats.malformed || mc->stats.oversize)
		status = DP_WARN; /* records were lost: the run is partial (exit 3) */
	if (mc->err.status == DP_WARN)
		dp_error_clear(&mc->err);
	row = dp_input_result_add(mc->res, mc->m->origin);
	if (!row)
		return DP_FATAL;
	row->format = mc->m->format ? mc->m->format : "unknown";
	row->kind = mc->m->kind;
	row->input_index = mc->m->input_index;
	row->member_index = mc->m->member_index;
	row->bytes = mc->bytes;
	row->records = mc->stats.records;
	row->malformed = mc->stats.malformed;
	row->oversize = mc->stats.oversize;
	row->first_seq = mc->m->first_seq;
	row->split = mc->m->split;
	row->status = status;
	row->notes = join_notes(&mc->stats);
	memset(&end, 0, sizeof(end));
	end.bytes = mc->bytes;
	end.records = mc->stats.records;
	end.status = status;
	dp_xxh128_digest(mc->xxh, end.digest);
	dp_hex(end.digest, 16, row->digest);
	count_member(mc, row);
	(void)msg;
	for (i = 0; dp_analysers[i]; i++) {
		if (!dp_analysers[i]->member_end || !mc->w->states[i])
			continue;
		rc = dp_analysers[i]->member_end(mc->w->states[i], &mc->ax, mc->m, &end);
		if (rc == DP_FATAL)
			return hook_failed(&mc->err, dp_analysers[i]->name);
		if (rc == DP_WARN) /* an analyser could not read all of it (a broken header ...) */
			note_analyser(row, dp_analysers[i]->name);
	}
	return DP_OK;
}

static void hook_skipped(void *ctx, const struct dp_member *m, const char *why)
{
	struct member_ctx *mc = ctx;
	struct dp_member_row *row = dp_input_result_add(mc->res, m->origin);

	if (!row)
		return;
	row->format = why;
	row->kind = DP_MEMBER_SPECIAL;
	row->input_index = m->input_index;
	row->member_index = m->member_index;
	row->status = DP_WARN;
	row->split = m->split;
}

/* ---- workers ---- */

static int read_one_input(struct worker *w, size_t idx)
{
	struct dp_pipeline *p = w->p;
	struct dp_input_result *res = &p->sum.inputs[idx];
	struct member_ctx mc;
	struct dp_input_handler h;
	struct dp_config named_cfg;
	const struct dp_config *cfg = p->cfg;
	int rc;

	memset(&mc, 0, sizeof(mc));
	mc.w = w;
	mc.res = res;
	mc.ax = w->ax;
	mc.xxh = dp_xxh128_new();
	mc.rc = (struct dp_reader_ctx){ p->cfg, NULL, &mc.seq_counter, on_record, &mc, &mc.stats };
	dp_buf_init(&mc.held, WDS_HOLD_MAX);
	if (!mc.xxh || dp_wds_init(&mc.wds, &mc.rc) != DP_OK) {
		dp_xxh128_free(mc.xxh);
		dp_wds_release(&mc.wds);
		return dp_error_set(&w->err, DP_FATAL, "out of memory");
	}
	h = (struct dp_input_handler){ &mc, hook_begin, hook_data, hook_end, hook_skipped,
				       p->cancel, &p->progress };
	dp_input_info_init(&res->info, p->paths[idx]);
	if (p->items[idx].skip) {
		res->info.skipped = 1;
		res->info.excluded = p->items[idx].excluded;
		dp_input_info_error(&res->info, "%s: %s", p->paths[idx], p->items[idx].skip);
		rc = res->info.excluded ? DP_OK : DP_WARN; /* .git is not a partial read */
	} else {
		if (p->items[idx].named && !cfg->follow_symlinks) { /* the user named this path */
			named_cfg = *cfg;
			named_cfg.follow_symlinks = 1;
			cfg = &named_cfg;
		}
		rc = dp_input_read(p->paths[idx], (uint32_t)idx, cfg, &h, &res->info, &mc.err);
	}
	if (rc != DP_FATAL && wds_end_level(&mc) == DP_FATAL)
		rc = dp_error_set(&mc.err, DP_FATAL, "out of memory");
	if (rc == DP_FATAL && (mc.err.msg[0] || !w->err.msg[0])) /* else a record hook's */
		dp_error_set(&w->err, DP_FATAL, "%s", mc.err.msg[0] ? mc.err.msg : "fatal error");
	if (mc.reader) /* a fatal stop in the middle of a member */
		mc.rt->close(mc.reader);
	dp_wds_release(&mc.wds);
	dp_buf_release(&mc.held);
	free(mc.wds_level);
	free(mc.first_origin);
	free(mc.first_name);
	res->status = rc == DP_OK && !res->info.unreadable ? DP_OK : DP_WARN;
	for (size_t k = 0; k < res->n_members && res->status == DP_OK; k++)
		if (res->members[k].status != DP_OK)
			res->status = DP_WARN;
	dp_xxh128_free(mc.xxh);
	return rc;
}

static void fail(struct worker *w)
{
	w->status = DP_FATAL;
	if (w->p->cancel)
		*w->p->cancel = 1; /* stop the other threads too */
}

/* Producers (and the single inline thread) take inputs in order until none is left. */
static void produce(struct worker *w)
{
	struct dp_pipeline *p = w->p;

	for (;;) {
		size_t idx = __atomic_fetch_add(&p->next_input, 1, __ATOMIC_RELAXED);
		if (idx >= p->n_paths || (p->cancel && *p->cancel))
			break;
		if (read_one_input(w, idx) == DP_FATAL) {
			fail(w);
			break;
		}
	}
	if (w->role == ROLE_PRODUCER && w->status != DP_FATAL && flush_batch(w) == DP_FATAL)
		fail(w);
	if (w->role == ROLE_PRODUCER)
		dp_queue_close(w->queue);
}

/* Consumers analyse batches until the producers are done and the queue is drained. */
static void consume(struct worker *w)
{
	struct dp_batch *b;
	size_t i;

	while ((b = dp_queue_pop(w->queue))) {
		for (i = 0; i < b->n && w->status != DP_FATAL; i++)
			if (consume_record(w, &b->out[i]) == DP_FATAL)
				fail(w);
		dp_queue_put_empty(w->queue, b);
	}
}

/* The analysers' seal hooks, on this worker's thread once it has no more records. */
static void seal(struct worker *w)
{
	size_t i;

	for (i = 0; dp_analysers[i] && w->status != DP_FATAL; i++)
		if (w->states[i] && dp_analysers[i]->seal &&
		    dp_analysers[i]->seal(w->states[i], &w->err) == DP_FATAL)
			fail(w);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (w->role == ROLE_CONSUMER)
		consume(w);
	else
		produce(w);
	if (w->status != DP_FATAL)
		seal(w);
	__atomic_add_fetch(&w->p->workers_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int worker_init(struct dp_pipeline *p, struct worker *w, struct dp_error *err)
{
	size_t i, n = dp_analysers_count();

	char path[4200];

	w->p = p;
	w->ax.cfg = &p->state_cfg;
	w->ax.tmpdir = p->workdir;
	part_path(p, w->id, path, sizeof(path));
	if (p->cfg->findings && !(w->sink = w->ax.findings = dp_sink_open(path)))
		return dp_error_set(err, DP_FATAL, "cannot create %s", path);
	if (w->role == ROLE_PRODUCER && !(w->cur = dp_queue_get_empty(w->queue)))
		return dp_error_set(err, DP_FATAL, "out of memory");
	w->states = calloc(n + 1, sizeof(*w->states));
	if (!w->states)
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (i = 0; i < n; i++) {
		if (!dp_analyser_enabled(p->cfg, dp_analysers[i]->name))
			continue; /* NULL state: the hooks skip it */
		w->states[i] = dp_analysers[i]->create(&p->state_cfg, err);
		if (!w->states[i])
			return err->status ? err->status : dp_error_set(err, DP_FATAL, "out of memory");
	}
	return DP_OK;
}

static void worker_release(struct worker *w)
{
	size_t i;

	if (w->cur) {
		dp_batch_release(w->cur);
		free(w->cur);
		w->cur = NULL;
	}
	dp_sink_close(w->sink);
	w->sink = NULL;
	if (!w->states)
		return;
	for (i = 0; dp_analysers[i]; i++)
		if (w->states[i])
			dp_analysers[i]->destroy(w->states[i]);
	free(w->states);
	w->states = NULL;
	dp_summary_release(&w->sum);
}

/* ---- the pipeline ---- */

struct dp_pipeline *dp_pipeline_new(const struct dp_config *cfg, const char *workdir)
{
	struct dp_pipeline *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cfg = cfg;
	p->workdir = strdup(workdir);
	if (!p->workdir) {
		free(p);
		return NULL;
	}
	return p;
}

void dp_pipeline_free(struct dp_pipeline *p)
{
	unsigned i;

	if (!p)
		return;
	for (i = 0; i < p->n_workers; i++)
		worker_release(&p->workers[i]);
	for (i = 0; p->queues && i < p->n_producers; i++)
		dp_queue_release(&p->queues[i]);
	free(p->queues);
	free(p->workers);
	dp_summary_release(&p->sum);
	dp_catalog_free(p->catalog);
	free(p->paths);
	free(p->workdir);
	free(p);
}

/* One thread does everything with --threads 1. Otherwise up to half the threads read
 * inputs (never more than there are inputs) and as many as --threads analyse records:
 * reading stalls on a full queue, so the analysers set the pace. */
static int plan_threads(struct dp_pipeline *p, size_t n_inputs)
{
	unsigned n = dp_config_threads(p->cfg), i;

	p->threaded = n > 1;
	p->n_producers = p->threaded ? (n / 2 ? n / 2 : 1) : 1;
	if (p->n_producers > n_inputs)
		p->n_producers = n_inputs ? (unsigned)n_inputs : 1;
	p->n_workers = p->n_producers + (p->threaded ? n : 0);
	p->workers = calloc(p->n_workers, sizeof(*p->workers));
	if (!p->workers)
		return DP_FATAL;
	if (p->threaded) {
		p->queues = calloc(p->n_producers, sizeof(*p->queues));
		if (!p->queues)
			return DP_FATAL;
		/* a batch waiting per consumer, and one more: each batch in flight holds about
		 * twice DP_BATCH_BYTES, and a deeper queue only adds memory */
		for (i = 0; i < p->n_producers; i++)
			if (dp_queue_init(&p->queues[i], n / p->n_producers + 1) != 0)
				return DP_FATAL;
	}
	/* every thread has its own states: the memory cap is shared among them */
	p->state_cfg = *p->cfg;
	p->state_cfg.limits.dedup_memory = p->cfg->limits.dedup_memory / p->n_workers;
	for (i = 0; i < p->n_workers; i++) {
		p->workers[i].id = i;
		p->workers[i].role = !p->threaded ? ROLE_INLINE :
				     i < p->n_producers ? ROLE_PRODUCER : ROLE_CONSUMER;
		if (p->threaded) /* consumers are dealt round-robin to the producers' queues */
			p->workers[i].queue = &p->queues[i % p->n_producers];
	}
	return DP_OK;
}

static int start_workers(struct dp_pipeline *p, struct dp_error *err)
{
	unsigned i;

	for (i = 0; i < p->n_workers; i++) {
		if (worker_init(p, &p->workers[i], err) != DP_OK)
			return DP_FATAL;
	}
	for (i = 0; i < p->n_workers; i++) {
		if (pthread_create(&p->workers[i].tid, NULL, worker_main, &p->workers[i]) != 0)
			return dp_error_set(err, DP_FATAL, "cannot start a thread");
		p->workers[i].started = 1;
	}
	return DP_OK;
}

/* Wait for the workers, showing progress meanwhile when asked. */
static void wait_workers(struct dp_pipeline *p)
{
	struct dp_progress_state ps;
	unsigned i, started = 0;

	dp_progress_begin(&ps, p->cfg, p->paths, p->n_paths);
	for (i = 0; i < p->n_workers; i++) /* a failed start leaves some never started */
		started += (unsigned)p->workers[i].started;
	while (ps.enabled && __atomic_load_n(&p->workers_done, __ATOMIC_ACQUIRE) < started) {
		usleep(50000); /* without progress, the joins below are the whole wait */
		dp_progress_show(&ps, __atomic_load_n(&p->progress, __ATOMIC_RELAXED),
				 __atomic_load_n(&p->records_done, __ATOMIC_RELAXED),
				 __atomic_load_n(&p->next_input, __ATOMIC_RELAXED));
	}
	dp_progress_end(&ps, __atomic_load_n(&p->progress, __ATOMIC_RELAXED),
			__atomic_load_n(&p->records_done, __ATOMIC_RELAXED));
	for (i = 0; i < p->n_workers; i++)
		if (p->workers[i].started)
			pthread_join(p->workers[i].tid, NULL);
}

/* Merge every worker's states and summary into worker 0's, in worker order. */
static int merge_workers(struct dp_pipeline *p, struct dp_error *err)
{
	unsigned i;
	size_t k;

	for (i = 0; i < p->n_workers; i++) {
		if (p->workers[i].status == DP_FATAL) {
			*err = p->workers[i].err;
			return DP_FATAL;
		}
		dp_summary_merge(&p->sum, &p->workers[i].sum);
		if (i == 0)
			continue;
		for (k = 0; dp_analysers[k]; k++)
			if (p->workers[0].states[k] && dp_analysers[k]->merge(p->workers[0].states[k], p->workers[i].states[k],
						   err) == DP_FATAL)
				return DP_FATAL;
	}
	p->states = p->workers[0].states;
	return DP_OK;
}

int dp_pipeline_run(struct dp_pipeline *p, const struct dp_walk_item *items, size_t n,
		    volatile sig_atomic_t *cancel, struct dp_error *err)
{
	size_t k;
	int rc, partial = 0;

	p->items = items;
	p->paths = calloc(n ? n : 1, sizeof(*p->paths));
	if (!p->paths)
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (k = 0; k < n; k++)
		p->paths[k] = items[k].path;
	p->n_paths = n;
	p->cancel = cancel;
	p->sum.inputs = calloc(n ? n : 1, sizeof(*p->sum.inputs));
	p->sum.n_inputs = n;
	if (!p->sum.inputs || plan_threads(p, n) != DP_OK)
		return dp_error_set(err, DP_FATAL, "out of memory");
	rc = start_workers(p, err);
	if (rc == DP_FATAL) {
		if (cancel)
			*cancel = 1;
		p->n_paths = 0; /* threads already running stop at their next input */
		for (unsigned q = 0; p->threaded && q < p->n_producers; q++)
			dp_queue_close(&p->queues[q]);
	}
	wait_workers(p);
	if (rc == DP_FATAL || merge_workers(p, err) == DP_FATAL)
		return DP_FATAL;
	for (k = 0; k < n; k++)
		partial |= p->sum.inputs[k].status != DP_OK;
	return partial ? DP_WARN : DP_OK;
}

const struct dp_summary *dp_pipeline_summary(const struct dp_pipeline *p)
{
	return &p->sum;
}

void *const *dp_pipeline_states(const struct dp_pipeline *p)
{
	return p->states;
}

static int build_catalog(struct dp_pipeline *p)
{
	size_t i, k;

	p->catalog = dp_catalog_new();
	if (!p->catalog)
		return DP_FATAL;
	for (i = 0; i < p->sum.n_inputs; i++)
		for (k = 0; k < p->sum.inputs[i].n_members; k++) {
			const struct dp_member_row *m = &p->sum.inputs[i].members[k];
			if (dp_catalog_add(p->catalog, m->origin, m->first_seq, m->records) != 0)
				return DP_FATAL;
		}
	dp_catalog_seal(p->catalog);
	return DP_OK;
}

int dp_pipeline_finish(struct dp_pipeline *p, struct dp_error *err)
{
	struct dp_actx ax;
	char path[4096];
	size_t i;
	int rc = DP_OK;

	if (build_catalog(p) != DP_OK)
		return dp_error_set(err, DP_FATAL, "out of memory");
	memset(&ax, 0, sizeof(ax));
	ax.cfg = p->cfg;
	ax.tmpdir = p->workdir;
	ax.catalog = p->catalog;
	part_path(p, (size_t)-1, path, sizeof(path));
	if (p->cfg->findings && !(ax.findings = dp_sink_open(path)))
		return dp_error_set(err, DP_FATAL, "cannot create %s", path);
	for (i = 0; dp_analysers[i] && rc != DP_FATAL; i++)
		if (dp_analysers[i]->finish && p->states[i])
			rc = dp_analysers[i]->finish(p->states[i], &ax, err);
	if (dp_sink_close(ax.findings) != 0 && rc != DP_FATAL)
		rc = dp_error_set(err, DP_FATAL, "cannot write %s", path);
	p->finished = 1;
	return rc;
}

void dp_pipeline_report_sections(struct dp_pipeline *p, struct dp_json *out)
{
	size_t i;

	for (i = 0; dp_analysers[i]; i++) {
		if (!dp_analysers[i]->report || !p->states[i])
			continue;
		dp_json_key(out, dp_analysers[i]->name);
		dp_analysers[i]->report(p->states[i], out);
	}
}

/* One keyed part file being merged: its current line. */
struct part {
	FILE *f;
	char *line;
	size_t cap;
	ssize_t len;
};

static void part_next(struct part *pt)
{
	pt->len = getline(&pt->line, &pt->cap, pt->f);
}

/* Write the smallest-keyed line of `parts` (without its key) until all are drained. */
static int merge_parts(struct dp_zwriter *zw, struct part *parts, size_t n, uint64_t *lines)
{
	for (;;) {
		size_t i, best = n;
		for (i = 0; i < n; i++)
			if (parts[i].len > 18 &&
			    (best == n || memcmp(parts[i].line, parts[best].line, 17) < 0))
				best = i;
		if (best == n)
			return 0;
		if (dp_zwriter_write(zw, parts[best].line + 18, (size_t)parts[best].len - 18) != 0)
			return -1;
		(*lines)++;
		part_next(&parts[best]);
	}
}

static int append_plain(struct dp_zwriter *zw, const char *path, uint64_t *lines)
{
	char buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n, i;
	int rc = 0;

	if (!f)
		return 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		for (i = 0; i < n; i++)
			*lines += buf[i] == '\n';
		if (dp_zwriter_write(zw, buf, n) != 0) {
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int dp_pipeline_write_findings(struct dp_pipeline *p, const char *dest, uint64_t *lines,
			       struct dp_error *err)
{
	struct dp_zwriter *zw = dp_zwriter_open(dest, 3);
	char path[4096];
	struct part *parts = calloc(p->n_workers + 1, sizeof(*parts));
	size_t i;
	int rc = 0;

	*lines = 0;
	dp_zwriter_threads(zw, dp_config_threads(p->cfg));
	if (!zw || !parts) {
		dp_zwriter_close(zw);
		free(parts);
		return dp_error_set(err, DP_FATAL, "cannot create %s", dest);
	}
	for (i = 0; i < p->n_workers; i++) { /* the threads are done: close their parts */
		if (dp_sink_close(p->workers[i].sink) != 0)
			rc = -1;
		p->workers[i].sink = NULL;
		part_path(p, i, path, sizeof(path));
		parts[i].f = fopen(path, "rb");
		if (parts[i].f)
			part_next(&parts[i]);
		else
			parts[i].len = -1;
	}
	if (rc == 0)
		rc = merge_parts(zw, parts, p->n_workers, lines);
	for (i = 0; i < p->n_workers; i++) {
		if (parts[i].f)
			fclose(parts[i].f);
		free(parts[i].line);
	}
	free(parts);
	part_path(p, (size_t)-1, path, sizeof(path));
	if (rc == 0)
		rc = append_plain(zw, path, lines);
	if (dp_zwriter_close(zw) != 0 || rc != 0)
		return dp_error_set(err, DP_FATAL, "cannot write %s", dest);
	return DP_OK;
}
