/* report_json.c - report.json from the pipeline summary and the analysers' sections. */
#include "report/report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input/sniff.h"

const char *dp_report_status_word(int status)
{
	return status == 0 ? "ok" : "partial";
}

static void write_strlist(struct dp_json *j, const char *key, const struct dp_strlist *l)
{
	size_t i;

	dp_json_key(j, key);
	dp_json_arr_begin(j);
	for (i = 0; i < l->n; i++)
		dp_json_str(j, l->v[i]);
	dp_json_arr_end(j);
}

static void write_options(struct dp_json *j, const struct dp_config *c)
{
	static const char *const meta_keys[DP_META_COUNT] = {
		"id_fields", "url_fields", "license_fields", "split_fields", "date_fields"
	};
	size_t k;

	dp_json_key(j, "options");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "format", c->format ? c->format : "auto");
	dp_json_kv_str(j, "analysers", c->analysers ? c->analysers : "all");
	write_strlist(j, "text_fields", &c->text_fields);
	for (k = 0; k < DP_META_COUNT; k++)
		write_strlist(j, meta_keys[k], &c->meta_fields[k]);
	dp_json_kv_bool(j, "follow_symlinks", c->follow_symlinks);
	dp_json_kv_u64(j, "max_depth", c->limits.max_depth);
	dp_json_kv_u64(j, "max_ratio", c->limits.max_ratio);
	dp_json_kv_u64(j, "max_member_bytes", c->limits.max_member_bytes);
	dp_json_kv_u64(j, "max_members", c->limits.max_members);
	dp_json_kv_u64(j, "max_record_bytes", c->limits.max_record_bytes);
	dp_json_kv_u64(j, "max_field_depth", c->limits.max_field_depth);
	dp_json_obj_end(j);
}

static const char *input_status(const struct dp_input_result *r)
{
	if (r->info.excluded)
		return "excluded";
	if (r->info.skipped)
		return "skipped";
	if (r->info.unreadable)
		return "unreadable";
	return dp_report_status_word(r->status);
}

static void write_inputs(struct dp_json *j, const struct dp_summary *s)
{
	size_t i, k;

	dp_json_key(j, "inputs");
	dp_json_arr_begin(j);
	for (i = 0; i < s->n_inputs; i++) {
		const struct dp_input_result *r = &s->inputs[i];
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "path", r->info.path);
		dp_json_kv_u64(j, "bytes", r->info.bytes);
		dp_json_kv_str(j, "sha256", r->info.sha256[0] ? r->info.sha256 : NULL);
		dp_json_kv_str(j, "container", r->info.container);
		dp_json_kv_str(j, "compression", r->info.compression);
		dp_json_kv_u64(j, "members", r->n_members);
		dp_json_kv_u64(j, "records", r->records);
		dp_json_kv_str(j, "status", input_status(r));
		dp_json_key(j, "errors");
		dp_json_arr_begin(j);
		for (k = 0; k < r->info.n_errors; k++)
			dp_json_str(j, r->info.errors[k]);
		dp_json_arr_end(j);
		dp_json_kv_u64(j, "errors_total", r->info.errors_total);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

struct cov {
	uint64_t unreadable, partial, skipped_inputs, excluded_inputs;
	uint64_t members, leaf, binary, skipped, failed, bytes;
	uint64_t undecoded;        /* binary members in a data format no reader decodes */
	struct undecoded {         /* the same by format, in order of first appearance */
		const char *name;
		uint64_t members, bytes;
	} formats[DP_SUMMARY_MAX_COUNTS];
	size_t n_formats;
	uint64_t limits[DP_LIMIT_COUNT];
};

static void count_undecoded(struct cov *c, const struct dp_member_row *m)
{
	size_t f;

	if (m->kind != DP_MEMBER_BINARY || !dp_sniff_is_data_format(m->format))
		return;
	c->undecoded++;
	for (f = 0; f < c->n_formats && strcmp(c->formats[f].name, m->format); f++)
		;
	if (f == c->n_formats && f < DP_SUMMARY_MAX_COUNTS)
		c->formats[c->n_formats++] = (struct undecoded){ m->format, 0, 0 };
	if (f < c->n_formats) {
		c->formats[f].members++;
		c->formats[f].bytes += m->bytes;
	}
}

/* A member whose first bytes could not be read (a corrupt zip entry) is listed as a
 * special member named "unreadable" by the input layer; it failed, it was not skipped. */
static int member_unreadable(const struct dp_member_row *m)
{
	return m->kind == DP_MEMBER_SPECIAL && m->format && !strcmp(m->format, "unreadable");
}

static void count_coverage(const struct dp_summary *s, struct cov *c)
{
	size_t i, k;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < s->n_inputs; i++) {
		const struct dp_input_result *r = &s->inputs[i];
		c->unreadable += (uint64_t)r->info.unreadable;
		c->partial += (uint64_t)(!r->info.unreadable && !r->info.skipped && r->status != 0);
		c->skipped_inputs += (uint64_t)(r->info.skipped && !r->info.excluded);
		c->excluded_inputs += (uint64_t)r->info.excluded;
		c->bytes += r->info.bytes;
		c->members += r->n_members;
		for (k = 0; k < DP_LIMIT_COUNT; k++)
			c->limits[k] += r->info.limits_hit[k];
		for (k = 0; k < r->n_members; k++) {
			const struct dp_member_row *m = &r->members[k];
			c->skipped += m->kind == DP_MEMBER_SPECIAL && !member_unreadable(m);
			c->binary += m->kind == DP_MEMBER_BINARY;
			count_undecoded(c, m);
			c->leaf += m->kind == DP_MEMBER_TEXT;
			c->failed += (m->kind != DP_MEMBER_SPECIAL && m->status != 0) ||
				     member_unreadable(m);
		}
	}
}

static void write_examples(struct dp_json *j, const struct dp_summary *s)
{
	size_t i, k, n = 0;
	char line[1200];

	dp_json_key(j, "malformed_examples");
	dp_json_arr_begin(j);
	for (i = 0; i < s->n_inputs && n < 20; i++)
		for (k = 0; k < s->inputs[i].n_members && n < 20; k++) {
			const struct dp_member_row *m = &s->inputs[i].members[k];
			if (!m->notes)
				continue;
			snprintf(line, sizeof(line), "%s: %s", m->origin, m->notes);
			dp_json_str(j, line);
			n++;
		}
	dp_json_arr_end(j);
}

/* Members whose records were not read because no reader decodes their format (arrow,
 * avro ...), by format: members and bytes, formats in order of first appearance. */
static void write_undecoded(struct dp_json *j, const struct cov *c)
{
	size_t f;

	dp_json_key(j, "undecoded_formats");
	dp_json_arr_begin(j);
	for (f = 0; f < c->n_formats; f++) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "format", c->formats[f].name);
		dp_json_kv_u64(j, "members", c->formats[f].members);
		dp_json_kv_u64(j, "bytes", c->formats[f].bytes);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

static void write_coverage(struct dp_json *j, const struct dp_summary *s)
{
	struct cov c;
	size_t k;

	count_coverage(s, &c);
	dp_json_key(j, "coverage");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "inputs", s->n_inputs);
	dp_json_kv_u64(j, "inputs_unreadable", c.unreadable);
	dp_json_kv_u64(j, "inputs_partial", c.partial);
	dp_json_kv_u64(j, "inputs_skipped", c.skipped_inputs);
	dp_json_kv_u64(j, "inputs_excluded", c.excluded_inputs);
	dp_json_kv_u64(j, "members", c.members);
	dp_json_kv_u64(j, "members_text", c.leaf);
	dp_json_kv_u64(j, "members_binary", c.binary);
	dp_json_kv_u64(j, "members_undecoded", c.undecoded);
	dp_json_kv_u64(j, "members_skipped", c.skipped);
	dp_json_kv_u64(j, "members_failed", c.failed);
	dp_json_kv_u64(j, "bytes_read", c.bytes);
	dp_json_kv_u64(j, "bytes_decoded", s->bytes_decoded);
	dp_json_kv_u64(j, "records", s->records);
	dp_json_kv_u64(j, "records_malformed", s->malformed);
	dp_json_kv_u64(j, "records_oversize", s->oversize);
	dp_json_kv_u64(j, "records_invalid_utf8", s->invalid_utf8);
	dp_json_kv_u64(j, "records_depth_limited", s->depth_limited);
	dp_json_key(j, "limits_hit");
	dp_json_arr_begin(j);
	for (k = 0; k < DP_LIMIT_COUNT; k++) {
		if (!c.limits[k])
			continue;
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "limit", dp_limit_name((enum dp_limit_kind)k));
		dp_json_kv_u64(j, "count", c.limits[k]);
		dp_json_obj_end(j);
	}
	if (s->oversize) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "limit", "max-record-bytes");
		dp_json_kv_u64(j, "count", s->oversize);
		dp_json_obj_end(j);
	}
	if (s->depth_limited) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "limit", "max-field-depth");
		dp_json_kv_u64(j, "count", s->depth_limited);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
	write_undecoded(j, &c);
	write_examples(j, s);
	dp_json_obj_end(j);
}

static const char *kind_word(enum dp_member_kind k)
{
	switch (k) {
	case DP_MEMBER_TEXT: return "text";
	case DP_MEMBER_BINARY: return "binary";
	case DP_MEMBER_ARCHIVE: return "archive";
	default: return "skipped";
	}
}

static void write_members(struct dp_json *j, const struct dp_summary *s)
{
	size_t i, k;

	dp_json_key(j, "members");
	dp_json_arr_begin(j);
	for (i = 0; i < s->n_inputs; i++)
		for (k = 0; k < s->inputs[i].n_members; k++) {
			const struct dp_member_row *m = &s->inputs[i].members[k];
			dp_json_obj_begin(j);
			dp_json_kv_str(j, "origin", m->origin);
			dp_json_kv_str(j, "kind", kind_word(m->kind));
			dp_json_kv_str(j, "format", m->format);
			dp_json_kv_u64(j, "bytes", m->bytes);
			dp_json_kv_u64(j, "records", m->records);
			dp_json_kv_u64(j, "malformed", m->malformed);
			dp_json_kv_str(j, "split", m->split);
			dp_json_kv_str(j, "xxh128", m->digest[0] ? m->digest : NULL);
			dp_json_kv_str(j, "status", member_unreadable(m) ? "unreadable" :
					m->kind == DP_MEMBER_SPECIAL ? "skipped" :
					dp_report_status_word(m->status));
			dp_json_obj_end(j);
		}
	dp_json_arr_end(j);
}

static int cmp_count(const void *a, const void *b)
{
	const struct dp_count *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void write_counts(struct dp_json *j, const char *key, const struct dp_count *v, size_t n)
{
	struct dp_count sorted[DP_SUMMARY_MAX_COUNTS];
	size_t i;

	memcpy(sorted, v, n * sizeof(*v));
	qsort(sorted, n, sizeof(*sorted), cmp_count);
	dp_json_key(j, key);
	dp_json_obj_begin(j);
	for (i = 0; i < n; i++) {
		dp_json_key(j, sorted[i].name);
		dp_json_obj_begin(j);
		dp_json_kv_u64(j, "records", sorted[i].records);
		dp_json_kv_u64(j, "bytes", sorted[i].bytes);
		dp_json_obj_end(j);
	}
	dp_json_obj_end(j);
}

static void write_records(struct dp_json *j, const struct dp_summary *s)
{
	dp_json_key(j, "records");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "total", s->records);
	dp_json_kv_u64(j, "text_bytes", s->text_bytes);
	dp_json_kv_u64(j, "with_text", s->records_with_text);
	dp_json_kv_u64(j, "without_text", s->records - s->records_with_text);
	dp_json_kv_u64(j, "empty_text", s->records_empty_text);
	write_counts(j, "by_format", s->by_format, s->n_by_format);
	write_counts(j, "by_split", s->by_split, s->n_by_split);
	dp_json_obj_end(j);
}

static void write_header(struct dp_json *j, const struct dp_config *cfg)
{
	dp_json_kv_str(j, "format", DP_REPORT_FORMAT);
	dp_json_key(j, "tool");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "name", "dataprov");
	dp_json_kv_str(j, "version", DP_VERSION);
	dp_json_obj_end(j);
	if (cfg->timestamp) {
		char ts[32];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		dp_json_kv_str(j, "generated_at", ts);
	}
	write_options(j, cfg);
}

int dp_report_write(const char *path, const struct dp_config *cfg, const struct dp_summary *s,
		    uint64_t findings_lines, dp_report_sections_fn sections, void *ctx,
		    struct dp_error *err)
{
	struct dp_json *j = dp_json_new(1);
	const char *text;
	size_t len;
	FILE *f;
	int ok;

	if (!j)
		return dp_error_set(err, DP_FATAL, "out of memory");
	dp_json_obj_begin(j);
	write_header(j, cfg);
	write_inputs(j, s);
	write_coverage(j, s);
	write_members(j, s);
	write_records(j, s);
	if (sections)
		sections(ctx, j);
	dp_json_key(j, "findings");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "file", cfg->findings ? "findings.jsonl.zst" : NULL);
	dp_json_kv_u64(j, "lines", findings_lines);
	dp_json_obj_end(j);
	dp_json_obj_end(j);
	if (dp_json_failed(j)) {
		dp_json_free(j);
		return dp_error_set(err, DP_FATAL, "internal error generating %s", path);
	}
	text = dp_json_text(j, &len);
	f = fopen(path, "wb");
	ok = f && fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF;
	if (f && fclose(f) != 0)
		ok = 0;
	dp_json_free(j);
	return ok ? DP_OK : dp_error_set(err, DP_FATAL, "cannot write %s", path);
}
