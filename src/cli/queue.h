/* queue.h - a bounded blocking queue of record batches between the threads that read
 * inputs (producers) and the threads that run analysers (consumers), with a free list so
 * batches are reused rather than allocated per hand-over.
 */
#ifndef DP_CLI_QUEUE_H
#define DP_CLI_QUEUE_H

#include <pthread.h>
#include <stddef.h>

#include "cli/batch.h"

struct dp_queue {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	struct dp_batch *head, *tail;   /* full batches, FIFO */
	struct dp_batch *free;          /* empty batches for reuse */
	size_t len, cap;
	size_t allocated, max_batches;  /* batches in existence, and the bound on them */
	int closed;
};

int dp_queue_init(struct dp_queue *q, size_t cap);
void dp_queue_release(struct dp_queue *q);

/* An empty batch (reused or new); blocks while max_batches exist. NULL when out of
 * memory. */
struct dp_batch *dp_queue_get_empty(struct dp_queue *q);
/* Give back a batch that was consumed. */
void dp_queue_put_empty(struct dp_queue *q, struct dp_batch *b);

/* Hand a full batch to the consumers; blocks while the queue is full. */
void dp_queue_push(struct dp_queue *q, struct dp_batch *b);
/* The next full batch, or NULL once the queue is closed and drained. */
struct dp_batch *dp_queue_pop(struct dp_queue *q);
/* No more pushes will come. */
void dp_queue_close(struct dp_queue *q);

#endif
