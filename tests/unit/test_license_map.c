/* test_license_map.c - free-form license values to SPDX: Hugging Face ids, spellings, URLs,
 * expressions, and the three classes of what does not map (unknown, unrecognized, missing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "license/license.h"

static struct dp_license_corpus *corpus;

static int setup(void **state)
{
	struct dp_error err;
	(void)state;
	corpus = dp_license_corpus_load(&err);
	return corpus ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_license_corpus_free(corpus);
	return 0;
}

static void expect(const char *value, enum dp_license_class k, const char *spdx)
{
	char out[256];
	enum dp_license_class got = dp_license_map_value(corpus, value, value ? strlen(value) : 0,
							  out, sizeof(out));
	if (got != k || (spdx && strcmp(out, spdx) != 0))
		fail_msg("'%s': got %s '%s', expected %s '%s'", value ? value : "(null)",
			 dp_license_class_name(got), out, dp_license_class_name(k), spdx ? spdx : "");
}

static void hugging_face_ids(void **state)
{
	(void)state;
	expect("cc-by-nc-4.0", DP_LICENSE_MAPPED, "CC-BY-NC-4.0");
	expect("cc-by-nc-sa-4.0", DP_LICENSE_MAPPED, "CC-BY-NC-SA-4.0");
	expect("cc-by-nd-4.0", DP_LICENSE_MAPPED, "CC-BY-ND-4.0");
	expect("odc-by", DP_LICENSE_MAPPED, "ODC-By-1.0");
	expect("odbl", DP_LICENSE_MAPPED, "ODbL-1.0");
	expect("gpl-3.0", DP_LICENSE_MAPPED, "GPL-3.0-only");
	expect("apache-2.0", DP_LICENSE_MAPPED, "Apache-2.0");
	expect("mit", DP_LICENSE_MAPPED, "MIT");
	expect("cc0-1.0", DP_LICENSE_MAPPED, "CC0-1.0");
	expect("openrail", DP_LICENSE_MAPPED, "LicenseRef-OpenRAIL");
	expect("llama2", DP_LICENSE_MAPPED, "LicenseRef-Llama-2-Community");
	expect("cdla-permissive-2.0", DP_LICENSE_MAPPED, "CDLA-Permissive-2.0");
}

static void common_spellings(void **state)
{
	(void)state;
	expect("CC BY-SA 3.0", DP_LICENSE_MAPPED, "CC-BY-SA-3.0");
	expect("Creative Commons Attribution-ShareAlike 3.0 Unported", DP_LICENSE_MAPPED,
	       "CC-BY-SA-3.0");
	expect("Creative Commons Attribution 4.0 International", DP_LICENSE_MAPPED, "CC-BY-4.0");
	expect("CC-BY 4.0", DP_LICENSE_MAPPED, "CC-BY-4.0");
	expect("Apache 2", DP_LICENSE_MAPPED, "Apache-2.0");
	/* names with no SPDX spelling: clause counts, families, earlier and project names */
	expect("BSD-2", DP_LICENSE_MAPPED, "BSD-2-Clause");
	expect("BSD-3", DP_LICENSE_MAPPED, "BSD-3-Clause");
	expect("OpenRAIL-M", DP_LICENSE_MAPPED, "LicenseRef-OpenRAIL");
	expect("Open CASCADE Public License", DP_LICENSE_MAPPED, "OCCT-PL");
	expect("SFL License Agreement", DP_LICENSE_MAPPED, "iMatix");
	expect("SIL OFL 1.1", DP_LICENSE_MAPPED, "OFL-1.1");
	expect("the mozilla.org tri-license", DP_LICENSE_MAPPED,
	       "MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later");
	expect("Apache License, Version 2.0", DP_LICENSE_MAPPED, "Apache-2.0");
	expect("GPLv3+", DP_LICENSE_MAPPED, "GPL-3.0-or-later");
	expect("GPLv2", DP_LICENSE_MAPPED, "GPL-2.0-only");
	expect("GNU GPL v3", DP_LICENSE_MAPPED, "GPL-3.0-only");
	expect("BSD 3-Clause", DP_LICENSE_MAPPED, "BSD-3-Clause");
	expect("BSD (revised)", DP_LICENSE_MAPPED, "BSD-3-Clause"); /* adjective after the name */
	expect("BSD-Modified", DP_LICENSE_MAPPED, "BSD-3-Clause");
	expect("The Modified Berkeley Software Distribution License", DP_LICENSE_MAPPED,
	       "BSD-3-Clause");
	expect("Apache Public License 2.0", DP_LICENSE_MAPPED, "Apache-2.0");
	expect("GNU LGPL v2.1", DP_LICENSE_MAPPED, "LGPL-2.1-only");
	expect("the Lesser GNU General Public License", DP_LICENSE_MAPPED, "LGPL-2.1-or-later");
	expect("GNU AGPLv3+", DP_LICENSE_MAPPED, "AGPL-3.0-or-later");
	/* a name without its version: the latest version */
	expect("European Union Public License", DP_LICENSE_MAPPED, "EUPL-1.2");
	expect("University of Illinois Open Source License", DP_LICENSE_MAPPED, "NCSA");
	/* acronyms of licenses of one version */
	expect("CPL", DP_LICENSE_MAPPED, "CPL-1.0");
	expect("CDDL", DP_LICENSE_MAPPED, "CDDL-1.0");
	expect("  \"MIT License\" ", DP_LICENSE_MAPPED, "MIT");
	/* deprecated ids read as their current form */
	expect("GPL-2.0+", DP_LICENSE_MAPPED, "GPL-2.0-or-later");
}

static void urls_and_expressions(void **state)
{
	(void)state;
	expect("https://creativecommons.org/licenses/by-nc/4.0/", DP_LICENSE_MAPPED, "CC-BY-NC-4.0");
	expect("http://creativecommons.org/licenses/by-nc-nd/3.0/legalcode", DP_LICENSE_MAPPED,
	       "CC-BY-NC-ND-3.0");
	expect("https://creativecommons.org/publicdomain/zero/1.0/", DP_LICENSE_MAPPED, "CC0-1.0");
	expect("https://www.apache.org/licenses/LICENSE-2.0.html", DP_LICENSE_MAPPED, "Apache-2.0");
	expect("https://opensource.org/licenses/MIT", DP_LICENSE_MAPPED, "MIT");
	expect("https://www.gnu.org/licenses/gpl-3.0.html", DP_LICENSE_MAPPED, "GPL-3.0-only");
	/* an address that a license and a variant of it both list names the license */
	expect("http://mozilla.org/MPL/2.0/", DP_LICENSE_MAPPED, "MPL-2.0");
	expect("https://www.gnu.org/licenses/fdl-1.3", DP_LICENSE_MAPPED, "GFDL-1.3-only");
	expect("https://glassfish.dev.java.net/public/CDDL+GPL_1_1.html", DP_LICENSE_MAPPED,
	       "CDDL-1.1");
	/* gnu.org's translations of a license page, and its older copyleft/ directory */
	expect("https://www.gnu.org/licenses/gpl-3.0.en.html", DP_LICENSE_MAPPED, "GPL-3.0-only");
	expect("https://www.gnu.org/licenses/lgpl-3.0.ru.html", DP_LICENSE_MAPPED, "LGPL-3.0-only");
	expect("https://www.gnu.org/licenses/old-licenses/gpl-2.0.pt-br.html", DP_LICENSE_MAPPED,
	       "GPL-2.0-only");
	expect("http://www.gnu.org/copyleft/gpl.html", DP_LICENSE_MAPPED, "GPL-1.0-or-later");
	expect("http://www.gnu.org/copyleft/lesser.html", DP_LICENSE_MAPPED, "LGPL-2.1-or-later");
	/* a page or file named by a versioned SPDX id, on any site; an unversioned id or
	 * another path is no license page */
	expect("https://www.widgets.example/documents/epl-2.0/EPL-2.0.html", DP_LICENSE_MAPPED,
	       "EPL-2.0");
	expect("https://git.widgets.example/tree/main/lgpl-2.1.txt", DP_LICENSE_MAPPED,
	       "LGPL-2.1-only");
	expect("https://widgets.example/2020-05/MIT", DP_LICENSE_UNRECOGNIZED, NULL);
	expect("https://widgets.example/release-2.0", DP_LICENSE_UNRECOGNIZED, NULL);
	/* choosealicense.com pages are named by SPDX id */
	expect("http://choosealicense.com/licenses/mit/", DP_LICENSE_MAPPED, "MIT");
	expect("https://choosealicense.com/licenses/bsd-2-clause/", DP_LICENSE_MAPPED,
	       "BSD-2-Clause");
	expect("http://aws.amazon.com/apache2.0/", DP_LICENSE_MAPPED, "Apache-2.0");
	expect("https://www.eclipse.org/legal/cpl-v10.html", DP_LICENSE_MAPPED, "CPL-1.0");
	expect("https://curl.haxx.se/docs/copyright.html", DP_LICENSE_MAPPED, "curl");
	expect("http://www.cmake.org/HTML/Copyright.html", DP_LICENSE_MAPPED, "BSD-3-Clause");
	expect("http://www.opensource.org/licenses/artistic-license.html", DP_LICENSE_MAPPED,
	       "Artistic-1.0");
	expect("MIT OR Apache-2.0", DP_LICENSE_MAPPED, "MIT OR Apache-2.0");
	expect("mit and (bsd-3-clause or LicenseRef-Mine)", DP_LICENSE_MAPPED,
	       "MIT AND (BSD-3-Clause OR LicenseRef-Mine)");
	/* deprecated ids in an expression, and "+", read in current terms */
	expect("MIT OR GPL-2.0+", DP_LICENSE_MAPPED, "MIT OR GPL-2.0-or-later");
	expect("GPL-2.0+ WITH Classpath-exception-2.0", DP_LICENSE_MAPPED,
	       "GPL-2.0-or-later WITH Classpath-exception-2.0");
	expect("mpl-1.1+ OR mit", DP_LICENSE_MAPPED, "MPL-1.1+ OR MIT");
	/* a deprecated id alone: the SPDX list's replacement */
	expect("GPL-2.0-with-classpath-exception", DP_LICENSE_MAPPED,
	       "GPL-2.0-only WITH Classpath-exception-2.0");
	expect("StandardML-NJ", DP_LICENSE_MAPPED, "SMLNJ");
}

static void free_text_values(void **state)
{
	(void)state;
	expect("Creative Commons Attribution 4.0 International (CC BY 4.0)", DP_LICENSE_MAPPED,
	       "CC-BY-4.0");
	expect("This dataset is released under the MIT license.", DP_LICENSE_MAPPED, "MIT");
	expect("See https://creativecommons.org/licenses/by-sa/4.0/ for details",
	       DP_LICENSE_MAPPED, "CC-BY-SA-4.0");
	expect("Apache License 2.0 and MIT", DP_LICENSE_MAPPED, "Apache-2.0 AND MIT");
	expect("MIT/Apache-2.0", DP_LICENSE_MAPPED, "MIT OR Apache-2.0");
	expect("CC-BY-4.0, ODbL", DP_LICENSE_MAPPED, "CC-BY-4.0 AND ODbL-1.0");
	/* mixed and/or, or a part that maps to nothing: not guessed */
	expect("mit or gpl-3.0 and bsd", DP_LICENSE_UNRECOGNIZED, "");
	expect("foo, MIT", DP_LICENSE_UNRECOGNIZED, "");
	/* an unversioned Creative Commons name cannot be pinned to a version */
	expect("CC BY-NC-SA", DP_LICENSE_UNRECOGNIZED, "");
}

static void three_kinds_of_nothing(void **state)
{
	(void)state;
	expect("unknown", DP_LICENSE_UNKNOWN, "");
	expect("other", DP_LICENSE_UNKNOWN, "");
	expect("Other", DP_LICENSE_UNKNOWN, "");
	expect("", DP_LICENSE_MISSING, "");
	expect("   ", DP_LICENSE_MISSING, "");
	expect(NULL, DP_LICENSE_MISSING, "");
	expect("my own terms v7", DP_LICENSE_UNRECOGNIZED, "");
	expect("MIT OR Frobnicate-1.0", DP_LICENSE_UNRECOGNIZED, "");
	expect("https://example.com/terms", DP_LICENSE_UNRECOGNIZED, "");
}

static void facts(void **state)
{
	const struct dp_license_facts *f;
	(void)state;
	f = dp_license_facts_find(corpus, "CC-BY-NC-SA-4.0");
	assert_non_null(f);
	assert_string_equal(f->commercial, "no");
	assert_string_equal(f->copyleft, "share-alike");
	assert_string_equal(f->noncommercial, "yes");
	assert_string_equal(f->noderivatives, "no");
	f = dp_license_facts_find(corpus, "cc-by-nd-4.0");
	assert_non_null(f);
	assert_string_equal(f->noderivatives, "yes");
	assert_string_equal(f->commercial, "yes");
	f = dp_license_facts_find(corpus, "GPL-3.0-or-later");
	assert_non_null(f);
	assert_string_equal(f->copyleft, "strong");
	assert_non_null(dp_license_facts_find(corpus, "LicenseRef-OpenRAIL"));
	assert_null(dp_license_facts_find(corpus, "Frobnicate-1.0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hugging_face_ids),
		cmocka_unit_test(common_spellings),
		cmocka_unit_test(urls_and_expressions),
		cmocka_unit_test(free_text_values),
		cmocka_unit_test(three_kinds_of_nothing),
		cmocka_unit_test(facts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
