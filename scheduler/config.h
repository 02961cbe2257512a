/* config.h - reading the libconfig file into a snapshot's model. */
#ifndef CONFIG_H
#define CONFIG_H

struct snapshot;
struct diags;

/* Reads PATH into SNAP's model (daemon settings, teams, channels, routes,
 * zones and calendars), checking it strictly. Every problem is added to D
 * as "file:line: setting: problem"; returns the number of problems. The
 * schedules are not compiled here. */
int	config_load(const char *path, struct snapshot *snap, struct diags *d);

#endif
