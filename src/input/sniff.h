/* sniff.h - what a member is, from its first bytes and its name: an archive or compressed
 * stream to open, a known binary type (image, audio, weights ...), or text.
 */
#ifndef DP_INPUT_SNIFF_H
#define DP_INPUT_SNIFF_H

#include <stddef.h>

/* Bytes of head that sniffing looks at (tar's magic sits at 257). */
#define DP_SNIFF_HEAD 8192

/* Short name of the archive or compression format ("gzip", "zip", "tar" ...) when `head`
 * starts one that libarchive can open, else NULL. */
const char *dp_sniff_container(const unsigned char *head, size_t n);

/* Short name of a binary type ("png", "jpeg", "parquet", "safetensors", "binary" for
 * unknown bytes with NULs ...) or NULL when the member should be read as text. A name with a
 * text extension (.jsonl .csv .txt ...) is always text: its bad bytes are counted by the
 * reader rather than losing the whole member. */
const char *dp_sniff_binary(const char *name, const unsigned char *head, size_t n);

/* 1 when the member's name marks it as the documentation or metadata of a repository
 * (README*, LICENSE*, COPYING*, NOTICE*, AUTHORS*, CONTRIBUTING*, CHANGELOG*, CITATION*,
 * CODE_OF_CONDUCT*, .gitattributes, .gitignore, Hugging Face's dataset_info.json,
 * dataset_infos.json, dataset_dict.json and save_to_disk's state.json): not records of the
 * dataset. Its bytes are still read by the license and declared-metadata analysers. */
int dp_sniff_documentation(const char *name);

/* 1 when `type` (a dp_sniff_binary name) holds records or tables that dataprov has no
 * reader for (feather v1, orc, avro, sqlite, hdf5, tfrecord; Git LFS pointers and UTF-16 text,
 * whatever their name): such a member is inventoried and hashed, and the report says its
 * records were not read. */
int dp_sniff_is_data_format(const char *type);

/* What to do about a member of unread `type` when it is not a format without a reader but
 * data in the wrong shape (Git LFS pointers, UTF-16 text); NULL for the others. Static. */
const char *dp_sniff_unread_advice(const char *type);

#endif
