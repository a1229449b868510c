/* signals.c - cancellation flag set by SIGINT and SIGTERM. */
#include "cli/signals.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t cancel_flag;
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
	cancel_flag = 1;
}

/* A closed 0, 1 or 2 would be handed to the next open(): an input could then pass for
 * standard input, or warnings land in a report file. Park /dev/null there, opened the
 * wrong way round so that using it still fails as a closed descriptor would. */
static void guard_stdio(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) < 0)
			break;
}

volatile sig_atomic_t *dp_signals_install(void)
{
	struct sigaction sa;

	guard_stdio();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN); /* over RLIMIT_FSIZE: let write() fail with EFBIG, cleanly */
	return &cancel_flag;
}

int dp_signals_caught(void)
{
	return caught;
}
