/* test_rules.c - the engine and every built-in rule, with texts that must and must not
 * fire; overrides; limits on a catastrophic pattern; redacted previews. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/config.h"
#include "rules/redact.h"
#include "rules/rules.h"

struct hit {
	char rule[64];
	char value[512];
};

struct hits {
	const char *text;
	struct hit h[16];
	size_t n;
};

static void collect(void *ctx, const struct dp_rule_match *m)
{
	struct hits *hs = ctx;

	if (hs->n >= 16)
		return;
	snprintf(hs->h[hs->n].rule, sizeof(hs->h[0].rule), "%s", m->rule->id);
	snprintf(hs->h[hs->n].value, sizeof(hs->h[0].value), "%.*s", (int)m->len,
		 hs->text + m->offset);
	hs->n++;
}

struct engine {
	struct dp_rules *r;
	struct dp_rules_scratch *s;
};

static int setup(void **state)
{
	struct engine *e = calloc(1, sizeof(*e));
	struct dp_config cfg;
	struct dp_error err;

	dp_config_init(&cfg);
	e->r = dp_rules_new(&cfg, &err);
	if (!e->r)
		fail_msg("%s", err.msg);
	e->s = dp_rules_scratch_new(e->r);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct engine *e = *state;

	dp_rules_scratch_free(e->s);
	dp_rules_free(e->r);
	free(e);
	return 0;
}

static struct hits run(struct engine *e, const char *text)
{
	struct hits hs;

	memset(&hs, 0, sizeof(hs));
	hs.text = text;
	dp_rules_scan(e->r, e->s, text, strlen(text), collect, &hs);
	return hs;
}

struct tcase {
	const char *rule;   /* expected rule, or NULL: nothing may fire */
	const char *value;  /* expected value */
	const char *text;
};

static const struct tcase cases[] = {
	{ "email", "john.doe@example.co.uk", "write to john.doe@example.co.uk today" },
	{ "email", "UtaKortig@jourrapide.com", "E-mail:\nUtaKortig@jourrapide.com\n" },
	{ NULL, NULL, "icon@2x.png and user@localhost and a@b and joe@example.com" },
	{ "phone-intl", "+1-984-182-0190", "mobile +1-984-182-0190 now" },
	{ "phone-intl", "+46 (0)8 928 571 38", "fax +46 (0)8 928 571 38" },
	{ "phone-intl", "0044 20 7946 0958", "ring 0044 20 7946 0958." },
	{ "phone-nanp", "(555) 201-7788", "call (555) 201-7788 x" },
	{ "phone-nanp", "345-899-3560x4587", "is 345-899-3560x4587" },
	{ NULL, NULL, "ISBN 978-0-306-40615-7 and 2024-01-15 and 12345678901234" },
	{ "phone-context", "0490 75 40 81", "Phone: 0490 75 40 81" },
	{ "phone-context", "9498777106", "Fax: 9498777106" },
	{ NULL, NULL, "we sold 0490 75 40 81 units" },
	{ NULL, NULL, "office is at 17031 2202 Rissik St" },
	{ "ipv4", "192.168.1.20", "host 192.168.1.20 is down" },
	{ NULL, NULL, "version 1.2.3.4 and 10.0.0.256 and 01.02.2024 and 1.2.3.4.5" },
	{ NULL, NULL, "see 7.18.1.2, localhost 127.0.0.1, mask 255.255.255.0, net 10.1.2.0" },
	/* an exclude word that ends in the window counts, though it begins before it */
	{ NULL, NULL, "see section 14.9.3 and 10.4.1.2 for the details" },
	/* ... but not across a sentence end */
	{ "ipv4", "10.4.1.2", "Release notes follow. Server 10.4.1.2 is up" },
	{ NULL, NULL, "00217101 00 s 01 picturesque 0 001 & 00215099 a 0000 | suggesting" },
	{ NULL, NULL, "DHCP Messages March 2000 01060035 00 a 01 technical" },
	{ NULL, NULL, "{\"text\": \"554-11-4023=? Compute 554 * 11\"} Phone-like 555-0122 is not" },
	{ "phone-intl", "0044 20 7946 0958", "uk office 0044 20 7946 0958" },
	{ "ipv6", "2001:db8::ff00:42:8329", "addr 2001:db8::ff00:42:8329." },
	{ NULL, NULL, "at 12:30:45, std::vector, mac 00:1a:2b:3c:4d:5e" },
	{ "credit-card", "4111 1111 1111 1111", "pay with 4111 1111 1111 1111 please" },
	{ "credit-card", "378282246310005", "amex 378282246310005" },
	{ NULL, NULL, "order 4111111111111112 and 9780306406157 and 0000000000000000" },
	{ "credit-card-context", "3598899323053410", "my card 3598899323053410 expired" },
	{ NULL, NULL, "reference 3598899323053410 attached" },
	{ "iban", "GB82 WEST 1234 5698 7654 32", "IBAN GB82 WEST 1234 5698 7654 32." },
	{ "iban", "DE89370400440532013000", "to DE89370400440532013000" },
	{ NULL, NULL, "GB82WEST12345698765433 and DE8937040044053201300" },
	{ "us-ssn", "460-89-9847", "SSN: 460-89-9847" },
	{ NULL, NULL, "solve 123-45-6789=? and 000-12-3456 and 666-12-3456 and 912-12-3456" },
	{ "aws-access-key-id", "AKIAQWERTYUIOPASDFGH", "key=AKIAQWERTYUIOPASDFGH\n" },
	{ NULL, NULL, "docs use AKIAIOSFODNN7EXAMPLE as the key" },
	{ "aws-secret-access-key", "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",
	  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEYQ9x2a" },
	{ NULL, NULL, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
	{ "github-token", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
	  "GH_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" },
	{ NULL, NULL, "use ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx or ghp_<token>" },
	{ "slack-token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
	  "SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx" },
	{ NULL, NULL, "set xoxb-your-token-here" },
	{ "slack-webhook", "https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/q8Wm3Zr7Tk2Lp9Xv5Nb4Hy6J",
	  "post to https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/q8Wm3Zr7Tk2Lp9Xv5Nb4Hy6J" },
	{ NULL, NULL, "see https://hooks.slack.com/ and "
	  "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX" },
	{ "google-api-key", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
	  "key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY&q=1" },
	{ NULL, NULL, "key=AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" },
	{ "stripe-key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe: sk_live_4eC39HqLyjWDarjtT1zdp7dc" },
	{ NULL, NULL, "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx" },
	{ "private-key", NULL, "-----BEGIN RSA PRIVATE KEY-----\n"
	  "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8/ZP0cKnrJ9xXZv1aBcD\n" },
	{ NULL, NULL, "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1\n" },
	{ NULL, NULL, "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----" },
	{ "jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
	  "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" },
	{ NULL, NULL, "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc" },
	{ "url-credentials", "postgres://admin:S3cr3tPw0rd@db.internal.example",
	  "DSN postgres://admin:S3cr3tPw0rd@db.internal.example:5432/x" },
	{ NULL, NULL, "https://user:${PASS}@host.example and https://host.example/a:b" },
	{ "generic-secret", "Xk9#mQ2vL8pZ!r4T", "password = 'Xk9#mQ2vL8pZ!r4T'" },
	{ "generic-secret", "a8F3kq9ZpL2mX7vR4tY6", "\"api_key\": \"a8F3kq9ZpL2mX7vR4tY6\"" },
	{ NULL, NULL, "token = tokenizer.encode(text); password: changeme12345678" },
	{ NULL, NULL, "secret_key = settings.SECRET_KEY; api_key = MY_SERVICE_API_KEY_V2" },
	{ NULL, NULL, "commit 3f786850e387550fdab836ed7e6dc881de23001b id "
	  "123e4567-e89b-12d3-a456-426614174000 sha256 "
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ NULL, NULL, "secret: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ NULL, NULL, "api_key: <token> and password: xxxxxxxxxxxxxxxx" },
};

static void test_builtin_cases(void **state)
{
	struct engine *e = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		struct hits hs = run(e, c->text);

		if (!c->rule) {
			if (hs.n)
				fail_msg("case %zu: %s fired on '%s' (%s)", i, hs.h[0].rule,
					 hs.h[0].value, c->text);
			continue;
		}
		if (hs.n != 1 || strcmp(hs.h[0].rule, c->rule) != 0 ||
		    (c->value && strcmp(hs.h[0].value, c->value) != 0))
			fail_msg("case %zu: want %s '%s' in '%s', got %zu findings (%s '%s')", i,
				 c->rule, c->value ? c->value : "", c->text, hs.n,
				 hs.n ? hs.h[0].rule : "-", hs.n ? hs.h[0].value : "");
	}
}

/* Every built-in rule has at least one must-fire case above. */
static void test_every_rule_covered(void **state)
{
	struct engine *e = *state;
	size_t i, j;

	for (i = 0; i < dp_rules_count(e->r); i++) {
		const char *id = dp_rules_info(e->r, i)->id;
		int seen = 0;

		for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
			seen |= cases[j].rule && strcmp(cases[j].rule, id) == 0;
		if (!seen)
			fail_msg("built-in rule %s has no test case", id);
	}
}

static void test_overlap_priority(void **state)
{
	struct engine *e = *state;
	struct hits hs = run(e, "db https://bob:Zq8wLm3Xr7Tk@mail.example.com/ and "
			     "4111-1111-1111-1111");

	assert_int_equal(hs.n, 2);
	assert_string_equal(hs.h[0].rule, "url-credentials");  /* not the email inside */
	assert_string_equal(hs.h[1].rule, "credit-card");      /* not a phone */
}

static void test_override_and_no_builtin(void **state)
{
	struct dp_ruleset set;
	struct dp_error err;
	struct dp_rules *r;
	struct dp_rules_scratch *s;
	struct hits hs;
	const char *text = "ticket EMP-123456 from a@b.example";
	const char *user = "rule email\n trigger at-sign\n pattern NEVERMATCHES@\n"
			   "rule emp\n trigger keyword EMP-\n pattern EMP-[0-9]{6}\n";

	(void)state;
	dp_ruleset_init(&set);
	assert_int_equal(dp_ruleset_load_builtin(&set, &err), DP_OK);
	assert_int_equal(dp_ruleset_parse(&set, user, strlen(user), "user.rules", &err), DP_OK);
	r = dp_rules_compile(&set, 100000, 1000, &err);
	assert_non_null(r);
	s = dp_rules_scratch_new(r);
	memset(&hs, 0, sizeof(hs));
	hs.text = text;
	dp_rules_scan(r, s, text, strlen(text), collect, &hs);
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.h[0].rule, "emp");
	dp_rules_scratch_free(s);
	dp_rules_free(r);
	dp_ruleset_release(&set);
}

static void test_bad_pattern_error(void **state)
{
	struct dp_ruleset set;
	struct dp_error err;

	(void)state;
	dp_ruleset_init(&set);
	assert_int_equal(dp_ruleset_parse(&set, "\nrule x\n trigger at-sign\n pattern a(b\n", 38,
					  "bad.rules", &err), DP_OK);
	assert_null(dp_rules_compile(&set, 1000, 100, &err));
	assert_non_null(strstr(err.msg, "bad.rules:4: rule x: pattern error at offset 3"));
	dp_ruleset_release(&set);
}

/* Time one scan of `text` with rule set `rules`; returns seconds, stores findings and the
 * limit hits of rule 0. */
static double timed_scan(const char *rules, const char *text, size_t len, long *found,
			 uint64_t *hits)
{
	struct dp_ruleset set;
	struct dp_error err;
	struct dp_rules *r;
	struct dp_rules_scratch *s;
	struct timespec t0, t1;

	dp_ruleset_init(&set);
	assert_int_equal(dp_ruleset_parse(&set, rules, strlen(rules), "evil.rules", &err), DP_OK);
	r = dp_rules_compile(&set, 100000, 1000, &err);
	assert_non_null(r);
	s = dp_rules_scratch_new(r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	*found = dp_rules_scan(r, s, text, len, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*hits = dp_rules_scratch_limit_hits(s, 0);
	dp_rules_scratch_free(s);
	dp_rules_free(r);
	dp_ruleset_release(&set);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* (a+)+$ over 50,000 a's: with a trailing 'b' it backtracks catastrophically; the match
 * limit stops it, the rule is counted once and switched off for the text, and the scan
 * finishes well inside a second. Without the 'b' it matches once. */
static void test_catastrophic_pattern(void **state)
{
	const char *rules = "rule evil\n trigger keyword aa\n window 0 4096\n"
			    " pattern (a+)+$\n";
	char *text = malloc(50002);
	uint64_t hits;
	long found;

	(void)state;
	memset(text, 'a', 50000);
	text[50000] = 'b';
	text[50001] = '\0';
	assert_true(timed_scan(rules, text, 50001, &found, &hits) < 1.0);
	assert_int_equal(found, 0);
	assert_int_equal(hits, 1);
	assert_true(timed_scan(rules, text, 50000, &found, &hits) < 1.0);
	assert_int_equal(found, 1);
	assert_int_equal(hits, 0);
	free(text);
}

/* Built-in rules on pathological lines (256 KiB of a repeated unit) stay fast. */
static void test_pathological_inputs(void **state)
{
	static const char *const units[] = { "a@", "@", "eyJ", "a://", "1 ", "1.", ":a", "AKIA",
					     "password=", "ghp_", "-----BEGIN ", "9", "x" };
	struct engine *e = *state;
	size_t n = 256 * 1024, i, k;
	char *text = malloc(n + 1);

	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
		size_t ul = strlen(units[k]);
		struct timespec t0, t1;
		double secs;

		for (i = 0; i < n; i++)
			text[i] = units[k][i % ul];
		text[n] = '\0';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		dp_rules_scan(e->r, e->s, text, n, NULL, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (secs > 1.0)
			fail_msg("'%s' repeated took %.2f s", units[k], secs);
	}
	free(text);
}

/* Over DP_RULES_MAX_FINDINGS in one text: the rest are counted as dropped, never lost
 * silently. */
static void test_findings_cap(void **state)
{
	struct engine *e = *state;
	size_t n = 70000, i;
	char *text = malloc(n * 7 + 1);
	uint64_t before = dp_rules_scratch_dropped(e->s);

	for (i = 0; i < n; i++)
		memcpy(text + 7 * i, "a@b.io ", 7);
	text[7 * n] = '\0';
	assert_int_equal(dp_rules_scan(e->r, e->s, text, 7 * n, NULL, NULL), DP_RULES_MAX_FINDINGS);
	assert_int_equal(dp_rules_scratch_dropped(e->s) - before, n - DP_RULES_MAX_FINDINGS);
	free(text);
}

static void test_previews(void **state)
{
	char out[64];

	(void)state;
	dp_redact_preview(DP_PREVIEW_EMAIL, "john@example.com", 16, out, sizeof(out));
	assert_string_equal(out, "j***@e***.com");
	dp_redact_preview(DP_PREVIEW_CARD, "4242 4242 4242 4242", 19, out, sizeof(out));
	assert_string_equal(out, "**** **** **** 4242");
	dp_redact_preview(DP_PREVIEW_DIGITS, "460-89-9847", 11, out, sizeof(out));
	assert_string_equal(out, "***-**-**47");
	dp_redact_preview(DP_PREVIEW_PREFIX, "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", 40, out,
			  sizeof(out));
	assert_string_equal(out, "ghp_***(40)");
	dp_redact_preview(DP_PREVIEW_IP, "192.168.1.20", 12, out, sizeof(out));
	assert_string_equal(out, "192.*.*.*");
	dp_redact_preview(DP_PREVIEW_MASK, "secret", 6, out, sizeof(out));
	assert_string_equal(out, "***(6)");
	dp_redact_preview(DP_PREVIEW_CARD, "4242424242424242", 16, out, 8);
	assert_int_equal(strlen(out), 7);                  /* truncated, still terminated */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_cases),
		cmocka_unit_test(test_every_rule_covered),
		cmocka_unit_test(test_overlap_priority),
		cmocka_unit_test(test_override_and_no_builtin),
		cmocka_unit_test(test_bad_pattern_error),
		cmocka_unit_test(test_catastrophic_pattern),
		cmocka_unit_test(test_pathological_inputs),
		cmocka_unit_test(test_findings_cap),
		cmocka_unit_test(test_previews),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
