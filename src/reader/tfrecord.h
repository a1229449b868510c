/* tfrecord.h - the TFRecord framing's checksum: CRC-32C (Castagnoli), masked as TensorFlow
 * stores it, and the sniff of a TFRecord file by its first frame. The reader itself is
 * dp_reader_tfrecord (reader/registry.c).
 *
 * A TFRecord file is a run of frames: uint64 length (little-endian), uint32 masked CRC-32C
 * of those 8 bytes, the data, uint32 masked CRC-32C of the data.
 */
#ifndef DP_READER_TFRECORD_H
#define DP_READER_TFRECORD_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32C of [p, p + n) continuing from `crc` (0 to start; pass the previous return to go
 * on, as zlib's crc32 does). */
uint32_t dp_crc32c(uint32_t crc, const void *p, size_t n);

/* TensorFlow's mask of a CRC: rotated right by 15 bits plus 0xa282ead8. */
uint32_t dp_tfrecord_mask(uint32_t crc);

/* 1 when head (n bytes) opens with a TFRecord frame: 8 length bytes and their masked CRC. */
int dp_tfrecord_sniff(const unsigned char *head, size_t n);

#endif
