/* pii_eval.c - span-level precision/recall of the rule engine on a labelled JSON file.
 *
 * Input: a JSON array of {"full_text": str, "spans": [{"entity_type", "start_position",
 * "end_position"}]} with code-point offsets (Presidio research's format; our generated
 * secrets set uses the same shape). Usage: pii_eval [--overlap] FILE TYPE... ; prints one
 * row per TYPE: gold, predicted, true positives, precision, recall, F1, then how many
 * documents without any gold span (decoys) got a finding of a listed type. A prediction
 * is a true positive when its type agrees and its span is identical to a gold span (or,
 * with --overlap, overlaps one). Exit 0.
 */
#include "core/config.h"
#include "core/json.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TYPES 32

struct tally {
	const char *type;
	long gold, pred, tp;
};

struct span {
	const char *type;
	size_t start, end;  /* code points */
};

struct doc_ctx {
	const char *text;
	struct span pred[256];
	size_t n_pred;
};

/* The report type of a rule: Presidio names for the PII rules, the rule id otherwise. */
static const char *type_of(const char *rule)
{
	static const char *const map[][2] = {
		{ "email", "EMAIL_ADDRESS" }, { "phone-intl", "PHONE_NUMBER" },
		{ "phone-nanp", "PHONE_NUMBER" }, { "phone-context", "PHONE_NUMBER" },
		{ "credit-card", "CREDIT_CARD" }, { "credit-card-context", "CREDIT_CARD" },
		{ "iban", "IBAN_CODE" },
		{ "us-ssn", "US_SSN" }, { "ipv4", "IP_ADDRESS" }, { "ipv6", "IP_ADDRESS" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], rule) == 0)
			return map[i][1];
	return rule;
}

static size_t cp_index(const char *s, size_t byte)
{
	size_t i, n = 0;

	for (i = 0; i < byte; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void on_match(void *vctx, const struct dp_rule_match *m)
{
	struct doc_ctx *d = vctx;

	if (d->n_pred >= sizeof(d->pred) / sizeof(d->pred[0]))
		return;
	d->pred[d->n_pred].type = type_of(m->rule->id);
	d->pred[d->n_pred].start = cp_index(d->text, m->offset);
	d->pred[d->n_pred].end = cp_index(d->text, m->offset + m->len);
	d->n_pred++;
}

static struct tally *find_type(struct tally *t, size_t n, const char *type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].type, type) == 0)
			return &t[i];
	return NULL;
}

static int overlap_mode;

static int gold_has(yajl_val spans, const struct span *p)
{
	size_t i;

	for (i = 0; spans && YAJL_IS_ARRAY(spans) && i < spans->u.array.len; i++) {
		yajl_val g = spans->u.array.values[i];

		uint64_t gs = dp_jt_u64(g, "start_position", 0), ge = dp_jt_u64(g, "end_position", 0);

		if (strcmp(dp_jt_str(g, "entity_type", ""), p->type) != 0)
			continue;
		if (overlap_mode ? (gs < p->end && p->start < ge) : (gs == p->start && ge == p->end))
			return 1;
	}
	return 0;
}

/* Returns 1 when the document has no gold span but got a finding of a listed type. */
static int score_doc(yajl_val doc, struct doc_ctx *d, struct tally *t, size_t nt, int verbose)
{
	yajl_val spans = dp_jt_get(doc, "spans");
	int decoy = !spans || !YAJL_IS_ARRAY(spans) || spans->u.array.len == 0, flagged = 0;
	size_t i;

	for (i = 0; spans && YAJL_IS_ARRAY(spans) && i < spans->u.array.len; i++) {
		struct tally *x = find_type(t, nt, dp_jt_str(spans->u.array.values[i],
							      "entity_type", ""));
		if (x)
			x->gold++;
	}
	for (i = 0; i < d->n_pred; i++) {
		struct tally *x = find_type(t, nt, d->pred[i].type);
		int ok;

		if (!x)
			continue;
		x->pred++;
		flagged = 1;
		ok = gold_has(spans, &d->pred[i]);
		x->tp += ok;
		if (!ok && verbose)
			printf("FP %s [%zu,%zu) in: %s\n", d->pred[i].type, d->pred[i].start,
			       d->pred[i].end, d->text);
	}
	return decoy && flagged;
}

static void print_table(const struct tally *t, size_t nt)
{
	size_t i;

	printf("| type | gold | found | TP | precision | recall | F1 |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < nt; i++) {
		double p = t[i].pred ? (double)t[i].tp / (double)t[i].pred : 1.0;
		double r = t[i].gold ? (double)t[i].tp / (double)t[i].gold : 1.0;
		double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;

		printf("| %s | %ld | %ld | %ld | %.3f | %.3f | %.3f |\n", t[i].type, t[i].gold,
		       t[i].pred, t[i].tp, p, r, f);
	}
}

int main(int argc, char **argv)
{
	struct dp_config cfg;
	struct dp_error err;
	struct tally t[MAX_TYPES];
	struct dp_rules *r;
	struct dp_rules_scratch *s;
	struct doc_ctx *d = calloc(1, sizeof(*d));
	char jerr[256];
	yajl_val root;
	size_t i, nt = 0, decoys = 0, flagged = 0;
	int verbose = getenv("PII_EVAL_VERBOSE") != NULL;

	if (argc > 1 && strcmp(argv[1], "--overlap") == 0) {
		overlap_mode = 1;
		argv++;
		argc--;
	}
	if (argc < 3 || !d) {
		fprintf(stderr, "usage: pii_eval [--overlap] FILE TYPE...\n");
		return 2;
	}
	for (i = 2; i < (size_t)argc && nt < MAX_TYPES; i++, nt++)
		t[nt] = (struct tally){ argv[i], 0, 0, 0 };
	root = dp_jt_load(argv[1], jerr, sizeof(jerr));
	dp_config_init(&cfg);
	r = dp_rules_new(&cfg, &err);
	s = r ? dp_rules_scratch_new(r) : NULL;
	if (!root || !YAJL_IS_ARRAY(root) || !s) {
		fprintf(stderr, "pii_eval: %s\n", !root ? jerr : !r ? err.msg : "bad input");
		return 2;
	}
	for (i = 0; i < root->u.array.len; i++) {
		yajl_val doc = root->u.array.values[i];
		yajl_val spans = dp_jt_get(doc, "spans");

		d->text = dp_jt_str(doc, "full_text", "");
		d->n_pred = 0;
		dp_rules_scan(r, s, d->text, strlen(d->text), on_match, d);
		decoys += !spans || !YAJL_IS_ARRAY(spans) || spans->u.array.len == 0;
		flagged += (size_t)score_doc(doc, d, t, nt, verbose);
	}
	print_table(t, nt);
	printf("\ndocuments without gold spans: %zu, flagged: %zu\n", decoys, flagged);
	yajl_tree_free(root);
	dp_rules_scratch_free(s);
	dp_rules_free(r);
	free(d);
	return 0;
}
