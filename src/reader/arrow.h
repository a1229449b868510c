/* arrow.h - the sniff of an Apache Arrow IPC stream by its first message. The reader itself
 * is dp_reader_arrow (reader/registry.c); the file format is known by its magic "ARROW1".
 */
#ifndef DP_READER_ARROW_H
#define DP_READER_ARROW_H

#include <stddef.h>

/* 1 when head (n bytes) opens an Arrow IPC stream: a continuation marker (0xFFFFFFFF), a
 * metadata length, and a FlatBuffers Message whose header is a Schema (as far as the head
 * holds it). For a stream with no telling name: standard input, a renamed shard. */
int dp_arrow_sniff(const unsigned char *head, size_t n);

#endif
