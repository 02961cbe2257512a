/* rfc2350.h - reading the facts of a security team's RFC 2350 description
 * (names, addresses, phones, PGP keys, time zone, operating hours, urgent
 * subject prefix) out of the plain text of the document, for oncall-import.
 *
 * Documents come in every shape: numbered or not, translated section titles,
 * PDF conversions with page headers and form feeds, obfuscated addresses.
 * The reader never guesses silently: every fact carries the document line it
 * came from, and a reading that is not the only one the text allows is
 * marked uncertain with a remark saying why.
 */
#ifndef RFC2350_H
#define RFC2350_H

#include <stddef.h>

#define RFC2350_KEYID_LEN	19	/* "0x" and 16 hex digits, NUL */
#define RFC2350_FPR_LEN		41	/* 40 upper-case hex digits, NUL */

/* Where a fact was read: a line number (1-based; 0 when the fact is not
 * read from one line) and that line as written, or the part of a long line
 * around the fact. */
struct rfc2350_src {
	int	 line;
	char	*quote;
};

/* A single-valued fact. VALUE is NULL when the document does not state it.
 * REMARK (or NULL) says how an indirect reading was made; UNCERTAIN is set
 * when the document allows another value. */
struct rfc2350_fact {
	char			*value;
	struct rfc2350_src	 src;
	char			*remark;
	int			 uncertain;
};

struct rfc2350_email {
	char			*address;	/* de-obfuscated */
	struct rfc2350_src	 src;
};

struct rfc2350_phone {
	char			*written;	/* as in the document */
	char			*e164;		/* "+33442365000", or NULL */
	char			*country;	/* the country E164 assumes, when
						 * the number has no prefix */
	char			*note;		/* its label or remark, or NULL */
	struct rfc2350_src	 src;
};

struct rfc2350_key {
	char			 key_id[RFC2350_KEYID_LEN];	/* or "" */
	char			 fpr[RFC2350_FPR_LEN];		/* or "" */
	int			 key_id_derived;  /* from the fingerprint */
	int			 mismatch;	  /* stated id != fingerprint */
	char			*uid;		  /* address it belongs to */
	struct rfc2350_src	 id_src;
	struct rfc2350_src	 fpr_src;
};

struct rfc2350_note {
	char			*text;		/* what the reader concluded */
	struct rfc2350_src	 src;		/* the line that says so */
};

/* A person listed in the document: not a channel of the team. */
struct rfc2350_member {
	char	*name;
	char	*email;
	char	 key_id[RFC2350_KEYID_LEN];
	char	 fpr[RFC2350_FPR_LEN];
	int	 line;
};

struct rfc2350_team {
	struct rfc2350_fact	 name;
	struct rfc2350_fact	 short_name;
	struct rfc2350_fact	 address;	/* postal, one line */
	struct rfc2350_fact	 timezone;	/* IANA name */
	struct rfc2350_fact	 hours;		/* SPEC 2 grammar */
	struct rfc2350_fact	 urgent_prefix;
	/* The country whose public holidays close the team (ISO 3166,
	 * lower-case: its holiday calendar is holidays/<value>.ics), when
	 * the document says it does not work on them or works on working
	 * days. Always uncertain: a proposal to review. */
	struct rfc2350_fact	 holidays;
	char			**zones;	/* zones the text fits */
	size_t			 nzones;
	struct rfc2350_email	*emails;	/* preferred first */
	size_t			 nemails;
	struct rfc2350_phone	*phones;
	size_t			 nphones;
	struct rfc2350_key	*keys;		/* the team's own keys */
	size_t			 nkeys;
	struct rfc2350_note	*notes;
	size_t			 nnotes;
};

struct rfc2350_doc {
	struct rfc2350_team	*teams;
	size_t			 nteams;
	struct rfc2350_member	*members;
	size_t			 nmembers;
	char			 country[3];	/* ISO 3166 of the address */
};

/* Reads the document TEXT (LEN bytes, any line endings, UTF-8 or Latin-1)
 * into DOC, which always describes at least one team (with every fact
 * unknown when the text describes none). Free with rfc2350_free(). Zone
 * names are checked against the system's tzdata (tz_load). */
void	rfc2350_parse(const char *text, size_t len, struct rfc2350_doc *doc);
void	rfc2350_free(struct rfc2350_doc *);

/* Number of facts found for TEAM (names, addresses, keys, ...): 0 means
 * the text did not look like a team description at all. */
size_t	rfc2350_found(const struct rfc2350_team *team);

/* WRITTEN ("+33 4 42 36 50 00", "(0)30 1234-567", "00 44 20 ...") in E.164
 * form into BUF; COUNTRY (ISO 3166, or NULL) is used for a number without
 * an international prefix. Returns 0, or -1 when the form is unclear. */
/* The English name of country ISO ("CH": "Switzerland") from tzdata's
 * iso3166.tab, or NULL; borrowed. */
const char *rfc2350_country_name(const char *iso);

int	rfc2350_e164(const char *written, const char *country, char *buf,
	    size_t len);

#endif
