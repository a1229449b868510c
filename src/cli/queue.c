/* queue.c - bounded batch queue. */
#include "cli/queue.h"

#include <stdlib.h>

int dp_queue_init(struct dp_queue *q, size_t cap)
{
	q->head = q->tail = q->free = NULL;
	q->len = 0;
	q->cap = cap ? cap : 1;
	q->allocated = 0;
	q->max_batches = 2 * q->cap + 8; /* queued + being filled + being consumed */
	q->closed = 0;
	if (pthread_mutex_init(&q->mu, NULL))
		return -1;
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	return 0;
}

static void free_list(struct dp_batch *b)
{
	while (b) {
		struct dp_batch *next = b->next;
		dp_batch_release(b);
		free(b);
		b = next;
	}
}

void dp_queue_release(struct dp_queue *q)
{
	free_list(q->head);
	free_list(q->free);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
}

struct dp_batch *dp_queue_get_empty(struct dp_queue *q)
{
	struct dp_batch *b = NULL;

	pthread_mutex_lock(&q->mu);
	while (!q->free && q->allocated >= q->max_batches)
		pthread_cond_wait(&q->not_full, &q->mu);
	if (q->free) {
		b = q->free;
		q->free = b->next;
	} else {
		b = malloc(sizeof(*b));
		if (b) {
			dp_batch_init(b);
			q->allocated++;
		}
	}
	pthread_mutex_unlock(&q->mu);
	if (b) {
		dp_batch_reset(b);
		b->next = NULL;
	}
	return b;
}

void dp_queue_put_empty(struct dp_queue *q, struct dp_batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->free;
	q->free = b;
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->mu);
}

void dp_queue_push(struct dp_queue *q, struct dp_batch *b)
{
	pthread_mutex_lock(&q->mu);
	while (q->len >= q->cap)
		pthread_cond_wait(&q->not_full, &q->mu);
	b->next = NULL;
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->len++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

struct dp_batch *dp_queue_pop(struct dp_queue *q)
{
	struct dp_batch *b;

	pthread_mutex_lock(&q->mu);
	while (!q->head && !q->closed)
		pthread_cond_wait(&q->not_empty, &q->mu);
	b = q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		q->len--;
		pthread_cond_broadcast(&q->not_full);
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

void dp_queue_close(struct dp_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}
