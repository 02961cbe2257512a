/* deliver.h - sends alerts to channels (SPEC 7): the notify command of the
 * channel's type, run without a shell, fed the message on its standard
 * input, killed at its timeout, retried with backoff. The event loop never
 * waits on it.
 */
#ifndef DELIVER_H
#define DELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct snapshot;
struct alert;
struct deliverer;

/* One attempt ended: OK when the command exited 0; FINAL when no attempt
 * follows. ADDRESS is borrowed for the call. */
typedef void	deliver_result_fn(int64_t alert, long step, const char *address,
		    bool ok, bool final, void *arg);

struct deliverer *deliver_new(struct ev_loop *, deliver_result_fn *, void *arg);
/* Kills every command still running. */
void	deliver_free(struct deliverer *);
/*
 * Sends A to the channel of its current step on SNAP's route, running in
 * folder CWD, at NOW. Returns false (nothing started, nothing to record)
 * when the channel's type has no notify entry; a channel whose encryption
 * is "required" is never sent in clear text: that attempt fails at once.
 */
bool	deliver_send(struct deliverer *, const struct snapshot *,
	    const struct alert *, const char *cwd, int64_t now);
/* Commands running or waiting for a retry. */
size_t	deliver_pending(const struct deliverer *);

#endif
