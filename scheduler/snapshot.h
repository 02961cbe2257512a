/* snapshot.h - one loaded and compiled configuration: teams, channels,
 * routes and daemon settings. A snapshot is immutable once built; a reload
 * builds a new one aside and swaps the pointer.
 */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hours.h"
#include "interval.h"
#include "schedule.h"

struct tz;
struct diags;

#define ONCALLD_VERSION		"0.1.0"
#define ONCALLD_PROTOCOL	1
#define ONCALLD_SOCKET		"/run/oncalld/oncalld.sock"
#define ONCALLD_CONFIG		"/etc/oncalld/oncalld.conf"

/* Where a setting is written: for warnings about a loaded snapshot. */
struct srcpos {
	char	*file;		/* NULL when unknown */
	int	 line;		/* 0 when unknown */
};

enum channel_type {
	CHANNEL_EMAIL,
	CHANNEL_PHONE,
	CHANNEL_URL,
	CHANNEL_OTHER
};

struct channel {
	char			*id;
	enum channel_type	 type;
	char			*address;
	char			*hours_text;	/* NULL: the team's hours */
	struct hours		 hours;
	char			*pgp_key_id;
	char			*pgp_fingerprint;
	char			*encryption;	/* "required", "preferred", "none" or NULL */
	char			*urgent_subject_prefix;
	char			*note;
	struct srcpos		 hours_pos;	/* its own "hours", if any */
	struct schedule		 sched;
};

struct team {
	char		*id;
	char		*name;
	char		*short_name;
	char		*organization;
	char		*timezone;	/* IANA name; "UTC" for 24/7 teams without one */
	char		*hours_text;
	char		*address;
	char		*note;		/* e.g. an assumption to confirm */
	char		**services;
	size_t		 nservices;
	char		**languages;
	size_t		 nlanguages;
	struct tz	*tz;		/* borrowed from the snapshot's zone list */
	struct hours	 hours;
	struct ivset	 extra;		/* every extra event, 1970-2099 */
	struct ivset	 closures;	/* every closure, 1970-2099 */
	struct srcpos	 closures_pos;	/* its "closures"; line 0 if none */
	struct srcpos	 extra_pos;	/* its "extra"; line 0 if none */
	struct channel	*channels;
	size_t		 nchannels;
	struct schedule	 sched;
};

struct step {
	size_t	team;
	size_t	channel;
};

struct route {
	char		*id;
	char		*name;		/* may be NULL */
	struct step	*steps;
	size_t		 nsteps;
	struct step	 unstaffed;
};

struct daemon_conf {
	char		*socket;
	unsigned	 socket_mode;
	char		*export_dir;	/* NULL: no export */
	char		*user;		/* NULL: keep the starting user */
	long		 max_clients;
	long		 max_clients_per_uid;	/* 0: half of max_clients */
	long		 idle_timeout;	/* seconds */
	long		 max_line;	/* bytes */
	long		 max_output;	/* bytes queued for one client */
	long		 max_shift_days;
	long		 max_next;
	uid_t		*allow_uids;	/* nallow_* == 0: everyone the mode admits */
	size_t		 nallow_uids;
	gid_t		*allow_gids;
	size_t		 nallow_gids;
	uid_t		*reload_uids;	/* besides root and the daemon's own uid */
	size_t		 nreload_uids;
};

enum entity_kind {
	ENTITY_TEAM,
	ENTITY_ROUTE
};

struct entity {
	const char		*id;	/* borrowed from the team or route */
	enum entity_kind	 kind;
	size_t			 index;
};

struct snapshot {
	char			*path;
	struct daemon_conf	 daemon;
	struct team		*teams;
	size_t			 nteams;
	struct route		*routes;
	size_t			 nroutes;
	struct entity		*index;		/* sorted by id */
	size_t			 nindex;
	struct tz		**zones;	/* owned; shared by the teams */
	size_t			 nzones;
	int64_t			 compiled_at;
};

/* Reads and checks the configuration at PATH (config.c) and compiles it for
 * the window around NOW. On any problem returns NULL with every diagnostic
 * added to D. */
struct snapshot	*snapshot_load(const char *path, int64_t now, struct diags *d);
void		 snapshot_free(struct snapshot *);
/* Recompiles the precomputed windows around NOW in place (used before the
 * snapshot is published: a published snapshot is never modified). */
void		 snapshot_compile(struct snapshot *, int64_t now);
const struct entity *snapshot_find(const struct snapshot *, const char *id);
/*
 * Adds to W what is valid but most likely a mistake, seen from NOW: a team
 * or a channel never staffed again (closures covering all of its hours, a
 * channel whose hours never meet its team's, extra events all past), and
 * closure calendars whose every closure has ended. Each is "setting:
 * problem" at the setting's file and line, as a configuration error is.
 */
void		 snapshot_warnings(const struct snapshot *, int64_t now,
		    struct diags *w);

const char	*channel_type_name(enum channel_type);
/* The schedule a channel is staffed by: its own when it narrows the team's
 * hours, else the team's (borrowed). */
const struct schedule *channel_schedule(const struct team *,
		    const struct channel *);

#endif
