/* corpus.h - the license reference corpus: SPDX licenses, their matching templates and
 * standard headers, the shingle index over them, the license facts and the alias table.
 *
 * Loaded once from licenses/corpus.txt, licenses/facts.tsv and licenses/aliases.tsv (found
 * with dp_datadir_path) and read-only afterwards: one corpus may be shared by any number of
 * threads. Templates are token sequences split into runs (a run ends where the SPDX template
 * had an optional or variable part); shingles of DP_LIC_K tokens inside runs are indexed.
 */
#ifndef DP_LICENSE_CORPUS_H
#define DP_LICENSE_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "license/normalize.h"

#define DP_LIC_K 5            /* shingle length in tokens */
#define DP_LIC_NONE UINT32_MAX

enum { DP_LIC_OSI = 1, DP_LIC_DEPRECATED = 2, DP_LIC_EXCEPTION = 4 };
/* Token flags: a run starts here; the token is optional text; a variable part (any text)
 * lies just before this run. */
enum { DP_LIC_F_RUN = 1, DP_LIC_F_OPT = 2, DP_LIC_F_VAR = 4 };
enum dp_lic_tpl_kind { DP_LIC_TPL_TEXT = 0, DP_LIC_TPL_HEADER = 1 };

struct dp_license_facts {
	const char *spdx;
	const char *name;
	const char *commercial;      /* "yes" / "no" / "restricted" */
	const char *copyleft;        /* "no" / "weak" / "strong" / "share-alike" / "network" */
	const char *attribution;     /* "yes" / "no" */
	const char *noncommercial;   /* "yes" / "no" */
	const char *noderivatives;   /* "yes" / "no" */
	const char *family;          /* "cc", "gpl", "openrail", ... */
};

struct dp_lic_entry {
	char *id;
	char *name;
	unsigned flags;
	char *replaced_by;           /* deprecated: the SPDX expression replacing it, or NULL */
	uint32_t text_tpl, hdr_tpl;  /* template indexes or DP_LIC_NONE */
};

struct dp_lic_tpl {
	uint32_t lic;                /* index into lics */
	enum dp_lic_tpl_kind kind;
	uint32_t start, n;           /* range in the token pool */
	uint32_t coverable;          /* required tokens inside runs of at least DP_LIC_K tokens */
	uint32_t shingles;           /* shingles it has (optional words' too): the most hits a
				      * text can give it in the index */
	uint32_t req_shingles;       /* of which of required words only */
	uint32_t group;              /* templates with identical tokens share a group */
};

/* A posting: a template holding a shingle, the shingle's position in it (with
 * DP_LIC_POS_REQ set when the shingle's words are all required) and the next posting. */
#define DP_LIC_POS_REQ 0x80000000u
struct dp_lic_posting {
	uint32_t tpl, pos, next;
};

/* An index slot. Only 32 bits of the shingle hash are kept: two shingles that share them
 * share a posting list, which can only add a candidate; alignment compares full hashes. */
struct dp_lic_slot {
	uint32_t key;                /* high half of the shingle hash (never 0), 0 when empty */
	uint32_t head;               /* first posting + 1 */
};

struct dp_lic_kv {
	char *key;
	char *val;
};

struct dp_license_corpus {
	struct dp_lic_entry *lics;
	size_t n_lics;
	struct dp_lic_tpl *tpls;
	size_t n_tpls;
	uint64_t *tok;               /* token pool: hashes */
	uint8_t *brk;                /* DP_LIC_F_* flags per pool token */
	uint8_t *vallow;             /* at a DP_LIC_F_VAR token: text words the variable part
				      * before it may stand for */
	uint64_t *skey;              /* shingle key starting at each pool position, 0 if none */
	uint16_t *covpre;            /* at each pool position: its template's coverable tokens
				      * before it (see dp_lic_tpl.coverable), at most 65535 */
	size_t n_tok;
	struct dp_lic_equiv equiv;
	/* shingle index: open addressing on the shingle hash, chains of postings */
	struct dp_lic_slot *slots;
	size_t key_cap, n_keys;      /* slots, slots in use */
	struct dp_lic_posting *post;
	size_t n_post;
	/* lookup tables: sorted by key */
	struct dp_lic_kv *names;     /* normalised id/name/alias -> SPDX id */
	size_t n_names;
	struct dp_lic_kv *urls;      /* normalised URL -> SPDX id */
	size_t n_urls;
	struct dp_license_facts *facts;
	size_t n_facts;
	char *facts_text;            /* backing storage of facts strings */
};

/* Load the corpus from the data directory. Returns NULL with err set (DP_FATAL). */
struct dp_license_corpus *dp_license_corpus_load(struct dp_error *err);
/* Load from explicit files (tests); facts and aliases may be NULL. */
struct dp_license_corpus *dp_license_corpus_load_files(const char *corpus, const char *facts,
						       const char *aliases, struct dp_error *err);
void dp_license_corpus_free(struct dp_license_corpus *c);

/* Index of license `id` (exact, case-insensitive), or DP_LIC_NONE. */
uint32_t dp_lic_find(const struct dp_license_corpus *c, const char *id);
/* The current SPDX expression for a deprecated id ("GPL-2.0-with-GCC-exception" ->
 * "GPL-2.0 WITH GCC-exception-2.0", as the SPDX list says), or NULL. */
const char *dp_lic_replacement(const struct dp_license_corpus *c, const char *id);
/* The shingle hash of DP_LIC_K tokens. */
uint64_t dp_lic_shingle(const uint64_t *h, size_t stride_unused);
/* First posting index for shingle `key`, or DP_LIC_NONE. */
uint32_t dp_lic_postings(const struct dp_license_corpus *c, uint64_t key);
/* 1 when licenses a and b have identical normalised texts (GPL-2.0-only/-or-later). */
int dp_lic_same_text(const struct dp_license_corpus *c, uint32_t a, uint32_t b);
/* 1 when ids a and b are of one family: the letters before the first digit, with GPL,
 * LGPL and AGPL as one (GNU) family and NPL with MPL ("MPL-" of "MPL-1.1"). */
int dp_lic_same_family(const char *a, const char *b);
/* Length of an id's family prefix: up to its first digit ("MPL-" of "MPL-2.0"). */
size_t dp_lic_family_len(const char *id);
/* Facts for an SPDX id (case-insensitive), or NULL. */
const struct dp_license_facts *dp_license_facts_find(const struct dp_license_corpus *c,
						     const char *spdx);
/* Value lookup in a sorted kv table; NULL when absent. */
const char *dp_lic_kv_get(const struct dp_lic_kv *kv, size_t n, const char *key);

#endif
