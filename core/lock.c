/* The lock on an output folder: two builds writing one casebook would interleave their outputs
 * and their cache. An fcntl record lock on OUTDIR/.casebook.lock belongs to the process, so the
 * system drops it when the process ends however it ends (SIGKILL included): a lock file left
 * behind never blocks the next build, and nothing has to guess whether a holder is still alive.
 * Fork does not pass it to the workers either, so a worker outliving its parent holds nothing. */
#include "config.h"

#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cbi_lock {
	int fd;
};

cbi_lock *cbi_lock_take(const char *dir, cb_diags *diags)
{
	char *path;
	if (asprintf(&path, "%s/.casebook.lock", dir) < 0) {
		cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, dir, NULL, 0, "out of memory");
		return NULL;
	}
	cbi_lock *l = calloc(1, sizeof *l);
	int fd = l ? open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666) : -1;
	if (fd < 0) {
		if (l)
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0,
			             "cannot make the output folder's lock: %s", strerror(errno));
		else
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_NOMEM, dir, NULL, 0, "out of memory");
		free(l);
		free(path);
		return NULL;
	}
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	while (fcntl(fd, F_SETLK, &fl) != 0) {
		if (errno == EINTR)
			continue;
		int err = errno;
		struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		if ((err == EACCES || err == EAGAIN) && fcntl(fd, F_GETLK, &who) == 0 &&
		    who.l_type != F_UNLCK)
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, dir, NULL, 0,
			             "the output folder is in use by another casebook run (process %ld): "
			             "wait for it to finish, or choose another folder with -o",
			             (long)who.l_pid);
		else if (err == EACCES || err == EAGAIN)
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, dir, NULL, 0,
			             "the output folder is in use by another casebook run: wait for it "
			             "to finish, or choose another folder with -o");
		else
			cb_diags_add(diags, CB_SEV_ERROR, CB_E_IO, path, NULL, 0,
			             "cannot lock the output folder: %s", strerror(err));
		close(fd);
		free(l);
		free(path);
		return NULL;
	}
	/* The holder's process id, for a person looking: the lock itself is the fcntl lock. */
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) != n) {
		/* Only informative: the lock holds without it. */
	}
	l->fd = fd;
	free(path);
	return l;
}

void cbi_lock_release(cbi_lock *l)
{
	if (!l)
		return;
	close(l->fd); /* closing drops the process's fcntl locks on the file */
	free(l);
}

int cbi_lock_fd(const cbi_lock *l) { return l ? l->fd : -1; }
