/**
 * {@code GET /api/overview}: the cluster at a glance, as JSON (connection, agents and their free resources, tasks by
 * phase, queue, bytes in flight, executors), from the scheduler's published views. The overview page is the
 * dashboard's business.
 */
package io.ferry.web.overview;
