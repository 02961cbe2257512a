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
#include "rotation.h"
#include "schedule.h"

struct tz;
struct diags;

#define ONCALLD_VERSION		"0.1.0"
#define ONCALLD_PROTOCOL	1
#define ONCALLD_SOCKET		"/run/oncalld/oncalld.sock"
#define ONCALLD_CONFIG		"/etc/oncalld/oncalld.conf"
#define ONCALLD_STATE_DIR	"/var/lib/oncalld"

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

struct rotation;

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
	/* A rotation's channel (SPEC 6): staffed while someone is on duty,
	 * its address the on-duty member's; NULL for a plain channel. */
	struct rotation		*rot;		/* borrowed from the team */
};

/* A person who takes turns (SPEC 6). */
struct member {
	char	*id;
	char	*name;
	char	*email;		/* may be NULL */
	char	*phone;		/* may be NULL */
};

enum rot_contact {
	CONTACT_PHONE,
	CONTACT_EMAIL
};

struct rotation {
	char			*id;
	char			*path_id;	/* "team/rotation" */
	char			**member_ids;	/* "team/rotation/member", one per team member */
	uint32_t		*turns;		/* team member indices, in turn order */
	size_t			 nturns;
	char			*start_text;
	char			*length_text;
	char			*hours_text;	/* NULL: 24/7 */
	struct hours		 hours;
	char			*overrides;	/* resolved path, or NULL */
	struct rot_override	*ov;
	size_t			 nov;
	enum rot_contact	 contact;
	size_t			 channel;	/* its channel in the team */
	struct ivset		 ov_set;	/* every override, merged */
	struct ivset		 before;	/* before start, minus overrides */
	struct rotation_rule	 rule;
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
	struct channel	*channels;	/* the rotations' channels last */
	size_t		 nchannels;
	struct member	*members;
	size_t		 nmembers;
	struct rotation	*rotations;
	size_t		 nrotations;
	struct schedule	 sched;
};

struct step {
	size_t	team;
	size_t	channel;
	int64_t	ack_within;	/* seconds; 0: waits here until acknowledged */
	bool	ack_staffed;	/* ack_within counts only staffed time */
};

struct route {
	char		*id;
	char		*name;		/* may be NULL */
	struct step	*steps;
	size_t		 nsteps;
	struct step	 unstaffed;
	long		 repeat;	/* passes over the steps after the first */
};

/* How alerts reach one type of channel (SPEC 7). */
struct notify {
	enum channel_type	 type;
	char			*command;	/* as written; NULL: webhook */
	char			**argv;		/* command split into words, NULL-ended */
	long			 timeout;	/* seconds */
	long			 retries;
	bool			 webhook;
	struct srcpos		 pos;
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
	char		*state_dir;	/* the alert store's folder */
	int64_t		 alert_retention;	/* days resolved alerts are kept */
	uid_t		*alert_uids;	/* who may write alerts; none listed: everyone */
	size_t		 nalert_uids;
	gid_t		*alert_gids;
	size_t		 nalert_gids;
};

/* The HTTP listener (SPEC 8); served only when the "http" group is
 * present. Where it listens and with which certificate is fixed at
 * start-up; the rest is read from the published snapshot per request. */
struct http_conf {
	bool		 enabled;
	char		*listen;	/* "host:port" as written */
	char		*host;		/* an address literal, no brackets */
	int		 port;
	bool		 loopback;	/* host is 127.0.0.0/8 or ::1 */
	bool		 insecure;	/* plain HTTP off loopback allowed */
	char		*base_url;	/* NULL: none */
	char		*tokens;	/* NULL: no bearer tokens */
	char		*tls_cert;	/* both or neither */
	char		*tls_key;
	char		*web_root;	/* the status page's folder */
	long		 max_connections;
	long		 per_ip_connections;
	long		 timeout;	/* seconds a connection may stay idle */
	long		 max_request;	/* bytes of request line and headers */
};

enum entity_kind {
	ENTITY_TEAM,
	ENTITY_ROUTE,
	ENTITY_ROTATION,	/* "team/rotation" */
	ENTITY_MEMBER		/* "team/rotation/member": one person's turns */
};

struct entity {
	const char		*id;	/* borrowed from the team or route */
	enum entity_kind	 kind;
	size_t			 index;	/* team or route */
	size_t			 rotation;	/* ENTITY_ROTATION, ENTITY_MEMBER */
	size_t			 member;	/* ENTITY_MEMBER: team member */
};

struct snapshot {
	char			*path;
	struct daemon_conf	 daemon;
	struct http_conf	 http;
	struct team		*teams;
	size_t			 nteams;
	struct route		*routes;
	size_t			 nroutes;
	struct notify		*notify;
	size_t			 nnotify;
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
/* Frees what rotation R holds (a team of NMEMBERS members) and zeroes it. */
void		 rotation_release(struct rotation *r, size_t nmembers);
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
/* The address of member M for rotation R's contact, or NULL. */
const char	*member_address(const struct rotation *, const struct member *);
/* The notify entry for channels of TYPE, or NULL (borrowed). */
const struct notify *snapshot_notify(const struct snapshot *,
		    enum channel_type);
/* The schedule a channel is staffed by: its own when it narrows the team's
 * hours, else the team's (borrowed). */
const struct schedule *channel_schedule(const struct team *,
		    const struct channel *);
/* A channel's address at T: a rotation's gives its on-duty member's (NULL
 * when nobody is on duty). */
const char	*channel_address(const struct team *, const struct channel *,
		    int64_t t);
/* A channel's state at T. For a rotation's channel the state ends when the
 * person on duty changes too (its address changes then); DUTY, if not
 * NULL, receives who is on duty (D->on false for a plain channel). */
void		 channel_state(const struct team *, const struct channel *,
		    int64_t t, struct sched_state *, struct rot_duty *duty);

#endif
