// langid_cld2.cc - the one C++ file: a C entry point over CLD2's detector.
#include <cstdio> // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" {
#include "analyse/langid.h"
}

extern "C" const char *dp_langid_cld2(const char *text, int n, int *percent, int *reliable)
{
	CLD2::Language lang3[3];
	int pct3[3] = { 0, 0, 0 };
	double score3[3];
	int text_bytes = 0, valid_prefix = 0;
	bool is_reliable = false;
	CLD2::CLDHints hints = { NULL, NULL, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE };
	CLD2::Language top;

	// The CheckUTF8 variant stops at the first invalid byte instead of misreading it.
	top = CLD2::ExtDetectLanguageSummaryCheckUTF8(text, n, true, &hints, 0, lang3, pct3,
						       score3, NULL, &text_bytes, &is_reliable,
						       &valid_prefix);
	*percent = pct3[0];
	*reliable = is_reliable ? 1 : 0;
	if (top == CLD2::UNKNOWN_LANGUAGE)
		return NULL;
	return CLD2::LanguageCode(top);
}
