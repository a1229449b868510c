/* cmd_license.c - `dataprov license FILE...`: name the licenses in files, map values. */
#include "cli/command.h"
#include "core/error.h"
#include "core/json.h"
#include "license/corpus.h"
#include "license/license.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LICENSE_FILE_MAX (64u << 20) /* bytes read from one FILE */

#define LICENSE_USAGE \
	"usage: dataprov license [--json] FILE...\n" \
	"       dataprov license --facts ID\n" \
	"       dataprov license --map VALUE...\n" \
	"\n" \
	"Identify the licenses in files ('-' reads stdin): full texts, standard notices,\n" \
	"SPDX-License-Identifier tags and references (license URLs, \"licensed under ...\").\n" \
	"One line per detection: PATH: SPDX-ID KIND CONFIDENCE lines A-B.\n" \
	"  --json        one JSON document: {files: [{path, detections: [{spdx, kind,\n" \
	"                confidence, lines: [A, B]}]}]}\n" \
	"  --facts ID    print the license facts of an SPDX or LicenseRef- id\n" \
	"  --map VALUE   map free-form license values (\"CC BY-SA 3.0\", \"apache 2\", a URL)\n" \
	"                to SPDX: VALUE<TAB>class<TAB>SPDX\n" \
	"Exit status: 0 something found, 1 nothing found, 2 usage error, 3 a file unreadable.\n"

struct lic_opts {
	int json;
	const char *facts;
	int map;
	char **files;
	int n_files;
};

struct file_ctx {
	const char *path;
	struct dp_json *j;   /* NULL for text output */
	unsigned found;
};

static int usage_error(const char *msg)
{
	fprintf(stderr, "dataprov license: %s\n%s", msg, LICENSE_USAGE);
	return DP_EXIT_USAGE;
}

static int parse_opts(int argc, char **argv, struct lic_opts *o)
{
	int i, only_files = 0;

	memset(o, 0, sizeof(*o));
	o->files = argv;
	for (i = 1; i < argc; i++) {
		if (only_files || argv[i][0] != '-' || argv[i][1] == '\0')
			o->files[o->n_files++] = argv[i];
		else if (!strcmp(argv[i], "--"))
			only_files = 1;
		else if (!strcmp(argv[i], "--json"))
			o->json = 1;
		else if (!strcmp(argv[i], "--map"))
			o->map = 1;
		else if (!strcmp(argv[i], "--facts") && i + 1 < argc)
			o->facts = argv[++i];
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
		else
			return -1;
	}
	return 0;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;
		if (n + 65536 + 1 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 131072;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0 || n >= LICENSE_FILE_MAX)
			break;
	}
	if (f != stdin)
		fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static void on_hit(void *ctx, const struct dp_license_hit *h)
{
	struct file_ctx *fc = ctx;

	fc->found++;
	if (!fc->j) {
		printf("%s: %s %s %.2f lines %u-%u\n", fc->path, h->spdx, h->kind, h->confidence,
		       h->line_start, h->line_end);
		return;
	}
	dp_json_obj_begin(fc->j);
	dp_json_kv_str(fc->j, "spdx", h->spdx);
	dp_json_kv_str(fc->j, "kind", h->kind);
	dp_json_kv_double(fc->j, "confidence", h->confidence);
	dp_json_key(fc->j, "lines");
	dp_json_arr_begin(fc->j);
	dp_json_u64(fc->j, h->line_start);
	dp_json_u64(fc->j, h->line_end);
	dp_json_arr_end(fc->j);
	dp_json_obj_end(fc->j);
}

/* Scan one file; returns detections found, or -1 when unreadable. */
static long scan_one(const struct dp_license_corpus *c, const char *path, struct dp_json *j)
{
	struct file_ctx fc = { path, j, 0 };
	size_t len = 0;
	char *text = read_all(path, &len);

	if (!text) {
		fprintf(stderr, "dataprov license: %s: cannot read\n", path);
		return -1;
	}
	if (j) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "path", path);
		dp_json_key(j, "detections");
		dp_json_arr_begin(j);
	}
	if (dp_license_scan(c, text, len, on_hit, &fc) != DP_OK)
		fprintf(stderr, "dataprov license: %s: out of memory\n", path);
	if (j) {
		dp_json_arr_end(j);
		dp_json_obj_end(j);
	}
	free(text);
	return (long)fc.found;
}

static int run_files(const struct dp_license_corpus *c, const struct lic_opts *o)
{
	struct dp_json *j = o->json ? dp_json_new(1) : NULL;
	long found = 0, r;
	int i, unreadable = 0;

	if (o->json && !j)
		return DP_EXIT_FATAL;
	if (j) {
		dp_json_obj_begin(j);
		dp_json_key(j, "files");
		dp_json_arr_begin(j);
	}
	for (i = 0; i < o->n_files; i++) {
		r = scan_one(c, o->files[i], j);
		if (r < 0)
			unreadable = 1;
		else
			found += r;
	}
	if (j) {
		size_t len;
		const char *txt;
		dp_json_arr_end(j);
		dp_json_obj_end(j);
		txt = dp_json_text(j, &len);
		fwrite(txt, 1, len, stdout);
		fputc('\n', stdout);
		dp_json_free(j);
	}
	if (unreadable)
		return DP_EXIT_PARTIAL;
	return found ? DP_EXIT_OK : DP_EXIT_POLICY;
}

static int run_facts(const struct dp_license_corpus *c, const char *id)
{
	const struct dp_license_facts *f = dp_license_facts_find(c, id);
	uint32_t li = dp_lic_find(c, id);

	if (!f && li == DP_LIC_NONE) {
		fprintf(stderr, "dataprov license: %s: no facts for this id\n", id);
		return DP_EXIT_POLICY;
	}
	printf("id\t%s\n", f ? f->spdx : c->lics[li].id);
	printf("name\t%s\n", f ? f->name : c->lics[li].name);
	if (li != DP_LIC_NONE) {
		printf("osi_approved\t%s\n", c->lics[li].flags & DP_LIC_OSI ? "yes" : "no");
		printf("deprecated\t%s\n", c->lics[li].flags & DP_LIC_DEPRECATED ? "yes" : "no");
	}
	if (f) {
		printf("commercial_use\t%s\n", f->commercial);
		printf("copyleft\t%s\n", f->copyleft);
		printf("attribution\t%s\n", f->attribution);
		printf("non_commercial\t%s\n", f->noncommercial);
		printf("no_derivatives\t%s\n", f->noderivatives);
		printf("family\t%s\n", f->family);
	}
	return DP_EXIT_OK;
}

static int run_map(const struct dp_license_corpus *c, const struct lic_opts *o)
{
	int i, mapped = 0;
	char out[512];

	for (i = 0; i < o->n_files; i++) {
		enum dp_license_class k = dp_license_map_value(c, o->files[i],
							       strlen(o->files[i]), out, sizeof(out));
		printf("%s\t%s\t%s\n", o->files[i], dp_license_class_name(k), out);
		mapped += k == DP_LICENSE_MAPPED;
	}
	return mapped ? DP_EXIT_OK : DP_EXIT_POLICY;
}

static int cmd_license_run(int argc, char **argv)
{
	struct lic_opts o;
	struct dp_error err;
	struct dp_license_corpus *c;
	int rc, p = parse_opts(argc, argv, &o);

	if (p > 0) {
		fputs(LICENSE_USAGE, stdout);
		return DP_EXIT_OK;
	}
	if (p < 0)
		return usage_error("bad option");
	if (!o.facts && !o.n_files)
		return usage_error("no FILE given");
	dp_error_clear(&err);
	c = dp_license_corpus_load(&err);
	if (!c) {
		fprintf(stderr, "dataprov license: %s\n", err.msg);
		return DP_EXIT_FATAL;
	}
	if (o.facts)
		rc = run_facts(c, o.facts);
	else if (o.map)
		rc = run_map(c, &o);
	else
		rc = run_files(c, &o);
	dp_license_corpus_free(c);
	return rc;
}

const struct dp_command dp_cmd_license = {
	"license",
	"identify licenses in files (texts, notices, SPDX tags, references)",
	LICENSE_USAGE,
	cmd_license_run,
};
