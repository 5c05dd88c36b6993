/**
 * Process lifecycle: the pid-file guard against a second server, the draining state that
 * health checks and new streams see during shutdown, and the SIGTERM trap.
 */
package dev.speechload.server.lifecycle;
