/* options.c - the option table and a small getopt-like parser over it. */
#include "cli/options.h"
#include "core/size.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int parse_u64(const char *arg, uint64_t *out, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	if (!arg || !*arg || *arg == '-')
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

#define BAD(name, what) dp_error_set(err, DP_WARN, "--%s: expected %s, got '%s'", name, what, a)

static int list_add(struct dp_strlist *l, const char *a, int *replaced, struct dp_error *err,
		    const char *name)
{
	if (!*replaced) { /* the first use replaces the defaults */
		l->n = 0;
		*replaced = 1;
	}
	if (l->n >= DP_MAX_LIST)
		return dp_error_set(err, DP_WARN, "--%s: at most %d values", name, DP_MAX_LIST);
	l->v[l->n++] = a;
	return DP_OK;
}

/* Each setter is one line of policy; they share the checks above. */
static int set_output(struct dp_config *c, const char *a, struct dp_error *err) { (void)err; c->outdir = a; return DP_OK; }
static int set_format(struct dp_config *c, const char *a, struct dp_error *err) { (void)err; c->format = a; return DP_OK; }
static int set_follow(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->follow_symlinks = 1; return DP_OK; }
static int set_quiet(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->quiet = 1; return DP_OK; }
static int set_timestamp(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->timestamp = 1; return DP_OK; }
static int set_no_findings(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->findings = 0; return DP_OK; }
static int set_no_state(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->no_state = 1; return DP_OK; }
static int set_findings_raw(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->findings_raw = 1; return DP_OK; }
static int set_record_lic(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->scan_record_licenses = 1; return DP_OK; }
static int set_no_builtin(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->no_builtin_rules = 1; return DP_OK; }
static int set_declared(struct dp_config *c, const char *a, struct dp_error *err) { (void)err; c->declared = a; return DP_OK; }
static int set_rate(double *v, const char *a, const char *name, struct dp_error *err)
{
	char *end;
	double d = strtod(a, &end);

	if (end == a || *end || !(d >= 0.0 && d <= 1.0))
		return BAD(name, "a fraction from 0 to 1");
	*v = d;
	return DP_OK;
}
static int set_gap_dup(struct dp_config *c, const char *a, struct dp_error *err) { return set_rate(&c->gap_dup_rate, a, "gap-duplicates", err); }
static int set_gap_leak(struct dp_config *c, const char *a, struct dp_error *err) { return set_rate(&c->gap_leak_rate, a, "gap-leakage", err); }
static int set_analysers(struct dp_config *c, const char *a, struct dp_error *err) { (void)err; c->analysers = a; return DP_OK; }
static int set_fail_on(struct dp_config *c, const char *a, struct dp_error *err) { (void)err; c->fail_on = a; return DP_OK; }
static int set_each_subdir(struct dp_config *c, const char *a, struct dp_error *err) { (void)a; (void)err; c->each_subdir = 1; return DP_OK; }

static int set_progress(struct dp_config *c, const char *a, struct dp_error *err)
{
	if (!strcmp(a, "auto"))
		c->progress = DP_PROGRESS_AUTO;
	else if (!strcmp(a, "always"))
		c->progress = DP_PROGRESS_ALWAYS;
	else if (!strcmp(a, "never"))
		c->progress = DP_PROGRESS_NEVER;
	else
		return BAD("progress", "auto, always or never");
	return DP_OK;
}

static int set_rules(struct dp_config *c, const char *a, struct dp_error *err)
{
	int replaced = 1;

	return list_add(&c->rule_files, a, &replaced, err, "rules");
}

static int set_text_field(struct dp_config *c, const char *a, struct dp_error *err)
{
	int replaced = 1; /* no defaults: an empty list means the built-in choice */

	return list_add(&c->text_fields, a, &replaced, err, "text-field");
}

/* --X-field options: the first use on a command line replaces the default list. */
static int set_meta(struct dp_config *c, enum dp_meta k, const char *a, struct dp_error *err,
		    const char *name)
{
	int replaced = (c->meta_replaced >> k) & 1;
	int rc = list_add(&c->meta_fields[k], a, &replaced, err, name);

	c->meta_replaced |= 1u << k;
	return rc;
}

static int set_id_field(struct dp_config *c, const char *a, struct dp_error *err) { return set_meta(c, DP_META_ID, a, err, "id-field"); }
static int set_url_field(struct dp_config *c, const char *a, struct dp_error *err) { return set_meta(c, DP_META_URL, a, err, "url-field"); }
static int set_license_field(struct dp_config *c, const char *a, struct dp_error *err) { return set_meta(c, DP_META_LICENSE, a, err, "license-field"); }
static int set_split_field(struct dp_config *c, const char *a, struct dp_error *err) { return set_meta(c, DP_META_SPLIT, a, err, "split-field"); }
static int set_date_field(struct dp_config *c, const char *a, struct dp_error *err) { return set_meta(c, DP_META_DATE, a, err, "date-field"); }

#define NUM_SETTER(fn, field, type, lo, hi, optname)                                      \
	static int fn(struct dp_config *c, const char *a, struct dp_error *err)            \
	{                                                                                \
		uint64_t v;                                                              \
		if (parse_u64(a, &v, lo, hi) != 0)                                       \
			return BAD(optname, "a number from " #lo " to " #hi);            \
		c->field = (type)v;                                                      \
		return DP_OK;                                                            \
	}

NUM_SETTER(set_max_depth, limits.max_depth, unsigned, 0, 64, "max-depth")
NUM_SETTER(set_max_ratio, limits.max_ratio, uint64_t, 1, 1000000000, "max-ratio")
NUM_SETTER(set_max_members, limits.max_members, uint64_t, 1, 1000000000000, "max-members")
NUM_SETTER(set_max_field_depth, limits.max_field_depth, unsigned, 1, 100000, "max-field-depth")
NUM_SETTER(set_match_limit, limits.match_limit, uint32_t, 1, 4000000000, "match-limit")
NUM_SETTER(set_depth_limit, limits.depth_limit, uint32_t, 1, 4000000000, "depth-limit")
NUM_SETTER(set_threads, threads, unsigned, 0, 1024, "threads")
NUM_SETTER(set_top_clusters, top_clusters, unsigned, 0, 100000, "top-clusters")
NUM_SETTER(set_lang_stride, lang_stride, unsigned, 1, 1000000, "lang-stride")
NUM_SETTER(set_top_domains, top_domains, unsigned, 1, 100000, "top-domains")

#define SIZE_SETTER(fn, field, lo, optname)                                              \
	static int fn(struct dp_config *c, const char *a, struct dp_error *err)            \
	{                                                                                \
		uint64_t v;                                                              \
		if (dp_parse_size(a, &v) != 0 || v < (lo))                               \
			return BAD(optname, "a size such as 64M (at least " #lo " bytes)");  \
		c->field = v;                                                            \
		return DP_OK;                                                            \
	}

SIZE_SETTER(set_max_member_bytes, limits.max_member_bytes, 1, "max-member-bytes")
SIZE_SETTER(set_max_record_bytes, limits.max_record_bytes, 1024, "max-record-bytes")
SIZE_SETTER(set_dedup_memory, limits.dedup_memory, 65536, "dedup-memory")
SIZE_SETTER(set_parquet_memory, limits.parquet_memory, 4096, "parquet-memory")
SIZE_SETTER(set_lang_sample, lang_sample_bytes, 64, "lang-sample")

#define SCAN "scan,audit"

const struct dp_option dp_options[] = {
	{ "output", 'o', "DIR", "write the report and card to DIR (required)", SCAN ",merge", set_output },
	{ "format", 0, "NAME", "read every text member with this reader (jsonl, json, csv, tsv, text, wds, parquet, arrow, warc, tfrecord, lines)", SCAN, set_format },
	{ "text-field", 0, "PATH", "field holding the text (repeatable; dotted paths like meta.body)", SCAN, set_text_field },
	{ "id-field", 0, "PATH", "field holding the record id (repeatable)", SCAN, set_id_field },
	{ "url-field", 0, "PATH", "field holding the source URL (repeatable)", SCAN, set_url_field },
	{ "license-field", 0, "PATH", "field holding the record's license (repeatable)", SCAN, set_license_field },
	{ "split-field", 0, "PATH", "field holding the record's split (repeatable)", SCAN, set_split_field },
	{ "date-field", 0, "PATH", "field holding the record's date (repeatable)", SCAN, set_date_field },
	{ "follow-symlinks", 0, NULL, "follow symbolic links found while walking directories", SCAN, set_follow },
	{ "threads", 'j', "N", "worker threads (default: the online CPUs)", SCAN, set_threads },
	{ "progress", 0, "WHEN", "progress on stderr: auto (a terminal), always or never", SCAN ",merge", set_progress },
	{ "quiet", 'q', NULL, "no progress and no warnings on stderr", SCAN ",merge", set_quiet },
	{ "timestamp", 0, NULL, "record the time of the run in report.json", SCAN ",merge", set_timestamp },
	{ "no-findings", 0, NULL, "do not write findings.jsonl.zst", SCAN, set_no_findings },
	{ "no-state", 0, NULL, "do not write OUTDIR/state (side files for dataprov merge)", SCAN, set_no_state },
	{ "findings-raw", 0, NULL, "include raw matched values in findings (never in the report)", SCAN, set_findings_raw },
	{ "top-clusters", 0, "N", "duplicate clusters listed in the report (default 20)", SCAN ",merge", set_top_clusters },
	{ "record-licenses", 0, NULL, "also look for license texts inside record text", SCAN, set_record_lic },
	{ "rules", 0, "FILE", "add PII/secret rules from FILE (repeatable)", SCAN, set_rules },
	{ "no-builtin-rules", 0, NULL, "drop the built-in PII/secret rules", SCAN, set_no_builtin },
	{ "declared", 0, "FILE", "declared facts (YAML) that take precedence over the dataset's own", SCAN ",merge", set_declared },
	{ "fail-on", 0, "LIST", "exit 1 when a listed gap (audit: flag) is found (comma-separated)", SCAN ",merge,audit,render", set_fail_on },
	{ "gap-duplicates", 0, "RATE", "duplicate-rate gap threshold, a fraction (default 0.05)", "scan,merge", set_gap_dup },
	{ "gap-leakage", 0, "RATE", "split-leakage gap threshold, a fraction (default 0: any leak)", "scan,merge", set_gap_leak },
	{ "format", 0, "FORMAT", "render only this output: md, croissant, spdx or all (default all)", "render", set_format },
	{ "each-subdir", 0, NULL, "every immediate sub-folder or archive of a PATH is one dataset", "audit", set_each_subdir },
	{ "lang-sample", 0, "SIZE", "bytes of each record given to language ID (default 512)", SCAN, set_lang_sample },
	{ "lang-stride", 0, "N", "past 1024 records of an input, language ID on 1 record in N (past 65536, 1 in 4N), weighted by it (default 16; 1 = all)", SCAN, set_lang_stride },
	{ "top-domains", 0, "N", "source domains listed in scope.domains.top (default 20)", SCAN ",merge", set_top_domains },
	{ "analysers", 0, "LIST", "run only these analysers (comma-separated names, all or none)", SCAN, set_analysers },
	{ "max-depth", 0, "N", "archive nesting opened (default 4)", SCAN, set_max_depth },
	{ "max-ratio", 0, "N", "expansion ratio allowed after a member's first MiB (default 1000)", SCAN, set_max_ratio },
	{ "max-member-bytes", 0, "SIZE", "decoded bytes read per member (default 64G)", SCAN, set_max_member_bytes },
	{ "max-members", 0, "N", "members read per input (default 10000000)", SCAN, set_max_members },
	{ "max-record-bytes", 0, "SIZE", "bytes per record; larger ones are counted as oversize (default 64M)", SCAN, set_max_record_bytes },
	{ "max-field-depth", 0, "N", "JSON nesting recorded per record (default 64)", SCAN, set_max_field_depth },
	{ "match-limit", 0, "N", "PCRE2 match limit per rule match (default 100000)", SCAN, set_match_limit },
	{ "depth-limit", 0, "N", "PCRE2 depth limit per rule match (default 1000)", SCAN, set_depth_limit },
	{ "dedup-memory", 0, "SIZE", "memory for the duplicate table before spilling to disk (default 1G)", SCAN, set_dedup_memory },
	{ "parquet-memory", 0, "SIZE", "bytes of a Parquet file held in memory; a larger plain file is read by row group, a larger archived one is not read (default 1G)", SCAN, set_parquet_memory },
	{ NULL, 0, NULL, NULL, NULL, NULL }
};

static int takes(const struct dp_option *o, const char *cmd)
{
	const char *p = o->commands;
	size_t n = strlen(cmd);

	while ((p = strstr(p, cmd))) {
		if ((p == o->commands || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static const struct dp_option *find_long(const char *cmd, const char *name, size_t n)
{
	const struct dp_option *o;

	for (o = dp_options; o->name; o++)
		if (strlen(o->name) == n && !strncmp(o->name, name, n) && takes(o, cmd))
			return o;
	return NULL;
}

static const struct dp_option *find_short(const char *cmd, char c)
{
	const struct dp_option *o;

	for (o = dp_options; o->name; o++)
		if (o->short_name == c && takes(o, cmd))
			return o;
	return NULL;
}

/* Apply option `o` whose inline argument is `inl` (NULL if none); may consume argv[*i+1]. */
static int apply(const struct dp_option *o, const char *inl, int argc, char **argv, int *i,
		 struct dp_config *cfg, struct dp_error *err)
{
	if (!o->arg) {
		if (inl)
			return dp_error_set(err, DP_WARN, "--%s takes no argument", o->name);
		return o->set(cfg, NULL, err);
	}
	if (!inl) {
		if (*i + 1 >= argc)
			return dp_error_set(err, DP_WARN, "--%s needs an argument (%s)", o->name, o->arg);
		inl = argv[++*i];
	}
	return o->set(cfg, inl, err);
}

int dp_options_parse(const char *cmd, int argc, char **argv, struct dp_config *cfg,
		     char **operands, size_t *n_operands, int *help, struct dp_error *err)
{
	int i, only_operands = 0, rc;

	*n_operands = 0;
	*help = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct dp_option *o;

		if (only_operands || a[0] != '-' || !strcmp(a, "-")) {
			operands[(*n_operands)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			*help = 1;
			return DP_OK;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(cmd, a + 2, n);
			if (!o)
				return dp_error_set(err, DP_WARN, "unknown option '%s' for '%s'", a, cmd);
			rc = apply(o, eq ? eq + 1 : NULL, argc, argv, &i, cfg, err);
		} else {
			o = find_short(cmd, a[1]);
			if (!o)
				return dp_error_set(err, DP_WARN, "unknown option '%s' for '%s'", a, cmd);
			rc = apply(o, a[2] ? a + 2 : NULL, argc, argv, &i, cfg, err);
		}
		if (rc != DP_OK)
			return rc;
	}
	return DP_OK;
}

void dp_options_print(FILE *f, const char *cmd)
{
	const struct dp_option *o;
	char head[64];

	for (o = dp_options; o->name; o++) {
		if (!takes(o, cmd))
			continue;
		if (o->short_name)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", head, o->help);
	}
	fprintf(f, "  %-30s %s\n", "-h, --help", "show this help");
}
