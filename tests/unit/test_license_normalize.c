/* test_license_normalize.c - license/normalize: tokens, bullets, copyright lines, equivalent
 * words and the lookup keys of names and URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "license/normalize.h"

/* Tokenise both strings and compare the token hashes. */
static int same_tokens(const struct dp_lic_equiv *eq, const char *a, const char *b)
{
	struct dp_lic_toks x, y;
	int same;
	size_t i;

	dp_lic_toks_init(&x);
	dp_lic_toks_init(&y);
	assert_int_equal(dp_lic_tokenize(eq, a, strlen(a), 1, &x), 0);
	assert_int_equal(dp_lic_tokenize(eq, b, strlen(b), 1, &y), 0);
	same = x.n == y.n;
	for (i = 0; same && i < x.n; i++)
		same = x.v[i].h == y.v[i].h;
	dp_lic_toks_release(&x);
	dp_lic_toks_release(&y);
	return same;
}

static void case_punctuation_and_quotes(void **state)
{
	(void)state;
	assert_true(same_tokens(NULL, "THE SOFTWARE IS PROVIDED \"AS IS\"",
				"the software is provided \xe2\x80\x9c" "as is\xe2\x80\x9d"));
	assert_true(same_tokens(NULL, "non-infringement -- see", "non infringement \xe2\x80\x94 see"));
	assert_true(same_tokens(NULL, "a   b\n\tc", "a b c"));
	assert_false(same_tokens(NULL, "version 2", "version 3"));
	/* markup is not text; a lone "<" is punctuation */
	assert_true(same_tokens(NULL, "<p>Permission is <b>hereby</b> granted</p><br/>",
				"Permission is hereby granted"));
	assert_true(same_tokens(NULL, "a < b", "a b"));
}

/* A word hyphenated at a line end reads whole; other hyphens still separate words. */
static void line_end_hyphens(void **state)
{
	(void)state;
	assert_true(same_tokens(NULL, "any person ob-\ntaining a copy", "any person obtaining a copy"));
	assert_true(same_tokens(NULL, " * AND NONIN- \n * FRINGEMENT.", "AND NONINFRINGEMENT."));
	assert_true(same_tokens(NULL, "non-infringement", "non infringement"));
	/* a hyphen before a number or a blank line joins nothing */
	assert_true(same_tokens(NULL, "versions 1-\n2", "versions 1 2"));
	assert_true(same_tokens(NULL, "the end-\n\nnext", "the end next"));
}

static void bullets_dropped(void **state)
{
	(void)state;
	assert_true(same_tokens(NULL, "1. Redistributions of source\n2. Redistributions",
				"Redistributions of source\nRedistributions"));
	assert_true(same_tokens(NULL, "(a) the work; (iv) any part", "the work; any part"));
	assert_true(same_tokens(NULL, "  2.1. Definitions", "Definitions"));
	/* a number inside a sentence is kept */
	assert_false(same_tokens(NULL, "version 2 of the License", "version of the License"));
}

static void copyright_lines_dropped(void **state)
{
	(void)state;
	assert_true(same_tokens(NULL, "Copyright (c) 2020 Jane Doe\nPermission is granted",
				"Permission is granted"));
	assert_true(same_tokens(NULL, " * Copyright 1999-2004 ACME\nPermission", "Permission"));
	/* "copyright notice" in a sentence stays */
	assert_false(same_tokens(NULL, "copyright notice and this permission notice",
				 "and this permission notice"));
}

static void equivalent_words(void **state)
{
	struct dp_lic_equiv eq;
	(void)state;
	memset(&eq, 0, sizeof(eq));
	assert_int_equal(dp_lic_equiv_add(&eq, "license", "licence"), 0);
	assert_int_equal(dp_lic_equiv_add(&eq, "sublicense", "sub license"), 0);
	assert_int_equal(dp_lic_equiv_add(&eq, "copyright holder", "copyright owner"), 0);
	assert_int_equal(dp_lic_equiv_add(&eq, "and", "&"), 0);
	assert_true(same_tokens(&eq, "this Licence", "this license"));
	assert_true(same_tokens(&eq, "may sub-license the work", "may sublicense the work"));
	assert_true(same_tokens(&eq, "the copyright owner shall", "the copyright holder shall"));
	assert_true(same_tokens(&eq, "terms & conditions", "terms and conditions"));
	assert_false(same_tokens(NULL, "this Licence", "this license"));
	dp_lic_equiv_release(&eq);
}

static void lines_and_offsets(void **state)
{
	struct dp_lic_toks t;
	const char *s = "MIT License\n\nPermission is hereby";
	(void)state;
	dp_lic_toks_init(&t);
	assert_int_equal(dp_lic_tokenize(NULL, s, strlen(s), 1, &t), 0);
	assert_int_equal(t.n, 5);
	assert_int_equal(t.v[0].line, 1);
	assert_int_equal(t.v[2].line, 3);
	assert_int_equal(t.v[2].off, 13);
	dp_lic_toks_release(&t);
}

static void name_keys(void **state)
{
	char a[64], b[64];
	(void)state;
#define KEY(s, out) dp_lic_name_key(s, strlen(s), out, sizeof(out))
	KEY("Apache License, Version 2.0", a);
	assert_string_equal(a, "apache2");
	KEY("apache-2.0", b);
	assert_string_equal(a, b);
	KEY("Apache 2", b);
	assert_string_equal(a, b);
	KEY("GPLv3+", a);
	KEY("GPL-3.0-or-later", b);
	assert_string_equal(a, "gpl3+");
	assert_string_equal(a, b);
	KEY("GPL-3.0-only", a);
	assert_string_equal(a, "gpl3");
	KEY("CC BY-NC-SA 4.0 International", a);
	KEY("cc-by-nc-sa-4.0", b);
	assert_string_equal(a, b);
	KEY("CC BY-NC 4.0", b);
	assert_string_not_equal(a, b);
	/* CC titles: "NoDerivs" is "No Derivatives"; "Public" after the version */
	KEY("Creative Commons Attribution-NoDerivs 1.0 License", a);
	KEY("Creative Commons Attribution No Derivatives 1.0 Generic", b);
	assert_string_equal(a, b);
	KEY("Creative Commons Attribution-ShareAlike 4.0 International Public License", a);
	KEY("Creative Commons Attribution Share Alike 4.0 International", b);
	assert_string_equal(a, b);
	KEY("Mozilla Public License 2.0", a);
	assert_string_equal(a, "mozillapublic2");
	KEY("OpenLDAP Public License Version 2.0.1", a);
	KEY("The OpenLDAP Public License Version 2.1", b);
	assert_string_not_equal(a, b);
#undef KEY
}

static void url_keys(void **state)
{
	char a[128];
	const char *u = "https://creativecommons.org/licenses/by-nc/4.0/deed.en";
	(void)state;
	dp_lic_url_key(u, strlen(u), a, sizeof(a));
	assert_string_equal(a, "creativecommons.org/licenses/by-nc/4.0");
	u = "http://www.apache.org/licenses/LICENSE-2.0.txt";
	dp_lic_url_key(u, strlen(u), a, sizeof(a));
	assert_string_equal(a, "apache.org/licenses/license-2.0");
	u = "https://creativecommons.org/licenses/by/4.0/legalcode";
	dp_lic_url_key(u, strlen(u), a, sizeof(a));
	assert_string_equal(a, "creativecommons.org/licenses/by/4.0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(case_punctuation_and_quotes),
		cmocka_unit_test(line_end_hyphens),
		cmocka_unit_test(bullets_dropped),
		cmocka_unit_test(copyright_lines_dropped),
		cmocka_unit_test(equivalent_words),
		cmocka_unit_test(lines_and_offsets),
		cmocka_unit_test(name_keys),
		cmocka_unit_test(url_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
