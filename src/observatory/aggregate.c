/* Aggregates over stored scores (aggregate.h). */
#include "observatory/aggregate.h"

#include "lib/log.h"

int obs_report_aggregate(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			 const struct obs_config *c, bool json)
{
	(void)s; (void)month; (void)country; (void)region; (void)participants; (void)c; (void)json;
	log_error("aggregates need 'manrs score' (not implemented yet)");
	return 1;
}
