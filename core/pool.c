/* The parent's side of a batch's workers: starting them, handing them jobs, collecting what they
 * send, and ending them. Each worker has one socket pair rather than two pipes: the parent sends
 * with MSG_NOSIGNAL, so a worker that died between two jobs costs an error code, never a SIGPIPE
 * in a library that installs no handlers. */
#include "config.h"

#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

double cbi_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void free_slot(cbi_worker *w)
{
	if (w->fd >= 0)
		close(w->fd);
	cbi_buf_free(&w->in);
	*w = (cbi_worker){.fd = -1, .job = (size_t)-1};
}

bool cbi_pool_start(cbi_pool *pool, size_t i)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return false;
	/* What this process has buffered would otherwise be written twice. */
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid();
	/* Ctrl-C reaches the whole process group: held back until the child ignores it, so that
	 * no worker dies of it before it can (the parent decides what stops). */
	sigset_t stop, saved;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &saved);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_DFL);
		sigprocmask(SIG_SETMASK, &saved, NULL);
		/* The child keeps only its own end: a worker holding another's end would keep that
		 * worker's death from being seen. */
		for (size_t k = 0; k < pool->n; k++)
			if (pool->w[k].fd >= 0)
				close(pool->w[k].fd);
		if (pool->keep_fd >= 0)
			close(pool->keep_fd);
		close(sv[0]);
#ifdef __linux__
		/* A parent killed with SIGKILL takes its workers along, hung ones included. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		if (getppid() != parent)
			_exit(0);
		cbi_worker_main(pool->stage, sv[1]);
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return false;
	}
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	cbi_worker *w = &pool->w[i];
	*w = (cbi_worker){.pid = pid, .fd = sv[0], .job = (size_t)-1};
	return true;
}

bool cbi_pool_send(cbi_pool *pool, size_t i, size_t index, const char *path, unsigned flags)
{
	cbi_worker *w = &pool->w[i];
	size_t len = strlen(path);
	unsigned char *job = malloc(5 + len);
	if (!job)
		return false;
	job[0] = (unsigned char)flags;
	for (int b = 0; b < 4; b++)
		job[1 + b] = (unsigned char)((uint32_t)len >> (8 * b));
	memcpy(job + 5, path, len);
	/* An idle worker's socket is empty, so a job this small goes in at once; a longer path
	 * is waited for. */
	size_t sent = 0;
	while (sent < 5 + len) {
		ssize_t n = send(w->fd, job + sent, 5 + len - sent, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	free(job);
	if (sent < 5 + len)
		return false;
	w->job = index;
	w->started = cbi_now();
	w->reader[0] = '\0';
	return true;
}

bool cbi_pool_read(cbi_worker *w)
{
	char buf[64 * 1024];
	for (;;) {
		ssize_t n = recv(w->fd, buf, sizeof buf, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n <= 0) {
			w->eof = true;
			return true;
		}
		cbi_buf_add(&w->in, buf, (size_t)n);
		if (w->in.failed)
			return false;
	}
}

bool cbi_pool_message(cbi_worker *w, int *type, const char **body, size_t *len)
{
	if (w->taken) {
		memmove(w->in.data, w->in.data + w->taken, w->in.len - w->taken);
		w->in.len -= w->taken;
		w->taken = 0;
	}
	if (w->in.len < 5)
		return false;
	const unsigned char *h = (const unsigned char *)w->in.data;
	size_t n = (size_t)h[1] | (size_t)h[2] << 8 | (size_t)h[3] << 16 | (size_t)h[4] << 24;
	if (w->in.len - 5 < n)
		return false;
	*type = h[0];
	*body = w->in.data + 5;
	*len = n;
	w->taken = 5 + n;
	return true;
}

void cbi_pool_stop(cbi_pool *pool, size_t i, bool kill_it, int *status, long *maxrss_kb)
{
	cbi_worker *w = &pool->w[i];
	int st = 0;
	struct rusage ru = {0};
	if (w->pid > 0) {
		if (kill_it)
			kill(w->pid, SIGKILL);
		while (wait4(w->pid, &st, 0, &ru) < 0 && errno == EINTR) {
		}
	}
	if (status)
		*status = st;
	if (maxrss_kb)
		*maxrss_kb = ru.ru_maxrss;
	free_slot(w);
}

int cbi_pool_close(cbi_pool *pool, bool hard)
{
	for (size_t i = 0; i < pool->n; i++) {
		cbi_worker *w = &pool->w[i];
		/* A worker still on an input would not see its socket close until it is done. */
		if ((hard || w->job != (size_t)-1) && w->pid > 0)
			kill(w->pid, SIGKILL);
		if (w->fd >= 0) {
			close(w->fd);
			w->fd = -1;
		}
	}
	int bad = 0;
	for (size_t i = 0; i < pool->n; i++) {
		int status = 0;
		bool was = pool->w[i].pid > 0;
		cbi_pool_stop(pool, i, false, &status, NULL);
		if (was && WIFEXITED(status) && WEXITSTATUS(status) != 0)
			bad = WEXITSTATUS(status);
	}
	return bad;
}
