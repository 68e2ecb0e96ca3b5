/* What the batch test readers share: each bids only on an input that starts with its trigger
 * line, so that among ordinary submissions it reads exactly the file a test planted. */
#ifndef CB_TEST_BATCH_TRIGGER_H
#define CB_TEST_BATCH_TRIGGER_H

#include <casebook/plugin.h>

#include <string.h>

/* 95, a format's own signature, on the trigger; 0 (not mine) otherwise. */
static inline int batch_trigger_bid(const cb_probe *p, const char *trigger)
{
	size_t len = 0, n = strlen(trigger);
	const unsigned char *head = cb_probe_head(p, &len);
	return head && len >= n && memcmp(head, trigger, n) == 0 ? 95 : 0;
}

#endif
