/* md.h - a small Markdown emitter to a FILE with escaping of untrusted text. */
#ifndef DP_REPORT_MD_H
#define DP_REPORT_MD_H

#include <stdint.h>
#include <stdio.h>

/* Write `s` escaped for a Markdown table cell or paragraph (untrusted text). */
void dp_md_text(FILE *f, const char *s);
/* Human-readable byte size ("12.3 MB"). */
void dp_md_bytes(char *out, size_t cap, uint64_t bytes);

#endif
