/* cmd_rules.c - `dataprov rules list|check|test|scan`: inspect, lint and try rule files. */
#include "cli/command.h"
#include "core/config.h"
#include "core/error.h"
#include "rules/redact.h"
#include "rules/rulefile.h"
#include "rules/rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RULES_USAGE \
	"usage: dataprov rules list [--rules FILE]... [--no-builtin-rules]\n" \
	"       dataprov rules check FILE...\n" \
	"       dataprov rules test [--rules FILE]... [--no-builtin-rules] FILE|builtin TEXT|-\n" \
	"\n" \
	"list   print the rules in effect: id, category, severity, trigger, description\n" \
	"check  parse, compile and lint rule files (unbounded repeats, nested repeats);\n" \
	"       exit 0 when every file is valid, 1 otherwise; errors are FILE:LINE: message\n" \
	"test   run the rules of FILE (or the built-in set) on TEXT ('-' reads stdin) and\n" \
	"       print one line per finding: offset, length, rule, category, preview, value;\n" \
	"       exit 0 when something was found, 1 when nothing was\n" \
	"See dataprov-rules(5) for the rule-file format.\n"

struct rules_opts {
	struct dp_config cfg;
	char **args;        /* positional arguments */
	int n_args;
};

static int parse_opts(int argc, char **argv, struct rules_opts *o)
{
	int i;

	dp_config_init(&o->cfg);
	o->args = argv;
	o->n_args = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--no-builtin-rules") == 0) {
			o->cfg.no_builtin_rules = 1;
		} else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc) {
			if (o->cfg.rule_files.n >= DP_MAX_LIST)
				return -1;
			o->cfg.rule_files.v[o->cfg.rule_files.n++] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			return -1;
		} else {
			o->args[o->n_args++] = argv[i];
		}
	}
	return 0;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "dataprov rules: %s\n%s", msg, RULES_USAGE);
	return DP_EXIT_USAGE;
}

static int cmd_list(struct rules_opts *o)
{
	struct dp_error err;
	struct dp_rules *r = dp_rules_new(&o->cfg, &err);
	size_t i;

	if (!r) {
		fprintf(stderr, "dataprov: %s\n", err.msg);
		return DP_EXIT_USAGE;
	}
	printf("%-22s %-7s %-9s %-15s %s\n", "ID", "KIND", "SEVERITY", "TRIGGER", "DESCRIPTION");
	for (i = 0; i < dp_rules_count(r); i++) {
		const struct dp_rule_info *in = dp_rules_info(r, i);

		printf("%-22s %-7s %-9s %-15s %s\n", in->id, in->category, in->severity,
		       dp_trigger_name(in->trigger), in->description);
	}
	dp_rules_free(r);
	return DP_EXIT_OK;
}

static void print_lint(void *ctx, int line, const char *msg)
{
	const char *file = ctx;

	printf("%s:%d: warning: %s\n", file, line, msg);
}

/* Parse, lint and compile one file; 0 when valid. */
static int check_file(const char *path, const struct dp_config *cfg)
{
	struct dp_ruleset set;
	struct dp_error err;
	struct dp_rules *r = NULL;
	size_t i, n = 0, warnings = 0;

	dp_ruleset_init(&set);
	dp_error_clear(&err);
	if (dp_ruleset_load_file(&set, path, &err) == DP_OK) {
		n = set.n;
		for (i = 0; i < set.n; i++)
			warnings += dp_rule_lint(&set.v[i], print_lint, (void *)path);
		r = dp_rules_compile(&set, cfg->limits.match_limit, cfg->limits.depth_limit, &err);
	}
	dp_ruleset_release(&set);
	if (!r) {
		printf("%s\n", err.msg);
		return 1;
	}
	dp_rules_free(r);
	printf("%s: %zu rules, %zu warnings\n", path, n, warnings);
	return 0;
}

static int cmd_check(struct rules_opts *o)
{
	int i, bad = 0;

	if (o->n_args < 1)
		return usage_error("check needs at least one FILE");
	for (i = 0; i < o->n_args; i++)
		bad |= check_file(o->args[i], &o->cfg);
	return bad ? DP_EXIT_POLICY : DP_EXIT_OK;
}

struct test_ctx {
	const char *text;
	long found;
};

static void print_match(void *vctx, const struct dp_rule_match *m)
{
	struct test_ctx *t = vctx;
	char prev[256];

	dp_redact_preview(m->rule->preview, t->text + m->offset, m->len, prev, sizeof(prev));
	printf("%zu\t%zu\t%s\t%s\t%s\t%.*s\n", m->offset, m->len, m->rule->id,
	       m->rule->category, prev, (int)m->len, t->text + m->offset);
	t->found++;
}

static char *read_stdin(size_t *n)
{
	size_t cap = 1 << 16, len = 0, got;
	char *buf = malloc(cap + 1), *nb;

	while (buf && (got = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += got;
		if (len == cap && cap < (256u << 20)) {
			nb = realloc(buf, cap * 2 + 1);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	*n = len;
	return buf;
}

static int cmd_test(struct rules_opts *o)
{
	struct dp_error err;
	struct dp_rules *r;
	struct dp_rules_scratch *s;
	struct test_ctx t = { NULL, 0 };
	char *in = NULL;
	size_t len;

	if (o->n_args != 2)
		return usage_error("test needs FILE (or 'builtin') and TEXT (or '-')");
	if (strcmp(o->args[0], "builtin") != 0) {
		o->cfg.no_builtin_rules = 1;
		if (o->cfg.rule_files.n < DP_MAX_LIST)
			o->cfg.rule_files.v[o->cfg.rule_files.n++] = o->args[0];
	}
	r = dp_rules_new(&o->cfg, &err);
	if (!r) {
		fprintf(stderr, "dataprov: %s\n", err.msg);
		return DP_EXIT_USAGE;
	}
	if (strcmp(o->args[1], "-") == 0)
		in = read_stdin(&len);
	t.text = in ? in : o->args[1];
	len = in ? len : strlen(o->args[1]);
	s = dp_rules_scratch_new(r);
	if (s)
		dp_rules_scan(r, s, t.text, len, print_match, &t);
	for (len = 0; s && len < dp_rules_count(r); len++)
		if (dp_rules_scratch_limit_hits(s, len))
			fprintf(stderr, "dataprov: warning: rule %s hit the PCRE2 match/depth limit "
				"and was skipped for the rest of the text\n", dp_rules_info(r, len)->id);
	dp_rules_scratch_free(s);
	dp_rules_free(r);
	free(in);
	return t.found ? DP_EXIT_OK : DP_EXIT_POLICY;
}

struct scan_ctx {
	uint64_t *count;
	uint64_t findings;
};

static void count_match(void *vctx, const struct dp_rule_match *m)
{
	struct scan_ctx *c = vctx;

	c->count[m->rule->index]++;
	c->findings++;
}

/* Scan each line of [buf, buf+n) as one record; returns the bytes consumed (whole lines,
 * or everything when `last`). */
static size_t scan_lines(const struct dp_rules *r, struct dp_rules_scratch *s, const char *buf,
			 size_t n, int last, struct scan_ctx *c)
{
	size_t pos = 0;

	while (pos < n) {
		const char *nl = memchr(buf + pos, '\n', n - pos);
		size_t len;

		if (!nl && !last)
			break;
		len = nl ? (size_t)(nl - (buf + pos)) : n - pos;
		dp_rules_scan(r, s, buf + pos, len, count_match, c);
		pos += len + (nl ? 1 : 0);
	}
	return pos;
}

/* Map a regular file and scan it whole; falls back to reading blocks (pipes, stdin). */
static int scan_mapped(const struct dp_rules *r, struct dp_rules_scratch *s, const char *path,
		       struct scan_ctx *c, uint64_t *bytes)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	void *p;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return 1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 1;
	madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
	scan_lines(r, s, p, (size_t)st.st_size, 1, c);
	*bytes += (uint64_t)st.st_size;
	munmap(p, (size_t)st.st_size);
	return 0;
}

static int scan_file(const struct dp_rules *r, struct dp_rules_scratch *s, const char *path,
		     struct scan_ctx *c, uint64_t *bytes)
{
	enum { BLOCK = 8 << 20 };
	int rc = strcmp(path, "-") == 0 ? 1 : scan_mapped(r, s, path, c, bytes);
	FILE *f;
	char *buf;
	size_t have = 0, got, used;

	if (rc <= 0)
		return rc;
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	buf = malloc(BLOCK);
	if (!f || !buf) {
		free(buf);
		return -1;
	}
	while ((got = fread(buf + have, 1, BLOCK - have, f)) > 0 || have > 0) {
		int last = got == 0;

		have += got;
		*bytes += got;
		used = scan_lines(r, s, buf, have, last || have == BLOCK, c);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (last)
			break;
	}
	if (f != stdin)
		fclose(f);
	free(buf);
	return 0;
}

/* Hidden benchmark mode: every line of every FILE is a record; prints per-rule counts. */
static int cmd_scan(struct rules_opts *o)
{
	struct dp_error err;
	struct dp_rules *r = dp_rules_new(&o->cfg, &err);
	struct dp_rules_scratch *s = r ? dp_rules_scratch_new(r) : NULL;
	struct scan_ctx c = { NULL, 0 };
	struct timespec t0, t1;
	uint64_t bytes = 0;
	double secs;
	size_t i;
	int rc = DP_EXIT_OK;

	if (!s || !(c.count = calloc(dp_rules_count(r) + 1, sizeof(uint64_t)))) {
		fprintf(stderr, "dataprov: %s\n", r ? "out of memory" : err.msg);
		dp_rules_free(r);
		return DP_EXIT_FATAL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < (size_t)o->n_args; i++)
		if (scan_file(r, s, o->args[i], &c, &bytes) != 0)
			rc = DP_EXIT_PARTIAL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	for (i = 0; i < dp_rules_count(r); i++)
		printf("%s\t%llu\n", dp_rules_info(r, i)->id, (unsigned long long)c.count[i]);
	fprintf(stderr, "scanned %llu bytes in %.3f s (%.1f MB/s), %llu findings\n",
		(unsigned long long)bytes, secs, secs > 0 ? (double)bytes / secs / 1e6 : 0.0,
		(unsigned long long)c.findings);
	free(c.count);
	dp_rules_scratch_free(s);
	dp_rules_free(r);
	return rc;
}

static int cmd_rules_run(int argc, char **argv)
{
	struct rules_opts o;

	if (argc < 2)
		return usage_error("missing subcommand");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(RULES_USAGE, stdout);
		return DP_EXIT_OK;
	}
	if (parse_opts(argc - 2, argv + 2, &o) != 0)
		return usage_error("bad option");
	if (strcmp(argv[1], "list") == 0)
		return cmd_list(&o);
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(&o);
	if (strcmp(argv[1], "test") == 0)
		return cmd_test(&o);
	if (strcmp(argv[1], "scan") == 0)
		return cmd_scan(&o);
	return usage_error("unknown subcommand");
}

const struct dp_command dp_cmd_rules = {
	"rules",
	"list, check and try PII and secret rules",
	RULES_USAGE,
	cmd_rules_run,
};
