/* modality.h - what kind of data the members hold: text, image, audio, video, tabular, other.
 *
 * Members are classified by extension (then reader format). WebDataset-style samples -
 * consecutive members that share a path up to the first dot of the file name, such as
 * "shard.tar!/000001.jpg" and "shard.tar!/000001.txt" - are grouped; a group with an image
 * and a text-like member (.txt .json .cls .caption ...) is an image-text sample, and the
 * dataset's primary modality becomes "image-text" (likewise "audio-text"). Counts are exact;
 * merge adds them (a sample never spans two inputs, so it never spans two states).
 */
#ifndef DP_ANALYSE_MODALITY_H
#define DP_ANALYSE_MODALITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/json.h"
#include "core/record.h"

enum dp_modality {
	DP_MOD_TEXT = 0,
	DP_MOD_IMAGE,
	DP_MOD_AUDIO,
	DP_MOD_VIDEO,
	DP_MOD_TABULAR,
	DP_MOD_OTHER,
	DP_MOD_COUNT
};

#define DP_MODALITY_KEY_MAX 512

struct dp_modality_stats {
	uint64_t members[DP_MOD_COUNT];
	uint64_t bytes[DP_MOD_COUNT];
	uint64_t samples;              /* groups of >= 2 members sharing a sample key */
	uint64_t image_text;           /* samples with an image and a text-like member */
	uint64_t audio_text;
	/* The open sample: its key, member count and modality bits (bit 6: text-like). */
	char key[DP_MODALITY_KEY_MAX];
	size_t key_len;
	unsigned group_members;
	unsigned group_mask;
};

/* Modality of a member by its name and format (never fails; unknown -> DP_MOD_OTHER).
 * *textlike is set for members that can caption a sample (.txt .json .cls .caption). */
enum dp_modality dp_modality_classify(const char *name, const char *format, int *textlike);
const char *dp_modality_name(enum dp_modality m);

void dp_modality_init(struct dp_modality_stats *s);
/* Count one leaf member of `bytes` decoded bytes. Archives and special entries are skipped. */
void dp_modality_add(struct dp_modality_stats *s, const struct dp_member *m, uint64_t bytes);
/* Close the open sample (call before merge and before report). */
void dp_modality_flush(struct dp_modality_stats *s);
void dp_modality_merge(struct dp_modality_stats *into, struct dp_modality_stats *from);
/* {primary, modalities[], members{}, bytes{}, samples, image_text_samples,
 *  audio_text_samples} */
void dp_modality_report(struct dp_modality_stats *s, struct dp_json *out);

/* Save the counts as JSON (the open sample is closed first); load adds saved counts. */
void dp_modality_save(struct dp_modality_stats *s, struct dp_json *out);
int dp_modality_load(struct dp_modality_stats *s, yajl_val v);

#endif
