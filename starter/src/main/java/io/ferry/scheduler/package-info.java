/**
 * Ferry's Mesos framework: the scheduler loop and the parts it owns (subscription, held offers, launches, task
 * lifecycle, executors), speaking the v1 scheduler HTTP API, with the views and metrics others read (and, for one
 * reader that follows the tasks, their counts by phase and a feed of the changed ones).
 * It never depends on io.ferry.local, io.ferry.autoconfigure or io.ferry.api; of Spring, only SmartLifecycle.
 */
package io.ferry.scheduler;
