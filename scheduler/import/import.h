/* import.h - what the files of the RFC 2350 reader share (see rfc2350.h
 * for what the reader gives its callers). Nothing outside scheduler/import/
 * includes this header.
 *
 * The reader works on a struct ctx: the document cut into lines, each line
 * with its cleaned text, its folded (ASCII, lower-case, unaccented) copy and
 * the kind of section it sits in. Every finder (team names, e-mails, phones,
 * keys, hours and zones, the rest) reads the lines and fills the teams of
 * ctx->doc. Strings returned as char * are the caller's to free unless
 * said otherwise.
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "rfc2350.h"

struct tz;

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXTEAMS	16		/* team bit masks are unsigned */
#define QUOTE_MAX	110		/* bytes of a long line quoted */

/* Two instants in which zones show their winter and summer abbreviations
 * and offsets; fixed so that the output never depends on the day it runs. */
#define REF_JAN		INT64_C(1705320000)	/* 2024-01-15T12:00:00Z */
#define REF_JUL		INT64_C(1721044800)	/* 2024-07-15T12:00:00Z */

enum kind {
	K_NONE,		/* before the first heading */
	K_OTHER,
	K_DOC,		/* about the document itself: dates, history */
	K_NAME,
	K_ADDRESS,
	K_TZ,
	K_PHONE,
	K_FAX,
	K_OTHERTEL,
	K_EMAIL,
	K_PGP,
	K_MEMBERS,
	K_CONTACT,
	K_HOURS,
	K_FORMS
};


/* A country: ISO code, calling code, national trunk prefix (NULL: none, so
 * a national number cannot be put in E.164 form safely) and the names an
 * address may give it in (folded, '|' between). Its zones are tzdata's
 * (tzdata_country_zones). */
struct country {
	const char	*iso;
	const char	*cc;
	const char	*trunk;
	const char	*names;
};
extern const struct country countries[];
extern const size_t ncountries;
extern const char *const holiday_words[];
extern const size_t nholiday_words;
extern const char *const emergency_words[];
extern const size_t nemergency_words;
extern const char *const tz_line_words[];
extern const size_t ntz_line_words;
struct sb {
	char	*s;
	size_t	 n;
	size_t	 cap;
};

enum tzkind {
	TZK_IANA = 1,
	TZK_CITY,
	TZK_ABBR,
	TZK_OFFSET,
	TZK_COUNTRY
};

struct tzm {
	enum tzkind		 kind;
	char			 zone[64];
	char			 abbr[8];	/* as tzdata spells it */
	char			 written[40];	/* as the document does */
	int			 off;		/* seconds east of UTC */
	const struct country	*country;
	size_t			 li;
	unsigned		 teams;
};

enum htok_type {
	T_DAYS,
	T_RANGE,
	T_ALWAYS,	/* around the clock, every day */
	T_ALLDAY,	/* 24 hours on the days stated */
	T_SPAN		/* "Friday 22:00 to Monday 06:00": one stretch */
};

struct htok {
	enum htok_type	 type;
	uint8_t		 mask;
	int		 start;
	int		 end;
	int		 day1;		/* T_SPAN: the days it starts and */
	int		 day2;		/* ends on, 0 Monday .. 6 Sunday */
	int		 closed;	/* T_RANGE: a break, not opening */
	size_t		 pos;		/* offset in the folded line */
};

#define MAXRANGES	8
#define MAXRULES	8

struct hrule {
	uint8_t		 mask;
	int		 n;
	int		 start[MAXRANGES];
	int		 end[MAXRANGES];
};

/* What one line says about hours. */
struct hstmt {
	size_t		 li;
	size_t		 li2;		/* the line of its times, when below */
	unsigned	 teams;
	int		 always;
	int		 nrules;
	struct hrule	 rule[MAXRULES];
	uint8_t		 days_only;	/* days without times */
	int		 nranges;	/* times without days */
	int		 start[MAXRANGES];
	int		 end[MAXRANGES];
	int		 emergency;
	int		 nclosed;	/* breaks ("closed 12:00-13:00") */
	int		 cstart[MAXRANGES];
	int		 cend[MAXRANGES];
	int		 cut;		/* breaks taken out of the rules */
	int		 cut_doubt;	/* breaks not taken out, or taken
					 * out of several sets of days */
	int		 span_doubt;	/* a stretch that may mean daily */
	int		 seasonal;	/* hours by season or month */
	int		 twice;		/* two sets of hours for one day */
};

struct line {
	char		*orig;		/* as written, tabs as spaces: quoted */
	char		*text;		/* clean_text() */
	char		*low;		/* fold_text() */
	int		*map;		/* low offset -> text offset */
	int		 no;		/* line number in the document */
	int		 page;		/* first line after a form feed */
	int		 heading;
	int		 sect;		/* index of its section */
	enum kind	 kind;		/* its section's kind */
	enum kind	 lkind;		/* kind of its "Label:", or K_NONE */
	unsigned	 teams;		/* the teams it speaks of */
};

struct tzm;
struct hstmt;

struct ctx {
	struct line		*l;
	size_t			 nl;
	struct rfc2350_doc	*doc;
	const struct country	*country;
	const char		*country_src;	/* "the address", ... */
	/* Names, short names and declared addresses, for attribution. */
	char			*tok_short[MAXTEAMS];
	char			*tok_name[MAXTEAMS];
	char			**tok_mail[MAXTEAMS];
	size_t			 ntok_mail[MAXTEAMS];
	/* Loaded zones, by name; a NULL zone is a name that did not load. */
	char			**zname;
	struct tz		**zone;
	size_t			 nzone;
};


/* section.c */
int blank(const struct line *l);
void split_lines(struct ctx *c, const char *s);
void drop_furniture(struct ctx *c);
size_t count_words(const char *s);
void sections(struct ctx *c);
char *cut(const struct line *l, size_t a, size_t b);
char *cut_end(const struct line *l, size_t a);

/* country.c */
const struct country *country_in(const char *low, const char **where);
void country_name(const struct country *c, char *buf, size_t len);
void detect_country(struct ctx *c);
void detect_country_contacts(struct ctx *c);

/* zone.c */
void tz_mentions(struct ctx *c, size_t li, int tzline, struct tzm **v, size_t *n);
int zone_uses(struct ctx *c, const char *zone, const char *abbr);
int zone_has_offset(struct ctx *c, const char *zone, int off);
size_t zones_split(const char *z, char ***v, size_t n);
size_t country_zones(struct ctx *c, const char *iso, char ***out);
void resolve_zone(struct ctx *c, struct rfc2350_team *t, const struct tzm *m, size_t n);

/* dayhours.c */
size_t hour_tokens(const char *low, struct htok *tok, size_t max);
int hour_statement(const struct htok *tok, size_t n, struct hstmt *h);
void format_mask(uint8_t mask, struct sb *b);
void format_ranges(const int *s, const int *e, int n, struct sb *b);
char *format_rules(const struct hrule *r, int n);

/* teamhours.c */
void find_hours_zones(struct ctx *c);

/* text.c */
void sb_addn(struct sb *b, const char *s, size_t n);
void sb_adds(struct sb *b, const char *s);
void sb_addc(struct sb *b, char c);
char *sb_take(struct sb *b);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int is_alnum(int c);
char *strndup_trim(const char *s, size_t n);
const char *find_word(const char *s, const char *w);
int has_any(const char *s, const char *const *words, size_t n);
int starts_with(const char *s, const char *w);
char *to_utf8(const char *in, size_t len);
char *clean_text(const char *line);
char *fold_text(const char *text, int **map);

/* fact.c */
void src_set(struct ctx *c, struct rfc2350_src *s, size_t li, const char *anchor);
void fact_set(struct ctx *c, struct rfc2350_fact *f, const char *value, long li, const char *anchor);
void fact_copy(struct rfc2350_fact *f, const struct rfc2350_fact *g);
void fact_remark(struct rfc2350_fact *f, int uncertain, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void fact_remark_add(struct rfc2350_fact *f, int uncertain, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void note_add(struct ctx *c, struct rfc2350_team *t, long li, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void zone_add(struct rfc2350_team *t, const char *z);
const struct tz *zone_get(struct ctx *c, const char *name);

/* team.c */
char *clean_value(char *v);
char *label_value(const struct line *l, const char *const *labels, size_t n);
void find_teams(struct ctx *c);
void complete_names(struct ctx *c);
int has_mail(const char *s, const char *mail);
void attribute(struct ctx *c);

/* email.c */
char *deobfuscate(const char *s);
void free_list(char **v, size_t n);
void find_members(struct ctx *c);
void find_emails(struct ctx *c);

/* phone.c */
int any_word(const char *low, const char *const *w, size_t n, const char **at);
void find_phones(struct ctx *c);

/* pgpkey.c */
void find_keys(struct ctx *c);

/* tzdata.c: tzdata's zone1970.tab and iso3166.tab. */
size_t tzdata_country_zones(const char *iso, char ***out);
const char *tzdata_country_name(const char *iso);
int tzdata_is_country(const char *iso);
int tzdata_is_zone(const char *name);
int tzdata_same_rules(struct ctx *c, const char *a, const char *b);
int tzdata_rules_differ(struct ctx *c, char *const *z, size_t n);

#endif
