/* Tuning of the C library's allocator, which Swift's allocations go through. */
#ifndef MALLOCTUNING_H
#define MALLOCTUNING_H

/* Limits glibc malloc to `count` arenas (M_ARENA_MAX). By default each thread that allocates may
   get an arena of its own (up to 8 per core), and each keeps freed memory of its own resident:
   gpcn's few threads (NIO event loops, the concurrency pool, the main thread) allocate little and
   rarely at once, so one arena serves them (small allocations go through per-thread caches
   without the lock anyway). Call it first thing in main, before threads allocate. Returns 1 on
   success, 0 otherwise; does nothing (returns 0) on other C libraries. */
int malloctuning_limit_arenas(int count);

#endif
